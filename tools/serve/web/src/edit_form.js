// The editing panel's form (part of AssetEditor, edit.js): choosing a place on the map (a
// click, Enter on the centre cross, or the centre button), the fields with their errors
// beside them, sending an add (POST) or a correction (PATCH) with only what changed, a
// duplicate's "Add anyway", moving, and retiring with a confirmation.

import { EMPTY, el, point, round7, writeMessage } from './edit_dom.js';
import { checkForm, distanceM, fieldMessage, MAX_NAME, MAX_NOTE } from './edit_text.js';
import { formatNumber } from './i18n.js';
import { DOMAINS } from './palette.js';

/** AssetEditor's methods for adding, correcting, moving and retiring. */
export class EditFormPart {
  startAdd() {
    this.app.closePopup();
    this.draft = { mode: 'add', asset: null, values: { category: this.draft?.values?.category || '', name: '', capacity: '', note: '' }, errors: {} };
    this.place = null;
    this.view = 'place';
    this.startPlacing();
    this.render({ focus: true });
  }

  /** Opens the correction form of an asset (from its popup): its values from /api/assets/{id}. */
  async startCorrect(asset, { retire = false } = {}) {
    const app = this.app;
    app.closePopup();
    this.stopPlacing();
    let current;
    try {
      current = await this.client.asset(asset.asset_id);
    } catch (e) {
      if (e.refused) return this.refused();
      app.announce(app.i18n.t('web.edit.error.network'));
      return;
    }
    if (current.retired || !current.asset) {
      this.message = { key: 'web.edit.error.retired', kind: 'error' };
      this.openHome();
      return;
    }
    const a = current.asset;
    this.draft = {
      mode: 'correct', asset: a, note: current.note || '',
      values: { category: a.category, name: a.name || '', capacity: a.capacity == null ? '' : String(a.capacity), note: current.note || '' },
      errors: {}, confirmRetire: retire,
    };
    this.place = null;
    this.view = 'form';
    this.render({ focusSelector: retire ? '#edit-retire-no' : '#edit-name' });
    if (retire) app.panel.body.querySelector('.edit-retire').scrollIntoView({ block: 'nearest' });
  }

  startPlacing() {
    const app = this.app;
    if (app.module('near') && app.module('near').active) app.module('near').deactivate();
    this.placing = true;
    app.mode = 'edit';
    app.doc.body.classList.add('mode-edit');
    app.map.getCanvas().style.cursor = 'crosshair';
    this.hint.textContent = app.i18n.t('web.edit.place.hint');
    this.hint.hidden = false;
    this.drawPlace();
  }

  stopPlacing() {
    if (!this.app) return;
    const app = this.app;
    if (this.placing) {
      this.placing = false;
      if (app.mode === 'edit') app.mode = 'browse';
      app.doc.body.classList.remove('mode-edit');
      app.map.getCanvas().style.cursor = '';
      this.hint.hidden = true;
    }
    this.place = null;
    this.drawPlace();
  }

  /** A map click (or Enter on the centre cross) while placing: the asset's place. */
  handleClick(e) {
    if (!this.placing) return false;
    this.choosePlace([e.lngLat.lng, e.lngLat.lat]);
    return true;
  }

  choosePlace(lonLat) {
    const { i18n } = this.app;
    this.place = lonLat;
    this.hint.hidden = true;
    this.drawPlace();
    if (this.view === 'place') {
      this.view = 'form';
      this.render({ focusSelector: '#edit-category' });
    } else if (this.view === 'form') {
      this.draft.errors = { ...this.draft.errors, lon: null };
      this.render({ focusSelector: '#edit-submit' });
    }
    this.app.announce(i18n.t('web.edit.place.chosen'));
  }

  drawPlace() {
    const map = this.app.map;
    if (!map.getSource('edit-place')) return;
    map.getSource('edit-place').setData(this.place ? { type: 'FeatureCollection', features: [point(this.place)] } : EMPTY);
    const from = this.view === 'form' && this.draft && this.draft.mode === 'correct' && this.place ? [this.draft.asset.lon, this.draft.asset.lat] : null;
    map.getSource('edit-from').setData(from ? { type: 'FeatureCollection', features: [point(from)] } : EMPTY);
  }

  renderPlace(body) {
    const doc = this.app.doc;
    const { i18n } = this.app;
    body.appendChild(el(doc, 'p', { class: 'edit-step', text: i18n.t('web.edit.place.intro') }));
    body.appendChild(el(doc, 'div', { class: 'edit-actions' },
      el(doc, 'button', { type: 'button', id: 'edit-use-centre', class: 'button button-secondary', text: i18n.t('web.edit.place.centre'),
        onclick: () => {
          const c = this.app.visibleCentre();
          this.choosePlace([c.lng, c.lat]);
        } }),
      el(doc, 'button', { type: 'button', id: 'edit-cancel', class: 'button button-secondary', text: i18n.t('web.edit.cancel'), onclick: () => this.openHome() })));
  }

  /** The category select: every category of the taxonomy, by domain, in the page's language. */
  categorySelect(doc, value) {
    const { i18n } = this.app;
    const select = el(doc, 'select', { id: 'edit-category', class: 'select', required: true });
    select.appendChild(el(doc, 'option', { value: '', text: i18n.t('web.edit.field.category_choose') }));
    const cats = this.app.atlas.categories || [];
    for (const d of DOMAINS) {
      const list = cats.filter((c) => c.domain === d)
        .map((c) => ({ id: c.id, label: i18n.category(c.id, c.label) }))
        .sort((a, b) => a.label.localeCompare(b.label, i18n.lang));
      if (list.length === 0) continue;
      const group = el(doc, 'optgroup', { label: i18n.domain(d) });
      for (const c of list) group.appendChild(el(doc, 'option', { value: c.id, text: c.label }));
      select.appendChild(group);
    }
    select.value = value || '';
    return select;
  }

  /** A labelled field with its error line (aria-describedby, aria-invalid). */
  field(doc, id, labelKey, control, { hintKey, error } = {}) {
    const { i18n } = this.app;
    const wrap = el(doc, 'div', { class: `field${error ? ' invalid' : ''}`, 'data-field': id.replace('edit-', '') });
    wrap.appendChild(el(doc, 'label', { class: 'field-label', for: id, text: i18n.t(labelKey) }));
    const described = [];
    if (hintKey) {
      wrap.appendChild(el(doc, 'p', { id: `${id}-hint`, class: 'hint', text: i18n.t(hintKey) }));
      described.push(`${id}-hint`);
    }
    wrap.appendChild(control);
    if (error) {
      const line = el(doc, 'p', { id: `${id}-error`, class: 'field-error', text: error });
      wrap.appendChild(line);
      described.push(`${id}-error`);
      control.setAttribute('aria-invalid', 'true');
      // Corrected: the error goes (the server checks again on sending).
      const clear = () => {
        const field = id.replace('edit-', '');
        if (this.draft && this.draft.errors) delete this.draft.errors[field];
        line.remove();
        wrap.classList.remove('invalid');
        control.removeAttribute('aria-invalid');
        const rest = described.filter((x) => x !== `${id}-error`);
        if (rest.length) control.setAttribute('aria-describedby', rest.join(' '));
        else control.removeAttribute('aria-describedby');
        control.removeEventListener('input', clear);
        control.removeEventListener('change', clear);
      };
      control.addEventListener('input', clear);
      control.addEventListener('change', clear);
    }
    if (described.length) control.setAttribute('aria-describedby', described.join(' '));
    return wrap;
  }

  readForm() {
    const body = this.app.panel.body;
    if (!this.draft || !body.querySelector('#edit-name')) return;
    const v = this.draft.values;
    v.category = body.querySelector('#edit-category').value;
    v.name = body.querySelector('#edit-name').value;
    v.capacity = body.querySelector('#edit-capacity').value;
    v.note = body.querySelector('#edit-note').value;
  }

  renderForm(body) {
    const app = this.app;
    const doc = app.doc;
    const { i18n } = app;
    const d = this.draft;
    const errors = d.errors || {};
    const text = (key, args) => i18n.t(key, args);
    const errorOf = (f) => (errors[f] ? (errors[f].startsWith('web.') ? text(errors[f], { max: f === 'note' ? MAX_NOTE : MAX_NAME }) : errors[f]) : null);
    const form = el(doc, 'form', { id: 'edit-form', class: 'edit-form', novalidate: true, 'data-mode': d.mode });
    form.appendChild(this.messageBox(doc));

    // Where: the place chosen, or (correcting) where it is, with "Move".
    const where = el(doc, 'div', { class: `field edit-where${errors.lon ? ' invalid' : ''}`, 'data-field': 'lon' });
    where.appendChild(el(doc, 'p', { class: 'field-label', text: i18n.t('web.edit.field.place') }));
    let placeText;
    if (d.mode === 'add') placeText = i18n.t('web.edit.place.set');
    else if (this.place) placeText = i18n.t('web.edit.place.moved_to', { metres: formatNumber(distanceM([d.asset.lon, d.asset.lat], this.place), 0) });
    else placeText = i18n.t('web.edit.place.unchanged');
    where.appendChild(el(doc, 'p', { id: 'edit-place-text', class: 'edit-place-text', text: placeText }));
    if (d.mode === 'add' || this.placing) where.appendChild(el(doc, 'p', { class: 'hint', text: i18n.t('web.edit.place.again') }));
    if (d.mode === 'correct' && !d.asset.is_area) {
      where.appendChild(el(doc, 'button', { type: 'button', id: 'edit-move', class: 'button button-secondary button-small', 'aria-pressed': String(this.placing),
        text: this.placing ? i18n.t('web.edit.place.moving') : i18n.t('web.edit.place.move'),
        onclick: () => {
          if (this.placing) return;
          this.readForm();
          this.startPlacing();
          this.render({ focusSelector: '#edit-move' });
        } }));
    }
    if (errors.lon) where.appendChild(el(doc, 'p', { id: 'edit-lon-error', class: 'field-error', text: errors.lon }));
    form.appendChild(where);

    form.appendChild(this.field(doc, 'edit-category', 'web.edit.field.category', this.categorySelect(doc, d.values.category), { error: errorOf('category') }));
    form.appendChild(this.field(doc, 'edit-name', 'web.edit.field.name',
      el(doc, 'input', { id: 'edit-name', class: 'input', type: 'text', maxlength: String(MAX_NAME * 2), autocomplete: 'off', required: true, value: d.values.name }),
      { error: errorOf('name') }));
    form.appendChild(this.field(doc, 'edit-capacity', 'web.edit.field.capacity',
      el(doc, 'input', { id: 'edit-capacity', class: 'input input-short', type: 'text', inputmode: 'decimal', autocomplete: 'off', value: d.values.capacity }),
      { hintKey: 'web.edit.field.capacity_hint', error: errorOf('capacity') }));
    const note = el(doc, 'textarea', { id: 'edit-note', class: 'input', rows: '3' });
    note.value = d.values.note;
    form.appendChild(this.field(doc, 'edit-note', 'web.edit.field.note', note, { hintKey: 'web.edit.field.note_hint', error: errorOf('note') }));

    if (d.duplicate) {
      const dup = d.duplicate;
      form.appendChild(el(doc, 'div', { id: 'edit-duplicate', class: 'notice', role: 'alert' },
        el(doc, 'p', { text: i18n.t('web.edit.duplicate.found', { name: dup.name || dup.id, metres: formatNumber(dup.distance_m, 0), category: i18n.category(d.values.category) }) }),
        el(doc, 'p', { class: 'hint', text: i18n.t('web.edit.duplicate.hint') }),
        el(doc, 'button', { type: 'button', id: 'edit-force', class: 'button button-secondary button-small', text: i18n.t('web.edit.duplicate.force'), onclick: () => this.submit(true) })));
    }
    form.appendChild(el(doc, 'div', { class: 'edit-actions' },
      el(doc, 'button', { type: 'submit', id: 'edit-submit', class: 'button button-primary', text: d.mode === 'add' ? i18n.t('web.edit.add.submit') : i18n.t('web.edit.correct.submit') }),
      el(doc, 'button', { type: 'button', id: 'edit-cancel', class: 'button button-secondary', text: i18n.t('web.edit.cancel'), onclick: () => this.openHome() })));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit(false);
    });
    body.appendChild(form);

    if (d.mode === 'correct') {
      const retire = el(doc, 'section', { class: 'edit-retire', 'aria-labelledby': 'edit-retire-heading' },
        el(doc, 'h3', { id: 'edit-retire-heading', text: i18n.t('web.edit.retire.heading') }),
        el(doc, 'p', { class: 'hint', text: i18n.t('web.edit.retire.hint') }));
      if (d.confirmRetire) {
        retire.appendChild(el(doc, 'p', { id: 'edit-retire-question', class: 'edit-step', text: i18n.t('web.edit.retire.confirm', { name: d.asset.name }) }));
        retire.appendChild(el(doc, 'div', { class: 'edit-actions' },
          el(doc, 'button', { type: 'button', id: 'edit-retire-yes', class: 'button button-danger', text: i18n.t('web.edit.retire.yes'), onclick: () => this.retire() }),
          el(doc, 'button', { type: 'button', id: 'edit-retire-no', class: 'button button-secondary', text: i18n.t('web.edit.retire.no'),
            onclick: () => {
              d.confirmRetire = false;
              this.render({ focusSelector: '#edit-retire' });
            } })));
      } else {
        retire.appendChild(el(doc, 'button', { type: 'button', id: 'edit-retire', class: 'button button-danger-outline', text: i18n.t('web.edit.retire.button'),
          onclick: () => {
            d.confirmRetire = true;
            this.render({ focusSelector: '#edit-retire-no' });
          } }));
      }
      retire.appendChild(el(doc, 'button', { type: 'button', class: 'button button-secondary button-small edit-history-link', text: i18n.t('web.edit.history.button'),
        onclick: () => this.showHistory(d.asset.asset_id, d.asset.name) }));
      body.appendChild(retire);
    }
  }

  /** Sends the form: POST (add) or PATCH (correct) with the fields that changed. */
  async submit(force) {
    const app = this.app;
    const { i18n } = app;
    const d = this.draft;
    this.readForm();
    const { values, errors } = checkForm(d.values);
    if (!d.values.category) errors.category = 'web.edit.error.category_empty';
    d.duplicate = null;
    d.errors = errors;
    this.message = null;
    if (Object.keys(errors).length) {
      this.render({ focusSelector: `[aria-invalid=true]` });
      app.announce(i18n.t('web.edit.error.fix'));
      return;
    }
    let body;
    if (d.mode === 'add') {
      body = { lon: round7(this.place[0]), lat: round7(this.place[1]), category: d.values.category, name: values.name };
      if (values.capacity != null) body.capacity = values.capacity;
      if (values.note) body.note = values.note;
    } else {
      body = {};
      const a = d.asset;
      if (this.place) Object.assign(body, { lon: round7(this.place[0]), lat: round7(this.place[1]) });
      if (d.values.category !== a.category) body.category = d.values.category;
      if (values.name !== a.name) body.name = values.name;
      if ((values.capacity ?? null) !== (a.capacity ?? null)) body.capacity = values.capacity;
      if (values.note !== (d.note || '')) body.note = values.note;
      if (Object.keys(body).length === 0) {
        this.message = { key: 'web.edit.correct.nothing', kind: 'error' };
        this.render({ focusSelector: '#edit-name' });
        return;
      }
    }
    if (force) body.force = true;
    const form = app.panel.body.querySelector('#edit-form');
    if (form) this.setBusy(form, true);
    let result;
    try {
      result = d.mode === 'add' ? await this.client.add(body) : await this.client.correct(d.asset.asset_id, body);
    } catch (e) {
      return this.showWriteError(e, d);
    }
    this.stopPlacing();
    const name = result.asset ? result.asset.name : values.name;
    await this.afterEdit(result);
    this.showDone(result, d.mode === 'add' ? 'web.edit.done.added' : 'web.edit.done.corrected', { name });
  }

  /** A refused write: the field's error beside it, a duplicate with "Add anyway", or a message. */
  async showWriteError(e, d) {
    const app = this.app;
    const { i18n } = app;
    if (e.refused) return this.refused();
    if (e.status === 409 && e.field === 'force') {
      let name = '';
      try {
        const other = await this.client.asset(e.body.duplicate_of);
        name = other.asset ? other.asset.name : '';
      } catch {
        // the id will do
      }
      d.duplicate = { id: e.body.duplicate_of, distance_m: e.body.distance_m || 0, name };
      this.render({ focusSelector: '#edit-force' });
      app.announce(i18n.t('web.edit.duplicate.found', { name: name || d.duplicate.id, metres: formatNumber(d.duplicate.distance_m, 0), category: i18n.category(d.values.category) }));
      return;
    }
    if (e.status === 400 && ['lon', 'lat', 'category', 'name', 'capacity', 'note'].includes(e.field)) {
      const f = e.field === 'lat' ? 'lon' : e.field;
      d.errors = { [f]: fieldMessage(e, i18n) };
      this.render({ focusSelector: f === 'lon' ? (d.mode === 'add' ? '#edit-submit' : '#edit-move') : `#edit-${f}` });
      if (f === 'lon' && d.mode === 'add') this.startPlacing();
      app.announce(d.errors[f]);
      return;
    }
    this.message = writeMessage(e);
    this.render({ focusSelector: '#edit-message' });
  }

  async retire() {
    const app = this.app;
    const d = this.draft;
    const section = app.panel.body.querySelector('.edit-retire');
    if (section) this.setBusy(section, true);
    let result;
    try {
      result = await this.client.retire(d.asset.asset_id);
    } catch (e) {
      if (e.refused) return this.refused();
      d.confirmRetire = false;
      this.message = writeMessage(e);
      this.render({ focusSelector: '#edit-message' });
      return;
    }
    await this.afterEdit(result);
    this.showDone(result, 'web.edit.done.retired', { name: d.asset.name }, d.asset);
  }
}

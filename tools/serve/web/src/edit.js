// Editing the assets (issue 9): sign in with an editor's token (checked with /api/whoami, kept
// in this tab's session storage only), add an asset by clicking the map and filling a short
// form, correct, move or retire one from its popup, see an asset's change history and undo
// its latest change, import a CSV file, and list the recent changes. After every accepted
// edit the map's vector tiles (new `?v=` URLs in the TileJSON), the areas' values and an
// open profile are read again, so the change shows at once. The server's API: README,
// "Asset editing"; its client: edit_api.js; the pure words and checks: edit_text.js.

import { EditClient } from './edit_api.js';
import { checkForm, distanceM, entryChanges, entryTime, entryTitle, fieldMessage, MAX_NAME, MAX_NOTE } from './edit_text.js';
import { formatNumber } from './i18n.js';
import { SOURCE } from './map.js';
import { DOMAINS } from './palette.js';

const TOKEN_KEY = 'assetmap.editToken';
const EMPTY = { type: 'FeatureCollection', features: [] };
const RECENT = 15;

function el(doc, tag, attrs = {}, ...children) {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

function point(lonLat) {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: lonLat }, properties: {} };
}

export class AssetEditor {
  constructor() {
    this.id = 'edit';
    this.clickPriority = -10;  // before the assets and the areas, but only while placing
    this.available = null;     // null: not known yet
    this.editor = null;        // /api/whoami's answer when signed in
    this.view = 'home';
    this.placing = false;
    this.place = null;         // [lon, lat] chosen on the map
    this.draft = null;         // the form: {mode: 'add'|'correct', asset, values}
    this.message = null;       // {key, args, kind: 'error'|'ok'} shown on the home view
    this.busy = false;
  }

  init(app) {
    this.app = app;
    const doc = app.doc;
    this.client = new EditClient('');
    this.button = doc.getElementById('edit-toggle');
    this.button.addEventListener('click', () => this.openHome({ focus: true }));
    this.hint = doc.getElementById('edit-hint');
    const map = app.map;
    map.addSource('edit-place', { type: 'geojson', data: EMPTY });
    map.addSource('edit-from', { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: 'edit-from', type: 'circle', source: 'edit-from',
      paint: { 'circle-radius': 8, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#6a1b9a', 'circle-stroke-width': 2.5 },
    });
    map.addLayer({
      id: 'edit-place-halo', type: 'circle', source: 'edit-place',
      paint: { 'circle-radius': 15, 'circle-color': '#6a1b9a', 'circle-opacity': 0.25 },
    });
    map.addLayer({
      id: 'edit-place', type: 'circle', source: 'edit-place',
      paint: { 'circle-radius': 8, 'circle-color': '#6a1b9a', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2.5 },
    });
    app.on('asset-popup', ({ asset, element }) => this.decoratePopup(asset, element));
    app.on('language', () => {
      this.relabel();
      if (app.panel.isOpen(this)) this.render({ focus: false });
    });
    this.relabel();
    this.start();
  }

  /**
   * The token this tab kept, if any, is checked at once. Whether the server takes edits at
   * all is asked only when the panel first opens (asked without a token, the server answers
   * 401, which browsers log: a page that is only read logs nothing).
   */
  async start() {
    let token = '';
    try {
      token = this.app.win.sessionStorage.getItem(TOKEN_KEY) || '';
    } catch {
      // storage may be disabled
    }
    if (token && (await this.signIn(token, { quiet: true }))) this.available = true;
    this.updateState();
  }

  async probe() {
    if (this.available !== null) return;
    try {
      this.available = await this.client.available();
    } catch {
      this.available = false;
    }
    this.updateState();
    if (this.app.panel.isOpen(this)) this.render({ focus: false });
  }

  updateState() {
    this.app.doc.body.dataset.edit = this.editor ? 'signed-in' : this.available ? 'signed-out' : this.available === false ? 'off' : 'unknown';
    this.relabel();
  }

  relabel() {
    const { i18n } = this.app;
    const text = this.editor ? i18n.t('web.edit.button_signed_in') : i18n.t('web.edit.button');
    this.button.querySelector('.label').textContent = text;
    this.button.setAttribute('aria-label', text);
    this.button.title = this.editor ? i18n.t('web.edit.signed_in_as', { name: this.editor.name }) : text;
  }

  // ---- signing in and out -------------------------------------------------------------

  async signIn(token, { quiet = false } = {}) {
    const app = this.app;
    this.client.token = token;
    try {
      this.editor = await this.client.whoami();
    } catch (e) {
      this.client.token = '';
      this.editor = null;
      this.forgetToken();
      if (e.status === 401 || e.status === 403) this.message = { key: quiet ? 'web.edit.signin.expired' : 'web.edit.signin.wrong', kind: 'error' };
      else if (e.status === 404) this.available = false;
      else this.message = { key: 'web.edit.error.network', kind: 'error' };
      return false;
    }
    try {
      app.win.sessionStorage.setItem(TOKEN_KEY, token);
    } catch {
      // storage may be disabled: signed in for this page only
    }
    // From now on the page revalidates what it reads (edits change it).
    app.api.revalidate = true;
    this.message = null;
    this.available = true;
    this.updateState();
    this.refreshPopup();
    if (!quiet) app.announce(app.i18n.t('web.edit.signed_in_as', { name: this.editor.name }));
    return true;
  }

  signOut(message = null) {
    this.client.token = '';
    this.editor = null;
    this.forgetToken();
    this.stopPlacing();
    this.draft = null;
    this.message = message;
    this.updateState();
    this.refreshPopup();
  }

  forgetToken() {
    try {
      this.app.win.sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      // storage may be disabled
    }
  }

  /** A write refused for the token (401/403): signed out, with the reason, on the home view. */
  refused() {
    this.signOut({ key: 'web.edit.signin.refused', kind: 'error' });
    this.openHome({ focus: true });
    this.app.announce(this.app.i18n.t('web.edit.signin.refused'));
  }

  // ---- the panel -----------------------------------------------------------------------

  openHome({ focus = true } = {}) {
    this.stopPlacing();
    this.view = 'home';
    this.draft = null;
    this.render({ focus });
    if (this.available === null) this.probe();
  }

  title() {
    const { i18n } = this.app;
    if (this.view === 'place' || (this.view === 'form' && this.draft.mode === 'add')) return i18n.t('web.edit.add.title');
    if (this.view === 'form') return i18n.t('web.edit.correct.title', { name: this.draft.asset.name || i18n.t('common.unnamed') });
    if (this.view === 'history') return i18n.t('web.edit.history.title', { name: this.historyName || this.historyId });
    if (this.view === 'done') return i18n.t(this.done.key, this.done.args);
    return i18n.t('web.edit.title');
  }

  render({ focus = true, focusSelector = null } = {}) {
    const app = this.app;
    if (this.view === 'form') this.readForm();
    app.panel.open(this, this.title(), (body) => {
      body.dataset.mode = 'edit';
      body.dataset.view = this.view;
      if (this.view === 'home') this.renderHome(body);
      else if (this.view === 'place') this.renderPlace(body);
      else if (this.view === 'form') this.renderForm(body);
      else if (this.view === 'history') this.renderHistory(body);
      else if (this.view === 'done') this.renderDone(body);
    }, { focus: focus && !focusSelector, returnFocus: this.button });
    if (focusSelector) {
      const target = app.panel.body.querySelector(focusSelector);
      if (target) target.focus();
    }
  }

  onPanelClose() {
    this.stopPlacing();
    if (this.view !== 'home') {
      this.view = 'home';
      this.draft = null;
    }
  }

  messageBox(doc) {
    const box = el(doc, 'div', { id: 'edit-message', class: 'edit-message', role: 'alert', tabindex: '-1' });
    if (this.message) {
      box.className = `edit-message ${this.message.kind}`;
      box.textContent = this.app.i18n.t(this.message.key, this.message.args);
    } else {
      box.hidden = true;
    }
    return box;
  }

  renderHome(body) {
    const app = this.app;
    const doc = app.doc;
    const { i18n } = app;
    if (this.available === null) {
      body.appendChild(el(doc, 'p', { class: 'loading', text: i18n.t('web.loading') }));
      return;
    }
    if (!this.available) {
      body.appendChild(el(doc, 'p', { id: 'edit-off', class: 'notice', text: i18n.t('web.edit.off') }));
      return;
    }
    if (!this.editor) {
      body.appendChild(el(doc, 'p', { class: 'hint edit-intro', text: i18n.t('web.edit.signin.intro') }));
      body.appendChild(this.messageBox(doc));
      const input = el(doc, 'input', {
        id: 'edit-token', class: 'input', type: 'password', autocomplete: 'off', spellcheck: 'false',
        'aria-describedby': 'edit-token-hint', required: true,
      });
      const form = el(doc, 'form', { class: 'edit-form', id: 'edit-signin-form' },
        el(doc, 'label', { class: 'field-label', for: 'edit-token', text: i18n.t('web.edit.signin.token') }),
        input,
        el(doc, 'p', { id: 'edit-token-hint', class: 'hint', text: i18n.t('web.edit.signin.token_hint') }),
        el(doc, 'div', { class: 'edit-actions' },
          el(doc, 'button', { type: 'submit', id: 'edit-signin', class: 'button button-primary', text: i18n.t('web.edit.signin.button') })));
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        const token = input.value.trim();
        if (!token) {
          this.message = { key: 'web.edit.signin.empty', kind: 'error' };
          this.render({ focusSelector: '#edit-token' });
          return;
        }
        this.setBusy(form, true);
        const ok = await this.signIn(token);
        if (ok) this.render({ focusSelector: '#edit-add' });
        else this.render({ focusSelector: '#edit-token' });
      });
      body.appendChild(form);
      return;
    }
    body.appendChild(el(doc, 'div', { class: 'edit-who' },
      el(doc, 'p', { id: 'edit-who', text: i18n.t('web.edit.signed_in_as', { name: this.editor.name }) }),
      el(doc, 'button', { type: 'button', id: 'edit-signout', class: 'button button-secondary button-small', text: i18n.t('web.edit.signout'),
        onclick: () => {
          this.signOut({ key: 'web.edit.signed_out', kind: 'ok' });
          this.render({ focusSelector: '#edit-token' });
          app.announce(i18n.t('web.edit.signed_out'));
        } })));
    body.appendChild(this.messageBox(doc));
    body.appendChild(el(doc, 'div', { class: 'edit-actions' },
      el(doc, 'button', { type: 'button', id: 'edit-add', class: 'button button-primary', text: i18n.t('web.edit.add.button'), onclick: () => this.startAdd() })));
    body.appendChild(el(doc, 'p', { class: 'hint', text: i18n.t('web.edit.correct.hint') }));
    body.appendChild(this.importSection(doc));
    body.appendChild(this.recentSection(doc));
  }

  setBusy(container, busy) {
    this.busy = busy;
    for (const b of container.querySelectorAll('button, input, select, textarea')) b.disabled = busy;
    container.setAttribute('aria-busy', String(busy));
  }

  // ---- adding and correcting -----------------------------------------------------------

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

  // ---- after an edit -------------------------------------------------------------------

  /**
   * Reads again what the edit changed: the vector tiles (the TileJSON names new `?v=` URLs,
   * so neither the browser's cache nor MapLibre's keeps the old ones), the areas' values
   * (the choropleth and its legend) and an open profile ('assets-changed').
   */
  async afterEdit(result) {
    const app = this.app;
    app.api.revalidate = true;
    this.lastResult = result;
    try {
      const source = app.map.getSource(SOURCE);
      const tj = await fetch(source.url, { cache: 'no-store' }).then((r) => r.json());
      if (tj.tiles) source.setTiles(tj.tiles);
    } catch {
      // the tiles stay as they were; the next page load shows the change
    }
    try {
      app.areas = (await app.api.areas()).areas;
      app.areaByCode = new Map(app.areas.map((a) => [a.code, a]));
      if (app.choropleth) app.choropleth.setColumn(app.choropleth.column);
    } catch {
      // keep the old values
    }
    app.emit('assets-changed', result);
  }

  showDone(result, key, args, asset = null) {
    const { i18n } = this.app;
    const a = result.asset || asset;
    this.done = { key, args, result, asset: a };
    this.view = 'done';
    this.draft = null;
    this.render({ focus: true });
    this.app.announce(i18n.t(key, args));
  }

  renderDone(body) {
    const app = this.app;
    const doc = app.doc;
    const { i18n } = app;
    const { result } = this.done;
    const a = this.done.asset;
    body.dataset.assetId = result.asset_id || '';
    body.dataset.auditId = String(result.audit_id || '');
    const changed = result.areas_changed;
    const areas = Array.isArray(changed) ? changed.length : Number(changed) || 0;
    if (result.imported) body.appendChild(el(doc, 'p', { text: i18n.t('web.edit.import.done', { n: result.imported }) }));
    body.appendChild(el(doc, 'p', { class: 'hint', id: 'edit-done-areas', text: areas === 1 ? i18n.t('web.edit.done.areas_one') : i18n.t('web.edit.done.areas', { n: areas }) }));
    const actions = el(doc, 'div', { class: 'edit-actions edit-actions-column' });
    if (a && result.asset && a.lon != null) {
      actions.appendChild(el(doc, 'button', { type: 'button', id: 'edit-show-asset', class: 'button button-secondary', text: i18n.t('web.edit.done.show_asset'),
        onclick: () => {
          app.map.easeTo({ center: [a.lon, a.lat], zoom: Math.max(app.map.getZoom(), 16), padding: app.mapPadding() });
        } }));
    }
    const area = a && a.area_code ? app.areaByCode.get(a.area_code) : null;
    if (area) {
      actions.appendChild(el(doc, 'button', { type: 'button', id: 'edit-show-area', class: 'button button-secondary', text: i18n.t('web.edit.done.show_area', { area: area.name || area.code }),
        onclick: () => app.module('profile').show(area.code, { returnFocus: this.button }) }));
    }
    if (result.asset_id) {
      actions.appendChild(el(doc, 'button', { type: 'button', id: 'edit-show-history', class: 'button button-secondary', text: i18n.t('web.edit.history.button'),
        onclick: () => this.showHistory(result.asset_id, a ? a.name : result.asset_id) }));
    }
    actions.appendChild(el(doc, 'button', { type: 'button', id: 'edit-add-another', class: 'button button-primary', text: i18n.t('web.edit.done.add_another'), onclick: () => this.startAdd() }));
    actions.appendChild(el(doc, 'button', { type: 'button', id: 'edit-home', class: 'button button-secondary', text: i18n.t('web.edit.done.back'), onclick: () => this.openHome() }));
    body.appendChild(actions);
  }

  // ---- history and undo ----------------------------------------------------------------

  async showHistory(id, name) {
    const app = this.app;
    app.closePopup();
    this.stopPlacing();
    this.historyId = id;
    this.historyName = name || id;
    this.history = null;
    this.historyError = false;
    this.view = 'history';
    this.render({ focus: true });
    try {
      this.history = await this.client.asset(id);
      if (this.history.asset && this.history.asset.name) this.historyName = this.history.asset.name;
    } catch (e) {
      if (e.refused && this.editor) return this.refused();
      this.historyError = true;
    }
    if (this.view === 'history' && this.historyId === id && app.panel.isOpen(this)) {
      app.panel.setTitle(this.title());
      this.render({ focus: false });
    }
  }

  renderHistory(body) {
    const doc = this.app.doc;
    const { i18n } = this.app;
    body.dataset.assetId = this.historyId;
    body.appendChild(this.messageBox(doc));
    if (this.historyError) {
      body.appendChild(el(doc, 'p', { class: 'error', role: 'alert', text: i18n.t('web.edit.history.failed') }));
      return;
    }
    if (!this.history) {
      body.appendChild(el(doc, 'p', { class: 'loading', text: i18n.t('web.loading') }));
      return;
    }
    const h = this.history;
    body.appendChild(el(doc, 'p', { class: 'area-sub', id: 'edit-history-state',
      text: h.retired ? i18n.t('web.edit.history.state_retired') : i18n.t('web.edit.history.state_current', { category: i18n.category(h.asset.category) }) }));
    if (h.history.length === 0) {
      body.appendChild(el(doc, 'p', { id: 'edit-history-none', text: i18n.t('web.edit.history.empty') }));
    } else {
      body.appendChild(this.entryList(doc, [...h.history].reverse(), 'edit-history', false));
    }
    if (h.asset && !h.retired && this.editor) {
      body.appendChild(el(doc, 'div', { class: 'edit-actions' },
        el(doc, 'button', { type: 'button', id: 'edit-history-correct', class: 'button button-secondary', text: i18n.t('web.edit.correct.button'),
          onclick: () => this.startCorrect(h.asset) })));
    }
  }

  /** Audit entries as a list, each with its words and, where it can be undone, Undo. */
  entryList(doc, entries, id, withAsset) {
    const { i18n } = this.app;
    const ol = el(doc, 'ol', { id, class: 'edit-entries' });
    for (const entry of entries) {
      const li = el(doc, 'li', { class: `edit-entry${entry.undone_by ? ' undone' : ''}`, 'data-audit-id': String(entry.id), 'data-action': entry.action });
      const head = el(doc, 'p', { class: 'edit-entry-head' },
        el(doc, 'strong', { text: entryTitle(entry, i18n) }), ' ',
        el(doc, 'span', { class: 'edit-entry-time', text: entryTime(entry.time_utc) }));
      li.appendChild(head);
      const asset = entry.after || entry.before;
      if (withAsset && asset) {
        const b = el(doc, 'button', { type: 'button', class: 'link-button edit-entry-asset' },
          el(doc, 'span', { class: 'asset-name', text: asset.name || entry.asset_id }),
          el(doc, 'span', { class: 'asset-category', text: i18n.category(asset.category) }));
        b.addEventListener('click', () => this.showHistory(entry.asset_id, asset.name));
        li.appendChild(b);
      }
      const lines = entryChanges(entry, i18n);
      if (lines.length) li.appendChild(el(doc, 'ul', { class: 'edit-entry-changes' }, ...lines.map((t) => el(doc, 'li', { text: t }))));
      if (entry.undone_by) li.appendChild(el(doc, 'p', { class: 'hint', text: i18n.t('web.edit.history.undone_by', { id: entry.undone_by }) }));
      if (entry.can_undo && this.editor) {
        li.appendChild(el(doc, 'button', { type: 'button', class: 'button button-secondary button-small edit-undo', 'data-audit-id': String(entry.id),
          'aria-label': i18n.t('web.edit.undo.label', { what: entryTitle(entry, i18n), name: asset ? asset.name : entry.asset_id }),
          text: i18n.t('web.edit.undo.button'), onclick: (ev) => this.undo(entry, ev.currentTarget) }));
      }
      ol.appendChild(li);
    }
    return ol;
  }

  async undo(entry, button) {
    const app = this.app;
    const { i18n } = app;
    button.disabled = true;
    let result;
    try {
      result = await this.client.undo(entry.id);
    } catch (e) {
      if (e.refused) return this.refused();
      button.disabled = false;
      this.message = writeMessage(e);
      this.render({ focusSelector: '#edit-message' });
      return;
    }
    await this.afterEdit(result);
    app.announce(i18n.t('web.edit.undo.done'));
    this.message = { key: 'web.edit.undo.done', kind: 'ok' };
    if (this.view === 'history') await this.showHistory(this.historyId, this.historyName);
    else this.render({ focus: false });
    const msg = app.panel.body.querySelector('#edit-message');
    if (msg) msg.focus();
    this.message = null;
  }

  // ---- import --------------------------------------------------------------------------

  importSection(doc) {
    const { i18n } = this.app;
    const section = el(doc, 'section', { class: 'profile-section edit-import', 'aria-labelledby': 'edit-import-heading' },
      el(doc, 'h3', { id: 'edit-import-heading', text: i18n.t('web.edit.import.heading') }),
      el(doc, 'p', { id: 'edit-csv-hint', class: 'hint', text: i18n.t('web.edit.import.hint') }));
    const input = el(doc, 'input', { id: 'edit-csv', type: 'file', accept: '.csv,text/csv', class: 'file-input', 'aria-describedby': 'edit-csv-hint' });
    section.appendChild(el(doc, 'label', { class: 'field-label', for: 'edit-csv', text: i18n.t('web.edit.import.file') }));
    section.appendChild(input);
    const result = el(doc, 'div', { id: 'edit-import-result', class: 'edit-import-result', 'aria-live': 'polite' });
    section.appendChild(el(doc, 'div', { class: 'edit-actions' },
      el(doc, 'button', { type: 'button', id: 'edit-import', class: 'button button-secondary', text: i18n.t('web.edit.import.button'),
        onclick: () => this.importFile(input, result, section) })));
    section.appendChild(result);
    return section;
  }

  async importFile(input, box, section) {
    const app = this.app;
    const doc = app.doc;
    const { i18n } = app;
    box.replaceChildren();
    const file = input.files && input.files[0];
    if (!file) {
      box.appendChild(el(doc, 'p', { class: 'error', role: 'alert', text: i18n.t('web.edit.import.choose') }));
      input.focus();
      return;
    }
    if (file.size > 1024 * 1024) {
      box.appendChild(el(doc, 'p', { class: 'error', role: 'alert', text: i18n.t('web.edit.import.too_big') }));
      return;
    }
    this.setBusy(section, true);
    box.appendChild(el(doc, 'p', { class: 'loading', text: i18n.t('web.edit.import.sending') }));
    let result;
    try {
      result = await this.client.importCsv(await file.text());
    } catch (e) {
      this.setBusy(section, false);
      if (e.refused) return this.refused();
      box.replaceChildren();
      box.dataset.state = 'error';
      if (e.status === 400 && Array.isArray(e.body.rows)) {
        const rows = e.body.rows;
        box.appendChild(el(doc, 'p', { class: 'error', role: 'alert', tabindex: '-1', id: 'edit-import-summary',
          text: rows.length === 1 ? i18n.t('web.edit.import.bad_one') : i18n.t('web.edit.import.bad', { n: rows.length }) }));
        const table = el(doc, 'table', { class: 'edit-rows', id: 'edit-import-rows' },
          el(doc, 'caption', { class: 'visually-hidden', text: i18n.t('web.edit.import.rows_caption') }),
          el(doc, 'thead', {}, el(doc, 'tr', {},
            el(doc, 'th', { scope: 'col', text: i18n.t('web.edit.import.line') }),
            el(doc, 'th', { scope: 'col', text: i18n.t('web.edit.import.column') }),
            el(doc, 'th', { scope: 'col', text: i18n.t('web.edit.import.problem') }))));
        const tbody = el(doc, 'tbody');
        for (const r of rows) {
          tbody.appendChild(el(doc, 'tr', { 'data-line': String(r.line), 'data-field': r.field || '' },
            el(doc, 'td', { text: String(r.line) }), el(doc, 'td', { text: r.field || '' }),
            el(doc, 'td', { text: r.field === 'force' && r.duplicate_of ? i18n.t('web.edit.import.duplicate', { id: r.duplicate_of, metres: formatNumber(r.distance_m || 0, 0) }) : r.message })));
        }
        table.appendChild(tbody);
        box.appendChild(el(doc, 'div', { class: 'table-scroll' }, table));
        box.querySelector('#edit-import-summary').focus();
      } else {
        const m = writeMessage(e);
        box.appendChild(el(doc, 'p', { class: 'error', role: 'alert', text: i18n.t(m.key, m.args) }));
      }
      return;
    }
    this.setBusy(section, false);
    await this.afterEdit(result);
    const n = result.imported || 1;
    box.dataset.state = 'done';
    box.dataset.imported = String(n);
    box.replaceChildren(el(doc, 'p', { class: 'ok', role: 'status', text: i18n.t('web.edit.import.done', { n }) }));
    input.value = '';
    this.loadRecent();
    app.announce(i18n.t('web.edit.import.done', { n }));
  }

  // ---- recent changes ------------------------------------------------------------------

  recentSection(doc) {
    const { i18n } = this.app;
    const section = el(doc, 'section', { class: 'profile-section edit-recent', 'aria-labelledby': 'edit-recent-heading' },
      el(doc, 'h3', { id: 'edit-recent-heading', text: i18n.t('web.edit.recent.heading') }));
    this.recentBox = el(doc, 'div', { id: 'edit-recent' }, el(doc, 'p', { class: 'loading', text: i18n.t('web.loading') }));
    section.appendChild(this.recentBox);
    this.loadRecent();
    return section;
  }

  async loadRecent() {
    const box = this.recentBox;
    if (!box) return;
    const doc = this.app.doc;
    const { i18n } = this.app;
    let entries;
    try {
      const head = await this.client.audit({ limit: 1 });
      const since = Math.max(0, (head.last_id || 0) - RECENT);
      entries = (await this.client.audit({ since, limit: RECENT })).entries;
    } catch {
      box.replaceChildren(el(doc, 'p', { class: 'error', text: i18n.t('web.edit.recent.failed') }));
      return;
    }
    if (box !== this.recentBox) return;
    if (entries.length === 0) box.replaceChildren(el(doc, 'p', { text: i18n.t('web.edit.recent.none') }));
    else box.replaceChildren(this.entryList(doc, entries.reverse(), 'edit-recent-list', true));
  }

  // ---- the asset popup -----------------------------------------------------------------

  /** Signed in, an asset's popup offers Correct, Retire and Change history. */
  decoratePopup(asset, element) {
    const doc = this.app.doc;
    const { i18n } = this.app;
    const old = element.querySelector('.popup-edit');
    if (old) old.remove();
    if (!this.editor || !asset.asset_id) return;
    element.appendChild(el(doc, 'div', { class: 'popup-edit' },
      el(doc, 'button', { type: 'button', class: 'button button-secondary button-small popup-correct', text: i18n.t('web.edit.correct.button'),
        onclick: () => this.startCorrect(asset) }),
      el(doc, 'button', { type: 'button', class: 'button button-secondary button-small popup-retire', text: i18n.t('web.edit.retire.short'),
        onclick: () => this.startCorrect(asset, { retire: true }) }),
      el(doc, 'button', { type: 'button', class: 'button button-secondary button-small popup-history', text: i18n.t('web.edit.history.button'),
        onclick: () => this.showHistory(asset.asset_id, asset.name) })));
  }

  refreshPopup() {
    const assets = this.app.module('assets');
    if (assets && assets.popup && assets.current) assets.fillPopup(assets.current);
  }
}

/** The catalogue message of a write the server refused for a reason other than a field. */
function writeMessage(e) {
  if (e.status === 429) return { key: 'web.edit.error.rate', args: { seconds: e.retryAfter || 60 }, kind: 'error' };
  if (e.status === 0) return { key: 'web.edit.error.network', kind: 'error' };
  if (e.status === 409) return { key: 'web.edit.error.conflict', kind: 'error' };
  if (e.status === 404) return { key: 'web.edit.error.gone', kind: 'error' };
  if (e.status === 413) return { key: 'web.edit.import.too_big', kind: 'error' };
  if (e.status >= 500) return { key: 'web.edit.error.server', kind: 'error' };
  return { key: 'web.edit.error.refused', args: { message: e.message }, kind: 'error' };
}

function round7(x) {
  return Math.round(x * 1e7) / 1e7;
}

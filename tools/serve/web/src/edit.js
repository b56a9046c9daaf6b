// Editing the assets (issue 9): sign in with an editor's token (checked with /api/whoami, kept
// in this tab's session storage only), add an asset by clicking the map and filling a short
// form, correct, move or retire one from its popup, see an asset's change history and undo
// its latest change, import a CSV file, and list the recent changes. After every accepted
// edit the map's vector tiles (new `?v=` URLs in the TileJSON), the areas' values and an
// open profile are read again, so the change shows at once. The server's API: README,
// "Asset editing"; its client: edit_api.js; the pure words and checks: edit_text.js; the
// form, the histories and the import: edit_form.js, edit_history.js, edit_import.js.

import { EditClient } from './edit_api.js';
import { EMPTY, el } from './edit_dom.js';
import { EditFormPart } from './edit_form.js';
import { EditHistoryPart } from './edit_history.js';
import { EditImportPart } from './edit_import.js';
import { SOURCE } from './map.js';

const TOKEN_KEY = 'assetmap.editToken';

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

// The parts of the editor in files of their own (the form, the histories, the import): their
// methods become AssetEditor's, with the same `this`.
for (const part of [EditFormPart, EditHistoryPart, EditImportPart])
  for (const name of Object.getOwnPropertyNames(part.prototype))
    if (name !== 'constructor') Object.defineProperty(AssetEditor.prototype, name, Object.getOwnPropertyDescriptor(part.prototype, name));

// The page: loads what the atlas holds, makes the map, and wires the modules together.
//
// A module is an object with an `id` and `init(app)`; it may also have
// `handleClick(event)` (a map click; return true when it took it) and `onPanelClose()`. It
// listens to the app's events — 'language' (after a switch), 'area-selected' (code or ''),
// 'column' (the choropleth's column), 'panel' ({open, owner}) — and uses the app's services:
// `app.map`, `app.api`, `app.i18n`, `app.panel`, `app.areas`/`app.areaByCode`, `app.atlas`,
// `app.announce(text)`, `app.fitBounds(bbox)`, `app.showAsset(asset)`, `app.mode`
// ('browse', 'near', or a mode a module adds, as 'edit'). Asset editing (edit.js) is such a
// module, with its own panel content, map layers and mode; it adds two events: 'asset-popup'
// ({asset, element}: an asset's popup was filled, so it may add buttons) and
// 'assets-changed' (an edit was accepted: what was read may have changed).

import { Api } from './api.js';
import { I18n, initialLanguage, languages } from './i18n.js';
import { createMap, relabelMap } from './map.js';
import { Panel } from './panel.js';

export class App {
  constructor(doc, win) {
    this.doc = doc;
    this.win = win;
    this.i18n = new I18n(initialLanguage(win.location, safeStorage(win), win.navigator.languages));
    this.api = new Api('');
    this.listeners = new Map();
    this.modules = [];
    this.mode = 'browse';
    this.ready = false;
  }

  on(event, fn) {
    if (!this.listeners.has(event)) this.listeners.set(event, []);
    this.listeners.get(event).push(fn);
  }

  emit(event, detail) {
    for (const fn of this.listeners.get(event) || []) fn(detail);
  }

  /** Adds a module; modules are initialised in the order they are added. */
  use(module) {
    this.modules.push(module);
    if (this.ready) module.init(this);
    return module;
  }

  module(id) {
    return this.modules.find((m) => m.id === id);
  }

  async start() {
    const { doc, i18n } = this;
    this.applyLanguage();
    let tiles;
    try {
      [this.atlas, tiles] = await Promise.all([this.api.atlas(), this.api.tilesets()]);
      this.areas = (await this.api.areas()).areas;
    } catch (e) {
      this.showError(i18n.t('web.error.load'));
      throw e;
    }
    this.areaByCode = new Map(this.areas.map((a) => [a.code, a]));
    const vector = (tiles.tilesets || []).find((t) => t.format === 'mvt');
    if (!vector) {
      this.showError(i18n.t('web.error.no_tiles'));
      return;
    }
    this.applyLanguage();

    this.map = await createMap(doc.getElementById('map'), {
      tilejsonUrl: vector.tilejson,
      bounds: this.atlas.bounds,
      i18n,
      attribution: this.atlas.attribution,
    });
    this.win.assetmap = this;  // for the browser test and for readers' scripts
    this.panel = new Panel(this);
    for (const m of this.modules) m.init(this);
    this.choropleth = this.module('choropleth');
    this.wireMap();
    this.wireKeys();
    this.wireControls();
    relabelMap(this.map, i18n);
    this.ready = true;
    if (this.atlas.bounds) {
      const [w, s, e, n] = this.atlas.bounds;
      this.map.fitBounds([[w, s], [e, n]], { padding: this.mapPadding(), duration: 0 });
    }
    this.restoreHash();
    this.map.on('idle', () => {
      doc.body.dataset.mapIdle = String(Date.now());
    });
    doc.body.dataset.state = 'ready';
  }

  applyLanguage() {
    const { doc, i18n } = this;
    doc.documentElement.lang = i18n.lang;
    i18n.applyTo(doc);
    // The study's own title, in Welsh when the study gives one (`title_cy`).
    const title = this.atlas ? (i18n.lang === 'cy' && this.atlas.title_cy) || this.atlas.title : '';
    doc.getElementById('atlas-title').textContent = title || i18n.t('web.title');
    doc.title = title ? `${title} — ${i18n.t('web.title')}` : i18n.t('web.title');
    const other = languages.find((l) => l !== i18n.lang) || 'en';
    const sw = doc.getElementById('lang-switch');
    sw.textContent = i18n.t('language.switch');
    sw.lang = other;
    sw.setAttribute('aria-label', i18n.t('language.switch_label'));
    sw.dataset.target = other;
    this.setControlsLabel();
  }

  setLanguage(lang) {
    if (lang === this.i18n.lang) return;
    this.i18n.setLanguage(lang);
    try {
      this.win.localStorage.setItem('assetmap.lang', lang);
    } catch {
      // storage may be disabled
    }
    this.applyLanguage();
    if (this.map) relabelMap(this.map, this.i18n);
    this.emit('language', lang);
    this.announce(this.i18n.t('web.language_changed'));
  }

  /** Map clicks go to the first module that takes them: near mode, assets, then areas. */
  wireMap() {
    const order = () => {
      const near = this.module('near');
      const rest = this.modules.filter((m) => m !== near && m.handleClick);
      return this.mode === 'near' ? [near] : rest.sort((a, b) => (a.clickPriority || 0) - (b.clickPriority || 0));
    };
    this.dispatchClick = (e) => {
      for (const m of order()) if (m && m.handleClick && m.handleClick(e)) return true;
      return false;
    };
    this.map.on('click', (e) => this.dispatchClick(e));
  }

  /**
   * Keys: Escape closes the popup, then the panel, then leaves a mode; Enter or Space on the
   * map acts at its centre (marked by a cross while the map has focus), as a click would.
   */
  wireKeys() {
    const { doc } = this;
    const canvas = this.map.getCanvas();
    const crosshair = doc.getElementById('crosshair');
    canvas.addEventListener('focus', () => {
      crosshair.hidden = !canvas.matches(':focus-visible');
    });
    canvas.addEventListener('blur', () => {
      crosshair.hidden = true;
    });
    canvas.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault();
      const c = this.map.getContainer().getBoundingClientRect();
      const point = { x: c.width / 2, y: c.height / 2 };
      const lngLat = this.map.unproject([point.x, point.y]);
      if (!this.dispatchClick({ point, lngLat, keyboard: true })) this.announce(this.i18n.t('web.map.nothing_here'));
    });
    doc.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if (this.closePopup && this.closePopup()) return;
      if (this.panel.isOpen()) {
        this.panel.close();
        return;
      }
      const near = this.module('near');
      if (near && near.active) near.deactivate();
    });
  }

  wireControls() {
    const { doc } = this;
    doc.getElementById('lang-switch').addEventListener('click', (e) => this.setLanguage(e.currentTarget.dataset.target));
    const toggle = doc.getElementById('controls-toggle');
    const body = doc.getElementById('controls-body');
    const setOpen = (open) => {
      toggle.setAttribute('aria-expanded', String(open));
      body.hidden = !open;
      doc.getElementById('controls').classList.toggle('collapsed', !open);
      this.setControlsLabel();
    };
    toggle.addEventListener('click', () => setOpen(toggle.getAttribute('aria-expanded') !== 'true'));
    // On a phone the controls start folded, so the map is seen first.
    setOpen(!this.win.matchMedia('(max-width: 640px)').matches);
  }

  setControlsLabel() {
    const toggle = this.doc.getElementById('controls-toggle');
    if (!toggle) return;
    const open = toggle.getAttribute('aria-expanded') === 'true';
    toggle.firstElementChild.textContent = this.i18n.t(open ? 'web.controls.hide' : 'web.controls.show');
  }

  /** Padding that keeps what is fitted clear of the panel and the controls. */
  mapPadding() {
    const phone = this.win.matchMedia('(max-width: 640px)').matches;
    const panelOpen = this.panel && this.panel.isOpen();
    const box = this.map.getContainer().getBoundingClientRect();
    let pad;
    if (phone) {
      const sheet = panelOpen ? this.doc.getElementById('panel').getBoundingClientRect().height : 0;
      pad = { top: 70, left: 20, right: 20, bottom: sheet + 20 };
    } else {
      const controls = this.doc.getElementById('controls');
      const left = controls.hidden ? 20 : Math.min(controls.getBoundingClientRect().right - box.left + 20, 380);
      const panel = panelOpen ? this.doc.getElementById('panel').getBoundingClientRect().width : 0;
      pad = { top: 40, bottom: 40, left, right: panel + 40 };
    }
    // Never more padding than the map has room for (fitBounds refuses that).
    const fit = (a, b, room) => {
      const k = a + b > room - 80 ? Math.max(0, room - 80) / (a + b) : 1;
      return [Math.floor(a * k), Math.floor(b * k)];
    };
    [pad.left, pad.right] = fit(pad.left, pad.right, box.width);
    [pad.top, pad.bottom] = fit(pad.top, pad.bottom, box.height);
    return pad;
  }

  /** The map's point in the middle of what the panel and the controls leave visible. */
  visibleCentre() {
    const pad = this.mapPadding();
    const box = this.map.getContainer().getBoundingClientRect();
    const x = (pad.left + box.width - pad.right) / 2;
    const y = (pad.top + box.height - pad.bottom) / 2;
    return this.map.unproject([x, y]);
  }

  /** Fits the map to a [w, s, e, n] box in degrees, clear of the panel. */
  fitBounds(bbox, { maxZoom = 15 } = {}) {
    const [w, s, e, n] = bbox;
    this.map.fitBounds([[w, s], [e, n]], { padding: this.mapPadding(), maxZoom, duration: 600 });
  }

  /** Says `text` to screen readers (a polite live region). */
  announce(text) {
    const status = this.doc.getElementById('status');
    status.textContent = '';
    this.win.setTimeout(() => {
      status.textContent = text;
    }, 30);
  }

  showError(text) {
    const banner = this.doc.getElementById('error');
    banner.textContent = text;
    banner.hidden = false;
  }

  setHash(state) {
    const q = new URLSearchParams(state).toString();
    const url = `${this.win.location.pathname}${this.win.location.search}${q ? `#${q}` : ''}`;
    this.win.history.replaceState(null, '', url);
  }

  restoreHash() {
    const q = new URLSearchParams(this.win.location.hash.slice(1));
    const code = q.get('area');
    if (code && this.areaByCode.has(code)) this.module('profile').show(code, { fit: true, focus: false });
  }
}

function safeStorage(win) {
  try {
    return win.localStorage;
  } catch {
    return null;
  }
}

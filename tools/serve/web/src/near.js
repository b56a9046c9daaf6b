// "What is within N minutes' walk of here": click the map (or use its centre from the
// keyboard), choose the minutes and a domain, and see the assets listed, nearest first, and
// drawn on the map — from /api/near, the walking network the server holds in memory.

import { formatNumber } from './i18n.js';
import { markerSvg } from './markers.js';
import { DOMAINS } from './palette.js';

const MINUTES = [5, 10, 15, 20, 30];
const EMPTY = { type: 'FeatureCollection', features: [] };

export class NearHere {
  constructor() {
    this.id = 'near';
    this.active = false;
    this.minutes = 15;
    this.domain = '';
    this.origin = null;
    this.result = null;
    this.request = null;
    this.error = null;
  }

  init(app) {
    this.app = app;
    const doc = app.doc;
    this.button = doc.getElementById('near-toggle');
    this.hint = doc.getElementById('near-hint');
    const near = app.atlas.near || {};
    this.available = !!near.available;
    this.maxMinutes = near.max_minutes || 60;
    this.button.addEventListener('click', () => (this.active ? this.deactivate() : this.activate()));
    this.relabel();
    const map = app.map;
    map.addSource('near', { type: 'geojson', data: EMPTY });
    map.addSource('near-origin', { type: 'geojson', data: EMPTY });
    // What is within reach: the domain's marker on a dark halo, above the faded assets.
    map.addLayer({
      id: 'near-halo', type: 'circle', source: 'near',
      paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 8, 16, 11], 'circle-color': '#1a1a1a', 'circle-opacity': 0.85 },
    });
    map.addLayer({
      id: 'near-assets', type: 'symbol', source: 'near',
      layout: {
        'icon-image': ['match', ['get', 'domain'], ...DOMAINS.flatMap((d) => [d, `marker-${d}`]), 'marker-community'],
        'icon-size': ['interpolate', ['linear'], ['zoom'], 12, 0.85, 16, 1.2],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
    });
    map.addLayer({
      id: 'near-origin-halo', type: 'circle', source: 'near-origin',
      paint: { 'circle-radius': 13, 'circle-color': '#c2185b', 'circle-opacity': 0.25 },
    });
    map.addLayer({
      id: 'near-origin', type: 'circle', source: 'near-origin',
      paint: { 'circle-radius': 7, 'circle-color': '#c2185b', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2.5 },
    });
    app.on('language', () => {
      this.relabel();
      if (this.active && app.panel.isOpen(this)) this.openPanel(false);
    });
  }

  relabel() {
    const { i18n } = this.app;
    this.button.disabled = !this.available;
    this.button.title = this.available ? i18n.t('web.near.button_title') : i18n.t('web.near.unavailable');
    this.hint.textContent = i18n.t('web.near.hint');
  }

  activate() {
    if (!this.available || this.active) return;
    const app = this.app;
    this.active = true;
    app.mode = 'near';
    app.closePopup();
    this.button.setAttribute('aria-pressed', 'true');
    app.doc.body.classList.add('mode-near');
    app.map.getCanvas().style.cursor = 'crosshair';
    this.hint.hidden = false;
    this.dimAssets(true);
    this.openPanel(true);
  }

  deactivate() {
    if (!this.active) return;
    this.active = false;
    const app = this.app;
    app.mode = 'browse';
    this.button.setAttribute('aria-pressed', 'false');
    app.doc.body.classList.remove('mode-near');
    app.map.getCanvas().style.cursor = '';
    this.hint.hidden = true;
    this.dimAssets(false);
    if (this.request) this.request.abort();
    this.origin = null;
    this.result = null;
    this.error = null;
    this.draw();
    if (app.panel.isOpen(this)) app.panel.close({ restoreFocus: false });
    this.button.focus();
  }

  /** In near mode the other assets fade, so the ones within reach stand out. */
  dimAssets(dim) {
    const map = this.app.map;
    for (const layer of map.getStyle().layers)
      if (layer.id.startsWith('assets-')) map.setPaintProperty(layer.id, 'icon-opacity', dim ? 0.3 : 1);
  }

  onPanelClose() {
    if (this.active) {
      this.dimAssets(false);
      // Closing the panel ends the mode (the panel is its only control).
      this.active = false;
      this.app.mode = 'browse';
      this.button.setAttribute('aria-pressed', 'false');
      this.app.doc.body.classList.remove('mode-near');
      this.app.map.getCanvas().style.cursor = '';
      this.hint.hidden = true;
      if (this.request) this.request.abort();
      this.origin = null;
      this.result = null;
      this.draw();
    }
  }

  /** Map click in near mode: search from that place. */
  handleClick(e) {
    if (!this.active) return false;
    this.search(e.lngLat.lng, e.lngLat.lat);
    return true;
  }

  openPanel(focus) {
    const { i18n } = this.app;
    this.app.panel.open(this, i18n.t('web.near.title'), (body) => this.render(body), { focus, returnFocus: this.button });
  }

  render(body) {
    const doc = this.app.doc;
    const { i18n } = this.app;
    body.dataset.mode = 'near';
    const intro = doc.createElement('p');
    intro.className = 'hint near-intro';
    intro.textContent = i18n.t('web.near.intro');
    body.appendChild(intro);

    const form = doc.createElement('form');
    form.className = 'near-form';
    form.addEventListener('submit', (e) => e.preventDefault());
    const minutes = doc.createElement('select');
    minutes.id = 'near-minutes';
    minutes.className = 'select';
    for (const m of MINUTES.filter((x) => x <= this.maxMinutes)) {
      const o = doc.createElement('option');
      o.value = String(m);
      o.textContent = i18n.t('web.near.minutes_option', { n: m });
      minutes.appendChild(o);
    }
    minutes.value = String(this.minutes);
    minutes.addEventListener('change', () => {
      this.minutes = Number(minutes.value);
      if (this.origin) this.search(this.origin[0], this.origin[1]);
    });
    const domain = doc.createElement('select');
    domain.id = 'near-domain';
    domain.className = 'select';
    const all = doc.createElement('option');
    all.value = '';
    all.textContent = i18n.t('web.near.all_domains');
    domain.appendChild(all);
    for (const d of DOMAINS) {
      const o = doc.createElement('option');
      o.value = d;
      o.textContent = i18n.domain(d);
      domain.appendChild(o);
    }
    domain.value = this.domain;
    domain.addEventListener('change', () => {
      this.domain = domain.value;
      if (this.origin) this.search(this.origin[0], this.origin[1]);
    });
    const field = (id, key, control) => {
      const wrap = doc.createElement('div');
      wrap.className = 'field';
      const label = doc.createElement('label');
      label.className = 'field-label';
      label.htmlFor = id;
      label.textContent = i18n.t(key);
      wrap.append(label, control);
      return wrap;
    };
    const centre = doc.createElement('button');
    centre.type = 'button';
    centre.id = 'near-centre';
    centre.className = 'button button-secondary';
    centre.textContent = i18n.t('web.near.use_centre');
    centre.addEventListener('click', () => {
      const c = this.app.visibleCentre();
      this.search(c.lng, c.lat);
    });
    const row = doc.createElement('div');
    row.className = 'near-fields';
    row.append(field('near-minutes', 'web.near.minutes_label', minutes), field('near-domain', 'web.near.domain_label', domain));
    form.append(row, centre);
    body.appendChild(form);

    const results = doc.createElement('div');
    results.className = 'near-results';
    results.id = 'near-results';
    body.appendChild(results);
    this.results = results;
    this.renderResults();
  }

  async search(lon, lat) {
    const app = this.app;
    const { i18n } = app;
    if (this.request) this.request.abort();
    const request = new AbortController();
    this.request = request;
    this.origin = [lon, lat];
    this.hint.hidden = true;
    this.result = null;
    this.error = null;
    this.pending = true;
    this.draw();
    this.renderResults();
    try {
      const result = await app.api.near({ lon, lat, minutes: this.minutes, domain: this.domain }, { signal: request.signal });
      if (this.request !== request) return;
      this.result = result;
    } catch (e) {
      if (e && e.name === 'AbortError') return;
      this.error = e && e.status === 422 ? i18n.t('web.near.off_network') : i18n.t('web.near.failed');
    }
    this.pending = false;
    this.request = null;
    this.draw();
    this.renderResults();
    if (this.result) {
      const n = this.result.features.length;
      app.announce(n === 1 ? i18n.t('web.near.results_one', { minutes: this.minutes }) : i18n.t('web.near.found', { n, minutes: this.minutes }));
      this.fit();
    } else if (this.error) {
      app.announce(this.error);
    }
  }

  draw() {
    const map = this.app.map;
    map.getSource('near').setData(this.result ? { type: 'FeatureCollection', features: this.result.features.filter((f) => f.geometry) } : EMPTY);
    map.getSource('near-origin').setData(this.origin
      ? { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: this.origin }, properties: {} }] }
      : EMPTY);
  }

  fit() {
    const pts = [this.origin, ...this.result.features.filter((f) => f.geometry).map((f) => f.geometry.coordinates)];
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x, y] of pts) {
      w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y);
    }
    this.app.fitBounds([w, s, e, n], { maxZoom: 16 });
  }

  renderResults() {
    if (!this.results) return;
    const doc = this.app.doc;
    const { i18n } = this.app;
    const box = this.results;
    box.replaceChildren();
    if (this.pending) {
      box.dataset.state = 'loading';
      const p = doc.createElement('p');
      p.className = 'loading';
      p.textContent = i18n.t('web.near.searching');
      box.appendChild(p);
      return;
    }
    if (this.error) {
      box.dataset.state = 'error';
      const p = doc.createElement('p');
      p.className = 'error';
      p.setAttribute('role', 'alert');
      p.textContent = this.error;
      box.appendChild(p);
      return;
    }
    if (!this.result) {
      box.dataset.state = 'idle';
      const p = doc.createElement('p');
      p.className = 'hint';
      p.textContent = i18n.t('web.near.hint');
      box.appendChild(p);
      return;
    }
    const features = this.result.features;
    box.dataset.state = 'done';
    box.dataset.count = String(features.length);
    box.dataset.lon = String(this.result.query.lon);
    box.dataset.lat = String(this.result.query.lat);
    const h = doc.createElement('h3');
    const args = { n: features.length, minutes: this.minutes, domain: i18n.domain(this.domain) };
    const one = features.length === 1;
    if (this.domain) h.textContent = one ? i18n.t('web.near.results_domain_one', args) : i18n.t('web.near.results_domain', args);
    else h.textContent = one ? i18n.t('web.near.results_one', args) : i18n.t('web.near.results', args);
    box.appendChild(h);
    if (features.length === 0) {
      const p = doc.createElement('p');
      p.textContent = i18n.t('web.near.none', { minutes: this.minutes });
      box.appendChild(p);
      return;
    }
    const ol = doc.createElement('ol');
    ol.className = 'near-list';
    for (const f of features) {
      const a = f.properties;
      const li = doc.createElement('li');
      li.dataset.assetId = a.asset_id;
      const b = doc.createElement('button');
      b.type = 'button';
      b.className = 'link-button near-item';
      const icon = doc.createElement('span');
      icon.innerHTML = markerSvg(a.domain, 16);
      const name = doc.createElement('span');
      name.className = 'asset-name';
      name.textContent = a.name || i18n.t('common.unnamed');
      const cat = doc.createElement('span');
      cat.className = 'asset-category';
      cat.textContent = i18n.category(a.category);
      const walk = doc.createElement('span');
      walk.className = 'near-walk';
      walk.textContent = i18n.t('web.near.walk', {
        minutes: formatNumber(a.minutes, a.minutes < 10 ? 1 : 0), metres: formatNumber(a.walk_m, 0),
      });
      const what = doc.createElement('span');
      what.className = 'near-what';
      what.append(name, cat);
      b.append(icon, what, walk);
      if (f.geometry) {
        const [lon, lat] = f.geometry.coordinates;
        b.addEventListener('click', () => this.app.showAsset({ ...a, lon, lat }, { fly: true, returnFocus: b }));
      } else {
        b.disabled = true;
      }
      li.appendChild(b);
      ol.appendChild(li);
    }
    box.appendChild(ol);
  }
}

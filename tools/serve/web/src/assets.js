// The assets on the map, one layer per domain with the raster tiles' symbols (community
// orange circles, individual blue squares, structural green triangles), switchable, and a
// popup with the asset's name, category and sources (from OGC API – Features).

import { SOURCE, maplibregl } from './map.js';
import { drawMarker, markerSvg } from './markers.js';
import { DOMAINS, domainColour, domainShape, domainTextColour } from './palette.js';
import { parseSources } from './sources.js';

const MIN_ZOOM = 12;
const BUS_STOP_MIN_ZOOM = 14;

function markerImage(domain, pixelRatio) {
  const size = 20 * pixelRatio;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const ctx = canvas.getContext('2d');
  drawMarker(ctx, domainShape(domain), domainColour(domain), size / 2, 6.5 * pixelRatio, 1.6 * pixelRatio);
  return ctx.getImageData(0, 0, size, size);
}

export class AssetLayers {
  constructor() {
    this.id = 'assets';
    this.clickPriority = 0;
    this.visible = Object.fromEntries(DOMAINS.map((d) => [d, true]));
    this.popup = null;
  }

  layerIds() {
    return DOMAINS.flatMap((d) => [`assets-${d}`, `assets-${d}-bus`]);
  }

  init(app) {
    this.app = app;
    const map = app.map;
    const pr = Math.min(2, Math.max(1, Math.round(window.devicePixelRatio || 1)));
    for (const d of DOMAINS) {
      map.addImage(`marker-${d}`, markerImage(d, pr), { pixelRatio: pr });
      const layout = { 'icon-image': `marker-${d}`, 'icon-allow-overlap': true, 'icon-ignore-placement': true };
      map.addLayer({
        id: `assets-${d}-bus`, type: 'symbol', source: SOURCE, 'source-layer': 'assets', minzoom: BUS_STOP_MIN_ZOOM,
        filter: ['all', ['==', ['get', 'domain'], d], ['==', ['get', 'category'], 'bus_stop']],
        layout: { ...layout, 'icon-size': ['interpolate', ['linear'], ['zoom'], 14, 0.6, 17, 0.95] },
      });
      map.addLayer({
        id: `assets-${d}`, type: 'symbol', source: SOURCE, 'source-layer': 'assets', minzoom: MIN_ZOOM,
        filter: ['all', ['==', ['get', 'domain'], d], ['!=', ['get', 'category'], 'bus_stop']],
        layout: { ...layout, 'icon-size': ['interpolate', ['linear'], ['zoom'], 12, 0.75, 16, 1.15] },
      });
    }
    app.assetAt = (point) => this.assetAt(point);
    app.showAsset = (asset, options) => this.showAsset(asset, options);
    app.closePopup = () => this.closePopup();
    this.renderToggles();
    app.on('language', () => {
      this.renderToggles();
      if (this.popup && this.current) this.fillPopup(this.current);
    });
  }

  renderToggles() {
    const { i18n } = this.app;
    const doc = this.app.doc;
    const box = doc.getElementById('asset-toggles');
    for (const el of box.querySelectorAll('.toggle')) el.remove();
    const hint = box.querySelector('.hint');
    for (const d of DOMAINS) {
      const label = doc.createElement('label');
      label.className = 'toggle';
      const input = doc.createElement('input');
      input.type = 'checkbox';
      input.checked = this.visible[d];
      input.dataset.domain = d;
      input.addEventListener('change', () => this.setVisible(d, input.checked));
      const icon = doc.createElement('span');
      icon.innerHTML = markerSvg(d, 18);
      const text = doc.createElement('span');
      text.textContent = i18n.domain(d);
      text.style.color = domainTextColour(d);
      label.append(input, icon, text);
      box.insertBefore(label, hint);
    }
  }

  setVisible(domain, visible) {
    this.visible[domain] = visible;
    for (const id of [`assets-${domain}`, `assets-${domain}-bus`])
      this.app.map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
  }

  /** The asset drawn under (or within 6 px of) a screen point, or null. */
  assetAt(point) {
    const map = this.app.map;
    const layers = this.layerIds().filter((id) => map.getLayer(id));
    const box = [[point.x - 6, point.y - 6], [point.x + 6, point.y + 6]];
    const features = map.queryRenderedFeatures(box, { layers });
    if (features.length === 0) return null;
    // Of symbols that overlap, the one nearest the pointer.
    const away = (f) => {
      const p = map.project(f.geometry.coordinates);
      return Math.hypot(p.x - point.x, p.y - point.y);
    };
    const f = features.reduce((best, g) => (away(g) < away(best) ? g : best));
    const [lon, lat] = f.geometry.coordinates;
    return { ...f.properties, lon, lat };
  }

  /** Map click in browse mode: an asset's popup; true when there was one. */
  handleClick(e) {
    const asset = this.assetAt(e.point);
    if (!asset) return false;
    this.showAsset(asset, { fly: false });
    return true;
  }

  /**
   * Opens the popup of an asset ({asset_id, name, category, domain, lon, lat}); `fly` moves
   * the map to it, `returnFocus` gets focus back when the popup closes (keyboard users).
   */
  showAsset(asset, { fly = true, returnFocus = null } = {}) {
    const map = this.app.map;
    this.closePopup();
    if (fly && Number.isFinite(asset.lon) && Number.isFinite(asset.lat))
      map.easeTo({ center: [asset.lon, asset.lat], zoom: Math.max(map.getZoom(), 15), padding: this.app.mapPadding() });
    this.current = asset;
    this.returnFocus = returnFocus;
    const popup = new maplibregl.Popup({ closeButton: true, closeOnClick: true, maxWidth: '300px', focusAfterOpen: false, className: 'asset-popup' })
      .setLngLat([asset.lon, asset.lat]);
    this.popup = popup;
    this.content = this.app.doc.createElement('div');
    this.content.className = 'popup';
    popup.setDOMContent(this.content);
    popup.addTo(map);
    popup.on('close', () => {
      if (this.popup === popup) {
        this.popup = null;
        this.current = null;
        const back = this.returnFocus;
        this.returnFocus = null;
        if (back && back.isConnected) back.focus();
      }
    });
    this.fillPopup(asset);
    const close = popup.getElement().querySelector('.maplibregl-popup-close-button');
    if (close) close.setAttribute('aria-label', this.app.i18n.t('web.popup.close'));
    if (returnFocus) this.content.querySelector('h3').focus();
    this.loadSources(asset);
  }

  fillPopup(asset) {
    const { i18n } = this.app;
    const doc = this.app.doc;
    const c = this.content;
    c.replaceChildren();
    c.dataset.assetId = asset.asset_id;
    const h = doc.createElement('h3');
    h.tabIndex = -1;
    h.textContent = asset.name || i18n.t('common.unnamed');
    const p = doc.createElement('p');
    p.className = 'popup-category';
    const icon = doc.createElement('span');
    icon.innerHTML = markerSvg(asset.domain, 16);
    const cat = doc.createElement('span');
    cat.textContent = i18n.t('web.popup.category_in_domain', {
      category: i18n.category(asset.category), domain: i18n.domain(asset.domain),
    });
    p.append(icon, cat);
    const dl = doc.createElement('dl');
    const dt = doc.createElement('dt');
    dt.textContent = i18n.t('common.sources');
    const dd = doc.createElement('dd');
    dd.className = 'popup-sources';
    if (asset.sources) dd.appendChild(this.sourceList(asset.sources));
    else dd.textContent = i18n.t('web.loading');
    dl.append(dt, dd);
    c.append(h, p, dl);
    // The editing module adds its buttons (signed in: correct, history).
    this.app.emit('asset-popup', { asset, element: c });
  }

  sourceList(sources) {
    const { i18n } = this.app;
    const doc = this.app.doc;
    const ul = doc.createElement('ul');
    for (const s of sources) {
      const li = doc.createElement('li');
      if (s.osm) {
        const a = doc.createElement('a');
        a.href = `https://www.openstreetmap.org/${s.osm.kind}/${s.osm.number}`;
        a.rel = 'noopener';
        a.target = '_blank';
        const kind = { node: 'web.source.osm_node', way: 'web.source.osm_way', relation: 'web.source.osm_relation' }[s.osm.kind];
        a.textContent = i18n.t('web.source.osm', { kind: i18n.t(kind), id: s.osm.number });
        li.appendChild(a);
      } else {
        li.textContent = s.id ? i18n.t('web.source.other', { source: s.source, id: s.id }) : s.source;
      }
      ul.appendChild(li);
    }
    return ul;
  }

  async loadSources(asset) {
    try {
      const f = await this.app.api.asset(asset.asset_id);
      const props = f.properties || {};
      asset.sources = parseSources(props.source_ids || props.source);
    } catch {
      asset.sources = [];
    }
    if (this.current === asset) {
      const dd = this.content.querySelector('.popup-sources');
      dd.replaceChildren(asset.sources.length ? this.sourceList(asset.sources) : this.app.doc.createTextNode(this.app.i18n.t('web.source.unknown')));
    }
  }

  closePopup() {
    if (!this.popup) return false;
    this.popup.remove();
    return true;
  }
}

// The areas coloured by one indicator, domain score or the asset index, with its legend.
// Classes as the raster tiles draw them (5 quantile classes, ColorBrewer YlGnBu); the values
// and the data-extent flags come from /api/areas. An area without a value, or one that lies
// outside the data extent of the indicator's category (for a domain score: of any category
// of the domain; for the index: of any category), is "no data": grey and hatched, never a
// colour that would read as "no assets".

import { SOURCE } from './map.js';
import { NO_DATA_FILL, classLabels, classOf, palette, quantileBreaks } from './classify.js';

const SCORES = ['asset_index', 'individual_score', 'community_score', 'structural_score'];
const FILL_OPACITY = 0.82;

/** A hatch pattern (dark grey diagonals on transparent, 8 px, tiles seamlessly). */
function hatchImage(pixelRatio) {
  const size = 8 * pixelRatio;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const ctx = canvas.getContext('2d');
  ctx.strokeStyle = '#5e5e5e';
  ctx.lineWidth = 1.3 * pixelRatio;
  ctx.beginPath();
  for (const o of [-size, 0, size]) {
    ctx.moveTo(o, size);
    ctx.lineTo(o + size, 0);
  }
  ctx.stroke();
  return ctx.getImageData(0, 0, size, size);
}

export class Choropleth {
  constructor() {
    this.id = 'choropleth';
    this.column = null;
    this.selected = null;
  }

  init(app) {
    this.app = app;
    const doc = app.doc;
    this.select = doc.getElementById('indicator-select');
    this.legend = doc.getElementById('legend');
    this.tooltip = doc.createElement('div');
    this.tooltip.className = 'map-tooltip';
    this.tooltip.setAttribute('aria-hidden', 'true');
    this.tooltip.hidden = true;
    app.map.getContainer().appendChild(this.tooltip);

    this.categoryDomain = new Map((app.atlas.categories || []).map((c) => [c.id, c.domain]));
    this.indicators = app.atlas.indicators || [];

    this.addLayers();
    this.populateSelect();
    this.select.addEventListener('change', () => this.setColumn(this.select.value));
    this.setColumn(this.columns()[0]);
    app.on('language', () => {
      this.populateSelect();
      this.renderLegend();
    });
    app.on('area-selected', (code) => this.setSelected(code));
    this.hover();
  }

  addLayers() {
    const map = this.app.map;
    const pr = Math.min(2, Math.max(1, Math.round(window.devicePixelRatio || 1)));
    map.addImage('hatch', hatchImage(pr), { pixelRatio: pr });
    map.addLayer({
      id: 'areas-fill', type: 'fill', source: SOURCE, 'source-layer': 'areas',
      paint: { 'fill-color': NO_DATA_FILL, 'fill-opacity': FILL_OPACITY },
    });
    map.addLayer({
      id: 'areas-nodata', type: 'fill', source: SOURCE, 'source-layer': 'areas',
      filter: ['in', ['get', 'code'], ['literal', []]],
      paint: { 'fill-pattern': 'hatch', 'fill-opacity': 0.9 },
    });
    map.addLayer({
      id: 'areas-outline', type: 'line', source: SOURCE, 'source-layer': 'areas',
      paint: {
        'line-color': ['interpolate', ['linear'], ['zoom'], 9, '#ffffff', 12, '#4d4d4d'],
        'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.5, 14, 1.2],
      },
    });
    map.addLayer({
      id: 'areas-hover', type: 'line', source: SOURCE, 'source-layer': 'areas',
      filter: ['==', ['get', 'code'], ''],
      paint: { 'line-color': '#1a1a1a', 'line-width': 2 },
    });
    map.addLayer({
      id: 'areas-selected-casing', type: 'line', source: SOURCE, 'source-layer': 'areas',
      filter: ['==', ['get', 'code'], ''],
      paint: { 'line-color': '#ffffff', 'line-width': 6 },
    });
    map.addLayer({
      id: 'areas-selected', type: 'line', source: SOURCE, 'source-layer': 'areas',
      filter: ['==', ['get', 'code'], ''],
      paint: { 'line-color': '#c2185b', 'line-width': 3 },
    });
  }

  /** The columns the selector offers: the index, the domain scores, then every indicator. */
  columns() {
    const scores = SCORES.filter((s) => this.app.atlas.scores ? this.app.atlas.scores.includes(s) : true);
    return [...scores, ...this.indicators.map((i) => i.column)];
  }

  title(column) {
    const i18n = this.app.i18n;
    const ind = this.indicators.find((i) => i.column === column);
    return ind ? i18n.indicatorTitle(ind) : i18n.score(column);
  }

  populateSelect() {
    const { i18n } = this.app;
    const doc = this.app.doc;
    this.select.replaceChildren();
    const scores = doc.createElement('optgroup');
    scores.label = i18n.t('web.indicator.group_scores');
    for (const s of this.columns().filter((c) => SCORES.includes(c))) {
      const o = doc.createElement('option');
      o.value = s;
      o.textContent = i18n.score(s);
      scores.appendChild(o);
    }
    this.select.appendChild(scores);
    for (const d of ['individual', 'community', 'structural']) {
      const inds = this.indicators.filter((i) => i.domain === d);
      if (inds.length === 0) continue;
      const g = doc.createElement('optgroup');
      g.label = i18n.t('web.indicator.group_domain', { domain: i18n.domain(d) });
      for (const ind of inds) {
        const o = doc.createElement('option');
        o.value = ind.column;
        o.textContent = i18n.indicatorTitle(ind);
        g.appendChild(o);
      }
      this.select.appendChild(g);
    }
    if (this.column) this.select.value = this.column;
  }

  /** The value an area has for a column (null when none). */
  valueOf(area, column) {
    let v;
    if (column === 'asset_index') v = area.asset_index;
    else if (column.endsWith('_score') && SCORES.includes(column)) v = area.domain_scores ? area.domain_scores[column.slice(0, -6)] : null;
    else v = area.indicators ? area.indicators[column] : null;
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  }

  /** True when the area lies outside the data extent for what the column measures. */
  isPartial(area, column) {
    const partial = area.partial_categories || [];
    if (partial.length === 0) return false;
    const ind = this.indicators.find((i) => i.column === column);
    if (ind) return partial.includes(ind.category);
    // Domain scores and the asset index leave partial indicators out already (a domain score
    // needs domain_min_indicator_share of its indicators): a value given is data, as the
    // raster tiles class it; a null one is "no data".
    return false;
  }

  setColumn(column) {
    if (!this.columns().includes(column)) column = this.columns()[0];
    this.column = column;
    this.select.value = column;
    const areas = this.app.areas;
    const shown = [];
    const noData = [];
    for (const a of areas) {
      const v = this.valueOf(a, column);
      if (v === null || this.isPartial(a, column)) noData.push(a.code);
      else shown.push([a.code, v]);
    }
    this.breaks = quantileBreaks(shown.map(([, v]) => v), 5);
    this.colours = this.breaks ? palette(this.breaks.upper.length) : [];
    this.counts = this.colours.map(() => 0);
    const byClass = this.colours.map(() => []);
    for (const [code, v] of shown) {
      const k = classOf(v, this.breaks);
      byClass[k].push(code);
      this.counts[k] += 1;
    }
    this.noDataCodes = noData;
    const match = ['match', ['get', 'code']];
    byClass.forEach((codes, k) => {
      if (codes.length > 0) match.push(codes, this.colours[k]);
    });
    const map = this.app.map;
    map.setPaintProperty('areas-fill', 'fill-color', match.length > 2 ? [...match, NO_DATA_FILL] : NO_DATA_FILL);
    map.setFilter('areas-nodata', ['in', ['get', 'code'], ['literal', noData]]);
    this.renderLegend();
    this.app.emit('column', column);
  }

  renderLegend() {
    const { i18n } = this.app;
    const doc = this.app.doc;
    const column = this.column;
    const root = doc.createDocumentFragment();
    const h = doc.createElement('h3');
    h.className = 'legend-title';
    h.id = 'legend-title';
    h.textContent = this.title(column);
    root.appendChild(h);
    const list = doc.createElement('ul');
    list.className = 'legend-classes';
    list.setAttribute('aria-labelledby', 'legend-title');
    list.dataset.column = column;
    list.dataset.breaks = JSON.stringify(this.breaks ? this.breaks.upper : []);
    list.dataset.colours = JSON.stringify(this.colours);
    const labels = this.breaks ? classLabels(this.breaks) : [];
    labels.forEach((label, k) => {
      const li = doc.createElement('li');
      const sw = doc.createElement('span');
      sw.className = 'swatch';
      sw.style.background = this.colours[k];
      sw.setAttribute('aria-hidden', 'true');
      const text = doc.createElement('span');
      text.textContent = label;
      const n = doc.createElement('span');
      n.className = 'legend-count';
      n.textContent = this.counts[k] === 1 ? i18n.t('web.legend.areas_one') : i18n.t('web.legend.areas', { n: this.counts[k] });
      li.append(sw, text, n);
      list.appendChild(li);
    });
    const li = doc.createElement('li');
    li.className = 'legend-nodata';
    const sw = doc.createElement('span');
    sw.className = 'swatch swatch-nodata';
    sw.setAttribute('aria-hidden', 'true');
    const text = doc.createElement('span');
    text.textContent = i18n.t('common.no_data');
    const n = doc.createElement('span');
    n.className = 'legend-count';
    n.textContent = this.noDataCodes.length === 1 ? i18n.t('web.legend.areas_one') : i18n.t('web.legend.areas', { n: this.noDataCodes.length });
    li.append(sw, text, n);
    list.appendChild(li);
    root.appendChild(list);
    const notes = [i18n.t('web.legend.classes_note'), i18n.t('common.no_data_note')];
    if (SCORES.includes(column)) notes.unshift(i18n.t('web.legend.score_note'));
    for (const note of notes) {
      const p = doc.createElement('p');
      p.className = 'hint';
      p.textContent = note;
      root.appendChild(p);
    }
    this.legend.replaceChildren(root);
  }

  setSelected(code) {
    this.selected = code || '';
    const map = this.app.map;
    for (const id of ['areas-selected', 'areas-selected-casing'])
      map.setFilter(id, ['==', ['get', 'code'], this.selected]);
  }

  /** The area under a screen point, or null. */
  areaAt(point) {
    // An [x, y] array: a plain {x, y} object would be taken for the options (the whole view).
    const features = this.app.map.queryRenderedFeatures([point.x, point.y], { layers: ['areas-fill'] });
    if (features.length === 0) return null;
    return this.app.areaByCode.get(features[0].properties.code) || null;
  }

  /** A line for the tooltip and the status: the area's name and its value or "no data". */
  describe(area) {
    const { i18n } = this.app;
    const v = this.valueOf(area, this.column);
    const ind = this.indicators.find((i) => i.column === this.column);
    let value;
    if (v === null || this.isPartial(area, this.column)) value = i18n.t('common.no_data');
    else if (ind) value = i18n.formatValue(ind.measure, v);
    else value = i18n.t('web.legend.score_value', { score: v.toFixed(2) });
    return { name: area.name || area.code, value };
  }

  hover() {
    const map = this.app.map;
    let current = '';
    map.on('mousemove', (e) => {
      if (this.app.mode !== 'browse') {
        this.tooltip.hidden = true;
        return;
      }
      const area = this.areaAt(e.point);
      const code = area ? area.code : '';
      if (code !== current) {
        current = code;
        map.setFilter('areas-hover', ['==', ['get', 'code'], code]);
      }
      const overAsset = this.app.assetAt && this.app.assetAt(e.point);
      map.getCanvas().style.cursor = area || overAsset ? 'pointer' : '';
      if (!area || overAsset) {
        this.tooltip.hidden = true;
        return;
      }
      const d = this.describe(area);
      this.tooltip.replaceChildren();
      const b = document.createElement('strong');
      b.textContent = d.name;
      const span = document.createElement('span');
      span.textContent = d.value;
      this.tooltip.append(b, span);
      this.tooltip.hidden = false;
      const { width, height } = map.getContainer().getBoundingClientRect();
      const x = Math.min(e.point.x + 14, width - this.tooltip.offsetWidth - 4);
      const y = Math.min(e.point.y + 14, height - this.tooltip.offsetHeight - 4);
      this.tooltip.style.transform = `translate(${Math.max(4, x)}px, ${Math.max(4, y)}px)`;
    });
    map.getCanvas().addEventListener('mouseleave', () => {
      current = '';
      this.tooltip.hidden = true;
      map.setFilter('areas-hover', ['==', ['get', 'code'], '']);
    });
  }
}

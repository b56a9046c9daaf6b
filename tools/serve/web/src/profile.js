// An area's profile in the panel: its numbers, the spider chart against every comparator the
// atlas has (one tab per comparator: the study, the local authority, Wales when the atlas has
// a region comparator — any number), its strengths and weaknesses and every indicator beside
// the comparators in plain language (the server's sentences, /api/areas/{code}?lang=), and
// its assets by domain. Chosen by a click on the map, the area list, or the URL (#area=CODE).

import { formatNumber } from './i18n.js';
import { markerSvg } from './markers.js';
import { DOMAINS, domainTextColour, domainTint } from './palette.js';
import { spiderChartSvg } from './spider.js';

function el(doc, tag, attrs = {}, ...children) {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

export class AreaProfile {
  constructor() {
    this.id = 'profile';
    this.clickPriority = 10;  // after the assets: a click on an asset opens its popup
    this.code = null;
    this.profile = null;
    this.comparator = 0;
    this.request = null;
  }

  init(app) {
    this.app = app;
    this.select = app.doc.getElementById('area-select');
    this.populateSelect();
    this.select.addEventListener('change', () => {
      if (this.select.value) this.show(this.select.value, { fit: true, returnFocus: this.select });
    });
    app.on('language', () => {
      this.populateSelect();
      if (this.code && app.panel.isOpen(this)) this.show(this.code, { focus: false, keepComparator: true });
    });
    // An edit (edit.js) changed assets and measures: an open profile is read again.
    app.on('assets-changed', () => {
      if (this.code && app.panel.isOpen(this)) this.show(this.code, { focus: false, keepComparator: true });
    });
  }

  populateSelect() {
    const { i18n } = this.app;
    const doc = this.app.doc;
    const areas = [...this.app.areas].sort((a, b) => (a.name || a.code).localeCompare(b.name || b.code, undefined, { numeric: true }));
    this.select.replaceChildren(el(doc, 'option', { value: '', text: i18n.t('web.area_select.placeholder') }));
    for (const a of areas) this.select.appendChild(el(doc, 'option', { value: a.code, text: a.name ? `${a.name} (${a.code})` : a.code }));
    this.select.value = this.code || '';
  }

  /** Map click in browse mode: the area's profile; true when there was an area. */
  handleClick(e) {
    const area = this.app.choropleth.areaAt(e.point);
    if (!area) return false;
    this.show(area.code, { returnFocus: this.app.map.getCanvas() });
    return true;
  }

  /** Opens the profile of area `code`. */
  async show(code, { fit = false, focus = true, returnFocus, keepComparator = false } = {}) {
    const app = this.app;
    const { i18n } = app;
    const area = app.areaByCode.get(code);
    if (!area) return;
    if (this.request) this.request.abort();
    const request = new AbortController();
    this.request = request;
    if (!keepComparator || this.code !== code) this.comparator = 0;
    this.code = code;
    this.select.value = code;
    app.emit('area-selected', code);
    app.setHash({ area: code });
    if (!app.panel.isOpen(this) || !this.profile || this.profile.code !== code) {
      app.panel.open(this, area.name || code, (body) => {
        body.appendChild(el(app.doc, 'p', { class: 'loading', text: i18n.t('web.loading') }));
      }, { focus, returnFocus });
    }
    // After the panel is open, so that the area is fitted clear of it.
    if (fit && area.bbox) app.fitBounds(area.bbox);
    try {
      const profile = await app.api.area(code, i18n.lang, { signal: request.signal });
      if (this.request !== request) return;
      this.profile = profile;
      app.panel.open(this, profile.name || code, (body) => this.render(body, profile), { focus });
      app.announce(i18n.t('web.profile.opened', { area: profile.name || code }));
    } catch (e) {
      if (e && e.name === 'AbortError') return;
      app.panel.open(this, area.name || code, (body) => {
        body.appendChild(el(app.doc, 'p', { class: 'error', role: 'alert', text: i18n.t('web.error.profile') }));
      }, { focus });
    }
  }

  onPanelClose() {
    if (this.request) this.request.abort();
    this.request = null;
    this.code = null;
    this.profile = null;
    this.select.value = '';
    this.app.emit('area-selected', '');
    this.app.setHash({});
  }

  render(body, p) {
    const doc = this.app.doc;
    const { i18n } = this.app;
    body.dataset.area = p.code;
    body.dataset.lang = p.lang || i18n.lang;

    const parent = p.comparators.find((c) => c.kind === 'parent');
    body.appendChild(el(doc, 'p', { class: 'area-sub', text: parent ? i18n.t('web.profile.subtitle', { code: p.code, parent: i18n.comparator(parent) }) : p.code }));

    if (p.partial_categories && p.partial_categories.length > 0) {
      const list = i18n.t('web.profile.partial_list', { categories: p.partial_categories.map((c) => i18n.category(c)).join(', ') });
      const notice = el(doc, 'div', { class: 'notice', role: 'note' },
        el(doc, 'strong', { text: i18n.t('common.partial_data') }),
        el(doc, 'p', { text: i18n.t('common.no_data_note') }));
      if (p.partial_categories.length > 4) {
        notice.appendChild(el(doc, 'details', {},
          el(doc, 'summary', { text: i18n.t('web.profile.partial_count', { n: p.partial_categories.length }) }),
          el(doc, 'p', { text: list })));
      } else {
        notice.appendChild(el(doc, 'p', { text: list }));
      }
      body.appendChild(notice);
    }
    body.appendChild(this.facts(p));
    body.appendChild(this.comparison(p));
    body.appendChild(this.assets(p));
  }

  facts(p) {
    const doc = this.app.doc;
    const { i18n } = this.app;
    const dl = el(doc, 'dl', { class: 'facts' });
    const add = (term, value) => dl.appendChild(el(doc, 'div', { class: 'fact' }, el(doc, 'dt', { text: term }), el(doc, 'dd', { text: value })));
    add(i18n.t('common.population'), p.population == null ? i18n.t('common.no_data') : formatNumber(p.population, 0));
    add(i18n.t('common.area_km2'), p.area_km2 == null ? i18n.t('common.no_data') : formatNumber(p.area_km2, 2));
    add(i18n.t('score.asset_index'), p.asset_index != null ? formatNumber(p.asset_index, 2) : i18n.t('common.no_data'));
    const section = el(doc, 'section', { class: 'profile-section', 'aria-labelledby': 'facts-heading' },
      el(doc, 'h3', { id: 'facts-heading', class: 'visually-hidden', text: i18n.t('web.profile.facts') }), dl);
    const rank = p.asset_index == null ? [i18n.t('web.profile.no_index')]
      : [p.asset_index_rank != null ? i18n.t('score.rank_of', { rank: p.asset_index_rank, n: p.areas_ranked }) : null,
        p.asset_index_decile != null ? i18n.t('score.decile_of', { decile: p.asset_index_decile }) : null].filter(Boolean);
    if (rank.length) section.appendChild(el(doc, 'p', { class: 'hint rank', text: rank.join(' · ') }));

    // Domain scores as bars around 0 (the middle of the areas).
    const scores = el(doc, 'ul', { class: 'scores', 'aria-label': i18n.t('web.profile.scores') });
    for (const d of DOMAINS) {
      const v = p.domain_scores ? p.domain_scores[d] : null;
      const li = el(doc, 'li', { class: 'score', 'data-domain': d });
      li.appendChild(el(doc, 'span', { class: 'score-label', text: i18n.domain(d) }));
      const track = el(doc, 'span', { class: 'score-track', 'aria-hidden': 'true' });
      if (v != null) {
        const w = Math.min(50, (Math.abs(v) / 2) * 50);
        const bar = el(doc, 'span', { class: 'score-bar' });
        bar.style.background = domainTextColour(d);
        bar.style.width = `${w}%`;
        bar.style.left = v >= 0 ? '50%' : `${50 - w}%`;
        track.appendChild(bar);
      }
      li.appendChild(track);
      const partial = v != null && this.partialDomain(p, d);
      if (partial) li.classList.add('partial');
      li.appendChild(el(doc, 'span', { class: 'score-value', text: v == null ? i18n.t('common.no_data') : formatNumber(v, 2) }));
      if (partial) li.appendChild(el(doc, 'span', { class: 'score-note', text: i18n.t('web.profile.score_partial') }));
      scores.appendChild(li);
    }
    section.appendChild(scores);
    section.appendChild(el(doc, 'p', { class: 'hint', text: i18n.t('web.legend.score_note') }));
    return section;
  }

  /** True when the area lies outside the data extent for a category of the domain. */
  partialDomain(p, domain) {
    return p.indicators.some((i) => i.domain === domain && i.partial_data);
  }

  comparison(p) {
    const doc = this.app.doc;
    const { i18n } = this.app;
    const section = el(doc, 'section', { class: 'profile-section', 'aria-labelledby': 'compare-heading' });
    section.appendChild(el(doc, 'h3', { id: 'compare-heading', text: i18n.t('web.profile.compare_heading') }));
    if (p.comparators.length === 0) {
      section.appendChild(el(doc, 'p', { text: i18n.t('web.profile.no_comparators') }));
      return section;
    }
    const tabs = el(doc, 'div', { class: 'tabs', role: 'tablist', 'aria-label': i18n.t('web.profile.compare_with') });
    const panel = el(doc, 'div', { class: 'tabpanel', role: 'tabpanel', id: 'compare-panel', tabindex: '-1' });
    const buttons = p.comparators.map((c, k) => {
      const b = el(doc, 'button', {
        type: 'button', role: 'tab', id: `compare-tab-${k}`, class: 'tab', 'aria-controls': 'compare-panel',
        'data-comparator': c.id, text: i18n.comparator(c),
      });
      b.addEventListener('click', () => select(k, false));
      b.addEventListener('keydown', (e) => {
        const n = p.comparators.length;
        let k2 = null;
        if (e.key === 'ArrowRight' || e.key === 'ArrowDown') k2 = (k + 1) % n;
        else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') k2 = (k + n - 1) % n;
        else if (e.key === 'Home') k2 = 0;
        else if (e.key === 'End') k2 = n - 1;
        if (k2 !== null) {
          e.preventDefault();
          select(k2, true);
        }
      });
      tabs.appendChild(b);
      return b;
    });
    const select = (k, focusTab) => {
      this.comparator = k;
      buttons.forEach((b, i) => {
        b.setAttribute('aria-selected', String(i === k));
        b.tabIndex = i === k ? 0 : -1;
      });
      panel.setAttribute('aria-labelledby', `compare-tab-${k}`);
      panel.replaceChildren(...this.comparatorView(p, k));
      if (focusTab) buttons[k].focus();
    };
    section.append(tabs, panel);
    select(Math.min(this.comparator, p.comparators.length - 1), false);
    return section;
  }

  /** The chart, the highlights and every indicator, against comparator k. */
  comparatorView(p, k) {
    const doc = this.app.doc;
    const { i18n } = this.app;
    const c = p.comparators[k];
    const name = i18n.comparator(c);
    const out = [];
    const figure = el(doc, 'figure', { class: 'chart' });
    const holder = el(doc, 'div', { class: 'chart-svg' });
    holder.innerHTML = spiderChartSvg(p, k, i18n, { idPrefix: `spider-${k}` });
    figure.appendChild(holder);
    const key = el(doc, 'ul', { class: 'chart-key', 'aria-hidden': 'true' });
    for (const d of DOMAINS) {
      if (!p.indicators.some((i) => i.domain === d)) continue;
      const sw = el(doc, 'span', { class: 'key-swatch' });
      sw.style.background = domainTint(d);
      sw.style.borderColor = domainTextColour(d);
      key.appendChild(el(doc, 'li', {}, sw, el(doc, 'span', { text: i18n.domain(d) })));
    }
    key.appendChild(el(doc, 'li', {}, el(doc, 'span', { class: 'key-ring' }), el(doc, 'span', { text: i18n.t('web.chart.key_ring', { comparator: name }) })));
    if (p.indicators.some((i) => i.partial_data))
      key.appendChild(el(doc, 'li', {}, el(doc, 'span', { class: 'key-partial' }), el(doc, 'span', { text: i18n.t('web.chart.key_partial') })));
    figure.appendChild(key);
    figure.appendChild(el(doc, 'figcaption', { text: i18n.t('web.chart.caption', { comparator: name }) }));
    out.push(figure);

    const h = (p.highlights || []).find((x) => x.comparator === c.id);
    if (h && (h.strengths.length || h.weaknesses.length)) {
      const box = el(doc, 'div', { class: 'highlights' });
      for (const [kind, key2, list] of [['strengths', 'common.strengths', h.strengths], ['weaknesses', 'common.weaknesses', h.weaknesses]]) {
        if (list.length === 0) continue;
        const ul = el(doc, 'ul', { class: `highlight-list ${kind}` });
        for (const x of list) ul.appendChild(el(doc, 'li', { 'data-indicator': x.column, text: x.sentence }));
        box.append(el(doc, 'h4', { text: i18n.t(key2) }), ul);
      }
      out.push(box);
    }

    // Every indicator, numbered as on the chart, grouped by domain.
    const all = el(doc, 'div', { class: 'indicators' });
    all.appendChild(el(doc, 'h4', { text: i18n.t('web.profile.indicators_heading') }));
    for (const d of DOMAINS) {
      const lines = p.indicators.filter((i) => i.domain === d);
      if (lines.length === 0) continue;
      all.appendChild(el(doc, 'h5', { class: 'domain-heading', style: `color:${domainTextColour(d)}`, text: i18n.domain(d) }));
      const ol = el(doc, 'ol', { class: 'indicator-list' });
      for (const line of p.indicators) {
        if (line.domain !== d) continue;
        const n = p.indicators.indexOf(line) + 1;
        const cc = line.comparators[k] || {};
        const li = el(doc, 'li', { class: `indicator${line.partial_data ? ' partial' : ''}`, 'data-indicator': line.column, value: String(n) });
        const badge = el(doc, 'span', { class: 'indicator-number', 'aria-hidden': 'true', text: String(n) });
        badge.style.borderColor = line.partial_data ? '#595959' : domainTextColour(d);
        badge.style.color = line.partial_data ? '#595959' : domainTextColour(d);
        li.appendChild(badge);
        const text = el(doc, 'div', { class: 'indicator-text' });
        text.appendChild(el(doc, 'p', { class: 'indicator-title', text: line.title || i18n.indicatorTitle(line) }));
        const sentence = line.partial_data
          ? i18n.t('web.profile.partial_value', { value: line.value_text || i18n.t('common.no_data') })
          : cc.sentence || i18n.t('web.profile.no_value');
        text.appendChild(el(doc, 'p', { class: 'indicator-sentence', text: sentence }));
        const values = el(doc, 'ul', { class: 'indicator-values' });
        values.appendChild(el(doc, 'li', {}, el(doc, 'span', { text: i18n.t('web.profile.this_area') }), ' ', el(doc, 'strong', { text: line.value_text || i18n.t('common.no_data') })));
        p.comparators.forEach((comp, j) => {
          const v = line.comparators[j] || {};
          values.appendChild(el(doc, 'li', { class: j === k ? 'current' : null }, el(doc, 'span', { text: i18n.comparator(comp) }), ' ', el(doc, 'strong', { text: v.value_text || i18n.t('common.no_data') })));
        });
        text.appendChild(values);
        li.appendChild(text);
        ol.appendChild(li);
      }
      all.appendChild(ol);
    }
    out.push(all);
    return out;
  }

  assets(p) {
    const doc = this.app.doc;
    const { i18n } = this.app;
    const section = el(doc, 'section', { class: 'profile-section', 'aria-labelledby': 'assets-heading' });
    const total = DOMAINS.reduce((n, d) => n + ((p.assets && p.assets[d]) || []).length, 0);
    section.appendChild(el(doc, 'h3', { id: 'assets-heading', text: i18n.t('web.profile.assets_heading', { n: total }) }));
    if (total === 0) {
      section.appendChild(el(doc, 'p', { text: i18n.t('web.profile.no_assets') }));
      return section;
    }
    for (const d of DOMAINS) {
      const list = (p.assets && p.assets[d]) || [];
      if (list.length === 0) continue;
      const details = el(doc, 'details', { class: 'asset-group', 'data-domain': d });
      const summary = el(doc, 'summary', {});
      const icon = el(doc, 'span', {});
      icon.innerHTML = markerSvg(d, 16);
      summary.append(icon, el(doc, 'span', { text: i18n.t('web.profile.assets_in_domain', { domain: i18n.domain(d), n: list.length }) }));
      details.appendChild(summary);
      const ul = el(doc, 'ul', { class: 'asset-list' });
      const sorted = [...list].sort((a, b) => i18n.category(a.category).localeCompare(i18n.category(b.category)) || (a.name || '').localeCompare(b.name || ''));
      for (const a of sorted) {
        const b = el(doc, 'button', { type: 'button', class: 'link-button' },
          el(doc, 'span', { class: 'asset-name', text: a.name || i18n.t('common.unnamed') }),
          el(doc, 'span', { class: 'asset-category', text: i18n.category(a.category) }));
        if (a.lon == null) b.disabled = true;
        b.addEventListener('click', () => this.app.showAsset({ ...a, domain: d }, { fly: true, returnFocus: b }));
        ul.appendChild(el(doc, 'li', {}, b));
      }
      details.appendChild(ul);
      section.appendChild(details);
    }
    return section;
  }
}

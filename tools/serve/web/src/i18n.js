// The page's words: the project's one message catalogue per language (tools/i18n/en.json,
// tools/i18n/cy.json), bundled at build time. Every user-facing string of the page comes from
// here: the page's own keys are `web.*`; labels of categories, domains, scores and measures
// reuse the catalogue's `category.*`, `domain.*`, `score.*`, `measure.*`, `format.*` and
// `common.*` keys, as the report and the server do (tools/i18n/profile_text.cpp).

import en from '../../../i18n/en.json' with { type: 'json' };
import cy from '../../../i18n/cy.json' with { type: 'json' };

/** The catalogues by language, in display order. */
export const catalogues = { en, cy };
export const languages = Object.keys(catalogues);

/** Replaces every `{name}` of `args` in `text`; unknown placeholders are kept. */
export function substitute(text, args = {}) {
  return text.replace(/\{([A-Za-z0-9_]+)\}/g, (m, k) => (k in args ? String(args[k]) : m));
}

/**
 * A number with thousands separators and `decimals` decimals ("1,234.5"); halves round
 * away from zero, "-0" reads as 0 — as i18n::format_number does.
 */
export function formatNumber(value, decimals) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  decimals = Math.min(9, Math.max(0, decimals | 0));
  const scale = 10 ** decimals;
  // |value|·scale rounded half up (Math.round), as std::round of a non-negative number.
  const rounded = Math.round(Math.abs(value) * scale) / scale;
  const [whole, frac] = rounded.toFixed(decimals).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const negative = value < 0 && rounded !== 0;
  return (negative ? '-' : '') + grouped + (frac !== undefined ? '.' + frac : '');
}

/** The unit family of a measure name (profile_text.cpp unit_of_measure). */
export function unitOfMeasure(measure) {
  if (['coverage_pct', 'net_coverage_pct', 'net_reachable_pct', 'area_pct'].includes(measure) ||
      measure.startsWith('pt_coverage_pct') || measure.startsWith('pt_reachable_pct'))
    return 'percent';
  if (measure === 'nearest_m' || measure === 'net_nearest_m') return 'metres';
  if (measure === 'net_minutes' || measure.startsWith('pt_minutes')) return 'minutes';
  if (measure === 'm2_per_person') return 'm2';
  if (measure === 'per_1000' || measure === 'fca2') return 'per_1000';
  if (measure === 'per_km2') return 'per_km2';
  return 'number';
}

function defaultDecimals(unit, value) {
  const big = Math.abs(value) >= 100;
  switch (unit) {
    case 'percent': return Math.abs(value) >= 10 || value === 0 ? 0 : 1;
    case 'metres': return 0;
    case 'minutes': return 1;
    case 'm2':
    case 'per_1000':
    case 'per_km2': return big ? 0 : 1;
    default: return big ? 0 : 2;
  }
}

/** The words of one language. */
export class I18n {
  constructor(lang = 'en') {
    this.setLanguage(lang);
  }

  setLanguage(lang) {
    this.lang = catalogues[lang] ? lang : 'en';
    this.entries = catalogues[this.lang];
  }

  has(key) {
    return typeof this.entries[key] === 'string' && this.entries[key] !== '';
  }

  /** The text of `key` with its placeholders filled; "[key]" when the catalogue lacks it. */
  t(key, args) {
    const text = this.entries[key];
    if (typeof text !== 'string') return `[${key}]`;
    return args ? substitute(text, args) : text;
  }

  /** The label of a category (`category.<id>`), else `fallback` or the id. */
  category(id, fallback) {
    return this.has(`category.${id}`) ? this.t(`category.${id}`) : fallback || id;
  }

  domain(d) {
    return this.has(`domain.${d}`) ? this.t(`domain.${d}`) : d;
  }

  /** "Asset index", "Individual domain score", … (`score.<column>`). */
  score(column) {
    return this.has(`score.${column}`) ? this.t(`score.${column}`) : column;
  }

  /** A short title of an indicator ({category, measure, threshold_m}), as the server's. */
  indicatorTitle(ind) {
    const args = {
      category: this.category(ind.category),
      threshold: ind.threshold_m == null ? '' : formatNumber(ind.threshold_m, 0),
      measure: ind.measure,
    };
    const key = `measure.${ind.measure}.title`;
    return this.has(key) ? this.t(key, args) : this.t('measure.other.title', args);
  }

  /** A value with its measure's unit ("73%", "1,250 m"); `decimals` overrides. */
  formatValue(measure, value, decimals) {
    if (value === null || value === undefined || !Number.isFinite(value)) return this.t('common.no_data');
    const unit = unitOfMeasure(measure);
    const d = decimals ?? defaultDecimals(unit, value);
    const key = { percent: 'format.percent', metres: 'format.metres', minutes: 'format.minutes',
      m2: 'format.m2', per_1000: 'format.per_1000', per_km2: 'format.per_km2' }[unit] || 'format.number';
    return this.t(key, { n: formatNumber(value, d) });
  }

  /** A comparator's name in this language; an unnamed local authority by its code. */
  comparator(c) {
    if (this.lang === 'cy' && c.name_cy) return c.name_cy;
    if (c.kind === 'parent' && (!c.name || c.name === c.id))
      return this.t('web.comparator.parent_code', { code: c.id });
    return c.name || c.id;
  }

  /** Fills every element's text from its data-i18n key (and aria-label, title, placeholder). */
  applyTo(root) {
    for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = this.t(el.dataset.i18n);
    for (const el of root.querySelectorAll('[data-i18n-aria-label]'))
      el.setAttribute('aria-label', this.t(el.dataset.i18nAriaLabel));
    for (const el of root.querySelectorAll('[data-i18n-title]'))
      el.setAttribute('title', this.t(el.dataset.i18nTitle));
  }
}

/** The language to start in: ?lang=, then the last choice, then the browser's. */
export function initialLanguage(location, storage, navigatorLanguages) {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (fromUrl && catalogues[fromUrl]) return fromUrl;
  try {
    const saved = storage && storage.getItem('assetmap.lang');
    if (saved && catalogues[saved]) return saved;
  } catch {
    // storage may be disabled
  }
  for (const l of navigatorLanguages || []) if (String(l).toLowerCase().startsWith('cy')) return 'cy';
  return 'en';
}

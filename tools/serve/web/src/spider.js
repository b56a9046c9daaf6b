// The spider chart of an area profile as inline SVG, drawn by hand like the report's
// (tools/report/spider_chart.cpp): one axis per indicator, grouped by domain (tinted
// sectors), the area's oriented ratio to one comparator on each axis, the comparator itself
// the dashed ring at 1, a rim at `maxRatio` (ratios beyond it drawn on the rim with an outward
// marker), axes with partial data dashed with a hollow point. Axes are numbered; the numbers
// match the indicator list beside the chart, and each axis has a tooltip with its words.
//
// Every axis is `<g class="axis" data-indicator="COLUMN" data-domain="D" data-ratio="R"
// data-partial="0|1">`, R the profile's ratio as a round-tripping decimal ("" for none), so
// a test (or a reader's script) can read the plotted numbers back. Pure: returns a string.

import { domainColour, domainTextColour, domainTint } from './palette.js';
import { formatNumber } from './i18n.js';

const SIZE = 360;
const C = SIZE / 2;
const R = 138;

/** Escapes text for HTML/SVG content and attribute values. */
export function escapeXml(text) {
  return String(text).replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]);
}

const f = (v) => (Math.round(v * 100) / 100).toString();

/**
 * The chart of `profile` (the JSON of /api/areas/{code}) against its comparator number
 * `comparator`, in the language of `i18n`. Options: maxRatio (the rim, default 2),
 * idPrefix (unique per page).
 */
export function spiderChartSvg(profile, comparator, i18n, options = {}) {
  const maxRatio = options.maxRatio > 0 ? options.maxRatio : 2;
  const id = escapeXml(options.idPrefix || 'spider');
  const lines = profile.indicators || [];
  const n = lines.length;
  const cmp = profile.comparators[comparator];
  const cmpName = cmp ? i18n.comparator(cmp) : '';
  const title = i18n.t('common.spider_chart', { comparator: cmpName });
  const desc = i18n.t('web.chart.description', { comparator: cmpName, n });

  let s = `<svg class="spider" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}" role="img" ` +
    `aria-labelledby="${id}-title ${id}-desc" data-comparator="${escapeXml(cmp ? cmp.id : '')}" ` +
    `data-max-ratio="${maxRatio}">`;
  s += `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>`;
  if (n === 0) {
    s += `<text x="${C}" y="${C}" text-anchor="middle" class="chart-empty">${escapeXml(i18n.t('web.chart.empty'))}</text></svg>`;
    return s;
  }
  const angle = (i) => (2 * Math.PI * i) / n;  // 0 = up, clockwise
  const dx = (a) => Math.sin(a);
  const dy = (a) => -Math.cos(a);
  const half = Math.PI / n;
  const rOf = (ratio) => (R * Math.min(Math.max(ratio, 0), maxRatio)) / maxRatio;
  const pt = (r, a) => `${f(C + r * dx(a))},${f(C + r * dy(a))}`;

  // Domain sectors behind everything.
  s += '<g class="sectors">';
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && lines[j + 1].domain === lines[i].domain) ++j;
    const a0 = angle(i) - half;
    const a1 = angle(j) + half;
    const tint = domainTint(lines[i].domain);
    if (i === 0 && j === n - 1) {
      s += `<circle class="sector" data-domain="${escapeXml(lines[i].domain)}" cx="${C}" cy="${C}" r="${R}" fill="${tint}"/>`;
    } else {
      const large = a1 - a0 > Math.PI ? 1 : 0;
      s += `<path class="sector" data-domain="${escapeXml(lines[i].domain)}" fill="${tint}" ` +
        `d="M${C},${C}L${pt(R, a0)}A${R},${R} 0 ${large},1 ${pt(R, a1)}Z"/>`;
    }
    i = j + 1;
  }
  s += '</g>';

  // Rings at quarter steps of the rim; the comparator's ring (1) apart, dashed and dark.
  s += '<g class="rings" fill="none">';
  for (let k = 1; k <= 4; ++k) {
    const ratio = (maxRatio * k) / 4;
    if (Math.abs(ratio - 1) < 1e-12) continue;
    s += `<circle cx="${C}" cy="${C}" r="${f(rOf(ratio))}" stroke="#c4c4c4" stroke-width="0.8"/>`;
  }
  s += '</g><g class="spokes">';
  lines.forEach((line, i) => {
    const a = angle(i);
    s += `<line x1="${C}" y1="${C}" x2="${f(C + R * dx(a))}" y2="${f(C + R * dy(a))}" ` +
      `stroke="${line.partial_data ? '#8c8c8c' : '#b0b0b0'}" stroke-width="0.8"${line.partial_data ? ' stroke-dasharray="3 3"' : ''}/>`;
  });
  s += '</g>';
  s += `<circle class="comparator-ring" cx="${C}" cy="${C}" r="${f(rOf(1))}" fill="none" stroke="#1a1a1a" stroke-width="1.6" stroke-dasharray="6 4"/>`;

  // The area's shape through every axis with a ratio.
  const ratioOf = (line) => {
    const c = line.comparators && line.comparators[comparator];
    return c && typeof c.ratio === 'number' && Number.isFinite(c.ratio) ? c.ratio : null;
  };
  const shape = [];
  lines.forEach((line, i) => {
    const r = ratioOf(line);
    if (r !== null) shape.push(pt(rOf(r), angle(i)));
  });
  if (shape.length > 0)
    s += `<polygon class="area-shape" points="${shape.join(' ')}" fill="#1f3b57" fill-opacity="0.16" stroke="#1f3b57" stroke-width="2" stroke-linejoin="round"/>`;

  // Ring values along the gap before the first axis, over the shape.
  s += '<g class="ring-labels" font-size="10" fill="#3d3d3d" stroke="#ffffff" stroke-width="3" paint-order="stroke" stroke-linejoin="round">';
  for (let k = 1; k <= 4; ++k) {
    const ratio = (maxRatio * k) / 4;
    const a = -half;
    const label = (k === 4 ? '≥ ' : '') + formatNumber(ratio, Math.abs(ratio - Math.round(ratio)) < 1e-9 ? 0 : 1);
    s += `<text x="${f(C + rOf(ratio) * dx(a) - 3)}" y="${f(C + rOf(ratio) * dy(a) + 3)}" text-anchor="end">${escapeXml(label)}</text>`;
  }
  s += '</g>';

  // Axes: point, number badge, tooltip and data.
  lines.forEach((line, i) => {
    const a = angle(i);
    const ratio = ratioOf(line);
    const colour = domainColour(line.domain);
    const cls = ['axis'];
    if (line.partial_data) cls.push('partial');
    if (ratio === null) cls.push('no-ratio');
    const c = line.comparators && line.comparators[comparator];
    const tip = [line.title || i18n.indicatorTitle(line)];
    tip.push(i18n.t('web.chart.axis_values', {
      value: line.value_text || i18n.t('common.no_data'),
      comparator: cmpName,
      comparator_value: (c && c.value_text) || i18n.t('common.no_data'),
    }));
    if (ratio !== null) tip.push(i18n.t('web.chart.axis_ratio', { ratio: formatNumber(ratio, 2) }));
    if (line.partial_data) tip.push(i18n.t('common.partial_data'));
    s += `<g class="${cls.join(' ')}" data-indicator="${escapeXml(line.column)}" data-domain="${escapeXml(line.domain)}" ` +
      `data-ratio="${ratio === null ? '' : String(ratio)}" data-partial="${line.partial_data ? 1 : 0}" data-number="${i + 1}">`;
    s += `<title>${escapeXml(`${i + 1}. ${tip.join(' — ')}`)}</title>`;
    if (ratio !== null) {
      const r = rOf(ratio);
      const x = C + r * dx(a);
      const y = C + r * dy(a);
      if (ratio > maxRatio) {
        const px = -dy(a);
        const py = dx(a);
        s += `<path class="beyond" d="M${f(x + 9 * dx(a))},${f(y + 9 * dy(a))}L${f(x + 5 * px)},${f(y + 5 * py)}L${f(x - 5 * px)},${f(y - 5 * py)}Z" fill="${colour}" stroke="#ffffff" stroke-width="1"/>`;
      } else if (line.partial_data) {
        s += `<circle cx="${f(x)}" cy="${f(y)}" r="4.2" fill="#ffffff" stroke="${colour}" stroke-width="2"/>`;
      } else {
        s += `<circle cx="${f(x)}" cy="${f(y)}" r="4.6" fill="${colour}" stroke="#ffffff" stroke-width="1.2"/>`;
      }
    }
    const br = R + 18;
    const bx = C + br * dx(a);
    const by = C + br * dy(a);
    const textColour = line.partial_data ? '#595959' : domainTextColour(line.domain);
    s += `<circle class="badge" cx="${f(bx)}" cy="${f(by)}" r="9.5" fill="#ffffff" stroke="${textColour}" stroke-width="1.2"${line.partial_data ? ' stroke-dasharray="2 2"' : ''}/>`;
    s += `<text class="badge-number" x="${f(bx)}" y="${f(by + 3.6)}" text-anchor="middle" font-size="10" font-weight="700" fill="${textColour}"${line.partial_data ? ' font-style="italic"' : ''}>${i + 1}</text>`;
    s += '</g>';
  });
  s += '</svg>';
  return s;
}

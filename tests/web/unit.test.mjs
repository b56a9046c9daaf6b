// The web page's pure modules (tools/serve/web/src), run by `node --test`. Expected values are
// worked out by hand in the comments (and, for numbers, match the C++ cases of
// tests/unit/i18n/test_profile_text.cpp, so the page and the server write them alike).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { I18n, formatNumber, initialLanguage, substitute } from '../../tools/serve/web/src/i18n.js';
import { classLabels, classOf, palette, quantileBreaks } from '../../tools/serve/web/src/classify.js';
import { escapeXml, spiderChartSvg } from '../../tools/serve/web/src/spider.js';
import { parseSources } from '../../tools/serve/web/src/sources.js';
import { markerSvg } from '../../tools/serve/web/src/markers.js';
import { checkForm, distanceM, entryChanges, entryTime, entryTitle, fieldMessage } from '../../tools/serve/web/src/edit_text.js';
import { EditError } from '../../tools/serve/web/src/edit_api.js';

test('numbers: thousands separators, halves away from zero, no negative zero', () => {
  assert.equal(formatNumber(1234567.891, 2), '1,234,567.89');
  assert.equal(formatNumber(-0.04, 1), '0.0');
  assert.equal(formatNumber(-12.5, 1), '-12.5');
  assert.equal(formatNumber(12.25, 1), '12.3');  // 12.25 is exact in binary: a true half, up
  assert.equal(formatNumber(999.5, 0), '1,000');
  assert.equal(formatNumber(NaN, 1), '–');
  assert.equal(formatNumber(null, 1), '–');
});

test('values with units, as the profile words (profile_text.cpp) write them', () => {
  const en = new I18n('en');
  const cy = new I18n('cy');
  assert.equal(en.formatValue('coverage_pct', 73.4), '73%');      // ≥ 10: no decimals
  assert.equal(en.formatValue('coverage_pct', 5.25), '5.3%');     // < 10: one decimal
  assert.equal(cy.formatValue('coverage_pct', 7.5, 1), '7.5%');
  assert.equal(en.formatValue('nearest_m', 1250.4), '1,250 m');
  assert.equal(en.formatValue('m2_per_person', 12.46), '12.5 m²');
  assert.equal(en.formatValue('per_1000', 1.234), '1.2 per 1,000 residents');
  assert.equal(en.formatValue('coverage_pct', null), 'No data');
  assert.equal(cy.formatValue('coverage_pct', null), 'Dim data');
});

test('catalogue lookups, placeholders and labels in both languages', () => {
  const en = new I18n('en');
  const cy = new I18n('cy');
  assert.equal(substitute('{a} and {b}', { a: 1 }), '1 and {b}');
  assert.equal(cy.t('web.near.minutes_option', { n: 5 }), '5 munud');
  assert.equal(en.t('no.such.key'), '[no.such.key]');
  const ind = { category: 'bus_stop', measure: 'coverage_pct', threshold_m: 1200 };
  assert.equal(en.indicatorTitle(ind), 'Bus stops within 1,200 m (% of residents)');
  assert.equal(cy.indicatorTitle(ind), "Safleoedd bws o fewn 1,200 m (% o'r trigolion)");
  assert.equal(en.category('made_up', 'Made up'), 'Made up');
  assert.equal(en.comparator({ id: 'W06000022', kind: 'parent', name: 'W06000022', name_cy: '' }), 'Local authority W06000022');
  assert.equal(cy.comparator({ id: 'W06000022', kind: 'parent', name: 'W06000022', name_cy: '' }), 'Awdurdod lleol W06000022');
  assert.equal(cy.comparator({ id: 'wales', kind: 'region', name: 'Wales', name_cy: 'Cymru' }), 'Cymru');
  assert.equal(en.comparator({ id: 'wales', kind: 'region', name: 'Wales', name_cy: 'Cymru' }), 'Wales');
  assert.equal(new I18n('fr').lang, 'en');
});

test('the starting language: ?lang=, then the saved choice, then the browser', () => {
  const store = (v) => ({ getItem: () => v });
  assert.equal(initialLanguage({ search: '?lang=cy' }, store('en'), ['en-GB']), 'cy');
  assert.equal(initialLanguage({ search: '' }, store('cy'), ['en-GB']), 'cy');
  assert.equal(initialLanguage({ search: '' }, store(null), ['cy-GB', 'en']), 'cy');
  assert.equal(initialLanguage({ search: '?lang=xx' }, null, ['de']), 'en');
});

test('quantile classes: nearest rank, ties merged, like tiles/src/classify.cpp', () => {
  // 1..10 in 5 classes: ranks ⌈i·10/5⌉ = 2, 4, 6, 8, 10.
  assert.deepEqual(quantileBreaks([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 5), { min: 1, upper: [2, 4, 6, 8, 10] });
  // 1..7: ranks ⌈7/5⌉=2, ⌈14/5⌉=3, ⌈21/5⌉=5, ⌈28/5⌉=6, 7.
  assert.deepEqual(quantileBreaks([1, 2, 3, 4, 5, 6, 7], 5).upper, [2, 3, 5, 6, 7]);
  // Two distinct values: 2 classes, ranks ⌈5/2⌉=3 (a 1) and 5 (the 2).
  assert.deepEqual(quantileBreaks([1, 1, 1, 1, 2], 5).upper, [1, 2]);
  // Nulls and NaN are left out; none at all gives no classes.
  assert.deepEqual(quantileBreaks([null, 3, NaN, 1, 5], 5).upper, [1, 3, 5]);
  assert.equal(quantileBreaks([null, NaN], 5), null);
  const b = { min: 1, upper: [2, 4, 6, 8, 10] };
  assert.equal(classOf(1, b), 0);
  assert.equal(classOf(2, b), 0);  // classes include their upper bound
  assert.equal(classOf(2.5, b), 1);
  assert.equal(classOf(11, b), 4);
  assert.equal(classOf(NaN, b), -1);
});

test('palette and legend labels', () => {
  assert.deepEqual(palette(5), ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494']);
  assert.deepEqual(palette(1), ['#7fcdbb']);
  assert.deepEqual(palette(2), ['#edf8b1', '#2c7fb8']);
  assert.throws(() => palette(10));
  assert.deepEqual(classLabels({ min: 1, upper: [2, 4, 6, 8, 10] }), ['1 – 2', '2 – 4', '4 – 6', '6 – 8', '8 – 10']);
  // 0.25 needs two decimals: at one, "0.3" is 0.05 from it, more than a tenth of the 0.25 gap.
  assert.deepEqual(classLabels({ min: 0, upper: [0.25, 0.5, 1] }), ['0.00 – 0.25', '0.25 – 0.50', '0.50 – 1.00']);
  assert.deepEqual(classLabels({ min: -0.001, upper: [1, 2] }), ['0 – 1', '1 – 2']);
});

function profile() {
  const line = (column, domain, ratios, partial = false) => ({
    column, domain, category: column.split('_')[0], measure: 'coverage_pct', threshold_m: 400,
    title: `Title of ${column}`, value: 50, value_text: '50%', partial_data: partial,
    comparators: ratios.map((r, k) => ({ id: ['study', 'W06000022'][k], ratio: r, value_text: '40%' })),
  });
  return {
    code: 'A', name: 'Area <A> & co',
    comparators: [{ id: 'study', kind: 'study', name: 'Study' }, { id: 'W06000022', kind: 'parent', name: 'Newport' }],
    indicators: [
      line('library_coverage_pct_400', 'individual', [1, 3]),
      line('education_coverage_pct_400', 'individual', [0.5, 0.5]),
      line('playground_coverage_pct_400', 'community', [2, 1], true),
      line('bus_coverage_pct_400', 'structural', [null, 1]),
    ],
  };
}

test('spider chart: axes carry the ratios, points sit where the ratio puts them', () => {
  const svg = spiderChartSvg(profile(), 0, new I18n('en'));
  const axes = [...svg.matchAll(/<g class="([^"]*)" data-indicator="([^"]*)" data-domain="([^"]*)" data-ratio="([^"]*)" data-partial="(\d)"/g)]
    .map((m) => ({ cls: m[1], column: m[2], domain: m[3], ratio: m[4], partial: m[5] }));
  assert.deepEqual(axes.map((a) => a.ratio), ['1', '0.5', '2', '']);
  assert.deepEqual(axes.map((a) => a.partial), ['0', '0', '1', '0']);
  assert.deepEqual(axes.map((a) => a.cls), ['axis', 'axis', 'axis partial', 'axis no-ratio']);
  assert.match(svg, /data-comparator="study"/);
  // Centre (180, 180), rim 138 px at ratio 2. Axis 0 points up: ratio 1 at r = 69 → (180, 111).
  // Axis 1 (90°, right): ratio 0.5 at r = 34.5 → (214.5, 180). Axis 2 (180°, down): ratio 2
  // at the rim → (180, 318), hollow (partial). Axis 3 has no ratio: no point, not in the shape.
  assert.match(svg, /<polygon class="area-shape" points="180,111 214.5,180 180,318"/);
  assert.match(svg, /<circle cx="180" cy="111" r="4.6" fill="#0072B2"/);
  assert.match(svg, /<circle cx="180" cy="318" r="4.2" fill="#ffffff" stroke="#E69F00"/);
  assert.match(svg, /<circle class="comparator-ring" cx="180" cy="180" r="69"/);
  assert.doesNotMatch(svg, /class="beyond"/);
  // Sectors: individual (axes 0–1), community (2), structural (3).
  assert.deepEqual([...svg.matchAll(/class="sector" data-domain="(\w+)"/g)].map((m) => m[1]), ['individual', 'community', 'structural']);
});

test('spider chart against another comparator; beyond the rim; escaped words', () => {
  const p = profile();
  p.comparators[1].name = 'Newport <&> "Casnewydd"';
  const svg = spiderChartSvg(p, 1, new I18n('cy'));
  assert.match(svg, /data-comparator="W06000022"/);
  assert.deepEqual([...svg.matchAll(/data-ratio="([^"]*)"/g)].map((m) => m[1]), ['3', '0.5', '1', '1']);
  assert.match(svg, /class="beyond"/);  // ratio 3 > rim 2: an outward marker on the rim
  assert.match(svg, /Newport &lt;&amp;&gt; &quot;Casnewydd&quot;/);
  assert.doesNotMatch(svg, /<&>/);
  assert.match(svg, /<title id="spider-title">Siart corryn/);
  assert.equal(escapeXml(`<a href="x">'`), '&lt;a href=&quot;x&quot;&gt;&#39;');
  assert.match(spiderChartSvg({ ...p, indicators: [] }, 0, new I18n('en')), /No indicators to chart/);
});

test('asset sources and markers', () => {
  assert.deepEqual(parseSources('osm:n476031837;bods_bus:5310AWB31058;osm:w12;odd'), [
    { source: 'osm', id: 'n476031837', osm: { kind: 'node', number: '476031837' } },
    { source: 'bods_bus', id: '5310AWB31058' },
    { source: 'osm', id: 'w12', osm: { kind: 'way', number: '12' } },
    { source: 'odd', id: '' },
  ]);
  assert.deepEqual(parseSources(''), []);
  assert.match(markerSvg('individual'), /<rect/);
  assert.match(markerSvg('structural'), /<path/);
  assert.match(markerSvg('community'), /<circle/);
  assert.match(markerSvg('community'), /#E69F00/);
});

test('editing: the form is checked with the server\'s limits (README "Asset editing")', () => {
  let r = checkForm({ name: '  Chapel hall  ', capacity: '1,200', note: ' Tuesdays ' });
  assert.deepEqual(r.errors, {});
  assert.deepEqual(r.values, { name: 'Chapel hall', capacity: 1200, note: 'Tuesdays' });
  r = checkForm({ name: '   ', capacity: '', note: '' });
  assert.deepEqual(r.errors, { name: 'web.edit.error.name_empty' });
  assert.equal(r.values.capacity, null);  // empty: no capacity
  // 200 characters are allowed, 201 are not; a Welsh ŵ is one character, as the server counts.
  assert.deepEqual(checkForm({ name: 'ŵ'.repeat(200) }).errors, {});
  assert.deepEqual(checkForm({ name: 'ŵ'.repeat(201) }).errors, { name: 'web.edit.error.name_long' });
  for (const bad of ['0', '-3', 'many', '1e3', '1000001'])
    assert.equal(checkForm({ name: 'x', capacity: bad }).errors.capacity, 'web.edit.error.capacity', bad);
  assert.equal(checkForm({ name: 'x', capacity: '1000000' }).values.capacity, 1e6);
  assert.equal(checkForm({ name: 'x', note: 'n'.repeat(1001) }).errors.note, 'web.edit.error.note_long');
});

test('editing: refusals in the page\'s words where the cause is known', () => {
  const cy = new I18n('cy');
  const outside = new EditError(400, { field: 'lon', message: 'the place is outside the study areas' });
  assert.equal(fieldMessage(outside, cy), cy.t('web.edit.error.outside'));
  assert.equal(fieldMessage(new EditError(400, { field: 'name', message: 'name has a control character' }), cy), 'name has a control character');
  assert.equal(new EditError(403, {}).refused, true);
  assert.equal(new EditError(401, {}).refused, true);
  assert.equal(new EditError(409, { field: 'force' }).refused, false);
});

test('editing: one line per change of an audit entry', () => {
  const en = new I18n('en');
  const before = { asset_id: 'a', category: 'library', name: 'Old name', lon: -3, lat: 51.5, capacity: null, note: '' };
  // 0.001° of latitude is 111.195 m on the mean-radius sphere (6,371,008.8 m × 0.001 × π/180).
  const after = { ...before, name: 'New name', category: 'community_centre', lat: 51.501, capacity: 40, note: 'x' };
  assert.ok(Math.abs(distanceM([-3, 51.5], [-3, 51.501]) - 111.195) < 0.001);
  assert.deepEqual(entryChanges({ action: 'correct', before, after }, en), [
    'Renamed from “Old name” to “New name”',
    'Kind changed from Libraries to Community centres and halls',
    'Moved 111 m',
    'Capacity: none → 40',
    'Note changed',
  ]);
  assert.deepEqual(entryChanges({ action: 'add', before: null, after: before }, en), ['Old name (Libraries)']);
  assert.deepEqual(entryChanges({ action: 'retire', before, after: null }, en), ['Old name (Libraries) taken off the map']);
  assert.equal(entryTitle({ action: 'undo', token_name: 'alice', undoes: 7 }, en), 'Change 7 undone by alice');
  assert.equal(entryTitle({ action: 'add', token_name: 'bob', undoes: null }, new I18n('cy')), 'Ychwanegwyd gan bob');
  assert.equal(entryTime('2026-12-07T02:13:45Z'), '2026-12-07 02:13 UTC');
});

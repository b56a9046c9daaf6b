// The web map in headless Chromium (issue 8): a server on a free loopback port serving the
// default study's atlas (built fresh into the artifacts folder), the page driven by
// playwright-core through Debian's /usr/bin/chromium (WebGL by SwiftShader).
//
//   node tests/web/browser_test.mjs --assetmap BIN --web BUNDLE_DIR --source CHECKOUT --out DIR
//
// Checks, each against something the page did not compute itself:
//  - tiles drawn: vector tile responses (200, MVT type) and screenshot pixels (decoded here)
//    in the legend's class colours; nothing requested from any other host;
//  - the asset index legend's class breaks equal the breaks C++ wrote into
//    <study>_style.json; an indicator's breaks equal nearest-rank quantiles of /api/areas;
//  - switching the indicator changes the legend and the drawn colours;
//  - clicking an area opens its profile; every comparator's spider chart carries exactly
//    /api/areas/{code}'s ratios, partial flags and domain order, and the page's sentences
//    are the API's;
//  - Welsh: the page's strings are the cy catalogue's, the profile is re-read with lang=cy;
//  - "near here" lists what /api/near answers for the same place, and draws it;
//  - keyboard: focus order, visible focus, Escape closes panels, the map's own keys;
//  - a 375 px phone: no sideways scrolling, the panel is a bottom sheet;
//  - editing (edit_browser.mjs; the server runs with --tokens): sign in, add an asset by
//    clicking the map, see it on the map, in /api/areas/{code} and in the profile, undo it.
// Screenshots go to DIR (PNG). Exit 0 pass, 1 fail, 77 skipped (no bundle or no npm packages).

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { decodePng } from './png.mjs';
import { editTests } from './edit_browser.mjs';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const k of ['assetmap', 'web', 'source', 'out'])
  if (!args[k]) {
    console.error(`browser_test: --${k} is required`);
    process.exit(2);
  }
const SKIP = 77;
const webSrc = join(args.source, 'tools/serve/web');
if (!existsSync(join(args.web, 'index.html'))) {
  console.log(`SKIP: no web bundle in ${args.web} (run \`npm ci\` in tools/serve/web, then build; tools/setup.sh does)`);
  process.exit(SKIP);
}
let chromium;
try {
  ({ chromium } = createRequire(join(webSrc, 'package.json'))('playwright-core'));
} catch {
  console.log('SKIP: playwright-core is not installed (run `npm ci` in tools/serve/web; tools/setup.sh does)');
  process.exit(SKIP);
}
const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.log('SKIP: /usr/bin/chromium is missing (Debian package chromium; tools/setup.sh installs it)');
  process.exit(SKIP);
}

const out = resolve(args.out);
mkdirSync(out, { recursive: true });
const en = JSON.parse(readFileSync(join(args.source, 'tools/i18n/en.json'), 'utf8'));
const cy = JSON.parse(readFileSync(join(args.source, 'tools/i18n/cy.json'), 'utf8'));
const sub = (text, a) => text.replace(/\{(\w+)\}/g, (m, k) => (k in a ? String(a[k]) : m));

let failures = 0;
let checks = 0;
function check(ok, what) {
  checks += 1;
  if (ok) console.log(`ok ${checks} - ${what}`);
  else {
    failures += 1;
    console.log(`not ok ${checks} - ${what}`);
  }
  return ok;
}

// --- the server -------------------------------------------------------------------------
const atlasDir = join(out, 'atlas', 'newport');
rmSync(join(out, 'atlas'), { recursive: true, force: true });
const portFile = join(out, 'port');
rmSync(portFile, { force: true });
const serveLog = join(out, 'serve.log');
writeFileSync(serveLog, '');
// One editor for the editing checks (a fresh token each run; the file readable by us only).
const EDITOR = 'tester';
const TOKEN = `t${randomBytes(18).toString('hex')}`;
const tokensFile = join(out, 'tokens');
rmSync(tokensFile, { force: true });
writeFileSync(tokensFile, `${EDITOR} ${TOKEN}\n`, { mode: 0o600 });
const server = spawn(args.assetmap, ['serve', 'newport', '-o', atlasDir, '--port', '0', '--bind', '127.0.0.1',
  '--port-file', portFile, '--web', args.web, '--threads', '2', '--workers', '2', '--tokens', tokensFile],
{ stdio: ['ignore', 'ignore', 'pipe'] });
const logChunks = [];
server.stderr.on('data', (d) => logChunks.push(d));
let serverExit = null;
server.on('exit', (code, signal) => {
  serverExit = { code, signal };
});
let browser = null;
async function finish(code) {
  writeFileSync(serveLog, Buffer.concat(logChunks));
  if (browser) await browser.close().catch(() => {});
  if (serverExit === null) server.kill('SIGTERM');
  console.log(`# ${checks - failures}/${checks} checks passed; screenshots and serve.log in ${out}`);
  process.exit(code);
}
const watchdog = setTimeout(() => {
  console.log('not ok - the browser test took more than 360 s');
  finish(1);
}, 360000);
watchdog.unref();

const t0 = Date.now();
while (!existsSync(portFile) || readFileSync(portFile, 'utf8').trim() === '') {
  if (serverExit) {
    check(false, `assetmap serve exited (${JSON.stringify(serverExit)}) before listening; see serve.log`);
    await finish(1);
  }
  if (Date.now() - t0 > 180000) {
    check(false, 'assetmap serve did not listen within 180 s');
    await finish(1);
  }
  await new Promise((r) => setTimeout(r, 200));
}
const port = Number(readFileSync(portFile, 'utf8').trim());
const base = `http://127.0.0.1:${port}`;
console.log(`# server on ${base} after ${((Date.now() - t0) / 1000).toFixed(1)} s (atlas built into ${atlasDir})`);
const getJson = async (path) => {
  const r = await fetch(base + path);
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
};

try {
  await run();
} catch (e) {
  check(false, `unexpected error: ${e && e.stack ? e.stack : e}`);
}
await finish(failures ? 1 : 0);

// --- helpers ------------------------------------------------------------------------------
function hexRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
/** Colour c at `alpha` over background bg (what the fill layer draws). */
function blend(c, bg, alpha) {
  return c.map((v, i) => Math.round(alpha * v + (1 - alpha) * bg[i]));
}
/** Pixels of `png` within `clip` within `tol` per channel of each colour. */
function countColours(png, clip, colours, tol = 5) {
  const counts = colours.map(() => 0);
  for (let y = clip.y; y < clip.y + clip.height; ++y)
    for (let x = clip.x; x < clip.x + clip.width; ++x) {
      const o = (y * png.width + x) * 4;
      colours.forEach((c, k) => {
        if (Math.abs(png.rgba[o] - c[0]) <= tol && Math.abs(png.rgba[o + 1] - c[1]) <= tol && Math.abs(png.rgba[o + 2] - c[2]) <= tol)
          counts[k] += 1;
      });
    }
  return counts;
}
/** Nearest-rank quantile upper bounds (rank ⌈i·n/k⌉), ties merged — the classes' definition. */
function quantiles(values, k) {
  const v = values.slice().sort((a, b) => a - b);
  const classes = Math.min(k, new Set(v).size);
  const upper = [];
  for (let i = 1; i <= classes; ++i) {
    const b = v[Math.ceil((i * v.length) / classes) - 1];
    if (!upper.length || upper[upper.length - 1] !== b) upper.push(b);
  }
  return upper;
}
/** A point well inside a (multi)polygon: the grid point farthest from its edges. */
function interiorPoint(geometry) {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const rings = polys.flat();
  const inside = (x, y) => {
    let n = 0;
    for (const ring of rings)
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) n += 1;
      }
    return n % 2 === 1;
  };
  const segDist = (x, y) => {
    let best = Infinity;
    for (const ring of rings)
      for (let i = 0; i + 1 < ring.length; ++i) {
        const [ax, ay] = ring[i];
        const [bx, by] = ring[i + 1];
        const dx = bx - ax, dy = by - ay;
        const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
        best = Math.min(best, Math.hypot(x - ax - t * dx, (y - ay - t * dy) * 1.6));
      }
    return best;
  };
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings) for (const [x, y] of ring) { w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y); }
  let best = null;
  for (let i = 1; i < 40; ++i)
    for (let j = 1; j < 40; ++j) {
      const x = w + ((e - w) * i) / 40, y = s + ((n - s) * j) / 40;
      if (!inside(x, y)) continue;
      const d = segDist(x, y);
      if (!best || d > best.d) best = { x, y, d };
    }
  return [best.x, best.y];
}

async function waitIdle(page) {
  await page.waitForFunction(() => {
    const m = window.assetmap && window.assetmap.map;
    return m && m.loaded() && m.areTilesLoaded() && !m.isMoving();
  }, null, { timeout: 30000 });
  await page.waitForTimeout(400);
}
/** Client pixel of a lon/lat on the page's map. */
async function screenPoint(page, lonLat) {
  return page.evaluate(([lon, lat]) => {
    const m = window.assetmap.map;
    const p = m.project([lon, lat]);
    const r = m.getContainer().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, lonLat);
}
/** The part of the map not under the controls card or the panel, in page pixels. */
async function openMapRegion(page) {
  return page.evaluate(() => {
    const map = document.getElementById('map').getBoundingClientRect();
    const controls = document.getElementById('controls');
    const panel = document.getElementById('panel');
    const left = controls.offsetParent ? controls.getBoundingClientRect().right + 4 : map.left;
    const right = panel.hidden ? map.right : panel.getBoundingClientRect().left - 4;
    return { x: Math.ceil(left), y: Math.ceil(map.top), width: Math.floor(right - left), height: Math.floor(map.height) };
  });
}
async function shot(page, name) {
  const path = join(out, name);
  await page.screenshot({ path });
  return path;
}
async function focusInfo(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const cs = getComputedStyle(el);
    return {
      id: el.id, tag: el.tagName.toLowerCase(), text: (el.textContent || '').trim().slice(0, 60),
      cls: el.className && el.className.baseVal === undefined ? el.className : '',
      outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2, shadow: cs.boxShadow !== 'none',
    };
  });
}

async function newPage(viewport, extra = {}) {
  const context = await browser.newContext({ viewport, ...extra });
  const page = await context.newPage();
  const problems = [];
  const foreign = [];
  const tiles = [];
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || (url.hostname === '127.0.0.1' && Number(url.port) === port)) return route.continue();
    foreign.push(url.href);
    return route.abort();
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (/\/tiles\/[^/]+\/\d+\/\d+\/\d+\.mvt$/.test(r.url())) tiles.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] });
  });
  return { context, page, problems, foreign, tiles };
}

// --- the test -----------------------------------------------------------------------------
async function run() {
  const atlas = await getJson('/api/atlas');
  const areas = (await getJson('/api/areas')).areas;
  const vectorName = (await getJson('/tiles')).tilesets.find((t) => t.format === 'mvt').name;
  const style = JSON.parse(readFileSync(join(atlasDir, `${atlas.study}_style.json`), 'utf8'));

  // playwright's launch() starts Chromium on a fresh temporary user-data-dir of its own.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });

  // 1. Desktop: the map draws from the server's vector tiles.
  const d = await newPage({ width: 1280, height: 800 });
  const { page } = d;
  await page.goto(`${base}/?lang=en`);
  await page.waitForSelector('body[data-state=ready]', { timeout: 30000 });
  await waitIdle(page);
  const okTiles = d.tiles.filter((t) => t.status === 200);
  check(okTiles.length > 0 && okTiles.every((t) => t.type === 'application/vnd.mapbox-vector-tile') &&
    okTiles.every((t) => t.url.includes(`/tiles/${vectorName}/`)),
  `vector tiles came from /tiles/${vectorName}/ (${okTiles.length} × 200, MVT)`);
  check(d.tiles.every((t) => t.status === 200 || t.status === 204), 'no tile request failed');
  check(await page.evaluate(() => !!document.querySelector('canvas.maplibregl-canvas').getContext('webgl2') ||
    !!document.querySelector('canvas.maplibregl-canvas').getContext('webgl')), 'the map draws with WebGL');
  check((await page.textContent('#atlas-title')) === atlas.title, 'the heading is the atlas title');
  const attribution = await page.evaluate(() => document.querySelector('.maplibregl-ctrl-attrib-inner').textContent);
  check(attribution.includes('OpenStreetMap contributors') && attribution.includes('Open Government Licence'),
    'the map carries the sources\' attribution (OGL, ODbL)');
  await shot(page, 'desktop-map.png');

  const bg = hexRgb('#eef0ee');
  const legend = async () => page.evaluate(() => {
    const ul = document.querySelector('.legend-classes');
    return { column: ul.dataset.column, breaks: JSON.parse(ul.dataset.breaks), colours: JSON.parse(ul.dataset.colours), title: document.querySelector('.legend-title').textContent };
  });
  let lg = await legend();
  check(lg.column === 'asset_index' && lg.title === en['score.asset_index'], 'the map opens on the asset index');
  const cppBreaks = style.metadata['assetmap:breaks'];
  check(lg.breaks.length === cppBreaks.length && lg.breaks.every((b, i) => Math.abs(b - cppBreaks[i]) < 1e-12),
    `asset index classes equal C++'s (${atlas.study}_style.json): ${lg.breaks.map((b) => b.toFixed(4)).join(', ')}`);
  check(lg.colours.join() === '#ffffcc,#a1dab4,#41b6c4,#2c7fb8,#253494', 'five YlGnBu classes');
  let png = decodePng(await page.screenshot({ fullPage: false }));
  let region = await openMapRegion(page);
  const classColours = lg.colours.map((c) => blend(hexRgb(c), bg, 0.82));
  const grey = blend(hexRgb('#bdbdbd'), bg, 0.82);
  let counts = countColours(png, region, [...classColours, grey]);
  console.log(`# asset index pixels by class ${counts.slice(0, 5).join(' ')}, no-data grey ${counts[5]}`);
  check(counts.slice(0, 5).filter((n) => n >= 100).length >= 4, 'the asset index classes are drawn (≥ 100 px for ≥ 4 of 5 classes)');
  // Only an area without an index is "no data" (partial indicators are left out of the
  // domain scores already; the raster tiles class the same values). A few grey pixels are
  // not areas (anti-aliased edges, label halos): ~1,500 with none, >100,000 with 11 areas.
  const noDataIndex = areas.filter((a) => a.asset_index == null).length;
  check(noDataIndex > 0 ? counts[5] > 10000 : counts[5] < 5000,
    `areas without an index (${noDataIndex}) are drawn grey and hatched, and only they (${counts[5]} grey px)`);
  const greyBefore = counts[5];

  // 2. Switch the indicator.
  const column = 'bus_stop_coverage_pct_400';
  await page.selectOption('#indicator-select', column);
  await waitIdle(page);
  lg = await legend();
  check(lg.column === column && lg.title === sub(en['measure.coverage_pct.title'], { category: en['category.bus_stop'], threshold: '400' }),
    `the legend follows the selector: "${lg.title}"`);
  const values = areas.filter((a) => !a.partial_categories.includes('bus_stop') && a.indicators[column] != null).map((a) => a.indicators[column]);
  const expected = quantiles(values, 5);
  check(JSON.stringify(lg.breaks) === JSON.stringify(expected), `bus stop classes are the nearest-rank quantiles of /api/areas (${expected.map((b) => b.toFixed(1)).join(', ')})`);
  png = decodePng(await page.screenshot());
  counts = countColours(png, region, [...lg.colours.map((c) => blend(hexRgb(c), bg, 0.82)), grey]);
  console.log(`# bus stop pixels by class ${counts.slice(0, -1).join(' ')}, no-data grey ${counts[counts.length - 1]}`);
  check(counts.slice(0, -1).filter((n) => n >= 100).length >= 3, 'the new classes are drawn');
  const noDataBus = areas.filter((a) => a.partial_categories.includes('bus_stop') || a.indicators[column] == null).length;
  check(noDataBus === 0 && counts[counts.length - 1] < Math.max(greyBefore / 10, 5000),
    `no area is "no data" for bus stops (the bus data covers the study): no grey (${counts[counts.length - 1]} px)`);
  await shot(page, 'desktop-indicator.png');

  // 3. Click an area: its profile with the spider chart.
  const code = 'W02000360';
  const feature = await getJson(`/ogcapi/collections/areas/items/${code}`);
  const inside = interiorPoint(feature.geometry);
  const pt = await screenPoint(page, inside);
  await page.mouse.click(pt.x, pt.y);
  await page.waitForSelector(`#panel-body[data-area="${code}"] svg.spider`, { timeout: 15000 });
  const apiEn = await getJson(`/api/areas/${code}?lang=en`);
  check((await page.textContent('#panel-title')) === apiEn.name, `a click on the map opens the profile of ${apiEn.name}`);
  check(await page.evaluate(() => document.activeElement.id === 'panel-title'), 'focus moves to the panel heading');
  const tabs = await page.$$('#panel [role=tab]');
  check(tabs.length === apiEn.comparators.length && apiEn.comparators.length >= 2,
    `one chart tab per comparator (${apiEn.comparators.map((c) => c.id).join(', ')})`);
  const domainOrder = { individual: 0, community: 1, structural: 2 };
  for (let k = 0; k < apiEn.comparators.length; ++k) {
    await tabs[k].click();
    const chart = await page.evaluate(() => {
      const svg = document.querySelector('#panel svg.spider');
      return {
        comparator: svg.dataset.comparator,
        axes: [...svg.querySelectorAll('g.axis')].map((g) => ({ column: g.dataset.indicator, domain: g.dataset.domain, ratio: g.dataset.ratio, partial: g.dataset.partial })),
        sentences: [...document.querySelectorAll('#panel .indicator')].map((li) => [li.dataset.indicator, li.querySelector('.indicator-sentence').textContent]),
        ring: !!svg.querySelector('circle.comparator-ring'),
      };
    });
    const api = apiEn.indicators;
    const same = chart.axes.length === api.length && api.every((ind, i) => {
      const a = chart.axes[i];
      const r = ind.comparators[k].ratio;
      return a.column === ind.column && a.domain === ind.domain && a.partial === (ind.partial_data ? '1' : '0') &&
        (r === null ? a.ratio === '' : Number(a.ratio) === r);
    });
    check(chart.comparator === apiEn.comparators[k].id && same && chart.ring,
      `chart against ${apiEn.comparators[k].id}: ${chart.axes.length} axes carry the API's ratios exactly, comparator ring drawn`);
    check(chart.axes.every((a, i) => i === 0 || domainOrder[a.domain] >= domainOrder[chart.axes[i - 1].domain]), 'axes are grouped by domain');
    const bySentence = new Map(chart.sentences);
    const words = (ind) => (ind.partial_data
      ? sub(en['web.profile.partial_value'], { value: ind.value_text || en['common.no_data'] })
      : ind.comparators[k].sentence || en['web.profile.no_value']);
    check(api.every((ind) => bySentence.get(ind.column) === words(ind)),
      `every indicator's sentence against ${apiEn.comparators[k].id} is the API's plain language`);
  }
  await tabs[0].click();
  await page.waitForTimeout(200);
  await shot(page, 'desktop-profile.png');
  await page.evaluate(() => document.querySelector('#panel .tabs').scrollIntoView());
  await page.locator('#panel').screenshot({ path: join(out, 'desktop-chart.png') });
  // A partial-data area: its axes are marked.
  const partialArea = areas.find((a) => a.partial_categories.length > 0);
  if (partialArea) {
    await page.selectOption('#area-select', partialArea.code);
    await page.waitForSelector(`#panel-body[data-area="${partialArea.code}"] svg.spider`, { timeout: 15000 });
    const marked = await page.$$eval('#panel svg.spider g.axis.partial', (gs) => gs.map((g) => g.dataset.indicator));
    const apiP = await getJson(`/api/areas/${partialArea.code}?lang=en`);
    const want = apiP.indicators.filter((i) => i.partial_data).map((i) => i.column);
    check(marked.length > 0 && JSON.stringify(marked) === JSON.stringify(want), `partial-data axes of ${partialArea.code} are marked (${marked.length})`);
    check(await page.isVisible('#panel .notice'), 'a partial-data area says so');
    const partialWords = await page.$$eval('#panel .indicator.partial .indicator-sentence', (ps) => ps.map((p) => p.textContent));
    check(apiP.indicators.filter((i) => i.partial_data).every((i) => i.comparators.every((c) => c.sentence === null)) &&
      partialWords.length === want.length &&
      partialWords.every((t, i) => t === sub(en['web.profile.partial_value'], { value: apiP.indicators.filter((x) => x.partial_data)[i].value_text })),
    'outside the data extent the profile says "partial data", never a sentence that reads as "no assets"');
    await shot(page, 'desktop-profile-partial.png');
    await page.selectOption('#area-select', code);
    await page.waitForSelector(`#panel-body[data-area="${code}"] svg.spider`, { timeout: 15000 });
  }

  // 3b. An asset's popup: name, category and sources, as OGC API – Features has them.
  const named = ['community', 'individual', 'structural'].flatMap((dm) => apiEn.assets[dm].map((a) => ({ ...a, domain: dm })))
    .find((a) => a.name && a.category !== 'bus_stop' && a.lon != null);
  await page.keyboard.press('Escape');  // close the panel: the whole map is free
  await page.evaluate((a) => window.assetmap.map.jumpTo({ center: [a.lon, a.lat], zoom: 17 }), named);
  await waitIdle(page);
  const ap = await screenPoint(page, [named.lon, named.lat]);
  await page.mouse.click(ap.x, ap.y);
  await page.waitForSelector('.popup[data-asset-id] .popup-sources li', { timeout: 15000 });
  const popup = await page.evaluate(() => {
    const c = document.querySelector('.popup');
    return { id: c.dataset.assetId, name: c.querySelector('h3').textContent, category: c.querySelector('.popup-category').textContent,
      sources: [...c.querySelectorAll('.popup-sources li')].map((li) => li.textContent) };
  });
  const item = (await getJson(`/ogcapi/collections/assets/items/${encodeURIComponent(popup.id)}`)).properties;
  const wantSources = item.source_ids.split(';').map((sid) => {
    const [src, id] = sid.split(':');
    const osm = /^([nwr])(\d+)$/.exec(id);
    return src === 'osm' && osm ? sub(en['web.source.osm'], { kind: en[`web.source.osm_${{ n: 'node', w: 'way', r: 'relation' }[osm[1]]}`], id: osm[2] })
      : sub(en['web.source.other'], { source: src, id });
  });
  check(popup.name === (item.name || en['common.unnamed']) &&
    popup.category === sub(en['web.popup.category_in_domain'], { category: en[`category.${item.category}`], domain: en[`domain.${item.domain}`] }) &&
    JSON.stringify(popup.sources) === JSON.stringify(wantSources),
  `a click on an asset shows its name, category and sources (${popup.name}: ${popup.sources.join('; ')})`);
  await shot(page, 'desktop-popup.png');
  await page.keyboard.press('Escape');
  check(await page.$('.popup') === null, 'Escape closes the popup');
  await page.selectOption('#area-select', code);
  await page.waitForSelector(`#panel-body[data-area="${code}"] svg.spider`, { timeout: 15000 });

  // 4. Welsh.
  await page.click('#lang-switch');
  await page.waitForSelector(`#panel-body[data-area="${code}"][data-lang="cy"] svg.spider`, { timeout: 15000 });
  await waitIdle(page);
  const apiCy = await getJson(`/api/areas/${code}?lang=cy`);
  const welsh = await page.evaluate(() => ({
    lang: document.documentElement.lang,
    i18n: [...document.querySelectorAll('[data-i18n]')].map((e) => [e.dataset.i18n, e.textContent]),
    switchText: document.getElementById('lang-switch').textContent,
    legendTitle: document.querySelector('.legend-title').textContent,
    sentences: [...document.querySelectorAll('#panel .indicator')].map((li) => [li.dataset.indicator, li.querySelector('.indicator-sentence').textContent]),
    compare: document.getElementById('compare-heading').textContent,
    title: document.querySelector('#panel svg.spider title').textContent,
  }));
  check(welsh.lang === 'cy', 'the page says it is in Welsh (lang="cy")');
  const wrong = welsh.i18n.filter(([k, t]) => t !== cy[k]);
  check(welsh.i18n.length >= 8 && wrong.length === 0, `all ${welsh.i18n.length} fixed strings are the cy catalogue's${wrong.length ? `; not: ${wrong.map((w) => w[0]).join(', ')}` : ''}`);
  check(welsh.switchText === cy['language.switch'], `the switch offers "${cy['language.switch']}"`);
  check(welsh.legendTitle === sub(cy['measure.coverage_pct.title'], { category: cy['category.bus_stop'], threshold: '400' }), `the legend is in Welsh: "${welsh.legendTitle}"`);
  check(welsh.compare === cy['web.profile.compare_heading'] &&
    welsh.title === sub(cy['common.spider_chart'], { comparator: apiCy.comparators[0].label }), 'the profile headings and the chart title are Welsh');
  const cySentences = new Map(welsh.sentences);
  check(apiCy.indicators.every((ind) => cySentences.get(ind.column) === ind.comparators[0].sentence) &&
    apiCy.indicators.some((ind) => ind.comparators[0].sentence && ind.comparators[0].sentence !== apiEn.indicators.find((e) => e.column === ind.column).comparators[0].sentence),
  'the sentences are the API\'s Welsh ones (lang=cy), not the English');
  await shot(page, 'desktop-welsh.png');

  // 5. Near here (still in Welsh).
  await page.click('#near-toggle');
  check((await page.getAttribute('#near-toggle', 'aria-pressed')) === 'true', 'the near-here mode is on');
  await page.selectOption('#near-minutes', '10');
  await page.selectOption('#near-domain', 'community');
  const centre = await screenPoint(page, inside);
  await page.mouse.click(centre.x, centre.y);
  await page.waitForSelector('#near-results[data-state=done]', { timeout: 20000 });
  await waitIdle(page);
  const near = await page.evaluate(() => {
    const box = document.getElementById('near-results');
    return { lon: box.dataset.lon, lat: box.dataset.lat, count: Number(box.dataset.count),
      ids: [...box.querySelectorAll('li')].map((li) => li.dataset.assetId), heading: box.querySelector('h3').textContent,
      drawn: new Set(window.assetmap.map.queryRenderedFeatures({ layers: ['near-assets'] }).map((f) => f.properties.asset_id)).size };
  });
  const apiNear = await getJson(`/api/near?lon=${near.lon}&lat=${near.lat}&minutes=10&domain=community`);
  const apiIds = apiNear.features.map((f) => f.id);
  check(near.count > 0 && near.count === apiNear.features.length && JSON.stringify(near.ids) === JSON.stringify(apiIds),
    `near here lists the ${apiIds.length} community assets /api/near finds within 10 minutes, nearest first`);
  check(near.drawn === apiNear.features.length, `and draws them (${near.drawn} on the map)`);
  check(near.heading === sub(cy[near.count === 1 ? 'web.near.results_domain_one' : 'web.near.results_domain'], { n: near.count, minutes: 10, domain: cy['domain.community'] }),
    `the result heading is Welsh: "${near.heading}"`);
  await shot(page, 'desktop-near.png');
  await page.keyboard.press('Escape');
  await page.waitForTimeout(150);
  check(await page.isHidden('#panel') && (await page.getAttribute('#near-toggle', 'aria-pressed')) === 'false', 'Escape closes the near-here panel and ends the mode');
  check(d.foreign.length === 0, `nothing was requested from another host${d.foreign.length ? `: ${d.foreign.slice(0, 3).join(', ')}` : ''}`);
  check(d.problems.length === 0, `no script or console errors${d.problems.length ? `: ${d.problems.slice(0, 3).join(' | ')}` : ''}`);
  await d.context.close();

  // 6. Keyboard.
  const k = await newPage({ width: 1280, height: 800 });
  await k.page.goto(`${base}/?lang=en`);
  await k.page.waitForSelector('body[data-state=ready]', { timeout: 30000 });
  await waitIdle(k.page);
  const order = [];
  for (let i = 0; i < 7; ++i) {
    await k.page.keyboard.press('Tab');
    order.push(await focusInfo(k.page));
  }
  check(order[0].text === en['web.skip_link'] && order[1].id === 'near-toggle' && order[2].id === 'edit-toggle' && order[3].id === 'lang-switch' &&
    order[4].id === 'controls-toggle' && order[5].id === 'area-select' && order[6].id === 'indicator-select',
  `focus order: ${order.map((o) => o.id || o.text).join(' → ')}`);
  check(order.every((o) => o.outline && o.shadow), 'focus is visible on each (outline and ring)');
  await k.page.focus('#area-select');
  await k.page.keyboard.press('ArrowDown');
  await k.page.waitForSelector('#panel-body svg.spider', { timeout: 15000 });
  check(await k.page.evaluate(() => document.activeElement.id === 'panel-title'), 'choosing an area from the keyboard opens its profile, focus on its heading');
  await k.page.keyboard.press('Escape');
  await k.page.waitForTimeout(100);
  check(await k.page.isHidden('#panel') && await k.page.evaluate(() => document.activeElement.id === 'area-select'), 'Escape closes the panel and gives focus back');
  await k.page.focus('canvas.maplibregl-canvas');
  const z0 = await k.page.evaluate(() => window.assetmap.map.getZoom());
  await k.page.keyboard.press('Equal');
  await waitIdle(k.page);
  const z1 = await k.page.evaluate(() => window.assetmap.map.getZoom());
  check(z1 > z0 + 0.5, `the map's own keys work (+ zooms ${z0.toFixed(2)} → ${z1.toFixed(2)})`);
  const cross = await focusInfo(k.page);
  check(await k.page.isVisible('#crosshair') && cross.tag === 'canvas', 'the map shows its centre cross when it has focus');
  // At z11 no asset symbol is drawn, so what is under the cross is the area.
  await k.page.evaluate((ll) => window.assetmap.map.jumpTo({ center: ll, zoom: 11 }), inside);
  await waitIdle(k.page);
  await k.page.keyboard.press('Enter');
  await k.page.waitForSelector('#panel-body[data-area] svg.spider', { timeout: 15000 });
  const opened = await k.page.getAttribute('#panel-body', 'data-area');
  check(opened === code, `Enter on the map opens the area under the cross (${opened})`);
  await k.page.keyboard.press('Escape');
  // A shared link: the language and the area from the URL.
  await k.page.goto(`${base}/?lang=cy#area=${code}`);
  await k.page.waitForSelector(`#panel-body[data-area="${code}"][data-lang="cy"] svg.spider`, { timeout: 20000 });
  check((await k.page.textContent('#panel-title')) === apiEn.name && (await k.page.getAttribute('html', 'lang')) === 'cy',
    'a link with ?lang=cy#area=CODE opens that profile in Welsh');
  check(k.problems.length === 0, 'no errors in the keyboard run');
  await k.context.close();

  // 7. A 375 px phone.
  const m = await newPage({ width: 375, height: 740 }, { deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await m.page.goto(`${base}/?lang=en`);
  await m.page.waitForSelector('body[data-state=ready]', { timeout: 30000 });
  await waitIdle(m.page);
  const layout = await m.page.evaluate(() => {
    const r = (id) => document.getElementById(id).getBoundingClientRect().toJSON();
    return { scroll: document.documentElement.scrollWidth, near: r('near-toggle'), lang: r('lang-switch'), controls: r('controls'), toggle: document.getElementById('controls-toggle').getAttribute('aria-expanded') };
  });
  check(layout.scroll <= 375, `nothing scrolls sideways at 375 px (${layout.scroll})`);
  check(layout.near.right <= 375 && layout.lang.right <= 375 && layout.near.left >= 0, 'the top bar buttons fit');
  check(layout.toggle === 'false' && layout.controls.height < 90, 'the controls start folded, the map is seen first');
  await shot(m.page, 'phone-map.png');
  await m.page.tap('#controls-toggle');
  check(await m.page.isVisible('#indicator-select') && await m.page.isVisible('#legend'), 'unfolded, the selector and the legend show');
  await shot(m.page, 'phone-controls.png');
  await m.page.selectOption('#area-select', code);
  await m.page.waitForSelector(`#panel-body[data-area="${code}"] svg.spider`, { timeout: 15000 });
  await waitIdle(m.page);
  const sheet = await m.page.evaluate(() => {
    const p = document.getElementById('panel').getBoundingClientRect();
    const svg = document.querySelector('#panel svg.spider').getBoundingClientRect();
    return { left: p.left, width: p.width, bottom: p.bottom, top: p.top, svgW: svg.width, scroll: document.documentElement.scrollWidth };
  });
  check(sheet.left === 0 && sheet.width === 375 && Math.abs(sheet.bottom - 740) < 1 && sheet.top > 250,
    `the panel is a bottom sheet (top ${Math.round(sheet.top)} px of 740)`);
  check(sheet.svgW > 250 && sheet.svgW <= 375 && sheet.scroll <= 375, `the chart fits the phone (${Math.round(sheet.svgW)} px wide)`);
  await shot(m.page, 'phone-profile.png');
  await m.page.tap('#panel-expand');
  await m.page.waitForTimeout(200);
  check((await m.page.evaluate(() => document.getElementById('panel').getBoundingClientRect().top)) < 100, 'the sheet expands to nearly the full height');
  await m.page.evaluate(() => document.querySelector('#panel .indicators').scrollIntoView());
  await shot(m.page, 'phone-profile-expanded.png');
  await m.page.tap('#panel-close');
  await m.page.tap('#near-toggle');
  await m.page.tap('#near-centre');
  await m.page.waitForSelector('#near-results[data-state]:not([data-state=loading]):not([data-state=idle])', { timeout: 20000 });
  await waitIdle(m.page);
  check(await m.page.isVisible('#near-results h3, #near-results .error'), 'near here works from the phone (walk from the centre)');
  await shot(m.page, 'phone-near.png');
  check(m.problems.length === 0 && m.foreign.length === 0, 'no errors and no outside requests on the phone');
  await m.context.close();

  // 8. Editing (last: its edits change the atlas the checks above compare with).
  await editTests({ browser, base, newPage, check, shot, waitIdle, screenPoint, getJson, interiorPoint, en, cy, sub, token: TOKEN, editor: EDITOR });
}

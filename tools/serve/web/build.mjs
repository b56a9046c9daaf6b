// Bundles the web map into one folder that `assetmap serve` serves at `/`:
//   index.html, app.js (+ app.js.map), app.css (+ app.css.map).
// Run by the build (tools/serve/web/web.cmake) as `node build.mjs --out DIR`; the page's
// sources are src/, the message catalogues tools/i18n/{en,cy}.json (bundled, so the page
// needs no request for its strings), MapLibre GL JS and its CSS from node_modules (npm ci).
// Nothing at run time comes from the internet: no CDN, no web fonts, no basemap.
//
// Incremental: the inputs of the last bundle and their hash are kept beside DIR in
// DIR.inputs.json; when none changed, nothing is written. The bundle is written into
// DIR.tmp and renamed into place, so a half-written bundle is never served.
// Without esbuild (npm ci not run) it says so on one line and exits 0 without a bundle:
// the server then serves its placeholder page, and the browser test reports itself skipped.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const i18nDir = resolve(here, '../../i18n');

function usage(message) {
  console.error(`build.mjs: ${message}\nusage: node build.mjs --out DIR [--force]`);
  process.exit(2);
}

const args = process.argv.slice(2);
let out = '';
let force = false;
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--out') out = args[++i] ?? '';
  else if (args[i] === '--force') force = true;
  else usage(`unknown argument '${args[i]}'`);
}
if (!out) usage('--out DIR is required');
out = resolve(out);
const stampFile = `${out}.inputs.json`;

/** Hash of the contents of `files` (paths relative to `here`), in the given order. */
function hashOf(files) {
  const h = createHash('sha256');
  for (const f of files) {
    h.update(f + '\0');
    try {
      h.update(readFileSync(resolve(here, f)));
    } catch {
      h.update('(missing)');
    }
    h.update('\0');
  }
  return h.digest('hex');
}

if (!force && existsSync(stampFile) && existsSync(join(out, 'index.html'))) {
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    if (stamp.hash === hashOf(stamp.inputs)) process.exit(0);  // up to date
  } catch {
    // a broken stamp: rebuild
  }
}

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.warn(
    'assetmap web: esbuild is not installed, so the web map is not bundled ' +
      '(run `npm ci` in tools/serve/web; tools/setup.sh does); assetmap serve shows its placeholder page');
  process.exit(0);
}

// The catalogues hold the report's strings too; the page needs none of them.
const catalogueFilter = {
  name: 'catalogue-filter',
  setup(build) {
    build.onLoad({ filter: /[\\/]i18n[\\/](en|cy)\.json$/ }, (a) => {
      const entries = JSON.parse(readFileSync(a.path, 'utf8'));
      for (const key of Object.keys(entries)) if (key.startsWith('report.')) delete entries[key];
      return { contents: JSON.stringify(entries), loader: 'json' };
    });
  },
};

const tmp = `${out}.tmp`;
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });

const common = {
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  legalComments: 'linked',
  absWorkingDir: here,
};
const js = await esbuild.build({
  ...common,
  entryPoints: ['src/main.js'],
  outfile: join(tmp, 'app.js'),
  format: 'iife',
  target: ['es2020'],
  plugins: [catalogueFilter],
});
const css = await esbuild.build({
  ...common,
  entryPoints: ['src/app.css'],
  outfile: join(tmp, 'app.css'),
});
writeFileSync(join(tmp, 'index.html'), readFileSync(join(here, 'index.html')));

// Inputs for the next run's up-to-date check: what esbuild read, and this script.
const inputs = new Set(['build.mjs', 'index.html', 'package-lock.json']);
for (const meta of [js.metafile, css.metafile])
  for (const f of Object.keys(meta.inputs)) inputs.add(relative(here, resolve(here, f)));
for (const lang of ['en', 'cy']) inputs.add(relative(here, join(i18nDir, `${lang}.json`)));
const list = [...inputs].sort();

rmSync(out, { recursive: true, force: true });
renameSync(tmp, out);
writeFileSync(stampFile, JSON.stringify({ hash: hashOf(list), inputs: list }, null, 1) + '\n');
const bytes = Object.values(js.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`assetmap web: bundled ${list.length} inputs into ${out} (app.js ${(bytes / 1024).toFixed(0)} KB with map)`);

// Every message key the web page uses exists in both catalogues (tools/i18n/en.json and
// cy.json), every `web.*` key of the catalogues is used by the page, and each `web.*` string
// has the same {placeholders} in both languages.
//
//   node tests/web/check_keys.mjs CHECKOUT
//
// Keys are read from the page's sources as written: quoted literals ('web.near.title') in
// tools/serve/web/src/*.js and data-i18n* attributes in index.html. A key built at run time
// from a `web.` prefix cannot be checked, so it is an error too.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2];
if (!root) {
  console.error('usage: node check_keys.mjs CHECKOUT');
  process.exit(2);
}
const web = join(root, 'tools/serve/web');
const en = JSON.parse(readFileSync(join(root, 'tools/i18n/en.json'), 'utf8'));
const cy = JSON.parse(readFileSync(join(root, 'tools/i18n/cy.json'), 'utf8'));

const problems = [];
const used = new Map();  // key → first place it is used
const prefixes = '(?:web|common|score|domain|category|measure|format|language)';
const literal = new RegExp(`(['"\`])(${prefixes}\\.[A-Za-z0-9_.]+)\\1`, 'g');

const files = readdirSync(join(web, 'src')).filter((f) => f.endsWith('.js')).sort().map((f) => join('src', f));
for (const file of files) {
  const text = readFileSync(join(web, file), 'utf8');
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(literal)) if (!used.has(m[2])) used.set(m[2], `${file}:${i + 1}`);
    if (/['"`]web\.[A-Za-z0-9_.]*\$\{|['"`]web\.[A-Za-z0-9_.]*['"`]\s*\+/.test(line))
      problems.push(`${file}:${i + 1}: a web.* key built at run time; write each key out in full`);
  });
}
const html = readFileSync(join(web, 'index.html'), 'utf8');
html.split('\n').forEach((line, i) => {
  for (const m of line.matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/g)) if (!used.has(m[1])) used.set(m[1], `index.html:${i + 1}`);
});

const placeholders = (s) => [...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
let webKeys = 0;
for (const [key, where] of used) {
  if (key.startsWith('web.')) webKeys += 1;
  for (const [lang, cat] of [['en', en], ['cy', cy]])
    if (typeof cat[key] !== 'string' || cat[key] === '') problems.push(`${where}: "${key}" is missing from tools/i18n/${lang}.json`);
}
for (const key of Object.keys(en).filter((k) => k.startsWith('web.'))) {
  if (!used.has(key)) problems.push(`tools/i18n/en.json: "${key}" is not used by the page (remove it from both catalogues)`);
  if (typeof cy[key] === 'string' && placeholders(en[key]) !== placeholders(cy[key]))
    problems.push(`tools/i18n: "${key}" has placeholders {${placeholders(en[key])}} in en.json but {${placeholders(cy[key])}} in cy.json`);
}
for (const key of Object.keys(cy).filter((k) => k.startsWith('web.') && !(k in en)))
  problems.push(`tools/i18n/cy.json: "${key}" is not in en.json`);

if (problems.length) {
  for (const p of problems) console.log(`not ok - ${p}`);
  console.log(`# ${problems.length} problems in the web page's message keys`);
  process.exit(1);
}
console.log(`ok - ${used.size} keys used by the web page (${webKeys} web.*) are in en.json and cy.json, with the same placeholders; no web.* key is unused`);

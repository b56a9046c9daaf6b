// The web map's editing mode (issue 9) in headless Chromium, called by browser_test.mjs with
// a server started with --tokens (editor `tester`). Each check compares the page with the
// server's own answers (/api/areas/{code}, /api/assets/{id}, /api/audit) or the catalogues:
//  - a wrong token is refused with the catalogue's message; a right one signs in (whoami's
//    name), is kept in sessionStorage and survives a reload;
//  - an asset added by clicking the map is in /api/areas/{code} (count + 1), drawn on the map
//    (rendered features of the asset layers), counted in the profile panel; its history
//    lists the add; Undo takes it off the API, the map and the profile (counts back);
//  - a 409 duplicate offers "Add anyway"; a write answered 403 signs out with the message;
//  - a CSV with bad rows lists each row's line and field and imports nothing; a good one
//    imports every row; a correction from the popup renames and shows in the history;
//  - a server without editing says so; the Welsh form and its field errors; the phone layout.

export async function editTests(ctx) {
  const { browser, base, newPage, check, shot, waitIdle, screenPoint, getJson, interiorPoint, en, cy, sub, token, editor } = ctx;
  const code = 'W02000360';
  const feature = await getJson(`/ogcapi/collections/areas/items/${code}`);
  const inside = interiorPoint(feature.geometry);
  const countAssets = (p) => Object.values(p.assets).reduce((n, list) => n + list.length, 0);
  const before = await getJson(`/api/areas/${code}?lang=en`);
  const n0 = countAssets(before);
  // A category with no asset in the area, so the click is no duplicate.
  const atlas = await getJson('/api/atlas');
  const present = new Set(Object.values(before.assets).flat().map((a) => a.category));
  const category = ['community_centre', 'library', 'place_of_worship', 'pharmacy']
    .find((c) => atlas.categories.some((x) => x.id === c) && !present.has(c)) ||
    atlas.categories.find((c) => !present.has(c.id) && c.id !== 'bus_stop').id;
  const assetLayers = await (async () => ['community', 'individual', 'structural'].flatMap((d) => [`assets-${d}`, `assets-${d}-bus`]))();
  const drawnIds = (page) => page.evaluate((layers) => {
    const m = window.assetmap.map;
    return [...new Set(m.queryRenderedFeatures({ layers: layers.filter((l) => m.getLayer(l)) }).map((f) => f.properties.asset_id))];
  }, assetLayers);
  const waitDrawn = async (page, id, wanted) => {
    const t0 = Date.now();
    while (Date.now() - t0 < 20000) {
      await waitIdle(page);
      if ((await drawnIds(page)).includes(id) === wanted) return true;
      await page.waitForTimeout(300);
    }
    return false;
  };
  // Clicks an asset's symbol and waits for its popup (with `button` in it). The map may still
  // be settling after the panel closed or a jump (a resize moves the symbol), so a click that
  // opened nothing is tried again, on the symbol's place asked again, up to three times.
  const openPopup = async (page, id, lonLat, button) => {
    const selector = `.popup[data-asset-id="${id}"] ${button}`;
    for (let attempt = 1; ; ++attempt) {
      await waitIdle(page);
      const at = await screenPoint(page, lonLat);
      await page.mouse.click(at.x, at.y);
      try {
        await page.waitForSelector(selector, { timeout: attempt < 3 ? 5000 : 15000 });
        return at;
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
  };
  // Chromium logs every 4xx fetch as a console error: the refusals this test provokes are expected.
  const unexpected = (problems) => problems.filter((p) => !/status of (400|401|403|409|429)/.test(p));

  // 1. Sign in: a wrong token, then the right one.
  const d = await newPage({ width: 1280, height: 800 });
  const { page } = d;
  await page.goto(`${base}/?lang=en`);
  await page.waitForSelector('body[data-state=ready]', { timeout: 30000 });
  check((await page.textContent('#edit-toggle .label')) === en['web.edit.button'], `the top bar offers "${en['web.edit.button']}"`);
  await page.click('#edit-toggle');
  await page.waitForSelector('#edit-token', { timeout: 10000 });
  check(await page.evaluate(() => document.activeElement.id === 'panel-title') && (await page.textContent('#panel-title')) === en['web.edit.title'],
    'the editing panel opens with focus on its heading');
  check(await page.evaluate(() => document.querySelector('label[for=edit-token]') !== null && document.getElementById('edit-token').type === 'password'),
    'the token field is labelled and hidden as a password');
  await page.fill('#edit-token', 'not-a-token-of-this-server');
  await page.click('#edit-signin');
  await page.waitForSelector('#edit-message:not([hidden])', { timeout: 10000 });
  check((await page.textContent('#edit-message')) === en['web.edit.signin.wrong'] &&
    (await page.evaluate(() => sessionStorage.getItem('assetmap.editToken'))) === null,
  'a wrong token is refused with the catalogue\'s message and not kept');
  await page.fill('#edit-token', token);
  await page.click('#edit-signin');
  await page.waitForSelector('#edit-who', { timeout: 10000 });
  check((await page.textContent('#edit-who')) === sub(en['web.edit.signed_in_as'], { name: editor }) &&
    (await page.evaluate(() => sessionStorage.getItem('assetmap.editToken'))) === token,
  `signed in as "${editor}" (GET /api/whoami), the token kept in sessionStorage only`);
  check(await page.evaluate(() => localStorage.getItem('assetmap.editToken')) === null, 'the token is not in localStorage');
  await page.reload();
  await page.waitForSelector('body[data-state=ready][data-edit=signed-in]', { timeout: 30000 });
  check((await page.textContent('#edit-toggle .label')) === en['web.edit.button_signed_in'], 'a reload keeps the tab signed in');
  await waitIdle(page);

  // 2. Add an asset by clicking the map.
  await page.evaluate((ll) => window.assetmap.map.jumpTo({ center: ll, zoom: 16 }), inside);
  await waitIdle(page);
  await page.click('#edit-toggle');
  await page.click('#edit-add');
  await page.waitForSelector('#panel-body[data-view=place]');
  check(await page.isVisible('#edit-hint') && (await page.textContent('#edit-hint')) === en['web.edit.place.hint'], 'add mode: the map says to click where the asset is');
  let pt = await screenPoint(page, inside);
  await page.mouse.click(pt.x, pt.y);
  await page.waitForSelector('#edit-form[data-mode=add]', { timeout: 10000 });
  check(await page.evaluate(() => document.activeElement.id === 'edit-category'), 'the form opens with focus on its first field');
  const labels = await page.evaluate(() => [...document.querySelectorAll('#edit-form input, #edit-form select, #edit-form textarea')]
    .map((c) => [c.id, document.querySelector(`label[for="${c.id}"]`)?.textContent || '']));
  check(labels.length === 4 && labels.every(([, l]) => l !== ''), `every field has its label (${labels.map((l) => l[1]).join(', ')})`);
  const options = await page.$$eval('#edit-category option', (os) => os.map((o) => o.value).filter(Boolean));
  check(options.length === atlas.categories.length && atlas.categories.every((c) => options.includes(c.id)),
    `the category list is the taxonomy's ${atlas.categories.length} categories`);
  // An empty name is caught beside the field before anything is sent.
  await page.selectOption('#edit-category', category);
  await page.click('#edit-submit');
  await page.waitForSelector('#edit-name[aria-invalid=true]');
  check((await page.textContent('#edit-name-error')) === en['web.edit.error.name_empty'] &&
    await page.evaluate(() => document.activeElement.id === 'edit-name' && document.getElementById('edit-name').getAttribute('aria-describedby').includes('edit-name-error')),
  'a missing name is reported next to the field (aria-invalid, described by the error), focus on it');
  const name = 'Chapel hall lunch club';
  await page.fill('#edit-name', name);
  check(!(await page.$('#edit-name-error')) && (await page.getAttribute('#edit-name', 'aria-invalid')) === null, 'typing a name clears its error');
  await page.fill('#edit-capacity', '40');
  await page.fill('#edit-note', 'Tuesdays and Thursdays at noon');
  await shot(page, 'desktop-edit-form.png');
  const posted = page.waitForResponse((r) => r.url().endsWith('/api/assets') && r.request().method() === 'POST');
  await page.click('#edit-submit');
  const postRes = await posted;
  await page.waitForSelector('#panel-body[data-view=done]', { timeout: 30000 });
  const added = await postRes.json();
  const id = await page.getAttribute('#panel-body', 'data-asset-id');
  check(postRes.status() === 201 && id === added.asset_id && added.asset.name === name && added.asset.capacity === 40 &&
    postRes.request().headers().authorization === `Bearer ${token}`,
  `POST /api/assets with the token added ${id} (201)`);
  const after = await getJson(`/api/areas/${code}?lang=en`);
  check(countAssets(after) === n0 + 1 && Object.values(after.assets).flat().some((a) => a.asset_id === id),
    `/api/areas/${code} counts it: ${n0} → ${countAssets(after)} assets`);
  check(await waitDrawn(page, id, true), 'the new asset is drawn on the map (the vector tiles were read again)');
  check((await page.textContent('#panel-title')) === sub(en['web.edit.done.added'], { name }), `the panel says "${sub(en['web.edit.done.added'], { name })}"`);
  await shot(page, 'desktop-edit-added.png');
  await page.click('#edit-show-area');
  await page.waitForSelector(`#panel-body[data-area="${code}"] #assets-heading`, { timeout: 15000 });
  check((await page.textContent('#assets-heading')) === sub(en['web.profile.assets_heading'], { n: n0 + 1 }),
    `the area's profile counts it: "${await page.textContent('#assets-heading')}"`);
  const listed = await page.$$eval('#panel .asset-list .asset-name', (s) => s.map((x) => x.textContent));
  check(listed.includes(name), 'and lists it among the area\'s assets');

  // 3. A duplicate: the same kind of asset at the same place → 409 and "Add anyway" offered.
  await page.click('#edit-toggle');
  await page.click('#edit-add');
  pt = await screenPoint(page, inside);
  await page.mouse.click(pt.x, pt.y);
  await page.waitForSelector('#edit-form[data-mode=add]');
  await page.selectOption('#edit-category', category);
  await page.fill('#edit-name', `${name} again`);
  await page.click('#edit-submit');
  await page.waitForSelector('#edit-duplicate', { timeout: 15000 });
  const dupText = await page.textContent('#edit-duplicate p');
  check(dupText.includes(name) && await page.isVisible('#edit-force') && (await page.textContent('#edit-force')) === en['web.edit.duplicate.force'] &&
    await page.evaluate(() => document.activeElement.id === 'edit-force'),
  `a duplicate is named with its distance and "Add anyway" is offered: "${dupText}"`);
  check(countAssets(await getJson(`/api/areas/${code}?lang=en`)) === n0 + 1, 'nothing was added by the refused duplicate');
  await page.click('#edit-cancel');

  // 4. The asset's popup (signed in): its history, then Undo.
  await page.keyboard.press('Escape');
  await waitIdle(page);
  pt = await openPopup(page, id, [added.asset.lon, added.asset.lat], '.popup-history');
  check((await page.textContent('.popup h3')) === name && await page.isVisible('.popup .popup-correct'), 'its popup offers Correct and Change history');
  await page.click('.popup .popup-history');
  await page.waitForSelector('#edit-history .edit-entry', { timeout: 15000 });
  const history = await getJson(`/api/assets/${encodeURIComponent(id)}`);
  const shown = await page.$$eval('#edit-history .edit-entry', (lis) => lis.map((li) => ({ id: li.dataset.auditId, action: li.dataset.action, undo: !!li.querySelector('.edit-undo'), text: li.textContent })));
  check(shown.length === history.history.length && shown.length === 1 && shown[0].action === 'add' && shown[0].undo &&
    shown[0].text.includes(sub(en['web.edit.history.added'], { editor })),
  `the history lists the add by ${editor}, with Undo (as /api/assets/{id})`);
  await shot(page, 'desktop-edit-history.png');
  await page.click('#edit-history .edit-undo');
  await page.waitForSelector('#edit-history-state', { timeout: 30000 });
  await page.waitForFunction((t) => document.getElementById('edit-history-state')?.textContent === t, en['web.edit.history.state_retired'], { timeout: 30000 });
  const undone = await getJson(`/api/areas/${code}?lang=en`);
  check(countAssets(undone) === n0 && !Object.values(undone.assets).flat().some((a) => a.asset_id === id),
    `Undo takes it off /api/areas/${code}: back to ${countAssets(undone)} assets`);
  check((await page.$$('#edit-history .edit-entry')).length === 2 && (await page.$$('#edit-history .edit-undo')).length === 1,
    'the history now has the undo (which itself can be undone)');
  check(await waitDrawn(page, id, false), 'and the map no longer draws it');
  await page.selectOption('#area-select', code);
  await page.waitForSelector(`#panel-body[data-area="${code}"] #assets-heading`, { timeout: 15000 });
  check((await page.textContent('#assets-heading')) === sub(en['web.profile.assets_heading'], { n: n0 }), 'the profile counts it no more');

  // 5. CSV: a file with bad rows imports nothing and lists each; a good one imports all.
  const audit0 = (await getJson('/api/audit?limit=1')).last_id;
  const [w, s, e, n] = feature.bbox || [inside[0] - 0.002, inside[1] - 0.002, inside[0] + 0.002, inside[1] + 0.002];
  const bad = 'lon,lat,category,name,capacity\n' +
    `${inside[0] + 0.0004},${inside[1] + 0.0003},${category},Good row,\n` +
    `${inside[0]},${inside[1]},no_such_category,Bad category,\n` +
    `${inside[0] - 0.0005},${inside[1]},${category},Bad capacity,-3\n` +
    `${(w + e) / 2 + 5},${(s + n) / 2},${category},Far away,\n`;
  await page.click('#edit-toggle');
  await page.setInputFiles('#edit-csv', { name: 'assets.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.click('#edit-import');
  await page.waitForSelector('#edit-import-rows', { timeout: 15000 });
  const rows = await page.$$eval('#edit-import-rows tbody tr', (trs) => trs.map((tr) => [Number(tr.dataset.line), tr.dataset.field]));
  check(JSON.stringify(rows) === JSON.stringify([[3, 'category'], [4, 'capacity'], [5, 'lon']]) &&
    (await page.textContent('#edit-import-summary')) === sub(en['web.edit.import.bad'], { n: 3 }),
  `every bad row is listed with its line and column (${rows.map((r) => r.join(':')).join(', ')})`);
  check((await getJson('/api/audit?limit=1')).last_id === audit0, 'and nothing was imported');
  await shot(page, 'desktop-edit-import.png');
  const good = 'lon,lat,category,name,capacity,note\n' +
    `${inside[0] + 0.0004},${inside[1] + 0.0003},${category},"Imported hall, east",25,from a CSV\n` +
    `${inside[0] - 0.0006},${inside[1] - 0.0002},${category},Imported hall west,,\n`;
  await page.setInputFiles('#edit-csv', { name: 'assets.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.click('#edit-import');
  await page.waitForSelector('#edit-import-result[data-state=done]', { timeout: 30000 });
  const imported = await getJson(`/api/areas/${code}?lang=en`);
  check((await page.getAttribute('#edit-import-result', 'data-imported')) === '2' && countAssets(imported) === n0 + 2,
    `a good file imports both rows (${n0} → ${countAssets(imported)} assets in ${code})`);
  await page.waitForSelector('#edit-recent-list .edit-entry', { timeout: 15000 });
  const recent = await page.$$eval('#edit-recent-list .edit-entry', (lis) => lis.map((li) => Number(li.dataset.auditId)));
  const lastAudit = (await getJson('/api/audit?limit=1')).last_id;
  check(recent[0] === lastAudit && recent.length >= 4, `recent changes list the audit newest first (${recent.slice(0, 4).join(', ')}…)`);

  // 6. Correct from the popup: rename.
  const east = Object.values(imported.assets).flat().find((a) => a.name === 'Imported hall, east');
  await page.keyboard.press('Escape');
  await page.evaluate((a) => window.assetmap.map.jumpTo({ center: [a.lon, a.lat], zoom: 17 }), east);
  await waitDrawn(page, east.asset_id, true);
  pt = await openPopup(page, east.asset_id, [east.lon, east.lat], '.popup-correct');
  await page.click('.popup .popup-correct');
  await page.waitForSelector('#edit-form[data-mode=correct]', { timeout: 15000 });
  check((await page.inputValue('#edit-name')) === 'Imported hall, east' && (await page.inputValue('#edit-capacity')) === '25' &&
    (await page.inputValue('#edit-note')) === 'from a CSV', 'Correct opens the form with the asset\'s name, capacity and note');
  await page.fill('#edit-name', 'Imported hall (east)');
  // Move it: "Move it", then a click on the map 40 px to the right.
  await page.click('#edit-move');
  check((await page.getAttribute('#edit-move', 'aria-pressed')) === 'true' && await page.isVisible('#edit-hint'), 'Move asks for a click on the new place');
  await page.mouse.click(pt.x + 40, pt.y);
  await page.waitForFunction(() => /\d/.test(document.getElementById('edit-place-text')?.textContent || ''));
  const to = await page.evaluate(([x, y]) => {
    const m = window.assetmap.map;
    const r = m.getContainer().getBoundingClientRect();
    const ll = m.unproject([x - r.left, y - r.top]);
    return [ll.lng, ll.lat];
  }, [pt.x + 40, pt.y]);
  await page.click('#edit-submit');
  await page.waitForSelector('#panel-body[data-view=done]', { timeout: 30000 });
  const corrected = await getJson(`/api/assets/${encodeURIComponent(east.asset_id)}`);
  const movedM = Math.hypot((corrected.asset.lon - to[0]) * 69400, (corrected.asset.lat - to[1]) * 111200);
  check(corrected.asset.name === 'Imported hall (east)' && corrected.history.at(-1).action === 'correct' && movedM < 1,
    `one PATCH renamed and moved it to the place clicked (${movedM.toFixed(2)} m off)`);
  await page.click('#edit-show-history');
  await page.waitForSelector('#edit-history .edit-entry', { timeout: 15000 });
  const renamed = await page.textContent('#edit-history .edit-entry');
  check(renamed.includes(sub(en['web.edit.history.renamed'], { before: 'Imported hall, east', after: 'Imported hall (east)' })) &&
    /Moved \d+ m/.test(renamed), `the history says what changed: "${renamed.replace(/\s+/g, ' ').slice(0, 140)}"`);

  // 6b. Retire from the popup, with a confirmation.
  const west = Object.values(imported.assets).flat().find((a) => a.name === 'Imported hall west');
  await page.keyboard.press('Escape');
  await page.evaluate((a) => window.assetmap.map.jumpTo({ center: [a.lon, a.lat], zoom: 17 }), west);
  await waitDrawn(page, west.asset_id, true);
  pt = await openPopup(page, west.asset_id, [west.lon, west.lat], '.popup-retire');
  await page.click('.popup .popup-retire');
  await page.waitForSelector('#edit-retire-yes', { timeout: 15000 });
  check(await page.evaluate(() => document.activeElement.id === 'edit-retire-no') &&
    (await page.textContent('#edit-retire-question')) === sub(en['web.edit.retire.confirm'], { name: 'Imported hall west' }),
  'Retire asks first, focus on "No, keep it"');
  await shot(page, 'desktop-edit-retire.png');
  await page.click('#edit-retire-yes');
  await page.waitForSelector('#panel-body[data-view=done]', { timeout: 30000 });
  const retired = await getJson(`/api/assets/${encodeURIComponent(west.asset_id)}`);
  check(retired.retired && countAssets(await getJson(`/api/areas/${code}?lang=en`)) === n0 + 1 && await waitDrawn(page, west.asset_id, false),
    'retired: gone from the area\'s assets and from the map, kept in the history');

  // 7. A write refused for the token (it was withdrawn): signed out with the message.
  await page.route('**/api/assets/*', (route) => (route.request().method() === 'PATCH'
    ? route.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ status: 403, error: 'forbidden', field: '', message: 'the token is not one of this server\'s editors\' tokens' }) })
    : route.continue()));
  await page.keyboard.press('Escape');
  await page.evaluate((a) => window.assetmap.map.jumpTo({ center: [a.lon, a.lat], zoom: 17 }), corrected.asset);
  await waitDrawn(page, east.asset_id, true);
  pt = await openPopup(page, east.asset_id, [corrected.asset.lon, corrected.asset.lat], '.popup-correct');
  await page.click('.popup .popup-correct');
  await page.waitForSelector('#edit-form[data-mode=correct]');
  await page.fill('#edit-name', 'Refused');
  await page.click('#edit-submit');
  await page.waitForSelector('body[data-edit=signed-out] #edit-message', { timeout: 15000 });
  check((await page.textContent('#edit-message')) === en['web.edit.signin.refused'] &&
    (await page.evaluate(() => sessionStorage.getItem('assetmap.editToken'))) === null && await page.isVisible('#edit-token'),
  'a write answered 403 signs out, forgets the token and says why');
  await page.unroute('**/api/assets/*');
  check(unexpected(d.problems).length === 0, `no script errors while editing${unexpected(d.problems).length ? `: ${unexpected(d.problems).slice(0, 3).join(' | ')}` : ''}`);
  await d.context.close();

  // 8. Welsh: the edit form and its errors.
  const c = await newPage({ width: 1280, height: 800 });
  await c.page.goto(`${base}/?lang=cy`);
  await c.page.waitForSelector('body[data-state=ready]', { timeout: 30000 });
  check((await c.page.textContent('#edit-toggle .label')) === cy['web.edit.button'], `Welsh: "${cy['web.edit.button']}"`);
  await c.page.click('#edit-toggle');
  await c.page.fill('#edit-token', token);
  await c.page.click('#edit-signin');
  await c.page.waitForSelector('#edit-add');
  await c.page.evaluate((ll) => window.assetmap.map.jumpTo({ center: ll, zoom: 15 }), inside);
  await waitIdle(c.page);
  await c.page.click('#edit-add');
  check((await c.page.textContent('#panel-title')) === cy['web.edit.add.title'], `the panel is Welsh: "${cy['web.edit.add.title']}"`);
  // From the keyboard: Enter on the map uses its centre.
  await c.page.focus('canvas.maplibregl-canvas');
  await c.page.keyboard.press('Enter');
  await c.page.waitForSelector('#edit-form[data-mode=add]');
  await c.page.selectOption('#edit-category', category);
  await c.page.fill('#edit-capacity', 'llawer');
  await c.page.click('#edit-submit');
  await c.page.waitForSelector('#edit-name[aria-invalid=true]');
  const welsh = await c.page.evaluate(() => ({
    labels: Object.fromEntries([...document.querySelectorAll('#edit-form label')].map((l) => [l.htmlFor, l.textContent])),
    nameError: document.getElementById('edit-name-error').textContent,
    capacityError: document.getElementById('edit-capacity-error').textContent,
    submit: document.getElementById('edit-submit').textContent,
    group: document.querySelector('#edit-category optgroup').label,
  }));
  check(welsh.labels['edit-category'] === cy['web.edit.field.category'] && welsh.labels['edit-name'] === cy['web.edit.field.name'] &&
    welsh.labels['edit-capacity'] === cy['web.edit.field.capacity'] && welsh.labels['edit-note'] === cy['web.edit.field.note'] &&
    welsh.submit === cy['web.edit.add.submit'] && welsh.group === cy['domain.individual'],
  'Welsh: the form\'s labels, button and category groups are the cy catalogue\'s');
  check(welsh.nameError === cy['web.edit.error.name_empty'] && welsh.capacityError === cy['web.edit.error.capacity'],
    `Welsh: the field errors are too ("${welsh.nameError}")`);
  await shot(c.page, 'desktop-edit-welsh.png');
  // Switching the language keeps what was typed and the place.
  await c.page.click('#lang-switch');
  await c.page.waitForFunction((t) => document.querySelector('label[for=edit-name]')?.textContent === t, en['web.edit.field.name'], { timeout: 10000 });
  check((await c.page.inputValue('#edit-capacity')) === 'llawer' && (await c.page.inputValue('#edit-category')) === category &&
    (await c.page.textContent('#edit-capacity-error')) === en['web.edit.error.capacity'] && (await c.page.textContent('#panel-title')) === en['web.edit.add.title'],
  'switching to English mid-form keeps the values and the place, and translates the errors');
  // The server's refusals (stubbed here: the real ones are the HTTP tests'): a field named
  // in the answer is shown beside that field; 429 says when to try again (Retry-After).
  await c.page.fill('#edit-name', 'Youth club');
  await c.page.fill('#edit-capacity', '');
  const answers = [
    { status: 400, headers: {}, body: { status: 400, error: 'bad_request', field: 'lon', message: 'the place is outside the study areas' } },
    { status: 429, headers: { 'Retry-After': '17' }, body: { status: 429, error: 'too_many_requests', field: '', message: 'at most 60 edits a minute' } },
  ];
  await c.page.route('**/api/assets', (route) => {
    const a = answers.shift();
    return route.fulfill({ status: a.status, headers: a.headers, contentType: 'application/json', body: JSON.stringify(a.body) });
  });
  await c.page.click('#edit-submit');
  await c.page.waitForSelector('#edit-lon-error', { timeout: 10000 });
  check((await c.page.textContent('#edit-lon-error')) === en['web.edit.error.outside'] && await c.page.isVisible('#edit-hint'),
    'a place the server refuses (field lon) is said beside the place, and the map asks for another');
  await c.page.click('#edit-submit');
  await c.page.waitForFunction((t) => document.getElementById('edit-message')?.textContent === t, sub(en['web.edit.error.rate'], { seconds: 17 }), { timeout: 10000 });
  check(true, `429: "${sub(en['web.edit.error.rate'], { seconds: 17 })}"`);
  await c.page.unroute('**/api/assets');
  check(unexpected(c.problems).length === 0, 'no script errors in Welsh');
  await c.context.close();

  // 9. A server without editing says so (its /api/whoami answers 404 or 403).
  const o = await newPage({ width: 1280, height: 800 });
  await o.page.route('**/api/whoami', (route) => route.fulfill({ status: 404, contentType: 'application/json', body: '{"status":404,"error":"not_found","message":"no such URL"}' }));
  await o.page.goto(`${base}/?lang=en`);
  await o.page.waitForSelector('body[data-state=ready]', { timeout: 30000 });
  await o.page.click('#edit-toggle');
  await o.page.waitForSelector('#edit-off', { timeout: 10000 });
  check((await o.page.textContent('#edit-off')) === en['web.edit.off'] && !(await o.page.$('#edit-token')), 'a server without --tokens: "editing is off", no sign-in form');
  await o.context.close();

  // 10. A 375 px phone: the editing panel and the form as a bottom sheet.
  const m = await newPage({ width: 375, height: 740 }, { deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await m.page.goto(`${base}/?lang=en`);
  await m.page.waitForSelector('body[data-state=ready]', { timeout: 30000 });
  const bar = await m.page.evaluate(() => ({ edit: document.getElementById('edit-toggle').getBoundingClientRect().toJSON(), scroll: document.documentElement.scrollWidth }));
  check(bar.edit.right <= 375 && bar.edit.left >= 0 && bar.scroll <= 375, 'phone: the edit button fits the top bar');
  await m.page.tap('#edit-toggle');
  await m.page.fill('#edit-token', token);
  await m.page.tap('#edit-signin');
  await m.page.waitForSelector('#edit-add');
  await shot(m.page, 'phone-edit.png');
  await m.page.evaluate((ll) => window.assetmap.map.jumpTo({ center: ll, zoom: 15 }), inside);
  await waitIdle(m.page);
  await m.page.tap('#edit-add');
  const mapBox = await m.page.evaluate(() => document.getElementById('map').getBoundingClientRect().toJSON());
  await m.page.touchscreen.tap(mapBox.width / 2, mapBox.top + 200);
  await m.page.waitForSelector('#edit-form[data-mode=add]');
  await m.page.waitForTimeout(300);
  await shot(m.page, 'phone-edit-place.png');
  await m.page.tap('#panel-expand');
  await m.page.waitForTimeout(300);
  const sheet = await m.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, form: document.getElementById('edit-form').getBoundingClientRect().toJSON() }));
  check(sheet.scroll <= 375 && sheet.form.right <= 375, 'phone: the form fits, nothing scrolls sideways');
  await shot(m.page, 'phone-edit-form.png');
  await m.page.tap('#lang-switch');
  await m.page.waitForFunction((t) => document.getElementById('panel-title').textContent === t, cy['web.edit.add.title'], { timeout: 10000 });
  const phoneCy = await m.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, label: document.querySelector('label[for=edit-category]').textContent }));
  check(phoneCy.scroll <= 375 && phoneCy.label === cy['web.edit.field.category'], 'phone, in Welsh: the form is Welsh and still fits');
  await shot(m.page, 'phone-edit-form-cy.png');
  check(unexpected(m.problems).length === 0, 'no errors on the phone');
  await m.context.close();
}

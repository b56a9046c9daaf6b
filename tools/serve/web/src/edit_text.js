// The words and checks of the editing mode that need no page: the form's own checks (the
// server's limits, README "Asset editing": name 1–200 characters, capacity above 0 and at most
// 1,000,000, note at most 1,000), what a refused edit means for each field, and one line per
// change of an asset's history. Pure functions over an i18n object, so `node --test` covers them.

import { formatNumber } from './i18n.js';

export const MAX_NAME = 200;
export const MAX_NOTE = 1000;
export const MAX_CAPACITY = 1e6;

/** Characters as the server counts them (code points). */
function length(s) {
  return [...s].length;
}

/**
 * The form's values checked as the server would: {values, errors} with `errors` a map from
 * field to catalogue key and `values` the cleaned body members (capacity a number or null).
 */
export function checkForm({ name = '', capacity = '', note = '' }) {
  const errors = {};
  const values = {};
  const n = String(name).trim();
  if (length(n) === 0) errors.name = 'web.edit.error.name_empty';
  else if (length(n) > MAX_NAME) errors.name = 'web.edit.error.name_long';
  values.name = n;
  const c = String(capacity).trim().replace(/,/g, '');
  if (c === '') values.capacity = null;
  else if (!/^\d+(\.\d+)?$/.test(c) || !(Number(c) > 0) || Number(c) > MAX_CAPACITY) errors.capacity = 'web.edit.error.capacity';
  else values.capacity = Number(c);
  const t = String(note).trim();
  if (length(t) > MAX_NOTE) errors.note = 'web.edit.error.note_long';
  values.note = t;
  return { values, errors };
}

/** The words for a refused edit of `field`, from the catalogue where the page knows the cause. */
export function fieldMessage(error, i18n) {
  switch (error.field) {
    case 'lon':
    case 'lat':
      return error.status === 400 ? i18n.t('web.edit.error.outside') : error.message;
    case 'category':
      return i18n.t('web.edit.error.category');
    default:
      return error.message;
  }
}

/** Great-circle distance in metres between two [lon, lat] points (WGS84 degrees). */
export function distanceM(a, b) {
  const r = 6371008.8;
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
}

const ACTIONS = {
  add: 'web.edit.history.added',
  correct: 'web.edit.history.corrected',
  retire: 'web.edit.history.retired',
  undo: 'web.edit.history.undone',
};

/** The heading of an audit entry: "Added by alice", "Undone by bob (change 12)". */
export function entryTitle(entry, i18n) {
  const args = { editor: entry.token_name, id: entry.undoes ?? '' };
  if (entry.action === 'undo') return i18n.t('web.edit.history.undone', args);
  return i18n.t(ACTIONS[entry.action] || 'web.edit.history.corrected', args);
}

/** "2026-12-07 02:13 UTC" from the audit's ISO time. */
export function entryTime(timeUtc) {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(String(timeUtc || ''));
  return m ? `${m[1]} ${m[2]} UTC` : String(timeUtc || '');
}

/** What an audit entry changed, one line per field, in the page's language. */
export function entryChanges(entry, i18n) {
  const b = entry.before;
  const a = entry.after;
  const cap = (v) => (v == null ? i18n.t('web.edit.history.none') : formatNumber(v, Number.isInteger(v) ? 0 : 1));
  if (!b && a) {
    const lines = [i18n.t('web.edit.history.what', { name: a.name, category: i18n.category(a.category) })];
    if (a.capacity != null) lines.push(i18n.t('web.edit.history.capacity', { before: cap(null), after: cap(a.capacity) }));
    return lines;
  }
  if (b && !a) return [i18n.t('web.edit.history.gone', { name: b.name, category: i18n.category(b.category) })];
  if (!a || !b) return [];
  const lines = [];
  if (a.name !== b.name) lines.push(i18n.t('web.edit.history.renamed', { before: b.name, after: a.name }));
  if (a.category !== b.category)
    lines.push(i18n.t('web.edit.history.recategorised', { before: i18n.category(b.category), after: i18n.category(a.category) }));
  if (a.lon != null && b.lon != null && (a.lon !== b.lon || a.lat !== b.lat)) {
    const m = distanceM([b.lon, b.lat], [a.lon, a.lat]);
    lines.push(i18n.t('web.edit.history.moved', { metres: formatNumber(m, 0) }));
  }
  if ((a.capacity ?? null) !== (b.capacity ?? null)) lines.push(i18n.t('web.edit.history.capacity', { before: cap(b.capacity), after: cap(a.capacity) }));
  if ((a.note ?? '') !== (b.note ?? '')) lines.push(i18n.t('web.edit.history.note'));
  return lines;
}

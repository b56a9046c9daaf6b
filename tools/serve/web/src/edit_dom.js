// Small pieces shared by the editing files (edit.js and the parts it is assembled from).

/** An element with attributes (`class`, `text`, `on<event>` handlers) and children. */
export function el(doc, tag, attrs = {}, ...children) {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/** A GeoJSON point feature at [lon, lat]. */
export function point(lonLat) {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: lonLat }, properties: {} };
}

export const EMPTY = { type: 'FeatureCollection', features: [] };

/** Degrees rounded to 7 decimals (1 cm), as the server stores them. */
export function round7(x) {
  return Math.round(x * 1e7) / 1e7;
}

/** The catalogue message of a write the server refused for a reason other than a field. */
export function writeMessage(e) {
  if (e.status === 429) return { key: 'web.edit.error.rate', args: { seconds: e.retryAfter || 60 }, kind: 'error' };
  if (e.status === 0) return { key: 'web.edit.error.network', kind: 'error' };
  if (e.status === 409) return { key: 'web.edit.error.conflict', kind: 'error' };
  if (e.status === 404) return { key: 'web.edit.error.gone', kind: 'error' };
  if (e.status === 413) return { key: 'web.edit.import.too_big', kind: 'error' };
  if (e.status >= 500) return { key: 'web.edit.error.server', kind: 'error' };
  return { key: 'web.edit.error.refused', args: { message: e.message }, kind: 'error' };
}

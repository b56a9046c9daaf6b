// The server's JSON API, as the page uses it (README, "JSON API"): relative URLs, so the page
// works behind any prefix the server's --public-url gives.

/** An answer other than 2xx: the status and the server's one-line message. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export class Api {
  constructor(base = '') {
    this.base = base.replace(/\/$/, '');
    // Once edits are made from this page (edit.js), what it reads changes under it: every
    // answer is then revalidated (If-None-Match; a 304 when unchanged) instead of being
    // taken from the browser's cache for the server's max-age.
    this.revalidate = false;
  }

  async json(path, { signal } = {}) {
    let res;
    try {
      res = await fetch(this.base + path, {
        headers: { Accept: 'application/json' }, signal, cache: this.revalidate ? 'no-cache' : 'default',
      });
    } catch (e) {
      if (e && e.name === 'AbortError') throw e;
      throw new ApiError(0, String(e && e.message ? e.message : e));
    }
    if (!res.ok) {
      let message = res.statusText;
      try {
        message = (await res.json()).message || message;
      } catch {
        // not JSON
      }
      throw new ApiError(res.status, message);
    }
    return res.json();
  }

  /** What the atlas holds: indicators, comparators, categories, tile sets, near modes. */
  atlas() {
    return this.json('/api/atlas');
  }

  /** The tile sets (name, format, TileJSON URL). */
  tilesets() {
    return this.json('/tiles');
  }

  /** Every area with its scores, indicator values and partial-data categories. */
  areas() {
    return this.json('/api/areas');
  }

  /** One area's profile with its words in `lang`. */
  area(code, lang, options) {
    return this.json(`/api/areas/${encodeURIComponent(code)}?lang=${encodeURIComponent(lang)}`, options);
  }

  /** Assets within `minutes` of a place (lon/lat in WGS84 degrees), optionally of one domain. */
  near({ lon, lat, minutes, domain }, options) {
    const q = new URLSearchParams({ lon: lon.toFixed(6), lat: lat.toFixed(6), minutes: String(minutes) });
    if (domain) q.set('domain', domain);
    return this.json(`/api/near?${q}`, options);
  }

  /** One asset with every property (its sources among them), from OGC API – Features. */
  asset(id, options) {
    return this.json(`/ogcapi/collections/assets/items/${encodeURIComponent(id)}`, options);
  }
}

// The editing half of the server's API (README, "Asset editing"), as the page uses it: every
// write carries `Authorization: Bearer <token>`; an answer other than 2xx becomes an
// EditError with the server's status, the field it names, and what else it sent (a
// duplicate's id and distance, an import's bad rows, Retry-After).

/** An edit the server refused: `status`, `field` (or ''), `body` (the JSON error), `retryAfter` (s). */
export class EditError extends Error {
  constructor(status, body = {}, retryAfter = 0) {
    super(body.message || `HTTP ${status}`);
    this.status = status;
    this.field = body.field || '';
    this.code = body.error || '';
    this.body = body;
    this.retryAfter = retryAfter;
  }

  /** The token is missing or not accepted (401, 403): the page signs out. */
  get refused() {
    return this.status === 401 || this.status === 403;
  }
}

export class EditClient {
  constructor(base = '', token = '') {
    this.base = base.replace(/\/$/, '');
    this.token = token;
  }

  async request(method, path, { body, type = 'application/json', auth = true } = {}) {
    const headers = { Accept: 'application/json' };
    if (auth && this.token) headers.Authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['Content-Type'] = type;
    let res;
    try {
      res = await fetch(this.base + path, {
        method, headers, cache: 'no-store',
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
    } catch (e) {
      throw new EditError(0, { message: String(e && e.message ? e.message : e) });
    }
    let json = null;
    try {
      json = await res.json();
    } catch {
      json = null;
    }
    if (!res.ok) throw new EditError(res.status, json || {}, Number(res.headers.get('Retry-After')) || 0);
    return json;
  }

  /**
   * Whether the server takes edits at all: asked without a token, a server with --tokens
   * answers 401; one without answers 403 (store read-only) or 404 (no edit service).
   */
  async available() {
    try {
      await this.request('GET', '/api/whoami', { auth: false });
      return true;
    } catch (e) {
      if (e.status === 401) return true;
      if (e.status === 403 || e.status === 404) return false;
      throw e;
    }
  }

  /** The token's editor: {name, rate_limit_per_minute, dedupe_distance_m, margin_m}. */
  whoami() {
    return this.request('GET', '/api/whoami');
  }

  /** Adds an asset ({lon, lat, category, name, capacity?, note?, force?}). */
  add(asset) {
    return this.request('POST', '/api/assets', { body: asset });
  }

  /** Corrects an asset: only the fields given change. */
  correct(id, changes) {
    return this.request('PATCH', `/api/assets/${encodeURIComponent(id)}`, { body: changes });
  }

  /** Retires an asset (kept in the audit, gone from the map and the measures). */
  retire(id) {
    return this.request('DELETE', `/api/assets/${encodeURIComponent(id)}`);
  }

  /** Imports a CSV file's text (all rows or none). */
  importCsv(text) {
    return this.request('POST', '/api/assets/import', { body: text, type: 'text/csv' });
  }

  /** An asset now, whether retired, its note and its change history. */
  asset(id) {
    return this.request('GET', `/api/assets/${encodeURIComponent(id)}`);
  }

  /** Audit entries after `since` (at most `limit`). */
  audit({ since = 0, limit = 100 } = {}) {
    return this.request('GET', `/api/audit?since=${since}&limit=${limit}`);
  }

  /** Undoes audit entry `id` (the latest change of its asset). */
  undo(id) {
    return this.request('POST', `/api/audit/${encodeURIComponent(id)}/undo`);
  }
}

// An asset's change history and the recent changes, each change in words with Undo where it
// can be undone (part of AssetEditor, edit.js): /api/assets/{id}, /api/audit,
// POST /api/audit/{id}/undo.

import { el, writeMessage } from './edit_dom.js';
import { entryChanges, entryTime, entryTitle } from './edit_text.js';

const RECENT = 15;

/** AssetEditor's methods for histories, the recent changes and undo. */
export class EditHistoryPart {
  async showHistory(id, name) {
    const app = this.app;
    app.closePopup();
    this.stopPlacing();
    this.historyId = id;
    this.historyName = name || id;
    this.history = null;
    this.historyError = false;
    this.view = 'history';
    this.render({ focus: true });
    try {
      this.history = await this.client.asset(id);
      if (this.history.asset && this.history.asset.name) this.historyName = this.history.asset.name;
    } catch (e) {
      if (e.refused && this.editor) return this.refused();
      this.historyError = true;
    }
    if (this.view === 'history' && this.historyId === id && app.panel.isOpen(this)) {
      app.panel.setTitle(this.title());
      this.render({ focus: false });
    }
  }

  renderHistory(body) {
    const doc = this.app.doc;
    const { i18n } = this.app;
    body.dataset.assetId = this.historyId;
    body.appendChild(this.messageBox(doc));
    if (this.historyError) {
      body.appendChild(el(doc, 'p', { class: 'error', role: 'alert', text: i18n.t('web.edit.history.failed') }));
      return;
    }
    if (!this.history) {
      body.appendChild(el(doc, 'p', { class: 'loading', text: i18n.t('web.loading') }));
      return;
    }
    const h = this.history;
    body.appendChild(el(doc, 'p', { class: 'area-sub', id: 'edit-history-state',
      text: h.retired ? i18n.t('web.edit.history.state_retired') : i18n.t('web.edit.history.state_current', { category: i18n.category(h.asset.category) }) }));
    if (h.history.length === 0) {
      body.appendChild(el(doc, 'p', { id: 'edit-history-none', text: i18n.t('web.edit.history.empty') }));
    } else {
      body.appendChild(this.entryList(doc, [...h.history].reverse(), 'edit-history', false));
    }
    if (h.asset && !h.retired && this.editor) {
      body.appendChild(el(doc, 'div', { class: 'edit-actions' },
        el(doc, 'button', { type: 'button', id: 'edit-history-correct', class: 'button button-secondary', text: i18n.t('web.edit.correct.button'),
          onclick: () => this.startCorrect(h.asset) })));
    }
  }

  /** Audit entries as a list, each with its words and, where it can be undone, Undo. */
  entryList(doc, entries, id, withAsset) {
    const { i18n } = this.app;
    const ol = el(doc, 'ol', { id, class: 'edit-entries' });
    for (const entry of entries) {
      const li = el(doc, 'li', { class: `edit-entry${entry.undone_by ? ' undone' : ''}`, 'data-audit-id': String(entry.id), 'data-action': entry.action });
      const head = el(doc, 'p', { class: 'edit-entry-head' },
        el(doc, 'strong', { text: entryTitle(entry, i18n) }), ' ',
        el(doc, 'span', { class: 'edit-entry-time', text: entryTime(entry.time_utc) }));
      li.appendChild(head);
      const asset = entry.after || entry.before;
      if (withAsset && asset) {
        const b = el(doc, 'button', { type: 'button', class: 'link-button edit-entry-asset' },
          el(doc, 'span', { class: 'asset-name', text: asset.name || entry.asset_id }),
          el(doc, 'span', { class: 'asset-category', text: i18n.category(asset.category) }));
        b.addEventListener('click', () => this.showHistory(entry.asset_id, asset.name));
        li.appendChild(b);
      }
      const lines = entryChanges(entry, i18n);
      if (lines.length) li.appendChild(el(doc, 'ul', { class: 'edit-entry-changes' }, ...lines.map((t) => el(doc, 'li', { text: t }))));
      if (entry.undone_by) li.appendChild(el(doc, 'p', { class: 'hint', text: i18n.t('web.edit.history.undone_by', { id: entry.undone_by }) }));
      if (entry.can_undo && this.editor) {
        li.appendChild(el(doc, 'button', { type: 'button', class: 'button button-secondary button-small edit-undo', 'data-audit-id': String(entry.id),
          'aria-label': i18n.t('web.edit.undo.label', { what: entryTitle(entry, i18n), name: asset ? asset.name : entry.asset_id }),
          text: i18n.t('web.edit.undo.button'), onclick: (ev) => this.undo(entry, ev.currentTarget) }));
      }
      ol.appendChild(li);
    }
    return ol;
  }

  async undo(entry, button) {
    const app = this.app;
    const { i18n } = app;
    button.disabled = true;
    let result;
    try {
      result = await this.client.undo(entry.id);
    } catch (e) {
      if (e.refused) return this.refused();
      button.disabled = false;
      this.message = writeMessage(e);
      this.render({ focusSelector: '#edit-message' });
      return;
    }
    await this.afterEdit(result);
    app.announce(i18n.t('web.edit.undo.done'));
    this.message = { key: 'web.edit.undo.done', kind: 'ok' };
    if (this.view === 'history') await this.showHistory(this.historyId, this.historyName);
    else this.render({ focus: false });
    const msg = app.panel.body.querySelector('#edit-message');
    if (msg) msg.focus();
    this.message = null;
  }

  // ---- recent changes ------------------------------------------------------------------

  recentSection(doc) {
    const { i18n } = this.app;
    const section = el(doc, 'section', { class: 'profile-section edit-recent', 'aria-labelledby': 'edit-recent-heading' },
      el(doc, 'h3', { id: 'edit-recent-heading', text: i18n.t('web.edit.recent.heading') }));
    this.recentBox = el(doc, 'div', { id: 'edit-recent' }, el(doc, 'p', { class: 'loading', text: i18n.t('web.loading') }));
    section.appendChild(this.recentBox);
    this.loadRecent();
    return section;
  }

  async loadRecent() {
    const box = this.recentBox;
    if (!box) return;
    const doc = this.app.doc;
    const { i18n } = this.app;
    let entries;
    try {
      const head = await this.client.audit({ limit: 1 });
      const since = Math.max(0, (head.last_id || 0) - RECENT);
      entries = (await this.client.audit({ since, limit: RECENT })).entries;
    } catch {
      box.replaceChildren(el(doc, 'p', { class: 'error', text: i18n.t('web.edit.recent.failed') }));
      return;
    }
    if (box !== this.recentBox) return;
    if (entries.length === 0) box.replaceChildren(el(doc, 'p', { text: i18n.t('web.edit.recent.none') }));
    else box.replaceChildren(this.entryList(doc, entries.reverse(), 'edit-recent-list', true));
  }
}

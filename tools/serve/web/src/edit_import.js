// Importing a CSV file (part of AssetEditor, edit.js): POST /api/assets/import as text/csv,
// all rows or none; a refused file lists every bad row with its line, column and problem.

import { el, writeMessage } from './edit_dom.js';
import { formatNumber } from './i18n.js';

/** AssetEditor's methods for the CSV import. */
export class EditImportPart {
  importSection(doc) {
    const { i18n } = this.app;
    const section = el(doc, 'section', { class: 'profile-section edit-import', 'aria-labelledby': 'edit-import-heading' },
      el(doc, 'h3', { id: 'edit-import-heading', text: i18n.t('web.edit.import.heading') }),
      el(doc, 'p', { id: 'edit-csv-hint', class: 'hint', text: i18n.t('web.edit.import.hint') }));
    const input = el(doc, 'input', { id: 'edit-csv', type: 'file', accept: '.csv,text/csv', class: 'file-input', 'aria-describedby': 'edit-csv-hint' });
    section.appendChild(el(doc, 'label', { class: 'field-label', for: 'edit-csv', text: i18n.t('web.edit.import.file') }));
    section.appendChild(input);
    const result = el(doc, 'div', { id: 'edit-import-result', class: 'edit-import-result', 'aria-live': 'polite' });
    section.appendChild(el(doc, 'div', { class: 'edit-actions' },
      el(doc, 'button', { type: 'button', id: 'edit-import', class: 'button button-secondary', text: i18n.t('web.edit.import.button'),
        onclick: () => this.importFile(input, result, section) })));
    section.appendChild(result);
    return section;
  }

  async importFile(input, box, section) {
    const app = this.app;
    const doc = app.doc;
    const { i18n } = app;
    box.replaceChildren();
    const file = input.files && input.files[0];
    if (!file) {
      box.appendChild(el(doc, 'p', { class: 'error', role: 'alert', text: i18n.t('web.edit.import.choose') }));
      input.focus();
      return;
    }
    if (file.size > 1024 * 1024) {
      box.appendChild(el(doc, 'p', { class: 'error', role: 'alert', text: i18n.t('web.edit.import.too_big') }));
      return;
    }
    this.setBusy(section, true);
    box.appendChild(el(doc, 'p', { class: 'loading', text: i18n.t('web.edit.import.sending') }));
    let result;
    try {
      result = await this.client.importCsv(await file.text());
    } catch (e) {
      this.setBusy(section, false);
      if (e.refused) return this.refused();
      box.replaceChildren();
      box.dataset.state = 'error';
      if (e.status === 400 && Array.isArray(e.body.rows)) {
        const rows = e.body.rows;
        box.appendChild(el(doc, 'p', { class: 'error', role: 'alert', tabindex: '-1', id: 'edit-import-summary',
          text: rows.length === 1 ? i18n.t('web.edit.import.bad_one') : i18n.t('web.edit.import.bad', { n: rows.length }) }));
        const table = el(doc, 'table', { class: 'edit-rows', id: 'edit-import-rows' },
          el(doc, 'caption', { class: 'visually-hidden', text: i18n.t('web.edit.import.rows_caption') }),
          el(doc, 'thead', {}, el(doc, 'tr', {},
            el(doc, 'th', { scope: 'col', text: i18n.t('web.edit.import.line') }),
            el(doc, 'th', { scope: 'col', text: i18n.t('web.edit.import.column') }),
            el(doc, 'th', { scope: 'col', text: i18n.t('web.edit.import.problem') }))));
        const tbody = el(doc, 'tbody');
        for (const r of rows) {
          tbody.appendChild(el(doc, 'tr', { 'data-line': String(r.line), 'data-field': r.field || '' },
            el(doc, 'td', { text: String(r.line) }), el(doc, 'td', { text: r.field || '' }),
            el(doc, 'td', { text: r.field === 'force' && r.duplicate_of ? i18n.t('web.edit.import.duplicate', { id: r.duplicate_of, metres: formatNumber(r.distance_m || 0, 0) }) : r.message })));
        }
        table.appendChild(tbody);
        box.appendChild(el(doc, 'div', { class: 'table-scroll' }, table));
        box.querySelector('#edit-import-summary').focus();
      } else {
        const m = writeMessage(e);
        box.appendChild(el(doc, 'p', { class: 'error', role: 'alert', text: i18n.t(m.key, m.args) }));
      }
      return;
    }
    this.setBusy(section, false);
    await this.afterEdit(result);
    const n = result.imported || 1;
    box.dataset.state = 'done';
    box.dataset.imported = String(n);
    box.replaceChildren(el(doc, 'p', { class: 'ok', role: 'status', text: i18n.t('web.edit.import.done', { n }) }));
    input.value = '';
    this.loadRecent();
    app.announce(i18n.t('web.edit.import.done', { n }));
  }
}

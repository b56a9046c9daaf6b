// The side panel (a bottom sheet on a phone): one owner at a time — the area profile, the
// "near here" search, or a module added later (asset editing). Opening moves focus to the
// panel's heading; closing (the × button or Escape) gives it back to where it came from.

export class Panel {
  constructor(app) {
    this.app = app;
    const doc = app.doc;
    this.el = doc.getElementById('panel');
    this.title = doc.getElementById('panel-title');
    this.body = doc.getElementById('panel-body');
    this.expandButton = doc.getElementById('panel-expand');
    this.owner = null;
    this.returnFocus = null;
    doc.getElementById('panel-close').addEventListener('click', () => this.close());
    this.expandButton.addEventListener('click', () => this.setExpanded(!this.expanded));
    this.expanded = false;
  }

  /**
   * Shows `title` and whatever `render(body)` puts in the body, for `owner` (an object whose
   * optional onPanelClose() is called when the panel closes or passes to another owner).
   * Options: focus (default true: move focus to the heading), returnFocus (the element to
   * focus on close; default the focused element).
   */
  open(owner, title, render, { focus = true, returnFocus } = {}) {
    const doc = this.app.doc;
    if (this.owner && this.owner !== owner && this.owner.onPanelClose) this.owner.onPanelClose();
    if (this.owner !== owner || this.el.hidden)
      this.returnFocus = returnFocus || (doc.activeElement !== doc.body ? doc.activeElement : null);
    this.owner = owner;
    this.el.dataset.owner = owner.id || '';
    this.title.textContent = title;
    this.body.replaceChildren();
    // Each render marks the body afresh (data-area, data-mode, …): none outlives its content.
    for (const k of Object.keys(this.body.dataset)) delete this.body.dataset[k];
    render(this.body);
    const wasHidden = this.el.hidden;
    this.el.hidden = false;
    doc.body.classList.add('panel-open');
    if (wasHidden) {
      this.body.scrollTop = 0;
      this.app.emit('panel', { open: true, owner });
    }
    if (focus) this.title.focus({ preventScroll: true });
  }

  /** Replaces the title (e.g. after a language change) without moving focus. */
  setTitle(title) {
    this.title.textContent = title;
  }

  isOpen(owner) {
    return !this.el.hidden && (!owner || this.owner === owner);
  }

  close({ restoreFocus = true } = {}) {
    if (this.el.hidden) return;
    const owner = this.owner;
    this.el.hidden = true;
    this.owner = null;
    this.setExpanded(false);
    this.app.doc.body.classList.remove('panel-open');
    if (owner && owner.onPanelClose) owner.onPanelClose();
    this.app.emit('panel', { open: false, owner });
    const target = this.returnFocus;
    this.returnFocus = null;
    if (restoreFocus) {
      if (target && target.isConnected && !this.el.contains(target)) target.focus();
      else this.app.map.getCanvas().focus();
    }
  }

  /** On a phone: the sheet at half or nearly full height. */
  setExpanded(expanded) {
    this.expanded = expanded;
    this.el.classList.toggle('expanded', expanded);
    this.expandButton.setAttribute('aria-expanded', String(expanded));
    this.expandButton.setAttribute('aria-label', this.app.i18n.t(expanded ? 'web.panel.collapse' : 'web.panel.expand'));
  }
}

// Page-wide feedback: screen-reader announcements (live regions), short
// notices with an optional action (e.g. "Undo"), and a modal confirmation
// built on <dialog> (keyboard and screen-reader friendly, no window.confirm).
import { h, $ } from './dom.js';
import { t } from './i18n.js';

export function announce(text, { urgent = false } = {}) {
  const region = $(urgent ? '#live-assertive' : '#live-polite');
  if (!region) return;
  // Clearing first makes the same sentence be read again.
  region.textContent = '';
  setTimeout(() => { region.textContent = text; }, 50);
}

let noticeTimer = null;
// notice(text, {kind: 'error'|'info', action: {label, run}, ms})
export function notice(text, { kind = 'info', action = null, ms = 6000 } = {}) {
  const box = $('#notice');
  clearTimeout(noticeTimer);
  const close = () => { box.hidden = true; box.replaceChildren(); };
  const children = [h('p', { class: 'notice-text' }, text)];
  if (action) {
    children.push(h('button', { type: 'button', class: 'btn btn-small', dataset: { testid: 'notice-action' },
      onclick: () => { close(); action.run(); } }, action.label));
  }
  children.push(h('button', { type: 'button', class: 'btn btn-small btn-ghost', 'aria-label': t('action.dismiss'),
    onclick: close }, '×'));
  box.replaceChildren(...children);
  box.dataset.kind = kind;
  box.hidden = false;
  if (kind === 'error') announce(text, { urgent: true });
  noticeTimer = setTimeout(close, ms);
}

// Resolves true when the user confirms. Escape or "Cancel" resolve false.
// text: one paragraph or several; body: more content (e.g. an option the
// caller reads once the dialog is confirmed).
export function confirmDialog({ title, text, body = null, ok, cancel = t('action.cancel'), testid = 'confirm' }) {
  return new Promise((resolve) => {
    const dlg = h('dialog', { class: 'dialog', 'aria-labelledby': 'dlg-title', 'aria-describedby': 'dlg-text',
      dataset: { testid } });
    const done = (v) => { dlg.close(); dlg.remove(); resolve(v); };
    dlg.append(
      h('h2', { id: 'dlg-title' }, title),
      h('div', { id: 'dlg-text' }, [].concat(text).map((p) => h('p', {}, p))),
      ...(body ? [body] : []),
      h('div', { class: 'row end' },
        h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => done(false) }, cancel),
        h('button', { type: 'button', class: 'btn btn-primary', dataset: { testid: 'confirm-ok' },
          onclick: () => done(true) }, ok)));
    dlg.addEventListener('cancel', (e) => { e.preventDefault(); done(false); });
    document.body.append(dlg);
    dlg.showModal();
  });
}

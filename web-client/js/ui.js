// Page-wide feedback: screen-reader announcements (live regions), short
// notices with an optional action (e.g. "Undo"), and a modal confirmation
// built on <dialog> (keyboard and screen-reader friendly, no window.confirm).
import { h, $, focusKey } from './dom.js';
import { t } from './i18n.js';

// Each region reads its messages in turn: a message set 19 ms after
// another would replace it before a screen reader read it, so the next one
// waits until the current one has been shown for HOLD_MS.
const HOLD_MS = 1000;
const queues = new Map(); // region id -> { items: [], busy }

export function announce(text, { urgent = false } = {}) {
  const id = urgent ? 'live-assertive' : 'live-polite';
  if (!$(`#${id}`)) return;
  let q = queues.get(id);
  if (!q) { q = { items: [], busy: false }; queues.set(id, q); }
  q.items.push(text);
  if (!q.busy) pump(id, q);
}

function pump(id, q) {
  const region = $(`#${id}`);
  // A burst (several rooms alerting at once) is read as one sentence
  // rather than seconds behind.
  const text = q.items.length > 2 ? q.items.splice(0).join(' ') : q.items.shift();
  if (!region || text === undefined) { q.busy = false; return; }
  q.busy = true;
  // Clearing first makes the same sentence be read again.
  region.textContent = '';
  setTimeout(() => {
    region.textContent = text;
    setTimeout(() => pump(id, q), HOLD_MS);
  }, 50);
}

let noticeTimer = null;
let closeCurrent = null; // closes the notice shown now, wherever it is
// Where keyboard focus came from when it entered a notice: when the
// notice closes (Undo pressed, ×, its time out) focus goes back there — to
// the same control re-rendered meanwhile if need be — not to the body.
let cameFrom = null;
const watched = new WeakSet();
function watchNoticeFocus(box) {
  if (watched.has(box)) return;
  watched.add(box);
  box.addEventListener('focusin', (e) => {
    if (e.relatedTarget && !box.contains(e.relatedTarget)) cameFrom = { el: e.relatedTarget, key: focusKey(e.relatedTarget) };
  });
}
function focusBack() {
  let to = cameFrom?.el?.isConnected ? cameFrom.el : null;
  if (!to && cameFrom?.key) to = document.querySelector(`#app ${cameFrom.key}`);
  if (!to || to.disabled) to = $('#app');
  to?.focus();
}

// notice(text, {kind: 'error'|'info', action: {label, run}, ms, place})
// place: a box of the page's own (a role="status" element that stays
// across re-renders) to show the notice in, right after the control that
// caused it, so that its action is the next Tab stop from there (the
// facilitator's Undo after "Next step"); by default the page-wide #notice,
// at the bottom of the screen and at the end of the Tab order.
export function notice(text, { kind = 'info', action = null, ms = 6000, place = null } = {}) {
  const box = place || $('#notice');
  clearTimeout(noticeTimer);
  closeCurrent?.();
  watchNoticeFocus(box);
  const close = () => {
    if (closeCurrent === close) closeCurrent = null;
    const had = box.contains(document.activeElement);
    box.hidden = true;
    box.replaceChildren();
    if (had) focusBack();
  };
  closeCurrent = close;
  const children = [h('p', { class: 'notice-text' }, text)];
  if (action) {
    children.push(h('button', { type: 'button', class: 'btn btn-small', dataset: { testid: 'notice-action' },
      onclick: () => { close(); action.run(); } }, action.label));
  }
  children.push(h('button', { type: 'button', class: 'btn btn-small btn-ghost', 'aria-label': t('action.dismiss'),
    dataset: { testid: 'notice-dismiss' }, onclick: close }, '×'));
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

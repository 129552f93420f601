// Building DOM without HTML strings: every piece of text goes through
// textContent, so names and room content always render as text.

// h('button', {class: 'x', onclick: fn, dataset: {k: v}}, 'text', child...)
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value' || k === 'checked' || k === 'disabled' || k === 'hidden' || k === 'selected') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// How a focused element is found again after a re-render: its data-focus
// key, else its id, else its data-testid (unique inside one container).
export function focusKey(el) {
  if (el.dataset.focus) return `[data-focus="${CSS.escape(el.dataset.focus)}"]`;
  if (el.id) return `#${CSS.escape(el.id)}`;
  if (el.dataset.testid) return `[data-testid="${CSS.escape(el.dataset.testid)}"]`;
  return null;
}

const usable = (el) => el && !el.disabled && !el.hidden && el.isConnected;

// Replaces a container's children, keeping keyboard focus on the element
// with the same key (re-rendering must not lose the user's place). When
// that element is gone ("Take the floor back" once taken back) or became
// disabled, focus goes to its nearest neighbour that is still there (the
// one before it, else the one after), never to the page's body.
export function replace(container, ...children) {
  const active = document.activeElement;
  const inside = active && active !== container && container.contains(active);
  const key = inside ? focusKey(active) : null;
  const sel = key && 'selectionStart' in active && typeof active.selectionStart === 'number'
    ? [active.selectionStart, active.selectionEnd] : null;
  // The keys around it, nearest first: before, then after.
  let around = [];
  if (inside) {
    const keyed = [...container.querySelectorAll('[data-focus], button, select, input, textarea, summary, a[href]')];
    const i = keyed.indexOf(active);
    const keys = keyed.map(focusKey);
    around = [...keys.slice(0, Math.max(0, i)).reverse(), ...keys.slice(i + 1)].filter(Boolean);
  }
  container.replaceChildren();
  append(container, children);
  if (!inside) return;
  let again = key ? container.querySelector(key) : null;
  // A button that just became disabled (e.g. "Previous" at step 1):
  // stay in its row rather than dropping focus to the page.
  if (again?.disabled) {
    again = again.closest('.row, .role-row')?.querySelector('select, input, textarea, button:not([disabled])') || null;
  }
  if (!usable(again)) {
    again = null;
    for (const k of around) {
      const el = container.querySelector(k);
      if (usable(el)) { again = el; break; }
    }
  }
  if (again) {
    again.focus();
    if (again === container.querySelector(key) && sel && typeof again.setSelectionRange === 'function') {
      try { again.setSelectionRange(sel[0], sel[1]); } catch { /* not a text field */ }
    }
  }
}

export const $ = (sel, root = document) => root.querySelector(sel);

// Renders only when the slice of state it depends on changed.
export function memo(container, render) {
  let last;
  return (key, ...args) => {
    const k = JSON.stringify(key);
    if (k === last) return;
    last = k;
    replace(container, render(...args));
  };
}

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

// Replaces a container's children, keeping keyboard focus on the element
// with the same data-focus key (re-rendering must not lose the user's place).
export function replace(container, ...children) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.dataset.focus : null;
  const sel = key && 'selectionStart' in active && typeof active.selectionStart === 'number'
    ? [active.selectionStart, active.selectionEnd] : null;
  container.replaceChildren();
  append(container, children);
  if (key) {
    let again = container.querySelector(`[data-focus="${CSS.escape(key)}"]`);
    // A button that just became disabled (e.g. "Previous" at step 1):
    // stay in its row rather than dropping focus to the page.
    if (again?.disabled) {
      again = again.closest('.row, .role-row')?.querySelector('select, input, textarea, button:not([disabled])') || null;
    }
    if (again) {
      again.focus();
      if (sel && typeof again.setSelectionRange === 'function') {
        try { again.setSelectionRange(sel[0], sel[1]); } catch { /* not a text field */ }
      }
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

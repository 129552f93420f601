// Small building blocks for the workshop cards: a card frame, text fields
// bound to drafts (so a re-render never eats what someone is typing), an
// "add" form, and the line that says why something is not editable.
import { h } from '../dom.js';
import { t } from '../i18n.js';

export function cardFrame(id, testid) {
  const title = h('h2', { id: `${id}-title` });
  const body = h('div', { class: 'card-body' });
  const el = h('section', { class: 'card material', id, 'aria-labelledby': `${id}-title`, dataset: { testid: `card-${testid}` } },
    title, body);
  return { el, title, body };
}

// A labelled input or textarea whose value lives in ctx.drafts[key] until
// saved; `initial` is shown while there is no draft.
export function textField(ctx, key, { label, initial = '', multiline = false, max, rows = 3, hint, testid }) {
  const id = `fld-${key.replace(/[^a-z0-9-]/gi, '-')}`;
  const value = ctx.drafts.has(key) ? ctx.drafts.get(key) : initial;
  const attrs = { id, maxlength: max, value, dataset: { focus: key, testid: testid || key },
    oninput: (e) => ctx.drafts.set(key, e.target.value) };
  const input = multiline ? h('textarea', { ...attrs, rows }) : h('input', { ...attrs, type: 'text' });
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint' }, hint) : null,
    input);
}

// A one-text "add" form: sends {text} with `cmd`, clears on success.
export function addForm(ctx, cmd, { label, button, max = 1000, testid }) {
  const key = `add:${cmd}`;
  const submit = async (e) => {
    e.preventDefault();
    const text = (ctx.drafts.get(key) || '').trim();
    if (!text) return;
    if (await ctx.send(cmd, { text })) {
      ctx.drafts.delete(key);
      // The event may have re-rendered the card already: find the live field.
      const area = document.querySelector(`[data-focus="${key}"]`);
      if (area) { area.value = ''; area.focus(); }
    }
  };
  return h('form', { class: 'add-form', onsubmit: submit },
    textField(ctx, key, { label, multiline: true, max, rows: 2, testid }),
    h('div', { class: 'row end' },
      h('button', { type: 'submit', class: 'btn btn-primary', dataset: { focus: `${key}:go`, testid: `${testid}-submit` } }, button)));
}

// "Only the client can do this." / "Opens at step 3: Contract."
export function why(ctx, cmd) {
  const text = ctx.why(cmd);
  return text ? h('p', { class: 'why', dataset: { testid: 'why' } },
    text) : null;
}

export function empty(key) {
  return h('p', { class: 'empty muted' }, t(key));
}

export function byLine(name) {
  return h('span', { class: 'by muted' }, t('item.by', { name }));
}

// The "Saved ✓" of a form, by key: shown from the save until the next edit
// of that form (room.js keeps ctx.savedMarks), across re-renders.
export function savedMark(ctx, key) {
  return h('span', { class: 'saved muted', role: 'status', dataset: { savedFor: key, testid: `saved-${key}` } },
    ctx.savedMarks?.has(key) ? t('form.saved') : '');
}

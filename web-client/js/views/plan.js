// The client's synthesis and action plan (with the suggestions they kept
// as a reminder), the scribe's notes, and the client's record (export).
import { h, memo } from '../dom.js';
import { t, currentLang } from '../i18n.js';
import { cardFrame, textField, why, empty, savedMark } from './forms.js';
import { downloadMarkdown, printRecord } from '../export.js';

const MAX_ITEMS = 20;

export function createPlan(ctx) {
  const { el, title, body } = cardFrame('card-plan', 'plan');
  // The rows being edited: [{action, by_when}] or null when not editing.
  let rows = null;

  const render = memo(body, (room) => {
    const kept = room.suggestions.filter((s) => s.kept);
    const reminder = kept.length ? h('div', { class: 'kept-box' }, h('h3', {}, t('plan.kept')),
      h('ul', {}, kept.map((s) => h('li', { class: 'pre' }, s.text)))) : null;
    if (!ctx.can('plan.update')) {
      rows = null;
      return [room.plan.length ? h('ol', { class: 'plan', dataset: { testid: 'plan-view' } }, room.plan.map((p) =>
        h('li', {}, h('span', { class: 'pre' }, p.action), p.by_when ? h('span', { class: 'muted' }, ` \u2014 ${t('plan.by', { when: p.by_when })}`) : null)))
        : empty('plan.empty'), reminder, why(ctx, 'plan.update')];
    }
    if (!rows) rows = room.plan.length ? room.plan.map((p) => ({ ...p })) : [{ action: '', by_when: '' }];
    const save = async (e) => {
      e.preventDefault();
      const items = rows.map((r) => ({ action: r.action.trim(), by_when: r.by_when.trim() })).filter((r) => r.action);
      if (await ctx.send('plan.update', { items })) { rows = null; ctx.saved(e.target); }
    };
    const rerender = () => { render([Math.random()], ctx.room()); };
    return [reminder, h('form', { class: 'stack', onsubmit: save },
      h('p', { class: 'hint' }, t('plan.hint')),
      h('ol', { class: 'plan-edit' }, rows.map((r, i) => h('li', { class: 'plan-row' },
        h('div', { class: 'field grow' }, h('label', { for: `plan-a-${i}` }, t('plan.action')),
          h('input', { id: `plan-a-${i}`, type: 'text', maxlength: 500, value: r.action, dataset: { focus: `plan-a-${i}`, testid: 'plan-action' },
            oninput: (e) => { r.action = e.target.value; } })),
        h('div', { class: 'field' }, h('label', { for: `plan-w-${i}` }, t('plan.when')),
          h('input', { id: `plan-w-${i}`, type: 'text', maxlength: 100, value: r.by_when, dataset: { focus: `plan-w-${i}`, testid: 'plan-when' },
            oninput: (e) => { r.by_when = e.target.value; } })),
        h('button', { type: 'button', class: 'btn btn-small btn-ghost', dataset: { focus: `plan-x-${i}` },
          'aria-label': t('plan.remove_n', { n: i + 1 }), onclick: () => { rows.splice(i, 1); if (!rows.length) rows.push({ action: '', by_when: '' }); rerender(); } },
        t('plan.remove'))))),
      h('div', { class: 'row between' },
        h('button', { type: 'button', class: 'btn btn-ghost', disabled: rows.length >= MAX_ITEMS, dataset: { focus: 'plan-add', testid: 'plan-add' },
          onclick: () => { rows.push({ action: '', by_when: '' }); rerender(); document.getElementById(`plan-a-${rows.length - 1}`)?.focus(); } },
        t('plan.add')),
        savedMark(ctx, 'plan'),
        h('button', { type: 'submit', class: 'btn btn-primary', dataset: { focus: 'plan-save', testid: 'plan-save' } }, t('plan.save'))))];
  });
  function update() {
    const room = ctx.room();
    title.textContent = t('plan.title');
    render([currentLang(), room.plan, room.suggestions.filter((s) => s.kept).map((s) => s.text), ctx.role(), room.step], room);
  }
  return { el, update, kinds: ['synthesis'] };
}

export function createNotes(ctx) {
  const { el, title, body } = cardFrame('card-notes', 'notes');
  const render = memo(body, (room) => {
    if (!ctx.can('notes.update')) {
      return [room.notes ? h('div', { class: 'notes pre', dataset: { testid: 'notes-view' } }, room.notes) : empty('notes.empty'),
        why(ctx, 'notes.update')];
    }
    const save = async (e) => {
      e.preventDefault();
      const text = ctx.drafts.get('notes') ?? room.notes;
      if (await ctx.send('notes.update', { text })) { ctx.drafts.delete('notes'); ctx.saved(e.target); }
    };
    return h('form', { class: 'stack', onsubmit: save },
      textField(ctx, 'notes', { label: t('notes.label'), hint: t('notes.hint'), initial: room.notes, multiline: true, max: 10000, rows: 6 }),
      h('div', { class: 'row end' }, savedMark(ctx, 'notes'),
        h('button', { type: 'submit', class: 'btn btn-primary', dataset: { focus: 'notes-save', testid: 'notes-save' } }, t('notes.save'))));
  });
  function update() {
    const room = ctx.room();
    title.textContent = t('notes.title');
    render([currentLang(), room.notes, ctx.role(), room.step, ctx.isFacilitator()], room);
  }
  return { el, update, kinds: [] };
}

export function createRecord(ctx) {
  const { el, title, body } = cardFrame('card-record', 'record');
  let names = false;
  const opts = () => ({ date: Date.now(), names });
  const render = memo(body, () => [
    h('p', {}, t('record.lead')),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', checked: names, dataset: { focus: 'record-names', testid: 'record-names' },
      onchange: (e) => { names = e.target.checked; } }), ' ', t('record.names')),
    h('div', { class: 'row wrap' },
      h('button', { type: 'button', class: 'btn btn-primary', dataset: { focus: 'download', testid: 'download' },
        onclick: () => downloadMarkdown(ctx.room(), opts()) }, t('record.download')),
      h('button', { type: 'button', class: 'btn', dataset: { focus: 'print', testid: 'print' },
        onclick: () => printRecord(ctx.room(), opts()) }, t('record.print'))),
  ]);
  function update() {
    el.hidden = ctx.role() !== 'client' && !ctx.isFacilitator();
    title.textContent = t('record.title');
    render([currentLang()]);
  }
  return { el, update, kinds: [] };
}

// The new-session form: name, template, workshops, alert, group sizes,
// rotation, and the cohort, typed (one person a line) or imported from a
// CSV file, with the people counted as they are typed and the pairs to
// keep apart or together (pairs.js). The fields live in ctx.form.
import { h, replace } from '../../dom.js';
import { t, templateName } from '../../i18n.js';
import { announce } from '../../ui.js';
import { readPeople } from '../../sessions.js';
import { create } from './actions.js';
import { pairEditor } from './pairs.js';
import { conflictBox } from './conflict.js';

function field(id, label, input, hint) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), hint ? h('p', { class: 'hint' }, hint) : null, input);
}

function num(ctx, id, key, min, max) {
  return h('input', { id, type: 'number', min, max, step: 1, value: ctx.form[key], class: 'num',
    dataset: { focus: id, testid: id }, oninput: (e) => { ctx.form[key] = e.target.value; } });
}

function countLine({ preview, csv }) {
  if (!preview.length) return t('sessions.people.none');
  return csv !== undefined ? t('sessions.people.csv', { n: preview.length }) : t('sessions.people.n', { n: preview.length });
}

// A CSV file replaces what was typed (and the pairs, which named positions).
function fileInput(ctx) {
  return h('input', { id: 's-file', type: 'file', accept: '.csv,text/csv,text/plain', class: 'file',
    dataset: { testid: 's-file' }, onchange: async (e) => {
      const f = e.target.files?.[0];
      if (!f) return;
      ctx.form.peopleText = await f.text();
      ctx.form.apart = []; ctx.form.together = [];
      ctx.render();
      announce(t('sessions.imported', { n: readPeople(ctx.form.peopleText).preview.length }));
    } });
}

function peopleTyped(ctx, e) {
  ctx.form.peopleText = e.target.value;
  const read = readPeople(ctx.form.peopleText);
  const c = ctx.el.querySelector('#s-people-count');
  if (c) c.textContent = countLine(read);
  // The pair pickers follow the list (only they are rebuilt, so
  // the button under the pointer stays the same element).
  clearTimeout(ctx.pairsTimer);
  ctx.pairsTimer = setTimeout(() => {
    const box = ctx.el.querySelector('.pairs-grid');
    if (box) replace(box, pairEditor(ctx, 'apart', read.preview), pairEditor(ctx, 'together', read.preview));
  }, 250);
}

function peopleField(ctx, read) {
  return h('div', { class: 'field' },
    h('label', { for: 's-people' }, t('sessions.people')),
    h('p', { class: 'hint', id: 's-people-hint' }, t('sessions.people.hint')),
    h('textarea', { id: 's-people', rows: 8, value: ctx.form.peopleText, 'aria-describedby': 's-people-hint s-people-count',
      dataset: { focus: 's-people', testid: 's-people' }, oninput: (e) => peopleTyped(ctx, e) }),
    h('div', { class: 'row wrap between' },
      h('p', { class: 'small muted', id: 's-people-count', 'aria-live': 'polite' }, countLine(read)),
      h('span', { class: 'file-pick' }, h('label', { for: 's-file', class: 'btn btn-small' }, t('sessions.import')), fileInput(ctx))));
}

function settings(ctx, templates) {
  const { form } = ctx;
  return h('div', { class: 'form-grid' },
    field('s-name', t('sessions.name'), h('input', { id: 's-name', type: 'text', maxlength: 120, value: form.name, required: true,
      dataset: { focus: 's-name', testid: 's-name' }, oninput: (e) => { ctx.form.name = e.target.value; } })),
    field('s-template', t('organizer.template'), h('select', { id: 's-template', dataset: { focus: 's-template', testid: 's-template' },
      onchange: (e) => { ctx.form.template = e.target.value; } },
    templates.map((tpl) => h('option', { value: tpl.id, selected: tpl.id === form.template }, templateName(tpl))))),
    field('s-workshops', t('sessions.workshops'), num(ctx, 's-workshops', 'workshops', 1, 8), t('sessions.workshops.hint')),
    field('s-alert', t('sessions.alert'), num(ctx, 's-alert', 'alert_behind_minutes', 1, 120), t('sessions.alert.hint')),
    h('div', { class: 'field' }, h('span', { class: 'label', id: 's-size-label' }, t('sessions.sizes')),
      h('div', { class: 'row' },
        h('label', { for: 's-min', class: 'inline' }, t('sessions.sizes.from')), num(ctx, 's-min', 'min_size', 2, 12),
        h('label', { for: 's-max', class: 'inline' }, t('sessions.sizes.to')), num(ctx, 's-max', 'max_size', 2, 12))));
}

function rotate(ctx) {
  return h('div', { class: 'check check-plain' },
    h('input', { id: 's-rotate', type: 'checkbox', checked: ctx.form.rotate_facilitator, dataset: { focus: 's-rotate', testid: 's-rotate' },
      onchange: (e) => { ctx.form.rotate_facilitator = e.target.checked; } }),
    h('label', { for: 's-rotate' }, t('sessions.rotate')));
}

function buttons(ctx) {
  return h('div', { class: 'row' },
    h('button', { type: 'submit', class: 'btn btn-primary', disabled: ctx.creating, dataset: { testid: 's-create' } },
      ctx.creating ? t('sessions.creating') : t('sessions.create')),
    h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => { ctx.showForm = false; ctx.conflict = null; ctx.render(); } },
      t('action.cancel')));
}

export function newForm(ctx) {
  const { form } = ctx;
  const templates = ctx.templates() || [];
  if (!form.template) form.template = templates.find((x) => x.id === 'codev-90')?.id || templates[0]?.id || '';
  const read = readPeople(form.peopleText);
  return h('form', { class: 'card session-form', novalidate: true, dataset: { testid: 'session-form' },
    onsubmit: (e) => { e.preventDefault(); create(ctx); } },
  h('h3', {}, t('sessions.new')),
  settings(ctx, templates),
  rotate(ctx),
  peopleField(ctx, read),
  h('div', { class: 'pairs-grid' }, pairEditor(ctx, 'apart', read.preview), pairEditor(ctx, 'together', read.preview)),
  ctx.conflict && !ctx.doc ? conflictBox(ctx.conflict) : null,
  buttons(ctx));
}

// The client sheet (shown to all at step 1, written by the client) and the
// contract (stated by the client at step 3).
import { h, memo } from '../dom.js';
import { t, currentLang } from '../i18n.js';
import { cardFrame, textField, why, empty, savedMark } from './forms.js';

const FIELDS = [
  ['title', 120, false], ['question', 300, false], ['context', 4000, true],
  ['tried', 4000, true], ['help_wanted', 4000, true],
];

function showSheet(sheet) {
  if (!FIELDS.some(([k]) => sheet[k])) return empty('sheet.empty');
  return h('div', { class: 'sheet', dataset: { testid: 'sheet-view' } },
    sheet.title ? h('h3', { class: 'sheet-title' }, sheet.title) : null,
    sheet.question ? h('p', { class: 'sheet-question' }, sheet.question) : null,
    h('dl', {}, ['context', 'tried', 'help_wanted'].filter((k) => sheet[k]).map((k) => [
      h('dt', {}, t(`sheet.${k}`)), h('dd', { class: 'pre' }, sheet[k])])));
}

export function createSheet(ctx) {
  const { el, title, body } = cardFrame('card-sheet', 'sheet');
  const render = memo(body, (room) => {
    if (!ctx.can('sheet.update')) return [showSheet(room.sheet), why(ctx, 'sheet.update')];
    const save = async (e) => {
      e.preventDefault();
      const sheet = {};
      for (const [k] of FIELDS) sheet[k] = (ctx.drafts.get(`sheet.${k}`) ?? room.sheet[k] ?? '').trim();
      if (await ctx.send('sheet.update', sheet)) {
        for (const [k] of FIELDS) ctx.drafts.delete(`sheet.${k}`);
        ctx.saved(e.target);
      }
    };
    return h('form', { class: 'stack', onsubmit: save },
      h('p', { class: 'hint' }, t('sheet.edit_hint')),
      ['questions', 'contract'].includes(room.steps[room.step]?.kind)
        ? h('p', { class: 'hint', dataset: { testid: 'sheet-revise' } }, t('sheet.revise_hint')) : null,
      FIELDS.map(([k, max, multi]) => textField(ctx, `sheet.${k}`, {
        label: t(`sheet.${k}`), hint: t(`sheet.${k}.hint`), initial: room.sheet[k], max, multiline: multi, rows: 3 })),
      h('div', { class: 'row end' }, savedMark(ctx, 'sheet'),
        h('button', { type: 'submit', class: 'btn btn-primary', dataset: { focus: 'sheet-save', testid: 'sheet-save' } },
          t('sheet.save'))));
  });
  function update() {
    const room = ctx.room();
    title.textContent = t('sheet.title_card');
    render([currentLang(), room.sheet, ctx.role(), room.step], room);
  }
  return { el, update, kinds: ['presentation', 'report_back'] };
}

export function createContract(ctx) {
  const { el, title, body } = cardFrame('card-contract', 'contract');
  const render = memo(body, (room) => {
    const allowed = ctx.can('contract.set');
    const shown = room.contract ? h('blockquote', { class: 'contract pre', dataset: { testid: 'contract-view' } }, room.contract)
      : empty('contract.empty');
    if (!allowed) return [shown, why(ctx, 'contract.set')];
    const save = async (e) => {
      e.preventDefault();
      const text = (ctx.drafts.get('contract') ?? room.contract ?? '').trim();
      if (text && await ctx.send('contract.set', { text })) { ctx.drafts.delete('contract'); ctx.saved(e.target); }
    };
    return h('form', { class: 'stack', onsubmit: save },
      textField(ctx, 'contract', { label: t('contract.label'), hint: t('contract.hint'), initial: room.contract,
        multiline: true, max: 4000, rows: 4 }),
      h('div', { class: 'row end' }, savedMark(ctx, 'contract'),
        h('button', { type: 'submit', class: 'btn btn-primary', dataset: { focus: 'contract-save', testid: 'contract-save' } },
          t('contract.save'))));
  });
  function update() {
    const room = ctx.room();
    title.textContent = t('contract.title');
    render([currentLang(), room.contract, ctx.role(), room.step], room);
  }
  return { el, update, kinds: ['contract'] };
}

// The new-session form's pairs: people to keep apart, people to keep
// together (1-based positions in the people typed or imported), chosen two
// at a time and kept in ctx.form.apart / ctx.form.together.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { notice } from '../../ui.js';

const sign = (kind) => (kind === 'apart' ? '\u2260' : '+');
const slot = (which) => (which === 'a' ? 'pairA' : 'pairB');

function picker(ctx, kind, which, preview, label) {
  const { form } = ctx;
  return h('select', { id: `pair-${kind}-${which}`, dataset: { focus: `pair-${kind}-${which}`, testid: `pair-${kind}-${which}` },
    'aria-label': t(`sessions.pair.${which}`),
    onchange: (e) => { ctx.form[slot(which)][kind] = e.target.value; } },
  h('option', { value: '' }, t('sessions.pair.choose')),
  preview.map((p, i) => h('option', { value: String(i + 1), selected: form[slot(which)][kind] === String(i + 1) },
    label(i + 1))));
}

function addPair(ctx, kind) {
  const { form } = ctx;
  const pairs = form[kind];
  const a = Number(form.pairA[kind]), b = Number(form.pairB[kind]);
  if (!a || !b || a === b) { notice(t('sessions.pair.invalid'), { kind: 'error' }); return; }
  if (!pairs.some(([x, y]) => (x === a && y === b) || (x === b && y === a))) pairs.push([a, b]);
  form.pairA[kind] = ''; form.pairB[kind] = '';
  ctx.render();
}

function pairList(ctx, kind, preview, label) {
  const pairs = ctx.form[kind];
  if (!pairs.length) return null;
  return h('ul', { class: 'pair-list plain' }, pairs.map(([a, b], i) => h('li', { class: 'chip-row' },
    h('span', {}, `${label(a)} ${sign(kind)} ${label(b)}`),
    h('button', { type: 'button', class: 'btn btn-small btn-ghost',
      'aria-label': t('sessions.pair.remove_for', { a: preview[a - 1]?.name || a, b: preview[b - 1]?.name || b }),
      onclick: () => { pairs.splice(i, 1); ctx.render(); } }, '\u00d7'))));
}

// kind: 'apart' or 'together'; preview: the people as read so far.
export function pairEditor(ctx, kind, preview) {
  const label = (i) => `${i}. ${preview[i - 1]?.name || '?'}`;
  return h('fieldset', { class: 'pairs' },
    h('legend', {}, t(`sessions.${kind}`)),
    h('p', { class: 'hint' }, t(`sessions.${kind}.hint`)),
    preview.length < 2 ? h('p', { class: 'muted small' }, t('sessions.pair.need_people')) : h('div', { class: 'row wrap' },
      picker(ctx, kind, 'a', preview, label), h('span', { 'aria-hidden': 'true' }, sign(kind)), picker(ctx, kind, 'b', preview, label),
      h('button', { type: 'button', class: 'btn btn-small', dataset: { focus: `pair-${kind}-add`, testid: `pair-${kind}-add` },
        onclick: () => addPair(ctx, kind) }, t('sessions.pair.add'))),
    pairList(ctx, kind, preview, label));
}

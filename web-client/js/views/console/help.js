// The help zone at the top of the console: the open help requests, oldest
// first, each with its room's context (step, time left, when asked), a
// button to show the room's card and one to mark the request resolved.
import { h, replace } from '../../dom.js';
import { t } from '../../i18n.js';
import { displaySeconds, mmss } from '../../console-state.js';
import { stepLabel, helpStepNumber, clockTime } from './common.js';

function who(item) {
  return h('p', { class: 'help-who' },
    h('span', { class: 'help-icon', 'aria-hidden': 'true' }, '!'),
    h('strong', {}, t('console.help.group', { group: item.group })), ' \u00b7 ',
    item.person ? t('console.help.asks', { name: item.person }) : t('console.help.asks_anon'),
    item.message ? [t('console.help.colon'), h('q', { class: 'help-msg', dataset: { testid: 'help-message' } }, item.message)] : null);
}

function context(item, total) {
  return h('p', { class: 'help-ctx muted' },
    total ? t('console.step_n', { n: helpStepNumber(item), total }) : t('console.step_only', { n: helpStepNumber(item) }),
    ' \u00b7 ', stepLabel(item.step_kind, ''), ' \u00b7 ',
    t(item.remaining_ms < 0 ? 'console.help.over' : 'console.help.left',
      { time: mmss(Math.abs(displaySeconds(item.remaining_ms))) }),
    ' \u00b7 ', t('console.help.at', { time: clockTime(item.at) }));
}

function helpItem(ctx, item) {
  const total = ctx.state.rooms.get(item.group)?.n_steps;
  return h('li', { class: 'help-item', dataset: { testid: 'help-item', group: String(item.group), help: String(item.id) } },
    h('div', { class: 'help-main' }, who(item), context(item, total)),
    h('div', { class: 'help-actions' },
      h('button', { type: 'button', class: 'btn btn-small', dataset: { focus: `show-${item.id}` },
        onclick: () => showRoom(ctx, item.group) }, t('console.help.show')),
      h('button', { type: 'button', class: 'btn btn-small btn-primary', disabled: ctx.busy.has(`help-${item.id}`),
        dataset: { focus: `resolve-${item.id}`, testid: 'help-resolve' }, onclick: () => ctx.act.resolve(item) },
      t('console.help.resolve'))));
}

export function renderHelp(ctx) {
  const zone = ctx.shell.help;
  const items = [...(ctx.state.session.help || [])].sort((a, b) => a.at - b.at);
  zone.hidden = !items.length;
  if (!items.length) { zone.replaceChildren(); return; }
  replace(zone,
    h('h2', { id: 'help-title' }, t('console.help.title', { n: items.length })),
    h('ul', { class: 'help-list plain' }, items.map((item) => helpItem(ctx, item))));
}

// Brings the room's card into view, flashes it and gives it focus.
function showRoom(ctx, group) {
  const c = ctx.cards.get(group);
  if (!c) return;
  c.el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  c.el.classList.add('flash');
  setTimeout(() => c.el.classList.remove('flash'), 1600);
  c.el.focus({ preventScroll: true });
}

// The organizer's sessions, listed: name, state, how many people and
// groups; a button to open each, and the console's link when it runs.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { open } from './actions.js';

export function consoleHref(id, token) {
  return `${location.origin}/c/${id}#${token}`;
}

export function sessionList(ctx) {
  const { list } = ctx;
  if (list === null) return h('p', { class: 'muted' }, t('app.loading'));
  if (!list.length) return h('p', { class: 'muted' }, t('sessions.none'));
  return h('ul', { class: 'session-list plain' }, list.map((s) => h('li', { class: 'session-item', dataset: { testid: 'session-row' } },
    h('div', { class: 'grow' },
      h('strong', {}, s.name), ' ',
      h('span', { class: `state-badge state-${s.state}` }, t(`sessions.state.${s.state}`)),
      h('span', { class: 'muted small' }, ` \u00b7 ${t('sessions.summary', { people: s.people, groups: s.groups })}`)),
    h('button', { type: 'button', class: 'btn btn-small', dataset: { focus: `open-${s.id}` }, onclick: () => open(ctx, s.id) },
      t('sessions.open')),
    s.state === 'running' ? h('a', { class: 'btn btn-small btn-ghost', href: consoleHref(s.id, ctx.token), target: '_blank',
      rel: 'noopener' }, t('sessions.console')) : null)));
}

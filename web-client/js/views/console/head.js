// The console's header: the session's name and meeting, whether the
// console is live, the "new meeting" button, and the counts (rooms, people
// connected, rooms alerting, help requests), also in the tab's title.
import { h, replace } from '../../dom.js';
import { t } from '../../i18n.js';
import { roster } from './common.js';

function title(ctx) {
  const { session: s } = ctx.state;
  const status = ctx.conn.status;
  return h('div', { class: 'console-title' },
    h('p', { class: 'eyebrow' }, t('console.eyebrow'), ' \u00b7 ',
      h('span', { class: 'live', dataset: { state: status, testid: 'console-live' } },
        t(status === 'open' ? 'console.live_on' : 'console.conn.reconnecting_short'))),
    h('div', { class: 'console-title-row' },
      h('h1', { dataset: { testid: 'console-title' } }, s.name),
      h('span', { class: 'meeting-pill', dataset: { testid: 'console-meeting', meeting: String(s.meeting || 1) } },
        t('console.meeting', { n: s.meeting || 1 })),
      s.state === 'running' ? h('button', { type: 'button', class: 'btn btn-small', disabled: ctx.busy.has('meeting'),
        dataset: { focus: 'new-meeting', testid: 'new-meeting' }, onclick: ctx.act.newMeeting }, t('console.meeting.button')) : null));
}

// People connected over people expected, across every room.
function presence(ctx, rooms) {
  const s = ctx.state.session;
  let n = 0, total = 0;
  for (const r of rooms) {
    const ro = roster(s, s.groups?.find((x) => x.id === r.group), r);
    total += ro.length;
    n += ro.filter((p) => p.connected).length;
  }
  return { n, total };
}

export function renderHead(ctx) {
  const s = ctx.state.session;
  const rooms = ctx.state.list();
  const { n, total } = presence(ctx, rooms);
  const alerting = ctx.state.alerting().length;
  const helpN = (s.help || []).length;
  replace(ctx.shell.head, title(ctx),
    h('ul', { class: 'console-stats plain', 'aria-label': t('console.stats') },
      h('li', {}, h('strong', {}, String(rooms.length)), ' ', t('console.stat.rooms', { n: rooms.length })),
      h('li', { dataset: { testid: 'console-connected' } }, h('strong', {}, `${n}/${total}`), ' ', t('console.stat.connected')),
      h('li', { class: alerting ? 'stat-alert' : '', dataset: { testid: 'console-alerts' } },
        h('strong', {}, String(alerting)), ' ', t('console.stat.alerts', { n: alerting })),
      h('li', { class: helpN ? 'stat-help' : '' }, h('strong', {}, String(helpN)), ' ', t('console.stat.help', { n: helpN }))));
  document.title = `${helpN + alerting ? `(${helpN + alerting}) ` : ''}${t('console.doc_title', { name: s.name })}`;
}

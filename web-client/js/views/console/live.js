// What the console reads out (the page's live regions, ui.js announce):
// the rooms alerting when it (re)opens, each alert a room raises, and each
// new help request, once.
import { t } from '../../i18n.js';
import { announce } from '../../ui.js';
import { minutesBehind } from './common.js';

function alertText(group, a, r) {
  return a === 'behind' ? t('console.live.behind', { group, n: minutesBehind(r.behind_ms) })
    : t(`console.live.${a}`, { group });
}

// Requests already open when the console (re)opens are shown, not read out.
export function hearOpenHelp(ctx, session) {
  for (const item of session.help || []) ctx.heard.add(item.id);
}

// When the console (re)opens: how many rooms are alerting.
export function announceSummary(ctx) {
  const alerting = ctx.state.alerting();
  if (alerting.length) announce(t('console.live.summary', { n: alerting.length }));
}

// The alerts a room summary has just raised.
export function announceAlerts(r, raised) {
  for (const a of raised) announce(alertText(r.group, a, r));
}

// A help request is announced once, whether console.help or the
// session document (its help list) brings it first.
export function announceHelp(ctx, item) {
  if (ctx.heard.has(item.id)) return;
  ctx.heard.add(item.id);
  announce(item.message ? t('console.live.help_msg', { group: item.group, name: item.person || '', message: item.message })
    : t('console.live.help', { group: item.group, name: item.person || '' }), { urgent: true });
}

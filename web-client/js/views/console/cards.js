// The grid of room cards, one per group: workshop, alerts, step, the
// room's countdown, who is client and facilitator, who is connected; the
// card's footer (card-tools.js) holds its actions. Cards are kept across
// renders (ctx.cards: group -> {el, body, timer}) so that focus and open
// menus stay; the countdowns change their text only.
import { h, replace } from '../../dom.js';
import { t } from '../../i18n.js';
import { displaySeconds, mmss } from '../../console-state.js';
import { personName } from '../../sessions.js';
import { stepLabel, summaryStepNumber, minutesBehind, roster, hubNow } from './common.js';
import { cardActions } from './card-tools.js';

function dot(connected) {
  return h('span', { class: `dot ${connected ? 'on' : 'off'}`, 'aria-hidden': 'true' });
}

// Who holds the role in the room; before they join, who the plan names.
function rolePerson(kind, p, plannedName) {
  const who = p && p.id ? p : plannedName ? { name: plannedName, connected: false, planned: true } : null;
  return h('div', { class: `role-line role-line-${kind}` },
    h('dt', {}, t(`role.${kind}`)),
    h('dd', { dataset: { testid: `room-${kind}` } },
      who ? [dot(who.connected), h('span', { class: who.connected ? '' : 'away' }, who.name),
        h('span', { class: 'sr-only' }, ` (${t(who.connected ? 'people.online' : who.planned ? 'console.not_joined' : 'people.away')})`)]
        : h('span', { class: 'muted' }, t('console.nobody'))));
}

function alertBadge(r, a) {
  const text = a === 'behind' ? t('console.alert.behind', { n: minutesBehind(r.behind_ms) }) : t(`console.alert.${a}`);
  return h('span', { class: `alert-badge alert-${a}`, dataset: { testid: 'room-alert', alert: a } },
    h('span', { 'aria-hidden': 'true', class: 'alert-icon' }, '\u25B2'), text);
}

function ensureCard(ctx, group) {
  let c = ctx.cards.get(group);
  if (c) return c;
  const body = h('div', { class: 'rcard-body' });
  const el = h('li', { class: 'rcard', tabindex: '-1', 'aria-labelledby': `rcard-${group}-title`,
    dataset: { testid: 'room-card', group: String(group) } }, body);
  c = { el, body, timer: null };
  ctx.cards.set(group, c);
  return c;
}

function cardHead(r, group) {
  return h('header', { class: 'rcard-head' },
    h('h2', { id: `rcard-${group}-title`, class: 'rcard-title' }, t('console.group', { group })),
    h('span', { class: 'rcard-ws' },
      r.meeting > 1 ? [h('span', { dataset: { testid: 'room-meeting' } }, t('console.meeting_n', { n: r.meeting })), ' \u00b7 '] : null,
      h('span', { dataset: { testid: 'room-workshop' } }, t('console.workshop_n', { n: r.workshop, total: r.workshops }))));
}

function cardAlerts(r, alerts, helpHere) {
  if (!alerts.length && !helpHere.length) return null;
  return h('div', { class: 'rcard-alerts', dataset: { testid: 'room-alerts' } },
    helpHere.length ? h('span', { class: 'alert-badge alert-help', title: t('console.alert.help') },
      h('span', { 'aria-hidden': 'true', class: 'alert-icon' }, '!'),
      h('span', { 'aria-hidden': 'true' }, t('console.alert.help_short')), h('span', { class: 'sr-only' }, t('console.alert.help'))) : null,
    alerts.map((a) => alertBadge(r, a)));
}

function cardStep(r) {
  const nSteps = r.n_steps || 0;
  const stepN = summaryStepNumber(r);
  return h('div', { class: 'rcard-step' },
    h('div', { class: 'rcard-stepline' },
      h('p', { class: 'rcard-stepnum', dataset: { testid: 'room-stepnum' } },
        nSteps ? t('console.step_n', { n: stepN, total: nSteps }) : t('console.step_only', { n: stepN })),
      nSteps ? h('ol', { class: 'mini-steps', 'aria-hidden': 'true' }, Array.from({ length: nSteps }, (_, i) =>
        h('li', { class: i + 1 < stepN ? 'done' : i + 1 === stepN ? 'current' : '' }))) : null),
    h('p', { class: 'rcard-steptitle', dataset: { testid: 'room-step', kind: r.step_kind || '' } },
      stepLabel(r.step_kind, r.step_title)));
}

function cardTimer() {
  return h('div', { class: 'rcard-timer', role: 'timer', 'aria-live': 'off', dataset: { testid: 'room-timer' } },
    h('span', { class: 'rcard-timer-value' }), h('span', { class: 'rcard-timer-status' }));
}

function cardRoles(s, r, planned) {
  return h('dl', { class: 'rcard-roles' },
    rolePerson('client', r.client, planned && personName(s, planned.client, '')),
    rolePerson('facilitator', r.facilitator, planned && personName(s, planned.facilitator, '')));
}

function cardPeople(people) {
  const connected = people.filter((p) => p.connected);
  return h('div', { class: 'rcard-people' },
    h('p', { class: 'rcard-count', dataset: { testid: 'room-connected', n: String(connected.length), total: String(people.length) } },
      h('strong', {}, `${connected.length}/${people.length}`), ' ', t('console.connected')),
    h('ul', { class: 'names plain', 'aria-label': t('console.people') }, people.map((p) =>
      h('li', { class: p.connected ? 'on' : 'off', dataset: { testid: 'room-person' } }, dot(p.connected), p.name,
        h('span', { class: 'sr-only' }, ` (${t(p.connected ? 'people.online' : 'people.away')})`)))));
}

export function renderCard(ctx, group) {
  const r = ctx.state.rooms.get(group);
  if (!r) return;
  const c = ensureCard(ctx, group);
  const s = ctx.state.session;
  const alerts = r.alerts || [];
  const helpHere = (s.help || []).filter((x) => x.group === group);
  c.el.dataset.alert = alerts.length || helpHere.length ? 'yes' : 'no';
  c.el.dataset.room = r.room || '';
  const g = s.groups?.find((x) => x.id === group);
  const people = roster(s, g, r);
  c.timer = cardTimer();
  const planned = g?.plan?.[(r.workshop || 1) - 1];
  const members = (g?.members || people.map((p) => p.id));
  replace(c.body, cardHead(r, group), cardAlerts(r, alerts, helpHere), cardStep(r), c.timer,
    cardRoles(s, r, planned), cardPeople(people), cardActions(ctx, r, group, members));
  tickCard(ctx, group);
}

export function renderGrid(ctx) {
  const { state, cards, shell } = ctx;
  const order = state.list().map((r) => r.group);
  if (!order.length) {
    cards.clear();
    replace(shell.grid, h('li', { class: 'card empty-rooms', dataset: { testid: 'no-rooms' } },
      h('p', { class: 'muted' }, t(state.session.state === 'draft' ? 'console.draft' : 'console.no_rooms'))));
    return;
  }
  if (!cards.size) shell.grid.replaceChildren();
  for (const g of [...cards.keys()]) if (!state.rooms.has(g)) { cards.get(g).el.remove(); cards.delete(g); }
  for (const g of order) renderCard(ctx, g);
  const want = order.map((g) => cards.get(g).el);
  if (want.some((el, i) => shell.grid.children[i] !== el) || shell.grid.children.length !== want.length) {
    shell.grid.replaceChildren(...want);
  }
}

// --- the countdowns (from the hub's deadline; text changes only) ---
function timerLook(live, s, st) {
  if (!live) return { cls: 'stale', status: t('timer.stale') };
  if (st === 'idle') return { cls: 'idle', status: t('timer.idle') };
  if (s < 0 || (s === 0 && st === 'running')) return { cls: 'over', status: t('timer.over') };
  if (st === 'paused') return { cls: 'paused', status: t('timer.paused') };
  return { cls: s <= 120 ? 'warn' : 'ok', status: t('timer.running') };
}

function tickCard(ctx, group) {
  const c = ctx.cards.get(group);
  const r = ctx.state.rooms.get(group);
  if (!c?.timer || !r?.timer) return;
  const live = ctx.conn.status === 'open';
  const s = displaySeconds(ctx.state.remaining(group, { hubNow: hubNow() }));
  const { cls, status } = timerLook(live, s, r.timer.status);
  const text = live ? mmss(s) : '\u2013\u2013:\u2013\u2013';
  const value = c.timer.firstChild;
  if (value.textContent !== text) {
    value.textContent = text;
    c.timer.dataset.seconds = live ? String(s) : '';
    c.timer.setAttribute('aria-label', `${status} ${text}`);
  }
  if (c.timer.lastChild.textContent !== status) c.timer.lastChild.textContent = status;
  if (c.timer.dataset.state !== cls) c.timer.dataset.state = cls;
}

export function tickCards(ctx) {
  for (const g of ctx.cards.keys()) tickCard(ctx, g);
}

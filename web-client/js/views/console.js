// The organizer console (/c/<session>#<organizer token>): every room of a
// session on one screen, live from the console WebSocket. Alerts and help
// requests come first and are announced; the organizer broadcasts a
// banner, starts a plenary countdown, moves people and groups on.
//
// This module mounts it: the context its parts share (ctx), the page's
// frame, and the console WebSocket's events. The parts are in console/:
// head.js (title and counts), tools.js (banner, plenary), help.js (help
// requests), cards.js and card-tools.js (the rooms), live.js (what is read
// out), actions.js (what the organizer does, through the HTTP API).
import { h, $, replace } from '../dom.js';
import { t, onLang } from '../i18n.js';
import { ConsoleState } from '../console-state.js';
import { ConsoleConnection } from '../console-net.js';
import { createActions } from './console/actions.js';
import { renderHead } from './console/head.js';
import { renderTools, tickPlenary } from './console/tools.js';
import { renderHelp } from './console/help.js';
import { renderCard, renderGrid, tickCards } from './console/cards.js';
import { hearOpenHelp, announceSummary, announceAlerts, announceHelp } from './console/live.js';

export { stepLabel } from './console/common.js';

const TICK_MS = 250;

function page(titleKey, textKey) {
  replace($('#app'), h('section', { class: 'card narrow message', dataset: { testid: 'message' } },
    h('h1', {}, t(titleKey)), h('p', {}, t(textKey))));
}

// The console's frame; its parts are filled in by their render functions.
function build(ctx) {
  const tools = h('section', { class: 'console-tools', 'aria-label': t('console.tools') });
  const help = h('section', { class: 'help-zone', 'aria-labelledby': 'help-title', dataset: { testid: 'help-zone' } });
  const head = h('header', { class: 'console-head' });
  const grid = h('ul', { class: 'rooms-grid plain', dataset: { testid: 'rooms' } });
  const el = h('div', { class: 'console', dataset: { testid: 'console' } }, head, tools, help,
    h('h2', { class: 'sr-only', id: 'rooms-title' }, t('console.rooms')), grid);
  replace($('#app'), el);
  ctx.cards.clear();
  return { el, head, tools, help, grid };
}

function renderAll(ctx) {
  if (!ctx.state.session) return;
  // A new meeting may have new groups: half-made choices go.
  if (ctx.state.session.meeting !== ctx.draftsMeeting) {
    ctx.draftsMeeting = ctx.state.session.meeting;
    ctx.moveDrafts.clear();
    ctx.linkDrafts.clear();
  }
  if (!ctx.shell) ctx.shell = build(ctx);
  renderHead(ctx);
  renderTools(ctx);
  renderHelp(ctx);
  renderGrid(ctx);
}

// ctx.draw: the renders the parts ask for (actions, menus, the countdowns).
function drawing(ctx) {
  return {
    all: () => renderAll(ctx),
    card: (group) => renderCard(ctx, group),
    busy: () => {
      if (!ctx.shell || !ctx.state.session) return;
      renderHead(ctx);
      renderTools(ctx);
    },
    tick: () => { tickCards(ctx); tickPlenary(ctx); },
  };
}

function setConn(ctx, status) {
  const pill = $('#conn');
  pill.hidden = status === 'open';
  pill.dataset.state = status;
  pill.textContent = t(`console.conn.${status}`);
  document.documentElement.dataset.conn = status;
  if (status === 'unauthorized') { ctx.shell = null; page('console.unauthorized_title', 'console.unauthorized'); }
  if (status === 'not_found') { ctx.shell = null; page('console.not_found_title', 'console.not_found'); }
  if (ctx.shell && ctx.state.session) renderHead(ctx);
  ctx.draw.tick();
}

function listen(ctx) {
  const { conn, state } = ctx;
  conn.addEventListener('status', (e) => setConn(ctx, e.detail));
  conn.addEventListener('snapshot', (e) => {
    state.snapshot(e.detail);
    hearOpenHelp(ctx, e.detail.session);
    if (!$('[data-testid="console"]')) ctx.shell = null;
    renderAll(ctx);
    announceSummary(ctx);
  });
  conn.addEventListener('room', (e) => {
    const { raised } = state.room(e.detail);
    const r = state.rooms.get(e.detail.group);
    if (!ctx.shell) return;
    if (!ctx.cards.has(r.group)) renderGrid(ctx); else renderCard(ctx, r.group);
    renderHead(ctx);
    announceAlerts(r, raised);
  });
  conn.addEventListener('session', (e) => {
    state.setSession(e.detail);
    renderAll(ctx);
    for (const item of e.detail.help || []) announceHelp(ctx, item);
  });
  conn.addEventListener('help', (e) => {
    const item = e.detail;
    if (state.help(item)) {
      renderHelp(ctx);
      renderHead(ctx);
      renderCard(ctx, item.group);
    }
    announceHelp(ctx, item);
  });
  onLang(() => { if (ctx.shell) { ctx.shell = null; renderAll(ctx); } setConn(ctx, conn.status); });
}

export function mountConsole(sessionId, token) {
  if (!token) { page('console.no_token_title', 'console.no_token'); return; }
  const ctx = {
    token, sessionId, base: `/api/sessions/${sessionId}`,
    state: new ConsoleState(),
    conn: new ConsoleConnection(token, sessionId),
    shell: null, // the frame's parts, once built
    cards: new Map(), // group -> {el, body, timer}
    moveDrafts: new Map(), // group -> {open, person, to}
    linkDrafts: new Map(), // group -> {open, person, link, linkPerson}
    draftsMeeting: 0, // the meeting the drafts belong to
    banner: '', // the banner being typed
    plenaryMinutes: '5',
    busy: new Set(), // actions under way
    heard: new Set(), // help requests already announced
  };
  ctx.draw = drawing(ctx);
  ctx.act = createActions(ctx);
  setInterval(ctx.draw.tick, TICK_MS);
  listen(ctx);
  page('console.connecting_title', 'console.connecting');
  ctx.conn.open();
}

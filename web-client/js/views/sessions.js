// The organizer's sessions: a cohort typed or imported (CSV), split by the
// hub into groups with a plan (client and facilitator of each workshop);
// the organizer adjusts groups and plan, starts, hands out the personal
// links and opens the console.
//
// This module holds the card's state (ctx) and renders it whole; the parts
// are in sessions/: list.js (the sessions), cohort.js and pairs.js (the
// new-session form), session.js, groups.js and plan.js (the open session),
// links.js (its personal links), conflict.js (why the hub refused a
// cohort), actions.js (what is asked of the hub).
//
// A running session refreshes itself: at once when the console (another
// tab of this browser) changes it — a localStorage 'storage' event under
// SESSION_CHANGED_KEY — and every 15 seconds while the page is visible
// (another browser, or the API).
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { emptyForm } from '../sessions.js';
import { SESSION_CHANGED_KEY } from '../api.js';
import { loadList, open, refresh, storedDoc, storedSizes } from './sessions/actions.js';
import { sessionList } from './sessions/list.js';
import { newForm } from './sessions/cohort.js';
import { sessionView } from './sessions/session.js';

export { consoleHref } from './sessions/list.js';

function newButton(ctx) {
  return h('button', { type: 'button', class: 'btn btn-primary', dataset: { testid: 'new-session' },
    onclick: () => { ctx.showForm = true; ctx.conflict = null; ctx.render(); ctx.el.querySelector('#s-name')?.focus(); } },
  t('sessions.new'));
}

function render(ctx) {
  const { doc } = ctx;
  const body = [
    h('div', { class: 'row between' },
      h('h2', { id: 'sessions-title' }, t('sessions.title')),
      !ctx.showForm && !doc ? newButton(ctx) : null),
    h('p', { class: 'lead' }, t('sessions.lead')),
  ];
  if (doc && doc.groups) body.push(sessionView(ctx));
  else if (ctx.showForm) body.push(newForm(ctx));
  body.push(h('h3', { class: 'list-title' }, t('sessions.list')), sessionList(ctx));
  replace(ctx.el, h('div', { class: 'card sessions-card' }, body));
}

export function createSessions({ token, templates }) {
  const ctx = {
    token, templates,
    el: h('section', { class: 'sessions', 'aria-labelledby': 'sessions-title', dataset: { testid: 'sessions' } }),
    list: null, // [{id,name,state,...}] or null while loading
    doc: storedDoc(), // the open session document
    form: emptyForm(),
    creating: false,
    conflict: null, // {reason, people: [names], message}
    draft: null, // groups draft of the open session (draft state)
    plan: null, // plan edits: groups [{id, plan: [{client, facilitator}]}]
    links: null, // [{person, name, group, link}]
    renewed: new Set(), // people whose link was just replaced (shown as such)
    busy: false,
    showForm: false,
    pairsTimer: null,
    sizes: storedSizes(), // session id -> {min, max}
  };
  ctx.render = () => render(ctx);

  async function init() {
    await loadList(ctx);
    if (ctx.doc && ctx.doc.id && !ctx.doc.groups) await open(ctx, ctx.doc.id);
    addEventListener('storage', (e) => {
      if (e.key !== SESSION_CHANGED_KEY || !e.newValue) return;
      let v = null;
      try { v = JSON.parse(e.newValue); } catch { return; }
      if (v && v.id === ctx.doc?.id) refresh(ctx); else loadList(ctx);
    });
    setInterval(() => { if (document.visibilityState === 'visible') refresh(ctx); }, 15000);
  }

  return { el: ctx.el, render: ctx.render, init };
}

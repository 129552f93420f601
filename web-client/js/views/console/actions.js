// What the organizer does from the console, through the HTTP API (the
// console WebSocket brings the result back): broadcast a banner, start or
// cancel a plenary countdown, move a person, move a group on to its next
// workshop, open a new meeting, renew a personal link, resolve a help
// request. A key in ctx.busy marks an action under way (its button is
// disabled) so that it is not sent twice.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { api, SESSION_CHANGED_KEY } from '../../api.js';
import { personName } from '../../sessions.js';
import { announce, notice, confirmDialog } from '../../ui.js';
import { renewLink } from '../person-link.js';

// Tells the organizer's other tabs (the sessions page) that the session
// changed: they hear it as a 'storage' event and reload it.
function tellOtherTabs(id) {
  try { localStorage.setItem(SESSION_CHANGED_KEY, JSON.stringify({ id, at: Date.now() })); } catch { /* private mode */ }
}

export function createActions(ctx) {
  const { state, busy, draw } = ctx;

  // okText: the notice once done (a function of the answer's body);
  // refused(r): true when it handled a refusal itself.
  async function call(key, path, body, okText, refused = null) {
    if (busy.has(key)) return false;
    busy.add(key);
    draw.busy();
    const r = await api(ctx.token, `${ctx.base}${path}`, { method: 'POST', body });
    busy.delete(key);
    draw.busy();
    if (r.status >= 200 && r.status < 300) {
      if (r.status === 200 && r.body?.id) { state.setSession(r.body); draw.all(); tellOtherTabs(r.body.id); }
      const text = typeof okText === 'function' ? okText(r.body) : okText;
      if (text) { notice(text); announce(text); }
      return true;
    }
    if (refused && await refused(r)) return false;
    const why = r.status === 0 ? t('console.err.network') : r.status === 409 ? t('console.err.conflict')
      : (r.body?.message || `${r.status}`);
    notice(t('console.err.action', { why }), { kind: 'error' });
    return false;
  }

  const broadcast = (text) => call('banner', '/broadcast', { text },
    text ? t('console.banner.sent') : t('console.banner.cleared'));
  const plenary = (minutes) => call('plenary', '/plenary', { minutes },
    minutes ? t('console.plenary.started', { n: minutes }) : t('console.plenary.cancelled'));
  const resolve = (item) => call(`help-${item.id}`, `/help/${item.id}/resolve`, undefined, t('console.help.resolved_sr'));

  async function nextWorkshop(r) {
    const yes = await confirmDialog({
      title: t('console.next.title', { group: r.group }),
      text: t('console.next.text', { group: r.group, n: r.workshop + 1, total: r.workshops }),
      ok: t('console.next.ok') });
    if (!yes) return;
    await call(`next-${r.group}`, `/groups/${r.group}/next`, undefined, t('console.next.done', { group: r.group, n: r.workshop + 1 }));
  }

  // A move that would separate a keep-together pair is refused (422
  // separated): the organizer is asked, and may move them anyway (force).
  async function move(group, force = false) {
    const d = ctx.moveDrafts.get(group);
    if (!d?.person || !d?.to) return;
    const name = personName(state.session, d.person);
    const separated = async (r) => {
      if (force || r.status !== 422 || r.body?.cohort !== 'separated') return false;
      const other = (r.body.people || []).find((p) => p !== d.person);
      const yes = await confirmDialog({ title: t('console.move.together_title'), testid: 'move-together-dialog',
        text: [t('console.move.together_text', { name, other: personName(state.session, other), group: d.to })],
        ok: t('console.move.anyway') });
      if (yes) await move(group, true);
      return true;
    };
    if (await call(`move-${group}`, `/people/${d.person}/move`, force ? { group: d.to, force: true } : { group: d.to },
      t('console.move.done', { name, group: d.to }), separated)) {
      ctx.moveDrafts.delete(group);
      draw.card(group);
    }
  }

  // A new meeting of the cycle: every group in a fresh room that opens
  // with the report-back step; optionally new groups.
  async function newMeeting() {
    const n = (state.session.meeting || 1) + 1;
    const reshuffle = h('input', { id: 'meeting-reshuffle', type: 'checkbox', 'aria-describedby': 'meeting-reshuffle-hint',
      dataset: { testid: 'meeting-reshuffle' } });
    const option = h('div', { class: 'check dialog-option' }, reshuffle,
      h('div', {},
        h('label', { for: 'meeting-reshuffle' }, t('console.meeting.reshuffle')),
        h('p', { class: 'hint', id: 'meeting-reshuffle-hint' }, t('console.meeting.reshuffle_hint'))));
    const yes = await confirmDialog({ title: t('console.meeting.title', { n }), testid: 'meeting-dialog',
      text: [t('console.meeting.text_rooms'), t('console.meeting.text_steps')], body: option,
      ok: t('console.meeting.ok', { n }) });
    if (!yes) return;
    const shuffled = reshuffle.checked;
    await call('meeting', '/meetings', { reshuffle: shuffled }, (doc) =>
      t(shuffled ? 'console.meeting.done_reshuffled' : 'console.meeting.done', { n: doc?.meeting || n }));
  }

  async function newLink(group) {
    const d = ctx.linkDrafts.get(group);
    if (!d?.person || busy.has(`link-${group}`)) return;
    busy.add(`link-${group}`);
    draw.card(group);
    const person = d.person;
    const link = await renewLink({ token: ctx.token, sessionId: ctx.sessionId, person, name: personName(state.session, person) });
    busy.delete(`link-${group}`);
    if (link) ctx.linkDrafts.set(group, { ...(ctx.linkDrafts.get(group) || {}), link, linkPerson: person });
    draw.card(group);
  }

  return { broadcast, plenary, resolve, nextWorkshop, move, newMeeting, newLink };
}

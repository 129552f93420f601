// The organizer's rooms, listed from the hub (GET /api/rooms: every room
// of the organization, wherever it was created): template, creation time,
// current step, who is connected, the session and group it serves. Each
// can be deleted (DELETE /api/rooms/ID, after a confirmation) or given
// fresh links (POST /api/rooms/ID/links); the links this browser knows
// (created or re-issued here, kept for this tab) can be revoked one by one
// (POST /api/links/revoke), and any link can be pasted to revoke it. The
// list refreshes itself every 10 seconds while the page is visible.
import { h, replace } from '../dom.js';
import { t, currentLang, templateName } from '../i18n.js';
import { api } from '../api.js';
import { notice, announce, confirmDialog } from '../ui.js';
import { copyText } from './person-link.js';
import { observeHref } from '../linkscope.js';

const KNOWN_KEY = 'codev.organizer.links';
const REFRESH_MS = 10000;

export function createRoomsList({ token, templates }) {
  // room id → {facilitator_link, participant_link, revoked: {kind: true}}
  const known = JSON.parse(sessionStorage.getItem(KNOWN_KEY) || '{}');
  const state = { rooms: null, error: null, busy: false, revokeText: '', sessions: new Map() };
  const el = h('section', { class: 'hub-rooms', 'aria-labelledby': 'hub-rooms-title', dataset: { testid: 'hub-rooms' } });
  const save = () => sessionStorage.setItem(KNOWN_KEY, JSON.stringify(known));

  function remember(room, links) {
    known[room] = { facilitator_link: links.facilitator_link, participant_link: links.participant_link, revoked: {} };
    save();
  }

  async function load() {
    const r = await api(token, '/api/rooms');
    if (r.status === 200) { state.rooms = r.body.rooms; state.error = null; } else state.error = r.body.message || String(r.status);
    if (state.rooms?.some((x) => x.session && !state.sessions.has(x.session.id))) {
      const s = await api(token, '/api/sessions');
      if (s.status === 200) for (const x of s.body.sessions) state.sessions.set(x.id, x.name);
    }
    render();
  }

  async function act(fn) {
    if (state.busy) return;
    state.busy = true;
    render();
    try { await fn(); } finally { state.busy = false; await load(); }
  }

  const remove = (room) => act(async () => {
    const yes = await confirmDialog({ title: t('rooms.delete.title', { id: room.id }), testid: 'delete-room-dialog',
      text: [t('rooms.delete.text'), room.connected ? t('rooms.delete.connected', { n: room.connected }) : null].filter(Boolean),
      ok: t('rooms.delete.ok') });
    if (!yes) return;
    const r = await api(token, `/api/rooms/${encodeURIComponent(room.id)}`, { method: 'DELETE' });
    if (r.status !== 204) { notice(t('rooms.failed', { why: r.body.message || r.status }), { kind: 'error' }); return; }
    delete known[room.id];
    save();
    announce(t('rooms.deleted', { id: room.id }));
  });

  const reissue = (room) => act(async () => {
    const r = await api(token, `/api/rooms/${encodeURIComponent(room.id)}/links`, { method: 'POST' });
    if (r.status !== 201) { notice(t('rooms.failed', { why: r.body.message || r.status }), { kind: 'error' }); return; }
    const old = known[room.id];
    remember(room.id, r.body);
    if (old) known[room.id].previous = { ...old, previous: undefined };
    save();
    announce(t('rooms.reissued', { id: room.id }));
  });

  async function revokeLink(link) {
    const r = await api(token, '/api/links/revoke', { method: 'POST', body: { link } });
    if (r.status !== 204) { notice(t('rooms.revoke_failed', { why: r.body.message || r.status }), { kind: 'error' }); return false; }
    announce(t('rooms.revoked'));
    return true;
  }

  const revokeKnown = (roomId, links, kind) => act(async () => {
    const yes = await confirmDialog({ title: t('rooms.revoke.title'), testid: 'revoke-dialog',
      text: [t(`rooms.revoke.text.${kind}`), t('rooms.revoke.text2')], ok: t('rooms.revoke.ok') });
    if (yes && await revokeLink(links[`${kind}_link`])) {
      links.revoked = { ...(links.revoked || {}), [kind]: true };
      save();
    }
  });

  const revokePasted = (e) => {
    e.preventDefault();
    const link = state.revokeText.trim();
    if (!link) return;
    act(async () => { if (await revokeLink(link)) state.revokeText = ''; });
  };

  function linkLine(roomId, links, kind, prefix = '') {
    const id = `rl-${prefix}${kind}-${roomId}`;
    const url = links[`${kind}_link`];
    const revoked = links.revoked?.[kind];
    const copy = h('button', { type: 'button', class: 'btn btn-small', disabled: revoked,
      dataset: { testid: `copy-${kind}`, focus: `copy-${prefix}${kind}-${roomId}` } }, t('organizer.copy'));
    copy.addEventListener('click', () => copyText(url, copy));
    return h('div', { class: `link-row${revoked ? ' revoked' : ''}`, dataset: { testid: `${prefix}link-row` } },
      h('label', { for: id }, t(`organizer.link.${kind}`)),
      prefix ? null : h('p', { class: 'hint' }, t(`organizer.link.${kind}.hint`)),
      h('div', { class: 'row' },
        h('input', { id, type: 'text', readonly: true, value: url, class: 'mono', dataset: { testid: `${prefix}link-${kind}` } }),
        copy,
        revoked ? h('span', { class: 'chip', dataset: { testid: 'link-revoked' } }, t('rooms.revoked_chip'))
          : h('button', { type: 'button', class: 'btn btn-small btn-ghost', disabled: state.busy,
            'aria-label': t(`rooms.revoke.${kind}`),
            dataset: { testid: 'revoke-link', kind, focus: `revoke-${prefix}${kind}-${roomId}` },
            onclick: () => revokeKnown(roomId, links, kind) }, t('rooms.revoke'))));
  }

  function knownLinks(room) {
    const links = known[room.id];
    if (!links) return h('p', { class: 'hint' }, t(room.session ? 'rooms.links_session' : 'rooms.links_unknown'));
    const prev = links.previous;
    return h('div', { class: 'room-links', dataset: { testid: 'created-room', room: room.id } },
      linkLine(room.id, links, 'facilitator'), linkLine(room.id, links, 'participant'),
      h('p', {}, h('a', { href: links.facilitator_link, target: '_blank', rel: 'noopener' }, t('organizer.open'))),
      prev && !(prev.revoked?.facilitator && prev.revoked?.participant)
        ? h('div', { class: 'previous-links', dataset: { testid: 'previous-links' } },
          h('p', { class: 'hint' }, t('rooms.previous')),
          linkLine(room.id, prev, 'facilitator', 'old-'), linkLine(room.id, prev, 'participant', 'old-'))
        : null);
  }

  function roomRow(room) {
    const tpl = templates()?.find((x) => x.id === room.template);
    const created = new Date(room.created_ms).toLocaleString(currentLang(), { dateStyle: 'medium', timeStyle: 'short' });
    const where = room.session ? t('rooms.session', { name: state.sessions.get(room.session.id) || `#${room.session.id}`,
      group: room.session.group, n: room.session.workshop }) : null;
    return h('li', { class: 'card room-row', dataset: { testid: 'hub-room', room: room.id } },
      h('div', { class: 'row between' },
        h('h3', {}, t('organizer.room', { id: room.id })),
        h('span', { class: 'room-actions' },
          h('a', { class: 'btn btn-small', href: observeHref(room.id, token), target: '_blank', rel: 'noopener',
            dataset: { testid: 'room-observe', focus: `observe-${room.id}` } }, t('rooms.observe')),
          h('button', { type: 'button', class: 'btn btn-small', disabled: state.busy,
            dataset: { testid: 'room-new-links', focus: `links-${room.id}` }, onclick: () => reissue(room) }, t('rooms.new_links')),
          h('button', { type: 'button', class: 'btn btn-small btn-danger', disabled: state.busy,
            dataset: { testid: 'room-delete', focus: `delete-${room.id}` }, onclick: () => remove(room) }, t('rooms.delete')))),
      h('p', { class: 'muted', dataset: { testid: 'room-facts' } },
        [tpl ? templateName(tpl) : room.template, t('rooms.created', { when: created }),
          t('rooms.step', { n: room.step + 1, total: room.n_steps, kind: t(`step.${room.step_kind}.short`) }),
          t('rooms.connected', { n: room.connected, total: room.participants }), where].filter(Boolean).join(' · ')),
      knownLinks(room));
  }

  function render() {
    const list = state.rooms;
    replace(el,
      h('div', { class: 'row between' },
        h('h2', { id: 'hub-rooms-title' }, t('organizer.rooms')),
        h('button', { type: 'button', class: 'btn btn-small btn-ghost', dataset: { testid: 'rooms-refresh', focus: 'rooms-refresh' },
          onclick: () => load() }, t('rooms.refresh'))),
      state.error ? h('p', { class: 'error', role: 'alert' }, t('rooms.failed', { why: state.error })) : null,
      list === null ? h('p', { class: 'muted' }, t('app.loading'))
        : list.length === 0 ? h('p', { class: 'muted', dataset: { testid: 'rooms-empty' } }, t('rooms.none'))
          : h('ul', { class: 'plain stack' }, list.map(roomRow)),
      h('form', { class: 'revoke-form row', onsubmit: revokePasted },
        h('label', { for: 'revoke-any' }, t('rooms.revoke_any')),
        h('input', { id: 'revoke-any', type: 'text', class: 'mono grow', value: state.revokeText, placeholder: t('rooms.revoke_any.hint'),
          dataset: { testid: 'revoke-input', focus: 'revoke-input' }, oninput: (e) => { state.revokeText = e.target.value; } }),
        h('button', { type: 'submit', class: 'btn btn-small', disabled: state.busy, dataset: { testid: 'revoke-any', focus: 'revoke-any-go' } },
          t('rooms.revoke'))));
  }

  setInterval(() => { if (document.visibilityState === 'visible' && !state.busy && !document.querySelector('dialog[open]')) load(); }, REFRESH_MS);
  return { el, load, render, remember };
}

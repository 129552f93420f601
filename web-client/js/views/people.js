// Who is here: names, role badges (colour and text), presence, raised
// hands and who has the floor; plus "speaking": your hand, the queue, the
// round. The facilitator gives the floor from the queue.
import { h, memo } from '../dom.js';
import { t, currentLang } from '../i18n.js';

export function badge(role) {
  return h('span', { class: `badge role-${role}`, dataset: { role } }, t(`role.${role}`));
}

export function personName(room, id) {
  const p = room.participants.find((x) => x.id === id);
  return p ? p.name : t('people.unknown');
}

export function createPeople(ctx) {
  const list = h('ul', { class: 'people', dataset: { testid: 'people' } });
  const el = h('section', { class: 'card people-card', 'aria-labelledby': 'people-title' },
    h('h2', { id: 'people-title' }, t('people.title')), list);
  // A freed seat (removed, released) is no longer in the room.
  const render = memo(list, (room, me) => room.participants.filter((p) => !p.seat).map((p) => {
    const hand = room.hands.indexOf(p.id);
    return h('li', { class: `person ${p.connected ? 'online' : 'away'}`, dataset: { testid: 'person', pid: String(p.id) } },
      h('span', { class: 'presence', title: t(p.connected ? 'people.online' : 'people.away') },
        h('span', { class: 'sr-only' }, t(p.connected ? 'people.online' : 'people.away'))),
      h('span', { class: 'person-name', dataset: { testid: 'person-name' } }, p.name),
      p.id === me ? h('span', { class: 'muted' }, ` ${t('people.you')}`) : null,
      h('span', { class: 'person-tags' },
        room.floor === p.id ? h('span', { class: 'tag floor' }, t('people.floor')) : null,
        hand >= 0 ? h('span', { class: 'tag hand' }, t('people.hand_n', { n: hand + 1 })) : null,
        room.backup === p.id ? h('span', { class: 'tag' }, t('people.backup')) : null,
        room.acting_facilitator === p.id && p.role !== 'facilitator' ? h('span', { class: 'tag' }, t('people.acting')) : null,
        p.organizer ? h('span', { class: 'tag organizer', dataset: { testid: 'organizer-tag' } }, t('people.organizer')) : null,
        badge(p.role)));
  }));
  function update() {
    const room = ctx.room();
    el.firstChild.textContent = t('people.title_n', { n: room.participants.filter((p) => p.connected).length,
      total: room.participants.filter((p) => !p.seat).length });
    render([currentLang(), room.participants, room.hands, room.floor, room.backup, room.acting_facilitator],
      room, ctx.you().participant);
  }
  return { el, update };
}

export function createSpeaking(ctx) {
  const body = h('div', {});
  const el = h('section', { class: 'card speaking', 'aria-labelledby': 'speaking-title' },
    h('h2', { id: 'speaking-title' }, t('speaking.title')), body);
  const render = memo(body, (room) => {
    const me = ctx.you().participant;
    const raised = room.hands.includes(me);
    const facil = ctx.isFacilitator();
    const allowed = ctx.can('hand.raise');
    const out = [];
    out.push(h('p', { class: 'floor-line', dataset: { testid: 'floor' } },
      room.floor ? [t('speaking.floor'), ' ', h('strong', {}, personName(room, room.floor)),
        room.floor === me ? ` ${t('speaking.floor_you')}` : ''] : t('speaking.floor_none')));
    if (allowed) {
      out.push(h('button', { type: 'button', class: `btn ${raised ? '' : 'btn-primary'}`, 'aria-pressed': String(raised),
        dataset: { focus: 'hand', testid: 'hand' },
        onclick: () => ctx.send(raised ? 'hand.lower' : 'hand.raise') },
      raised ? t('speaking.lower') : t('speaking.raise')));
    } else {
      out.push(h('p', { class: 'why' }, ctx.why('hand.raise')));
    }
    if (room.hands.length) {
      out.push(h('h3', {}, t('speaking.queue')));
      out.push(h('ol', { class: 'queue', dataset: { testid: 'queue' } }, room.hands.map((id) => h('li', {},
        h('span', { class: 'person-name' }, personName(room, id)),
        facil ? h('span', { class: 'row' },
          h('button', { type: 'button', class: 'btn btn-small', dataset: { focus: `give-${id}` },
            onclick: () => ctx.send('floor.give', { participant: id }) }, t('speaking.give')),
          h('button', { type: 'button', class: 'btn btn-small btn-ghost', dataset: { focus: `lower-${id}` },
            'aria-label': t('speaking.lower_for', { name: personName(room, id) }),
            onclick: () => ctx.send('hand.lower', { participant: id }) }, t('speaking.lower_other'))) : null))));
    } else {
      out.push(h('p', { class: 'muted' }, t('speaking.no_hands')));
    }
    if (room.round.active) {
      const left = room.round.order.filter((o) => !o.spoke).length;
      out.push(h('p', { class: 'round-line', dataset: { testid: 'round' } },
        left ? t('speaking.round', { left, total: room.round.order.length }) : t('speaking.round_done')));
      // The hub marks a turn spoken when it begins: the one who has the
      // floor now is speaking, not done (never struck through).
      out.push(h('ol', { class: 'round' }, room.round.order.map((o) => {
        const state = o.participant === room.floor ? 'speaking' : o.spoke ? 'spoke' : 'todo';
        return h('li', { class: state, dataset: { testid: 'round-turn', state } },
          personName(room, o.participant),
          state === 'speaking' ? h('span', { class: 'tag floor' }, t('people.floor'))
            : state === 'spoke' ? h('span', { class: 'sr-only' }, ` (${t('speaking.spoke')})`) : null);
      })));
    }
    return out;
  });
  function update() {
    const room = ctx.room();
    el.firstChild.textContent = t('speaking.title');
    render([currentLang(), room.hands, room.floor, room.round, room.participants, ctx.role(), room.step,
      ctx.isFacilitator()], room);
  }
  return { el, update };
}

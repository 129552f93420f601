// Merging a duplicate seat (participant.merge): the same person on a
// second device, or under a second name. The facilitator picks the
// duplicate and the seat that stays; the duplicate's questions, ideas and
// hand go to the seat that stays, and its device is told. Two seats with
// the same name are offered first. Choices live in `draft` so that a
// re-render (someone joins, speaks) keeps them.
import { h, memo } from '../dom.js';
import { t, currentLang } from '../i18n.js';
import { confirmDialog } from '../ui.js';

const seated = (room) => room.participants.filter((p) => !p.seat && !p.organizer);
const norm = (name) => name.trim().toLocaleLowerCase();

// The later of two seats with one name is the likely duplicate.
function twins(room) {
  const seen = new Map();
  for (const p of seated(room)) {
    const first = seen.get(norm(p.name));
    if (first && p.role !== 'facilitator' && p.role !== 'client') return { from: p.id, into: first.id };
    if (!first) seen.set(norm(p.name), p);
  }
  return null;
}

export function createMerge(ctx) {
  const draft = { from: 0, into: 0 };
  const el = h('div', { class: 'merge', dataset: { testid: 'merge' } });
  const label = (room, id) => {
    const p = room.participants.find((x) => x.id === id);
    return p ? `${p.name} (#${p.id}, ${t(p.connected ? 'people.online' : 'people.away')})` : '';
  };

  async function merge(room) {
    const from = label(room, draft.from), into = label(room, draft.into);
    const yes = await confirmDialog({ title: t('merge.confirm_title'), text: t('merge.confirm_text', { from, into }),
      ok: t('merge.go') });
    if (yes && await ctx.send('participant.merge', { participant: draft.from, into: draft.into })) {
      draft.from = 0;
      draft.into = 0;
    }
  }

  const render = memo(el, (room, me) => {
    const people = seated(room);
    const candidates = people.filter((p) => p.id !== me && p.role !== 'facilitator' && p.role !== 'client');
    if (!candidates.length || people.length < 2) return [];
    const twin = twins(room);
    if (!draft.from && twin) Object.assign(draft, twin);
    const option = (p, selected) => h('option', { value: String(p.id), selected: p.id === selected }, label(room, p.id));
    const pick = (id, key, list, testid) => h('select', { id, dataset: { focus: id, testid },
      onchange: (e) => { draft[key] = Number(e.target.value); update(); } },
    h('option', { value: '0' }, t('merge.choose')), list.map((p) => option(p, draft[key])));
    return [
      h('h3', {}, t('merge.title')),
      h('p', { class: 'muted' }, t('merge.lead')),
      twin ? h('p', { class: 'merge-hint', dataset: { testid: 'merge-hint' } },
        t('merge.same_name', { name: room.participants.find((p) => p.id === twin.from).name })) : null,
      h('label', { for: 'merge-from' }, t('merge.from')), pick('merge-from', 'from', candidates, 'merge-from'),
      h('label', { for: 'merge-into' }, t('merge.into')),
      pick('merge-into', 'into', people.filter((p) => p.id !== draft.from), 'merge-into'),
      h('button', { type: 'button', class: 'btn', dataset: { focus: 'merge-go', testid: 'merge-go' },
        disabled: !draft.from || !draft.into || draft.from === draft.into, onclick: () => merge(room) }, t('merge.go')),
    ];
  });

  function update() {
    const room = ctx.room();
    const fac = ctx.isFacilitator() && !room.ended;
    el.hidden = !fac;
    if (!fac) return;
    const people = room.participants.map((p) => [p.id, p.name, p.role, p.seat || '', p.connected]);
    render([currentLang(), people, draft.from, draft.into], room, ctx.you().participant);
  }
  return { el, update };
}

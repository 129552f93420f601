// "Organizer is observing": the line every member sees while the
// organization's organizer looks into the room (participant.organizer,
// connected), so nobody is watched without knowing it; the organizer sees
// that members are told.
import { h, memo } from '../dom.js';
import { t, currentLang } from '../i18n.js';

export function createObserving(ctx) {
  const el = h('p', { class: 'observing-note', role: 'status', dataset: { testid: 'observing' } });
  const render = memo(el, (names, mine) => {
    if (mine) return [t('observing.you')];
    if (!names.length) return [];
    return [t(names.length === 1 ? 'observing.one' : 'observing.many', { names: names.join(', ') })];
  });

  function update() {
    const me = ctx.you().participant;
    const here = ctx.room().participants.filter((p) => p.organizer && p.connected);
    const mine = here.some((p) => p.id === me);
    const names = here.filter((p) => p.id !== me).map((p) => p.name);
    el.hidden = !mine && !names.length;
    render([currentLang(), mine, ...names], names, mine);
  }
  return { el, update };
}

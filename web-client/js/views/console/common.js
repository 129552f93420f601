// What the parts of the organizer console share: step labels and numbers,
// clock times, the hub's clock, and a group's roster with its presence.
import { t, currentLang, has } from '../../i18n.js';
import * as clock from '../../clock.js';
import { personName } from '../../sessions.js';

export function stepLabel(kind, title) {
  return kind && has(`step.${kind}.name`) ? t(`step.${kind}.name`) : (title || '');
}

// Room summaries and help items carry the room's 0-based step index, as
// the room protocol does; people read "step 2 of 6".
export const summaryStepNumber = (r) => r.step + 1;
export const helpStepNumber = (item) => item.step + 1;

export function minutesBehind(ms) {
  return Math.max(1, Math.floor(ms / 60000));
}

export function clockTime(ms) {
  return new Date(ms).toLocaleTimeString(currentLang() === 'fr' ? 'fr-CA' : 'en-CA', { hour: '2-digit', minute: '2-digit' });
}

export function hubNow() {
  return clock.isKnown() ? clock.now() : null;
}

// The group's members (from the session) with their presence in the
// room (room participants are numbered per room: matched by name), then
// anyone else connected there (e.g. an observer with a room link).
export function roster(session, g, r) {
  const inRoom = r.people || [];
  if (!g) return inRoom;
  const here = new Map();
  for (const p of inRoom) here.set(p.name, here.get(p.name) || p.connected);
  const names = new Set();
  const out = g.members.map((pid) => {
    const name = personName(session, pid);
    names.add(name);
    return { name, connected: !!here.get(name) };
  });
  for (const p of inRoom) if (p.connected && !names.has(p.name)) out.push({ name: p.name, connected: true });
  return out;
}

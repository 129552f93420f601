// The room as a client holds it: the welcome snapshot, then every event
// applied in seq order. Events carry the complete current value of what
// changed (proto/README.md), so applying one is copying fields, or
// replacing one item of a list by id. Used by the page and by the tests.

// Events whose payload fields simply replace the room's.
const COPY = {
  'role.assigned': ['participants', 'backup', 'acting_facilitator'],
  'backup.set': ['participants', 'backup', 'acting_facilitator'],
  'step.changed': ['step', 'steps', 'timer'],
  'timer.changed': ['timer'],
  'timer.warning': ['timer'],
  'timer.expired': ['timer'],
  'hands.changed': ['hands'],
  'floor.given': ['floor', 'round'],
  'round.changed': ['floor', 'round'],
  'sheet.updated': ['sheet'],
  'contract.set': ['contract'],
  'enough.signaled': ['enough_by'],
  'plan.updated': ['plan'],
  'notes.updated': ['notes'],
  'room.locked': ['locked'],
  'room.ended': ['ended', 'timer'],
  'participant.merged': ['participants', 'backup', 'acting_facilitator', 'questions', 'suggestions', 'learnings'],
};

// Events that add or replace one item of a list, by id (then copy the
// fields listed third, if any).
const PEOPLE = ['backup', 'acting_facilitator'];
const UPSERT = {
  'participant.joined': ['participants', 'entry', PEOPLE],
  'participant.left': ['participants', 'entry', PEOPLE],
  'participant.returned': ['participants', 'entry', PEOPLE],
  'name.changed': ['participants', 'entry', PEOPLE],
  'seat.changed': ['participants', 'entry', PEOPLE],
  'question.added': ['questions', 'question'],
  'question.answered': ['questions', 'question'],
  'suggestion.added': ['suggestions', 'suggestion'],
  'suggestion.kept': ['suggestions', 'suggestion'],
};

export class RoomState {
  constructor() {
    this.room = null;
    this.seq = 0;
    this.you = null;
    this.stale = false; // a gap was seen: ask for a snapshot (reconnect)
  }

  welcome(msg) {
    this.you = msg.you;
    if (msg.room) {
      this.room = structuredClone(msg.room);
      this.seq = msg.seq;
      this.stale = false;
    }
  }

  // Applies one event; returns false when it cannot be applied in order.
  apply(ev) {
    if (!this.room || typeof ev.seq !== 'number') return false;
    if (ev.seq <= this.seq) return true; // already applied (replay overlap)
    if (ev.seq !== this.seq + 1) {
      this.stale = true;
      return false;
    }
    const copy = COPY[ev.type];
    const upsert = UPSERT[ev.type];
    if (copy) {
      for (const k of copy) if (k in ev) this.room[k] = structuredClone(ev[k]);
    } else if (upsert) {
      const [list, field, also = []] = upsert;
      const item = structuredClone(ev[field]);
      const items = this.room[list];
      const i = items.findIndex((x) => x.id === item.id);
      if (i >= 0) items[i] = item; else items.push(item);
      for (const k of also) if (k in ev) this.room[k] = ev[k];
    } else if (ev.type === 'learning.added') {
      if (this.room.learnings.length + 1 !== ev.learnings_count) {
        this.stale = true;
        return false;
      }
      this.room.learnings.push(structuredClone(ev.learning));
    } else if (ev.type === 'item.hidden') {
      // Questions and suggestions by id, a learning by its 1-based position.
      const item = structuredClone(ev[ev.kind]);
      const list = this.room[`${ev.kind}s`];
      const i = ev.kind === 'learning' ? ev.item - 1 : list?.findIndex((x) => x.id === ev.item);
      if (!item || !list || !(i >= 0 && i < list.length)) {
        this.stale = true;
        return false;
      }
      list[i] = item;
    } else {
      return false; // unknown event: a newer hub; resync
    }
    this.seq = ev.seq;
    return true;
  }

  participant(id) {
    return this.room?.participants.find((p) => p.id === id) || null;
  }
}

// Fields that depend on the moment they were encoded (time left, time
// spent): equal rooms differ there, so comparisons leave them out.
export function stableView(room) {
  const r = structuredClone(room);
  if (r.timer) r.timer = { status: r.timer.status, step: r.timer.step, duration_ms: r.timer.duration_ms };
  if (Array.isArray(r.steps)) r.steps = r.steps.map((s) => ({ kind: s.kind, duration_ms: s.duration_ms }));
  return r;
}

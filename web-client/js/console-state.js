// The organizer console as a client holds it: the session document and one
// room summary per group, replaced whole by console.snapshot, console.room
// and console.session (each carries the complete current value). Pure: the
// page and the Node tests both use it.

export class ConsoleState {
  constructor() {
    this.session = null;
    this.rooms = new Map(); // group id -> room summary
    this.received = new Map(); // group id -> local ms when its summary arrived
  }

  snapshot(msg, now = Date.now()) {
    this.session = msg.session;
    this.rooms.clear();
    this.received.clear();
    for (const r of msg.rooms || []) this.room(r, now);
  }

  // Replaces a group's summary; returns the alerts it raised and cleared.
  room(summary, now = Date.now()) {
    const before = this.rooms.get(summary.group);
    const had = new Set(before?.alerts || []);
    const has = new Set(summary.alerts || []);
    const r = { ...summary };
    delete r.type;
    this.rooms.set(r.group, r);
    this.received.set(r.group, now);
    return {
      raised: [...has].filter((a) => !had.has(a)),
      cleared: [...had].filter((a) => !has.has(a)),
      stepChanged: !before || before.step !== r.step || before.room !== r.room,
    };
  }

  // The session document; a group it no longer has (new groups for a
  // new meeting) loses its summary.
  setSession(doc) {
    this.session = doc;
    if (!Array.isArray(doc?.groups)) return;
    const groups = new Set(doc.groups.map((g) => g.id));
    for (const g of [...this.rooms.keys()]) {
      if (!groups.has(g)) { this.rooms.delete(g); this.received.delete(g); }
    }
  }

  // A help request: added to the open list unless already there.
  help(item) {
    if (!this.session) return false;
    const list = this.session.help || (this.session.help = []);
    if (list.some((x) => x.id === item.id)) return false;
    const h = { ...item };
    delete h.type;
    list.push(h);
    return true;
  }

  // Rooms in group order.
  list() {
    return [...this.rooms.values()].sort((a, b) => a.group - b.group);
  }

  // Time left in a room's step (ms, negative past zero). The timer is the
  // room's timer object (remaining_ms clamped at 0, overrun_ms past it).
  // Running: from the hub's wall-clock deadline when the clock offset is
  // known, else counted down locally since the summary arrived.
  remaining(group, { now = Date.now(), hubNow = null } = {}) {
    const timer = this.rooms.get(group)?.timer;
    if (!timer) return null;
    const still = timer.overrun_ms > 0 ? -timer.overrun_ms : timer.remaining_ms;
    if (timer.status !== 'running') return still;
    const deadline = timer.deadline_ms ?? timer.deadline;
    if (hubNow !== null && typeof deadline === 'number') return deadline - hubNow;
    return still - (now - (this.received.get(group) || now));
  }

  connectedCount() {
    let n = 0, total = 0;
    for (const r of this.rooms.values()) {
      for (const p of r.people || []) { total++; if (p.connected) n++; }
    }
    return { n, total };
  }

  alerting() {
    return this.list().filter((r) => (r.alerts || []).length);
  }
}

// Whole seconds shown (as the room's timer): 0:01 → 0:00, then −0:01.
export function displaySeconds(ms) {
  return ms >= 0 ? Math.ceil(ms / 1000) : -Math.floor(-ms / 1000);
}

export function mmss(s) {
  const a = Math.abs(s);
  const body = `${Math.floor(a / 60)}:${String(a % 60).padStart(2, '0')}`;
  return s < 0 ? `\u2212${body}` : body;
}

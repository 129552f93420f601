// The WebSocket to the hub: hello/welcome, requests with ids, reconnect
// with backoff as the same participant (resume + last_seq), and the clock
// offset samples. It knows nothing of the page; app.js listens to it.
import * as clock from './clock.js';
import { BACKOFF, HubSocket, nextId } from './hubsocket.js';

export class Connection extends HubSocket {
  // identity: {token, name, resume, seat, room, observe} (resume is filled
  // in after welcome; seat is this browser's key to its seat, sent in
  // every hello; room: the room an organizer link looks into; observe: a
  // newcomer only looks in)
  constructor(identity, state) {
    super();
    this.identity = identity;
    this.state = state;
    this.ws = null;
    this.pending = new Map();
    this.attempt = 0;
    this.status = 'connecting'; // connecting | open | reconnecting | replaced | unauthorized | removed | merged
    this.timer = null;
    this.pingTimer = null;
    this.full = false; // next hello asks for a whole snapshot
    addEventListener('online', () => this.kick());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState !== 'visible') return;
      if (this.status === 'open') this.sampleClock(3); else this.kick();
    });
  }

  greet(ws) {
    const msg = { type: 'hello', id: nextId('h'), token: this.identity.token };
    if (this.identity.resume) {
      msg.resume = this.identity.resume;
      if (this.state.room && !this.full) msg.last_seq = this.state.seq;
    } else {
      msg.name = this.identity.name;
      if (this.identity.observe) msg.observe = true;
    }
    if (this.identity.seat) msg.seat = this.identity.seat;
    if (this.identity.room) msg.room = this.identity.room; // an organizer link names its room
    this.helloId = msg.id;
    ws.send(JSON.stringify(msg));
  }

  receive(ws, data) {
    if (ws !== this.ws) return;
    let msg;
    try { msg = JSON.parse(data); } catch { return; }
    if (msg.type === 'pong') { clock.sample(msg.t0, msg.server_ms); return; }
    if (msg.re === this.helloId) { this.answered(msg); return; }
    if ('re' in msg) {
      const p = this.pending.get(msg.re);
      if (p) { this.pending.delete(msg.re); p.resolve(msg); }
      return;
    }
    if (typeof msg.seq === 'number') {
      if (!this.state.apply(msg) && this.state.stale) { this.resync(); return; }
      this.emit('event', msg);
      return;
    }
    // Hub → member messages of a session room (banner, plenary, help,
    // moved): no seq. session.moved comes right before a 4005 close; for
    // who came by a room link it carries a link of the new room, which the
    // next hello uses (the old link names the old room).
    if (typeof msg.type === 'string' && msg.type.startsWith('session.')) {
      if (msg.type === 'session.moved' && typeof msg.link === 'string') {
        const next = msg.link.split('#')[1];
        if (next && /^[A-Za-z0-9_-]{1,191}$/.test(next)) this.nextToken = next;
      }
      this.emit('session', msg);
    }
  }

  answered(msg) {
    if (msg.type === 'welcome') {
      this.attempt = 0;
      this.full = false;
      this.identity.resume = msg.resume;
      clock.roughly(msg.server_ms);
      this.state.welcome(msg);
      this.setStatus('open');
      this.emit('welcome', msg);
      this.sampleClock(5);
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.sampleClock(1), 30000);
      return;
    }
    // A refused resume (the hub forgot us): join again as new, once.
    if (msg.code === 'unauthorized' && this.identity.resume) {
      this.identity.resume = null;
      this.retryFresh = true;
      return;
    }
    this.emit('refused', msg);
  }

  // A gap in seq: ask the hub for a whole snapshot.
  resync() {
    this.full = true;
    this.ws?.close(4000, 'resync');
  }

  closed(ws, code) {
    if (ws !== this.ws) return;
    clearInterval(this.pingTimer);
    for (const p of this.pending.values()) p.resolve({ type: 'error', code: 'disconnected' });
    this.pending.clear();
    if (code === 4001) { this.setStatus('replaced'); return; }
    // 4006: the facilitator removed us; never come back with this seat.
    if (code === 4006) { this.identity.resume = null; this.setStatus('removed'); return; }
    // 4007: this seat was merged into the person's other one; the same
    // secret leads there, once the person chooses to continue here.
    if (code === 4007) { this.full = true; this.setStatus('merged'); return; }
    if (code === 4003 && !this.retryFresh) { this.setStatus('unauthorized'); return; }
    // 4005: the person now belongs to another room (moved, next workshop).
    // The same link leads there; the resume secret was for the old room.
    if (code === 4005) {
      if (this.nextToken) this.identity.token = this.nextToken;
      this.nextToken = null;
      this.identity.resume = null;
      this.full = true;
      this.retryFresh = true;
      this.attempt = 0;
      this.emit('moved');
    }
    const fresh = this.retryFresh;
    this.retryFresh = false;
    this.setStatus('reconnecting');
    const base = fresh ? 0 : BACKOFF[Math.min(this.attempt, BACKOFF.length - 1)];
    this.attempt++;
    this.timer = setTimeout(() => this.open(), base + Math.random() * base * 0.3);
  }

  // Sends a command; resolves with its ack or error (never rejects).
  request(type, fields = {}) {
    if (!this.ws || this.ws.readyState !== 1 || this.status !== 'open') {
      return Promise.resolve({ type: 'error', code: 'disconnected' });
    }
    const id = nextId('c');
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      this.ws.send(JSON.stringify({ type, id, ...fields }));
    });
  }
}

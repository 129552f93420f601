// The console's WebSocket: console.watch with the organizer token, then
// the hub's console.* messages; reconnects with backoff (a fresh watch gets
// a fresh snapshot) and samples the hub's clock for the timers.
import * as clock from './clock.js';
import { BACKOFF, HubSocket, nextId } from './hubsocket.js';

export class ConsoleConnection extends HubSocket {
  constructor(token, sessionId) {
    super();
    this.token = token;
    this.sessionId = sessionId;
    this.ws = null;
    this.attempt = 0;
    this.status = 'connecting'; // connecting | open | reconnecting | unauthorized | not_found
    this.timer = null;
    this.pingTimer = null;
    addEventListener('online', () => this.kick());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.kick();
    });
  }

  greet(ws) {
    this.watchId = nextId('w');
    ws.send(JSON.stringify({ type: 'console.watch', id: this.watchId, token: this.token, session: this.sessionId }));
  }

  receive(ws, data) {
    if (ws !== this.ws) return;
    let msg;
    try { msg = JSON.parse(data); } catch { return; }
    if (msg.type === 'pong') { clock.sample(msg.t0, msg.server_ms); return; }
    if (msg.re === this.watchId) {
      if (msg.type === 'console.snapshot') {
        this.attempt = 0;
        this.setStatus('open');
        this.emit('snapshot', msg);
        this.sampleClock(5);
        clearInterval(this.pingTimer);
        this.pingTimer = setInterval(() => this.sampleClock(1), 30000);
      } else if (msg.type === 'error') {
        // A wrong link or a session that is gone is final; anything else
        // (storage, limit) is tried again later.
        this.refused = msg.code;
        ws.close(1000);
      }
      return;
    }
    if (msg.type === 'console.room') this.emit('room', msg);
    else if (msg.type === 'console.session') this.emit('session', msg.session);
    else if (msg.type === 'console.help') this.emit('help', msg);
  }

  closed(ws, code) {
    if (ws !== this.ws) return;
    clearInterval(this.pingTimer);
    const refused = this.refused;
    this.refused = null;
    // A refused watch is final: a wrong link, or a session that is gone.
    if (code === 4003 || refused === 'unauthorized') { this.setStatus('unauthorized'); return; }
    if (code === 4004 || refused === 'not_found') { this.setStatus('not_found'); return; }
    this.setStatus('reconnecting');
    const base = BACKOFF[Math.min(this.attempt, BACKOFF.length - 1)];
    this.attempt++;
    this.timer = setTimeout(() => this.open(), base + Math.random() * base * 0.3);
  }
}

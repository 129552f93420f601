// A workshop participant as the browser is: one WebSocket, the room state
// built from welcome + events (web-client/js/state.js), request ids.
import http from 'node:http';
import https from 'node:https';
import { connect } from './ws.js';
import { RoomState } from '../../../web-client/js/state.js';

let counter = 0;

// An HTTP(S) request with what fetch cannot do: a self-signed certificate
// (rejectUnauthorized: false) or a chosen source address (localAddress).
// Resolves with { status, headers, text }.
export function request(url, { method = 'GET', headers = {}, body, ...options } = {}) {
  const mod = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { method, headers, ...options }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// base: where to send the request (a proxy in front of the hub); options
// as for request().
export async function createRoom(hub, body = {}, { base = hub.base, ...options } = {}) {
  const res = await request(`${base}/api/rooms`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${hub.organizerToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    ...options,
  });
  const json = JSON.parse(res.text);
  if (res.status !== 201) throw new Error(`create room: ${res.status} ${JSON.stringify(json)}`);
  return { ...json,
    facilitatorToken: json.facilitator_link.split('#')[1],
    participantToken: json.participant_link.split('#')[1] };
}

export class Client {
  // connectOptions: see connect() in ws.js (url, origin, wsOptions).
  constructor(hub, token, name, connectOptions = {}) {
    this.hub = hub;
    this.connectOptions = connectOptions;
    this.token = token;
    this.name = name;
    this.state = new RoomState();
    this.resume = null;
    this.errors = [];
  }

  async open(extraHello = {}) {
    this.ws = connect(this.hub, this.connectOptions);
    await this.ws.opened;
    // Events that arrive in the same read as the welcome are handled
    // before the welcome's promise resolves: hold them until it is applied.
    let early = [];
    const apply = (msg) => {
      if (!this.state.apply(msg)) this.errors.push(`could not apply ${msg.type} seq ${msg.seq}`);
    };
    this.ws.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      if (typeof msg.seq === 'number' && !('re' in msg)) {
        if (early) early.push(msg); else apply(msg);
      }
    });
    const hello = { type: 'hello', id: `h${++counter}`, token: this.token, ...extraHello };
    if (this.name && !hello.resume) hello.name = this.name;
    const welcome = await this.ws.request(hello);
    if (welcome.type !== 'welcome') return welcome;
    this.state.welcome(welcome);
    const held = early;
    early = null;
    for (const msg of held) if (msg.seq > welcome.seq) apply(msg);
    this.resume = welcome.resume;
    this.id = welcome.you.participant;
    return welcome;
  }

  // Reconnects as the same participant; with lastSeq, only missed events.
  async reopen(withLastSeq = true) {
    const extra = { resume: this.resume };
    if (withLastSeq) extra.last_seq = this.state.seq;
    return this.open(extra);
  }

  get role() {
    return this.state.participant(this.id)?.role;
  }

  async send(type, fields = {}) {
    return this.ws.request({ type, id: `c${++counter}`, ...fields });
  }

  // Sends and expects an ack; returns it.
  async do(type, fields = {}) {
    const r = await this.send(type, fields);
    if (r.type !== 'ack') throw new Error(`${this.name}: ${type} → ${r.code}: ${r.message}`);
    return r;
  }

  async untilSeq(seq, timeoutMs = 5000) {
    const t = Date.now();
    while (this.state.seq < seq) {
      if (Date.now() - t > timeoutMs) throw new Error(`${this.name} stuck at seq ${this.state.seq} < ${seq}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  close() {
    this.ws.close();
    return this.ws.closed;
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

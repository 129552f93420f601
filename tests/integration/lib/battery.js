// Shared by the security batteries (wire, appbattery, authz, tokens,
// confidential): a hub config whose rate and per-IP limits do not get in
// the way of hundreds of deliberate bad inputs (those limits have their
// own tests), room snapshots through a resume probe, the "still answers a
// new client" check, and a token signer using the hub's own key file.
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { connect } from './ws.js';
import { Client } from './client.js';
import { stableView } from '../../../web-client/js/state.js';

export const LENIENT = {
  limits: { msg_rate: 100000, msg_burst: 100000, ip_msg_rate: 1000000,
    max_connections_per_ip: 19000 },
};

export function lenient(extra = {}) {
  const cfg = { ...extra, limits: { ...LENIENT.limits, ...(extra.limits || {}) } };
  return cfg;
}

// The room as a member sees it, taken by reconnecting `who` with its
// resume secret and no last_seq (a full welcome; nothing changes in the
// room). `who` continues on the new connection.
export async function snapshot(hub, who) {
  const probe = new Client(hub, who.token, null);
  const w = await probe.open({ resume: who.resume });
  assert.equal(w.type, 'welcome', `snapshot: ${JSON.stringify(w)}`);
  assert.equal(w.resumed, true);
  who.ws = probe.ws;
  who.state = probe.state;
  return { seq: w.seq, room: stableView(w.room) };
}

// A brand-new client is still answered (a ping → pong).
export async function alive(hub) {
  const ws = connect(hub);
  await ws.opened;
  const pong = await ws.request({ type: 'ping', id: 'alive', t0: 1 });
  assert.equal(pong.type, 'pong');
  ws.close();
  await ws.closed;
}

// Signs tokens exactly as src/auth/token.c does, with the hub's current
// key (data_dir/keys, last line): for expiry boundaries, other scopes and
// rooms that a deployment never hands out.
export function signer(hub) {
  const lines = readFileSync(path.join(hub.dataDir, 'keys'), 'utf8').trim().split('\n');
  const [kidText, hex] = lines[lines.length - 1].split(' ');
  const kid = Number(kidText), key = Buffer.from(hex, 'hex');
  const SCOPES = { organizer: 0, facilitator: 1, participant: 2 };
  return ({ scope = 'participant', room = '', expires, nonce = randomBytes(16), kidOverride,
    secret = key, roomBytes } = {}) => {
    const r = roomBytes ?? Buffer.from(room, 'latin1');
    const head = Buffer.alloc(3 + 8 + 16 + 12 + 1);
    head[0] = 1;
    head[1] = kidOverride ?? kid;
    head[2] = SCOPES[scope] ?? scope;
    head.writeBigInt64BE(BigInt(expires ?? Math.floor(Date.now() / 1000) + 3600), 3);
    nonce.copy(head, 11);
    head[39] = r.length;
    const raw = Buffer.concat([head, r]);
    const mac = createHmac('sha256', secret).update(raw).digest();
    return Buffer.concat([raw, mac]).toString('base64url');
  };
}

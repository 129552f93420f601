// Links: re-issued links work beside the old ones; a revoked link closes
// its live connections (4003), is refused at hello and resume, and stays
// revoked across a restart; a revoked organizer link loses the API; key
// rotation keeps old links valid while new ones carry the new key id.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { startHub, runHub, tempDir } from './lib/hub.js';
import { Client, createRoom } from './lib/client.js';

const hubs = [];
after(async () => { for (const h of hubs) await h.stop('SIGKILL'); });
async function hubOn(dataDir) {
  const h = await startHub({ dataDir, keepData: true });
  hubs.push(h);
  return h;
}
const api = (hub, method, p, body, token = hub.organizerToken) => fetch(`${hub.base}${p}`, {
  method, headers: { Authorization: `Bearer ${token}` }, body: body && JSON.stringify(body) });

test('re-issued links work and the earlier ones keep working', async () => {
  const hub = await hubOn(path.join(tempDir(), 'd'));
  const room = await createRoom(hub);
  const res = await api(hub, 'POST', `/api/rooms/${room.room}/links`);
  assert.equal(res.status, 201);
  const fresh = await res.json();
  assert.notEqual(fresh.participant_link, room.participant_link);
  for (const link of [room.participant_link, fresh.participant_link]) {
    const w = await new Client(hub, link.split('#')[1], 'P').open();
    assert.equal(w.type, 'welcome');
  }
  assert.equal((await api(hub, 'POST', '/api/rooms/nosuchroom/links')).status, 404);
});

test('revoking a link closes its connections and refuses it from then on, across a restart', async () => {
  const dir = path.join(tempDir(), 'd');
  let hub = await hubOn(dir);
  const room = await createRoom(hub);
  const other = new Client(hub, room.facilitatorToken, 'Anne');
  await other.open();
  const victim = new Client(hub, room.participantToken, 'Bruno');
  await victim.open();
  const bad = await api(hub, 'POST', '/api/links/revoke', { link: 'not-a-token' });
  assert.equal(bad.status, 400);
  const res = await api(hub, 'POST', '/api/links/revoke', { link: room.participant_link });
  assert.equal(res.status, 204);
  assert.equal((await victim.ws.closed).code, 4003);
  const left = await other.ws.next((m) => m.type === 'participant.left');
  assert.equal(left.participant, victim.id);
  const again = await new Client(hub, room.participantToken, 'Eve').open();
  assert.equal(again.code, 'unauthorized');
  const resumed = await victim.reopen(false);
  assert.equal(resumed.code, 'unauthorized', 'no resume with a revoked link');
  assert.equal(other.ws.readyState, 1, 'other links unaffected');
  await hub.stop('SIGTERM');
  hub = await hubOn(dir);
  const later = await new Client(hub, room.participantToken, 'Eve').open();
  assert.equal(later.code, 'unauthorized', 'still revoked after a restart');
  other.hub = hub;
  assert.equal((await other.reopen(true)).type, 'welcome');
});

test('a revoked organizer link loses the API', async () => {
  const hub = await hubOn(path.join(tempDir(), 'd'));
  assert.equal((await api(hub, 'GET', '/api/templates')).status, 200);
  const res = await api(hub, 'POST', '/api/links/revoke', { link: hub.organizerLink });
  assert.equal(res.status, 204);
  assert.equal((await api(hub, 'GET', '/api/templates')).status, 401);
});

test('key rotation: old links stay valid, new links use the new key id', async () => {
  const dir = path.join(tempDir(), 'd');
  let hub = await hubOn(dir);
  const room = await createRoom(hub);
  const organizer = hub.organizerToken;
  await hub.stop('SIGTERM');
  const r = await runHub(['--rotate-key', '--data', dir]);
  assert.equal(r.code, 0, r.stderr);
  const keys = readFileSync(path.join(dir, 'keys'), 'utf8').trim().split('\n');
  assert.equal(keys.length, 2);
  assert.equal(statSync(path.join(dir, 'keys')).mode & 0o777, 0o600);
  assert.ok(!r.stdout.includes(keys[1].split(' ')[1]), 'the key is never printed');
  hub = await hubOn(dir);
  const w = await new Client(hub, room.participantToken, 'Old link').open();
  assert.equal(w.type, 'welcome');
  assert.equal(hub.organizerToken, organizer, 'the organizer link is kept');
  const fresh = await createRoom(hub);
  const kid = (t) => Buffer.from(t, 'base64url')[1];
  assert.equal(kid(room.participantToken), 1);
  assert.equal(kid(fresh.participantToken), 2);
  const w2 = await new Client(hub, fresh.participantToken, 'New link').open();
  assert.equal(w2.type, 'welcome');
});

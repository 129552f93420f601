// Capability tokens through the live hub's hello (the exhaustive battery
// is C: tests/unit/auth/test_token_battery.c): every position changed,
// every truncation, splices, wrong keys, other rooms and scopes, and the
// expiry boundaries, with tokens signed by the hub's own key file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startHub } from './lib/hub.js';
import { createRoom } from './lib/client.js';
import { connect } from './lib/ws.js';
import { lenient, signer, alive } from './lib/battery.js';

let hub, room, sign;
before(async () => {
  hub = await startHub({ config: lenient() });
  room = await createRoom(hub);
  sign = signer(hub);
});
after(async () => {
  assert.doesNotMatch(hub.stderr(), /ERROR: (Address|Undefined|Leak)Sanitizer|runtime error/);
  await hub.stop();
});

// hello with `token`: the reply, and the close code when it closed.
async function hello(token, name = 'T') {
  const ws = connect(hub);
  await ws.opened;
  const reply = await ws.request({ type: 'hello', id: 'h', token, name });
  let close = null;
  if (reply.type === 'error' && reply.code === 'unauthorized') close = (await ws.closed).code;
  else ws.close();
  return { reply, close };
}

async function refused(token, what) {
  const { reply, close } = await hello(token);
  assert.equal(reply.type, 'error', `${what}: ${JSON.stringify(reply)}`);
  assert.equal(reply.code, 'unauthorized', what);
  assert.equal(close, 4003, what);
}

const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const now = () => Math.floor(Date.now() / 1000);

test('control: a token signed here for the room is welcomed', async () => {
  const { reply } = await hello(sign({ scope: 'participant', room: room.room }));
  assert.equal(reply.type, 'welcome');
  assert.equal(reply.room.id, room.room);
});

test('every single-character change of a participant link is refused (4003)', async () => {
  const t = room.participantToken;
  for (let i = 0; i < t.length; i++) {
    const c = ALPHA[(ALPHA.indexOf(t[i]) + 1 + (i % 63)) % 64];
    await refused(t.slice(0, i) + c + t.slice(i + 1), `position ${i}`);
  }
  await alive(hub);
});

test('every truncation of a facilitator link is refused', async () => {
  const t = room.facilitatorToken;
  for (let n = 1; n < t.length; n++) await refused(t.slice(0, n), `first ${n} characters`);
  await alive(hub);
});

test('every splice of the facilitator and participant links is refused', async () => {
  const a = room.facilitatorToken, b = room.participantToken;
  assert.equal(a.length, b.length);
  for (let i = 1; i < a.length; i++) {
    if (a.slice(i) === b.slice(i) || a.slice(0, i) === b.slice(0, i)) continue;
    await refused(a.slice(0, i) + b.slice(i), `cut at ${i}`);
  }
  await alive(hub);
});

test('wrong key, unknown key id, bad scope, unknown room: refused', async () => {
  await refused(sign({ room: room.room, secret: randomBytes(32) }), 'another secret');
  await refused(sign({ room: room.room, kidOverride: 200 }), 'unknown key id');
  await refused(sign({ room: room.room, scope: 3 }), 'scope 3');
  await refused(sign({ room: 'nosuchroom' }), 'a room that does not exist');
  await refused(sign({ scope: 'organizer', room: room.room }), 'organizer scope with a room');
  await refused(sign({ room: room.room.toUpperCase() }), 'upper-case room id');
});

test('a room id padded with NUL bytes is not the room (one text per capability)', async () => {
  const roomBytes = Buffer.concat([Buffer.from(room.room), Buffer.from([0, 0])]);
  await refused(sign({ roomBytes }), 'room + NUL NUL');
});

test('expiry: refused exactly at its second and after; accepted before', async () => {
  const t = now();
  await refused(sign({ room: room.room, expires: t }), 'expires now');
  await refused(sign({ room: room.room, expires: t - 1 }), 'expired a second ago');
  await refused(sign({ room: room.room, expires: 0 }), 'expires at 0');
  await refused(sign({ room: room.room, expires: -1 }), 'negative expiry');
  // Far enough from the boundary to be independent of scheduling.
  assert.equal((await hello(sign({ room: room.room, expires: t + 60 }))).reply.type, 'welcome');
});

test('characters outside base64url, and oversize tokens, are bad_field token (kept open)', async () => {
  const t = room.participantToken;
  for (const bad of [`${t}=`, ` ${t}`, t.replace(/.$/, '+'), t.replace(/^./, '/'), `${t}\n`, 'A'.repeat(192)]) {
    const { reply, close } = await hello(bad);
    assert.equal(reply.code, 'bad_field', JSON.stringify(bad));
    assert.equal(reply.field, 'token');
    assert.equal(close, null);
  }
  await alive(hub);
});

test('the links never appear in the hub\'s output', () => {
  for (const t of [hub.organizerToken, room.facilitatorToken, room.participantToken]) {
    assert.ok(!hub.stderr().includes(t));
    assert.ok(!hub.stderr().includes(t.slice(10, 40)), 'not even a part');
  }
});

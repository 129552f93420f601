// Bad input never crashes the hub or changes the room: every invalid
// example of proto/, commands from the wrong role or in the wrong step,
// unknown ids, and frames the WebSocket layer refuses. The room snapshot
// (taken by a second connection of the same participant, which changes
// nothing) is identical before and after.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startHub, SOURCE_ROOT } from './lib/hub.js';
import { Client, createRoom } from './lib/client.js';
import { stableView } from '../../web-client/js/state.js';

const INVALID = path.join(SOURCE_ROOT, 'proto', 'examples', 'invalid');
const expected = JSON.parse(readFileSync(path.join(INVALID, 'expected.json'), 'utf8'));

let hub, room, fac, cons, obs;

async function snapshot(who) {
  const probe = new Client(hub, who.token, null);
  const w = await probe.open({ resume: who.resume });
  assert.equal(w.type, 'welcome');
  who.ws = probe.ws; // the probe took over this participant's place
  who.state = probe.state;
  return { seq: w.seq, room: stableView(w.room) };
}

before(async () => {
  hub = await startHub();
  room = await createRoom(hub);
  fac = new Client(hub, room.facilitatorToken, 'Anne');
  await fac.open();
  cons = new Client(hub, room.participantToken, 'Bruno');
  await cons.open();
  obs = new Client(hub, room.participantToken, 'Chloé');
  await obs.open();
  await fac.do('role.assign', { participant: obs.id, role: 'observer' });
  await cons.do('hand.raise');
});
after(async () => { await hub.stop(); });

test('every invalid example gets its error and changes nothing', async () => {
  const before = await snapshot(fac);
  let tried = 0;
  for (const file of readdirSync(INVALID).sort()) {
    if (file === 'expected.json') continue;
    const bytes = readFileSync(path.join(INVALID, file));
    if (!isUtf8(bytes)) continue; // the WebSocket layer closes those (1007): below
    const want = expected[file];
    assert.ok(want, `expected.json has ${file}`);
    fac.ws.send(bytes.toString('utf8'));
    const reply = await fac.ws.next((m) => m.type === 'error' || m.type === 'ack' || m.type === 'welcome');
    assert.equal(reply.type, 'error', file);
    assert.equal(reply.code, want.code, file);
    if (want.field) assert.equal(reply.field, want.field, file);
    assert.equal(reply.re, want.re, file);
    assert.equal(typeof reply.message, 'string');
    tried++;
  }
  assert.ok(tried >= 50, `tried ${tried}`);
  const after = await snapshot(fac);
  assert.equal(after.seq, before.seq);
  assert.deepEqual(after.room, before.room);
});

test('wrong role, wrong step, unknown ids and missing confirmation change nothing', async () => {
  const before = await snapshot(fac);
  const cases = [
    [cons, 'step.next', {}, 'forbidden'],
    [cons, 'timer.start', {}, 'forbidden'],
    [obs, 'hand.raise', {}, 'forbidden'],
    [obs, 'question.add', { text: 'q' }, 'forbidden'],
    [cons, 'suggestion.add', { text: 'too early' }, 'wrong_step'],
    [cons, 'question.add', { text: 'not yet' }, 'wrong_step'],
    [cons, 'hand.lower', { participant: fac.id }, 'forbidden'],
    [fac, 'role.assign', { participant: 99, role: 'client' }, 'not_found'],
    [fac, 'floor.give', { participant: 42 }, 'not_found'],
    [fac, 'step.goto', { step: 3 }, 'confirm_required'],
    [fac, 'step.prev', {}, 'conflict'],
    [fac, 'timer.pause', {}, 'conflict'],
    [fac, 'timer.resume', {}, 'conflict'],
    [fac, 'step.goto', { step: 9 }, 'not_found'],
    [fac, 'role.assign', { participant: fac.id, role: 'consultant' }, 'conflict'],
  ];
  for (const [who, type, fields, code] of cases) {
    const r = await who.send(type, fields);
    assert.equal(r.type, 'error', `${type} by ${who.name}`);
    assert.equal(r.code, code, `${type} by ${who.name}: ${r.message}`);
  }
  const after = await snapshot(fac);
  assert.equal(after.seq, before.seq);
  assert.deepEqual(after.room, before.room);
});

test('a command before hello is refused; a second hello is refused', async () => {
  const c = new Client(hub, room.participantToken, 'Dmitri');
  const { connect } = await import('./lib/ws.js');
  c.ws = connect(hub);
  await c.ws.opened;
  const r = await c.ws.request({ type: 'step.next', id: 'x1' });
  assert.equal(r.code, 'unauthorized');
  const w = await c.ws.request({ type: 'hello', id: 'h1', token: room.participantToken, name: 'Dmitri' });
  assert.equal(w.type, 'welcome');
  const again = await c.ws.request({ type: 'hello', id: 'h2', token: room.participantToken, name: 'Dmitri' });
  assert.equal(again.code, 'conflict');
  c.ws.close();
});

test('a bad, altered or organizer token is refused with 4003', async () => {
  const { connect } = await import('./lib/ws.js');
  const t = room.participantToken;
  const altered = t.slice(0, 10) + (t[10] === 'A' ? 'B' : 'A') + t.slice(11);
  for (const token of [altered, 'AAAA', hub.organizerToken]) {
    const ws = connect(hub);
    await ws.opened;
    const r = await ws.request({ type: 'hello', id: 'h', token, name: 'Eve' });
    assert.equal(r.code, 'unauthorized');
    assert.equal((await ws.closed).code, 4003);
  }
  const ws = connect(hub);
  await ws.opened;
  const r = await ws.request({ type: 'hello', id: 'h', token: room.participantToken, resume: 'A'.repeat(24) });
  assert.equal(r.code, 'unauthorized', 'an unknown resume secret is never guessed into someone');
});

test('a retried command id is applied once and acknowledged again', async () => {
  const a = await fac.ws.request({ type: 'notes.update', id: 'same-id', text: 'first' });
  assert.equal(a.type, 'ack');
  const seq = fac.state.seq;
  const b = await fac.ws.request({ type: 'notes.update', id: 'same-id', text: 'first' });
  assert.deepEqual(b, a);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(fac.state.seq, Math.max(seq, a.seq), 'no second event');
});

test('a resumed participant keeps their place in the hand queue', async () => {
  const d = new Client(hub, room.participantToken, 'Dmitri');
  await d.open();
  await d.do('hand.raise');
  const { seq } = await cons.do('hand.lower');
  await cons.do('hand.raise');
  await d.close();
  const w = await d.reopen(true);
  assert.equal(w.type, 'welcome');
  await d.untilSeq(seq);
  const hands = d.state.room.hands;
  assert.deepEqual(hands.slice(-2), [d.id, cons.id]);
});

test('a frame declaring more than max_message_bytes is closed with 1009 before its payload', async () => {
  const sock = net.connect(hub.port, '127.0.0.1');
  await new Promise((r) => sock.on('connect', r));
  sock.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n` +
    `Sec-WebSocket-Protocol: codev.v1\r\nOrigin: ${hub.origin}\r\n\r\n`);
  let buf = Buffer.alloc(0);
  const got = new Promise((resolve) => sock.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    const head = buf.indexOf('\r\n\r\n');
    if (head >= 0 && buf.length > head + 4) resolve(buf.subarray(head + 4));
  }));
  await new Promise((r) => setTimeout(r, 100));
  // Masked text frame announcing 1 MiB (64-bit length), then 4 bytes only.
  const header = Buffer.from([0x81, 0xff, 0, 0, 0, 0, 0, 0x10, 0, 0, 1, 2, 3, 4]);
  sock.write(Buffer.concat([header, Buffer.from('abcd')]));
  const frame = await got;
  assert.equal(frame[0], 0x88, 'a close frame');
  assert.equal(frame.readUInt16BE(2), 1009);
  sock.destroy();
});

test('the hub is still healthy after all of it', async () => {
  const res = await fetch(`${hub.base}/healthz`);
  assert.equal(res.status, 200);
  assert.doesNotMatch(hub.stderr(), /ERROR: (Address|Undefined|Leak)|runtime error/);
});

function isUtf8(bytes) {
  try { new TextDecoder('utf-8', { fatal: true }).decode(bytes); return true; } catch { return false; }
}

// Abuse: a flooding client is limited then closed while another room
// carries on; a client that never reads is dropped with the hub's memory
// bounded; connections above the cap are refused at accept, cheaply; a
// slowloris request and a peer that stops answering pings are closed;
// room and participant caps answer with `limit` and `room_full`.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import crypto from 'node:crypto';
import { startHub } from './lib/hub.js';
import { Client, createRoom, sleep } from './lib/client.js';

const hubs = [];
after(async () => { for (const h of hubs) await h.stop('SIGKILL'); });
async function hubWith(config) {
  const h = await startHub({ config });
  hubs.push(h);
  return h;
}

function procStat(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { cpuTicks: Number(f[11]) + Number(f[12]), rssKb: Number(status.match(/VmRSS:\s+(\d+)/)[1]) };
}

// A raw WebSocket client: handshake, masked text frames, reads optional.
function rawWs(hub) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(hub.port, '127.0.0.1');
    let head = Buffer.alloc(0);
    sock.on('error', reject);
    sock.on('connect', () => sock.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n` +
      `Connection: Upgrade\r\nSec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\n` +
      `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: codev.v1\r\nOrigin: ${hub.origin}\r\n\r\n`));
    const onData = (d) => {
      head = Buffer.concat([head, d]);
      if (head.includes('\r\n\r\n')) {
        sock.off('data', onData);
        assert.match(head.toString(), /^HTTP\/1.1 101/);
        resolve(sock);
      }
    };
    sock.on('data', onData);
  });
}

function frame(text) {
  const payload = Buffer.from(text);
  const mask = crypto.randomBytes(4);
  const len = payload.length;
  const header = len < 126 ? Buffer.from([0x81, 0x80 | len])
    : Buffer.from([0x81, 0x80 | 126, len >> 8, len & 255]);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]));
  return Buffer.concat([header, mask, masked]);
}

test('a flooding client gets limit errors, then 1008; another room is not disturbed', async () => {
  const hub = await hubWith({ limits: { msg_rate: 20, msg_burst: 40, rate_strikes: 20,
    ip_msg_rate: 1000000, max_connections_per_ip: 100 } });
  const roomA = await createRoom(hub), roomB = await createRoom(hub);
  const flooder = new Client(hub, roomA.participantToken, 'Flood');
  await flooder.open();
  const calm = new Client(hub, roomB.facilitatorToken, 'Calm');
  await calm.open();
  for (let i = 0; i < 300; i++) flooder.ws.send(JSON.stringify({ type: 'ping', id: `f${i}`, t0: i }));
  const lat = [];
  for (let i = 0; i < 10; i++) {
    const t = process.hrtime.bigint();
    const r = await calm.send('notes.update', { text: `calm ${i}` });
    lat.push(Number(process.hrtime.bigint() - t) / 1e6);
    assert.equal(r.type, 'ack', 'the other room carries on');
    await sleep(50);
  }
  const { code } = await flooder.ws.closed;
  assert.equal(code, 1008);
  const limited = flooder.ws.inbox.filter((m) => m.code === 'limit').length;
  assert.ok(limited >= 20, `limit errors before the close: ${limited}`);
  const pongs = flooder.ws.inbox.filter((m) => m.type === 'pong').length;
  assert.ok(pongs >= 30 && pongs < 300, `answered within the burst: ${pongs}`);
  lat.sort((a, b) => a - b);
  console.log(`# other room during the flood: median ${lat[5].toFixed(2)} ms, max ${lat[9].toFixed(2)} ms`);
});

test('a client that never reads is dropped; the hub memory stays bounded', async () => {
  const hub = await startHub({
    config: { limits: { send_queue_messages: 64, send_queue_bytes: 262144, resume_log_bytes: 1048576 } },
    // ASan keeps freed memory in quarantine; keep it small to see the hub's own.
    env: { ASAN_OPTIONS: `${process.env.ASAN_OPTIONS || ''}:quarantine_size_mb=4` } });
  hubs.push(hub);
  const room = await createRoom(hub);
  const writer = new Client(hub, room.facilitatorToken, 'Writer');
  await writer.open();
  const sock = await rawWs(hub);
  sock.write(frame(JSON.stringify({ type: 'hello', id: 'h', token: room.participantToken, name: 'Sleeper' })));
  await sleep(200);
  sock.pause(); // never reads again: the kernel buffers fill, then the hub's queue
  const closed = new Promise((r) => sock.on('close', r));
  const before = procStat(hub.child.pid);
  // 40 KB per event: the loopback buffers here take up to ~36 MB.
  const big = '\u{1F600}'.repeat(9990);
  let left = false;
  writer.ws.on('message', (d) => { if (JSON.parse(d).type === 'participant.left') left = true; });
  for (let i = 0; i < 2000 && !left; i++) {
    const r = await writer.send('notes.update', { text: `${big}${i}` });
    assert.equal(r.type, 'ack');
  }
  assert.ok(left, 'the sleeper was dropped (participant.left)');
  const afterStat = procStat(hub.child.pid);
  sock.destroy();
  await closed;
  const grown = afterStat.rssKb - before.rssKb;
  console.log(`# RSS before ${before.rssKb} KB, after ${afterStat.rssKb} KB`);
  assert.ok(grown < 48 * 1024, `hub RSS grew by ${grown} KB`);
  assert.match(hub.stderr(), /reason=slow_reader/);
});

// Unmasked server frames out of a byte stream: texts and the close code.
function parseFrames(buf) {
  const texts = [];
  let close = null;
  for (let i = 0; i + 2 <= buf.length;) {
    const op = buf[i] & 0x0f;
    let len = buf[i + 1] & 0x7f, at = i + 2;
    if (len === 126) { len = buf.readUInt16BE(at); at += 2; } else if (len === 127) { len = Number(buf.readBigUInt64BE(at)); at += 8; }
    if (at + len > buf.length) break;
    const body = buf.subarray(at, at + len);
    if (op === 1) texts.push(JSON.parse(body.toString()));
    if (op === 8) close = body.readUInt16BE(0);
    i = at + len;
  }
  return { texts, close };
}

// A room whose writer sends 48 MB of notes (40 KB each: more than the
// loopback buffers take, so the hub queues) to a raw member that stopped
// reading right after its hello.
const NOTES = 1200;
async function behindBy48MB(limits, name) {
  const hub = await hubWith({ limits: { max_connections_per_ip: 100, send_queue_messages: 65536,
    send_queue_bytes: 67108864, ...limits } });
  const room = await createRoom(hub);
  const writer = new Client(hub, room.facilitatorToken, 'Writer');
  await writer.open();
  const sock = await rawWs(hub);
  sock.write(frame(JSON.stringify({ type: 'hello', id: 'h', token: room.participantToken, name })));
  await sleep(200);
  sock.pause();
  const big = '\u{1F600}'.repeat(9990);
  for (let i = 0; i < NOTES; i++) assert.equal((await writer.send('notes.update', { text: `${big}${i}` })).type, 'ack');
  return { hub, writer, sock };
}

// The client falls 48 MB behind, then floods. Its 1008 for rate must
// not discard what was queued: it reads every note, its pongs and its
// limit errors, then the close.
test('a client that falls behind, then floods, loses nothing before its 1008', async () => {
  const { hub, sock } = await behindBy48MB({ msg_rate: 20, msg_burst: 2000, rate_strikes: 5, ip_msg_rate: 1000000 },
    'Behind');
  sock.write(Buffer.concat(Array.from({ length: 2100 }, (_, i) => frame(JSON.stringify({ type: 'ping', id: `p${i}`, t0: i })))));
  const chunks = [];
  sock.on('data', (d) => chunks.push(d));
  sock.resume();
  await new Promise((r) => sock.on('close', r));
  const { texts, close } = parseFrames(Buffer.concat(chunks));
  assert.equal(close, 1008);
  const got = texts.filter((m) => m.type === 'notes.updated');
  assert.ok(got.length > 0 && got.at(-1).notes.endsWith(`${NOTES - 1}`), 'the last note arrived');
  for (let i = 1; i < got.length; i++) assert.equal(got[i].seq, got[i - 1].seq + 1, 'no note lost');
  assert.ok(texts.filter((m) => m.type === 'pong').length >= 1900, 'the pongs within the burst');
  assert.ok(texts.filter((m) => m.code === 'limit').length >= 5, 'the limit errors before the close');
  assert.match(hub.stderr(), /reason=rate/);
  assert.doesNotMatch(hub.stderr(), /reason=slow_reader/);
});

// The same client, but it stops reading for good: the heartbeat closes it
// (1008) with its queue still full. The queue may delay the close frame,
// not the end of the connection: the room sees it leave.
test('a peer that stops reading with a full queue is still closed by the heartbeat', async () => {
  // It never reads again, so it never answers a ping either.
  const { hub, writer, sock } = await behindBy48MB({ heartbeat_s: 1, heartbeat_misses: 1, msg_rate: 1000,
    msg_burst: 2000 }, 'Gone');
  const left = await writer.ws.next((m) => m.type === 'participant.left', 20000);
  assert.equal(writer.state.participant(left.participant).name, 'Gone');
  assert.doesNotMatch(hub.stderr(), /reason=slow_reader/, 'closed by the heartbeat, not dropped as a slow reader');
  sock.destroy();
});

test('max_message_bytes is the configured one, not the default', async () => {
  const hub = await hubWith({ limits: { max_message_bytes: 2048 } });
  const room = await createRoom(hub);
  const c = new Client(hub, room.facilitatorToken, 'Anne');
  await c.open();
  const ping = JSON.stringify({ type: 'ping', id: 'p1', t0: 7 });
  c.ws.send(ping + ' '.repeat(2048 - ping.length));
  assert.equal((await c.ws.next((m) => m.type === 'pong')).t0, 7, 'a message of 2048 bytes is read');
  c.ws.send('x'.repeat(2049));
  assert.equal((await c.ws.closed).code, 1009);
});

test('connections above the cap are refused at accept, cheaply and quietly', async () => {
  const hub = await hubWith({ limits: { max_connections: 20, max_connections_per_ip: 20 } });
  const held = [];
  for (let i = 0; i < 20; i++) {
    const s = net.connect(hub.port, '127.0.0.1');
    await new Promise((r) => s.on('connect', r));
    held.push(s);
  }
  await sleep(200);
  const before = procStat(hub.child.pid);
  const linesBefore = hub.stderr().split('\n').length;
  let refused = 0;
  const attempts = 500;
  await Promise.all(Array.from({ length: attempts }, () => new Promise((resolve) => {
    const s = net.connect(hub.port, '127.0.0.1');
    s.on('error', () => { refused++; resolve(); });
    s.on('close', () => resolve());
    s.on('connect', () => { s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'); });
    s.on('data', () => { s.destroy(); resolve(); });
    s.on('end', () => { refused++; });
  })));
  const afterStat = procStat(hub.child.pid);
  const lines = hub.stderr().split('\n').length - linesBefore;
  console.log(`# ${attempts} refused attempts: ${afterStat.cpuTicks - before.cpuTicks} CPU ticks, ${lines} log lines`);
  assert.ok(refused >= attempts * 0.9, `refused ${refused}/${attempts}`);
  assert.ok(lines <= 2, `log lines for refusals: ${lines}`);
  for (const s of held) s.destroy();
  await sleep(300);
  const ok = await fetch(`${hub.base}/healthz`);
  assert.equal(ok.status, 200, 'served again below the cap');
});

test('a slowloris request is closed after the handshake timeout', async () => {
  const hub = await hubWith({ limits: { handshake_timeout_s: 2 } });
  const s = net.connect(hub.port, '127.0.0.1');
  await new Promise((r) => s.on('connect', r));
  const closed = new Promise((r) => s.on('close', r));
  s.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
  const drip = setInterval(() => { if (!s.destroyed) s.write('X-a: b\r\n'); }, 400);
  const t = Date.now();
  await Promise.race([closed, sleep(15000)]);
  clearInterval(drip);
  assert.ok(s.destroyed || s.readableEnded, 'closed by the hub');
  assert.ok(Date.now() - t < 15000);
});

test('a peer that stops answering pings is closed; one that answers stays', async () => {
  const hub = await hubWith({ limits: { heartbeat_s: 1, heartbeat_misses: 1 } });
  const room = await createRoom(hub);
  const alive = new Client(hub, room.facilitatorToken, 'Alive');
  await alive.open(); // ws answers pings by itself
  const sock = await rawWs(hub);
  sock.write(frame(JSON.stringify({ type: 'hello', id: 'h', token: room.participantToken, name: 'Mute' })));
  const closed = new Promise((r) => sock.on('close', r));
  sock.on('data', () => {}); // reads, but never sends a pong
  await Promise.race([closed, sleep(8000)]);
  assert.ok(sock.destroyed, 'the mute peer was closed');
  assert.equal(alive.ws.readyState, 1, 'the answering peer is still connected');
});

test('room and participant caps answer with limit (rooms) and room_full (seats)', async () => {
  const hub = await hubWith({ limits: { max_rooms: 2, max_participants: 2 } });
  await createRoom(hub);
  const room = await createRoom(hub);
  const res = await fetch(`${hub.base}/api/rooms`, { method: 'POST',
    headers: { Authorization: `Bearer ${hub.organizerToken}` } });
  assert.equal(res.status, 503);
  assert.equal((await res.json()).code, 'limit');
  await new Client(hub, room.facilitatorToken, 'A').open();
  await new Client(hub, room.participantToken, 'B').open();
  const third = await new Client(hub, room.participantToken, 'C').open();
  assert.equal(third.code, 'room_full');
});

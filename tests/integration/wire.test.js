// The wire battery: raw frames and handshakes over node:net, each with its
// exact outcome (close code, HTTP status or reply), and after each one a
// new client still gets a pong. RFC 6455 is the reference where the hub's
// own spec (proto/README.md) says nothing more specific.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHub } from './lib/hub.js';
import { lenient } from './lib/battery.js';
import { rawWs, frame, text, OP } from './lib/wsraw.js';

let hub;
before(async () => { hub = await startHub({ config: lenient() }); });
after(async () => {
  assert.doesNotMatch(hub.stderr(), /ERROR: (Address|Undefined|Leak)Sanitizer|runtime error/);
  await hub.stop();
});

const PING = '{"type":"ping","id":"p1","t0":7}';
const code2 = (n) => { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; };

async function open(opts = {}) {
  const c = await rawWs(hub.port, { origin: hub.origin, ...opts });
  assert.equal(c.status, 101, 'handshake');
  return c;
}

// A new client is answered: the hub survived the case.
async function alive() {
  const c = await open();
  c.send(text('{"type":"ping","id":"alive","t0":1}'));
  const m = await c.json();
  assert.equal(m?.type, 'pong', 'a new client still gets a pong');
  assert.equal(m.re, 'alive');
  c.end();
}

// Sends frames and expects the hub to close with `code` (its close frame).
function closes(name, frames, code) {
  test(`${name} → close ${code}`, async () => {
    const c = await open();
    c.send(...(typeof frames === 'function' ? frames() : frames));
    assert.equal(await c.closeCode(), code);
    await alive();
  });
}

// Sends frames and expects a pong to the JSON ping (re p1), conn kept.
function answers(name, frames, check) {
  test(`${name} → answered`, async () => {
    const c = await open();
    c.send(...(typeof frames === 'function' ? frames() : frames));
    const m = await c.json();
    if (check) check(m);
    else { assert.equal(m.type, 'pong'); assert.equal(m.re, 'p1'); assert.equal(m.t0, 7); }
    c.send(text('{"type":"ping","id":"p2","t0":8}'));
    assert.equal((await c.json()).re, 'p2', 'the connection is kept');
    c.end();
    await alive();
  });
}

// --- framing and reserved bits ------------------------------------------
answers('a masked text frame', [text(PING)]);
answers('an all-zero masking key', [text(PING, { maskKey: Buffer.alloc(4) })]);
answers('a 16-bit length form for a short frame', [text(PING, { len16: true })]);
answers('a 64-bit length form for a short frame', [text(PING, { len64: true })]);
closes('RSV1 set (no extension negotiated)', [text(PING, { rsv: 4 })], 1002);
closes('RSV2 set', [text(PING, { rsv: 2 })], 1002);
closes('RSV3 set', [text(PING, { rsv: 1 })], 1002);
closes('reserved data opcode 0x3', [frame(3, PING)], 1002);
closes('reserved control opcode 0xB', [frame(0xb, '')], 1002);
// Not asserted here, known gaps of Debian's lws 4.1.6 that the hub cannot
// see from its callbacks (filed as an issue): an unmasked client frame is
// accepted (RFC 6455 5.1 wants a close), and an upgrade over HTTP/1.0 is
// accepted (4.1 wants HTTP/1.1).
closes('a binary frame', [frame(OP.BIN, Buffer.from([1, 2, 3]))], 1003);

// --- control frames -------------------------------------------------------
for (const [what, payload] of [['empty', ''], ['short', 'hello'], ['125-byte', 'x'.repeat(125)]]) {
  test(`a ${what} ping is answered by a pong with the same payload`, async () => {
    const c = await open();
    c.send(frame(OP.PING, payload));
    const f = await c.next((x) => x.op === OP.PONG);
    assert.equal(f.payload.toString(), payload);
    await alive();
    c.end();
  });
}
// Failing the connection (RFC 6455 7.1.7): the hub closes at once; the
// close frame (1002) is a SHOULD, so a plain TCP close is accepted too.
function fails(name, frames) {
  test(`${name} → the connection is failed at once`, async () => {
    const c = await open();
    c.send(...frames);
    const code = await c.closeCode(4000);
    assert.equal(c.timedOut, false, 'the hub closed it (not our 4 s timeout)');
    assert.ok(code === null || code === 1002, `close ${code}`);
    assert.equal(c.frames.filter((f) => f.op !== OP.CLOSE).length, 0, 'nothing answered');
    await alive();
  });
}
// RFC 6455 5.5: control frames carry at most 125 bytes.
fails('a ping of 126 bytes', [frame(OP.PING, 'x'.repeat(126))]);
closes('a fragmented ping', [frame(OP.PING, 'ab', { fin: false })], 1002);
answers('an unsolicited pong is ignored', [frame(OP.PONG, 'zz'), text(PING)]);
test('a ping between two fragments is answered and the message completes', async () => {
  const c = await open();
  c.send(text(PING.slice(0, 10), { fin: false }), frame(OP.PING, 'mid'), frame(OP.CONT, PING.slice(10)));
  assert.equal((await c.next((x) => x.op === OP.PONG)).payload.toString(), 'mid');
  assert.equal((await c.json()).re, 'p1');
  c.end();
  await alive();
});

// --- close frames -----------------------------------------------------------
for (const code of [1000, 1001, 3000, 4000, 4999]) {
  closes(`a close with code ${code} is echoed`, [frame(OP.CLOSE, code2(code))], code);
}
test('an empty close is answered by an empty close', async () => {
  const c = await open();
  c.send(frame(OP.CLOSE, ''));
  const f = await c.next((x) => x.op === OP.CLOSE);
  assert.equal(f.payload.length, 0);
  await c.closeCode();
  await alive();
});
closes('a close with a reason of 123 bytes', [frame(OP.CLOSE, Buffer.concat([code2(1000), Buffer.from('r'.repeat(123))]))], 1000);
// RFC 6455 5.5.1 and 7.4: a 1-byte body, and codes outside 1000-1003,
// 1007-1011 and 3000-4999, are protocol errors.
closes('a close with a 1-byte body', [frame(OP.CLOSE, Buffer.from([3]))], 1002);
for (const code of [0, 999, 1004, 1005, 1006, 1016, 2999, 5000, 65535]) {
  closes(`a close with invalid code ${code}`, [frame(OP.CLOSE, code2(code))], 1002);
}
test('a close reason that is not UTF-8 fails the connection (no 1000 echo)', async () => {
  const c = await open();
  c.send(frame(OP.CLOSE, Buffer.concat([code2(1000), Buffer.from([0xff, 0xfe])])));
  const code = await c.closeCode();
  // RFC 6455 8.1: fail the connection; the close frame is a SHOULD.
  assert.ok(code === null || code === 1007 || code === 1002, `got ${code}`);
  await alive();
});

// --- fragmentation ------------------------------------------------------------
answers('a message in two fragments', [text(PING.slice(0, 5), { fin: false }), frame(OP.CONT, PING.slice(5))]);
answers('a message in one-byte fragments', () =>
  [...PING].map((ch, i) => frame(i ? OP.CONT : OP.TEXT, ch, { fin: i === PING.length - 1 })));
answers('empty fragments around the payload', [text('', { fin: false }), frame(OP.CONT, '', { fin: false }), frame(OP.CONT, PING)]);
closes('a continuation without a start', [frame(OP.CONT, PING)], 1002);
closes('a new text frame inside a fragmented message', [text(PING.slice(0, 5), { fin: false }), text(PING)], 1002);
closes('a fragmented binary message', [frame(OP.BIN, 'ab', { fin: false }), frame(OP.CONT, 'cd')], 1003);
closes('fragments adding up past max_message_bytes', () => [
  ...Array.from({ length: 66 }, (_, i) => frame(i ? OP.CONT : OP.TEXT, 'x'.repeat(1000), { fin: false })),
  frame(OP.CONT, 'x')], 1009);

// --- UTF-8 ------------------------------------------------------------------
const bytes = (...b) => Buffer.from(b);
closes('invalid byte 0xFF', [text(bytes(0x7b, 0xff, 0x7d))], 1007);
closes('an overlong encoding', [text(bytes(0x22, 0xc0, 0xaf, 0x22))], 1007);
closes('a UTF-16 surrogate', [text(bytes(0x22, 0xed, 0xa0, 0x80, 0x22))], 1007);
closes('a code point above U+10FFFF', [text(bytes(0x22, 0xf4, 0x90, 0x80, 0x80, 0x22))], 1007);
closes('a sequence cut at the end of the message', [text(bytes(0x22, 0xe2, 0x82))], 1007);
answers('é split across two fragments (it arrives whole: the field names it)', [
  text(Buffer.from('{"type":"ping","id":"p1","t0":7,"'), { fin: false }),
  frame(OP.CONT, bytes(0xc3), { fin: false }),
  frame(OP.CONT, Buffer.concat([bytes(0xa9), Buffer.from('":1}')]))],
(m) => { assert.equal(m.type, 'error'); assert.equal(m.code, 'bad_field'); assert.equal(m.field, '\u00e9'); assert.equal(m.re, 'p1'); });
answers('a 4-byte emoji split across three fragments', [
  text(Buffer.from('{"type":"ping","t0":7,"id":"p1","x":"'), { fin: false }),
  frame(OP.CONT, bytes(0xf0, 0x9f), { fin: false }), frame(OP.CONT, bytes(0x99, 0x82), { fin: false }),
  frame(OP.CONT, Buffer.from('"}'))],
(m) => { assert.equal(m.type, 'error'); assert.equal(m.code, 'bad_field'); assert.equal(m.field, 'x'); assert.equal(m.re, 'p1'); });
closes('a bad continuation byte in the next fragment', [text(bytes(0x22, 0xc3), { fin: false }), frame(OP.CONT, bytes(0x28, 0x22))], 1007);
closes('a sequence left open by the final fragment', [text(Buffer.from('"ab'), { fin: false }), frame(OP.CONT, bytes(0xe2, 0x82))], 1007);

// --- sizes --------------------------------------------------------------------
answers('a message of exactly max_message_bytes', [text(PING + ' '.repeat(65536 - PING.length))]);
closes('a message of max_message_bytes + 1', [text(PING + ' '.repeat(65537 - PING.length))], 1009);
closes('a declared 1 MiB frame with 4 bytes sent', [Buffer.concat([
  bytes(0x81, 0xff, 0, 0, 0, 0, 0, 0x10, 0, 0, 1, 2, 3, 4), Buffer.from('abcd')])], 1009);
// RFC 6455 5.2: the most significant bit of a 64-bit length must be 0.
fails('a 64-bit length with its top bit set', [Buffer.concat([
  bytes(0x81, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 5, 1, 2, 3, 4), Buffer.from('abcd')])]);
answers('an empty text frame gets bad_json with re null', [text('')], (m) => {
  assert.equal(m.type, 'error'); assert.equal(m.code, 'bad_json'); assert.equal(m.re, null);
});

// --- handshake variants ---------------------------------------------------------
const KEY = 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==';
const handshake = (lines, method = 'GET', version = '1.1') => () =>
  `${method} /ws HTTP/${version}\r\nHost: 127.0.0.1:${hub.port}\r\n${lines.join('\r\n')}\r\n` +
  `Origin: ${hub.origin}\r\nSec-WebSocket-Protocol: codev.v1\r\n\r\n`;
const UPG = ['Upgrade: websocket', 'Connection: Upgrade'];
function handshakeCase(name, request, status, check) {
  test(`handshake ${name} → ${status}`, async () => {
    const c = await rawWs(hub.port, { request: request() });
    assert.equal(c.status, status);
    if (check) check(c);
    c.end();
    await alive();
  });
}
handshakeCase('with lower-case header names and mixed-case values', () =>
  `GET /ws HTTP/1.1\r\nhost: 127.0.0.1\r\nupgrade: WebSocket\r\nconnection: keep-alive, Upgrade\r\n` +
  `sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-version: 13\r\norigin: ${hub.origin}\r\n` +
  'sec-websocket-protocol: codev.v1\r\n\r\n', 101, (c) => {
  assert.equal(c.headers['sec-websocket-accept'], 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  assert.equal(c.headers['sec-websocket-protocol'], 'codev.v1');
});
handshakeCase('offering "chat, codev.v1" selects codev.v1', () =>
  handshake([...UPG, KEY, 'Sec-WebSocket-Version: 13'])().replace('Protocol: codev.v1', 'Protocol: chat, codev.v1'), 101,
(c) => assert.equal(c.headers['sec-websocket-protocol'], 'codev.v1'));
handshakeCase('without Upgrade: websocket (plain GET /ws)', handshake(['Connection: Upgrade', KEY, 'Sec-WebSocket-Version: 13']), 404);
// RFC 6455 4.2.1/4.2.2: a handshake that does not match gets 400; a
// version other than 13 gets 426 with the version the server speaks.
handshakeCase('without Sec-WebSocket-Key', handshake([...UPG, 'Sec-WebSocket-Version: 13']), 400);
handshakeCase('with a Sec-WebSocket-Key that is not 16 bytes', handshake([...UPG, 'Sec-WebSocket-Key: abc', 'Sec-WebSocket-Version: 13']), 400);
handshakeCase('without Sec-WebSocket-Version', handshake([...UPG, KEY]), 400);
handshakeCase('with Sec-WebSocket-Version: 8', handshake([...UPG, KEY, 'Sec-WebSocket-Version: 8']), 426,
  (c) => assert.equal(c.headers['sec-websocket-version'], '13'));
handshakeCase('with method POST', handshake([...UPG, KEY, 'Sec-WebSocket-Version: 13', 'Content-Length: 0'], 'POST'), 400);
test('an unknown subprotocol alone never upgrades', async () => {
  const c = await rawWs(hub.port, { origin: hub.origin, protocol: 'chat' });
  assert.ok(c.status !== 101 && c.status < 500, `status ${c.status}`);
  c.end();
  await alive();
});
test('the subprotocol is matched exactly (CODEV.V1 is not codev.v1)', async () => {
  const c = await rawWs(hub.port, { origin: hub.origin, protocol: 'CODEV.V1' });
  assert.notEqual(c.status, 101);
  c.end();
  await alive();
});
for (const p of ['/ws/', '/wsx', '/api/ws', '/r/ws']) {
  test(`upgrade on ${p} → 403`, async () => {
    const c = await rawWs(hub.port, { origin: hub.origin, path: p });
    assert.equal(c.status, 403);
    c.end();
    await alive();
  });
}

// --- Origin -----------------------------------------------------------------
const origins = [
  ['foreign', () => 'http://evil.example'],
  ['missing', () => undefined],
  ['null', () => 'null'],
  ['empty', () => ''],
  ['prefix trick (allowed + ".evil")', () => `${hub.origin}.evil.example`],
  ['userinfo trick', () => `http://127.0.0.1:${hub.port}@evil.example`],
  ['allowed with a path', () => `${hub.origin}/ws`],
  ['allowed with a trailing slash', () => `${hub.origin}/`],
  ['upper case', () => hub.origin.toUpperCase()],
  ['https instead of http', () => hub.origin.replace('http:', 'https:')],
  ['another port', () => `http://127.0.0.1:${hub.port + 1}`],
  // The allow-list is compared as C strings: a NUL must not end the match.
  ['allowed + NUL + suffix', () => `${hub.origin}\u0000.evil.example`],
];
for (const [name, value] of origins) {
  for (const protocol of ['codev.v1', null]) {
    test(`Origin ${name} ${protocol ? 'with' : 'without'} subprotocol → 403`, async () => {
      const c = await rawWs(hub.port, { origin: value(), protocol });
      assert.equal(c.status, 403);
      c.end();
      await alive();
    });
  }
}
test('two Origin headers (foreign first, allowed second) → 403', async () => {
  const c = await rawWs(hub.port, { origin: 'http://evil.example', headers: `Origin: ${hub.origin}\r\n` });
  assert.equal(c.status, 403);
  c.end();
  await alive();
});
for (const protocol of ['codev.v1', null]) {
  test(`Origin http://localhost:<port> ${protocol ? 'with' : 'without'} subprotocol → 101`, async () => {
    const c = await rawWs(hub.port, { origin: `http://localhost:${hub.port}`, protocol });
    assert.equal(c.status, 101);
    assert.equal(c.headers['sec-websocket-protocol'], protocol ?? undefined);
    c.end();
    await alive();
  });
}

// The hub process end to end: HTTP, static files, upgrade policy,
// frame limits, configuration errors and a clean SIGTERM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startHub, runHub, tempDir, SOURCE_ROOT } from './lib/hub.js';
import { connect } from './lib/ws.js';
import { get, upgrade } from './lib/raw.js';

let hub;
before(async () => { hub = await startHub(); });
after(async () => { await hub.stop(); });

test('GET /healthz answers 200 ok', async () => {
  const res = await get(hub.port, '/healthz');
  assert.equal(res.status, 200);
  assert.equal(res.body, 'ok\n');
});

test('GET / serves the page with a strict CSP and no-referrer', async () => {
  const res = await get(hub.port, '/');
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type'], /text\/html/);
  assert.match(res.body, /<script type="module" src="\/[a-z/]+\.js"><\/script>/);
  const csp = res.headers['content-security-policy'];
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(res.headers['referrer-policy'], 'no-referrer');
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
});

test('the page has no inline script or style (the CSP would block it)', () => {
  const html = readFileSync(path.join(SOURCE_ROOT, 'web-client', 'index.html'), 'utf8');
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/);
  assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i);
});

const escapes = [
  '/../meson.build', '/../../../../etc/passwd', '/%2e%2e/meson.build', '/%2e%2e/%2e%2e/etc/passwd',
  '/..%2fmeson.build', '/..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e%2fmeson.build', '/.%2e/meson.build',
  '//etc/passwd', '/favicon.svg/../../meson.build', '/%252e%252e/meson.build', '/..\\meson.build',
  '/%c0%ae%c0%ae/meson.build', '/./../meson.build', '/i18n/../../meson.build',
];
for (const p of escapes) {
  test(`traversal ${p} never leaves web-client/`, async () => {
    const res = await get(hub.port, p);
    assert.notEqual(res.status, 200, `status ${res.status}`);
    assert.doesNotMatch(res.body, /project\('codevhub'|root:x:0:0/);
  });
}

test('a file inside web-client is served with its type', async () => {
  const res = await get(hub.port, '/favicon.svg');
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type'], /image\/svg\+xml/);
});

test('WebSocket with the allowed Origin and codev.v1 connects and answers ping', async () => {
  const ws = connect(hub);
  await ws.opened;
  assert.equal(ws.protocol, 'codev.v1');
  const t0 = Date.now();
  ws.send(JSON.stringify({ type: 'ping', id: 'p1', t0 }));
  const pong = await ws.next((m) => m.type === 'pong');
  assert.equal(pong.t0, t0);
  assert.ok(Math.abs(pong.server_ms - Date.now()) < 5000);
  ws.close();
});

test('WebSocket with the allowed Origin and no subprotocol connects', async () => {
  const res = await upgrade(hub.port, { origin: hub.origin });
  assert.equal(res.status, 101);
});

const badOrigins = [
  ['foreign', 'http://evil.example'],
  ['missing', undefined],
  ['null', 'null'],
  ['prefix trick', () => `${hub.origin}.evil.example`],
  ['suffix trick', () => `http://evil.example/${hub.origin}`],
  ['other scheme', () => hub.origin.replace('http:', 'https:')],
  ['other port', () => `http://127.0.0.1:${hub.port + 1}`],
  ['trailing slash', () => `${hub.origin}/`],
  ['case change', () => hub.origin.toUpperCase()],
];
for (const [name, value] of badOrigins) {
  for (const protocol of ['codev.v1', undefined]) {
    test(`upgrade with ${name} Origin ${protocol ? 'and' : 'without'} subprotocol is refused`, async () => {
      const origin = typeof value === 'function' ? value() : value;
      const res = await upgrade(hub.port, { origin, protocol });
      assert.notEqual(res.status, 101);
      assert.equal(res.status, 403);
    });
  }
}

test('upgrade on another path than /ws is refused', async () => {
  for (const p of ['/', '/ws/', '/wsx', '/api/ws', '/healthz']) {
    const res = await upgrade(hub.port, { path: p, origin: hub.origin, protocol: 'codev.v1' });
    assert.notEqual(res.status, 101, p);
  }
});

test('an unknown subprotocol is refused', async () => {
  const res = await upgrade(hub.port, { origin: hub.origin, protocol: 'chat' });
  assert.notEqual(res.status, 101);
});

test('no permessage-deflate is negotiated', async () => {
  const res = await upgrade(hub.port, { origin: hub.origin, protocol: 'codev.v1' });
  assert.equal(res.status, 101);
  assert.equal(res.headers['sec-websocket-extensions'], undefined);
});

test('a message over max_message_bytes closes with 1009', async () => {
  const ws = connect(hub);
  await ws.opened;
  ws.send('x'.repeat(70000));
  const { code } = await ws.closed;
  assert.equal(code, 1009);
});

test('invalid UTF-8 in a text frame closes with 1007', async () => {
  const ws = connect(hub);
  await ws.opened;
  ws.send(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), { binary: false });
  const { code } = await ws.closed;
  assert.equal(code, 1007);
});

test('a binary frame closes with 1003', async () => {
  const ws = connect(hub);
  await ws.opened;
  ws.send(Buffer.from([1, 2, 3]), { binary: true });
  const { code } = await ws.closed;
  assert.equal(code, 1003);
});

test('data directory files are private (0600) and the organizer link is kept', () => {
  for (const f of ['keys', 'organizer-link', 'codevhub.db']) {
    const mode = statSync(path.join(hub.dataDir, f)).mode & 0o777;
    assert.equal(mode, 0o600, f);
  }
  const kept = readFileSync(path.join(hub.dataDir, 'organizer-link'), 'utf8').trim();
  assert.equal(kept, hub.organizerLink);
  assert.match(hub.organizerLink, /^http:\/\/127\.0\.0\.1:\d+\/#[A-Za-z0-9_-]{40,}$/);
});

test('the organizer link stays the same across a restart', async () => {
  const dir = tempDir();
  const a = await startHub({ dataDir: path.join(dir, 'd'), keepData: true });
  const tokenA = a.organizerToken;
  await a.stop();
  const b = await startHub({ dataDir: path.join(dir, 'd') });
  assert.equal(b.organizerToken, tokenA);
  await b.stop();
});

test('SIGTERM closes clients with 1001 and exits 0 within 5 s', async () => {
  const h = await startHub();
  const ws = connect(h);
  await ws.opened;
  const t = Date.now();
  h.child.kill('SIGTERM');
  const { code } = await ws.closed;
  const exit = await h.exited;
  assert.equal(code, 1001);
  assert.equal(exit.code, 0, h.stderr());
  assert.ok(Date.now() - t < 5000, `took ${Date.now() - t} ms`);
  assert.doesNotMatch(h.stderr(), /shutdown_unclean|ERROR: (Address|Leak)Sanitizer/);
  await h.stop();
});

test('SIGINT also stops cleanly', async () => {
  const h = await startHub();
  h.child.kill('SIGINT');
  const exit = await h.exited;
  assert.equal(exit.code, 0, h.stderr());
  await h.stop();
});

test('logs never contain the organizer token', async () => {
  assert.ok(!hub.stderr().includes(hub.organizerToken));
});

test('a bad value in the config file names file:line and the key', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'bad.ini');
  writeFileSync(file, '[server]\nbind = 127.0.0.1\n\n[limits]\nmax_connections = lots\n');
  const r = await runHub(['--config', file, '--check-config']);
  assert.equal(r.code, 2);
  assert.ok(r.stderr.includes(`${file}:5:`), r.stderr);
  assert.match(r.stderr, /max_connections/);
});

test('an unknown key, an unknown section and a syntax error are reported with file:line', async () => {
  const dir = tempDir();
  const cases = [
    ['[server]\nprot = 80\n', 2, /prot: unknown key/],
    ['[sever]\nport = 80\n', 2, /\[sever\] port: unknown section/],
    ['[server]\nport = 80\nthis line is wrong\n', 3, /syntax error/],
    ['[limits]\nmax_connections = 50000\n', 2, /max_connections: expected an integer in 1\.\.19000/],
  ];
  for (const [text, line, re] of cases) {
    const file = path.join(dir, 'c.ini');
    writeFileSync(file, text);
    const r = await runHub(['--config', file, '--check-config']);
    assert.equal(r.code, 2, text);
    assert.ok(r.stderr.includes(`${file}:${line}:`), r.stderr);
    assert.match(r.stderr, re);
  }
});

test('the shipped config/codevhub.ini is valid', async () => {
  const r = await runHub(['--config', path.join(SOURCE_ROOT, 'config', 'codevhub.ini'), '--check-config']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /config ok/);
});

test('the shipped config documents every key of the config table', async () => {
  const ref = await runHub(['--print-config-reference']);
  const shipped = readFileSync(path.join(SOURCE_ROOT, 'config', 'codevhub.ini'), 'utf8');
  const keys = [...ref.stdout.matchAll(/^([a-z_]+) = /gm)].map((m) => m[1]);
  assert.ok(keys.length >= 10);
  for (const k of keys) assert.match(shipped, new RegExp(`^;?\\s*${k} = `, 'm'), k);
});

test('--port and --data override the file; bad --port is refused', async () => {
  const r = await runHub(['--port', '99999', '--check-config']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /port/);
  const ok = await runHub(['--port', '8081', '--data', '/tmp/x', '--check-config']);
  assert.equal(ok.code, 0);
});

test('--help and --version', async () => {
  const h = await runHub(['--help']);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /--config FILE/);
  const v = await runHub(['--version']);
  assert.match(v.stdout, /^codevhub \d+\.\d+\.\d+/);
  const bad = await runHub(['--nope']);
  assert.equal(bad.code, 2);
});

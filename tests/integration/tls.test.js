// TLS: HTTPS and WSS with the configured certificate; TLS 1.0 and 1.1
// refused, weak ciphers refused, even by a client willing to use them;
// plain HTTP on the redirect port sends people to HTTPS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import WebSocket from 'ws';
import { startHub, tempDir } from './lib/hub.js';
import { get } from './lib/raw.js';

let hub, redirectPort;
const dir = tempDir();

function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function handshake(args) {
  const r = spawnSync('openssl', ['s_client', '-connect', `127.0.0.1:${hub.port}`,
    '-servername', 'localhost', ...args], { input: '', timeout: 10000 });
  const out = r.stdout.toString() + r.stderr.toString();
  const cipher = out.match(/Cipher is (\S+)/)?.[1];
  return { ok: Boolean(cipher && cipher !== '(NONE)'), cipher, out };
}

before(async () => {
  const cert = path.join(dir, 'cert.pem'), key = path.join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-nodes', '-days', '2', '-subj', '/CN=localhost', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  redirectPort = await freePort();
  hub = await startHub({ config: { tls: { tls_cert: cert, tls_key: key, redirect_http_port: redirectPort } } });
});
after(async () => { await hub?.stop(); });

test('the hub announces https links', () => {
  assert.match(hub.base, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.match(hub.organizerLink, /^https:/);
});

test('TLS 1.2 and 1.3 with ECDHE and AEAD ciphers are accepted', () => {
  const t12 = handshake(['-tls1_2']);
  assert.ok(t12.ok, t12.out.slice(-400));
  assert.match(t12.cipher, /^ECDHE-.*(GCM|CHACHA20)/);
  const t13 = handshake(['-tls1_3']);
  assert.ok(t13.ok, t13.out.slice(-400));
});

test('TLS 1.0 and 1.1 are refused, even to a client that allows them', () => {
  for (const v of ['-tls1', '-tls1_1']) {
    const r = handshake([v, '-cipher', 'DEFAULT:@SECLEVEL=0']);
    assert.equal(r.ok, false, `${v} negotiated ${r.cipher}`);
  }
});

test('weak ciphers are refused: no ECDHE, no AEAD, RC4, 3DES, NULL', () => {
  for (const c of ['AES128-SHA', 'AES256-GCM-SHA384', 'ECDHE-RSA-AES128-SHA', 'ECDHE-ECDSA-AES128-SHA',
    'DES-CBC3-SHA', 'RC4-SHA', 'NULL-SHA', 'DHE-RSA-AES128-GCM-SHA256']) {
    const r = handshake(['-tls1_2', '-cipher', `${c}:@SECLEVEL=0`]);
    assert.equal(r.ok, false, `${c} negotiated ${r.cipher}`);
  }
});

test('HTTPS serves the page and WSS carries the protocol', async () => {
  const res = await new Promise((resolve, reject) => {
    const ws = new WebSocket(`wss://127.0.0.1:${hub.port}/ws`, 'codev.v1',
      { origin: hub.base, rejectUnauthorized: false });
    ws.on('open', () => ws.send(JSON.stringify({ type: 'ping', id: 'p', t0: 1 })));
    ws.on('message', (d) => { resolve(JSON.parse(d)); ws.close(); });
    ws.on('error', reject);
  });
  assert.equal(res.type, 'pong');
});

test('plain HTTP on the redirect port redirects to HTTPS', async () => {
  const res = await get(redirectPort, '/r/abc');
  assert.ok([301, 302, 303, 307, 308].includes(res.status), `status ${res.status}`);
  assert.match(res.headers.location, new RegExp(`^https://[^/]+:${hub.port}/`));
});

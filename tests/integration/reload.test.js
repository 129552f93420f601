// SIGHUP: the TLS certificate and the reloadable keys change in a running
// hub without dropping anyone; a bad certificate or config is refused and
// the hub goes on with what it had; restart-only keys are reported.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { startHub, tempDir } from './lib/hub.js';
import { Client, createRoom } from './lib/client.js';
import { connect } from './lib/ws.js';

const dir = tempDir('codevhub-reload-');
const hubs = [];
after(async () => { for (const h of hubs) await h.stop(); });

// A self-signed certificate; B is RSA where A is ECDSA, so a reload that
// added the new key beside the old one would still present A.
function makeCert(name, keyArgs) {
  const cert = path.join(dir, `${name}.crt`), key = path.join(dir, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', ...keyArgs, '-nodes', '-days', '2',
    '-subj', `/CN=${name}`, '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key };
}

// The CN of the certificate a fresh TLS handshake gets.
function presentedCN(port) {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', rejectUnauthorized: false }, () => {
      const cn = s.getPeerCertificate().subject?.CN;
      s.end();
      resolve(cn);
    });
    s.on('error', reject);
  });
}

let a, b;
before(() => {
  a = makeCert('cert-a', ['ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1']);
  b = makeCert('cert-b', ['rsa:2048']);
});

test('SIGHUP swaps the certificate; open WSS connections keep working', async () => {
  const live = { cert: path.join(dir, 'live.crt'), key: path.join(dir, 'live.key') };
  copyFileSync(a.cert, live.cert);
  copyFileSync(a.key, live.key);
  const hub = await startHub({ config: { tls: { tls_cert: live.cert, tls_key: live.key } } });
  hubs.push(hub);
  assert.equal(await presentedCN(hub.port), 'cert-a');

  const room = await createRoom(hub, {}, { rejectUnauthorized: false });
  const wss = { url: `wss://127.0.0.1:${hub.port}/ws`, origin: hub.base, wsOptions: { rejectUnauthorized: false } };
  const anne = new Client(hub, room.facilitatorToken, 'Anne', wss);
  const bruno = new Client(hub, room.participantToken, 'Bruno', wss);
  await anne.open();
  await bruno.open();
  assert.equal(anne.ws._socket.getPeerCertificate().subject.CN, 'cert-a');

  copyFileSync(b.cert, live.cert);
  copyFileSync(b.key, live.key);
  assert.match(await hub.reload(), /reload_done changed=0 tls=1 restart_needed=none/);

  // The connections opened under A go on: a command and its event.
  const ack = await anne.do('timer.start');
  await bruno.untilSeq(ack.seq);
  assert.equal(bruno.state.room.timer.status, 'running');
  assert.equal((await bruno.send('ping', { t0: 1 })).type, 'pong');
  assert.equal(await presentedCN(hub.port), 'cert-b', 'a new handshake gets B');
  const carl = new Client(hub, room.participantToken, 'Carl', wss);
  await carl.open();
  assert.equal(carl.ws._socket.getPeerCertificate().subject.CN, 'cert-b');

  // A broken file: refused, B stays, everyone stays.
  writeFileSync(live.cert, '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n');
  assert.match(await hub.reload(), /reload_failed reason=config .*live\.crt/);
  assert.equal(await presentedCN(hub.port), 'cert-b');
  // A certificate with another certificate's key: refused too.
  copyFileSync(a.cert, live.cert);
  assert.match(await hub.reload(), /reload_failed reason=config .*does not match/);
  assert.equal(await presentedCN(hub.port), 'cert-b');
  assert.equal((await anne.send('ping', { t0: 2 })).type, 'pong');
  assert.equal((await carl.send('ping', { t0: 3 })).type, 'pong');

  // Fixed files: the next SIGHUP takes them.
  copyFileSync(a.key, live.key);
  assert.match(await hub.reload(), /reload_done/);
  assert.equal(await presentedCN(hub.port), 'cert-a');
  assert.equal(hub.child.exitCode, null, 'the hub never stopped');
  for (const c of [anne, bruno, carl]) assert.equal(c.ws.readyState, 1, `${c.name} still connected`);
  assert.doesNotMatch(hub.stderr(), /BEGIN|PRIVATE KEY/, 'no key material in logs');
});

test('reloadable keys take effect; restart-only keys are reported and kept', async () => {
  const hub = await startHub({ config: { metrics: { metrics_allow: '192.0.2.1' } } });
  hubs.push(hub);
  const room = await createRoom(hub);
  const anne = new Client(hub, room.facilitatorToken, 'Anne');
  await anne.open();
  assert.equal((await fetch(`${hub.base}/metrics`)).status, 403);
  const other = 'http://codev.example:8443';
  await assert.rejects(connect(hub, { origin: other }).opened, /HTTP 403/);
  assert.doesNotMatch(hub.stderr(), /ws_open/);

  const cfg = structuredClone(hub.config);
  cfg.metrics = { metrics_allow: '192.0.2.1 127.0.0.0/8' };
  cfg.server.origins = `${hub.origin} ${other}`;
  cfg.log = { log_level: 'debug' };
  cfg.server.port = hub.port + 1; // restart-only
  cfg.limits.send_queue_messages = 64; // restart-only
  hub.rewriteConfig(cfg);
  const line = await hub.reload();
  assert.match(line, /reload_done changed=3 tls=0 restart_needed=server\.port,limits\.send_queue_messages$/);

  assert.equal((await fetch(`${hub.base}/metrics`)).status, 200, 'the new allow-list applies');
  const ws = connect(hub, { origin: other });
  await ws.opened;
  await hub.waitForLog(/ws_open conn=\d+ addr=127\.0\.0\.1/, 0);
  ws.close();
  // The port did not move: the hub still answers where it was.
  assert.equal((await fetch(`${hub.base}/healthz`)).status, 200);
  assert.equal((await anne.send('ping', { t0: 1 })).type, 'pong', 'the open connection went on');
});

test('a bad config on SIGHUP is refused and the running one kept', async () => {
  const hub = await startHub({ config: { limits: { msg_rate: 100000 } } });
  hubs.push(hub);
  const ws = connect(hub);
  await ws.opened;
  const cases = [
    [(c) => { c.limits.msg_rate = 'fast'; }, /reload_failed reason=config .*:\d+: \[limits\] msg_rate: expected an integer/],
    [(c) => { c.server.trusted_proxies = '10.0.0.1/8'; }, /reload_failed reason=config \[server\] trusted_proxies: not an address or CIDR range: 10\.0\.0\.1\/8/],
    [(c) => { c.log = { log_level: 'loud' }; }, /reload_failed reason=config \[log\] log_level/],
    // 17 Origins, one more than the hub holds (the line stays under inih's
    // 200 characters).
    [(c) => { c.server.origins = Array.from({ length: 17 }, (_, i) => `http://${String.fromCharCode(97 + i)}:1`).join(' '); }, /reload_failed reason=config \[server\] origins: at most 16/],
    [(c) => { c.server.trusted_proxies = '127.0.0.1 '.repeat(30); }, /reload_failed reason=config .*:\d+: line longer than 198 characters/],
  ];
  for (const [edit, re] of cases) {
    const cfg = structuredClone(hub.config);
    edit(cfg);
    hub.rewriteConfig(cfg);
    assert.match(await hub.reload(), re);
  }
  // Nothing of the refused files was applied: Origins as at start.
  const again = connect(hub);
  await again.opened;
  assert.equal((await ws.request({ type: 'ping', id: 'p1', t0: 1 })).type, 'pong');
  again.close();
  ws.close();
  const { code } = await hub.stop();
  hubs.splice(hubs.indexOf(hub), 1);
  assert.equal(code, 0, 'clean exit after refused reloads');
});

// Trusted proxies: X-Forwarded-For names the client only when the TCP peer
// is in [server] trusted_proxies, and then the right-most address that is
// not itself a trusted proxy is the client, for per-address caps, the
// /metrics allow-list and the connection log (ws_open, at debug level).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHub } from './lib/hub.js';
import { connect } from './lib/ws.js';

const hubs = [];
after(async () => { for (const h of hubs) await h.stop(); });

async function hubWith(server = {}, extra = {}) {
  const hub = await startHub({ config: { server, log: { log_level: 'debug' }, ...extra } });
  hubs.push(hub);
  return hub;
}

// Opens a WebSocket and resolves with the address the hub logged for it.
async function attributed(hub, { xff, localAddress } = {}) {
  const from = hub.stderr().length;
  const ws = connect(hub, { headers: xff === undefined ? {} : { 'X-Forwarded-For': xff },
    wsOptions: localAddress ? { localAddress } : {} });
  await ws.opened;
  const m = await hub.waitForLog(/ws_open conn=\d+ addr=(\S+)/, from);
  ws.close();
  await ws.closed;
  return m[1];
}

test('without trusted proxies the header is ignored', async () => {
  const hub = await hubWith();
  assert.equal(await attributed(hub, { xff: '203.0.113.5' }), '127.0.0.1');
});

test('behind a trusted proxy the right-most untrusted address is the client', async () => {
  const hub = await hubWith({ trusted_proxies: '127.0.0.1 10.0.0.0/8' });
  assert.equal(await attributed(hub, { xff: '203.0.113.5' }), '203.0.113.5');
  assert.equal(await attributed(hub, { xff: '198.51.100.7, 203.0.113.5' }), '203.0.113.5',
    'what the client wrote left of its own address is not believed');
  assert.equal(await attributed(hub, { xff: '198.51.100.7, 203.0.113.5, 10.1.2.3' }), '203.0.113.5',
    'trusted hops are skipped');
  assert.equal(await attributed(hub, { xff: '2001:db8::42' }), '2001:db8::42');
  assert.equal(await attributed(hub, { xff: '10.9.9.9, 10.1.2.3' }), '10.9.9.9',
    'all hops trusted: the left-most');
  assert.equal(await attributed(hub, { xff: '192.0.2.1, garbage' }), '127.0.0.1',
    'an unreadable last hop: the proxy itself');
  assert.equal(await attributed(hub, { xff: 'garbage, 192.0.2.1' }), '192.0.2.1');
  assert.equal(await attributed(hub, {}), '127.0.0.1', 'no header: the proxy');
});

test('a peer that is not a trusted proxy cannot forward', async () => {
  const hub = await hubWith({ trusted_proxies: '127.0.0.1' });
  assert.equal(await attributed(hub, { xff: '203.0.113.5', localAddress: '127.0.0.2' }), '127.0.0.2');
});

test('per-address caps count forwarded clients, not the proxy', async () => {
  const hub = await hubWith({ trusted_proxies: '127.0.0.1' }, { limits: { max_connections_per_ip: 2 } });
  const open = [];
  const ws = (xff, localAddress) => {
    const w = connect(hub, { headers: xff ? { 'X-Forwarded-For': xff } : {},
      wsOptions: localAddress ? { localAddress } : {} });
    open.push(w);
    return w.opened;
  };
  await ws('192.0.2.1');
  await ws('192.0.2.1');
  await assert.rejects(ws('192.0.2.1'), /HTTP 429/, 'third from one client');
  await ws('192.0.2.2');
  await ws('192.0.2.3');
  // Five sockets from the proxy's own address were admitted; an untrusted
  // address still gets two.
  await ws(null, '127.0.0.2');
  await ws(null, '127.0.0.2');
  await assert.rejects(ws(null, '127.0.0.2'));
  for (const w of open) w.close();
});

test('/metrics allow-list checks the forwarded client', async () => {
  const hub = await hubWith({ trusted_proxies: '127.0.0.1' });
  assert.equal((await fetch(`${hub.base}/metrics`)).status, 200, 'the proxy itself, no header');
  const via = await fetch(`${hub.base}/metrics`, { headers: { 'X-Forwarded-For': '203.0.113.5' } });
  assert.equal(via.status, 403, 'a remote client through a loopback proxy');
});

test('a trusted proxy list takes CIDR ranges and refuses host names', async () => {
  const { runHub, writeConfig, tempDir } = await import('./lib/hub.js');
  const bad = writeConfig(tempDir(), { server: { trusted_proxies: 'proxy.internal' } });
  const r = await runHub(['--config', bad, '--check-config']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /\[server\] trusted_proxies: not an address or CIDR range: proxy\.internal/);
});

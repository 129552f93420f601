// The shipped nginx and HAProxy configs, run as they are (only ports,
// certificate paths and the upstream port changed) in front of a hub with
// trusted_proxies = 127.0.0.1: a short workshop over WSS through each
// proxy, every client on its own loopback address (127.0.0.2...) so the
// hub can tell a client's address from the proxy's. The hub must see each
// client's address, refuse a client at its per-address cap, ignore what a
// client writes in X-Forwarded-For itself, and outlive no proxy timeout.
//
// The proxies come from Debian (scripts/setup --test installs them); a
// missing one fails the test rather than skipping it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startHub, tempDir, runHub, SOURCE_ROOT } from './lib/hub.js';
import { Client, createRoom, request } from './lib/client.js';
import { connect } from './lib/ws.js';
import { stableView } from '../../web-client/js/state.js';

const PUBLIC = 'https://codev.example.org';
const cleanups = [];
after(async () => { for (const c of cleanups.reverse()) await c(); });

function findBinary(name) {
  const dirs = [...(process.env.PATH || '').split(':'), '/usr/sbin', '/sbin'];
  const found = dirs.map((d) => path.join(d, name)).find((p) => existsSync(p));
  assert.ok(found, `${name} is not installed: scripts/setup --test installs it`);
  return found;
}

function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// Resolves once something accepts on port, rejects if the proxy exits.
async function listening(port, child, log) {
  let exited = false;
  child.on('exit', () => { exited = true; });
  for (let i = 0; i < 200; i++) {
    if (exited) throw new Error(`proxy exited:\n${log()}`);
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`proxy never listened on ${port}:\n${log()}`);
}

// Replaces what re matches, which must be there: the test follows the
// shipped file, and fails if its shape changes under it.
function sub(text, re, replacement) {
  assert.match(text, re, `shipped config has ${re}`);
  return text.replace(re, replacement);
}

function makeCert(dir) {
  const cert = path.join(dir, 'proxy.crt'), key = path.join(dir, 'proxy.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-nodes', '-days', '2', '-subj', '/CN=codev.example.org', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  const pem = path.join(dir, 'proxy.pem');
  writeFileSync(pem, readFileSync(cert, 'utf8') + readFileSync(key, 'utf8'));
  return { cert, key, pem };
}

function spawnProxy(bin, args, dir) {
  let out = '';
  const child = spawn(bin, args, { cwd: dir });
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  });
  return { child, log: () => out };
}

const PROXIES = {
  nginx: {
    file: 'config/nginx-codevhub.conf',
    async start({ hubPort, tlsPort, httpPort, cert, dir }) {
      const bin = findBinary('nginx');
      let conf = readFileSync(path.join(SOURCE_ROOT, this.file), 'utf8');
      conf = sub(conf, /^\s*listen 80;$/m, `    listen 127.0.0.1:${httpPort};`);
      conf = sub(conf, /^\s*listen 443 ssl;$/m, `    listen 127.0.0.1:${tlsPort} ssl;`);
      conf = sub(conf, /^\s*listen \[::\]:80;\n/m, '');
      conf = sub(conf, /^\s*listen \[::\]:443 ssl;\n/m, '');
      conf = sub(conf, /server 127\.0\.0\.1:8080;/, `server 127.0.0.1:${hubPort};`);
      conf = sub(conf, /ssl_certificate +\S+;/, `ssl_certificate ${cert.cert};`);
      conf = sub(conf, /ssl_certificate_key +\S+;/, `ssl_certificate_key ${cert.key};`);
      writeFileSync(path.join(dir, 'codevhub.conf'), conf);
      for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(dir, t));
      // The wrapper a distribution's nginx.conf would be: everything in
      // the test's directory. As root, nginx would run its workers as
      // nobody, who cannot read that directory.
      writeFileSync(path.join(dir, 'nginx.conf'), `
        ${process.getuid() === 0 ? 'user root;' : ''}
        daemon off;
        worker_processes 1;
        pid ${dir}/nginx.pid;
        error_log ${dir}/error.log notice;
        events { worker_connections 256; }
        http {
          access_log ${dir}/access.log;
          client_body_temp_path ${dir}/body;
          proxy_temp_path ${dir}/proxy;
          fastcgi_temp_path ${dir}/fastcgi;
          uwsgi_temp_path ${dir}/uwsgi;
          scgi_temp_path ${dir}/scgi;
          include ${dir}/codevhub.conf;
        }`);
      const p = spawnProxy(bin, ['-e', path.join(dir, 'early.log'), '-p', dir, '-c', path.join(dir, 'nginx.conf')], dir);
      await listening(tlsPort, p.child, () => p.log() + readIfExists(path.join(dir, 'error.log')));
      return p;
    },
    timeouts(text) {
      return ['proxy_read_timeout', 'proxy_send_timeout'].map((k) => seconds(text, new RegExp(`^\\s*${k} (\\d+)s;`, 'm')));
    },
  },
  haproxy: {
    file: 'config/haproxy-codevhub.cfg',
    async start({ hubPort, tlsPort, httpPort, cert, dir }) {
      const bin = findBinary('haproxy');
      let conf = readFileSync(path.join(SOURCE_ROOT, this.file), 'utf8');
      conf = sub(conf, /bind :443 ssl crt \S+/, `bind 127.0.0.1:${tlsPort} ssl crt ${cert.pem}`);
      conf = sub(conf, /bind :80$/m, `bind 127.0.0.1:${httpPort}`);
      conf = sub(conf, /server hub1 127\.0\.0\.1:8080/, `server hub1 127.0.0.1:${hubPort}`);
      // HAProxy wants 2 × maxconn descriptors; test machines cap them at
      // 20000, which a real deployment raises (LimitNOFILE).
      conf = sub(conf, /^\s*maxconn \d+$/m, '    maxconn 1000');
      const file = path.join(dir, 'haproxy.cfg');
      writeFileSync(file, conf);
      execFileSync(bin, ['-c', '-q', '-f', file]);
      const p = spawnProxy(bin, ['-db', '-f', file, '-p', path.join(dir, 'haproxy.pid')], dir);
      await listening(tlsPort, p.child, p.log);
      return p;
    },
    timeouts(text) {
      return [seconds(text, /^\s*timeout tunnel (\d+)s$/m)];
    },
  },
};

function seconds(text, re) {
  const m = text.match(re);
  assert.ok(m, `${re} in the shipped config`);
  return Number(m[1]);
}

function readIfExists(file) {
  try { return readFileSync(file, 'utf8'); } catch { return ''; }
}

// Addresses of the WebSockets the hub logged since offset `from`.
function wsAddresses(hub, from = 0) {
  return [...hub.stderr().slice(from).matchAll(/ws_open conn=\d+ addr=(\S+)/g)].map((m) => m[1]);
}

for (const [name, proxy] of Object.entries(PROXIES)) {
  test(`${name}: idle WebSockets outlive the hub's heartbeat through the proxy`, async () => {
    const ref = (await runHub(['--print-config-reference'])).stdout;
    const beat = Number(ref.match(/^heartbeat_s = (\d+)$/m)[1]);
    const misses = Number(ref.match(/^heartbeat_misses = (\d+)$/m)[1]);
    const text = readFileSync(path.join(SOURCE_ROOT, proxy.file), 'utf8');
    for (const t of proxy.timeouts(text)) {
      assert.ok(t > beat * (misses + 1), `${t} s must exceed ${beat * (misses + 1)} s: the hub, not the proxy, ends silent peers`);
    }
  });

  test(`${name}: a workshop through the proxy; the hub sees each client's address`, async () => {
    const dir = tempDir(`codevhub-${name}-`);
    const hub = await startHub({ config: {
      server: { trusted_proxies: '127.0.0.1', origins: PUBLIC },
      limits: { max_connections_per_ip: 2 },
      log: { log_level: 'debug' },
    } });
    cleanups.push(() => hub.stop());
    const [tlsPort, httpPort] = [await freePort(), await freePort()];
    await proxy.start({ hubPort: hub.port, tlsPort, httpPort, cert: makeCert(dir), dir });
    const front = `https://127.0.0.1:${tlsPort}`;
    const insecure = { rejectUnauthorized: false };

    const room = await createRoom(hub, {}, { base: front, ...insecure, localAddress: '127.0.0.9' });
    const as = (token, name, localAddress) => new Client(hub, token, name, {
      url: `wss://127.0.0.1:${tlsPort}/ws`, origin: PUBLIC, wsOptions: { ...insecure, localAddress } });
    const from = hub.stderr().length;
    const anne = as(room.facilitatorToken, 'Anne', '127.0.0.2');
    const bruno = as(room.participantToken, 'Bruno', '127.0.0.3');
    const chloe = as(room.participantToken, 'Chloé', '127.0.0.4');
    const dmitri = as(room.participantToken, 'Dmitri', '127.0.0.5');
    const people = [anne, bruno, chloe, dmitri];
    for (const p of people) await p.open();
    assert.equal(anne.role, 'facilitator');

    await anne.do('role.assign', { participant: bruno.id, role: 'client' });
    await bruno.do('sheet.update', { title: 'Équipe', question: 'Comment ?', context: 'Fusion',
      tried: 'Réunions', help_wanted: 'Des idées' });
    await anne.do('timer.start');
    await anne.do('step.next');
    const q = await chloe.do('question.add', { text: 'Depuis quand ?' });
    await anne.untilSeq(q.seq);
    await bruno.do('question.answer', { question: anne.state.room.questions[0].id, text: 'Mars' });
    await anne.do('step.next');
    await bruno.do('contract.set', { text: 'Des idées concrètes' });
    await anne.do('step.next');
    const s = await dmitri.do('suggestion.add', { text: 'Un atelier commun' });
    await bruno.untilSeq(s.seq);
    await bruno.do('suggestion.keep', { suggestion: bruno.state.room.suggestions[0].id, kept: true });
    await anne.do('step.next');
    await bruno.do('plan.update', { items: [{ action: 'Organiser un atelier', by_when: 'lundi' }] });
    await anne.do('step.next');
    const last = await chloe.do('learning.add', { text: 'Écouter' });
    for (const p of people) await p.untilSeq(last.seq);
    const truth = stableView(anne.state.room);
    assert.equal(truth.step, 5);
    for (const p of people) {
      assert.deepEqual(stableView(p.state.room), truth, p.name);
      assert.deepEqual(p.errors, [], p.name);
    }

    // Each client's own address, never the proxy's.
    assert.deepEqual(wsAddresses(hub, from).sort(), ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5']);

    // What a client writes in X-Forwarded-For is not believed.
    const mark = hub.stderr().length;
    const spoof = connect(hub, { url: `wss://127.0.0.1:${tlsPort}/ws`, origin: PUBLIC,
      headers: { 'X-Forwarded-For': '203.0.113.66' }, wsOptions: { ...insecure, localAddress: '127.0.0.6' } });
    await spoof.opened;
    await hub.waitForLog(/ws_open conn=\d+ addr=\S+/, mark);
    assert.deepEqual(wsAddresses(hub, mark), ['127.0.0.6']);

    // Per-address cap (2) meters the client behind the proxy: Anne's
    // address has one socket, takes a second, not a third.
    const second = connect(hub, { url: `wss://127.0.0.1:${tlsPort}/ws`, origin: PUBLIC, wsOptions: { ...insecure, localAddress: '127.0.0.2' } });
    await second.opened;
    const third = connect(hub, { url: `wss://127.0.0.1:${tlsPort}/ws`, origin: PUBLIC, wsOptions: { ...insecure, localAddress: '127.0.0.2' } });
    await assert.rejects(third.opened, /HTTP 429/);
    // The whole room is still in place.
    assert.equal((await anne.send('ping', { t0: 1 })).type, 'pong');

    // Plain HTTP redirects to HTTPS; /metrics is not published.
    const redirect = await request(`http://127.0.0.1:${httpPort}/r/abc`);
    assert.equal(redirect.status, 301);
    assert.match(redirect.headers.location, /^https:\/\/127\.0\.0\.1(:\d+)?\/r\/abc$/);
    assert.equal((await request(`${front}/metrics`, insecure)).status, 404);
    assert.equal((await request(`${front}/healthz`, insecure)).text, 'ok\n');

    for (const w of [spoof, second]) w.close();
    for (const p of people) await p.close();
  });
}

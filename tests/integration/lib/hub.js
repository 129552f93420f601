// Starts the real codevhub binary on an ephemeral loopback port with a
// temporary data directory, as a deployment would, and stops it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SOURCE_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const HUB_BIN = process.env.CODEVHUB_BIN ||
  path.join(SOURCE_ROOT, 'build', 'src', 'codevhub');

export function tempDir(prefix = 'codevhub-') {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

// Writes an INI file (object of sections) and returns its path.
export function writeConfig(dir, sections) {
  const text = Object.entries(sections).map(([name, keys]) =>
    `[${name}]\n` + Object.entries(keys).map(([k, v]) => `${k} = ${v}\n`).join('')
  ).join('\n');
  const file = path.join(dir, 'codevhub.ini');
  writeFileSync(file, text);
  return file;
}

// Runs the binary to completion (for --check-config, --help...).
export function runHub(args, { timeoutMs = 10000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(HUB_BIN, args, { cwd: SOURCE_ROOT });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('timeout')); }, timeoutMs);
    child.on('exit', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr }); });
  });
}

// Starts a hub; resolves once it printed its organizer link.
export async function startHub({ config = {}, dataDir, keepData = false, env = {}, args = [] } = {}) {
  const dir = tempDir();
  const data = dataDir || path.join(dir, 'data');
  const cfg = {
    server: { bind: '127.0.0.1', port: 0,
      web_root: path.join(SOURCE_ROOT, 'web-client'),
      templates_dir: path.join(SOURCE_ROOT, 'config', 'templates'),
      ...(config.server || {}) },
    store: { data_dir: data, ...(config.store || {}) },
    // Tests drive many clients from one address, fast: rate and per-address
    // limits are lifted unless a test sets them (the abuse tests do).
    limits: { msg_rate: 100000, msg_burst: 100000, ip_msg_rate: 1000000,
      max_connections_per_ip: 19000, ...(config.limits || {}) },
    ...Object.fromEntries(Object.entries(config).filter(([k]) => !['server', 'store', 'limits'].includes(k))),
  };
  const cfgFile = writeConfig(dir, cfg);
  const child = spawn(HUB_BIN, ['--config', cfgFile, ...args], { cwd: SOURCE_ROOT, env: { ...process.env, ...env } });
  let stdout = '', stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${stderr}`)), 15000);
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = stdout.match(/listening on (https?:\/\/[^\s]+)\norganizer link: (\S+)\n/);
      if (m) { clearTimeout(timer); resolve({ base: m[1], organizerLink: m[2] }); }
    });
    exited.then(({ code }) => { clearTimeout(timer); reject(new Error(`hub exited ${code}:\n${stderr}`)); });
  });
  const url = new URL(ready.base);
  const hub = {
    ...ready,
    port: Number(url.port),
    wsUrl: `ws://127.0.0.1:${url.port}/ws`,
    origin: `${url.protocol}//127.0.0.1:${url.port}`,
    organizerToken: ready.organizerLink.split('#')[1],
    dataDir: data,
    child,
    exited,
    stderr: () => stderr,
    // The config the hub was started with (sections), and its file: a test
    // rewrites it and sends SIGHUP to reload.
    config: cfg,
    configFile: cfgFile,
    rewriteConfig(sections) { writeConfig(path.dirname(cfgFile), sections); },
    // Resolves with the match once a stderr line after `from` (an offset
    // into stderr) matches re; rejects if the hub exits first.
    waitForLog(re, from = 0, timeoutMs = 10000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = stderr.slice(from).match(re);
          if (m) { cleanup(); resolve(m); }
        };
        const onExit = () => { cleanup(); reject(new Error(`hub exited waiting for ${re}:\n${stderr}`)); };
        const timer = setTimeout(() => { cleanup(); reject(new Error(`no log line ${re}:\n${stderr.slice(from)}`)); }, timeoutMs);
        const cleanup = () => { clearTimeout(timer); child.stderr.off('data', check); child.off('exit', onExit); };
        child.stderr.on('data', check);
        child.on('exit', onExit);
        check();
      });
    },
    // Sends SIGHUP; resolves with the reload_done or reload_failed line.
    async reload() {
      const from = stderr.length;
      child.kill('SIGHUP');
      const m = await this.waitForLog(/ (reload_done|reload_failed)[^\n]*/, from);
      return m[0].trim();
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const result = await exited;
      if (!keepData) rmSync(dir, { recursive: true, force: true });
      return result;
    },
  };
  return hub;
}

// Hubs a test file starts, all stopped (and checked clean under the
// sanitizers) by its after() hook: `const hubs = hubPool(); after(hubs.stopAll);`.
export function hubPool() {
  const all = [];
  return {
    async start(opts = {}) {
      return this.push(await startHub(opts));
    },
    push(h) { // a hub started otherwise (e.g. with its own environment)
      all.push(h);
      return h;
    },
    async stopAll() {
      for (const h of all) {
        await h.stop();
        if (/ERROR: (Address|Undefined|Leak)Sanitizer|runtime error/.test(h.stderr())) {
          throw new Error(`sanitizer report:\n${h.stderr().slice(-4000)}`);
        }
      }
    },
  };
}

// The value of a gauge or counter without labels on /metrics (NaN if absent).
export async function metricOf(hub, name) {
  const text = await (await fetch(`${hub.base}/metrics`)).text();
  const m = text.match(new RegExp(`^${name} (\\d+)$`, 'm'));
  return m ? Number(m[1]) : NaN;
}

// A browser's seat key (hello.seat) for a test client, 32 chars.
export const seatKey = (who) => `seat-${who}-${'x'.repeat(20)}`.slice(0, 32);

// Embedded Janus, prototype of what the hub will do in C: write a private
// config folder (never Debian's /etc/janus, whose sample admin secret is
// public) with random secrets in 0600 files, only the VideoRoom plugin and
// the HTTP transport, both API ports bound to 127.0.0.1; start `janus` as a
// child, wait until it answers {"janus":"info"}, stop it.
//
// Keys checked against Janus 1.1.2's src/janus.c, src/transports/janus_http.c
// and src/plugins/janus_videoroom.c (what they really read), not only the
// samples. Notably `ipv6` lives in `media`, not `nat`.
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync, readdirSync, chmodSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const JANUS = process.env.JANUS || '/usr/bin/janus';

// Where Debian's package puts the modules (dpkg -L janus). Upstream's
// default is <prefix>/lib/janus/...; Debian adds the multiarch triplet.
export function janusLibDir() {
  for (const d of ['/usr/lib/x86_64-linux-gnu/janus', '/usr/lib/aarch64-linux-gnu/janus', '/usr/lib/janus', '/opt/janus/lib/janus']) {
    try { readdirSync(path.join(d, 'plugins')); return d; } catch { /* next */ }
  }
  throw new Error('janus plugins folder not found');
}

export const secret = (n = 24) => randomBytes(n).toString('base64url');

export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, host, () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// One libconfig value: strings quoted and escaped, booleans and numbers bare.
function val(v) {
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `[ ${v.map(val).join(', ')} ]`;
  return `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
export function jcfg(sections) {
  let out = '';
  for (const [name, items] of Object.entries(sections)) {
    out += `${name}: {\n`;
    for (const [k, v] of Object.entries(items)) out += `\t${k} = ${val(v)}\n`;
    out += '}\n';
  }
  return out;
}

function writeSecret(file, text) {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600); // the umask cannot widen it, but an existing file keeps its mode otherwise
}

// Writes the config folder. Returns everything a caller needs to talk to it.
export async function writeConfig(opts = {}) {
  const dir = opts.dir || mkdtempSync(path.join(os.tmpdir(), 'codevhub-janus-'));
  chmodSync(dir, 0o700);
  const lib = janusLibDir();
  const httpPort = opts.httpPort || await freePort();
  let adminPort = opts.adminPort || await freePort();
  while (adminPort === httpPort) adminPort = await freePort();
  const cfg = {
    dir,
    httpPort,
    adminPort,
    adminSecret: opts.adminSecret || secret(),
    adminKey: opts.adminKey || secret(),
    rtpRange: opts.rtpRange || '20000-20040',
    url: `http://127.0.0.1:${httpPort}/janus`,
    adminUrl: `http://127.0.0.1:${adminPort}/admin`,
  };

  // Only what we need: Janus loads every "*.so" of a folder except those
  // a `disable` list names exactly (comma-separated file names, e.g.
  // "libjanus_echotest.so"), so the list is built from the folder itself.
  // (Debian ships libjanus_x.so -> .so.1 -> .so.1.1.2; only ".so" loads.)
  const plugins = readdirSync(path.join(lib, 'plugins')).filter((f) => /\.so$/.test(f));
  const transports = readdirSync(path.join(lib, 'transports')).filter((f) => /\.so$/.test(f));

  const general = {
    configs_folder: dir,
    plugins_folder: path.join(lib, 'plugins'),
    transports_folder: path.join(lib, 'transports'),
    events_folder: path.join(lib, 'events'),
    loggers_folder: path.join(lib, 'loggers'),
    debug_level: opts.debugLevel ?? 4,
    debug_colors: false,
    admin_secret: cfg.adminSecret,
    // Stored tokens (add_token over the Admin API). Never token_auth_secret:
    // with it Janus switches to HMAC-signed tokens and add_token is refused
    // ("Stored-Token based authentication disabled").
    token_auth: true,
    server_name: 'codevhub-media',
    session_timeout: opts.sessionTimeout ?? 60,
    // Folders Janus refuses to write recordings or pcaps into.
    protected_folders: ['/bin', '/boot', '/dev', '/etc', '/lib', '/proc', '/sbin', '/sys', '/usr', '/var'],
  };
  const janusCfg = jcfg({
    general,
    certificates: {},                     // Janus makes a fresh self-signed DTLS cert at start
    media: { ipv6: false, rtp_port_range: cfg.rtpRange },
    nat: {
      full_trickle: true,
      ignore_mdns: true,                  // never try to resolve a browser's *.local candidate
      nice_debug: false,
      ...(opts.iceEnforce ? { ice_enforce_list: opts.iceEnforce } : {}),
      ...(opts.nat11 ? { nat_1_1_mapping: opts.nat11 } : {}),
    },
    plugins: { disable: plugins.filter((f) => f !== 'libjanus_videoroom.so').join(',') },
    transports: { disable: transports.filter((f) => f !== 'libjanus_http.so').join(',') },
    loggers: { disable: readdirSafe(path.join(lib, 'loggers')).join(',') },
    events: { broadcast: false, disable: readdirSafe(path.join(lib, 'events')).join(',') },
  });
  writeSecret(path.join(dir, 'janus.jcfg'), janusCfg);

  writeSecret(path.join(dir, 'janus.plugin.videoroom.jcfg'), jcfg({
    general: {
      admin_key: cfg.adminKey,            // else any token holder may create rooms
      lock_rtp_forward: true,
      string_ids: true,
      events: false,
    },
  }));

  writeSecret(path.join(dir, 'janus.transport.http.jcfg'), jcfg({
    general: {
      json: 'compact', base_path: '/janus', http: true, port: cfg.httpPort,
      ip: '127.0.0.1', https: false, events: false,
    },
    admin: {
      admin_base_path: '/admin', admin_http: true, admin_port: cfg.adminPort,
      admin_ip: '127.0.0.1', admin_https: false,
    },
    cors: {},
  }));
  return cfg;
}

function readdirSafe(d) { try { return readdirSync(d).filter((f) => /\.so$/.test(f)); } catch { return []; } }

async function post(url, body, timeoutMs = 3000) {
  const r = await fetch(url, {
    method: 'POST', body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
    signal: AbortSignal.timeout(timeoutMs),
  });
  return r.json();
}
async function get(url, timeoutMs = 3000) {
  const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return r.json();
}

let txn = 0;
const tx = () => `t${++txn}-${secret(6)}`;

// Starts Janus on a written config; resolves when /janus/info answers.
export async function startJanus(cfg, { timeoutMs = 15000, logFile } = {}) {
  const args = [
    '-F', cfg.dir,                         // --configs-folder: reads <dir>/janus.jcfg and the plugin/transport files
    '-o',                                  // --disable-colors
    '-d', String(cfg.debugLevel ?? 4),     // --debug-level
    // no -b/--daemon: we supervise it; no -N: its stdout is our log
  ];
  const started = Date.now();
  const child = spawn(JANUS, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: cfg.dir });
  const log = [];
  const onData = (b) => {
    log.push(b.toString());
    if (logFile) writeFileSync(logFile, b, { flag: 'a', mode: 0o600 });
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = null;
  child.on('exit', (code, sig) => { exited = { code, sig }; });
  const j = { cfg, child, pid: child.pid, log, args };
  for (;;) {
    if (exited) throw new Error(`janus exited (${JSON.stringify(exited)}):\n${log.join('').slice(-4000)}`);
    try {
      const info = await get(`${cfg.url}/info`, 1000);
      if (info.janus === 'server_info') {
        j.info = info;
        j.startMs = Date.now() - started;
        break;
      }
    } catch { /* not yet */ }
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`janus did not answer within ${timeoutMs} ms:\n${log.join('').slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  j.api = (body, t) => post(cfg.url, { transaction: tx(), ...body }, t);
  j.apiTo = (p, body, t) => post(`${cfg.url}${p}`, { transaction: tx(), ...body }, t);
  j.admin = (body, t) => post(cfg.adminUrl, { transaction: tx(), admin_secret: cfg.adminSecret, ...body }, t);
  j.adminTo = (p, body, t) => post(`${cfg.adminUrl}${p}`, { transaction: tx(), admin_secret: cfg.adminSecret, ...body }, t);
  // Admin API → VideoRoom synchronous request, admin_key added; no Janus session needed.
  j.videoroom = async (request) => {
    const r = await j.admin({ janus: 'message_plugin', plugin: 'janus.plugin.videoroom', request: { admin_key: cfg.adminKey, ...request } });
    if (r.janus !== 'success') throw new Error(`admin error ${JSON.stringify(r)}`);
    return r.response;
  };
  j.addToken = (token) => j.admin({ janus: 'add_token', token, plugins: ['janus.plugin.videoroom'] });
  j.removeToken = (token) => j.admin({ janus: 'remove_token', token });
  j.stop = (ms = 5000) => stopChild(child, ms);
  return j;
}

export function stopChild(child, ms = 5000) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) { resolve({ code: child.exitCode, sig: child.signalCode }); return; }
    const t = setTimeout(() => child.kill('SIGKILL'), ms);
    child.once('exit', (code, sig) => { clearTimeout(t); resolve({ code, sig }); });
    child.kill('SIGTERM');
  });
}

// RSS (kB) and CPU ticks of a pid, from /proc.
export function procStat(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(f[11]); const stime = Number(f[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] || 0);
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] || 0);
  const threads = Number(/Threads:\s+(\d+)/.exec(status)?.[1] || 0);
  return { ticks: utime + stime, rssKb: rss, hwmKb: hwm, threads, at: process.hrtime.bigint() };
}
let clk = 0;
export function clockTicks() {
  if (!clk) clk = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  return clk;
}
// Share of one core between two procStat samples.
export function cpuShare(a, b) {
  const secs = Number(b.at - a.at) / 1e9;
  return (b.ticks - a.ticks) / clockTicks() / secs;
}

// CLI: node tests/media/lib/janus.js  → writes a config, starts, prints info, stops.
if (import.meta.url === `file://${process.argv[1]}`) {
  const cfg = await writeConfig();
  const j = await startJanus(cfg);
  console.log(JSON.stringify({ dir: cfg.dir, startMs: j.startMs, version: j.info.version_string,
    plugins: Object.keys(j.info.plugins), transports: Object.keys(j.info.transports) }));
  if (process.argv.includes('--log')) console.log(j.log.join(''));
  console.log(await j.stop());
}

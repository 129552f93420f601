// Foundation spike for issue 16: Debian's Janus 1.1.2 VideoRoom, embedded
// with a generated config, driven through its Admin API, two Chromium pages
// on the raw Janus JSON API exchanging real audio and video.
//
// Run inside a private network namespace (root):
//   tests/media/netns-run node --test tests/media/spike.test.js
// Figures (join -> first remote frame, Janus CPU/RSS, mute/kick delays) are
// printed as "spike:" lines and written to $SPIKE_OUT (default
// /tmp/codevhub-media-spike.json).
/* global window */ // (inside page.evaluate callbacks)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { readFileSync, statSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { writeConfig, startJanus, secret, procStat, cpuShare } from './lib/janus.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MEDIA_IP = process.env.CODEV_MEDIA_IP;
const OUT = process.env.SPIKE_OUT || '/tmp/codevhub-media-spike.json';
const figures = {};
const shapes = {};
const say = (k, v) => { figures[k] = v; console.log(`spike: ${k} = ${JSON.stringify(v)}`); };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Keeps the shape of a Janus reply (keys and value types), never the values
// of ids, secrets, tokens or SDP.
function shape(v) {
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  if (typeof v === 'string') return /^(success|error|ack|event|server_info|created|destroyed|edited|participants|joined|attached|started|ok|kicked|janus\.plugin\.videoroom)$/.test(v) ? v : '<string>';
  return typeof v === 'number' ? '<number>' : v;
}
const keep = (name, v) => { shapes[name] = shape(v); return v; };

// 16-bit mono PCM WAV: segments of [seconds, hz (0 = silence), amplitude].
function toneWav(rate, segments) {
  const n = segments.reduce((a, [sec]) => a + Math.round(sec * rate), 0);
  const buf = Buffer.alloc(44 + n * 2);
  buf.write('RIFF', 0); buf.writeUInt32LE(36 + n * 2, 4); buf.write('WAVE', 8);
  buf.write('fmt ', 12); buf.writeUInt32LE(16, 16); buf.writeUInt16LE(1, 20); buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24); buf.writeUInt32LE(rate * 2, 28); buf.writeUInt16LE(2, 32); buf.writeUInt16LE(16, 34);
  buf.write('data', 36); buf.writeUInt32LE(n * 2, 40);
  let i = 0;
  for (const [sec, hz, amp] of segments) {
    for (let k = 0; k < Math.round(sec * rate); k += 1, i += 1) {
      buf.writeInt16LE(Math.round(32767 * amp * Math.sin(2 * Math.PI * hz * k / rate)), 44 + i * 2);
    }
  }
  return buf;
}

function connectRefused(host, port) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 1500 });
    s.once('connect', () => { s.destroy(); resolve('connected'); });
    s.once('timeout', () => { s.destroy(); resolve('timeout'); });
    s.once('error', (e) => resolve(e.code));
  });
}

// Static page + a relay of /janus to Janus on 127.0.0.1 (the hub will
// relay the same JSON over its WebSocket; here plain HTTP is enough).
function startPageServer(janusPort) {
  const files = {
    '/': ['spike.html', 'text/html; charset=utf-8'],
    '/spike-client.js': ['spike-client.js', 'text/javascript; charset=utf-8'],
  };
  const server = http.createServer((req, res) => {
    if (req.url.startsWith('/janus')) {
      const up = http.request({ host: '127.0.0.1', port: janusPort, path: req.url, method: req.method,
        headers: { 'content-type': 'application/json' } }, (ur) => {
        res.writeHead(ur.statusCode, { 'content-type': 'application/json' });
        ur.pipe(res);
      });
      up.on('error', () => { res.writeHead(502); res.end(); });
      req.pipe(up);
      return;
    }
    const f = files[req.url];
    if (!f) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': f[1], 'cache-control': 'no-store' });
    res.end(readFileSync(path.join(HERE, 'page', f[0])));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('Janus 1.1.2 VideoRoom: embedded config, admin API, 2 Chromium pages with audio+video', {
  skip: MEDIA_IP ? false : 'run inside tests/media/netns-run (needs a non-loopback interface)',
  timeout: 120_000,
}, async (t) => {
  say('loadavg_at_start', os.loadavg().map((x) => Number(x.toFixed(1))));
  // ice_enforce_list: gather on cvh0 only (else Janus takes one port per
  // interface per PeerConnection: cvh0 and cvh1 here).
  const cfg = await writeConfig({ rtpRange: '20000-20040', iceEnforce: process.env.SPIKE_ICE_ENFORCE ?? 'cvh0' });
  for (const f of readdirSync(cfg.dir)) {
    assert.equal(statSync(path.join(cfg.dir, f)).mode & 0o777, 0o600, `${f} is 0600`);
  }
  assert.equal(statSync(cfg.dir).mode & 0o777, 0o700);
  const janus = await startJanus(cfg, { logFile: path.join(cfg.dir, 'janus.log') });
  say('janus_start_ms', janus.startMs);
  say('janus_local_ip', janus.info['local-ip']);
  keep('info', janus.info);
  assert.deepEqual(Object.keys(janus.info.plugins), ['janus.plugin.videoroom']);
  assert.deepEqual(Object.keys(janus.info.transports), ['janus.transport.http']);
  assert.equal(janus.info['auth_token'], true);
  let browser; let browser2; let server;
  t.after(async () => {
    await browser?.close().catch(() => {});
    await browser2?.close().catch(() => {});
    server?.close();
    const r = await janus.stop();
    say('janus_exit', r);
    say('loadavg_at_end', os.loadavg().map((x) => Number(x.toFixed(1))));
    writeFileSync(OUT, JSON.stringify({ figures, shapes }, null, 2));
    // The folder holds the secrets (and Janus's log): gone unless asked to keep it.
    if (process.env.SPIKE_KEEP) console.log(`spike: kept ${cfg.dir}`);
    else rmSync(cfg.dir, { recursive: true, force: true });
  });

  await t.test('Janus API and Admin API answer on 127.0.0.1 only', async () => {
    assert.equal(await connectRefused('127.0.0.1', cfg.httpPort), 'connected');
    assert.equal(await connectRefused(MEDIA_IP, cfg.httpPort), 'ECONNREFUSED');
    assert.equal(await connectRefused(MEDIA_IP, cfg.adminPort), 'ECONNREFUSED');
    assert.equal(await connectRefused('10.200.0.2', cfg.httpPort), 'ECONNREFUSED');
    // The admin secret is required.
    const r = await fetch(cfg.adminUrl, { method: 'POST', body: JSON.stringify({ janus: 'list_sessions', transaction: 'x' }) }).then((x) => x.json());
    keep('admin_no_secret', r);
    assert.equal(r.janus, 'error');
    assert.equal(r.error.code, 403);
  });

  const room = `cvh-${secret(9)}`;
  const roomSecret = secret();
  const tokA = secret(); const tokB = secret(); const tokC = secret(); const tokD = secret();

  await t.test('admin: create the room, add tokens', async () => {
    const created = keep('create', await janus.videoroom({
      request: 'create', room, description: 'spike', secret: roomSecret, is_private: true,
      require_pvtid: true, publishers: 8, bitrate: 256000, bitrate_cap: true,
      fir_freq: 10, audiocodec: 'opus', videocodec: 'vp8',
      audiolevel_event: true, audio_active_packets: 25, audio_level_average: 40,
      notify_joining: true, allowed: [tokA, tokB], permanent: false,
    }));
    assert.equal(created.videoroom, 'created', JSON.stringify(created));
    assert.equal(created.room, room);
    // Without admin_key the plugin refuses to create.
    const noKey = await janus.admin({ janus: 'message_plugin', plugin: 'janus.plugin.videoroom', request: { request: 'create', room: 'x' } });
    keep('create_without_admin_key', noKey);
    assert.equal(noKey.response.error_code, 429); // missing admin_key (a wrong one gives 433)
    const wrongKey = await janus.admin({ janus: 'message_plugin', plugin: 'janus.plugin.videoroom', request: { request: 'create', room: 'x', admin_key: 'nope' } });
    assert.equal(wrongKey.response.error_code, 433);
    for (const tok of [tokA, tokB, tokC, tokD]) {
      const r = keep('add_token', await janus.addToken(tok));
      assert.equal(r.janus, 'success', JSON.stringify(r));
      assert.deepEqual(r.data.plugins, ['janus.plugin.videoroom']);
    }
    keep('list_tokens', await janus.admin({ janus: 'list_tokens' }));
    const list = keep('list', await janus.videoroom({ request: 'list' }));
    assert.ok(list.list.some((x) => x.room === room));
  });

  // One Janus session + handle for a token, one plugin request; the answer
  // either comes in the POST reply (synchronous requests) or on the long-poll.
  async function rawRequest(tok, body) {
    const s = await janus.api({ janus: 'create', token: tok });
    if (s.janus !== 'success') return { janusError: s.error };
    const h = await janus.apiTo(`/${s.data.id}`, { janus: 'attach', plugin: 'janus.plugin.videoroom', token: tok });
    const r = await janus.apiTo(`/${s.data.id}/${h.data.id}`, { janus: 'message', token: tok, body });
    let d = r.plugindata?.data;
    const deadline = Date.now() + 5000;
    while (!d && Date.now() < deadline) {
      const evs = await fetch(`${cfg.url}/${s.data.id}?maxev=5&token=${tok}`).then((x) => x.json());
      d = [].concat(evs).find((e) => e.transaction === r.transaction)?.plugindata?.data;
    }
    await janus.apiTo(`/${s.data.id}`, { janus: 'destroy', token: tok });
    return d;
  }

  await t.test('Janus refuses a session without a token, and a publisher join without the room token', async () => {
    const noTok = keep('create_session_without_token', await janus.api({ janus: 'create' }));
    assert.equal(noTok.janus, 'error');
    assert.equal(noTok.error.code, 403);
    const badTok = await janus.api({ janus: 'create', token: 'forged' });
    assert.equal(badTok.error.code, 403);
    // tokC is a valid Janus token but not in the room's allowed list.
    const s = await janus.api({ janus: 'create', token: tokC });
    assert.equal(s.janus, 'success');
    const sid = s.data.id;
    const h = await janus.apiTo(`/${sid}`, { janus: 'attach', plugin: 'janus.plugin.videoroom', token: tokC });
    assert.equal(h.janus, 'success');
    const hid = h.data.id;
    // Synchronous errors come back in the POST reply itself (no long-poll needed).
    const join = async (body) => {
      const r = await janus.apiTo(`/${sid}/${hid}`, { janus: 'message', token: tokC, body });
      if (r.janus === 'success') return r.plugindata.data;
      // 'ack': the answer is an event on the long-poll
      const evs = await fetch(`${cfg.url}/${sid}?maxev=5&token=${tokC}`).then((x) => x.json());
      const ev = [].concat(evs).find((e) => e.transaction === r.transaction);
      return ev?.plugindata?.data;
    };
    const noRoomTok = keep('join_without_room_token', await join({ request: 'join', ptype: 'publisher', room, display: 'x' }));
    assert.equal(noRoomTok.error_code, 433, JSON.stringify(noRoomTok));
    const wrongRoomTok = await join({ request: 'join', ptype: 'publisher', room, display: 'x', token: tokC });
    assert.equal(wrongRoomTok.error_code, 433);
    // A token holder may not create rooms (admin_key).
    const c = await join({ request: 'create', room: 'evil' });
    assert.equal(c.error_code, 429);
    await janus.apiTo(`/${sid}`, { janus: 'destroy', token: tokC });
  });

  server = await startPageServer(cfg.httpPort);
  const origin = `http://127.0.0.1:${server.address().port}`;
  // Chromium's default fake microphone beeps briefly once a second: too
  // little energy for Janus's talking detection. A file of 1.5 s of tone and
  // 1.5 s of silence (looped by Chromium) gives talking / stopped-talking.
  const wav = path.join(cfg.dir, 'speech.wav');
  writeFileSync(wav, toneWav(48000, [[1.5, 440, 0.5], [1.5, 0, 0]]));
  const base = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run',
    '--autoplay-policy=no-user-gesture-required'];
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [...base, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-audio-capture=${wav}`],
  });
  // The observer gets a browser of its own WITHOUT --use-fake-ui-for-media-stream:
  // that flag makes Chromium treat the media permission as granted on every
  // secure origin, so it would never hide its host candidates behind mDNS
  // names, and a real observer (who never grants the camera) does.
  browser2 = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: base });
  const pages = [];
  for (const name of ['Ana', 'Bo', 'Cy']) {
    const ctx = await (name === 'Cy' ? browser2 : browser).newContext();
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.log(`spike: ${name} pageerror ${e}`));
    await page.goto(`${origin}/`);
    pages.push({ name, page });
  }
  const [A, B, C] = pages;
  pages.pop(); // C (an observer) enters later

  const cpu0 = procStat(janus.pid);
  const rss0 = cpu0.rssKb;
  let tJoin;
  await t.test('two publishers join with their tokens, subscribe to each other, media flows', async () => {
    tJoin = Date.now();
    // With string_ids the hub can give its own participant id to Janus
    // (A, B); without one Janus makes a UUID string (C).
    A.res = await A.page.evaluate((a) => window.spike.join(a), { token: tokA, roomToken: tokA, room, display: 'Ana', id: 'p-ana' });
    assert.equal(A.res.id, 'p-ana', JSON.stringify(A.res));
    B.res = await B.page.evaluate((a) => window.spike.join(a), { token: tokB, roomToken: tokB, room, display: 'Bo', id: 'p-bo' });
    assert.equal(B.res.id, 'p-bo', JSON.stringify(B.res));
    const dup = await rawRequest(tokC, { request: 'join', ptype: 'publisher', room, id: 'p-ana', token: tokA });
    keep('join_with_taken_id', dup);
    assert.equal(dup.error_code, 436, JSON.stringify(dup)); // ID_EXISTS
    const deadline = Date.now() + 20_000;
    let ok = false; let last;
    while (Date.now() < deadline) {
      last = await Promise.all(pages.map((p) => p.page.evaluate(() => window.spike.stats())));
      ok = last.every((s) => s.inbound.some((i) => i.kind === 'video' && i.framesDecoded > 30) &&
        s.inbound.some((i) => i.kind === 'audio' && i.totalAudioEnergy > 0));
      if (ok) break;
      await sleep(250);
    }
    const tOk = Date.now() - tJoin;
    for (const [i, p] of pages.entries()) {
      const s = last[i];
      say(`${p.name}_timeline_ms`, Object.fromEntries(Object.entries(s.t).map(([k, v]) => [k, Math.round(v - s.t.join)])));
      say(`${p.name}_join_to_first_remote_frame_ms`, s.t.firstFrame ? Math.round(s.t.firstFrame - s.t.join) : null);
      say(`${p.name}_inbound`, s.inbound);
      say(`${p.name}_pair`, s.candidatePairs);
      say(`${p.name}_janus_candidates_before_sdp`, s.early);
    }
    const cands = await A.page.evaluate(() => window.spike.S.candidatesSeen);
    say('A_local_candidates', cands.local.map((c) => c.split(' ').slice(4, 8).join(' ')));
    say('A_remote_candidates', cands.remote.map((c) => c.split(' ').slice(4, 8).join(' ')));
    say('both_pages_30_frames_and_audio_ms', tOk);
    say('janus_remote_candidates_per_pc', cands.remote.length / 2);
    if (!ok) {
      for (const p of pages) console.log(p.name, (await p.page.evaluate(() => window.spike.log())).join('\n'));
      console.log(janus.log.join('').slice(-3000));
    }
    assert.ok(ok, `within 20 s: ${JSON.stringify(last)}`);
  });

  await t.test('Janus cost while 2 people publish and subscribe', async () => {
    const a = procStat(janus.pid);
    await sleep(10_000);
    const b = procStat(janus.pid);
    say('janus_cpu_share_of_one_core_2p', Number(cpuShare(a, b).toFixed(3)));
    say('janus_rss_kb', { idle: rss0, with2: b.rssKb, hwm: b.hwmKb, threads: b.threads });
    say('janus_cpu_share_since_join', Number(cpuShare(cpu0, b).toFixed(3)));
    const parts = keep('listparticipants', await janus.videoroom({ request: 'listparticipants', room }));
    assert.equal(parts.participants.length, 2);
  });

  await t.test('an observer (no getUserMedia, so mDNS host candidates) joins passively and receives both feeds', async () => {
    const add = keep('allowed_add', await janus.videoroom({ request: 'allowed', secret: roomSecret, room, action: 'add', allowed: [tokD] }));
    assert.equal(add.videoroom, 'success', JSON.stringify(add));
    const t0 = Date.now();
    C.res = await C.page.evaluate((a) => window.spike.join(a), { token: tokD, roomToken: tokD, room, display: 'Cy', publish: false });
    assert.match(C.res.id, /^[0-9a-f-]{36}$/, JSON.stringify(C.res));
    let s; let ok = false;
    while (Date.now() - t0 < 20_000) {
      s = await C.page.evaluate(() => window.spike.stats());
      ok = s.inbound.filter((i) => i.kind === 'video' && i.framesDecoded > 30).length === 2 &&
        s.inbound.filter((i) => i.kind === 'audio' && i.totalAudioEnergy > 0).length === 2;
      if (ok) break;
      await sleep(250);
    }
    say('Cy_timeline_ms', Object.fromEntries(Object.entries(s.t).map(([k, v]) => [k, Math.round(v - s.t.join)])));
    say('Cy_join_to_first_remote_frame_ms', s.t.firstFrame ? Math.round(s.t.firstFrame - s.t.join) : null);
    say('Cy_pair', s.candidatePairs);
    const cands = await C.page.evaluate(() => window.spike.S.candidatesSeen);
    say('Cy_local_candidates', cands.local.map((c) => c.split(' ').slice(4, 8).join(' ').replace(/^[0-9a-f-]{36}\.local/, '<uuid>.local')));
    assert.ok(cands.local.every((c) => /\.local /.test(c)), 'the observer hides its addresses behind mDNS');
    say('Cy_inbound', s.inbound);
    if (!ok) console.log((await C.page.evaluate(() => window.spike.log())).join('\n'));
    assert.ok(ok, JSON.stringify(s.inbound));
    pages.push(C);
    const a = procStat(janus.pid);
    await sleep(5000);
    const b = procStat(janus.pid);
    say('janus_cpu_share_of_one_core_2pub_3sub', Number(cpuShare(a, b).toFixed(3)));
    say('janus_rss_kb_3p', b.rssKb);
  });

  await t.test('require_pvtid: a token holder cannot subscribe to a live feed without a private_id', async () => {
    const sub = keep('subscribe_without_private_id', await rawRequest(tokC, { request: 'join', ptype: 'subscriber', room, streams: [{ feed: A.res.id }] }));
    assert.equal(sub.error_code, 433, JSON.stringify(sub));
    const forged = await rawRequest(tokC, { request: 'join', ptype: 'subscriber', room, private_id: 12345, streams: [{ feed: A.res.id }] });
    assert.equal(forged.error_code, 433, JSON.stringify(forged));
  });

  // When did `page` last receive `kind` from `feed` (wall clock, sampled in
  // the page every 50 ms)? Resolves once it has been still for 1 s.
  async function stoppedAt(p, kind, feed, maxMs = 6000) {
    const t0 = Date.now();
    for (;;) {
      const w = (await p.page.evaluate(() => window.spike.watched()))[`${kind}:${feed}`];
      if (w && Date.now() - w.last > 1000) return w.last;
      if (Date.now() - t0 > maxMs) return null;
      await sleep(200);
    }
  }
  async function resumedAfter(p, kind, feed, since, maxMs = 6000) {
    const t0 = Date.now();
    while (Date.now() - t0 < maxMs) {
      const w = (await p.page.evaluate(() => window.spike.watched()))[`${kind}:${feed}`];
      if (w && w.last > since + 100) return w.last;
      await sleep(100);
    }
    return null;
  }

  await t.test('admin: moderate mutes B\'s audio for everyone, unmute resumes it', async () => {
    for (const p of pages) await p.page.evaluate(() => window.spike.watch());
    await sleep(1000);
    const audioMid = B.res.mids.find((m) => m.kind === 'audio').mid;
    const t0 = Date.now();
    const r = keep('moderate', await janus.videoroom({ request: 'moderate', secret: roomSecret, room, id: B.res.id, mid: audioMid, mute: true }));
    assert.equal(r.videoroom, 'success', JSON.stringify(r));
    const [atA, atC] = await Promise.all([stoppedAt(A, 'audio', B.res.id), stoppedAt(C, 'audio', B.res.id)]);
    // <= 0: the last packet came before the request (sampling every 50 ms).
    say('moderate_mute_to_audio_stop_ms', { Ana: atA && atA - t0, Cy: atC && atC - t0 });
    assert.ok(atA !== null && atA - t0 < 2000, 'A: B\'s audio stopped within 2 s');
    assert.ok(atC !== null && atC - t0 < 2000, 'C: B\'s audio stopped within 2 s');
    // B's video and A's audio keep flowing at C.
    const wC = await C.page.evaluate(() => window.spike.watched());
    assert.ok(Date.now() - wC[`audio:${A.res.id}`].last < 500, 'C still hears A');
    assert.ok(Date.now() - wC[`video:${B.res.id}`].last < 1000, 'C still sees B');
    const parts = await janus.videoroom({ request: 'listparticipants', room });
    keep('listparticipants_after_moderate', parts);
    const t1 = Date.now();
    await janus.videoroom({ request: 'moderate', secret: roomSecret, room, id: B.res.id, mid: audioMid, mute: false });
    const back = await resumedAfter(A, 'audio', B.res.id, t1);
    say('moderate_unmute_to_audio_resume_ms', back && back - t1);
    assert.ok(back !== null);
    // Everyone (B too) is told, on their publisher handle: {moderation: muted|unmuted, id, mid}.
    let told;
    for (let i = 0; i < 30; i += 1) {
      told = await Promise.all([A, B, C].map((p) => p.page.evaluate(() => window.spike.S.events.filter((e) => e.kind === 'moderation'))));
      if (told.every((x) => x.length === 2)) break;
      await sleep(200);
    }
    say('moderation_event_delay_ms', told.map((x) => x.map((e) => e.at - (e.value === 'muted' ? t0 : t1))));
    assert.ok(told.every((x) => x.length === 2 && x[0].value === 'muted' && x[1].value === 'unmuted'), JSON.stringify(told));
  });

  await t.test('admin: allowed remove + kick B: A stops receiving, B cannot rejoin', async () => {
    const rem = keep('allowed_remove', await janus.videoroom({ request: 'allowed', secret: roomSecret, room, action: 'remove', allowed: [tokB] }));
    assert.equal(rem.videoroom, 'success', JSON.stringify(rem));
    assert.ok(rem.allowed.length === 2 && rem.allowed.includes(tokA) && rem.allowed.includes(tokD) && !rem.allowed.includes(tokB), 'allowed = A, D');
    const t0 = Date.now();
    const k = keep('kick', await janus.videoroom({ request: 'kick', secret: roomSecret, room, id: B.res.id }));
    assert.equal(k.videoroom, 'success', JSON.stringify(k));
    const [atA, atC, atB] = await Promise.all([stoppedAt(A, 'video', B.res.id), stoppedAt(C, 'video', B.res.id), stoppedAt(B, 'video', A.res.id)]);
    say('kick_to_video_stop_ms', { Ana_from_Bo: atA && atA - t0, Cy_from_Bo: atC && atC - t0, Bo_from_Ana: atB && atB - t0 });
    assert.ok(atA !== null && atA - t0 < 2000, 'A stops receiving B');
    assert.ok(atC !== null && atC - t0 < 2000, 'C stops receiving B');
    // require_pvtid: the kicked person's own subscriptions stop too.
    assert.ok(atB !== null && atB - t0 < 2000, 'B stops receiving A');
    const aEvents = await A.page.evaluate(() => window.spike.S.events);
    say('A_events', aEvents.map((e) => e.kind + (e.reason ? `(${e.reason})` : '')));
    assert.ok(aEvents.some((e) => e.kind === 'kicked'));
    const talking = await A.page.evaluate(() => window.spike.S.talking);
    say('A_talking_events', { talking: talking.filter((x) => x.kind === 'talking').length, stopped: talking.filter((x) => x.kind === 'stopped-talking').length });
    assert.ok(talking.some((x) => x.kind === 'talking' && x.id === B.res.id), 'A saw B talking');
    const bHangup = await B.page.evaluate(() => window.spike.S.hangup);
    say('B_hangup_after_kick', bHangup ? { reason: bHangup.reason } : null);
    const bEvents = await B.page.evaluate(() => window.spike.S.events);
    say('B_events', bEvents.map((e) => e.kind + (e.reason ? `(${e.reason})` : '')));
    const streams = (await A.page.evaluate(() => window.spike.stats())).subStreams;
    keep('A_sub_streams_after_kick', streams);
    say('A_sub_streams_after_kick', streams.map((x) => ({ type: x.type, active: x.active, feed: x.feed_id === B.res.id ? 'kicked one' : x.feed_id, send: x.send })));
    // Janus does not renegotiate A's subscription: A drops the kicked feed by sub_mid.
    const un = keep('unsubscribe_reply', await A.page.evaluate((f) => window.spike.unsubscribeFeed(f), B.res.id));
    await sleep(500);
    const after = (await A.page.evaluate(() => window.spike.stats())).subStreams;
    say('A_sub_streams_after_unsubscribe', after.map((x) => ({ type: x.type, active: x.active, feed: x.feed_id ?? null })));
    assert.ok(un, 'unsubscribe answered');
    assert.ok(!after.some((x) => x.active && x.feed_id === B.res.id));
    // B's old Janus session still exists; a fresh publisher join with tokB must fail now.
    const d = await rawRequest(tokB, { request: 'join', ptype: 'publisher', room, display: 'Bo again', token: tokB });
    assert.equal(d.error_code, 433, JSON.stringify(d));
    // And remove_token ends the Janus token itself.
    const rt = keep('remove_token', await janus.removeToken(tokB));
    assert.equal(rt.janus, 'success');
    const again = await janus.api({ janus: 'create', token: tokB });
    assert.equal(again.error.code, 403);
    // The kicked person's own Janus session lives on (until its timeout);
    // the Admin API ends it without the person's token.
    const before = (await janus.admin({ janus: 'list_sessions' })).sessions.length;
    const bSession = await B.page.evaluate(() => window.spike.S.session);
    const ds = keep('destroy_session', await janus.adminTo(`/${bSession}`, { janus: 'destroy_session' }));
    assert.equal(ds.janus, 'success', JSON.stringify(ds));
    const afterDs = (await janus.admin({ janus: 'list_sessions' })).sessions.length;
    say('sessions_before_after_destroy_session', [before, afterDs]);
    assert.equal(afterDs, before - 1);
  });

  await t.test('admin: destroy the room, A is told', async () => {
    const d = keep('destroy', await janus.videoroom({ request: 'destroy', secret: roomSecret, room }));
    assert.equal(d.videoroom, 'destroyed', JSON.stringify(d));
    await sleep(500);
    const ex = keep('exists', await janus.videoroom({ request: 'exists', room }));
    assert.equal(ex.exists, false);
    const ev = await A.page.evaluate(() => window.spike.S.events);
    assert.ok(ev.some((e) => e.kind === 'destroyed'), JSON.stringify(ev));
    say('A_events_end', ev.slice(-3).map((e) => e.kind));
  });
});

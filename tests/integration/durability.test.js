// Nothing lost: rooms survive a restart exactly, a running timer keeps
// its deadline across a short restart and comes back paused (and says
// why) when the downtime ate it, clients resume, and deleted rooms are
// gone from the database.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { startHub, tempDir } from './lib/hub.js';
import { Client, createRoom, sleep } from './lib/client.js';
import { stableView } from '../../web-client/js/state.js';
import { templatesDir } from './lib/templates.js';

const hubs = [];
after(async () => { for (const h of hubs) await h.stop('SIGKILL'); });

async function hubOn(dataDir, extra = {}) {
  const h = await startHub({ dataDir, keepData: true, config: {
    server: { templates_dir: templatesDir() }, ...extra } });
  hubs.push(h);
  return h;
}

async function snapshotOf(hub, client) {
  const probe = new Client(hub, client.token, null);
  const w = await probe.open({ resume: client.resume });
  assert.equal(w.type, 'welcome', JSON.stringify(w));
  probe.ws.close();
  return w;
}

test('a room comes back exactly after SIGTERM and after SIGKILL', async () => {
  const dir = path.join(tempDir(), 'data');
  for (const signal of ['SIGTERM', 'SIGKILL']) {
    let hub = await hubOn(dir);
    const room = await createRoom(hub, { template: 'codev-90' });
    const f = new Client(hub, room.facilitatorToken, 'Anne');
    await f.open();
    const c = new Client(hub, room.participantToken, 'Bruno');
    await c.open();
    await f.do('role.assign', { participant: c.id, role: 'client' });
    await c.do('sheet.update', { title: 'Cas', question: 'Comment ?', context: 'x', tried: 'y', help_wanted: 'z' });
    await f.do('notes.update', { text: 'notes ✓ 李' });
    const last = await c.do('hand.raise');
    await f.untilSeq(last.seq);
    const before = await snapshotOf(hub, f);
    await hub.stop(signal);
    hub = await hubOn(dir);
    f.hub = hub;
    const w = await snapshotOf(hub, f);
    // Restart marks everyone away: two presence events, nothing else.
    assert.equal(w.seq, before.seq + 2, signal);
    const a = stableView(before.room), b = stableView(w.room);
    for (const p of [...a.participants, ...b.participants]) p.connected = false;
    assert.deepEqual(b, a, signal);
    // The facilitator resumes with its last seq and catches up by replay.
    const w2 = await f.reopen(true);
    assert.equal(w2.type, 'welcome');
    assert.equal(w2.room, undefined, 'resumed from the log, no snapshot');
    // After w.seq: the probe returned and left, then the facilitator returned.
    await f.untilSeq(w.seq + 3);
    assert.deepEqual(f.errors, []);
    assert.equal(f.state.participant(f.id).connected, true);
    await hub.stop('SIGTERM');
  }
});

test('retried commands are applied once across a restart', async () => {
  const dir = path.join(tempDir(), 'data');
  let hub = await hubOn(dir);
  const room = await createRoom(hub);
  const f = new Client(hub, room.facilitatorToken, 'Anne');
  await f.open();
  const first = await f.ws.request({ type: 'notes.update', id: 'once-1', text: 'a' });
  assert.equal(first.type, 'ack');
  await hub.stop('SIGKILL');
  hub = await hubOn(dir);
  f.hub = hub;
  await f.reopen(true);
  const again = await f.ws.request({ type: 'notes.update', id: 'once-1', text: 'a' });
  assert.deepEqual(again, first, 'the same ack, from the log');
  const w = await snapshotOf(hub, f);
  assert.equal(w.room.notes, 'a');
});

test('a running timer keeps its deadline across a short restart', async () => {
  const dir = path.join(tempDir(), 'data');
  let hub = await hubOn(dir);
  const room = await createRoom(hub);
  const f = new Client(hub, room.facilitatorToken, 'Anne');
  await f.open();
  const ack = await f.do('timer.start');
  await f.untilSeq(ack.seq);
  const deadline = f.state.room.timer.deadline_ms;
  await hub.stop('SIGKILL');
  hub = await hubOn(dir);
  f.hub = hub;
  const w = await snapshotOf(hub, f);
  assert.equal(w.room.timer.status, 'running');
  assert.ok(Math.abs(w.room.timer.deadline_ms - deadline) < 50,
    `deadline moved by ${w.room.timer.deadline_ms - deadline} ms`);
});

test('a timer whose time ran out during the downtime comes back paused, with the reason', async () => {
  const dir = path.join(tempDir(), 'data');
  let hub = await hubOn(dir);
  const room = await createRoom(hub, { template: 'fast' });
  const f = new Client(hub, room.facilitatorToken, 'Anne');
  await f.open();
  await f.do('timer.start');
  await hub.stop('SIGKILL');
  await sleep(3500); // the 3 s step ends while the hub is down
  hub = await hubOn(dir);
  f.hub = hub;
  const w = await f.reopen(false);
  assert.equal(w.room.timer.status, 'paused');
  assert.ok(w.room.timer.remaining_ms > 0, 'paused with the time left at the stop');
  const log = execFileSync('sqlite3', [path.join(dir, 'codevhub.db'),
    "SELECT data FROM inputs WHERE kind = 4"]).toString();
  assert.match(log, /restart_downtime/);
});

test('deleting a room removes its content from the database file', async () => {
  const dir = path.join(tempDir(), 'data');
  const hub = await hubOn(dir);
  const room = await createRoom(hub);
  const f = new Client(hub, room.facilitatorToken, 'Anne');
  await f.open();
  const secret = 'confidential-marker-7f3a9c';
  await f.do('notes.update', { text: secret });
  await hub.stop('SIGTERM'); // checkpoint: the marker is in the main file
  const db = path.join(dir, 'codevhub.db');
  assert.ok(readFileSync(db).includes(secret), 'stored before deletion');
  const hub2 = await hubOn(dir);
  const res = await fetch(`${hub2.base}/api/rooms/${room.room}`, {
    method: 'DELETE', headers: { Authorization: `Bearer ${hub2.organizerToken}` } });
  assert.equal(res.status, 204);
  const again = await fetch(`${hub2.base}/api/rooms/${room.room}`, {
    method: 'DELETE', headers: { Authorization: `Bearer ${hub2.organizerToken}` } });
  assert.equal(again.status, 404);
  const f2 = new Client(hub2, room.facilitatorToken, 'Anne');
  const r = await f2.open();
  assert.equal(r.code, 'unauthorized', 'links of a deleted room no longer work');
  for (const file of [db, `${db}-wal`]) {
    if (existsSync(file)) assert.ok(!readFileSync(file).includes(secret), `${path.basename(file)} still holds it`);
  }
  const check = execFileSync('sqlite3', [db, 'PRAGMA integrity_check']).toString().trim();
  assert.equal(check, 'ok');
});

// With sync_full = false nothing is synced, but the WAL still has to be
// copied into the database now and then: that checkpoint (its copy and
// its fsync) must run off the loop too. A test build's delay point holds
// the checkpoint 5 s: the notes written meanwhile are acknowledged and the
// database file has not grown; then the copy lands.
test('sync_full = false: checkpoints run beside the loop, not inside a commit', async () => {
  const dir = path.join(tempDir(), 'data');
  const hub = await startHub({ dataDir: dir, keepData: true, config: { store: { sync_full: false } },
    env: { CODEVHUB_DELAY_AT: 'checkpoint:5000' } });
  hubs.push(hub);
  const room = await createRoom(hub);
  const f = new Client(hub, room.facilitatorToken, 'Anne');
  await f.open();
  const db = path.join(dir, 'codevhub.db');
  const big = '\u{1F600}'.repeat(9990); // 40 KB: ~150 notes pass the ~1,000-page mark
  for (let i = 0; i < 150; i++) assert.equal((await f.send('notes.update', { text: `${big}${i}` })).type, 'ack');
  assert.ok(statSync(db).size < 2 << 20, `not copied yet: ${statSync(db).size} bytes`);
  for (let t = 0; statSync(db).size < 4 << 20; t++) {
    assert.ok(t < 200, 'the checkpoint copies the WAL into the database');
    await sleep(100);
  }
  assert.equal((await f.send('notes.update', { text: 'after' })).type, 'ack');
});

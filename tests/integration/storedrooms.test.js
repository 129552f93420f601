// What a room is stored as, and stores written by earlier versions: a
// room's template and settings are strict JSON; a data directory written
// before that (legacy texts, schema 5, inputs without a protocol version)
// restores exactly; an input stored with a protocol version this hub does
// not speak leaves that room out, said once with the room id and the
// version, and its rows untouched.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startHub, tempDir, SOURCE_ROOT } from './lib/hub.js';
import { Client, createRoom } from './lib/client.js';
import { stableView } from '../../web-client/js/state.js';

const hubs = [];
after(async () => { for (const h of hubs) await h.stop('SIGKILL'); });

async function hubOn(dataDir) {
  const h = await startHub({ dataDir, keepData: true });
  hubs.push(h);
  return h;
}

const sql = (dir, q) =>
  execFileSync('sqlite3', [path.join(dir, 'codevhub.db'), q]).toString().trim();

async function snapshotOf(hub, token, resume) {
  const probe = new Client(hub, token, null);
  const w = await probe.open({ resume });
  probe.ws.close();
  return w;
}

// A room with a few inputs; returns its ids, a client and its snapshot.
async function busyRoom(hub, secret) {
  const room = await createRoom(hub, { template: 'codev-90' });
  const f = new Client(hub, room.facilitatorToken, 'Anne');
  await f.open();
  const c = new Client(hub, room.participantToken, 'Bruno');
  await c.open();
  await f.do('role.assign', { participant: c.id, role: 'client' });
  const last = await f.do('notes.update', { text: secret });
  await f.untilSeq(last.seq);
  return { room, f, before: await snapshotOf(hub, room.facilitatorToken, f.resume) };
}

// The texts the previous version wrote (app/roomtext.c).
function legacyTemplate(file) {
  const t = JSON.parse(readFileSync(path.join(SOURCE_ROOT, 'config', 'templates', file)));
  const steps = t.steps.map((s) => `${s.kind}:${s.minutes ? s.minutes * 60 : s.seconds}`);
  return `v1|${t.id}|${steps.join(',')}|${t.name}`;
}
const quote = (s) => s.replaceAll("'", "''");
const LEGACY_DEFAULT_SETTINGS = 'v1 16 200 200 100 0 2 120 30 0 0';

function sameRoom(a, b, what) {
  const x = stableView(a), y = stableView(b);
  for (const p of [...x.participants, ...y.participants]) p.connected = false;
  assert.deepEqual(y, x, what);
}

test('a room is stored as JSON, its inputs with protocol version 1', async () => {
  const dir = path.join(tempDir(), 'data');
  const hub = await hubOn(dir);
  const { room } = await busyRoom(hub, 'json-marker');
  await hub.stop('SIGTERM');
  assert.equal(sql(dir, 'SELECT version FROM schema_version'), '6');
  const t = JSON.parse(sql(dir, `SELECT template FROM rooms WHERE id = '${room.room}'`));
  const c = JSON.parse(sql(dir, `SELECT config FROM rooms WHERE id = '${room.room}'`));
  const want = JSON.parse(readFileSync(path.join(SOURCE_ROOT, 'config', 'templates', 'codev-90.json')));
  assert.deepEqual(t, { v: 1, id: want.id, name: want.name,
    steps: want.steps.map((s) => ({ kind: s.kind, seconds: s.minutes ? s.minutes * 60 : s.seconds })) });
  assert.deepEqual(c, { v: 1, max_participants: 16, max_questions: 200, max_suggestions: 200,
    max_learnings: 100, warn_marks_s: [120, 30], pause_when_client_away: false, rules: 2 });
  assert.equal(sql(dir, 'SELECT DISTINCT proto FROM inputs'), '1');
});

test('a store written by the previous version restores exactly', async () => {
  const dir = path.join(tempDir(), 'data');
  let hub = await hubOn(dir);
  const { room, f, before } = await busyRoom(hub, 'legacy-marker');
  await hub.stop('SIGTERM');
  // Back to what the previous version left: schema 5, no proto column,
  // the legacy texts.
  sql(dir, 'ALTER TABLE inputs DROP COLUMN proto; UPDATE schema_version SET version = 5;' +
    `UPDATE rooms SET template = '${quote(legacyTemplate('codev-90.json'))}', ` +
    `config = '${LEGACY_DEFAULT_SETTINGS}' WHERE id = '${room.room}';`);
  assert.match(sql(dir, 'SELECT template FROM rooms'), /^v1\|codev-90\|presentation:/);
  hub = await hubOn(dir);
  const w = await snapshotOf(hub, room.facilitatorToken, f.resume);
  assert.equal(w.type, 'welcome', JSON.stringify(w));
  assert.equal(w.seq, before.seq + 2, 'restart marks both away, nothing else');
  sameRoom(before.room, w.room, 'the same room');
  assert.doesNotMatch(hub.stderr(), /restore_failed|replay_diverged/);
  await hub.stop('SIGTERM');
  assert.equal(sql(dir, 'SELECT version FROM schema_version'), '6');
  assert.equal(sql(dir, 'SELECT DISTINCT proto FROM inputs'), '1', 'old rows are version 1');
  assert.match(sql(dir, 'SELECT template FROM rooms'), /^v1\|/, 'the row is read, not rewritten');
});

test('an input of an unknown protocol version: that room is not restored, and the log says why', async () => {
  const dir = path.join(tempDir(), 'data');
  let hub = await hubOn(dir);
  const secret = 'version-marker-5e1d';
  const a = await busyRoom(hub, secret);
  const b = await busyRoom(hub, 'other-room');
  await hub.stop('SIGTERM');
  const n = sql(dir, `SELECT max(n) FROM inputs WHERE room = '${a.room.room}'`);
  sql(dir, `UPDATE inputs SET proto = 2 WHERE room = '${a.room.room}' AND n = ${n}`);
  hub = await hubOn(dir);
  const m = await hub.waitForLog(/restore_failed room=(\w+) reason=input_version input=(\d+) version=(\d+)[^\n]*/);
  assert.deepEqual(m.slice(1, 4), [a.room.room, n, '2']);
  await hub.waitForLog(/restored rooms=1 diverged=1/);
  assert.ok(!hub.stderr().includes(secret), 'the log never quotes content');
  const r = await new Client(hub, a.room.facilitatorToken, 'Anne').open();
  assert.equal(r.code, 'unauthorized', 'the room is not served');
  const w = await snapshotOf(hub, b.room.facilitatorToken, b.f.resume);
  assert.equal(w.type, 'welcome', 'the other room is');
  sameRoom(b.before.room, w.room, 'the other room, exactly');
  await hub.stop('SIGTERM');
  assert.equal(sql(dir, `SELECT proto FROM inputs WHERE room = '${a.room.room}' AND n = ${n}`), '2',
    'the rows stay for a hub that speaks that version');
  assert.equal(sql(dir, `SELECT count(*) FROM rooms WHERE id = '${a.room.room}'`), '1');
});

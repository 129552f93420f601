// Crash test: scripted participants keep sending commands while the hub is
// killed with SIGKILL at random moments and restarted on the same data.
// A command that got no answer is retried with the same id after the
// restart. Checks: no acknowledged command lost, none applied twice, the
// database passes integrity_check, no replay divergence, and every
// client's state (built from events) equals the restored room.
// CRASH_KILLS (default 10) sets the number of kills; scripts/soak runs 100.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startHub, tempDir } from './lib/hub.js';
import { Client, createRoom, sleep } from './lib/client.js';
import { stableView } from '../../web-client/js/state.js';

const KILLS = Number(process.env.CRASH_KILLS || 10);
const ROOMS = 2;
const PER_ROOM = 4;
const stderrs = [];
let hub;
after(async () => { if (hub) await hub.stop('SIGKILL'); });

// One participant's loop: learning.add with unique texts, one at a time.
class Worker {
  constructor(client) {
    this.c = client;
    this.n = 0;
    this.acked = new Set();
    this.sent = new Set();
    this.pending = null; // { id, text } awaiting an answer
  }

  async step() {
    if (!this.pending) {
      this.n++;
      this.pending = { id: `${this.c.name}-${this.n}`, text: `L ${this.c.name} ${this.n}` };
    }
    const { id, text } = this.pending;
    this.sent.add(text);
    this.c.ws.send(JSON.stringify({ type: 'learning.add', id, text }));
    const reply = await Promise.race([
      this.c.ws.next((m) => m.re === id, 4000).catch(() => null),
      this.c.ws.closed.then(() => null),
    ]);
    if (!reply) return false; // the hub died: retry the same id later
    assert.equal(reply.type, 'ack', `${id}: ${reply.code} ${reply.message}`);
    this.acked.add(text);
    this.pending = null;
    return true;
  }

  async run(until) {
    while (Date.now() < until && this.c.ws.readyState === 1) {
      if (!(await this.step())) return;
      await sleep(10 + Math.random() * 30); // people type; keep rooms small
    }
  }
}

async function reconnectAll(workers, h) {
  for (const w of workers) {
    w.c.hub = h;
    for (let attempt = 0; ; attempt++) {
      const r = await w.c.reopen(true).catch((e) => ({ type: 'error', message: String(e) }));
      if (r.type === 'welcome') break;
      assert.ok(attempt < 5, `${w.c.name} cannot resume: ${JSON.stringify(r)}`);
      await sleep(100);
    }
  }
}

test(`${KILLS} SIGKILLs while workshops run: nothing acknowledged is lost or doubled`, async () => {
  const dir = path.join(tempDir(), 'data');
  const start = () => startHub({ dataDir: dir, keepData: true,
    config: { limits: { max_participants: 8, max_learnings: 10000 } } });
  hub = await start();
  const workers = [];
  const rooms = [];
  for (let r = 0; r < ROOMS; r++) {
    const room = await createRoom(hub);
    rooms.push(room);
    const f = new Client(hub, room.facilitatorToken, `F${r}`);
    await f.open();
    await f.do('step.goto', { step: 5, confirm: true });
    for (let i = 0; i < PER_ROOM; i++) {
      const c = new Client(hub, room.participantToken, `P${r}x${i}`);
      await c.open();
      workers.push(new Worker(c));
    }
    workers.push(new Worker(f));
  }
  for (let k = 0; k < KILLS; k++) {
    const runFor = 150 + Math.floor(Math.random() * 450);
    const until = Date.now() + 5000;
    const running = workers.map((w) => w.run(until));
    await sleep(runFor);
    hub.child.kill('SIGKILL');
    await hub.exited;
    stderrs.push(hub.stderr());
    await Promise.all(running);
    hub = await start();
    await reconnectAll(workers, hub);
  }
  // Let every unanswered command through, then stop cleanly.
  for (const w of workers) while (w.pending) assert.ok(await w.step(), 'retry after the last restart');
  const truth = {};
  for (const w of workers) {
    const probe = new Client(hub, w.c.token, null);
    const wel = await probe.open({ resume: w.c.resume });
    truth[w.c.token] ??= wel;
    probe.ws.close();
    await probe.ws.closed;
  }
  await hub.stop('SIGTERM');
  stderrs.push(hub.stderr());
  hub = null;

  let acked = 0;
  for (const w of workers) {
    const room = truth[w.c.token].room;
    const texts = room.learnings.map((l) => l.text);
    for (const t of w.acked) {
      assert.equal(texts.filter((x) => x === t).length, 1, `acknowledged "${t}" present exactly once`);
      acked++;
    }
    for (const t of w.sent) assert.ok(texts.filter((x) => x === t).length <= 1, `"${t}" at most once`);
    assert.deepEqual(w.c.errors, [], w.c.name);
  }
  for (const room of rooms) {
    const wel = truth[room.facilitatorToken];
    const members = workers.filter((w) => w.c.token === room.participantToken || w.c.token === room.facilitatorToken);
    const want = stableView(wel.room);
    for (const p of want.participants) p.connected = false;
    for (const w of members) {
      await w.c.untilSeq(Math.min(wel.seq, w.c.state.seq));
      const got = stableView(w.c.state.room);
      for (const p of got.participants) p.connected = false;
      if (w.c.state.seq === wel.seq) assert.deepEqual(got, want, w.c.name);
      else assert.deepEqual(got.learnings, want.learnings.slice(0, got.learnings.length), w.c.name);
    }
  }
  const check = execFileSync('sqlite3', [path.join(dir, 'codevhub.db'), 'PRAGMA integrity_check']).toString().trim();
  assert.equal(check, 'ok');
  for (const s of stderrs) assert.doesNotMatch(s, /replay_diverged|restore_failed|ERROR: AddressSanitizer|runtime error/);
  console.log(`# kills ${KILLS}, acknowledged commands ${acked}, lost 0, doubled 0`);
  assert.ok(acked > KILLS * 2, `acknowledged ${acked}`);
});

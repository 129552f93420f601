// Organizer console latency: a session of 40 people in 5 rooms of 8 (all
// connected by their personal links), one console.watch; the 5
// facilitators send commands concurrently, each waiting for the console
// to show its change before the next. Measures facilitator send →
// console.room carrying the change, over every command. Client and hub
// share the machine and Node's ws client adds its own cost: an upper
// bound for a quick look.
// usage: CODEVHUB_BIN=build-release/src/codevhub node tests/bench/console-latency.mjs [rounds per room]
import { performance } from 'node:perf_hooks';
import { startHub } from '../integration/lib/hub.js';
import { apiOk, cohort40, Console, member, join, pct } from '../integration/lib/session.js';

const ROUNDS = Number(process.argv[2] || process.env.ROUNDS || 100); // × 6 commands × 5 rooms
const hub = await startHub();
try {
  const c = cohort40();
  const draft = await apiOk(hub, 'POST', '/api/sessions', { name: 'bench', people: c.people, apart: c.apart,
    together: c.together }, 201);
  const doc = await apiOk(hub, 'POST', `/api/sessions/${draft.id}/start`, undefined, 200);
  const { links } = await apiOk(hub, 'GET', `/api/sessions/${doc.id}/links`, undefined, 200);
  const con = new Console(hub);
  const snap = await con.watch(doc.id);
  if (snap.type !== 'console.snapshot') throw new Error(`console.watch: ${JSON.stringify(snap)}`);
  const members = new Map();
  await Promise.all(links.map(async (l) => { const m = member(hub, l.link); members.set(l.person, m); await join(m); }));

  // Each command and the console state that shows it.
  const cycle = [
    ['timer.start', {}, (m, s) => m.step === s && m.timer.status === 'running'],
    ['timer.pause', {}, (m, s) => m.step === s && m.timer.status === 'paused'],
    ['timer.resume', {}, (m, s) => m.step === s && m.timer.status === 'running'],
    ['timer.reset', {}, (m, s) => m.step === s && m.timer.status === 'idle'],
    ['step.next', { confirm: true }, (m, s) => m.step === s + 1],
    ['step.prev', {}, (m, s) => m.step === s],
  ];
  const lat = [];
  const acks = []; // send → the facilitator's ack, for comparison
  const perRoom = [];
  const t00 = performance.now();
  await Promise.all(doc.groups.map(async (g) => {
    const f = members.get(g.facilitator);
    const mine = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const [type, fields, shows] of cycle) {
        const mark = con.mark();
        const t0 = performance.now();
        const ack = f.send(type, fields).then((a) => { acks.push(performance.now() - t0); return a; });
        const seen = await con.room(g.id, (m) => shows(m, 0), { from: mark, timeoutMs: 10000 });
        mine.push(seen.t - t0);
        const a = await ack;
        if (a.type !== 'ack') throw new Error(`${type}: ${JSON.stringify(a)}`);
      }
    }
    lat.push(...mine);
    mine.sort((a, b) => a - b);
    perRoom.push(`group ${g.id} p50 ${pct(mine, 0.5).toFixed(2)} p99 ${pct(mine, 0.99).toFixed(2)}`);
  }));
  const secs = (performance.now() - t00) / 1000;
  lat.sort((a, b) => a - b);
  acks.sort((a, b) => a - b);
  const updates = con.log.filter((e) => e.msg.type === 'console.room').length;
  console.log(`console latency (facilitator send → console.room), ${lat.length} commands in 5 rooms of 8, ` +
    `${(lat.length / secs).toFixed(0)} commands/s: p50 ${pct(lat, 0.5).toFixed(2)} ms, p99 ${pct(lat, 0.99).toFixed(2)} ms, ` +
    `max ${lat.at(-1).toFixed(2)} ms; ${updates} console.room updates`);
  console.log(`for comparison, send → ack at the facilitator: p50 ${pct(acks, 0.5).toFixed(2)} ms, p99 ${pct(acks, 0.99).toFixed(2)} ms`);
  for (const line of perRoom.sort()) console.log(`  ${line}`);
  for (const m of members.values()) m.ws.close();
  con.ws.close();
} finally {
  await hub.stop();
}

// Join time (connect → welcome) and fan-out latency (send → event at all
// 8 members) for one room of 8 on loopback. Node's ws client adds its own
// cost (PERF-NOTES): an upper bound for a quick look, not a benchmark.
// usage: CODEVHUB_BIN=build-release/src/codevhub node tests/bench/room-latency.mjs
import { startHub } from '../integration/lib/hub.js';
import { Client, createRoom, sleep } from '../integration/lib/client.js';

const ROUNDS = 300;
const pct = (a, p) => a[Math.min(a.length - 1, Math.floor(a.length * p))];
const hub = await startHub();
const joins = [];
const fanout = [];
for (let rep = 0; rep < 5; rep++) {
  const room = await createRoom(hub);
  const clients = [];
  for (let i = 0; i < 8; i++) {
    const c = new Client(hub, i ? room.participantToken : room.facilitatorToken, `P${i}`);
    const t = process.hrtime.bigint();
    await c.open();
    joins.push(Number(process.hrtime.bigint() - t) / 1e6);
    clients.push(c);
  }
  for (let r = 0; r < ROUNDS / 5; r++) {
    const text = `t${rep}.${r}`;
    const got = clients.map((c) => c.ws.next((m) => m.type === 'notes.updated' && m.notes === text));
    const t = process.hrtime.bigint();
    clients[0].ws.send(JSON.stringify({ type: 'notes.update', id: text, text }));
    await Promise.all(got.map((p) => p.then(() => {
      fanout.push(Number(process.hrtime.bigint() - t) / 1e6);
    })));
    await sleep(2);
  }
  for (const c of clients) c.ws.close();
}
joins.sort((a, b) => a - b);
fanout.sort((a, b) => a - b);
console.log(`join (connect → welcome), ${joins.length} joins: p50 ${pct(joins, 0.5).toFixed(2)} ms, p99 ${pct(joins, 0.99).toFixed(2)} ms`);
console.log(`fan-out (send → each of 8 members), ${fanout.length} deliveries: p50 ${pct(fanout, 0.5).toFixed(2)} ms, p99 ${pct(fanout, 0.99).toFixed(2)} ms`);
await hub.stop();

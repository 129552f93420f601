// Operations: /metrics is Prometheus text that moves with traffic and is
// only for allowed addresses or the metrics token; JSON logs parse line
// by line and carry ids and codes, never room content or tokens.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHub } from './lib/hub.js';
import { Client, createRoom } from './lib/client.js';

const hubs = [];
after(async () => { for (const h of hubs) await h.stop(); });

// Minimal exposition parser: metric lines "name{labels} value", comments.
function parse(text) {
  const samples = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) {
      if (line) assert.match(line, /^# (HELP|TYPE) [a-z_]+ /, line);
      continue;
    }
    const m = line.match(/^([a-z_]+)(\{[a-z_]+="[^"]*"\})? (-?[0-9.e+]+|\+Inf|NaN)$/);
    assert.ok(m, `not a sample line: ${line}`);
    samples.set(m[1] + (m[2] || ''), Number(m[3]));
  }
  return samples;
}

const scrape = async (hub, headers = {}) => {
  const res = await fetch(`${hub.base}/metrics`, { headers });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
};

test('/metrics parses as Prometheus text and moves when traffic flows', async () => {
  const hub = await startHub();
  hubs.push(hub);
  const before = await scrape(hub);
  assert.equal(before.status, 200);
  assert.match(before.type, /^text\/plain/);
  const a = parse(before.text);
  for (const name of ['codevhub_connections', 'codevhub_messages_in_total', 'codevhub_messages_out_total',
    'codevhub_commit_seconds_count', 'codevhub_fanout_seconds_count', 'codevhub_timers_running',
    'codevhub_store_bytes', 'codevhub_send_queue_drops_total', 'codevhub_rooms{step="presentation"}',
    'codevhub_errors_total{code="forbidden"}', 'codevhub_sessions', 'codevhub_consoles'])
    assert.ok(a.has(name), name);
  const room = await createRoom(hub);
  const f = new Client(hub, room.facilitatorToken, 'Anne');
  await f.open();
  const c = new Client(hub, room.participantToken, 'Bruno');
  await c.open();
  await f.do('timer.start');
  await c.send('timer.pause'); // forbidden
  await f.do('step.next');
  const b = parse((await scrape(hub)).text);
  assert.equal(b.get('codevhub_connections'), 2);
  // Two hellos and three commands: each message counted once.
  assert.equal(b.get('codevhub_messages_in_total'), a.get('codevhub_messages_in_total') + 5);
  assert.ok(b.get('codevhub_messages_out_total') > a.get('codevhub_messages_out_total'));
  assert.equal(b.get('codevhub_errors_total{code="forbidden"}'), 1);
  assert.ok(b.get('codevhub_commit_seconds_count') > a.get('codevhub_commit_seconds_count'));
  assert.equal(b.get('codevhub_rooms{step="questions"}'), 1);
  assert.ok(b.get('codevhub_store_bytes') > 0);
  assert.equal(b.get('codevhub_participants_connected'), 2);
});

test('/metrics is refused to other addresses, unless the metrics token is given', async () => {
  const hub = await startHub({ config: { metrics: { metrics_allow: '192.0.2.1', metrics_token: 'scrape-secret-1' } } });
  hubs.push(hub);
  assert.equal((await scrape(hub)).status, 403);
  assert.equal((await scrape(hub, { Authorization: 'Bearer wrong' })).status, 403);
  assert.equal((await scrape(hub, { Authorization: 'Bearer scrape-secret-1' })).status, 200);
});

test('JSON logs: every line parses, with ids and codes and no room content', async () => {
  const hub = await startHub({ config: { log: { log_format: 'json' } } });
  hubs.push(hub);
  const room = await createRoom(hub);
  const secret = 'sentinel-9f2c in a note';
  const f = new Client(hub, room.facilitatorToken, 'Sentinel Name 77');
  await f.open();
  await f.do('notes.update', { text: secret });
  await f.send('bogus.type');
  await hub.stop();
  hubs.splice(hubs.indexOf(hub), 1);
  const lines = hub.stderr().trim().split('\n');
  assert.ok(lines.length >= 4);
  const events = lines.map((l) => JSON.parse(l));
  for (const e of events) {
    assert.ok(e.ts && e.level && e.event, JSON.stringify(e));
    assert.match(e.ts, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
  const hello = events.find((e) => e.event === 'hello');
  assert.equal(hello.room, room.room);
  assert.equal(hello.pid, '1');
  const text = hub.stderr();
  for (const s of [secret, 'Sentinel Name 77', room.facilitatorToken, hub.organizerToken]) {
    assert.ok(!text.includes(s), `logs never contain ${s.slice(0, 12)}…`);
  }
});

// The admin commands (codevhub [--config FILE] COMMAND ...) against a
// temporary data directory: org create/list, session create from a CSV
// cohort, the personal links (the very text the hub hands out, and they
// join through it), the export of a room rebuilt from the store, and the
// exit codes: 0 done, 1 failure said on stderr, 2 bad usage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { runHub, startHub, tempDir, writeConfig, SOURCE_ROOT } from './lib/hub.js';
import { Client, createRoom } from './lib/client.js';

// The hub and the CLI share one config: the links they print start with
// the same base (here http://127.0.0.1:PORT; public_url when set).
let PORT, PUBLIC;
const NAMES = ['Anne', 'Bruno', 'Chloé', 'Dmitri', 'Émilie', 'Fatou', '李娜', 'Hélène', 'Ibrahim',
  'Jeanne', 'Kévin', 'Léa', 'Mathis', 'Noémie', 'Olivier', 'Pauline', 'Quentin', 'Rose',
  'Sébastien', 'Thi Mai', 'Ulrich', 'Valérie', 'William', 'Xavier', 'Yasmine', 'Zoé',
  'Amadou', 'Béatrice', 'Cédric', 'Delphine', 'Étienne', 'Florence', 'Gaël', 'Hugo',
  'Inès', 'José', 'Karima', 'Louis', 'Maëlle', 'Nathan'];

let dir, data, cfgFile, hub;
const sanitizerErrors = /ERROR: (Address|Undefined|Leak)Sanitizer|runtime error/;

// A free loopback port, for the hub the CLI's links point to.
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

before(async () => {
  dir = tempDir('codevhub-cli-');
  data = path.join(dir, 'data');
  PORT = await freePort();
  PUBLIC = `http://127.0.0.1:${PORT}`;
  cfgFile = writeConfig(dir, {
    server: { bind: '127.0.0.1', port: PORT,
      templates_dir: path.join(SOURCE_ROOT, 'config', 'templates') },
    store: { data_dir: data },
  });
});
after(async () => {
  if (hub) await hub.stop();
  rmSync(dir, { recursive: true, force: true });
});

// One admin command on the test's data directory.
async function cli(...args) {
  const r = await runHub(['--config', cfgFile, ...args], { timeoutMs: 30000 });
  assert.doesNotMatch(r.stderr, sanitizerErrors, `${args.join(' ')}:\n${r.stderr}`);
  return r;
}

function csvFile(name, text) {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

// 40 people; every fifth can facilitate; the first two are pre-chosen
// facilitators; a name holding the separator is quoted.
function cohortCsv(sep) {
  const rows = NAMES.map((n, i) => {
    const id = i + 1;
    const name = id === 20 ? `"Thi${sep} Mai"` : n;
    return [name, id % 2 ? '' : `p${id}@example.org`, id % 3 ? 'oui' : 'non',
      id % 5 === 0 || id <= 2 ? 'yes' : 'no', id <= 2 ? '1' : ''].join(sep);
  });
  return [['name', 'email', 'wants_client', 'can_facilitate', 'facilitator'].join(sep), ...rows].join('\n') + '\n';
}
const nameOf = (i, sep) => (i === 19 ? `Thi${sep} Mai` : NAMES[i]);

// "session N created ..." then one line per group: number, names.
function parseCreated(stdout) {
  const lines = stdout.trimEnd().split('\n');
  const m = lines[0].match(/^session (\d+) created \(draft, organization (\d+)\): (\d+) people in (\d+) groups$/);
  assert.ok(m, `first line: ${lines[0]}`);
  const groups = lines.slice(1).map((l) => l.split('\t'));
  return { id: Number(m[1]), org: Number(m[2]), people: Number(m[3]), n_groups: Number(m[4]), groups };
}

const api = async (method, p, token, body) => {
  const res = await fetch(`http://127.0.0.1:${hub.port}${p}`, {
    method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, text };
};

const startOnData = async () => {
  const h = await startHub({ dataDir: data, config: { server: { port: PORT } } });
  assert.equal(h.base, PUBLIC);
  return h;
};

let org2Token, sessionComma, sessionSemi, sessionOrg2, sessionRoom;

test('bad usage exits 2 with the usage on stderr', async () => {
  const cases = [
    ['org'], ['org', 'delete'], ['org', 'create'], ['org', 'list', 'extra'],
    ['session'], ['session', 'delete'], ['session', 'create'],
    ['session', 'create', '--cohort', 'x.csv'],
    ['session', 'create', '--org', 'one', '--cohort', 'x.csv'],
    ['session', 'create', '--org', '1'],
    ['session', 'create', '--org', '1', '--cohort', 'x.csv', '--workshops', '9'],
    ['session', 'create', '--org', '1', '--cohort', 'x.csv', '--bogus'],
    ['session', 'create', '--org', '1', '--cohort', 'x.csv', '--org', '2'],
    ['session', 'create', '--org', '1', '--cohort', 'x.csv', '--name'],
    ['session', 'create', '--org', '1', '--cohort', 'x.csv', '--name', '  '],
    ['session', 'create', '--org', '1', '--cohort', 'x.csv', '--rotate-facilitator=yes'],
    ['session', 'create', '--org', '1', '--cohort', 'x.csv', '--data', data],
    ['links'], ['links', 'abc'], ['links', '1', '2'], ['links', '1', '--org'], ['links', '1', '--org', '0'],
    ['export'], ['export', 'a', 'b'],
  ];
  for (const args of cases) {
    const r = await cli(...args);
    assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}\n${r.stderr}`);
    assert.match(r.stderr, /^codevhub: .+\nusage: codevhub \[--config FILE\] \[--data DIR\] /, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
  // The reason names the argument.
  assert.match((await cli('session', 'create', '--org', '1')).stderr, /--cohort FILE\.csv is required/);
  assert.match((await cli('session', 'create', '--org', '1', '--cohort', 'x', '--workshops', '0')).stderr,
    /--workshops: 1 to 8/);
  assert.match((await cli('session', 'create', '--org', '1', '--cohort', 'x', '--bogus')).stderr,
    /unknown option --bogus/);
  assert.match((await cli('org', 'create', '--data', data)).stderr, /--data: the options of codevhub itself go before/);
  // Options of codevhub itself still work before the command, and the
  // help names every command.
  const help = await runHub(['--help']);
  for (const c of ['org create', 'org list', 'session create', 'links SESSION', 'export ROOM']) {
    assert.ok(help.stdout.includes(c), c);
  }
});

test('org create and org list', async () => {
  const r = await cli('org', 'create', 'Atelier Nord');
  assert.equal(r.code, 0, r.stderr);
  const m = r.stdout.match(/^organization (\d+) created\norganizer link: (\S+)\/#(\S+)\norganizer token: (\S+)\n$/);
  assert.ok(m, r.stdout);
  assert.equal(m[1], '2');
  assert.equal(m[2], PUBLIC);
  assert.equal(m[3], m[4]);
  org2Token = m[4];
  const list = await cli('org', 'list');
  assert.equal(list.code, 0);
  const rows = list.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
  assert.deepEqual(rows.map((x) => x.slice(0, 2)), [['1', 'default'], ['2', 'Atelier Nord']]);
  assert.match(rows[1][2], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  // `--` ends the options: a name may start with dashes.
  const dashed = await cli('org', 'create', '--', '--Sud--');
  assert.equal(dashed.code, 0, dashed.stderr);
  assert.match((await cli('org', 'list')).stdout, /^3\t--Sud--\t/m);
});

test('session create from a comma CSV: 40 people in 5 groups, printed', async () => {
  const file = csvFile('cohorte-a.csv', cohortCsv(','));
  const r = await cli('session', 'create', '--org', '1', '--cohort', file, '--workshops', '3');
  assert.equal(r.code, 0, r.stderr);
  const s = parseCreated(r.stdout);
  assert.equal(s.id, 1);
  assert.equal(s.org, 1);
  assert.equal(s.people, 40);
  assert.equal(s.n_groups, 5);
  assert.equal(s.groups.length, 5);
  assert.deepEqual(s.groups.map((g) => g[0]), ['1', '2', '3', '4', '5']);
  for (const g of s.groups) assert.equal(g.length - 1, 8, `group ${g[0]}: ${g.slice(1)}`);
  const everyone = s.groups.flatMap((g) => g.slice(1)).sort();
  assert.deepEqual(everyone, NAMES.map((_, i) => nameOf(i, ',')).sort(), 'everyone once');
  // The two pre-chosen facilitators lead different groups.
  const groupOf = (name) => s.groups.find((g) => g.includes(name))[0];
  assert.notEqual(groupOf('Anne'), groupOf('Bruno'));
  sessionComma = s;
});

test('session create from a semicolon CSV, with a name, a template and rotation', async () => {
  const file = csvFile('cohorte-b.csv', cohortCsv(';'));
  const r = await cli('session', 'create', '--cohort', file, '--org', '1', '--name', 'Cohorte B',
    '--template', 'codev-60', '--workshops=2', '--rotate-facilitator');
  assert.equal(r.code, 0, r.stderr);
  const s = parseCreated(r.stdout);
  assert.equal(s.id, 2, 'the next id');
  assert.equal(s.n_groups, 5);
  assert.ok(s.groups.flat().includes('Thi; Mai'), 'the quoted field keeps its separator');
  sessionSemi = s;
  // In the other organization.
  const o2 = await cli('session', 'create', '--org', '2', '--cohort', csvFile('petit.csv',
    'name,can_facilitate\n' + NAMES.slice(0, 12).map((n, i) => `${n},${i % 4 ? 'no' : 'yes'}`).join('\n') + '\n'));
  assert.equal(o2.code, 0, o2.stderr);
  sessionOrg2 = parseCreated(o2.stdout);
  assert.equal(sessionOrg2.org, 2);
  assert.equal(sessionOrg2.n_groups, 2);
});

test('an invalid or unsplittable cohort, an unknown organization or template: exit 1, saying why', async () => {
  const bad = async (args, re) => {
    const r = await cli('session', 'create', ...args);
    assert.equal(r.code, 1, `${args.join(' ')} → ${r.code}\n${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(r.stdout, '');
  };
  const ok = csvFile('ok.csv', cohortCsv(','));
  // The CSV error names the line (and the column).
  await bad(['--org', '1', '--cohort', csvFile('bad-bool.csv',
    'name,wants_client\nAnne,yes\nBruno,no\nChloé,peut-être\n')], /bad-bool\.csv: line 4, column wants_client: not yes or no/);
  await bad(['--org', '1', '--cohort', csvFile('no-name.csv', 'email\na@x.org\n')],
    /no-name\.csv: line 1: the header has no name column/);
  await bad(['--org', '1', '--cohort', csvFile('empty.csv', 'name\n')], /no people after the header/);
  await bad(['--org', '1', '--cohort', path.join(dir, 'missing.csv')], /missing\.csv: No such file or directory/);
  // Cohorts that cannot be split: the core's message.
  await bad(['--org', '1', '--cohort', csvFile('nine.csv',
    'name,can_facilitate\n' + NAMES.slice(0, 9).map((n) => `${n},yes`).join('\n') + '\n')],
  /the cohort cannot be split: 9 people cannot form balanced groups of 5 to 8/);
  await bad(['--org', '1', '--cohort', csvFile('nobody.csv', 'name\n' + NAMES.slice(0, 16).join('\n') + '\n')],
    /the cohort cannot be split: too few people who can facilitate: 0 .*for 2 groups/);
  // More pre-chosen facilitators than groups.
  await bad(['--org', '1', '--cohort', csvFile('chiefs.csv',
    'name;facilitator\n' + NAMES.slice(0, 10).map((n) => `${n};oui`).join('\n') + '\n')],
  /the cohort cannot be split: 10 pre-chosen facilitators for 2 groups/);
  await bad(['--org', '42', '--cohort', ok], /no organization 42/);
  await bad(['--org', '1', '--cohort', ok, '--template', 'nope'], /no template "nope" in .*config\/templates/);
  // Nothing of that was stored: the next session still gets id 4.
  const r = await cli('links', '4');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no session 4/);
});

test('links: one line per person, signed as the hub signs them; the hub serves the same links', async () => {
  const r = await cli('links', String(sessionComma.id));
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
  assert.equal(rows.length, 40);
  rows.forEach((row, i) => {
    assert.equal(row.length, 4);
    assert.equal(row[0], String(i + 1));
    assert.equal(row[1], nameOf(i, ','));
    assert.equal(sessionComma.groups[Number(row[2]) - 1].includes(row[1]), true, `${row[1]} in group ${row[2]}`);
    assert.match(row[3], new RegExp(`^${PUBLIC}/j#[A-Za-z0-9_-]+$`));
  });
  assert.equal(new Set(rows.map((x) => x[3])).size, 40, 'one link each');
  assert.equal((await cli('links', String(sessionComma.id))).stdout, r.stdout, 'the same text every time');
  // --org: another organization's session is not found.
  assert.equal((await cli('links', String(sessionComma.id), '--org', '1')).stdout, r.stdout);
  const other = await cli('links', '--org', '2', String(sessionComma.id));
  assert.equal(other.code, 1);
  assert.match(other.stderr, /no session 1 in organization 2/);

  // The hub, started on this data directory, hands out the very same links.
  hub = await startOnData();
  const res = await api('GET', `/api/sessions/${sessionComma.id}/links`, hub.organizerToken);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json.links.map((l) => [String(l.person), l.name, String(l.group), l.link]), rows);
  const o2 = await cli('links', String(sessionOrg2.id), '--org', '2');
  assert.equal(o2.code, 0, o2.stderr);
  const res2 = await api('GET', `/api/sessions/${sessionOrg2.id}/links`, org2Token);
  assert.equal(res2.status, 200, res2.text);
  assert.deepEqual(res2.json.links.map((l) => l.link), o2.stdout.trimEnd().split('\n').map((l) => l.split('\t')[3]));
  assert.equal((await api('GET', `/api/sessions/${sessionOrg2.id}/links`, hub.organizerToken)).status, 404);
});

test('a session made while the hub runs is picked up at the next organizer call', async () => {
  const r = await cli('session', 'create', '--org', '1', '--cohort', path.join(dir, 'cohorte-a.csv'),
    '--name', 'Pendant que le hub tourne');
  assert.equal(r.code, 0, r.stderr);
  const s = parseCreated(r.stdout);
  const list = await api('GET', '/api/sessions', hub.organizerToken);
  const item = list.json.sessions.find((x) => x.id === s.id);
  assert.deepEqual(item, { id: s.id, name: 'Pendant que le hub tourne', state: 'draft', template: 'codev-90',
    meeting: 1, people: 40, groups: 5 });
  // And the hub's own next session takes the id after it.
  const made = await api('POST', '/api/sessions', hub.organizerToken,
    { name: 'Par l\'API', csv: 'name,can_facilitate\n' + NAMES.slice(0, 6).map((n) => `${n},yes`).join('\n') + '\n' });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.id, s.id + 1);
});

test('a personal link from the CLI joins its room through the hub once the session starts', async () => {
  const rows = (await cli('links', String(sessionSemi.id))).stdout.trimEnd().split('\n').map((l) => l.split('\t'));
  const [person, name, group, link] = rows[6]; // 李娜
  const token = link.split('#')[1];
  const early = await new Client(hub, token, 'Pas mon nom').open();
  assert.equal(early.type, 'error', 'not before the start');
  assert.equal(early.code, 'not_found');
  const started = await api('POST', `/api/sessions/${sessionSemi.id}/start`, hub.organizerToken);
  assert.equal(started.status, 200, started.text);
  const c = new Client(hub, token, 'Pas mon nom');
  const w = await c.open();
  assert.equal(w.type, 'welcome', JSON.stringify(w));
  assert.deepEqual(w.session, { id: sessionSemi.id, group: Number(group), workshop: 1, workshops: 2, meeting: 1 });
  assert.equal(w.room.id, started.json.groups[Number(group) - 1].room);
  assert.equal(w.room.participants.find((p) => p.id === w.you.participant).name, name, 'named from the session');
  assert.equal(person, '7');
  sessionRoom = { id: w.room.id, name };
  await c.close();
});

test('export: the room rebuilt from the store, as JSON on stdout', async () => {
  const base = `http://127.0.0.1:${hub.port}`;
  const room = await createRoom(hub, {}, { base });
  const f = new Client(hub, room.facilitatorToken, 'Anne');
  const a = new Client(hub, room.participantToken, 'Bruno');
  const b = new Client(hub, room.participantToken, 'Chloé');
  for (const c of [f, a, b]) assert.equal((await c.open()).type, 'welcome');
  await f.do('role.assign', { participant: a.id, role: 'client' });
  await f.do('role.assign', { participant: b.id, role: 'scribe' });
  const sheet = { title: 'Équipe en tension', question: 'Comment rétablir la confiance ?',
    context: 'Deux équipes fusionnées', tried: 'Réunions', help_wanted: 'Des idées' };
  await a.do('sheet.update', sheet);
  const last = await f.do('step.next');
  await f.untilSeq(last.seq);
  const live = structuredClone(f.state.room);
  assert.equal(live.step, 1);

  // While the hub runs: the export reads a copy, the hub goes on.
  const during = await cli('export', room.room);
  assert.equal(during.code, 0, during.stderr);
  assert.equal(JSON.parse(during.stdout).step, 1);
  await b.do('notes.update', { text: 'Notes de séance' });

  for (const c of [f, a, b]) await c.close();
  assert.doesNotMatch(hub.stderr(), sanitizerErrors);
  await hub.stop();
  hub = null;
  const r = await cli('export', room.room);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.endsWith('}\n'));
  assert.equal(r.stderr, '', 'room content never in the logs (and no restore chatter)');
  const exported = JSON.parse(r.stdout);
  assert.equal(exported.id, room.room);
  assert.equal(exported.step, 1);
  assert.equal(exported.steps.length, live.steps.length);
  assert.deepEqual(exported.participants.map((p) => [p.id, p.name, p.role]),
    live.participants.map((p) => [p.id, p.name, p.role]));
  assert.deepEqual(exported.participants.map((p) => p.name), ['Anne', 'Bruno', 'Chloé']);
  assert.deepEqual(exported.participants.map((p) => p.role), ['facilitator', 'client', 'scribe']);
  assert.ok(exported.participants.every((p) => p.connected === false), 'nobody is connected any more');
  assert.deepEqual(exported.sheet, live.sheet);
  assert.equal(exported.notes, 'Notes de séance');
  // Reading changes nothing: the same export again.
  const again = await cli('export', room.room);
  assert.equal(again.code, 0);
  const strip = (room) => ({ ...room, timer: { ...room.timer, remaining_ms: 0 },
    steps: room.steps.map((s) => ({ ...s, spent_ms: 0 })) });
  assert.deepEqual(strip(JSON.parse(again.stdout)), strip(exported));
  // A session's room too: the person who joined by personal link.
  const s = await cli('export', sessionRoom.id);
  assert.equal(s.code, 0, s.stderr);
  assert.deepEqual(JSON.parse(s.stdout).participants.map((p) => p.name), [sessionRoom.name]);
});

test('export of an unknown room: exit 1, saying so', async () => {
  for (const id of ['nosuchroom0', 'NOT-AN-ID']) {
    const r = await cli('export', id);
    assert.equal(r.code, 1, `${id}: ${r.stderr}`);
    assert.match(r.stderr, /^codevhub: no room /);
    assert.equal(r.stdout, '');
  }
});

// The browser client's session logic without a browser: reading the people
// typed or imported (CSV), the POST body, the group edits, the console's
// state (snapshot, live room summaries, help) and its countdowns; and the
// two languages carrying the same strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SOURCE_ROOT } from '../integration/lib/hub.js';
import { readPeople, sessionRequest, csvHeader, splitCsvLine, groupsDraft, moveInDraft, draftChanged,
  groupsBody, planBody, conflictPeople } from '../../web-client/js/sessions.js';
import { ConsoleState, displaySeconds, mmss } from '../../web-client/js/console-state.js';

test('people: one per line, or CSV with a header naming the columns', () => {
  assert.deepEqual(readPeople('Ana\n\n  Bo  \r\nChloé\n').people, [{ name: 'Ana' }, { name: 'Bo' }, { name: 'Chloé' }]);
  const csv = 'name;email;wants_client;can_facilitate\n"Roy; Chloé";c@x.org;oui;non\nBo;;yes;1\n';
  assert.deepEqual(csvHeader(csv), { sep: ';', cols: ['name', 'email', 'wants_client', 'can_facilitate'] });
  const r = readPeople(csv);
  assert.equal(r.csv, csv, 'the CSV text goes to the hub as is');
  assert.deepEqual(r.preview.map((p) => [p.name, p.wants_client, p.can_facilitate]),
    [['Roy; Chloé', true, false], ['Bo', true, true]]);
  assert.deepEqual(splitCsvLine('a,"b ""c"", d",e', ','), ['a', 'b "c", d', 'e']);
  // A name with a comma is not a CSV header.
  assert.equal(csvHeader('Roy, Chloé\nBo'), null);
});

test('the session request', () => {
  const body = sessionRequest({ name: ' Cohorte A ', template: 'codev-90', workshops: '2', rotate_facilitator: true,
    alert_behind_minutes: '7', min_size: '5', max_size: '8', peopleText: 'Ana\nBo\nChloé',
    apart: [[1, 2]], together: [[2, 3], [3, 3]] });
  assert.deepEqual(body, { name: 'Cohorte A', template: 'codev-90', workshops: 2, rotate_facilitator: true,
    alert_behind_minutes: 7, people: [{ name: 'Ana' }, { name: 'Bo' }, { name: 'Chloé' }],
    apart: [[1, 2]], together: [[2, 3]] });
  const csvBody = sessionRequest({ name: 'B', peopleText: 'name\nAna\n', min_size: '6', max_size: '7' });
  assert.equal(csvBody.csv, 'name\nAna\n');
  assert.equal(csvBody.people, undefined);
  assert.equal(csvBody.min_size, 6);
  assert.equal(csvBody.max_size, 7);
});

test('group edits and the PUT bodies', () => {
  const doc = { groups: [{ id: 1, members: [1, 2, 3], facilitator: 1, plan: [{ client: 2, facilitator: 1 }] },
    { id: 2, members: [4, 5, 6], facilitator: 4, plan: [{ client: 5, facilitator: 4 }] }] };
  let d = groupsDraft(doc);
  assert.equal(draftChanged(doc, d), false);
  d = moveInDraft(d, 1, 2);
  assert.deepEqual(d, [{ id: 1, members: [2, 3], facilitator: 0 }, { id: 2, members: [1, 4, 5, 6], facilitator: 4 }]);
  assert.equal(draftChanged(doc, d), true);
  assert.deepEqual(groupsBody(d), { groups: [{ members: [2, 3] }, { members: [1, 4, 5, 6], facilitator: 4 }] });
  assert.deepEqual(planBody(doc.groups), { groups: [{ plan: [{ client: 2, facilitator: 1 }] }, { plan: [{ client: 5, facilitator: 4 }] }] });
  assert.deepEqual(conflictPeople({ people: [2, 9] }, (id) => ({ 2: 'Bo' })[id]), ['Bo', '#9']);
});

const summary = (over = {}) => ({ group: 1, room: 'r1', workshop: 1, workshops: 2, meeting: 1, step: 1, n_steps: 6,
  step_kind: 'questions', timer: { status: 'running', step: 1, duration_ms: 600000, remaining_ms: 41000, overrun_ms: 0,
    deadline_ms: 1000041000 }, client: null, facilitator: null,
  people: [{ id: 1, name: 'Bo', role: 'facilitator', connected: false }, { id: 2, name: 'Ana', role: 'client', connected: true }],
  behind_ms: 0, alerts: ['no_facilitator'], seq: 3, ...over });

test('console state: snapshot, rooms, alerts raised and cleared, help', () => {
  const s = new ConsoleState();
  s.snapshot({ session: { id: 1, help: [] }, rooms: [summary({ group: 2 }), summary()] }, 0);
  assert.deepEqual(s.list().map((r) => r.group), [1, 2]);
  assert.deepEqual(s.connectedCount(), { n: 2, total: 4 });
  let d = s.room({ type: 'console.room', ...summary({ alerts: [] }) });
  assert.deepEqual(d.cleared, ['no_facilitator']);
  assert.equal(s.rooms.get(1).type, undefined);
  d = s.room(summary({ alerts: ['behind'], behind_ms: 400000 }));
  assert.deepEqual(d.raised, ['behind']);
  assert.equal(s.alerting().length, 2);
  assert.equal(s.help({ type: 'console.help', id: 4, group: 2 }), true);
  assert.equal(s.help({ id: 4, group: 2 }), false, 'once');
  assert.equal(s.session.help.length, 1);
});

test('console state: a new meeting with fewer groups drops the cards of the groups gone', () => {
  const s = new ConsoleState();
  s.snapshot({ session: { id: 1, meeting: 1, groups: [{ id: 1 }, { id: 2 }] }, rooms: [summary({ group: 2 }), summary()] }, 0);
  s.setSession({ id: 1, meeting: 2, groups: [{ id: 1 }, { id: 2 }] });
  assert.deepEqual(s.list().map((r) => r.group), [1, 2], 'same groups: the summaries stay until new ones come');
  s.setSession({ id: 1, meeting: 3, groups: [{ id: 1 }] });
  assert.deepEqual(s.list().map((r) => r.group), [1]);
  assert.equal(s.received.has(2), false);
  s.setSession({ id: 1, help: [] });
  assert.deepEqual(s.list().map((r) => r.group), [1], 'a document without groups changes nothing');
});

test('console countdowns: from the deadline, or counted down since arrival', () => {
  const s = new ConsoleState();
  s.snapshot({ session: {}, rooms: [summary()] }, 1000);
  assert.equal(s.remaining(1, { hubNow: 1000001000 }), 40000);
  assert.equal(s.remaining(1, { now: 3000 }), 39000, 'no clock offset yet: remaining_ms minus the time since');
  s.room(summary({ timer: { status: 'paused', step: 1, duration_ms: 600000, remaining_ms: 5000, overrun_ms: 0 } }));
  assert.equal(s.remaining(1, { hubNow: 1e12 }), 5000);
  s.room(summary({ timer: { status: 'paused', step: 1, duration_ms: 600000, remaining_ms: 0, overrun_ms: 61000 } }));
  assert.equal(s.remaining(1), -61000);
  assert.equal(mmss(displaySeconds(-61000)), '\u22121:01');
  assert.equal(mmss(displaySeconds(40001)), '0:41');
  assert.equal(mmss(displaySeconds(0)), '0:00');
});

test('fr and en have the same strings', () => {
  const read = (l) => JSON.parse(readFileSync(path.join(SOURCE_ROOT, 'web-client', 'i18n', `${l}.json`), 'utf8'));
  const en = read('en'), fr = read('fr');
  assert.deepEqual(Object.keys(fr).sort(), Object.keys(en).sort());
  for (const [k, v] of Object.entries(en)) {
    const vars = (s) => (s.match(/\{[a-z]+\}/g) || []).sort();
    assert.deepEqual(vars(fr[k]), vars(v), `placeholders of ${k}`);
  }
});

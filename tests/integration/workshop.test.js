// Eight real clients run a whole six-step workshop on a template of a few
// seconds per step; one consultant drops and resumes mid-step; at the end
// every client's state equals the hub's snapshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHub } from './lib/hub.js';
import { templatesDir } from './lib/templates.js';
import { Client, createRoom, sleep } from './lib/client.js';
import { stableView } from '../../web-client/js/state.js';

let hub, room;
const people = {};
const names = ['Anne', 'Bruno', 'Chloé', 'Dmitri', 'Émilie', 'Fatou', '李娜', 'Hélène'];

before(async () => {
  hub = await startHub({ config: {
    server: { templates_dir: templatesDir() },
    workshop: { warn_first_s: 2, warn_second_s: 1 },
  } });
  room = await createRoom(hub, { template: 'fast' });
});
after(async () => { await hub.stop(); });

const everyone = () => Object.values(people).filter((c) => c.ws.readyState === 1);
async function settle(seq) {
  await Promise.all(everyone().map((c) => c.untilSeq(seq)));
}
function lastSeq(ack) { return ack.seq ?? 0; }

test('room creation requires the organizer capability', async () => {
  const res = await fetch(`${hub.base}/api/rooms`, { method: 'POST' });
  assert.equal(res.status, 401);
  const bad = await fetch(`${hub.base}/api/rooms`, { method: 'POST', headers: { Authorization: `Bearer ${room.facilitatorToken}` } });
  assert.equal(bad.status, 401, 'a facilitator link is not an organizer link');
  assert.match(room.facilitator_link, new RegExp(`^${hub.base}/r/${room.room}#[A-Za-z0-9_-]+$`));
  assert.ok(!room.facilitator_link.includes('?'));
});

test('the facilitator joins first and eight people are in the room', async () => {
  people.anne = new Client(hub, room.facilitatorToken, names[0]);
  const w = await people.anne.open();
  assert.equal(w.you.role, 'facilitator');
  assert.equal(w.room.id, room.room);
  assert.equal(w.room.steps.length, 6);
  const keys = ['bruno', 'chloe', 'dmitri', 'emilie', 'fatou', 'lina', 'helene'];
  for (let i = 0; i < keys.length; i++) {
    people[keys[i]] = new Client(hub, room.participantToken, names[i + 1]);
    const wi = await people[keys[i]].open();
    assert.equal(wi.you.role, 'consultant');
  }
  const seq = people.helene.state.seq;
  await settle(seq);
  for (const c of everyone()) assert.equal(c.state.room.participants.length, 8);
  assert.equal(people.anne.state.participant(people.lina.id).name, '李娜');
});

test('the facilitator assigns client, scribe, observer and a backup', async () => {
  const { anne, bruno, helene, lina, chloe } = people;
  await anne.do('role.assign', { participant: bruno.id, role: 'client' });
  await anne.do('role.assign', { participant: helene.id, role: 'scribe' });
  await anne.do('role.assign', { participant: lina.id, role: 'observer' });
  const ack = await anne.do('backup.set', { participant: chloe.id });
  await settle(lastSeq(ack));
  for (const c of everyone()) {
    assert.equal(c.state.participant(bruno.id).role, 'client');
    assert.equal(c.state.participant(helene.id).role, 'scribe');
    assert.equal(c.state.room.backup, chloe.id);
  }
  const denied = await chloe.send('role.assign', { participant: chloe.id, role: 'client' });
  assert.equal(denied.code, 'forbidden');
});

test('step 1: the client presents the sheet; the shared timer warns and expires', async () => {
  const { anne, bruno, chloe } = people;
  const sheet = { title: 'Équipe en tension', question: 'Comment rétablir la confiance ?',
    context: 'Deux équipes fusionnées', tried: 'Réunions hebdo', help_wanted: 'Des idées' };
  const denied = await chloe.send('sheet.update', sheet);
  assert.equal(denied.code, 'forbidden');
  await bruno.do('sheet.update', sheet);
  const start = await anne.do('timer.start');
  await settle(lastSeq(start));
  for (const c of everyone()) {
    assert.equal(c.state.room.timer.status, 'running');
    assert.ok(c.state.room.timer.deadline_ms > Date.now() - 1000);
    assert.deepEqual(c.state.room.sheet, sheet);
  }
  const warned = await Promise.all(everyone().map((c) => c.ws.next((m) => m.type === 'timer.warning' && m.remaining_s === 1, 6000)));
  assert.equal(warned.length, 8);
  await Promise.all(everyone().map((c) => c.ws.next((m) => m.type === 'timer.expired', 6000)));
  await sleep(300);
  const again = await anne.send('timer.pause');
  assert.equal(again.type, 'ack');
  const st = people.bruno.state.room;
  assert.equal(st.step, 0, 'expiry does not move the step');
});

test('step 2: questions only; one consultant drops and resumes mid-step', async () => {
  const { anne, bruno, chloe, dmitri, emilie, fatou, lina } = people;
  await anne.do('step.next');
  const early = await fatou.send('suggestion.add', { text: 'Faire un offsite' });
  assert.equal(early.code, 'wrong_step');
  const q1 = await chloe.do('question.add', { text: 'Depuis quand ?' });
  const mine = chloe.state.room.questions.length ? null : null;
  void mine;
  assert.equal((await lina.send('question.add', { text: 'Observer question' })).code, 'forbidden');

  await emilie.close();
  const lastSeen = emilie.state.seq;
  await dmitri.do('question.add', { text: 'Qui décide ?' });
  await settle(lastSeq(q1));
  const qid = anne.state.room.questions[0].id;
  const answered = await bruno.do('question.answer', { question: qid, text: 'Depuis mars' });
  const w = await emilie.reopen(true);
  assert.equal(w.type, 'welcome');
  assert.equal(w.resumed, true);
  assert.equal(w.you.participant, emilie.id);
  await emilie.untilSeq(lastSeq(answered));
  assert.ok(emilie.state.seq > lastSeen);
  assert.equal(emilie.state.room.questions.length, 2);
  assert.equal(emilie.state.room.questions[0].answer, 'Depuis mars');
  assert.equal(emilie.state.participant(emilie.id).role, 'consultant');
  assert.deepEqual(emilie.errors, []);
});

test('step 3: the client states the contract; step 4 needs no confirmation then', async () => {
  const { anne, bruno } = people;
  await anne.do('step.next');
  await bruno.do('contract.set', { text: 'Des idées concrètes pour la semaine prochaine' });
  await anne.do('step.next');
});

test('step 4: hands, floor, a round, suggestions kept by the client', async () => {
  const { anne, bruno, chloe, dmitri, emilie, fatou, helene } = people;
  await chloe.do('hand.raise');
  const h = await dmitri.do('hand.raise');
  await settle(lastSeq(h));
  assert.deepEqual(anne.state.room.hands, [chloe.id, dmitri.id]);
  await anne.do('floor.give', { participant: chloe.id });
  await anne.do('round.start');
  for (const c of [chloe, dmitri, emilie, fatou]) await c.do('suggestion.add', { text: `Idée de ${c.name}` });
  await helene.do('suggestion.add', { text: 'Idée notée' });
  assert.equal((await bruno.send('suggestion.add', { text: 'moi' })).code, 'forbidden');
  let r;
  for (let i = 0; i < 5; i++) {
    r = await anne.send('round.next');
    if (r.type !== 'ack') break;
  }
  const sid = anne.state.room.suggestions[1].id;
  await bruno.do('suggestion.keep', { suggestion: sid, kept: true });
  const enough = await bruno.do('enough.signal');
  await settle(lastSeq(enough));
  for (const c of everyone()) {
    assert.equal(c.state.room.suggestions.length, 5);
    assert.equal(c.state.room.suggestions.find((s) => s.id === sid).kept, true);
    assert.equal(c.state.room.enough_by, bruno.id);
  }
});

test('step 5: only the client writes the action plan; the scribe keeps notes', async () => {
  const { anne, bruno, chloe, helene } = people;
  await anne.do('step.next');
  assert.equal((await chloe.send('plan.update', { items: [] })).code, 'forbidden');
  await bruno.do('plan.update', { items: [{ action: 'Organiser un atelier commun', by_when: 'lundi' },
    { action: 'Parler à la direction', by_when: '2026-12-15' }]});
  const n = await helene.do('notes.update', { text: 'Idées principales : atelier, direction.' });
  await settle(lastSeq(n));
  for (const c of everyone()) assert.equal(c.state.room.plan.length, 2);
});

test('step 6: everyone but the observer names a learning; timer controls', async () => {
  const { anne, lina } = people;
  await anne.do('step.next');
  for (const c of everyone()) {
    if (c === lina) continue;
    await c.do('learning.add', { text: `${c.name} apprend` });
  }
  assert.equal((await lina.send('learning.add', { text: 'x' })).code, 'forbidden');
  await anne.do('timer.start');
  await anne.do('timer.extend', { minutes: 5 });
  await anne.do('timer.pause');
  await anne.do('timer.resume');
  const last = await anne.do('timer.reset');
  await settle(lastSeq(last));
  for (const c of everyone()) {
    assert.equal(c.state.room.learnings.length, 7);
    assert.equal(c.state.room.timer.status, 'idle');
    assert.equal(c.state.room.step, 5);
  }
});

test('every client state equals the hub snapshot at the end', async () => {
  const { lina } = people;
  const hubSeq = Math.max(...everyone().map((c) => c.state.seq));
  await settle(hubSeq);
  // A second connection of the same participant takes over (old one gets
  // 4001) and receives the full snapshot without changing the room.
  const probe = new Client(hub, room.participantToken, null);
  probe.resume = lina.resume;
  const oldClosed = lina.ws.closed;
  const w = await probe.open({ resume: lina.resume });
  assert.equal(w.type, 'welcome');
  assert.equal(w.you.participant, lina.id);
  assert.equal((await oldClosed).code, 4001);
  assert.equal(w.seq, hubSeq, 'taking over changed nothing');
  const truth = stableView(w.room);
  for (const c of Object.values(people)) {
    assert.equal(c.state.seq, hubSeq, c.name);
    assert.deepEqual(stableView(c.state.room), truth, c.name);
    assert.deepEqual(c.errors, [], c.name);
  }
  await probe.close();
});

// The organizer's side of issue 15 (proto/api.md, proto/sessions.md):
// GET /api/rooms lists the organization's rooms from the hub (never
// another organization's, never room content); a person moved by the
// organizer is told where and why (session.moved before the 4005 close);
// people who came by a plain room link are carried over by next workshop
// and new meeting (a fresh room link in session.moved); a help request is
// "on its way" then "handled" in the room that asked; a move keeps
// keep-together pairs unless forced.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHub } from './lib/hub.js';
import { Client, createRoom } from './lib/client.js';
import { api, apiOk, createSession, member, join, tokenOf, orgCreate, sleep } from './lib/session.js';

const NAMES = ['Anne', 'Bruno', 'Chloé', 'Dmitri', 'Émilie', 'Fatou', 'Gaël', 'Hélène', 'Ibrahim', 'Jeanne'];
const people = NAMES.map((name, i) => ({ name, email: `p${i + 1}@example.org`, wants_client: i % 2 === 0,
  can_facilitate: i < 2, facilitator: i < 2 }));

let hub, doc, links, org2;
const M = new Map(); // person id → Member
const sessionPath = (p = '') => `/api/sessions/${doc.id}${p}`;
const groupDoc = (g) => doc.groups[g - 1];
const linkOf = (pid) => links.find((l) => l.person === pid).link;
const rooms = (token) => apiOk(hub, 'GET', '/api/rooms', undefined, 200, token);

before(async () => {
  hub = await startHub();
  const draft = await createSession(hub, { name: 'Cohorte org', workshops: 2, people, together: [[3, 4]] });
  doc = await apiOk(hub, 'POST', `/api/sessions/${draft.id}/start`, undefined, 200);
  links = (await apiOk(hub, 'GET', sessionPath('/links'), undefined, 200)).links;
  for (const g of doc.groups) {
    for (const pid of g.members) {
      const c = member(hub, linkOf(pid));
      await join(c);
      M.set(pid, c);
    }
  }
  const r = await orgCreate(hub, 'Autre organisation');
  assert.equal(r.code, 0, r.stderr);
  org2 = r.token;
});
after(async () => {
  for (const c of M.values()) if (c.ws && c.ws.readyState === 1) c.ws.close();
  await hub.stop();
  assert.doesNotMatch(hub.stderr(), /ERROR: (Address|Undefined|Leak)Sanitizer|runtime error/);
});

test('GET /api/rooms: the organization\'s rooms with step and presence, never another organization\'s', async () => {
  const mine = await createRoom(hub, { template: 'codev-90' });
  const fac = new Client(hub, mine.facilitatorToken, 'Solène Secret');
  await fac.open();
  const theirs = await apiOk(hub, 'POST', '/api/rooms', {}, 201, org2);
  const before = Date.now();

  const list = await rooms();
  const ids = list.rooms.map((r) => r.id);
  assert.ok(ids.includes(mine.room));
  for (const g of doc.groups) assert.ok(ids.includes(g.room), `group ${g.id}'s room`);
  assert.ok(!ids.includes(theirs.room), 'another organization\'s room is never listed');
  assert.equal(list.rooms.length, doc.groups.length + 1);
  const r = list.rooms.find((x) => x.id === mine.room);
  assert.deepEqual(Object.keys(r).sort(), ['connected', 'created_ms', 'id', 'n_steps', 'participants', 'session',
    'step', 'step_kind', 'template'].sort());
  assert.equal(r.template, 'codev-90');
  assert.equal(r.step, 0);
  assert.equal(r.n_steps, 6);
  assert.equal(r.step_kind, 'presentation');
  assert.equal(r.participants, 1);
  assert.equal(r.connected, 1);
  assert.equal(r.session, null);
  assert.ok(Math.abs(r.created_ms - before) < 60000, `created_ms ${r.created_ms} is wall-clock ms`);
  assert.equal(list.rooms[0].id, mine.room, 'newest first');
  const g1 = list.rooms.find((x) => x.id === groupDoc(1).room);
  assert.deepEqual(g1.session, { id: doc.id, group: 1, workshop: 1 });
  assert.equal(g1.participants, groupDoc(1).members.length);
  assert.equal(g1.connected, groupDoc(1).members.length);
  const text = JSON.stringify(list);
  for (const n of [...NAMES, 'Solène Secret']) assert.ok(!text.includes(n), `no names in the list (${n})`);

  const other = await rooms(org2);
  assert.deepEqual(other.rooms.map((x) => x.id), [theirs.room], 'the other organization sees only its own');
  assert.equal((await api(hub, 'GET', '/api/rooms', undefined, null)).status, 401);
  assert.equal((await api(hub, 'GET', '/api/rooms', undefined, 'nope')).status, 401);

  // Disconnect, then delete: the list follows.
  await fac.close();
  await sleep(200);
  assert.equal((await rooms()).rooms.find((x) => x.id === mine.room).connected, 0);
  assert.equal((await api(hub, 'DELETE', `/api/rooms/${theirs.room}`)).status, 404, 'not mine to delete');
  assert.equal((await api(hub, 'DELETE', `/api/rooms/${mine.room}`)).status, 204);
  assert.ok(!(await rooms()).rooms.some((x) => x.id === mine.room));
  assert.deepEqual((await rooms(org2)).rooms.map((x) => x.id), [theirs.room]);
});

test('help: the room that asked hears "on its way", then "handled" when the organizer resolves it', async () => {
  const g = 1;
  const [askerId, otherId] = groupDoc(g).members;
  const asker = M.get(askerId), other = M.get(otherId);
  const elsewhere = M.get(groupDoc(2).members[0]);
  assert.equal((await asker.send('help.request', { message: 'contrat flou' })).type, 'ack');
  const sent = await other.ws.next((m) => m.type === 'session.help');
  assert.equal(sent.state, 'on_its_way');
  assert.equal(typeof sent.help, 'number');
  const mine = await asker.ws.next((m) => m.type === 'session.help');
  assert.deepEqual(mine, sent, 'the asker hears it too');
  assert.equal((await api(hub, 'POST', sessionPath(`/help/${sent.help}/resolve`))).status, 204);
  const done = await asker.ws.next((m) => m.type === 'session.help');
  assert.deepEqual(done, { type: 'session.help', help: sent.help, state: 'handled' });
  assert.equal((await other.ws.next((m) => m.type === 'session.help')).state, 'handled');
  await sleep(200);
  assert.ok(!elsewhere.ws.inbox.some((m) => m.type === 'session.help'), 'other rooms hear nothing');
});

test('a move keeps keep-together pairs unless forced, and the person is told where and why', async () => {
  const from = doc.people[2].group; // person 3, kept with 4
  const to = from === 1 ? 2 : 1;
  const r = await api(hub, 'POST', sessionPath('/people/3/move'), { group: to });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.cohort, 'separated');
  assert.deepEqual([...r.json.people].sort(), [3, 4]);
  assert.match(r.json.message, /Chloé and Dmitri/);
  assert.equal((await api(hub, 'POST', sessionPath('/people/3/move'), { group: to, force: 'yes' })).status, 400);
  assert.equal((await api(hub, 'POST', sessionPath('/people/3/move'), { group: to, extra: 1 })).status, 400);
  const p = M.get(3);
  doc = await apiOk(hub, 'POST', sessionPath('/people/3/move'), { group: to, force: true }, 200);
  assert.equal(doc.people[2].group, to);
  const moved = await p.ws.next((m) => m.type === 'session.moved');
  assert.deepEqual(moved, { type: 'session.moved', reason: 'moved', group: to, workshop: 1, meeting: 1 });
  assert.equal(await p.closedCode, 4005);
  const last = p.ws.inbox.at(-1);
  assert.ok(!last || last.type !== 'session.moved', 'the message came before the close');
  const w = await join(p);
  assert.equal(w.session.group, to);
  assert.equal(w.room.id, groupDoc(to).room);
});

test('next workshop and new meeting carry over who came by a plain room link', async () => {
  const g = 2;
  const oldRoom = groupDoc(g).room;
  const fl = await apiOk(hub, 'POST', `/api/rooms/${oldRoom}/links`, undefined, 201);
  const guest = new Client(hub, tokenOf(fl.participant_link), 'Invitée');
  const w0 = await guest.open();
  assert.equal(w0.type, 'welcome');
  let closed = guest.ws.closed;
  doc = await apiOk(hub, 'POST', sessionPath(`/groups/${g}/next`), undefined, 200);
  const moved = await guest.ws.next((m) => m.type === 'session.moved');
  assert.equal(moved.reason, 'next_workshop');
  assert.equal(moved.group, g);
  assert.equal(moved.workshop, 2);
  assert.match(moved.link, new RegExp(`/r/${groupDoc(g).room}#`), 'a link of the new room');
  assert.equal((await closed).code, 4005);
  // A personal-link member of the group is told too, without a link.
  const person = M.get(groupDoc(g).members.find((id) => id !== 3));
  const pm = await person.ws.next((m) => m.type === 'session.moved');
  assert.equal(pm.reason, 'next_workshop');
  assert.equal(pm.link, undefined);
  assert.equal(await person.closedCode, 4005);
  await join(person);

  guest.token = tokenOf(moved.link);
  const w1 = await guest.open();
  assert.equal(w1.type, 'welcome', JSON.stringify(w1));
  assert.equal(w1.room.id, groupDoc(g).room);
  assert.notEqual(w1.room.id, oldRoom);
  assert.equal(w1.session.group, g);
  assert.equal(w1.you.role, 'consultant');

  // A new meeting: everyone is carried over again, the guest too.
  closed = guest.ws.closed;
  doc = await apiOk(hub, 'POST', sessionPath('/meetings'), {}, 200);
  const m2 = await guest.ws.next((m) => m.type === 'session.moved');
  assert.equal(m2.reason, 'new_meeting');
  assert.equal(m2.meeting, 2);
  assert.match(m2.link, new RegExp(`/r/${groupDoc(g).room}#`));
  assert.equal((await closed).code, 4005);
  guest.token = tokenOf(m2.link);
  const w2 = await guest.open();
  assert.equal(w2.room.id, groupDoc(g).room);
  assert.equal(w2.session.meeting, 2);
  guest.ws.close();
});

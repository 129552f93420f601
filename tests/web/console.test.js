// The organizer console against a real hub: a session of 40 people in 5
// groups is created and started through the API, scripted members (Node
// WebSockets, personal links) run their rooms, and the console page in
// Chromium follows every room live: step titles, countdowns, who is
// connected, alerts (no facilitator, behind plan), help requests. A room
// page opened with a personal link in another browser context shows the
// organizer's banner and plenary countdown, asks for help, and follows its
// person when the console moves them (close 4005). Also: the organizer's
// sessions page (typed and imported people, the 422 conflict naming who,
// group and plan edits, start, personal links).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { startHub, tempDir, SOURCE_ROOT } from '../integration/lib/hub.js';
import { Client, sleep } from '../integration/lib/client.js';
import { launch, screenshot, watchErrors } from './lib/browser.js';
import { startProxy } from './lib/proxy.js';

// A template whose first step is 3 s long (a room left in it falls behind
// plan within a minute) and whose other steps have realistic durations.
const STEPS = [['presentation', 3], ['questions', 600], ['contract', 300], ['consultation', 1500],
  ['synthesis', 900], ['learnings', 900]];

function templates() {
  const dir = path.join(tempDir('codevhub-consoletpl-'), 'templates');
  mkdirSync(dir);
  copyFileSync(path.join(SOURCE_ROOT, 'config/templates/codev-90.json'), path.join(dir, 'codev-90.json'));
  writeFileSync(path.join(dir, 'console.json'), JSON.stringify({ id: 'console', name: 'Console test workshop',
    steps: STEPS.map(([kind, seconds]) => ({ kind, seconds })) }));
  return dir;
}

const NAMES = ['Ana Tremblay', 'Bruno Gagnon', 'Chloé Roy', 'Dmitri Côté', 'Émilie Bouchard', 'Félix Gauthier',
  'Gabrielle Morin', 'Hugo Lavoie', 'Isabelle Fortin', 'Jacob Gagné', 'Karine Ouellet', 'Louis Pelletier',
  'Maude Bélanger', 'Nicolas Lévesque', 'Olivia Bergeron', 'Philippe Leblanc', 'Rosalie Paquette', 'Samuel Girard',
  'Tania Simard', 'Ulysse Boucher', 'Valérie Caron', 'William Beaulieu', 'Xavier Cloutier', 'Yasmine Dubé',
  'Zoé Poirier', 'Alexis Fournier', 'Béatrice Lapointe', 'Charles Leclerc', 'Daphnée Martin', 'Étienne Nadeau',
  'Florence Picard', 'Guillaume Mercier', 'Héloïse Richard', 'Ismaël Dion', 'Julie Thibault', 'Kevin Lemieux',
  'Léa Gingras', 'Mathis Vachon', 'Noémie Hébert', 'Olivier Savard'];

// The console page and the room page reach the hub through relays, so
// that the test can cut the console's network; the scripted members use an
// allowed origin.
let hub, browser, viaC, viaR, wsHub;
before(async () => {
  viaC = await startProxy(0);
  viaR = await startProxy(0);
  hub = await startHub({ config: { server: { templates_dir: templates(), origins: `${viaC.origin} ${viaR.origin}` } } });
  viaC.retarget(hub.port);
  viaR.retarget(hub.port);
  wsHub = { ...hub, origin: viaC.origin };
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await viaC?.close();
  await viaR?.close();
  await hub?.stop();
});

async function call(method, p, body) {
  const res = await fetch(`${hub.base}${p}`, { method, headers: { Authorization: `Bearer ${hub.organizerToken}`,
    ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const card = (g) => `[data-testid="room-card"][data-group="${g}"]`;

// What the card of group g shows (null when there is no such card).
function facts(page, g) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return null;
    const q = (s) => el.querySelector(s);
    const timer = q('[data-testid="room-timer"]');
    return {
      step: q('[data-testid="room-step"]')?.textContent,
      stepnum: q('[data-testid="room-stepnum"]')?.textContent,
      workshop: q('[data-testid="room-workshop"]')?.textContent,
      connected: Number(q('[data-testid="room-connected"]')?.dataset.n),
      total: Number(q('[data-testid="room-connected"]')?.dataset.total),
      names: [...el.querySelectorAll('[data-testid="room-person"]')].map((li) => li.textContent),
      alerts: [...el.querySelectorAll('[data-testid="room-alert"]')].map((b) => b.dataset.alert),
      timerState: timer?.dataset.state,
      seconds: timer && timer.dataset.seconds !== '' ? Number(timer.dataset.seconds) : null,
      timerText: timer?.textContent,
      client: q('[data-testid="room-client"]')?.textContent,
      facilitator: q('[data-testid="room-facilitator"]')?.textContent,
    };
  }, card(g));
}

// Waits until the card of group g satisfies fn(facts).
async function cardIs(page, g, fn, what, timeout = 5000) {
  const t0 = Date.now();
  let last = null;
  for (;;) {
    last = await facts(page, g);
    if (last && fn(last)) return last;
    if (Date.now() - t0 > timeout) assert.fail(`group ${g}: ${what} — card shows ${JSON.stringify(last)}`);
    await sleep(100);
  }
}

async function roleIs(client, role, what) {
  const t0 = Date.now();
  while (client.role !== role) {
    if (Date.now() - t0 > 3000) assert.fail(`${what}: role is ${client.role}`);
    await sleep(20);
  }
}

async function secondsOf(page, g) {
  const v = await page.getAttribute(`${card(g)} [data-testid="room-timer"]`, 'data-seconds');
  return v === '' || v === null ? null : Number(v);
}

async function dismissNotice(page) {
  const b = page.locator('#notice button[aria-label]');
  if (await b.isVisible()) await b.click();
}

test('the console follows 5 rooms live; banner, plenary, help, move and next workshop', async () => {
  // --- a session of 40 people, 5 groups of 8, 2 workshops each ---
  const people = NAMES.map((name, i) => ({ name, email: `p${i + 1}@example.org`, wants_client: i % 2 === 0,
    can_facilitate: i % 4 === 0 }));
  const created = await call('POST', '/api/sessions', { name: 'Cohorte printemps', template: 'console', workshops: 2,
    alert_behind_minutes: 1, min_size: 7, max_size: 8, people });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;
  assert.equal(created.body.state, 'draft');
  assert.equal(created.body.groups.length, 5);
  const started = await call('POST', `/api/sessions/${id}/start`);
  assert.equal(started.status, 200, JSON.stringify(started.body));
  const doc = started.body;
  assert.equal(doc.state, 'running');
  const links = (await call('GET', `/api/sessions/${id}/links`)).body.links;
  assert.equal(links.length, 40);
  const linkOf = (pid) => links.find((l) => l.person === pid).link;
  const tokenOf = (pid) => linkOf(pid).split('#')[1];
  const nameOf = (pid) => doc.people.find((p) => p.id === pid).name;
  const groups = doc.groups;
  for (const g of groups) assert.equal(g.members.length, 8);

  // --- scripted members: the planned facilitator first, then others ---
  const clients = new Map(); // person id -> Client
  async function join(pid) {
    const c = new Client(wsHub, tokenOf(pid), null);
    const w = await c.open();
    assert.equal(w.type, 'welcome', `person ${pid} joins: ${JSON.stringify(w)}`);
    clients.set(pid, c);
    return c;
  }
  const fac = (g) => g.plan[0].facilitator;
  const others = (g, n) => g.members.filter((m) => m !== fac(g)).slice(0, n);
  // How many join in each group (group 5: no facilitator).
  const plan = { 1: 6, 2: 7, 3: 5, 4: 3, 5: 3 };
  // Group 4 keeps one member for the browser room page.
  const roomPerson = groups[3].members.filter((m) => m !== fac(groups[3])).at(-1);
  for (const g of groups) {
    if (g.id !== 5) {
      const f = await join(fac(g));
      assert.equal(f.role, 'facilitator', `the planned facilitator of group ${g.id} joins as facilitator`);
    }
    const n = g.id === 5 ? plan[5] : plan[g.id] - 1;
    for (const m of others(g, n)) if (m !== roomPerson) await join(m);
  }
  const client = groups[0].plan[0].client;
  if (clients.has(client)) await roleIs(clients.get(client), 'client', 'the planned client is made client');

  // --- the console page ---
  const ctx = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
  const page = await ctx.newPage();
  page.setDefaultTimeout(8000);
  const errors = watchErrors(page);
  await page.goto(viaC.link(`${hub.base}/c/${id}#${hub.organizerToken}`));
  assert.equal(new URL(page.url()).hash, '', 'the organizer token leaves the address bar');
  await page.waitForSelector('[data-testid="room-card"]');
  assert.equal(await page.locator('[data-testid="room-card"]').count(), 5);
  assert.equal(await page.textContent('[data-testid="console-title"]'), 'Cohorte printemps');
  for (const g of groups) {
    await cardIs(page, g.id, (c) => c.connected === plan[g.id] && c.total === 8, `${plan[g.id]}/8 connected`);
  }
  await cardIs(page, 5, (c) => c.alerts.includes('no_facilitator'), 'no facilitator alert');
  await cardIs(page, 1, (c) => c.alerts.length === 0 && c.step === 'Presentation of the problem' &&
    c.stepnum === 'Step 1 of 6' && c.timerState === 'idle' && c.workshop === 'Workshop 1/2', 'room 1 at rest');
  await cardIs(page, 1, (c) => c.facilitator.includes(nameOf(fac(groups[0]))), 'facilitator named');
  assert.equal(await page.textContent('[data-testid="console-connected"]'), `${6 + 7 + 5 + 3 + 3}/40 people connected`);
  // Each card opens its room to look in, as the organizer (observe.test.js follows the link).
  const card1 = page.locator('[data-testid="room-card"][data-group="1"]');
  assert.equal(await card1.locator('[data-testid="room-observe"]').getAttribute('href'),
    `/r/${await card1.getAttribute('data-room')}#${hub.organizerToken}`);

  // --- the rooms move; the cards follow ---
  const F = (g) => clients.get(fac(groups[g - 1]));
  // Group 4 stays in its 3-second first step: it overruns and falls behind.
  await F(4).do('timer.start');
  await cardIs(page, 4, (c) => c.timerState === 'over' && c.seconds < 0, 'overrun shown', 8000);
  // Group 1 goes to the consultation (step 4) and starts its timer.
  await F(1).do('step.goto', { step: 3, confirm: true });
  await F(1).do('timer.start');
  await cardIs(page, 1, (c) => c.step === 'Reactions, ideas, suggestions' && c.stepnum === 'Step 4 of 6' &&
    c.timerState === 'ok' && c.seconds > 1400, 'consultation running');
  const s1 = await secondsOf(page, 1);
  await sleep(1600);
  const s2 = await secondsOf(page, 1);
  assert.ok(s2 <= s1 - 1 && s2 >= s1 - 5, `the countdown runs locally: ${s1} → ${s2}`);
  // Group 2: the questions, running.
  await F(2).do('step.next');
  await F(2).do('timer.start');
  await cardIs(page, 2, (c) => c.step === 'Clarifying questions' && c.timerState === 'ok', 'questions running');
  // Group 3: the contract, started, extended, then paused.
  await F(3).do('step.goto', { step: 2 });
  await F(3).do('timer.start');
  await F(3).do('timer.extend', { minutes: 2 });
  await cardIs(page, 3, (c) => c.step === 'Contract' && c.seconds > 300, 'extended by 2 minutes');
  await F(3).do('timer.pause');
  await cardIs(page, 3, (c) => c.timerState === 'paused' && /Paused/.test(c.timerText), 'paused');
  const p1 = await secondsOf(page, 3);
  await sleep(1200);
  assert.equal(await secondsOf(page, 3), p1, 'a paused countdown stands still');

  // Group 5: its facilitator comes, the alert goes; leaves, it comes back
  // and is announced.
  const f5 = await join(fac(groups[4]));
  await cardIs(page, 5, (c) => !c.alerts.includes('no_facilitator') && c.connected === 4, 'facilitator came');
  await f5.close();
  clients.delete(fac(groups[4]));
  await cardIs(page, 5, (c) => c.alerts.includes('no_facilitator') && c.connected === 3, 'facilitator left');
  await page.waitForFunction(() => /Group 5: no facilitator connected/.test(document.querySelector('#live-polite').textContent));

  // --- a help request from group 2, with the room's context ---
  const asker = others(groups[1], 1)[0];
  const ack = await clients.get(asker).send('help.request', { message: 'Our client lost the connection — wait or switch?' });
  assert.equal(ack.type, 'ack', JSON.stringify(ack));
  const help = page.locator('[data-testid="help-item"][data-group="2"]');
  await help.waitFor();
  const helpText = await help.textContent();
  assert.match(helpText, /Group 2/);
  assert.match(helpText, new RegExp(nameOf(asker)));
  assert.match(helpText, /Our client lost the connection/);
  assert.match(helpText, /Step 2 of 6 · Clarifying questions · \d+:\d\d left when asked/);
  await page.waitForFunction(() => /Help requested in group 2/.test(document.querySelector('#live-assertive').textContent));
  await page.waitForSelector(`${card(2)}[data-alert="yes"]`);

  // --- a person's room page, from their personal link ---
  const rctx = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  const room = await rctx.newPage();
  room.setDefaultTimeout(8000);
  const roomErrors = watchErrors(room);
  await room.goto(viaR.link(linkOf(roomPerson)));
  assert.equal(new URL(room.url()).hash, '', 'the personal token leaves the address bar');
  await room.waitForSelector('[data-testid="join-accept"]');
  assert.equal(await room.locator('[data-testid="join-name"]').count(), 0, 'no name asked: the hub knows it');
  await room.check('[data-testid="join-accept"]');
  await room.click('[data-testid="join-submit"]');
  await room.waitForSelector('[data-testid="room"]');
  assert.match(await room.textContent('[data-testid="me"]'), new RegExp(nameOf(roomPerson)));
  assert.match(await room.textContent('[data-testid="session-where"]'), /Group 4 · workshop 1 of 2/);
  await cardIs(page, 4, (c) => c.connected === 4, 'the room page counts');

  // Banner and plenary, from the console's controls.
  await page.fill('[data-testid="banner-text"]', 'Back in plenary at 3:30 pm — finish your current step.');
  await page.click('[data-testid="banner-send"]');
  await room.waitForSelector('[data-testid="session-banner-text"]');
  assert.equal(await room.textContent('[data-testid="session-banner-text"]'),
    'Back in plenary at 3:30 pm — finish your current step.');
  await page.waitForSelector('[data-testid="banner-current"]');
  await page.fill('[data-testid="plenary-minutes"]', '10');
  await page.click('[data-testid="plenary-start"]');
  await room.waitForFunction(() => /^Back to plenary in (10:00|9:5\d)$/.test(document.querySelector('[data-testid="plenary"]')?.textContent || ''));
  await page.waitForSelector('[data-testid="plenary-current"]');
  // The banner can be hidden by each person; a new one shows again.
  await room.click('[data-testid="banner-dismiss"]');
  await room.waitForSelector('[data-testid="session-banner"]', { state: 'detached' });
  await page.fill('[data-testid="banner-text"]', 'Back in plenary at 3:30 pm — finish your current step.');
  await page.click('[data-testid="banner-send"]');
  await room.waitForSelector('[data-testid="session-banner-text"]');
  // Another member's scripted connection got them too.
  const w = clients.get(others(groups[2], 1)[0]);
  await w.ws.next((m) => m.type === 'session.banner' && m.text.startsWith('Back in plenary'));
  await w.ws.next((m) => m.type === 'session.plenary' && typeof m.at === 'number');

  // The room page asks for help (no message).
  await room.click('[data-testid="help-open"]');
  await room.click('[data-testid="help-send"]');
  await room.waitForSelector('[data-testid="help-sent"]');
  await page.locator('[data-testid="help-item"][data-group="4"]', { hasText: nameOf(roomPerson) }).waitFor();

  // Group 4 crosses its 1-minute alert threshold (3 s step + 60 s).
  await cardIs(page, 4, (c) => c.alerts.includes('behind'), 'behind plan', 75000);
  assert.match(await page.textContent(`${card(4)} [data-alert="behind"]`), /^.?Behind by \d+ min$/);

  // --- the screenshot: 5 rooms, alerts, help, banner, plenary ---
  await dismissNotice(page);
  await page.evaluate(() => { document.activeElement?.blur(); scrollTo(0, 0); });
  await screenshot(page, 'console-5-rooms');
  if (process.env.CODEVHUB_DOCS_SHOTS === '1') {
    const dir = path.join(SOURCE_ROOT, 'docs', 'screenshots');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, 'console-5-rooms.png') });
  }

  // Help handled from the console.
  await help.locator('[data-testid="help-resolve"]').click();
  await help.waitFor({ state: 'detached' });
  // The room that asked (group 2) hears it handled (session.help); the
  // room page's own request (group 4) is still on its way.
  const handled = await clients.get(asker).ws.next((m) => m.type === 'session.help' && m.state === 'handled');
  assert.equal(typeof handled.help, 'number');
  assert.equal(await room.textContent('[data-testid="help-sent"]'), 'Help is on its way — the organizers have been told.');

  // --- the console moves the room page's person to group 2 (4005) ---
  await page.click(`${card(4)} [data-testid="move-open"]`);
  await page.selectOption(`${card(4)} [data-testid="move-person"]`, String(roomPerson));
  await page.selectOption(`${card(4)} [data-testid="move-group"]`, '2');
  await page.click(`${card(4)} [data-testid="move-go"]`);
  await room.waitForFunction(() => /Group 2/.test(document.querySelector('[data-testid="session-where"]')?.textContent || ''));
  await room.waitForSelector('[data-testid="room"]');
  // Told where and why (session.moved before the 4005 close).
  await room.waitForSelector('[data-testid="session-moved"]:not([hidden])');
  assert.equal(await room.textContent('[data-testid="session-moved"]'), 'The organizer moved you to group 2.');
  const roomNames = await room.locator('[data-testid="person-name"]').allTextContents();
  assert.ok(roomNames.includes(nameOf(fac(groups[1]))), `now in group 2's room: ${roomNames}`);
  const who = nameOf(roomPerson);
  await cardIs(page, 2, (c) => c.names.some((n) => n.includes(who)), 'moved in');
  await cardIs(page, 4, (c) => !c.names.some((n) => n.includes(who)) && c.connected === 3, 'moved out');
  // The banner and the plenary countdown came along (sent again after the
  // welcome).
  await room.waitForSelector('[data-testid="plenary"]:not([hidden])');
  await room.waitForSelector('[data-testid="session-banner-text"]');
  if (process.env.CODEVHUB_DOCS_SHOTS === '1') {
    await room.evaluate(() => { document.activeElement?.blur(); scrollTo(0, 0); });
    await room.screenshot({ path: path.join(SOURCE_ROOT, 'docs', 'screenshots', 'session-room-banner.png') });
  }
  // Banner cleared: gone from the room.
  await page.click('[data-testid="banner-clear"]');
  await room.waitForSelector('[data-testid="session-banner"]', { state: 'detached' });

  // --- next workshop for group 1: everyone there is taken to a new room ---
  const g1 = groups[0];
  const g1clients = [...clients.entries()].filter(([pid]) => g1.members.includes(pid));
  const closes = g1clients.map(([, c]) => c.ws.closed);
  await page.click(`${card(1)} [data-testid="room-next"]`);
  await page.click('[data-testid="confirm-ok"]');
  await cardIs(page, 1, (c) => c.workshop === 'Workshop 2/2' && c.stepnum === 'Step 1 of 6' && c.timerState === 'idle',
    'workshop 2 in a fresh room');
  for (const closed of closes) assert.equal((await closed).code, 4005, 'members are told they moved');
  for (const [pid] of g1clients) await join(pid);
  const fac2 = g1.plan[1].facilitator;
  if (clients.has(fac2)) await roleIs(clients.get(fac2), 'facilitator', 'workshop 2 has its planned facilitator');
  await cardIs(page, 1, (c) => c.connected === g1clients.length, 'members back in workshop 2');
  assert.equal(await page.locator(`${card(1)} [data-testid="room-next"]`).isDisabled(), true, 'no workshop after the last');

  // --- the console loses its network: it says so, hides the stale
  // countdowns, reconnects by itself and shows what changed meanwhile ---
  viaC.cut();
  await page.waitForSelector('#conn[data-state="reconnecting"]:not([hidden])');
  await cardIs(page, 2, (c) => c.timerState === 'stale' && c.seconds === null, 'no stale countdown');
  await F(2).do('step.next');
  await sleep(700);
  viaC.restore();
  await page.waitForSelector('#conn[hidden]', { state: 'attached', timeout: 20000 });
  await cardIs(page, 2, (c) => c.step === 'Contract' && c.timerState !== 'stale', 'caught up after the reconnect');
  assert.equal(await page.locator('[data-testid="room-card"]').count(), 5);

  // The cut connection's failed attempts are the only messages allowed.
  assert.deepEqual(errors.filter((e) => !/^WebSocket connection to .* failed/.test(e)), []);
  assert.deepEqual(roomErrors, []);
  for (const c of clients.values()) await c.close().catch(() => {});
  await rctx.close();
  await ctx.close();
});

test('the console in French has every string, and refuses a wrong key', async () => {
  const people = NAMES.slice(0, 12).map((name, i) => ({ name, can_facilitate: i < 4 }));
  const created = await call('POST', '/api/sessions', { name: 'Cohorte B', template: 'console', people });
  assert.equal(created.status, 201);
  await call('POST', `/api/sessions/${created.body.id}/start`);
  const ctx = await browser.newContext({ locale: 'fr-CA', viewport: { width: 1440, height: 900 } });
  const page = await ctx.newPage();
  const errors = watchErrors(page);
  await page.goto(viaC.link(`${hub.base}/c/${created.body.id}#${hub.organizerToken}`));
  await page.waitForSelector('[data-testid="room-card"]');
  await page.waitForFunction(() => /Groupe 1/.test(document.body.innerText));
  const text = await page.evaluate(() => document.body.innerText);
  assert.doesNotMatch(text, /\b(console|session|sessions|cohort|timer|step)\.[a-z_.]+/, 'no missing string');
  assert.match(text, /Retour en plénière/);
  assert.deepEqual(errors, []);
  // The organizer page's sessions part, in French too.
  const org = await ctx.newPage();
  const orgErrors = watchErrors(org);
  await org.goto(hub.organizerLink);
  await org.click('[data-testid="new-session"]');
  await org.waitForSelector('[data-testid="session-form"]');
  await org.click('[data-testid="session-row"] button');
  await org.waitForSelector('[data-testid="person-link"]');
  const orgText = await org.evaluate(() => document.body.innerText);
  assert.doesNotMatch(orgText, /\b(organizer|sessions|cohort)\.[a-z_.]+/, 'no missing string');
  assert.match(orgText, /Liens personnels/);
  assert.deepEqual(orgErrors, []);
  const wrong = await ctx.newPage();
  await wrong.goto(viaC.link(`${hub.base}/c/${created.body.id}#notTheOrganizerToken`));
  await wrong.waitForFunction(() => /n’ouvre pas le tableau de bord/.test(document.querySelector('#app').textContent));
  const missing = await ctx.newPage();
  await missing.goto(viaC.link(`${hub.base}/c/999#${hub.organizerToken}`));
  await missing.waitForFunction(() => /Session introuvable/.test(document.querySelector('#app').textContent));
  await ctx.close();
});

test('the organizer page: people typed or imported, the conflict naming who, edits, start, links', async () => {
  const ctx = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hub.base });
  const page = await ctx.newPage();
  page.setDefaultTimeout(8000);
  const errors = watchErrors(page);
  await page.goto(hub.organizerLink);
  await page.click('[data-testid="new-session"]');
  await page.fill('[data-testid="s-name"]', 'Cohorte C');
  await page.fill('[data-testid="s-people"]', NAMES.slice(0, 12).join('\n'));
  await page.waitForFunction(() => document.querySelector('#s-people-count').textContent === '12 people, one per line.');
  // Ana and Bruno both apart and together: the hub cannot split, and says who.
  for (const kind of ['apart', 'together']) {
    await page.waitForSelector(`[data-testid="pair-${kind}-a"] option[value="2"]`, { state: 'attached' });
    await page.selectOption(`[data-testid="pair-${kind}-a"]`, '1');
    await page.selectOption(`[data-testid="pair-${kind}-b"]`, '2');
    await page.click(`[data-testid="pair-${kind}-add"]`);
  }
  await page.click('[data-testid="s-create"]');
  const conflict = page.locator('[data-testid="conflict"]');
  await conflict.waitFor();
  assert.equal(await conflict.getAttribute('data-reason'), 'together_apart');
  assert.deepEqual(await page.locator('[data-testid="conflict-person"]').allTextContents(), ['Ana Tremblay', 'Bruno Gagnon']);
  assert.match(await conflict.textContent(), /both together and apart/);

  // Imported CSV instead (the pairs go with the old list).
  // One hostile name among them: it must render as text.
  const hostile = '<img src=x onerror=alert(1)>';
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  const csv = 'name;email;wants_client;can_facilitate\n' +
    [...NAMES.slice(0, 11), hostile].map((n, i) => `${n};p${i}@example.org;${i % 2 ? 'non' : 'oui'};${i < 4 ? 'oui' : 'non'}`).join('\n') + '\n';
  await page.setInputFiles('[data-testid="s-file"]', { name: 'cohorte.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForFunction(() => document.querySelector('#s-people-count').textContent === '12 people read from the CSV.');
  await page.fill('[data-testid="s-workshops"]', '2');
  await page.click('[data-testid="s-create"]');
  await page.waitForSelector('[data-testid="session"][data-state="draft"]');
  assert.equal(await page.locator('[data-testid="group"]').count(), 2);
  assert.equal(await page.locator('[data-testid="group"] [data-testid="plan-row"]').count(), 4, 'two workshops per group');
  assert.equal(await page.locator('.member-name', { hasText: hostile }).count(), 1, 'the hostile name shows as text');
  assert.equal(await page.locator('img[src="x"]').count(), 0);

  // Move someone from group 1 to group 2, save; the plan is remade.
  const moved = await page.getAttribute('[data-testid="group"][data-group="1"] [data-testid="member"]:last-child', 'data-person');
  await page.selectOption(`[data-testid="member"][data-person="${moved}"] [data-testid="member-move"]`, '2');
  await page.waitForSelector(`[data-testid="group"][data-group="2"] [data-testid="member"][data-person="${moved}"]`);
  assert.equal(await page.isDisabled('[data-testid="start-session"]'), true, 'no start with unsaved groups');
  await page.click('[data-testid="save-groups"]');
  await page.locator('#notice', { hasText: 'Groups saved' }).waitFor();
  const sizes = await page.locator('[data-testid="group-size"]').allTextContents();
  assert.deepEqual(sizes, ['5 people', '7 people']);

  // A plan edit: group 2's second workshop gets another client.
  const sel = '[data-testid="group"][data-group="2"] [data-testid="plan-row"][data-workshop="2"] [data-testid="plan-client"]';
  const options = await page.locator(`${sel} option:not([disabled])`).evaluateAll((os) => os.map((o) => o.value));
  const current = await page.inputValue(sel);
  const other = options.find((v) => v !== current);
  await page.selectOption(sel, other);
  await page.click('[data-testid="save-plan"]');
  await page.locator('#notice', { hasText: 'Plan saved' }).waitFor();
  assert.equal(await page.inputValue(sel), other);
  assert.equal(await page.isDisabled('[data-testid="save-plan"]'), true);

  // Start; links per person, copied.
  await page.click('[data-testid="start-session"]');
  await page.click('[data-testid="confirm-ok"]');
  await page.waitForSelector('[data-testid="session"][data-state="running"]');
  await page.waitForSelector('[data-testid="person-link"]');
  assert.equal(await page.locator('[data-testid="person-link"]').count(), 12);
  const url = await page.inputValue('[data-testid="person-link"][data-person="1"] input');
  assert.match(url, new RegExp(`^${hub.base}/j#[A-Za-z0-9_-]+$`));
  await page.click('[data-testid="copy-link"][data-person="1"]');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);
  const consoleHref = await page.getAttribute('[data-testid="open-console"]', 'href');
  assert.match(consoleHref, new RegExp(`^${hub.base}/c/\\d+#${hub.organizerToken}$`));
  await screenshot(page, 'organizer-session-running');
  assert.deepEqual(dialogs, []);
  // The refused split is a 422 the browser logs; nothing else.
  assert.deepEqual(errors.filter((e) => !/status of 422/.test(e)), []);
  await ctx.close();
});

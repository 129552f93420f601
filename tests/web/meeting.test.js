// The organizer's cycle tools against a real hub: a new meeting of the
// cycle opened from the console (confirmation, reshuffle option, every room
// replaced by one that opens with the report-back step, members taken
// there by their personal links), and a person's personal link replaced
// from the sessions page and from the console (the old link is refused at
// once and its connection closed; the new one joins as the same person).
// Each new piece of UI is photographed in English and French.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHub } from '../integration/lib/hub.js';
import { sleep } from '../integration/lib/client.js';
import { member, join } from '../integration/lib/session.js';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launch, screenshot, watchErrors, SHOTS } from './lib/browser.js';

const NAMES = ['Ana Tremblay', 'Bruno Gagnon', 'Chloé Roy', 'Dmitri Côté', 'Émilie Bouchard', 'Félix Gauthier',
  'Gabrielle Morin', 'Hugo Lavoie', 'Isabelle Fortin', 'Jacob Gagné', 'Karine Ouellet', 'Louis Pelletier'];
const REPORT_BACK = { en: 'Report back on the action plan', fr: 'Retour sur le plan d’action' };

let hub, browser;
// Shared by the tests, in order: the session, its people and connections.
const S = { id: 0, doc: null, links: null, clients: new Map(), roomPerson: 0, console: null, room: null };

before(async () => {
  hub = await startHub();
  browser = await launch();
});
after(async () => {
  for (const c of S.clients.values()) await c.close().catch(() => {});
  await browser?.close();
  await hub?.stop();
});

async function call(method, p, body) {
  const res = await fetch(`${hub.base}${p}`, { method, headers: { Authorization: `Bearer ${hub.organizerToken}`,
    ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const card = (g) => `[data-testid="room-card"][data-group="${g}"]`;
const nameOf = (pid) => S.doc.people.find((p) => p.id === pid).name;
const linkOf = (pid) => S.links.find((l) => l.person === pid).link;

function facts(page, g) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return null;
    const q = (s) => el.querySelector(s);
    return {
      room: el.dataset.room,
      meeting: q('[data-testid="room-meeting"]')?.textContent ?? null,
      workshop: q('[data-testid="room-workshop"]')?.textContent,
      step: q('[data-testid="room-step"]')?.textContent,
      kind: q('[data-testid="room-step"]')?.dataset.kind,
      stepnum: q('[data-testid="room-stepnum"]')?.textContent,
      connected: Number(q('[data-testid="room-connected"]')?.dataset.n),
      names: [...el.querySelectorAll('[data-testid="room-person"]')].map((li) => li.textContent),
    };
  }, card(g));
}

async function cardIs(page, g, fn, what, timeout = 6000) {
  const t0 = Date.now();
  let last = null;
  for (;;) {
    last = await facts(page, g);
    if (last && fn(last)) return last;
    if (Date.now() - t0 > timeout) assert.fail(`group ${g}: ${what} — card shows ${JSON.stringify(last)}`);
    await sleep(100);
  }
}

async function setLang(page, lang) {
  if (await page.evaluate(() => document.documentElement.lang) === lang) return;
  await page.click('[data-testid="lang-switch"]');
  await page.waitForFunction((l) => document.documentElement.dataset.ready === l, lang);
}

// A picture of one part of the page.
async function shot(locator, name) {
  mkdirSync(SHOTS, { recursive: true });
  await locator.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

async function calm(page) {
  const b = page.locator('#notice button[aria-label]');
  if (await b.isVisible()) await b.click();
  await page.evaluate(() => { document.activeElement?.blur(); scrollTo(0, 0); });
}

test('a new meeting of the cycle from the console: report-back step first, everyone taken to the new rooms', async () => {
  // --- a running session: 12 people, 2 groups of 6, 2 workshops ---
  const people = NAMES.map((name, i) => ({ name, wants_client: i % 2 === 0, can_facilitate: i < 4 }));
  const created = await call('POST', '/api/sessions', { name: 'Cohorte été', template: 'codev-90', workshops: 2, people });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  S.id = created.body.id;
  const started = await call('POST', `/api/sessions/${S.id}/start`);
  assert.equal(started.status, 200, JSON.stringify(started.body));
  S.doc = started.body;
  assert.equal(S.doc.meeting, 1);
  assert.equal(S.doc.groups.length, 2);
  S.links = (await call('GET', `/api/sessions/${S.id}/links`)).body.links;
  const before1 = S.doc;

  // --- scripted members by their personal links: the planned facilitator
  // and two others per group; one more person of group 1 in a browser ---
  const g1 = S.doc.groups[0];
  S.roomPerson = g1.members.filter((m) => m !== g1.plan[0].facilitator).at(-1);
  for (const g of S.doc.groups) {
    const fac = g.plan[0].facilitator;
    const pick = [fac, ...g.members.filter((m) => m !== fac && m !== S.roomPerson).slice(0, 2)];
    for (const pid of pick) {
      const c = member(hub, linkOf(pid));
      const w = await join(c);
      assert.equal(w.session.meeting, 1);
      S.clients.set(pid, c);
    }
  }
  const scripted = (g) => [...S.clients.keys()].filter((pid) => S.doc.groups[g - 1].members.includes(pid)).length;

  // The room page of the browser person.
  const rctx = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  const room = await rctx.newPage();
  room.setDefaultTimeout(8000);
  const roomErrors = watchErrors(room);
  await room.goto(linkOf(S.roomPerson));
  await room.check('[data-testid="join-accept"]');
  await room.click('[data-testid="join-submit"]');
  await room.waitForSelector('[data-testid="room"]');
  assert.equal(await room.textContent('[data-testid="step-title"]'), 'Presentation of the problem');
  assert.match(await room.textContent('[data-testid="session-where"]'), /^Group 1 · workshop 1 of 2$/);

  // --- the console ---
  const ctx = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 900 } });
  const page = await ctx.newPage();
  page.setDefaultTimeout(8000);
  const errors = watchErrors(page);
  await page.goto(`${hub.base}/c/${S.id}#${hub.organizerToken}`);
  await page.waitForSelector('[data-testid="room-card"]');
  assert.equal(await page.textContent('[data-testid="console-meeting"]'), 'Meeting 1 of the cycle');
  await cardIs(page, 1, (c) => c.connected === scripted(1) + 1 && c.meeting === null && c.stepnum === 'Step 1 of 6',
    'meeting 1, no meeting label on the cards');
  await cardIs(page, 2, (c) => c.connected === scripted(2), 'group 2 connected');

  // The dialog explains, and leaves the groups as they are unless asked.
  await page.click('[data-testid="new-meeting"]');
  const dialog = page.locator('[data-testid="meeting-dialog"]');
  await dialog.waitFor();
  assert.equal(await dialog.locator('h2').textContent(), 'Open meeting 2 of the cycle?');
  const said = await dialog.textContent();
  assert.match(said, /Every room of this session closes now/);
  assert.match(said, /taken at once to their group's new room/);
  assert.match(said, /open with a report-back step/);
  assert.match(said, /Reshuffle groups \(fewest repeated pairings\)/);
  assert.equal(await page.isChecked('[data-testid="meeting-reshuffle"]'), false);
  assert.equal(await page.getAttribute('[data-testid="meeting-reshuffle"]', 'aria-describedby'), 'meeting-reshuffle-hint');
  await screenshot(page, 'console-new-meeting-dialog-en');
  // Cancelled: nothing happens.
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await call('GET', `/api/sessions/${S.id}`)).body.meeting, 1);

  const closes = [...S.clients.values()].map((c) => c.closedCode);
  await page.click('[data-testid="new-meeting"]');
  await dialog.waitFor();
  const sent = page.waitForRequest((r) => r.url().endsWith(`/api/sessions/${S.id}/meetings`));
  await page.click('[data-testid="confirm-ok"]');
  assert.deepEqual((await sent).postDataJSON(), { reshuffle: false });

  // --- every card shows meeting 2, a fresh room at its report-back step ---
  await page.locator('[data-testid="console-meeting"]', { hasText: 'Meeting 2 of the cycle' }).waitFor();
  await page.locator('#notice', { hasText: 'Meeting 2 is open' }).waitFor();
  const doc2 = (await call('GET', `/api/sessions/${S.id}`)).body;
  assert.equal(doc2.meeting, 2);
  for (const g of doc2.groups) {
    assert.deepEqual(g.members, before1.groups[g.id - 1].members, 'reshuffle unchecked: the same groups');
    assert.notEqual(g.room, before1.groups[g.id - 1].room, 'a new room');
    await cardIs(page, g.id, (c) => c.room === g.room && c.meeting === 'Meeting 2' && c.workshop === 'Workshop 1/2' &&
      c.stepnum === 'Step 1 of 7' && c.kind === 'report_back' && c.step === REPORT_BACK.en, 'meeting 2, report back');
  }
  S.doc = doc2;

  // --- the scripted members are told (4005) and come back by the same
  // links into the new rooms, at the report-back step ---
  for (const code of await Promise.all(closes)) assert.equal(code, 4005, 'members are told their room moved');
  for (const [pid] of [...S.clients]) {
    const c = member(hub, linkOf(pid));
    const w = await join(c);
    const g = doc2.people.find((p) => p.id === pid).group;
    assert.deepEqual(w.session, { id: S.id, group: g, workshop: 1, workshops: 2, meeting: 2 });
    assert.equal(w.room.id, doc2.groups[g - 1].room);
    assert.equal(w.room.step, 0);
    assert.equal(w.room.steps[0].kind, 'report_back');
    assert.equal(w.room.steps.length, 7);
    S.clients.set(pid, c);
  }
  // The browser person's room page follows by itself.
  await room.waitForFunction(() => /meeting 2/.test(document.querySelector('[data-testid="session-where"]')?.textContent || ''));
  await room.waitForFunction((t) => document.querySelector('[data-testid="step-title"]')?.textContent === t, REPORT_BACK.en);
  assert.equal(await room.textContent('[data-testid="session-where"]'), 'Group 1 · meeting 2 · workshop 1 of 2');
  assert.equal(await room.textContent('[data-testid="step-count"]'), 'Step 1 of 7');
  assert.match(await room.textContent('[data-testid="step-rule"]'), /what came of their action plan/);
  await cardIs(page, 1, (c) => c.connected === scripted(1) + 1, 'group 1 back, with the room page');
  await cardIs(page, 2, (c) => c.connected === scripted(2), 'group 2 back');
  await calm(page);
  await screenshot(page, 'console-meeting-2-en');
  await room.evaluate(() => { document.activeElement?.blur(); scrollTo(0, 0); });
  await screenshot(room, 'room-report-back-en');

  // --- in French: the console, its dialog, the room page ---
  await setLang(page, 'fr');
  await cardIs(page, 1, (c) => c.step === REPORT_BACK.fr && c.meeting === 'Rencontre 2' && c.stepnum === 'Étape 1 sur 7',
    'French card');
  assert.equal(await page.textContent('[data-testid="console-meeting"]'), 'Rencontre 2 du cycle');
  const text = await page.evaluate(() => document.body.innerText);
  assert.doesNotMatch(text, /\b(console|links|session|sessions|step)\.[a-z_.]+/, 'no missing string');
  await calm(page);
  await screenshot(page, 'console-meeting-2-fr');
  await page.click('[data-testid="new-meeting"]');
  await dialog.waitFor();
  assert.equal(await dialog.locator('h2').textContent(), 'Ouvrir la rencontre 3 du cycle?');
  assert.match(await dialog.textContent(), /étape de retour/);
  assert.match(await dialog.textContent(), /Refaire les groupes/);
  assert.doesNotMatch(await dialog.textContent(), /console\.[a-z_.]+/);
  await screenshot(page, 'console-new-meeting-dialog-fr');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await setLang(page, 'en');
  await setLang(room, 'fr');
  await room.waitForFunction((t) => document.querySelector('[data-testid="step-title"]')?.textContent === t, REPORT_BACK.fr);
  assert.equal(await room.textContent('[data-testid="session-where"]'), 'Groupe 1 · rencontre 2 · atelier 1 sur 2');
  await room.evaluate(() => { document.activeElement?.blur(); scrollTo(0, 0); });
  await screenshot(room, 'room-report-back-fr');
  await setLang(room, 'en');

  assert.deepEqual(errors, []);
  assert.deepEqual(roomErrors, []);
  S.console = { ctx, page, errors };
  S.room = { ctx: rctx, page: room, errors: roomErrors };
});

test('a new personal link, from the sessions page and from the console: the old one stops working at once', async () => {
  assert.ok(S.doc, 'the first test ran');
  const ctx = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hub.base });
  const page = await ctx.newPage();
  page.setDefaultTimeout(8000);
  const errors = watchErrors(page);
  await page.goto(hub.organizerLink);
  await page.click('[data-testid="session-row"] button');
  await page.waitForSelector('[data-testid="person-link"]');
  assert.match(await page.textContent('[data-testid="links"] .hint'), /make a new one: the old one stops working at once/);

  // A scripted member of group 2 (not its facilitator) gets a new link.
  const g2 = S.doc.groups[1];
  const pid = [...S.clients.keys()].find((p) => g2.members.includes(p) && p !== g2.plan[0].facilitator);
  const old = S.clients.get(pid);
  const participant = old.id, roomId = old.welcome.room.id;
  const line = `[data-testid="person-link"][data-person="${pid}"]`;
  const oldLink = await page.inputValue(`${line} input`);
  assert.equal(oldLink, linkOf(pid));
  assert.equal(await page.getAttribute(`${line} [data-testid="renew-link"]`, 'aria-label'), `New link for ${nameOf(pid)}`);
  await page.click(`${line} [data-testid="renew-link"]`);
  const dialog = page.locator('[data-testid="renew-dialog"]');
  await dialog.waitFor();
  assert.equal(await dialog.locator('h2').textContent(), `New link for ${nameOf(pid)}?`);
  assert.match(await dialog.textContent(), /current link stops working at once: if they are connected with it, they are disconnected right away/);
  assert.doesNotMatch(await dialog.textContent(), /null|undefined/);
  await screenshot(page, 'organizer-new-link-dialog-en');
  await page.click('[data-testid="confirm-ok"]');
  await page.waitForFunction(([sel, was]) => document.querySelector(sel)?.value !== was, [`${line} input`, oldLink]);
  const newLink = await page.inputValue(`${line} input`);
  assert.notEqual(newLink, oldLink);
  assert.match(newLink, new RegExp(`^${hub.base}/j#[A-Za-z0-9_-]+$`));
  assert.equal(await page.textContent(`${line} [data-testid="renewed-note"]`),
    `New link — the old one no longer works. Send this one to ${nameOf(pid)}.`);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'renew-link', 'focus stays on the action');
  await page.click(`${line} [data-testid="copy-link"]`);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), newLink);

  // The hub: the old connection is closed (4003), the old link refused,
  // the new one joins the same room as the same participant.
  assert.equal(await old.closedCode, 4003, 'the open connection of the old link is closed');
  const stale = member(hub, oldLink);
  const refused = await stale.open();
  assert.equal(refused.type, 'error');
  assert.equal(refused.code, 'unauthorized');
  assert.equal((await stale.ws.closed).code, 4003);
  const fresh = member(hub, newLink);
  const w = await join(fresh);
  assert.equal(w.room.id, roomId);
  assert.equal(w.you.participant, participant, 'the same person');
  assert.equal(w.room.participants.find((p) => p.id === participant).name, nameOf(pid));
  S.clients.set(pid, fresh);
  const listed = (await call('GET', `/api/sessions/${S.id}/links`)).body.links;
  assert.equal(listed.find((l) => l.person === pid).link, newLink);
  await page.evaluate(() => { document.activeElement?.blur(); });
  await shot(page.locator('[data-testid="links"]'), 'organizer-new-link-en');

  // In French: the list, the note and the dialog.
  await setLang(page, 'fr');
  assert.equal(await page.textContent(`${line} [data-testid="renewed-note"]`),
    `Nouveau lien — l’ancien ne fonctionne plus. Envoyez celui-ci à ${nameOf(pid)}.`);
  assert.equal(await page.textContent(`${line} [data-testid="renew-link"]`), 'Nouveau lien');
  await shot(page.locator('[data-testid="links"]'), 'organizer-new-link-fr');
  await page.click(`${line} [data-testid="renew-link"]`);
  await dialog.waitFor();
  assert.equal(await dialog.locator('h2').textContent(), `Nouveau lien pour ${nameOf(pid)}?`);
  await screenshot(page, 'organizer-new-link-dialog-fr');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.inputValue(`${line} input`), newLink, 'cancelled: the link stays');
  const orgText = await page.evaluate(() => document.body.innerText);
  assert.doesNotMatch(orgText, /\b(links|sessions|organizer)\.[a-z_.]+/, 'no missing string');
  assert.deepEqual(errors, []);
  await ctx.close();

  // --- from the console: the browser person's link; their room page is
  // cut off at once and says the link no longer opens the room ---
  const { page: con, errors: conErrors } = S.console;
  const { page: room, errors: roomErrors } = S.room;
  await con.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hub.base });
  const c1 = card(1);
  await con.click(`${c1} [data-testid="link-open"]`);
  assert.equal(await con.isDisabled(`${c1} [data-testid="link-renew"]`), true, 'nobody chosen yet');
  await con.selectOption(`${c1} [data-testid="link-person"]`, String(S.roomPerson));
  await con.click(`${c1} [data-testid="link-renew"]`);
  const asked = con.locator('[data-testid="renew-dialog"]');
  await asked.waitFor();
  assert.equal(await asked.locator('h2').textContent(), `New link for ${nameOf(S.roomPerson)}?`);
  await con.click('[data-testid="confirm-ok"]');
  const shown = con.locator(`${c1} [data-testid="link-url"]`);
  await shown.waitFor();
  const consoleLink = await shown.inputValue();
  assert.notEqual(consoleLink, linkOf(S.roomPerson));
  assert.match(consoleLink, new RegExp(`^${hub.base}/j#[A-Za-z0-9_-]+$`));
  assert.match(await con.textContent(`${c1} [data-testid="link-result"]`), /the old one no longer works/);
  await con.click(`${c1} [data-testid="link-copy"]`);
  assert.equal(await con.evaluate(() => navigator.clipboard.readText()), consoleLink);
  await room.waitForFunction(() => /This link does not open the room/.test(document.querySelector('#app').textContent));
  const who = nameOf(S.roomPerson);
  await cardIs(con, 1, (c) => c.names.some((n) => n.includes(who) && /away/.test(n)), 'the room page is disconnected');
  // The new link from the console joins.
  const again = member(hub, consoleLink);
  const w2 = await join(again);
  assert.equal(w2.room.id, S.doc.groups[0].room);
  assert.equal(w2.room.participants.find((p) => p.id === w2.you.participant).name, who);
  assert.equal((await member(hub, linkOf(S.roomPerson)).open()).code, 'unauthorized');
  S.clients.set(S.roomPerson, again);
  await con.evaluate(() => { document.activeElement?.blur(); });
  await shot(con.locator(c1), 'console-new-link-en');
  await setLang(con, 'fr');
  await con.locator(`${c1} [data-testid="link-result"]`, { hasText: 'l’ancien ne fonctionne plus' }).waitFor();
  assert.equal(await con.textContent(`${c1} [data-testid="link-open"]`), 'Lien personnel…');
  await shot(con.locator(c1), 'console-new-link-fr');

  assert.deepEqual(conErrors, []);
  // The room page's refused reconnect is the only message allowed there.
  assert.deepEqual(roomErrors.filter((e) => !/4003|unauthorized/i.test(e)), []);
  await S.console.ctx.close();
  await S.room.ctx.close();
});

// The organizer page lists the organization's rooms from the hub (GET
// /api/rooms), wherever they were created, never another organization's;
// a room is deleted, given new links, and a link revoked from the page.
// The personal links of a session are sent from the page: "Copy all" with
// the e-mail column, a mailto: per person, one CSV for a mail merge, an
// .ics invitation per person. Screenshot of the rooms list for the docs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startHub, SOURCE_ROOT } from '../integration/lib/hub.js';
import { Client, createRoom } from '../integration/lib/client.js';
import { apiOk, orgCreate, tokenOf } from '../integration/lib/session.js';
import { launch, screenshot, watchErrors } from './lib/browser.js';

let hub, browser, org2;
before(async () => {
  hub = await startHub();
  browser = await launch();
  const r = await orgCreate(hub, 'Autre');
  assert.equal(r.code, 0, r.stderr);
  org2 = r.token;
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

const row = (id) => `[data-testid="hub-room"][data-room="${id}"]`;
const listed = (page) => page.$$eval('[data-testid="hub-room"]', (els) => els.map((e) => e.dataset.room));

test('the rooms list: from the hub, only this organization; delete, new links, revoke', async () => {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hub.base });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const elsewhere = await createRoom(hub); // created by the API, not by this browser
  const guest = new Client(hub, elsewhere.participantToken, 'Invité');
  await guest.open();
  const foreign = await apiOk(hub, 'POST', '/api/rooms', {}, 201, org2);
  await page.goto(hub.organizerLink);
  await page.waitForSelector(row(elsewhere.room));
  assert.match(await page.textContent(`${row(elsewhere.room)} [data-testid="room-facts"]`),
    /created .* · step 1 of 6 \(Problem\) · 1 of 1 connected$/);
  assert.match(await page.textContent(row(elsewhere.room)), /created elsewhere/);

  // Created here: newest first, its links shown.
  await page.click('[data-testid="create-room"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="hub-room"]').length === 2);
  const ids = await listed(page);
  assert.equal(ids[1], elsewhere.room);
  const mine = ids[0];
  assert.ok(!ids.includes(foreign.room), 'another organization\'s room is not listed');
  const part = await page.inputValue(`${row(mine)} [data-testid="link-participant"]`);
  assert.match(part, new RegExp(`/r/${mine}#`));

  // New links: the old ones are kept aside, to revoke.
  await page.click(`${row(mine)} [data-testid="room-new-links"]`);
  await page.waitForSelector(`${row(mine)} [data-testid="previous-links"]`);
  const fresh = await page.inputValue(`${row(mine)} [data-testid="link-participant"]`);
  assert.notEqual(fresh, part);
  assert.equal(await page.inputValue(`${row(mine)} [data-testid="old-link-participant"]`), part);
  await page.click(`${row(mine)} [data-testid="previous-links"] [data-testid="revoke-link"][data-kind="participant"]`);
  await page.waitForSelector('[data-testid="revoke-dialog"]');
  await page.click('[data-testid="revoke-dialog"] [data-testid="confirm-ok"]');
  await page.waitForSelector(`${row(mine)} [data-testid="previous-links"] [data-testid="link-revoked"]`);
  const refused = await new Client(hub, tokenOf(part), 'Late').open();
  assert.equal(refused.type, 'error', 'the revoked link no longer joins');
  const ok = await new Client(hub, tokenOf(fresh), 'On time').open();
  assert.equal(ok.type, 'welcome', 'the new link joins');
  ok.ws?.close();

  // A pasted link is revoked too.
  await page.fill('[data-testid="revoke-input"]', elsewhere.participant_link);
  await page.click('[data-testid="revoke-any"]');
  assert.equal((await guest.ws.closed).code, 4003, 'its connection is closed');

  // Delete, after the confirmation.
  await page.click(`${row(elsewhere.room)} [data-testid="room-delete"]`);
  await page.waitForSelector('[data-testid="delete-room-dialog"]');
  await page.click('[data-testid="delete-room-dialog"] [data-testid="confirm-ok"]');
  await page.waitForFunction((sel) => !document.querySelector(sel), row(elsewhere.room));
  const left = (await apiOk(hub, 'GET', '/api/rooms', undefined, 200)).rooms.map((r) => r.id);
  assert.deepEqual(left, [mine]);
  assert.deepEqual((await apiOk(hub, 'GET', '/api/rooms', undefined, 200, org2)).rooms.map((r) => r.id), [foreign.room]);

  assert.deepEqual(errors, []);
  await context.close();
});

const PEOPLE = ['Ana, la grande', 'Bruno "Bru"', 'Chloé', 'Dmitri', 'Émilie', 'Fatou', 'Gaël', 'Hélène', 'Ibrahim', '=Jeanne'];

test('personal links: Copy all keeps the e-mail, mailto per person, one CSV, .ics invitations', async () => {
  const people = PEOPLE.map((name, i) => ({ name, facilitator: i < 2, can_facilitate: i < 2, wants_client: true,
    ...(i === 3 ? {} : { email: `p${i + 1}@example.org` }) }));
  const draft = await apiOk(hub, 'POST', '/api/sessions', { name: 'Cohorte A; printemps', workshops: 2, people }, 201);
  await apiOk(hub, 'POST', `/api/sessions/${draft.id}/start`, undefined, 200);
  const links = (await apiOk(hub, 'GET', `/api/sessions/${draft.id}/links`, undefined, 200)).links;
  const context = await browser.newContext({ locale: 'en-US', acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hub.base });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(hub.organizerLink);
  await page.click('[data-testid="session-row"] button');
  await page.waitForSelector('[data-testid="copy-all-links"]');

  await page.click('[data-testid="copy-all-links"]');
  const lines = (await page.evaluate(() => navigator.clipboard.readText())).split('\n');
  assert.equal(lines.length, PEOPLE.length);
  for (const l of links) {
    const email = l.person === 4 ? '' : `p${l.person}@example.org`;
    assert.ok(lines.includes([l.name, email, `Group ${l.group}`, l.link].join('\t')), `line of ${l.name}`);
  }

  const mail = await page.getAttribute('[data-testid="mail-link"][data-person="1"]', 'href');
  const u = new URL(mail);
  assert.equal(u.protocol, 'mailto:');
  assert.equal(decodeURIComponent(u.pathname), 'p1@example.org');
  assert.ok(u.searchParams.get('body').includes(links.find((l) => l.person === 1).link));
  assert.equal(await page.locator('[data-testid="mail-link"][data-person="4"]').count(), 0, 'no address, no mailto');

  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-csv"]')]);
  const csv = readFileSync(await csvDl.path(), 'utf8');
  const rows = csv.split('\r\n');
  assert.equal(rows[0], 'name,email,group,link');
  assert.equal(rows.at(-1), '', 'CRLF after the last line');
  const l1 = links.find((l) => l.person === 1), l2 = links.find((l) => l.person === 2);
  assert.ok(rows.includes(`"Ana, la grande",p1@example.org,${l1.group},${l1.link}`), csv);
  assert.ok(rows.includes(`"Bruno ""Bru""",p2@example.org,${l2.group},${l2.link}`), csv);
  assert.ok(rows.some((r) => r.startsWith('\'=Jeanne,')), 'a formula-looking name is neutralised');

  assert.equal(await page.isDisabled('[data-testid="ics-link"][data-person="1"]'), true, 'no date yet');
  await page.fill('[data-testid="invite-date"]', '2027-03-15');
  await page.fill('[data-testid="invite-time"]', '13:30');
  await page.waitForSelector('[data-testid="ics-link"][data-person="1"]:not([disabled])');
  const [icsDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="ics-link"][data-person="1"]')]);
  const ics = readFileSync(await icsDl.path(), 'utf8');
  assert.match(ics, /^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\n/);
  assert.ok(ics.endsWith('END:VCALENDAR\r\n'));
  for (const line of ics.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `folded: ${line}`);
  const unfolded = ics.replace(/\r\n /g, '');
  const start = await page.evaluate(() => new Date('2027-03-15T13:30').toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, ''));
  assert.ok(unfolded.includes(`DTSTART:${start}\r\n`), unfolded);
  assert.ok(unfolded.includes(`URL:${l1.link}\r\n`));
  assert.ok(unfolded.includes('SUMMARY:Cohorte A\\; printemps: co-development (group'), unfolded);
  assert.ok(unfolded.includes(`Ana\\, la grande`), 'commas escaped');
  assert.ok(/DESCRIPTION:.*\\n.*\r\n/.test(unfolded), 'line breaks escaped');
  await screenshot(page, 'session-links-en');

  // The rooms list now holds the session's rooms too, with their group.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.click('[data-testid="rooms-refresh"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="hub-room"]').length === 3);
  assert.match(await page.textContent('[data-testid="hub-room"]:first-child [data-testid="room-facts"]'),
    /session “Cohorte A; printemps”, group \d, workshop 1$/);
  await page.evaluate(() => document.activeElement?.blur());
  await screenshot(page, 'organizer-rooms-en');
  if (process.env.CODEVHUB_DOCS_SHOTS === '1') {
    await page.locator('[data-testid="hub-rooms"]').screenshot({ path: path.join(SOURCE_ROOT, 'docs', 'screenshots', 'organizer-rooms-en.png') });
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('the sessions page follows a new meeting started from the console tab at once (storage event)', async () => {
  const people = PEOPLE.map((name, i) => ({ name, facilitator: i < 2, can_facilitate: i < 2, wants_client: true }));
  const draft = await apiOk(hub, 'POST', '/api/sessions', { name: 'Suivi', workshops: 1, people }, 201);
  await apiOk(hub, 'POST', `/api/sessions/${draft.id}/start`, undefined, 200);
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(hub.organizerLink);
  await page.locator('[data-testid="session-row"]', { hasText: 'Suivi' }).locator('button').click();
  await page.waitForSelector(`[data-testid="session"][data-id="${draft.id}"]`);
  assert.match(await page.textContent('[data-testid="session"] .muted'), /meeting 1/);
  const con = await context.newPage();
  await con.goto(`${hub.base}/c/${draft.id}#${hub.organizerToken}`);
  await con.click('[data-testid="new-meeting"]');
  await con.click('[data-testid="meeting-dialog"] [data-testid="confirm-ok"]');
  const t0 = Date.now();
  await page.waitForFunction(() => /meeting 2/.test(document.querySelector('[data-testid="session"] .muted')?.textContent || ''),
    undefined, { timeout: 5000 });
  assert.ok(Date.now() - t0 < 5000, 'well before the 15 s poll');
  const doc = await apiOk(hub, 'GET', `/api/sessions/${draft.id}`, undefined, 200);
  assert.equal(doc.meeting, 2);
  assert.deepEqual(errors, []);
  await context.close();
});

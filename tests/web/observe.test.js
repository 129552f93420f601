// Looking in, in the browser: the facilitator link's join page offers two
// explicit ways in (the first to enter no longer becomes facilitator by
// accident), and the organizer opens any room from the rooms list or the
// console as an observer every member sees ("Organizer is observing"),
// even a locked room; the line goes when the organizer leaves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, screenshot, watchErrors } from './lib/browser.js';
import { startFastHub, enter, createRoom, pid } from './lib/room.js';
import { SOURCE_ROOT } from '../integration/lib/hub.js';

let hub, browser;
before(async () => {
  hub = await startFastHub({ seconds: 120 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  assert.doesNotMatch(hub.stderr(), /ERROR: (Address|Undefined|Leak)Sanitizer|runtime error/);
  await hub?.stop();
});

async function open(link, locale = 'en-US') {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  const errors = watchErrors(page);
  await page.goto(link);
  return { context, page, errors };
}

async function fillJoin(page, name) {
  await page.waitForSelector('[data-testid="join-name"]');
  await page.fill('[data-testid="join-name"]', name);
  await page.check('[data-testid="join-accept"]');
}

const myRole = (page) => page.getAttribute('[data-testid="me"] [data-role]', 'data-role');
const noteOf = (page) => page.evaluate(() => {
  const el = document.querySelector('[data-testid="observing"]');
  return el && !el.hidden ? el.textContent : null;
});

test('a facilitator link asks: enter as facilitator, or just look in', async () => {
  const room = await createRoom(hub, { template: 'fast' });
  const peek = await open(room.facilitator_link);
  await fillJoin(peek.page, 'Paul');
  assert.equal(await peek.page.textContent('[data-testid="join-submit"]'), 'Enter as facilitator');
  await peek.page.click('[data-testid="join-observe"]');
  await peek.page.waitForSelector('[data-testid="room"]');
  assert.equal(await myRole(peek.page), 'observer', 'looking in: an observer');
  assert.equal(await peek.page.locator('[data-testid="f-next"]').count(), 0, 'no facilitator controls');
  const f = await open(room.facilitator_link);
  await fillJoin(f.page, 'Anne');
  await f.page.click('[data-testid="join-submit"]');
  await f.page.waitForSelector('[data-testid="f-next"]');
  assert.equal(await myRole(f.page), 'facilitator', 'the seat was left for the one who runs it');
  assert.equal(await noteOf(f.page), null, 'an observer by choice is not the organizer');
  assert.deepEqual([...peek.errors, ...f.errors], []);
  await peek.context.close();
  await f.context.close();
});

test('the organizer observes a locked room from the rooms list; every member sees it', async () => {
  const room = await createRoom(hub, { template: 'fast' });
  const f = await enter(browser, room.facilitator_link, 'Anne');
  const k = await enter(browser, room.participant_link, 'Karim', { locale: 'fr-CA' });
  await f.page.click('[data-testid="lock"]');
  await f.page.waitForSelector('[data-testid="unlock"]');
  // The organizer page lists the room with an "Observe" link.
  const org = await open(hub.organizerLink);
  const observe = org.page.locator(`[data-testid="hub-room"][data-room="${room.room}"] [data-testid="room-observe"]`);
  await observe.waitFor();
  assert.equal(await observe.getAttribute('target'), '_blank');
  const href = new URL(await observe.getAttribute('href'), hub.base).href;
  assert.equal(href, `${hub.base}/r/${room.room}#${hub.organizerToken}`);
  const [tab] = await Promise.all([org.context.waitForEvent('page'), observe.click()]);
  tab.setDefaultTimeout(8000);
  const tabErrors = watchErrors(tab);
  await tab.waitForSelector('[data-testid="join-name"]');
  assert.equal(await tab.textContent('h1'), 'Observe this room as organizer');
  assert.equal(await tab.locator('[data-testid="join-observe"]').count(), 0, 'one way in only');
  await fillJoin(tab, 'Olga');
  await tab.click('[data-testid="join-submit"]');
  await tab.waitForSelector('[data-testid="room"]');
  assert.equal(await myRole(tab), 'observer');
  assert.match(await noteOf(tab), /You are observing this room as organizer/);
  await f.page.waitForFunction(() => !document.querySelector('[data-testid="observing"]')?.hidden);
  assert.equal(await noteOf(f.page), 'The organizer (Olga) is observing this room.');
  await k.page.waitForFunction(() => !document.querySelector('[data-testid="observing"]')?.hidden);
  assert.equal(await noteOf(k.page), 'L’organisation (Olga) observe cette salle.');
  const tag = f.page.locator('[data-testid="person"]:has-text("Olga") [data-testid="organizer-tag"]');
  assert.equal(await tag.textContent(), 'Organizer');
  // The facilitator's panel offers no role for the organizer.
  const fixed = f.page.locator('[data-testid="role-fixed"]');
  assert.equal(await fixed.count(), 1);
  const olga = Number(await fixed.getAttribute('data-pid'));
  assert.equal(await f.page.locator(`[data-testid="role-select"][data-pid="${olga}"]`).count(), 0);
  assert.equal(await f.page.locator(`[data-testid="role-select"]`).count(), 2, 'Anne and Karim keep theirs');
  assert.deepEqual(await f.page.$$eval('[data-testid="remove"]', (els) => els.map((e) => Number(e.dataset.pid))),
    [await pid(f.page, 'Karim')], 'only Karim can be removed, not the organizer');
  await screenshot(f.page, 'organizer-observing-en');
  if (process.env.CODEVHUB_DOCS_SHOTS === '1') {
    await f.page.evaluate(() => scrollTo(0, 0));
    await f.page.screenshot({ path: path.join(SOURCE_ROOT, 'docs', 'screenshots', 'organizer-observing-en.png') });
  }
  await tab.close();
  await f.page.waitForFunction(() => document.querySelector('[data-testid="observing"]')?.hidden);
  assert.equal(await noteOf(k.page), null, 'the line goes with the organizer');
  assert.deepEqual([...f.errors, ...k.errors, ...org.errors, ...tabErrors], []);
  for (const c of [f, k, org]) await c.context.close();
});

// The room is safe, in the browser: the same browser reopening the link
// comes back to its own seat (no second "Tom"), a full room says so in
// words on the join page (never a stuck "Joining the room…"), and the
// facilitator locks the room (a newcomer reads why), removes a participant
// (their page says so) and ends the workshop (the closing screen, with
// the client's record). Screenshots of the new states go to
// docs/screenshots/ with CODEVHUB_DOCS_SHOTS=1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, screenshot } from './lib/browser.js';
import { startFastHub, enter, pid, assignRole, createRoom } from './lib/room.js';
import { SOURCE_ROOT } from '../integration/lib/hub.js';

let hub, browser;
before(async () => {
  hub = await startFastHub({ seconds: 120, config: { limits: { max_participants: 4 } } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  assert.doesNotMatch(hub.stderr(), /ERROR: (Address|Undefined|Leak)Sanitizer|runtime error/);
  await hub?.stop();
});

async function shot(page, name) {
  await page.evaluate(() => { document.activeElement?.blur(); scrollTo(0, 0); });
  if (process.env.CODEVHUB_DOCS_SHOTS === '1') {
    await page.screenshot({ path: path.join(SOURCE_ROOT, 'docs', 'screenshots', `${name}.png`), fullPage: true });
  }
  return screenshot(page, name);
}

const names = (page) => page.$$eval('[data-testid="person"] [data-testid="person-name"]', (els) => els.map((e) => e.textContent));

// Enters through the join page, but the hub refuses: the message in words.
async function refused(link, name, locale = 'en-US') {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  await page.goto(link);
  await page.fill('[data-testid="join-name"]', name);
  await page.check('[data-testid="join-accept"]');
  await page.click('[data-testid="join-submit"]');
  // "Joining the room…" first, then the hub's answer in words.
  await page.waitForFunction(() => {
    const h1 = document.querySelector('[data-testid="message"] h1');
    return h1 && !/^(Joining the room|Entrée dans la salle)/.test(h1.textContent);
  });
  return { context, page, title: await page.textContent('[data-testid="message"] h1'),
    text: await page.textContent('[data-testid="message"] p') };
}

test('the same browser reopening the link returns to its seat; a full room says so in words', async () => {
  const room = await createRoom(hub, { template: 'fast' });
  const f = await enter(browser, room.facilitator_link, 'Anne');
  const tom = await enter(browser, room.participant_link, 'Tom');
  const me = await pid(tom.page, 'Tom');
  // Tom closes the tab and opens the link again, twice: even with the
  // resume secret forgotten, the browser's seat key brings him back.
  await tom.page.close();
  let again = await tom.context.newPage();
  await again.goto(room.participant_link);
  await again.waitForSelector('[data-testid="room"]');
  await again.evaluate(() => {
    for (const k of Object.keys(localStorage)) {
      if (k.startsWith('codev.id:')) {
        const v = JSON.parse(localStorage.getItem(k));
        delete v.resume;
        localStorage.setItem(k, JSON.stringify(v));
      }
    }
  });
  await again.close();
  again = await tom.context.newPage();
  await again.goto(room.participant_link);
  await again.waitForSelector('[data-testid="room"]');
  assert.equal(await pid(again, 'Tom'), me, 'the same participant');
  await f.page.waitForFunction(() => document.querySelectorAll('[data-testid="person"]').length === 2);
  assert.deepEqual(await names(f.page), ['Anne', 'Tom'], 'one Tom, not two');

  // Two people who came and went hold the last seats (max_participants 4).
  for (const n of ['Ghost1', 'Ghost2']) {
    const g = await enter(browser, room.participant_link, n);
    await g.context.close();
  }
  const full = await refused(room.participant_link, 'Newcomer');
  assert.equal(full.title, 'The room is full');
  assert.match(full.text, /Every seat of this room is taken/);
  assert.doesNotMatch(await full.page.textContent('#app'), /Something went wrong|Joining the room/);
  await shot(full.page, 'room-full-en');
  await full.context.close();
  await f.context.close();
  await tom.context.close();
});

test('lock, remove and end through the page', async () => {
  const room = await createRoom(hub, { template: 'fast' });
  const f = await enter(browser, room.facilitator_link, 'Anne');
  const c = await enter(browser, room.participant_link, 'Bruno');
  const dup = await enter(browser, room.participant_link, 'Bruno');
  await f.page.waitForFunction(() => document.querySelectorAll('[data-testid="person"]').length === 3);
  await assignRole(f.page, 'Bruno', 'client'); // the first Bruno (lowest id): c

  // Lock: everyone sees it; a newcomer reads why on the join page.
  await f.page.click('[data-testid="lock"]');
  await f.page.waitForSelector('[data-testid="unlock"]');
  await c.page.waitForSelector('[data-testid="locked-note"]');
  await f.page.waitForSelector('[data-testid="safety"] [data-testid="locked-note"]');
  await shot(f.page, 'facilitator-locked-en');
  const late = await refused(room.participant_link, 'Late');
  assert.equal(late.title, 'The room is locked');
  assert.match(late.text, /nobody new can come in/);
  await shot(late.page, 'locked-notice-en');
  await late.context.close();

  // Remove the duplicate Bruno (not the client; the client could be removed too).
  const ids = await f.page.$$eval('[data-testid="remove"]', (els) => els.map((e) => Number(e.dataset.pid)));
  assert.equal(ids.length, 2, 'both Brunos can be removed');
  const client = await pid(c.page, 'Bruno');
  const victim = ids.find((i) => i !== client);
  await f.page.click(`[data-testid="remove"][data-pid="${victim}"]`);
  await f.page.click('[data-testid="confirm-ok"]');
  await dup.page.waitForSelector('[data-testid="message"]');
  assert.equal(await dup.page.textContent('[data-testid="message"] h1'), 'You were removed from the room');
  assert.equal(await dup.page.textContent('#conn'), 'Removed from the room');
  await shot(dup.page, 'removed-notice-en');
  await f.page.waitForFunction(() => document.querySelectorAll('[data-testid="person"]').length === 2);
  // Reopening the link in that browser while locked: still no way in.
  await dup.page.reload();
  await dup.page.waitForFunction(() => /locked/.test(document.querySelector('[data-testid="message"] h1')?.textContent || ''));
  assert.equal(await dup.page.textContent('[data-testid="message"] h1'), 'The room is locked');

  // End: the closing screen for everyone, with the record for the client.
  await f.page.click('[data-testid="end"]');
  await f.page.click('[data-testid="confirm-ok"]');
  await c.page.waitForSelector('[data-testid="closing"]');
  await f.page.waitForSelector('[data-testid="closing"]');
  assert.match(await c.page.textContent('[data-testid="closing"] h1'), /Thank you/);
  assert.ok(await c.page.isVisible('[data-testid="closing"] [data-testid="download"]'), 'the client gets the record');
  await shot(c.page, 'closing-screen-en');
  // After a reload the room is still over.
  await c.page.reload();
  await c.page.waitForSelector('[data-testid="closing"]');
  for (const x of [f, c, dup]) {
    assert.deepEqual(x.errors.filter((e) => !/WebSocket|4006|Failed to load resource/.test(e)), [], `${x.name}: console errors`);
    await x.context.close();
  }
});

test('en français : la salle verrouillée, l\'écran de clôture', async () => {
  const room = await createRoom(hub, { template: 'fast' });
  const f = await enter(browser, room.facilitator_link, 'Anne', { locale: 'fr-FR' });
  const c = await enter(browser, room.participant_link, 'Camille', { locale: 'fr-FR' });
  await f.page.waitForFunction(() => document.querySelectorAll('[data-testid="person"]').length === 2);
  await assignRole(f.page, 'Camille', 'client');
  await f.page.click('[data-testid="lock"]');
  const late = await refused(room.participant_link, 'Léa', 'fr-FR');
  assert.equal(late.title, 'La salle est verrouillée');
  await shot(late.page, 'locked-notice-fr');
  await late.context.close();
  await f.page.click('[data-testid="end"]');
  await f.page.click('[data-testid="confirm-ok"]');
  await c.page.waitForSelector('[data-testid="closing"]');
  assert.match(await c.page.textContent('[data-testid="closing"] h1'), /Merci/);
  await shot(c.page, 'closing-screen-fr');
  await f.context.close();
  await c.context.close();
});

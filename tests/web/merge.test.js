// Tom on his laptop and on his phone (two browsers: two seats, two
// "Tom"). The facilitator's Room safety card spots the two names and
// merges the phone's seat into the laptop's: the phone's question and
// raised hand become the laptop seat's, the phone reads why it stopped
// (fr), and "Continue on this device" brings it back on the one seat,
// the laptop then told it was taken over. Axe: no serious or critical
// violation on the merge tool and the merged page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SOURCE_ROOT } from '../integration/lib/hub.js';
import { launch, screenshot } from './lib/browser.js';
import { audit } from './lib/axe.js';
import { startFastHub, enter, pid, assignRole, nextStep, createRoom, reveal, revealClick } from './lib/room.js';

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


const docsShot = (locator, name) => process.env.CODEVHUB_DOCS_SHOTS === '1'
  ? locator.screenshot({ path: path.join(SOURCE_ROOT, 'docs', 'screenshots', `${name}.png`) }) : null;

const people = (page) => page.$$eval('[data-testid="person"] [data-testid="person-name"]', (els) => els.map((e) => e.textContent));

test('two Toms: the facilitator merges the phone into the laptop; the phone continues on the one seat', async () => {
  const room = await createRoom(hub, { template: 'fast' });
  const anne = await enter(browser, room.facilitator_link, 'Anne', { bypassCSP: true });
  const bruno = await enter(browser, room.participant_link, 'Bruno');
  const laptop = await enter(browser, room.participant_link, 'Tom');
  const phone = await enter(browser, room.participant_link, 'Tom', { locale: 'fr-CA', viewport: { width: 390, height: 844 },
    bypassCSP: true });
  await anne.page.waitForFunction(() => document.querySelectorAll('[data-testid="person"]').length === 4);
  assert.deepEqual((await people(anne.page)).sort(), ['Anne', 'Bruno', 'Tom', 'Tom'], 'two seats named Tom');
  await assignRole(anne.page, 'Bruno', 'client');
  await nextStep(anne.page); // questions
  await phone.page.waitForSelector('[data-testid="question-input"]', { state: 'attached' });
  await reveal(phone.page, '[data-testid="question-input"]'); // a phone: the Questions tab
  await phone.page.fill('[data-testid="question-input"]', 'Depuis quand ?');
  await phone.page.click('[data-testid="question-input-submit"]');
  await revealClick(phone.page, '[data-testid="hand"]');
  await anne.page.waitForSelector('[data-testid="question"]');

  // The card spots the two names and offers the later seat as the duplicate.
  const merge = anne.page.locator('[data-testid="merge"]');
  assert.equal(await merge.locator('[data-testid="merge-hint"]').textContent(), 'Two seats have the name Tom.');
  const from = Number(await merge.locator('[data-testid="merge-from"]').inputValue());
  const into = Number(await merge.locator('[data-testid="merge-into"]').inputValue());
  assert.ok(from > into && into > 0, `the later seat is the duplicate (${from} into ${into})`);
  assert.equal(await laptop.page.locator('[data-testid="merge"]').isVisible(), false, 'only the facilitator merges');
  const hand = await anne.page.evaluate(() => [...document.querySelectorAll('[data-testid="person"]')]
    .filter((li) => li.querySelector('.tag.hand')).map((li) => Number(li.dataset.pid)));
  assert.deepEqual(hand, [from], 'the raised hand is the phone seat\'s');
  assert.deepEqual(await audit(anne.page, 'merge tool'), []);
  await screenshot(anne.page, 'merge-tool-en');
  await docsShot(anne.page.locator('[data-testid="safety"]'), 'merge-tool-en');

  await merge.locator('[data-testid="merge-go"]').click();
  const dlg = anne.page.locator('dialog[open]');
  assert.match(await dlg.textContent(), /This cannot be undone/);
  await dlg.locator('[data-testid="confirm-ok"]').click();
  await phone.page.waitForSelector('[data-testid="message"]');
  assert.equal(await phone.page.textContent('[data-testid="message"] h1'), 'Vos places ont été fusionnées');
  await anne.page.waitForFunction(() => document.querySelectorAll('[data-testid="person"]').length === 3);
  assert.deepEqual((await people(anne.page)).sort(), ['Anne', 'Bruno', 'Tom'], 'one Tom');
  const handNow = await anne.page.evaluate(() => [...document.querySelectorAll('[data-testid="person"]')]
    .filter((li) => li.querySelector('.tag.hand')).map((li) => Number(li.dataset.pid)));
  assert.deepEqual(handNow, [into], 'the hand went to the seat that stayed');
  assert.match(await anne.page.textContent('[data-testid="question"]'), /Tom/);
  assert.equal(await pid(anne.page, 'Tom'), into);
  assert.equal(await anne.page.locator('[data-testid="merge-hint"]').count(), 0, 'no more twin');
  assert.deepEqual(await audit(phone.page, 'merged page'), []);
  await screenshot(phone.page, 'merged-fr');
  await docsShot(phone.page, 'merged-fr');

  await phone.page.click('[data-testid="merged-continue"]');
  await phone.page.waitForSelector('[data-testid="room"]');
  await laptop.page.waitForSelector('[data-testid="use-here"]');
  assert.match(await phone.page.textContent('[data-testid="me"]'), /Tom/);
  await phone.page.waitForSelector('[data-testid="person"]', { state: 'attached' });
  assert.equal(await pid(phone.page, 'Tom'), into, 'the phone is on the seat that stayed');
  await reveal(phone.page, '[data-testid="hand"]');
  assert.equal(await phone.page.locator('[data-testid="hand"]').getAttribute('aria-pressed'), 'true',
    'with its raised hand');
  for (const c of [anne, bruno, laptop, phone]) {
    assert.deepEqual(c.errors || [], []);
    await c.context.close();
  }
});

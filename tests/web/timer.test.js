// The countdown is computed from the hub's deadline and the clock offset,
// not from the page's own clock or a counter: a page whose clock is five
// minutes off shows the same seconds as the others. At the marks it turns
// to the warning colours and says so to screen readers; past zero it
// shows negative time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './lib/browser.js';
import { startFastHub, enter, shown, createRoom } from './lib/room.js';

let hub, browser;
before(async () => {
  hub = await startFastHub({ seconds: 6, config: { workshop: { warn_first_s: 4, warn_second_s: 2 } } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

test('a skewed clock, the marks and the overrun', async () => {
  const room = await createRoom(hub, { template: 'fast' });
  const f = await enter(browser, room.facilitator_link, 'Anne');
  // Bruno's computer clock is 5 minutes fast.
  const skewed = await browser.newContext({ locale: 'fr-CA' });
  await skewed.addInitScript(() => {
    const real = Date.now.bind(Date);
    Date.now = () => real() + 5 * 60 * 1000;
  });
  const page = await skewed.newPage();
  page.setDefaultTimeout(8000);
  await page.goto(room.participant_link);
  await page.fill('[data-testid="join-name"]', 'Bruno');
  await page.check('[data-testid="join-accept"]');
  await page.click('[data-testid="join-submit"]');
  await page.waitForSelector('[data-testid="room"]');
  try {
    await f.page.click('[data-testid="f-start"]');
    const states = new Set();
    const statuses = new Set();
    let announced = '';
    const t0 = Date.now();
    let over = null;
    while (Date.now() - t0 < 12000) {
      const [a, b] = await Promise.all([shown(f.page), shown(page)]);
      if (a.seconds !== null && b.seconds !== null) {
        assert.ok(Math.abs(a.seconds - b.seconds) <= 1, `skewed page agrees: ${a.seconds} vs ${b.seconds}`);
      }
      states.add(await page.getAttribute('.timer', 'data-state'));
      statuses.add(await page.textContent('[data-testid="timer-status"]'));
      announced += `|${await page.textContent('#live-assertive')}`;
      if (b.seconds !== null && b.seconds <= -2) { over = b; break; }
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(over, 'the timer went past zero');
    assert.match(over.text, /^\u22120:0\d$/, 'overrun shown as negative time');
    for (const s of ['ok', 'warn', 'urgent', 'over']) assert.ok(states.has(s), `state ${s} seen: ${[...states]}`);
    // Not by colour only: the warning states say so in words.
    for (const s of ['Temps restant · bientôt fini', 'Temps restant · presque fini']) assert.ok(statuses.has(s), `status ${s} seen: ${[...statuses]}`);
    assert.match(announced, /Il reste 0:0\d à cette étape/);
    assert.match(announced, /Le temps de cette étape est écoulé/);
    // The status line follows the countdown's render; wait for it rather
    // than read it at one instant (the machine may be loaded).
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="timer-status"]')?.textContent === 'Dépassement');
  } finally {
    await skewed.close();
    await f.context.close();
  }
});

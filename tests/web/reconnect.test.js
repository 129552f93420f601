// Resilience: a page that loses its connection reconnects by itself as the
// same participant and shows the same state (never a stale timer while it
// is away); a second tab of the same person replaces the first (4001, no
// reconnect loop); a bad link is explained (4003, no reconnect loop).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './lib/browser.js';
import { startFastHub, enter, shown, assignRole, pid, createRoom, nextStep } from './lib/room.js';
import { startProxy } from './lib/proxy.js';

let hub, browser, viaA, viaB;
before(async () => {
  viaA = await startProxy(0);
  viaB = await startProxy(0);
  hub = await startFastHub({ seconds: 120, config: { server: { origins: `${viaA.origin} ${viaB.origin}` } } });
  viaA.retarget(hub.port);
  viaB.retarget(hub.port);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await viaA?.close();
  await viaB?.close();
  await hub?.stop();
});

async function sameView(a, b) {
  const t0 = Date.now();
  let va, vb;
  while (Date.now() - t0 < 1500) {
    [va, vb] = await Promise.all([shown(a), shown(b)]);
    if (va.step === vb.step && va.seconds !== null && vb.seconds !== null && Math.abs(va.seconds - vb.seconds) <= 1) return va;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`views differ: ${JSON.stringify(va)} vs ${JSON.stringify(vb)}`);
}

const people = (page) => page.$$eval('[data-testid="person"]', (els) => els.map((e) =>
  `${e.dataset.pid}:${e.querySelector('[data-testid="person-name"]').textContent}:${e.querySelector('.badge').dataset.role}`));

test('a page that loses its network reconnects as the same person and shows the same state', async () => {
  const room = await createRoom(hub, { template: 'fast' });
  const f = await enter(browser, viaA.link(room.facilitator_link), 'Anne');
  const c = await enter(browser, viaA.link(room.participant_link), 'Bruno');
  const k = await enter(browser, viaB.link(room.participant_link), 'Chloé');
  try {
    await assignRole(f.page, 'Bruno', 'client');
    await f.page.click('[data-testid="f-start"]');
    await sameView(f.page, k.page);
    const me = await pid(k.page, 'Chloé');

    viaB.cut();
    await k.page.waitForSelector('#conn[data-state="reconnecting"]', { timeout: 5000 });
    assert.equal(await k.page.getAttribute('[data-testid="timer"]', 'data-seconds'), '', 'no number while away');
    assert.match(await k.page.textContent('[data-testid="timer"]'), /––:––/);
    // The room moves on while Chloé is away.
    await nextStep(f.page);
    await f.page.click('[data-testid="f-start"]');
    await f.page.waitForSelector(`[data-testid="person"][data-pid="${me}"].away`);
    await new Promise((r) => setTimeout(r, 1500));
    viaB.restore();

    await k.page.waitForSelector('#conn', { state: 'hidden', timeout: 10000 });
    const v = await sameView(f.page, k.page);
    assert.equal(v.step, 1);
    assert.deepEqual(await people(k.page), await people(f.page));
    assert.equal((await people(f.page)).length, 3, 'the same participant came back, not a new one');
    await f.page.waitForSelector(`[data-testid="person"][data-pid="${me}"].online`);
    // And Chloé can act again, as herself.
    await k.page.fill('[data-testid="question-input"]', 'Toujours là ?');
    await k.page.click('[data-testid="question-input-submit"]');
    await f.page.locator('[data-testid="question"]', { hasText: 'Toujours là ?' }).waitFor();
    assert.match(await f.page.textContent('[data-testid="question"]'), /Chloé/);
    assert.deepEqual(k.errors.filter((e) => !/WebSocket|ERR_|net::/.test(e)), []);
  } finally {
    for (const p of [f, c, k]) await p.context.close();
  }
});

test('the same person in a second tab: the first says so and does not reconnect', async () => {
  const room = await createRoom(hub, { template: 'fast' });
  const link = viaA.link(room.facilitator_link);
  const f = await enter(browser, link, 'Anne');
  try {
    const sockets = [];
    f.page.on('websocket', (ws) => sockets.push(ws));
    const second = await f.context.newPage();
    await second.goto(link);
    await second.waitForSelector('[data-testid="room"]');
    await f.page.waitForSelector('#conn[data-state="replaced"]');
    assert.ok(await f.page.isVisible('[data-testid="message"]'));
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(sockets.length, 0, 'the replaced tab does not reconnect by itself');
    assert.equal((await people(second)).length, 1, 'one participant, resumed in the new tab');
    assert.match((await people(second))[0], /:Anne:facilitator$/);
    await second.close();
  } finally {
    await f.context.close();
  }
});

test('a bad link is explained, without a reconnect loop', async () => {
  const room = await createRoom(hub, { template: 'fast' });
  const bad = viaA.link(room.participant_link).replace(/#.*/, '#AAAAbadtoken');
  const context = await browser.newContext();
  const page = await context.newPage();
  const sockets = [];
  page.on('websocket', (ws) => sockets.push(ws));
  await page.goto(bad);
  await page.fill('[data-testid="join-name"]', 'Eve');
  await page.check('[data-testid="join-accept"]');
  await page.click('[data-testid="join-submit"]');
  await page.waitForSelector('#conn[data-state="unauthorized"]');
  assert.ok(await page.isVisible('[data-testid="message"]'));
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal(sockets.length, 1);
  const noToken = await context.newPage();
  await noToken.goto(viaA.link(room.participant_link).replace(/#.*/, ''));
  await noToken.waitForSelector('[data-testid="message"]');
  await context.close();
});

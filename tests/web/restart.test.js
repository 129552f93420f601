// The hub restarts (SIGTERM, then a new process on the same data): open
// pages show "reconnecting…" with no timer, come back by themselves as the
// same participants and show the same state. Needs the persistent store
// (rooms and resume secrets survive a restart): NOT registered in
// meson.build until the store lands.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch } from './lib/browser.js';
import { startFastHub, enter, shown, assignRole, createRoom, nextStep } from './lib/room.js';
import { startProxy } from './lib/proxy.js';
import { tempDir } from '../integration/lib/hub.js';

let hub, browser, proxy;
const dataDir = path.join(tempDir('codevhub-restart-'), 'data');
const start = () => startFastHub({ seconds: 120, hub: { keepData: true, dataDir },
  config: { server: { origins: proxy.origin } } });

before(async () => {
  proxy = await startProxy(0);
  hub = await startHubKeeping();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await proxy?.close();
  await hub?.stop();
});

async function startHubKeeping() {
  const h = await start();
  proxy.retarget(h.port);
  return h;
}

const people = (page) => page.$$eval('[data-testid="person"]', (els) => els.map((e) =>
  `${e.dataset.pid}:${e.querySelector('[data-testid="person-name"]').textContent}:${e.querySelector('.badge').dataset.role}`));

test('pages come back after a hub restart, as the same people, with the same state', async () => {
  const room = await createRoom(hub, { template: 'fast' });
  const f = await enter(browser, proxy.link(room.facilitator_link), 'Anne');
  const c = await enter(browser, proxy.link(room.participant_link), 'Bruno');
  try {
    await assignRole(f.page, 'Bruno', 'client');
    await nextStep(f.page);
    await f.page.click('[data-testid="f-start"]');
    await c.page.waitForFunction(() => document.querySelector('[data-testid="step-title"]').dataset.step === '1');
    const before = { people: await people(f.page), view: await shown(f.page) };

    await hub.stop();
    await c.page.waitForSelector('#conn[data-state="reconnecting"]');
    assert.equal(await c.page.getAttribute('[data-testid="timer"]', 'data-seconds'), '');
    hub = await startHubKeeping();

    for (const p of [f, c]) {
      await p.page.waitForSelector('#conn', { state: 'hidden', timeout: 20000 });
      assert.deepEqual(await people(p.page), before.people, `${p.name}: same participants, same ids`);
      const v = await shown(p.page);
      assert.equal(v.step, before.view.step);
      assert.ok(v.seconds !== null && Math.abs(v.seconds - before.view.seconds) <= 30);
    }
    const [a, b] = await Promise.all([shown(f.page), shown(c.page)]);
    assert.ok(Math.abs(a.seconds - b.seconds) <= 1);
  } finally {
    for (const p of [f, c]) await p.context.close();
  }
});

// Accessibility audit with axe-core (pinned in tests/package.json): the
// join page, the facilitator's, a consultant's and the client's room, the
// organizer page (start and sessions) and the console, in English and
// French, on a desktop (1280×800) and a phone (390×844). No violation of
// impact serious or critical is allowed; a failure lists each rule with
// the nodes it found.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './lib/browser.js';
import { audit, smallTargets, LOCALES, VIEWPORTS, newPage as openPage, enterAs as enterWith } from './lib/axe.js';
import { startFastHub, createRoom, assignRole, reveal, revealClick } from './lib/room.js';
import { createSession, apiOk } from '../integration/lib/session.js';

let hub, browser;
before(async () => {
  hub = await startFastHub({ seconds: 600 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

const newPage = (locale, viewport) => openPage(browser, locale, viewport);
const enterAs = (link, name, locale, viewport) => enterWith(browser, link, name, locale, viewport);

for (const [lang, locale] of Object.entries(LOCALES)) {
  for (const [device, viewport] of Object.entries(VIEWPORTS)) {
    test(`axe: no serious or critical violation (${lang}, ${device})`, async () => {
      const found = [];
      const at = (s) => `${lang}/${device}/${s}`;
      const opened = [];
      try {
        const room = await createRoom(hub, { template: 'fast' });
        // The join page.
        const join = await newPage(locale, viewport);
        opened.push(join);
        await join.page.goto(room.participant_link);
        await join.page.waitForSelector('[data-testid="join-name"]');
        found.push(...await audit(join.page, at('join')));

        // The three rooms: facilitator, consultant, client.
        const fac = await enterAs(room.facilitator_link, 'Anne', locale, viewport);
        const bruno = await enterAs(room.participant_link, 'Bruno', locale, viewport);
        const chloe = await enterAs(room.participant_link, 'Chloé', locale, viewport);
        opened.push(fac, bruno, chloe);
        await assignRole(fac.page, 'Chloé', 'client');
        await chloe.page.waitForSelector('[data-testid="room"]');
        found.push(...await audit(fac.page, at('facilitator')));
        // The timer running, the floor given: the panel's other states
        // (on a phone, in the Run tab).
        await revealClick(fac.page, '[data-testid="f-start"]');
        await fac.page.waitForSelector('[data-testid="f-pause"]');
        found.push(...await audit(fac.page, at('facilitator-running')));
        found.push(...await audit(bruno.page, at('consultant')));
        found.push(...await audit(chloe.page, at('client')));

        // The organizer page: start, then the sessions part.
        const org = await newPage(locale, viewport);
        opened.push(org);
        await org.page.goto(hub.organizerLink);
        await org.page.waitForSelector('[data-testid="create-room"]');
        found.push(...await audit(org.page, at('organizer')));
        await org.page.click('[data-testid="new-session"]');
        await org.page.waitForSelector('[data-testid="session-form"]');
        found.push(...await audit(org.page, at('organizer-session-form')));

        // The console of a started session.
        const people = ['Ana', 'Ben', 'Cléo', 'Dan', 'Eva', 'Fred', 'Gil', 'Hana', 'Ivo', 'Jade']
          .map((name, i) => ({ name, can_facilitate: i < 3 }));
        const s = await createSession(hub, { name: `Cohorte ${lang} ${device}`, template: 'fast', people });
        await apiOk(hub, 'POST', `/api/sessions/${s.id}/start`, undefined, 200);
        const con = await newPage(locale, viewport);
        opened.push(con);
        await con.page.goto(`${hub.base}/c/${s.id}#${hub.organizerToken}`);
        await con.page.waitForSelector('[data-testid="room-card"]');
        found.push(...await audit(con.page, at('console')));

        for (const p of opened) assert.deepEqual(p.errors, [], 'no page error');
      } finally {
        for (const p of opened) await p.context.close();
      }
      if (found.length) assert.fail(`axe found:\n${found.join('\n')}`);
    });
  }
}


for (const [lang, locale] of Object.entries(LOCALES)) {
  test(`phone: the facilitator's targets are at least 44 px (${lang})`, async () => {
    const room = await createRoom(hub, { template: 'fast' });
    const opened = [];
    try {
      const fac = await enterAs(room.facilitator_link, 'Anne', locale, VIEWPORTS.phone);
      const bruno = await enterAs(room.participant_link, 'Bruno', locale, VIEWPORTS.phone);
      opened.push(fac, bruno);
      // On a phone the panel is the Run tab (tabs.js): shown first.
      await fac.page.waitForSelector(`[data-testid="role-select"]`, { state: 'attached' });
      await reveal(fac.page, '[data-testid="role-select"]');
      const idle = await smallTargets(fac.page);
      await fac.page.click('[data-testid="f-start"]');
      await fac.page.waitForSelector('[data-testid="f-pause"]');
      const running = await smallTargets(fac.page);
      const small = [...new Set([...idle, ...running])];
      if (small.length) assert.fail(`${small.length} targets under 44 px:\n${small.join('\n')}`);
    } finally {
      for (const p of opened) await p.context.close();
    }
  });
}

const activeFocus = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return { tag: el.tagName, focus: el.dataset.focus || '', testid: el.dataset.testid || '',
    inPanel: !!el.closest('[data-testid="fpanel"]') };
});

test('keyboard focus is kept when a re-render replaces the focused control', async () => {
  const room = await createRoom(hub, { template: 'fast' });
  const opened = [];
  try {
    const fac = await enterAs(room.facilitator_link, 'Anne', 'en-US', VIEWPORTS.desktop);
    const bruno = await enterAs(room.participant_link, 'Bruno', 'en-US', VIEWPORTS.desktop);
    opened.push(fac, bruno);
    const page = fac.page;
    await page.waitForSelector('[data-testid="role-select"]');
    const joins = async (name) => {
      const n = await page.locator('[data-testid="person"]').count();
      opened.push(await enterAs(room.participant_link, name, 'en-US', VIEWPORTS.desktop));
      await page.waitForFunction((k) => document.querySelectorAll('[data-testid="person"]').length > k, n);
    };

    // The roles list's summary, then a role select: someone joins.
    await page.focus('[data-focus="roles"]');
    await joins('Chloé');
    assert.equal((await activeFocus(page)).focus, 'roles', 'focus stays on Roles when someone joins');
    const sel = await page.getAttribute('[data-testid="role-select"]', 'data-focus');
    await page.focus(`[data-focus="${sel}"]`);
    await joins('Dmitri');
    assert.equal((await activeFocus(page)).focus, sel, 'focus stays on the role select when someone joins');

    // Give the floor, then take it back with the keyboard: the button goes,
    // focus stays in the panel (on its neighbour).
    await page.focus('[data-testid="f-floor-select"]');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-focus="take"]');
    await page.focus('[data-focus="take"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.querySelector('[data-focus="take"]'));
    const after = await activeFocus(page);
    assert.notEqual(after.tag, 'BODY', 'focus is not dropped to the body');
    assert.ok(after.inPanel, `focus stays in the panel: ${JSON.stringify(after)}`);

    // The Undo notice: pressed with the keyboard, it closes; focus goes back
    // to where it came from (the Next button, re-rendered meanwhile).
    await page.focus('[data-testid="f-next"]');
    await page.keyboard.press('Enter');
    const ok = page.locator('dialog[open] [data-testid="confirm-ok"]');
    await page.waitForFunction(() => document.querySelector('dialog[open]') || document.querySelector('[data-testid="notice-action"]'));
    if (await ok.count()) await ok.click();
    await page.waitForSelector('[data-testid="notice-action"]');
    await page.focus('[data-testid="f-next"]');
    await page.focus('[data-testid="notice-action"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="notice-action"]', { state: 'detached' });
    const back = await activeFocus(page);
    assert.notEqual(back.tag, 'BODY', 'focus is not dropped to the body when the notice closes');
    assert.equal(back.testid, 'f-next', `focus goes back to Next: ${JSON.stringify(back)}`);
    for (const p of opened) assert.deepEqual(p.errors, [], 'no page error');
  } finally {
    for (const p of opened) await p.context.close();
  }
});

test('the timer reads what it shows, and says "Time left" once', async () => {
  const room = await createRoom(hub, { template: 'fast' });
  const fac = await enterAs(room.facilitator_link, 'Anne', 'en-US', VIEWPORTS.desktop);
  try {
    const page = fac.page;
    await page.click('[data-testid="f-start"]');
    await page.waitForSelector('[data-testid="f-pause"]');
    await new Promise((r) => setTimeout(r, 2200));
    const read = await page.evaluate(() => {
      const el = document.querySelector('.timer');
      return { sr: el.querySelector('.sr-only').textContent, shown: document.querySelector('[data-testid="timer"]').textContent,
        status: document.querySelector('[data-testid="timer-status"]').textContent };
    });
    assert.equal(read.sr, `Timer ${read.shown}`, 'the screen-reader text is the value shown');
    assert.equal(`${read.sr} ${read.status}`.match(/Time left/g).length, 1, 'one "Time left"');
    assert.equal(read.status, 'Time left');
  } finally {
    await fac.context.close();
  }
});

test('two announcements 19 ms apart are both in the live region in turn', async () => {
  const p = await newPage('en-US', VIEWPORTS.desktop);
  try {
    await p.page.goto(hub.organizerLink);
    await p.page.waitForSelector('[data-testid="create-room"]');
    const seen = await p.page.evaluate(async () => {
      const { announce } = await import('/js/ui.js');
      const region = document.querySelector('#live-polite');
      const texts = new Set();
      const obs = new MutationObserver(() => { if (region.textContent) texts.add(region.textContent); });
      obs.observe(region, { childList: true, characterData: true, subtree: true });
      announce('Group 1: behind plan');
      await new Promise((r) => setTimeout(r, 19));
      announce('Group 2: no facilitator');
      await new Promise((r) => setTimeout(r, 2500));
      obs.disconnect();
      return [...texts];
    });
    assert.deepEqual(seen, ['Group 1: behind plan', 'Group 2: no facilitator']);
  } finally {
    await p.context.close();
  }
});

// WCAG 1.4.11: the focus ring against what is behind it, ≥ 3:1, on the dark
// notice (info and error) and the organizer's dark banner.
test('the focus ring has at least 3:1 on the dark notice and banner', async () => {
  const p = await newPage('en-US', VIEWPORTS.desktop);
  try {
    await p.page.goto(hub.organizerLink);
    await p.page.waitForSelector('[data-testid="create-room"]');
    const ratios = await p.page.evaluate(() => {
      const rgb = (c) => c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
      const lum = (c) => {
        const [r, g, b] = rgb(c).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m); return (x + 0.05) / (y + 0.05); };
      const out = {};
      const place = (cls, kind) => {
        const box = document.createElement('div');
        box.className = cls;
        if (kind) box.dataset.kind = kind;
        const b = document.createElement('button');
        b.className = 'btn btn-small';
        b.textContent = 'x';
        box.append(b);
        document.body.append(box);
        b.focus(); // no pointer used on this page: :focus-visible applies
        const r = ratio(getComputedStyle(b).outlineColor, getComputedStyle(box).backgroundColor);
        box.remove();
        return Math.round(r * 10) / 10;
      };
      out.notice = place('notice');
      out.error = place('notice', 'error');
      out.banner = place('session-banner');
      return out;
    });
    for (const [where, r] of Object.entries(ratios)) assert.ok(r >= 3, `focus ring on the ${where}: ${r}:1`);
  } finally {
    await p.context.close();
  }
});

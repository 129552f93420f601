// Accessibility audit with axe-core (pinned in tests/package.json): the
// join page, the facilitator's, a consultant's and the client's room, the
// organizer page (start and sessions) and the console, in English and
// French, on a desktop (1280×800) and a phone (390×844). No violation of
// impact serious or critical is allowed; a failure lists each rule with
// the nodes it found.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { launch, watchErrors } from './lib/browser.js';
import { startFastHub, createRoom, assignRole } from './lib/room.js';
import { createSession, apiOk } from '../integration/lib/session.js';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

const LOCALES = { en: 'en-US', fr: 'fr-CA' };
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

let hub, browser;
before(async () => {
  hub = await startFastHub({ seconds: 600 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await hub?.stop();
});

// Runs axe on the page as it is; returns the serious and critical
// violations as "state: rule (impact) — targets" lines.
async function audit(page, state) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact,
      targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${state}: ${v.id} (${v.impact}) — ${v.targets.join(', ')}`);
}

async function newPage(locale, viewport) {
  // The page's strict CSP would refuse the injected axe script.
  const context = await browser.newContext({ locale, viewport, bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  const errors = watchErrors(page);
  return { context, page, errors };
}

async function enterAs(link, name, locale, viewport) {
  const p = await newPage(locale, viewport);
  await p.page.goto(link);
  await p.page.waitForSelector('[data-testid="join-name"]');
  await p.page.fill('[data-testid="join-name"]', name);
  await p.page.check('[data-testid="join-accept"]');
  await p.page.click('[data-testid="join-submit"]');
  await p.page.waitForSelector('[data-testid="room"]');
  return p;
}

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
        // The timer running, the floor given: the panel's other states.
        await fac.page.click('[data-testid="f-start"]');
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

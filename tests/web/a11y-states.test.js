// Accessibility audit of every state a11y.test.js does not reach, with
// axe-core, in English and French, on a desktop (1280×800) and a phone
// (390×844): the Next-step confirmation, the Undo notice, a hidden item
// (folded and unfolded, for the facilitator and a consultant), the locked
// room (its line, the safety card, the page a newcomer gets), the
// remove-participant confirmation and the removed participant's page, the
// end confirmation and the closing screen, a full room's join page; in a
// session, the room by a personal link, "My workshops" and the note after
// the organizer moved you; the organizer's rooms list with its revoke and
// delete dialogs. No violation of impact serious or critical is allowed; a
// failure prints each rule with its nodes and why. With
// CODEVHUB_DOCS_SHOTS=1 the desktop pass writes removed-notice-fr,
// room-full-fr and hidden-item-{en,fr} to docs/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch, screenshot } from './lib/browser.js';
import { audit, LOCALES, VIEWPORTS, newPage, enterAs } from './lib/axe.js';
import { startFastHub, createRoom, assignRole, nextStep, pid, reveal, revealClick } from './lib/room.js';
import { SOURCE_ROOT } from '../integration/lib/hub.js';
import { Client } from '../integration/lib/client.js';
import { createSession, apiOk, member, join } from '../integration/lib/session.js';

const SEATS = 6;
let hub, browser;
before(async () => {
  hub = await startFastHub({ seconds: 600, config: { limits: { max_participants: SEATS } } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  assert.doesNotMatch(hub.stderr(), /ERROR: (Address|Undefined|Leak)Sanitizer|runtime error/);
  await hub?.stop();
});

// A docs screenshot (CODEVHUB_DOCS_SHOTS=1), else one in the build's
// screenshots folder. el: a locator to take alone (else the whole page).
async function shot(page, name, el = null) {
  await page.evaluate(() => { document.activeElement?.blur(); scrollTo(0, 0); });
  const file = process.env.CODEVHUB_DOCS_SHOTS === '1' ? path.join(SOURCE_ROOT, 'docs', 'screenshots', `${name}.png`) : null;
  if (el) await el.screenshot({ path: file || path.join(process.env.CODEVHUB_SCREENSHOTS || '/tmp/codevhub-screenshots', `${name}.png`) });
  else if (file) await page.screenshot({ path: file, fullPage: true });
  else await screenshot(page, name);
}

// Enters through the join page; the hub refuses: its answer in words.
async function refused(link, name, locale, viewport) {
  const p = await newPage(browser, locale, viewport);
  await p.page.goto(link);
  await p.page.fill('[data-testid="join-name"]', name);
  await p.page.check('[data-testid="join-accept"]');
  await p.page.click('[data-testid="join-submit"]');
  await p.page.waitForFunction(() => {
    const h1 = document.querySelector('[data-testid="message"] h1');
    return h1 && !/^(Joining the room|Entrée dans la salle)/.test(h1.textContent);
  });
  return p;
}

// The dialog that opened, audited, then answered (ok or Escape).
async function dialogAudit(page, testid, state, found, { ok = false } = {}) {
  await page.waitForSelector(`dialog[open][data-testid="${testid}"]`);
  found.push(...await audit(page, state));
  if (ok) await page.click(`dialog[open][data-testid="${testid}"] [data-testid="confirm-ok"]`);
  else await page.keyboard.press('Escape');
  await page.waitForSelector(`dialog[data-testid="${testid}"]`, { state: 'detached' });
}

// The room: confirmations, Undo, a hidden item, locked, removed, ended.
async function roomStates(lang, locale, device, viewport, found, opened) {
  const at = (s) => `${lang}/${device}/${s}`;
  const desktop = device === 'desktop';
  const room = await createRoom(hub, { template: 'fast' });
  const anne = await enterAs(browser, room.facilitator_link, 'Anne', locale, viewport);
  const bruno = await enterAs(browser, room.participant_link, 'Bruno', locale, viewport);
  const chloe = await enterAs(browser, room.participant_link, 'Chloé', locale, viewport);
  opened.push(anne, bruno, chloe);
  const fac = anne.page;

  // Next step with nobody client: the confirmation, cancelled.
  await revealClick(fac, '[data-testid="f-next"]'); // on a phone: the Run tab
  await dialogAudit(fac, 'confirm-next', at('next-confirm-dialog'), found);
  assert.equal(Number(await fac.getAttribute('[data-testid="step-title"]', 'data-step')), 0, 'Escape cancels');
  await assignRole(fac, 'Bruno', 'client');
  await nextStep(fac);
  // The Undo notice, just moved.
  await fac.waitForSelector('[data-testid="notice-action"]', { state: 'attached' });
  await reveal(fac, '[data-testid="notice-action"]'); // on a phone, in the Run tab
  found.push(...await audit(fac, at('undo-notice')));

  // A hidden question next to a shown one: the facilitator's view and a
  // consultant's, folded then unfolded.
  const asks = lang === 'fr' ? ['Et si vous les renvoyiez ?', 'Depuis quand ne se parlent-ils plus ?']
    : ['Why not just fire them?', 'Since when have they stopped talking?'];
  await chloe.page.waitForSelector('[data-testid="question-input"]', { state: 'attached' });
  await reveal(chloe.page, '[data-testid="question-input"]');
  for (const q of asks) {
    await chloe.page.fill('[data-testid="question-input"]', q);
    await chloe.page.click('[data-testid="question-input-submit"]');
    await chloe.page.locator('[data-testid="question"]', { hasText: q }).waitFor();
  }
  await fac.waitForFunction(() => document.querySelectorAll('[data-testid="question"] [data-testid="hide-toggle"]').length === 2);
  await revealClick(fac, '[data-testid="question"] [data-testid="hide-toggle"]');
  await chloe.page.waitForSelector('[data-testid="question"][data-hidden="true"]');
  await fac.waitForSelector('[data-testid="question"][data-hidden="true"]');
  found.push(...await audit(fac, at('hidden-item-facilitator')));
  found.push(...await audit(chloe.page, at('hidden-item-consultant')));
  await chloe.page.click('[data-testid="question"] .hidden-text summary');
  await fac.click('[data-testid="question"] .hidden-text summary');
  found.push(...await audit(chloe.page, at('hidden-item-consultant-open')));
  found.push(...await audit(fac, at('hidden-item-facilitator-open')));
  if (desktop) await shot(fac, `hidden-item-${lang}`, fac.locator('[data-testid="card-questions"]'));

  // Locked: the line everyone sees, the facilitator's card, a newcomer's page.
  await revealClick(fac, '[data-testid="lock"]');
  await fac.waitForSelector('[data-testid="unlock"]');
  await bruno.page.waitForSelector('[data-testid="locked-note"]', { state: 'attached' });
  await reveal(bruno.page, '[data-testid="locked-note"]');
  found.push(...await audit(fac, at('locked-facilitator')));
  found.push(...await audit(bruno.page, at('locked-client')));
  const late = await refused(room.participant_link, 'Léa', locale, viewport);
  opened.push(late);
  found.push(...await audit(late.page, at('locked-join')));

  // Remove Chloé: the confirmation, then her page.
  await revealClick(fac, `[data-testid="remove"][data-pid="${await pid(fac, 'Chloé')}"]`);
  await dialogAudit(fac, 'confirm', at('remove-dialog'), found, { ok: true });
  await chloe.page.waitForSelector('[data-testid="message"]');
  found.push(...await audit(chloe.page, at('removed')));
  if (desktop && lang === 'fr') await shot(chloe.page, 'removed-notice-fr');

  // End: the confirmation, then the closing screens (the client's has the record).
  await revealClick(fac, '[data-testid="end"]');
  await dialogAudit(fac, 'confirm', at('end-dialog'), found, { ok: true });
  await bruno.page.waitForSelector('[data-testid="closing"] [data-testid="download"]');
  await fac.waitForSelector('[data-testid="closing"]');
  found.push(...await audit(bruno.page, at('closing-client')));
  found.push(...await audit(fac, at('closing-facilitator')));
}

// A room whose seats are all taken (two by people who left): the join page's answer.
async function fullRoom(lang, locale, device, viewport, found, opened) {
  const room = await createRoom(hub, { template: 'fast' });
  const token = room.participant_link.split('#')[1];
  const seated = [];
  for (let i = 0; i < SEATS; i++) {
    const c = new Client(hub, token, `P${i}`);
    assert.equal((await c.open()).type, 'welcome');
    seated.push(c);
  }
  for (const c of seated.slice(0, 2)) c.ws.close();
  try {
    const p = await refused(room.participant_link, 'Newcomer', locale, viewport);
    opened.push(p);
    assert.match(await p.page.textContent('[data-testid="message"] h1'), /full|complète/);
    found.push(...await audit(p.page, `${lang}/${device}/room-full`));
    if (device === 'desktop' && lang === 'fr') await shot(p.page, 'room-full-fr');
  } finally {
    for (const c of seated) c.ws.close();
  }
}

// A session: the client of workshop 1 is in workshop 2 (by their personal
// link), opens "My workshops", then the organizer moves them.
async function sessionStates(lang, locale, device, viewport, found, opened) {
  const at = (s) => `${lang}/${device}/${s}`;
  const people = ['Ana', 'Ben', 'Cléo', 'Dan', 'Eva', 'Fred', 'Gil', 'Hana', 'Ivo', 'Jade']
    .map((name, i) => ({ name, wants_client: true, can_facilitate: i < 3 }));
  const s = await createSession(hub, { name: `Cycle ${lang} ${device}`, template: 'fast', workshops: 2, people });
  const doc = await apiOk(hub, 'POST', `/api/sessions/${s.id}/start`, undefined, 200);
  const links = (await apiOk(hub, 'GET', `/api/sessions/${s.id}/links`, undefined, 200)).links;
  const g = doc.groups[0];
  const other = doc.groups.find((x) => x !== g);
  const clientId = g.plan[0].client;
  const link = links.find((l) => l.person === clientId).link;
  const cl = member(hub, link);
  await join(cl);
  await cl.do('sheet.update', { title: lang === 'fr' ? 'Déléguer sans tout reprendre' : 'Delegating for good',
    question: lang === 'fr' ? 'Comment puis-je déléguer ?' : 'How can I delegate?', context: '-', tried: '-', help_wanted: '-' });
  await apiOk(hub, 'POST', `/api/sessions/${s.id}/groups/${g.id}/next`, undefined, 200);
  assert.equal(await cl.closedCode, 4005);

  const p = await newPage(browser, locale, viewport);
  opened.push(p);
  await p.page.goto(link);
  await p.page.check('[data-testid="join-accept"]');
  found.push(...await audit(p.page, at('join-personal')));
  await p.page.click('[data-testid="join-submit"]');
  await p.page.waitForSelector('[data-testid="room"]');
  await revealClick(p.page, '[data-testid="records-open"]');
  await p.page.waitForSelector('[data-testid="record-item"]');
  found.push(...await audit(p.page, at('my-workshops')));

  await apiOk(hub, 'POST', `/api/sessions/${s.id}/people/${clientId}/move`, { group: other.id, force: true }, 200);
  await p.page.waitForSelector('[data-testid="session-moved"]:not([hidden])');
  await p.page.waitForSelector('[data-testid="room"]');
  found.push(...await audit(p.page, at('moved-notice')));
}

// The organizer's rooms list, new links, the revoke and delete dialogs.
async function organizerStates(lang, locale, device, viewport, found, opened) {
  const at = (s) => `${lang}/${device}/${s}`;
  const p = await newPage(browser, locale, viewport);
  opened.push(p);
  const page = p.page;
  await page.goto(hub.organizerLink);
  await page.waitForSelector('[data-testid="hub-room"]');
  found.push(...await audit(page, at('organizer-rooms')));
  // A room created here: its links are known to this page, so revocable.
  await page.click('[data-testid="create-room"]');
  const row = page.locator('[data-testid="hub-room"]', { has: page.locator('[data-testid="created-room"]') }).first();
  await row.waitFor();
  await row.locator('[data-testid="room-new-links"]').click();
  await row.locator('[data-testid="previous-links"]').waitFor();
  found.push(...await audit(page, at('organizer-rooms-new-links')));
  await row.locator('[data-testid="previous-links"] [data-testid="revoke-link"][data-kind="participant"]').click();
  await dialogAudit(page, 'revoke-dialog', at('revoke-dialog'), found);
  await row.locator('[data-testid="room-delete"]').click();
  await dialogAudit(page, 'delete-room-dialog', at('delete-room-dialog'), found);
}

for (const [lang, locale] of Object.entries(LOCALES)) {
  for (const [device, viewport] of Object.entries(VIEWPORTS)) {
    test(`axe, every other state: no serious or critical violation (${lang}, ${device})`, async () => {
      const found = [];
      const opened = [];
      try {
        await roomStates(lang, locale, device, viewport, found, opened);
        await fullRoom(lang, locale, device, viewport, found, opened);
        await sessionStates(lang, locale, device, viewport, found, opened);
        await organizerStates(lang, locale, device, viewport, found, opened);
        // A removed or moved page logs its closed socket; nothing else.
        for (const p of opened) {
          assert.deepEqual(p.errors.filter((e) => !/WebSocket|400[356]|Failed to load resource/.test(e)), [], 'no page error');
        }
      } finally {
        for (const p of opened) await p.context.close();
      }
      if (found.length) assert.fail(`axe found ${found.length}:\n${found.join('\n')}`);
    });
  }
}

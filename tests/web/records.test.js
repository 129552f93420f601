// The client's record is kept: in a session, the client of workshop 1 goes
// on to workshop 2 with their group, and from the new room opens "My
// workshops", which lists the first workshop's case; its Markdown record
// says when and in which group, has the clarifying questions with their
// answers, the kept suggestion and the plan, and the names only when the
// client asks for them. The file's name says which case and which day.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startHub } from '../integration/lib/hub.js';
import { member, join } from '../integration/lib/session.js';
import { launch, screenshot, watchErrors } from './lib/browser.js';

const NAMES = ['Ana Tremblay', 'Bruno Gagnon', 'Chloé Roy', 'Dmitri Côté', 'Émilie Bouchard', 'Félix Gauthier'];
let hub, browser;
before(async () => { hub = await startHub(); browser = await launch(); });
after(async () => { await browser?.close(); await hub?.stop(); });

async function call(method, p, body) {
  const res = await fetch(`${hub.base}${p}`, { method, headers: { Authorization: `Bearer ${hub.organizerToken}`,
    ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

test('"My workshops": the first workshop\'s record from the second, with Q&A, date, group, names on demand', async () => {
  const people = NAMES.map((name, i) => ({ name, wants_client: true, can_facilitate: i === 0 }));
  const s = (await call('POST', '/api/sessions', { name: 'Dossiers', workshops: 2, people })).body;
  const doc = (await call('POST', `/api/sessions/${s.id}/start`)).body;
  const links = (await call('GET', `/api/sessions/${s.id}/links`)).body.links;
  const g = doc.groups[0];
  const linkOf = (pid) => links.find((l) => l.person === pid).link;
  const clientId = g.plan[0].client;
  const facId = g.plan[0].facilitator;
  const askerId = g.members.find((m) => m !== clientId && m !== facId);

  // Workshop 1, scripted: the sheet, a question and its answer, a kept
  // suggestion, a plan with a dated deadline.
  const [cl, fac, asker] = [clientId, facId, askerId].map((p) => member(hub, linkOf(p)));
  for (const c of [cl, fac, asker]) await join(c);
  await cl.do('sheet.update', { title: 'Déléguer sans tout reprendre', question: 'Comment puis-je déléguer ?',
    context: 'Une équipe de six', tried: 'Des points hebdomadaires', help_wanted: 'Des idées' });
  await fac.do('step.next', { confirm: true });
  await asker.do('question.add', { text: 'Qui décide aujourd’hui ?' });
  await cl.do('question.answer', { question: 1, text: 'Moi, toujours.' });
  await fac.do('step.next', { confirm: true });
  await fac.do('step.next', { confirm: true });
  await asker.do('suggestion.add', { text: 'Un tableau des décisions' });
  await cl.do('suggestion.keep', { suggestion: 1, kept: true });
  await fac.do('step.next', { confirm: true });
  await cl.do('plan.update', { items: [{ action: 'Lister les décisions', by_when: '2026-12-10' }] });
  assert.equal((await call('POST', `/api/sessions/${s.id}/groups/1/next`)).status, 200);
  for (const c of [cl, fac, asker]) await c.closedCode;

  // Workshop 2, in the browser, by the same personal link.
  const ctx = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await ctx.newPage();
  page.setDefaultTimeout(8000);
  const errors = watchErrors(page);
  await page.goto(linkOf(clientId));
  await page.check('[data-testid="join-accept"]');
  await page.click('[data-testid="join-submit"]');
  await page.waitForSelector('[data-testid="room"]');
  await page.click('[data-testid="records-open"]');
  const item = page.locator('[data-testid="record-item"]');
  await item.first().waitFor();
  assert.equal(await item.count(), 1);
  assert.match(await item.textContent(), /Déléguer sans tout reprendre/);
  assert.match(await item.textContent(), /groupe 1/);
  await screenshot(page, 'records-my-workshops-fr');

  const grab = async () => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="record-download"]')]);
    // French typography puts narrow no-break spaces before ":": compare words.
    return { name: dl.suggestedFilename(), md: readFileSync(await dl.path(), 'utf8').replace(/[\u00a0\u202f]/g, ' ') };
  };
  const today = new Date();
  const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  let { name, md } = await grab();
  assert.equal(name, `compte-rendu-atelier-deleguer-sans-tout-reprendre-${day}.md`);
  for (const want of ['Atelier du ', 'Groupe 1', 'Questions de clarification', 'Qui décide aujourd’hui ?',
    'Réponse : Moi, toujours.', 'Un tableau des décisions', 'Lister les décisions', 'pour le 10 décembre 2026']) {
    assert.ok(md.includes(want), `record has "${want}":\n${md}`);
  }
  const nameOf = (pid) => NAMES[pid - 1];
  assert.doesNotMatch(md, /Ont participé/);
  for (const pid of [clientId, facId, askerId]) assert.ok(!md.includes(nameOf(pid)), `no ${nameOf(pid)} unless asked`);
  await page.check('[data-testid="record-names"]');
  ({ md } = await grab());
  assert.match(md, /Ont participé : .*/);
  for (const pid of [clientId, facId, askerId]) assert.ok(md.includes(nameOf(pid)), `names include ${nameOf(pid)}`);
  assert.deepEqual(errors, []);
  await ctx.close();
});

// The room on a phone (viewport ≤ 640 px): the step and the timer pinned at
// the top with a row of tabs under them, and the room's panels shown one at
// a time — Case · Questions · Ideas · People, and Run for the facilitator.
// Real WAI-ARIA tabs: role tablist / tab / tabpanel, aria-selected,
// aria-controls, a roving tabindex, Left / Right / Home / End (selection
// follows focus: a panel is shown at once, nothing to load).
//
// Above 640 px nothing of this is in the page: room.js builds the desktop
// grid as before, and this module only moves the same card elements between
// that grid and the tab panels when the width crosses 640 px, so every card
// keeps its state (drafts, open details) and its own update().
//
// Which tab is shown: the one that holds the current step's card (a card's
// `kinds`), until the user picks a tab during this step; the next step
// brings its own tab again. A re-render never rebuilds the tabs (they are
// updated in place), so the selected tab and keyboard focus stay.
import { h, memo } from '../dom.js';
import { t, currentLang } from '../i18n.js';

export const PHONE = '(max-width: 640px)';

// The panels and what goes in each, by the cards' ids (forms.js cardFrame).
// Case: the client's case from the problem to the plan and the record.
// Ideas: what the group brings the client — suggestions, the scribe's
// notes of them, then the learnings. People: who is here, who speaks.
const CASE = ['card-sheet', 'card-contract', 'card-plan', 'card-record'];
const QUESTIONS = ['card-questions'];
const IDEAS = ['card-suggestions', 'card-notes', 'card-learnings'];
const TABS = ['case', 'questions', 'ideas', 'people', 'run'];

// The current step's card first (it is what the step is about); the first
// element is never moved, the others are appended after it, so a card that
// holds keyboard focus at the top keeps it.
function arrange(box, els) {
  const now = [...box.children];
  if (now.length === els.length && now.every((c, i) => c === els[i])) return;
  if (els[0] && els[0].parentNode !== box) box.prepend(els[0]);
  for (const c of now) if (!els.includes(c)) c.remove();
  for (const el of els.slice(1)) box.append(el);
}

// The facilitator's bar, fixed at the bottom of the screen on every tab:
// the timer (start / pause / resume) and the next step. A facilitator on a
// phone keeps the time and the steps while reading what the group writes
// (the questions, the ideas): these two controls must be under the thumb
// without leaving the tab they read, as a phone app's bottom bar is. The
// rest of the panel (floor, round, roles, lock, end) is used less often and
// is one tab away, in "Run". During a round, "Next speaker" joins them.
function createRunBar(ctx, next) {
  const el = h('div', { class: 'runbar', role: 'group', dataset: { testid: 'runbar' } });
  const render = memo(el, (room) => {
    const last = room.steps.length - 1;
    const timer = room.timer.status;
    const toggle = timer === 'idle' ? ['fac.start', 'timer.start', 'start']
      : timer === 'running' ? ['fac.pause', 'timer.pause', 'pause'] : ['fac.resume', 'timer.resume', 'resume'];
    const out = [h('button', { type: 'button', class: `btn ${timer === 'running' ? '' : 'btn-primary'}`,
      dataset: { focus: 'bar-toggle', testid: `bar-${toggle[2]}` }, onclick: () => ctx.send(toggle[1]) }, t(toggle[0]))];
    if (room.round.active) {
      out.push(h('button', { type: 'button', class: 'btn', dataset: { focus: 'bar-round', testid: 'bar-round' },
        onclick: () => ctx.send('round.next') }, t('fac.round_next')));
    }
    out.push(room.step < last
      ? h('button', { type: 'button', class: 'btn btn-step bar-next', dataset: { focus: 'bar-next', testid: 'bar-next' }, onclick: next },
        h('span', { class: 'bar-next-what' }, t('tabs.bar_next')), ' ',
        h('span', { class: 'bar-next-step' }, `${room.step + 2}. ${t(`step.${room.steps[room.step + 1].kind}.short`)}`))
      : h('button', { type: 'button', class: 'btn btn-step bar-next', disabled: true,
        dataset: { focus: 'bar-next', testid: 'bar-next' } }, t('fac.last')));
    return out;
  });
  function update() {
    const room = ctx.room();
    el.setAttribute('aria-label', t('tabs.bar'));
    render([currentLang(), room.step, room.steps.length, room.timer.status, room.round.active], room);
  }
  return { el, update };
}

// p: the parts room.js built — stage, me, fac, safety, speaking, people,
// cards, and the desktop containers (root, grid, side, material).
export function createTabs(ctx, p) {
  const query = matchMedia(PHONE);
  const byId = new Map(p.cards.map((c) => [c.el.id, c]));
  const tablist = h('div', { role: 'tablist', class: 'tabs', dataset: { testid: 'tabs' } });
  const head = h('div', { class: 'room-head' });
  const panelsBox = h('div', { class: 'tab-panels' });
  const bar = createRunBar(ctx, p.fac.next);
  const tabs = {}, panels = {};
  let mode = 'desktop';
  let selected = null;
  let seenStep = -1; // the step whose tab was last chosen for the user

  const shown = () => TABS.filter((id) => !tabs[id].hidden);

  // user: picked by the user (tap, arrows, the hands count): kept until
  // the step changes.
  function select(id, { focus = false, user = false } = {}) {
    const changed = selected !== id;
    selected = id;
    for (const k of TABS) {
      const on = k === id;
      tabs[k].setAttribute('aria-selected', String(on));
      tabs[k].tabIndex = on ? 0 : -1;
      panels[k].hidden = !on;
    }
    if (focus) tabs[id].focus();
    // A tab picked while scrolled down a long panel: its panel is shown
    // from its top, just under the pinned header.
    if (changed && user) {
      const gap = panelsBox.getBoundingClientRect().top - head.getBoundingClientRect().bottom;
      if (gap < 0) window.scrollBy(0, gap);
    }
  }

  function onKey(e) {
    const ids = shown();
    const i = ids.indexOf(e.currentTarget.dataset.tab);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: ids.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    select(ids[(to + ids.length) % ids.length], { focus: true, user: true });
  }

  for (const id of TABS) {
    tabs[id] = h('button', { type: 'button', role: 'tab', id: `tab-${id}`, class: 'tab', 'aria-controls': `panel-${id}`,
      'aria-selected': 'false', tabindex: '-1', dataset: { tab: id, testid: `tab-${id}` },
      onclick: () => select(id, { user: true }), onkeydown: onKey },
    h('span', { class: 'tab-label' }), h('span', { class: 'tab-count' }), h('span', { class: 'sr-only tab-now' }));
    // tabindex 0: a panel whose first content is a heading is reached by
    // Tab from its tab (WAI-ARIA Authoring Practices, tabs).
    panels[id] = h('div', { role: 'tabpanel', id: `panel-${id}`, class: 'tab-panel', 'aria-labelledby': `tab-${id}`,
      tabindex: '0', hidden: true, dataset: { testid: `panel-${id}` } });
    tablist.append(tabs[id]);
    panelsBox.append(panels[id]);
  }

  // The tab whose panel holds the current step's card.
  function stepTab(kind) {
    const card = p.cards.find((c) => c.kinds.includes(kind));
    const id = card?.el.id;
    return QUESTIONS.includes(id) ? 'questions' : IDEAS.includes(id) ? 'ideas' : 'case';
  }

  function toPhone() {
    head.replaceChildren(p.stage.el, tablist);
    p.root.insertBefore(head, p.grid);
    p.grid.remove();
    p.root.append(panelsBox, bar.el);
  }

  function toDesktop() {
    p.root.insertBefore(p.stage.el, head);
    head.remove();
    panelsBox.remove();
    bar.el.remove();
    p.side.replaceChildren(p.fac.el, p.safety.el, p.speaking.el, p.people.el);
    p.material.replaceChildren(...p.cards.map((c) => c.el));
    p.grid.replaceChildren(p.me, p.side, p.material);
    p.root.append(p.grid);
  }

  function place(kind, fac) {
    const cards = (ids) => {
      const list = ids.map((id) => byId.get(id)).filter(Boolean);
      const current = list.find((c) => c.kinds.includes(kind));
      return (current ? [current, ...list.filter((c) => c !== current)] : list).map((c) => c.el);
    };
    arrange(panels.case, cards(CASE));
    arrange(panels.questions, cards(QUESTIONS));
    arrange(panels.ideas, cards(IDEAS));
    // The safety card is the facilitator's (lock, end, remove) in Run; for
    // the others it only says that the room is locked, with the people.
    arrange(panels.people, [p.me, p.speaking.el, p.people.el, ...(fac ? [] : [p.safety.el])]);
    arrange(panels.run, fac ? [p.fac.el, p.safety.el] : []);
  }

  function labels(room) {
    const count = { questions: room.questions.length, ideas: room.suggestions.length + room.learnings.length,
      people: room.participants.filter((x) => x.connected && !x.seat).length };
    const now = stepTab(room.steps[room.step].kind);
    for (const id of TABS) {
      const [label, n, here] = tabs[id].children;
      const text = t(`tabs.${id}`);
      if (label.textContent !== text) label.textContent = text;
      const c = count[id] ? String(count[id]) : '';
      if (n.textContent !== c) n.textContent = c;
      const mark = id === now ? ` (${t('tabs.this_step')})` : '';
      if (here.textContent !== mark) here.textContent = mark;
      tabs[id].classList.toggle('tab-step', id === now);
    }
  }

  // Returns true when the desktop grid was just put back (room.js then
  // orders its cards again).
  function update() {
    if (!query.matches) {
      if (mode === 'desktop') return false;
      mode = 'desktop';
      toDesktop();
      return true;
    }
    if (mode !== 'phone') { mode = 'phone'; toPhone(); }
    const room = ctx.room();
    const fac = ctx.isFacilitator();
    const kind = room.steps[room.step].kind;
    tablist.setAttribute('aria-label', t('tabs.label'));
    tabs.run.hidden = !fac;
    place(kind, fac);
    labels(room);
    if (fac) bar.update();
    bar.el.hidden = !fac;
    if (seenStep !== room.step) {
      seenStep = room.step;
      // Someone writing in the shown panel when the step moves keeps it:
      // the panel is not pulled away under their fingers; the marked tab
      // says where the step is.
      const writing = document.activeElement?.matches?.('input, textarea, select')
        && panels[selected]?.contains(document.activeElement);
      if (!writing) select(stepTab(kind));
    } else if (!selected || tabs[selected].hidden) {
      select(stepTab(kind));
    }
    return false;
  }

  // Shows the panel that holds `el` (e.g. the raised hands, from the
  // header): true when a tab was selected for it.
  function reveal(el) {
    if (mode !== 'phone') return false;
    const id = TABS.find((k) => panels[k].contains(el));
    if (!id || tabs[id].hidden) return false;
    select(id, { user: true });
    return true;
  }

  // Another room (moved by the organizer, the next workshop): its step
  // chooses the tab again, even at the same step number.
  const again = () => { seenStep = -1; };

  return { update, reveal, again, phone: () => mode === 'phone' };
}

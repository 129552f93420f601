// First visit to a room: choose a display name, read and accept the ground
// rules. Both are remembered for this room (localStorage). The way in is
// explicit: a facilitator link enters as facilitator or only looks in
// (observer), an organizer link observes the room, visibly to members.
import { h, $, replace } from '../dom.js';
import { t, onLang } from '../i18n.js';

export const RULES = ['confidentiality', 'kindness', 'listen', 'client', 'time'];
const TITLE = { member: 'join.title', facilitator: 'join.title_facilitator', organizer: 'join.title_organizer' };
const ENTER = { member: 'join.enter', facilitator: 'join.enter_facilitator', organizer: 'join.enter_organizer' };

// mode: 'member' (a participant or personal link), 'facilitator' (a
// facilitator link: two ways in) or 'organizer' (looking in).
export function mountJoin({ mode = 'member', name = '', error = '', askName = true }, onJoin) {
  const app = $('#app');
  let draft = name;
  let accepted = false;
  let active = true;

  function render() {
    if (!active) return;
    const nameInput = h('input', { id: 'join-name', type: 'text', maxlength: 64, required: true,
      autocomplete: 'nickname', value: draft, dataset: { focus: 'name', testid: 'join-name' },
      'aria-describedby': 'join-name-hint', oninput: (e) => { draft = e.target.value; } });
    const box = h('input', { id: 'join-accept', type: 'checkbox', required: true, checked: accepted,
      dataset: { focus: 'accept', testid: 'join-accept' }, onchange: (e) => { accepted = e.target.checked; } });
    const form = h('form', { class: 'card join', novalidate: true, onsubmit: (e) => {
      e.preventDefault();
      const observe = mode === 'organizer' || e.submitter?.dataset.testid === 'join-observe';
      const clean = draft.trim();
      const errBox = form.querySelector('.form-error');
      if (askName && !clean) { errBox.textContent = t('join.need_name'); nameInput.focus(); return; }
      if (!accepted) { errBox.textContent = t('join.need_accept'); box.focus(); return; }
      active = false;
      onJoin(clean, { observe });
    } },
    h('h1', {}, t(TITLE[mode])),
    h('p', { class: 'lead' }, t(mode === 'organizer' ? 'join.lead_organizer' : askName ? 'join.lead' : 'join.lead_personal')),
    askName ? [h('label', { for: 'join-name' }, t('join.name')),
      h('p', { id: 'join-name-hint', class: 'hint' }, t('join.name_hint')),
      nameInput] : null,
    h('h2', {}, t('rules.title')),
    h('ul', { class: 'rules' }, RULES.map((r) => h('li', {},
      h('strong', {}, t(`rules.${r}.title`)), ' ', h('span', {}, t(`rules.${r}.text`))))),
    h('div', { class: 'check' }, box, h('label', { for: 'join-accept' }, t('rules.accept'))),
    h('p', { class: 'form-error', role: 'alert' }, error),
    mode === 'facilitator' ? h('p', { class: 'hint', id: 'join-ways' }, t('join.ways_facilitator')) : null,
    h('div', { class: 'row wrap' },
      h('button', { type: 'submit', class: 'btn btn-primary btn-large', dataset: { testid: 'join-submit' } },
        t(ENTER[mode])),
      mode === 'facilitator' ? h('button', { type: 'submit', class: 'btn btn-large',
        dataset: { testid: 'join-observe' } }, t('join.observe')) : null));
    replace(app, h('div', { class: 'page narrow' }, form));
  }
  onLang(render);
  render();
  ($('#join-name') || $('#join-accept'))?.focus();
}

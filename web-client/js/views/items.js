// Lists the group builds together: clarifying questions (and the client's
// answers), suggestions (the client keeps some), learnings.
import { h, memo } from '../dom.js';
import { t, currentLang } from '../i18n.js';
import { cardFrame, addForm, why, empty, byLine } from './forms.js';
import { personName } from './people.js';

// An item the facilitator hid (item.hide: posted in the wrong place) is
// kept in its place, marked, its text collapsed; the facilitator can hide
// any item and show it again. `parts` is what the item shows when shown.
function hideable(ctx, kind, id, item, parts) {
  const toggle = ctx.can('item.hide') ? h('button', { type: 'button', class: 'btn btn-small btn-ghost',
    dataset: { focus: `hide:${kind}:${id}`, testid: 'hide-toggle' },
    onclick: () => ctx.send('item.hide', { kind, item: id, hidden: !item.hidden }) },
  t(item.hidden ? 'items.unhide' : 'items.hide')) : null;
  if (!item.hidden) return [parts, toggle];
  return [h('p', { class: 'tag hidden-tag', dataset: { testid: 'hidden-mark' } }, t('items.hidden_by_facilitator')),
    h('details', { class: 'hidden-text' }, h('summary', {}, t('items.show_text')), parts), toggle];
}

export function createQuestions(ctx) {
  const { el, title, body } = cardFrame('card-questions', 'questions');
  const render = memo(body, (room) => {
    const canAnswer = ctx.can('question.answer');
    const list = room.questions.length ? h('ol', { class: 'items', dataset: { testid: 'question-list' } },
      room.questions.map((q) => {
        const key = `answer:${q.id}`;
        const answer = async (e) => {
          e.preventDefault();
          const text = (ctx.drafts.get(key) || '').trim();
          if (text && await ctx.send('question.answer', { question: q.id, text })) ctx.drafts.delete(key);
        };
        const inputId = `answer-${q.id}`;
        return h('li', { class: `item ${q.hidden ? 'hidden-item' : ''}`, dataset: { testid: 'question', hidden: String(!!q.hidden) } },
          hideable(ctx, 'question', q.id, q, [
          h('p', { class: 'item-text pre' }, q.text), byLine(personName(room, q.author)),
          q.answer !== null ? h('p', { class: 'answer pre' }, h('span', { class: 'answer-label' }, t('questions.answer')), ' ', q.answer)
            : h('p', { class: 'muted small' }, t('questions.unanswered')),
          canAnswer ? h('form', { class: 'row inline-form', onsubmit: answer },
            h('label', { for: inputId, class: 'sr-only' }, t('questions.answer_label', { n: q.id })),
            h('input', { id: inputId, type: 'text', maxlength: 1000, value: ctx.drafts.get(key) || '',
              placeholder: t(q.answer === null ? 'questions.answer_ph' : 'questions.reanswer_ph'),
              dataset: { focus: key, testid: 'answer-input' }, oninput: (e) => ctx.drafts.set(key, e.target.value) }),
            h('button', { type: 'submit', class: 'btn btn-small', dataset: { focus: `${key}:go`, testid: 'answer-submit' } },
              t('questions.answer_btn'))) : null]));
      })) : empty('questions.empty');
    const form = ctx.can('question.add')
      ? addForm(ctx, 'question.add', { label: t('questions.add_label'), button: t('questions.add'), testid: 'question-input' })
      : why(ctx, 'question.add');
    return [list, form];
  });
  function update() {
    const room = ctx.room();
    title.textContent = t('questions.title', { n: room.questions.length });
    render([currentLang(), room.questions, room.participants.map((p) => p.name), ctx.role(), room.step], room);
  }
  return { el, update, kinds: ['questions'] };
}

export function createSuggestions(ctx) {
  const { el, title, body } = cardFrame('card-suggestions', 'suggestions');
  const render = memo(body, (room) => {
    const canKeep = ctx.can('suggestion.keep');
    const out = [];
    if (room.enough_by) out.push(h('p', { class: 'banner', dataset: { testid: 'enough' } }, t('suggestions.enough_said', { name: personName(room, room.enough_by) })));
    out.push(room.suggestions.length ? h('ul', { class: 'items board', dataset: { testid: 'suggestion-list' } },
      room.suggestions.map((s) => h('li', { class: `item ${s.kept ? 'kept' : ''} ${s.hidden ? 'hidden-item' : ''}`,
        dataset: { testid: 'suggestion', kept: String(s.kept), hidden: String(!!s.hidden) } }, hideable(ctx, 'suggestion', s.id, s, [
        h('p', { class: 'item-text pre' }, s.text), byLine(personName(room, s.author)),
        canKeep ? h('button', { type: 'button', class: `btn btn-small ${s.kept ? 'btn-kept' : ''}`, 'aria-pressed': String(s.kept),
          dataset: { focus: `keep:${s.id}`, testid: 'keep' },
          onclick: () => ctx.send('suggestion.keep', { suggestion: s.id, kept: !s.kept }) },
        s.kept ? t('suggestions.kept') : t('suggestions.keep'))
          : s.kept ? h('span', { class: 'tag kept-tag' }, t('suggestions.kept')) : null]))))
      : empty('suggestions.empty'));
    if (ctx.can('suggestion.add')) out.push(addForm(ctx, 'suggestion.add', { label: t('suggestions.add_label'), button: t('suggestions.add'), testid: 'suggestion-input' }));
    else out.push(why(ctx, 'suggestion.add'));
    if (ctx.can('enough.signal') && !room.enough_by) {
      out.push(h('div', { class: 'row' }, h('button', { type: 'button', class: 'btn', dataset: { focus: 'enough', testid: 'enough-btn' },
        onclick: () => ctx.send('enough.signal') }, t('suggestions.enough')), h('span', { class: 'hint' }, t('suggestions.enough_hint'))));
    }
    if (canKeep) out.push(h('p', { class: 'hint' }, t('suggestions.keep_hint')));
    return out;
  });
  function update() {
    const room = ctx.room();
    const kept = room.suggestions.filter((s) => s.kept).length;
    title.textContent = t('suggestions.title', { n: room.suggestions.length, kept });
    render([currentLang(), room.suggestions, room.enough_by, room.participants.map((p) => p.name), ctx.role(), room.step], room);
  }
  return { el, update, kinds: ['consultation'] };
}

export function createLearnings(ctx) {
  const { el, title, body } = cardFrame('card-learnings', 'learnings');
  const render = memo(body, (room) => [
    room.learnings.length ? h('ul', { class: 'items', dataset: { testid: 'learning-list' } }, room.learnings.map((l, i) =>
      h('li', { class: `item ${l.hidden ? 'hidden-item' : ''}`, dataset: { testid: 'learning', hidden: String(!!l.hidden) } },
        hideable(ctx, 'learning', i + 1, l, [h('p', { class: 'item-text pre' }, l.text), byLine(personName(room, l.author))]))))
      : empty('learnings.empty'),
    ctx.can('learning.add')
      ? addForm(ctx, 'learning.add', { label: t('learnings.add_label'), button: t('learnings.add'), testid: 'learning-input' })
      : why(ctx, 'learning.add'),
  ]);
  function update() {
    const room = ctx.room();
    title.textContent = t('learnings.title', { n: room.learnings.length });
    render([currentLang(), room.learnings, room.participants.map((p) => p.name), ctx.role(), room.step], room);
  }
  return { el, update, kinds: ['learnings'] };
}

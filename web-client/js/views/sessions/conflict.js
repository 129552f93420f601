// Why the hub refused the cohort (a 422 with a `cohort` reason): the reason
// in words, the people it is about, the hub's own message.
import { h } from '../../dom.js';
import { t } from '../../i18n.js';

const REASONS = ['sizes', 'together_apart', 'set_too_big', 'fixed_together', 'too_many_fixed',
  'too_few_facilitators', 'apart', 'packing', 'separated'];

// conflict: {reason, people: [names], message}
export function conflictBox(conflict) {
  const reason = REASONS.includes(conflict.reason) ? t(`cohort.${conflict.reason}`) : t('cohort.other');
  return h('div', { class: 'conflict', role: 'alert', tabindex: '-1', dataset: { testid: 'conflict', reason: conflict.reason } },
    h('p', { class: 'conflict-title' }, t('sessions.conflict.title')),
    h('p', {}, reason),
    conflict.people.length ? h('p', {}, t('sessions.conflict.people'), ' ',
      conflict.people.map((n, i) => [i ? ', ' : '', h('strong', { dataset: { testid: 'conflict-person' } }, n)])) : null,
    conflict.message ? h('p', { class: 'small muted' }, t('sessions.conflict.hub'), ' ', conflict.message) : null);
}

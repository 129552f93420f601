// The hub's permission table (src/core/perm.c), mirrored so the page shows
// only what the hub will accept, and says why when it will not. The hub
// stays the judge: a refused command still shows the hub's reason.
const F = 'facilitator', C = 'client', K = 'consultant', S = 'scribe', O = 'observer';
const ANY = null; // every step kind

// command -> [roles, step kinds or ANY]
const TABLE = {
  'name.set': [[F, C, K, S, O], ANY],
  'role.assign': [[F], ANY], 'backup.set': [[F], ANY],
  'step.next': [[F], ANY], 'step.prev': [[F], ANY], 'step.goto': [[F], ANY],
  'timer.start': [[F], ANY], 'timer.pause': [[F], ANY], 'timer.resume': [[F], ANY],
  'timer.extend': [[F], ANY], 'timer.reset': [[F], ANY],
  'hand.raise': [[F, C, K, S], ANY], 'hand.lower': [[F, C, K, S], ANY],
  'floor.give': [[F], ANY], 'round.start': [[F], ANY], 'round.next': [[F], ANY],
  'sheet.update': [[C], ['presentation', 'questions', 'contract', 'report_back']],
  'contract.set': [[C], ['contract']],
  'question.add': [[K, S], ['questions']],
  'question.answer': [[C], ['questions']],
  'suggestion.add': [[K, S], ['consultation']],
  'suggestion.keep': [[C], ['consultation', 'synthesis']],
  'enough.signal': [[C], ['consultation']],
  'plan.update': [[C], ['synthesis']],
  'learning.add': [[F, C, K, S], ['learnings']],
  'notes.update': [[F, S], ANY],
  'room.lock': [[F], ANY], 'room.unlock': [[F], ANY], 'room.end': [[F], ANY],
  'participant.remove': [[F], ANY], 'participant.merge': [[F], ANY],
  'item.hide': [[F], ANY],
};

// The role that counts: an acting backup holds facilitator rights.
export function effectiveRole(room, you) {
  if (!room || !you) return O;
  if (room.acting_facilitator === you.participant) return F;
  const me = room.participants.find((p) => p.id === you.participant);
  return me ? me.role : O;
}

// null when allowed, else {code: 'forbidden'|'wrong_step', roles, steps}
export function check(room, you, cmd) {
  const rule = TABLE[cmd];
  if (!rule) return { code: 'forbidden', roles: [], steps: [] };
  const [roles, steps] = rule;
  const role = effectiveRole(room, you);
  if (!roles.includes(role)) return { code: 'forbidden', roles, steps };
  const kind = room.steps[room.step]?.kind;
  if (steps && !steps.includes(kind)) return { code: 'wrong_step', roles, steps };
  return null;
}

// true when the command is allowed: what the page asks before it offers
// a control (check() says why not).
export function can(room, you, cmd) {
  return check(room, you, cmd) === null;
}

// The reason in words: "Only the client can do this." / "Opens at step 3:
// Contract." Uses the room's own steps so the number matches the stepper.
export function reason(room, denial, t) {
  if (!denial) return '';
  if (denial.code === 'forbidden') {
    const who = denial.roles.filter((r) => r !== S || !denial.roles.includes(K))
      .map((r) => t(`role.${r}.plural`)).join(t('list.or'));
    return who ? t('perm.only', { who }) : t('perm.nobody');
  }
  const idx = room.steps.findIndex((s) => denial.steps.includes(s.kind));
  if (idx < 0) return t('perm.not_in_template');
  const name = t(`step.${room.steps[idx].kind}.name`);
  return idx > room.step ? t('perm.opens_at', { n: idx + 1, step: name })
    : t('perm.closed_at', { n: idx + 1, step: name });
}

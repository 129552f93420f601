// A person's personal link, from the organizer's pages (the sessions page
// and the console): copied to the clipboard, or replaced by a new one
// (POST /api/sessions/ID/people/P/link), which the hub makes the only valid
// one at once: the old link is refused and its open connection closed.
import { t } from '../i18n.js';
import { api } from '../api.js';
import { notice, announce, confirmDialog } from '../ui.js';

export async function copyText(text, button) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const field = button.parentElement.querySelector('input, textarea');
    if (field) { field.select(); document.execCommand('copy'); }
  }
  const label = button.textContent;
  button.textContent = t('organizer.copied');
  announce(t('organizer.copied'));
  setTimeout(() => { button.textContent = label; }, 1500);
}

// Asks first (the person is cut off at once), then asks the hub. Resolves
// the new link, or null when cancelled or refused (the error is shown).
export async function renewLink({ token, sessionId, person, name }) {
  const yes = await confirmDialog({ title: t('links.renew.title', { name }), testid: 'renew-dialog',
    text: [t('links.renew.text', { name }), t('links.renew.text2')], ok: t('links.renew.ok') });
  if (!yes) return null;
  const r = await api(token, `/api/sessions/${sessionId}/people/${person}/link`, { method: 'POST' });
  if (r.status === 201 && r.body?.link) {
    announce(t('links.renewed', { name }));
    return r.body.link;
  }
  const why = r.status === 0 ? t('sessions.err.network') : r.status === 401 ? t('organizer.unauthorized')
    : r.status === 409 ? t('sessions.err.state') : (r.body?.message || String(r.status));
  notice(t('sessions.err.action', { why }), { kind: 'error' });
  return null;
}

// The hub's HTTP API with the organizer token (Authorization: Bearer).
// Resolves {status, body} (body {} when there is none); never rejects: a
// network failure is status 0, so callers show one message for everything.
export async function api(token, path, { method = 'GET', body } = {}) {
  const headers = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let json = {};
    if (text) { try { json = JSON.parse(text); } catch { json = { message: text.slice(0, 200) }; } }
    return { status: res.status, body: json };
  } catch (e) {
    return { status: 0, body: { code: 'network', message: String(e.message || e) } };
  }
}

// The organizer's tabs tell each other that a session changed (the console
// started a new meeting, moved a group or a person): the console writes
// {id, at} under this localStorage key; the sessions page hears it as a
// 'storage' event and reloads the session.
export const SESSION_CHANGED_KEY = 'codev.session.changed';

// What kind of link a token is, read from its payload (version, key id,
// scope, ...: src/auth/token.h), only to choose what the join page
// offers. A hint, never a permission: the hub verifies the signature and
// decides (proto/README.md, "Links").
const SCOPES = ['organizer', 'facilitator', 'participant'];

export function linkScope(token) {
  if (!/^[A-Za-z0-9_-]{4,}$/.test(token || '')) return null;
  try {
    const head = atob(token.slice(0, 4).replace(/-/g, '+').replace(/_/g, '/'));
    return SCOPES[head.charCodeAt(2)] || null;
  } catch {
    return null;
  }
}

// The organizer's way into a room to look in: the room's address with the
// organizer link (the hub admits it as a visible observer, hello.room).
export const observeHref = (room, organizerToken) => `/r/${encodeURIComponent(room)}#${organizerToken}`;

// Sending personal links, without a server: the lines "Copy all" puts on
// the clipboard (name, e-mail, group, link, tab-separated), one CSV for a
// mail merge (name,email,group,link, RFC 4180 quoting), a mailto: link per
// person, and an iCalendar (RFC 5545) invitation to a meeting with the
// person's link in it. Pure functions: no DOM.

// A CSV cell: quoted when it holds a separator, a quote or a line break;
// a cell a spreadsheet would read as a formula (=, +, -, @) is prefixed
// with an apostrophe (CSV injection).
export function csvCell(v) {
  let s = String(v ?? '');
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// rows: [{name, email, group, link}] → CSV text with CRLF line ends.
export function linksCsv(rows) {
  const lines = [['name', 'email', 'group', 'link'],
    ...rows.map((r) => [r.name, r.email || '', r.group, r.link])];
  return lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

// "Copy all": one person a line, tab-separated (pastes into a sheet);
// tabs and line breaks inside a field become spaces.
export function linksTsv(rows, groupLabel = (g) => String(g)) {
  const f = (v) => String(v ?? '').replace(/[\t\r\n]+/g, ' ');
  return rows.map((r) => [r.name, r.email || '', groupLabel(r.group), r.link].map(f).join('\t')).join('\n');
}

export function mailtoHref(email, subject, body) {
  return `mailto:${encodeURIComponent(email)}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}

// RFC 5545 3.3.11: backslash, semicolon, comma and line breaks escaped.
export function icsText(s) {
  return String(s ?? '').replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

// RFC 5545 3.1: lines of at most 75 octets (UTF-8), continued after CRLF
// and one space; a character is never cut in the middle.
export function icsFold(line) {
  const enc = new TextEncoder();
  const out = [];
  let cur = '', octets = 0;
  for (const ch of line) {
    const n = enc.encode(ch).length;
    const limit = out.length ? 74 : 75; // continuation lines start with a space
    if (octets + n > limit) { out.push(cur); cur = ''; octets = 0; }
    cur += ch;
    octets += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

const icsDate = (ms) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

// One event: {uid, start_ms, minutes, summary, description, url, now_ms}.
export function icsEvent({ uid, start_ms, minutes, summary, description, url, now_ms = Date.now() }) {
  const lines = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//codevhub//invitation//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${icsText(uid)}`,
    `DTSTAMP:${icsDate(now_ms)}`,
    `DTSTART:${icsDate(start_ms)}`,
    `DTEND:${icsDate(start_ms + minutes * 60000)}`,
    `SUMMARY:${icsText(summary)}`,
    `DESCRIPTION:${icsText(description)}`,
    url ? `URL:${url}` : null,
    url ? `LOCATION:${icsText(url)}` : null,
    'END:VEVENT', 'END:VCALENDAR',
  ].filter(Boolean);
  return lines.map(icsFold).join('\r\n') + '\r\n';
}

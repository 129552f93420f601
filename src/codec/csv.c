/*
 * csv.c — the cohort CSV import (proto/sessions.md) and the owned people
 * list it shares with the session request.
 *
 * The file comes from a spreadsheet or a text editor, so the reader is
 * forgiving where nothing can be misread (BOM, CRLF/LF/CR, blank or
 * all-empty lines, rows shorter than the header, spaces around quoted
 * fields, yes/oui/1/true...) and strict where a guess could mis-assign
 * people (unknown or repeated columns, extra fields, unterminated quotes,
 * values that are not yes or no). Errors name the line and the column,
 * never a value.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codec/people.h"
#include "util/array.h"
#include "util/utf8.h"

/* --- text checks --------------------------------------------------------- */

bool people_text_ok(const char *s, size_t n, bool lines)
{
	for (size_t i = 0, k; i < n; i += k) {
		uint32_t cp;
		k = utf8_next(s + i, n - i, &cp);
		if (!k)
			return false;
		if (lines && (cp == '\n' || cp == '\t'))
			continue;
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			return false;
	}
	return true;
}

void people_trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t'))
		(*s)++, (*n)--;
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

/* --- the owned list ------------------------------------------------------ */

bool people_init(struct codec_people *p, size_t text_cap)
{
	memset(p, 0, sizeof *p);
	p->text = malloc(text_cap ? text_cap : 1);
	p->text_cap = text_cap;
	return p->text != NULL;
}

void codec_people_free(struct codec_people *p)
{
	if (!p)
		return;
	free(p->v);
	free(p->text);
	memset(p, 0, sizeof *p);
}

/* A copy of s in p->text; "" is shared so an absent email costs nothing
 * (which keeps the CSV's text bound: see codec_csv_people). */
static const char *text_put(struct codec_people *p, const char *s, size_t n)
{
	char *d;

	if (!n)
		return "";
	if (p->text_cap - p->text_len < n + 1)
		return NULL;
	d = p->text + p->text_len;
	memcpy(d, s, n);
	d[n] = '\0';
	p->text_len += n + 1;
	return d;
}

enum people_bad people_add(struct codec_people *p, const char *name,
			   size_t name_len, const char *email, size_t email_len,
			   const bool flags[3])
{
	struct osess_person_in *in;

	people_trim(&name, &name_len);
	people_trim(&email, &email_len);
	if (!name_len)
		return PEOPLE_NAME_EMPTY;
	if (name_len > OSESS_PERSON_MAX)
		return PEOPLE_NAME_LONG;
	if (!people_text_ok(name, name_len, false))
		return PEOPLE_NAME_TEXT;
	if (email_len > OSESS_EMAIL_MAX)
		return PEOPLE_EMAIL_LONG;
	if (!people_text_ok(email, email_len, false))
		return PEOPLE_EMAIL_TEXT;
	if (array_grow(&p->v, &p->v_cap, p->n + 1, sizeof *p->v))
		return PEOPLE_NOMEM;
	in = &p->v[p->n];
	in->name = text_put(p, name, name_len);
	in->email = text_put(p, email, email_len);
	if (!in->name || !in->email)
		return PEOPLE_NOMEM;
	in->wants_client = flags[0];
	in->can_facilitate = flags[1];
	in->fixed_facilitator = flags[2];
	p->n++;
	return PEOPLE_OK;
}

#define STR_(x) #x
#define STR(x) STR_(x)

const char *people_why(enum people_bad bad)
{
	switch (bad) {
	case PEOPLE_NAME_EMPTY:
		return "name: empty";
	case PEOPLE_NAME_LONG:
		return "name: longer than " STR(OSESS_PERSON_MAX) " bytes";
	case PEOPLE_NAME_TEXT:
		return "name: control characters or invalid UTF-8";
	case PEOPLE_EMAIL_LONG:
		return "email: longer than " STR(OSESS_EMAIL_MAX) " bytes";
	case PEOPLE_EMAIL_TEXT:
		return "email: control characters or invalid UTF-8";
	default:
		return "out of memory";
	}
}

/* --- CSV reading --------------------------------------------------------- */

enum csv_col { COL_NAME, COL_EMAIL, COL_WANTS, COL_CAN, COL_FIXED, COL__N };

static const char *const col_names[COL__N] = {"name", "email", "wants_client",
					      "can_facilitate", "facilitator"};

struct csv {
	const char *p, *end;
	char sep;
	size_t line;   /* of the next character */
	char *scratch; /* unescaped fields of the current record */
	size_t used;   /* bytes of scratch the record took */
	struct codec_error *e;
};

struct csv_field {
	const char *s;
	size_t n;
};

enum csv_st { CSV_MORE, CSV_LAST, CSV_E_QUOTE, CSV_E_AFTER };

static bool csv_eol(struct csv *c)
{
	if (c->p == c->end || (*c->p != '\n' && *c->p != '\r'))
		return false;
	if (*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n')
		c->p++;
	c->p++;
	c->line++;
	return true;
}

/* After a field: a separator (more fields) or the end of the record. */
static enum csv_st csv_after(struct csv *c)
{
	if (c->p < c->end && *c->p == c->sep) {
		c->p++;
		return CSV_MORE;
	}
	if (c->p == c->end || csv_eol(c))
		return CSV_LAST;
	return CSV_E_AFTER;
}

static enum csv_st csv_quoted(struct csv *c, char *out, size_t *n)
{
	for (c->p++;; c->p++) {
		if (c->p == c->end)
			return CSV_E_QUOTE;
		if (*c->p == '"') {
			if (c->p + 1 == c->end || c->p[1] != '"')
				break;
			c->p++; /* "" is one quote */
		} else if (*c->p == '\n' ||
			   (*c->p == '\r' &&
			    (c->p + 1 == c->end || c->p[1] != '\n'))) {
			c->line++;
		}
		out[(*n)++] = *c->p;
	}
	c->p++;
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
	return csv_after(c);
}

/* Reads one field into the scratch buffer. */
static enum csv_st csv_field(struct csv *c, struct csv_field *f)
{
	const char *q = c->p;
	char *out = c->scratch + c->used;

	f->s = out;
	f->n = 0;
	while (q < c->end && (*q == ' ' || *q == '\t'))
		q++;
	if (q < c->end && *q == '"') {
		enum csv_st st;
		c->p = q;
		st = csv_quoted(c, out, &f->n);
		c->used += f->n;
		return st;
	}
	while (c->p < c->end && *c->p != c->sep && *c->p != '\n' &&
	       *c->p != '\r')
		out[f->n++] = *c->p++;
	c->used += f->n;
	return csv_after(c);
}

static enum core_err csv_fail(struct csv *c, enum core_err err, const char *fmt,
			      ...) __attribute__((format(printf, 3, 4)));

static enum core_err csv_fail(struct csv *c, enum core_err err, const char *fmt,
			      ...)
{
	char msg[CODEC_MESSAGE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	codec_error_set(c->e, err, "csv", msg);
	return err;
}

/* Reads one record (at most max fields) into f; *line is where it
 * started. */
static enum core_err csv_record(struct csv *c, struct csv_field *f, size_t max,
				size_t *nf, size_t *line)
{
	enum csv_st st = CSV_MORE;

	*line = c->line;
	*nf = 0;
	c->used = 0;
	while (st == CSV_MORE) {
		if (*nf == max)
			return csv_fail(c, CORE_E_BAD_FIELD,
					"line %zu: more than %zu fields", *line,
					max);
		st = csv_field(c, &f[(*nf)++]);
	}
	if (st == CSV_E_QUOTE)
		return csv_fail(c, CORE_E_BAD_FIELD,
				"line %zu: a quoted field is not closed",
				*line);
	if (st == CSV_E_AFTER)
		return csv_fail(c, CORE_E_BAD_FIELD,
				"line %zu: text after a closing quote",
				c->line);
	return CORE_OK;
}

static bool csv_blank(const struct csv_field *f, size_t nf)
{
	for (size_t i = 0; i < nf; i++) {
		const char *s = f[i].s;
		size_t n = f[i].n;
		people_trim(&s, &n);
		if (n)
			return false;
	}
	return true;
}

/* The header's separator: whichever of ',' and ';' it uses more
 * outside quotes (',' for a one-column header). */
static char csv_detect_sep(const char *p, const char *end)
{
	size_t commas = 0, semis = 0;
	bool quoted = false;

	while (p < end && strchr(" \t\r\n", *p) && *p)
		p++; /* blank lines before the header */
	for (; p < end && (quoted || (*p != '\n' && *p != '\r')); p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted)
			commas += *p == ',', semis += *p == ';';
	}
	return semis > commas ? ';' : ',';
}

static int col_find(const char *s, size_t n)
{
	for (int i = 0; i < COL__N; i++)
		if (strlen(col_names[i]) == n &&
		    !strncasecmp(s, col_names[i], n))
			return i;
	return -1;
}

static enum core_err csv_unknown_col(struct csv *c, size_t line, size_t i,
				     const char *s, size_t n)
{
	if (!n)
		return csv_fail(c, CORE_E_BAD_FIELD,
				"line %zu: column %zu has no name", line,
				i + 1);
	if (n > 40 || !people_text_ok(s, n, false))
		return csv_fail(c, CORE_E_BAD_FIELD,
				"line %zu: column %zu is not one of name, "
				"email, wants_client, can_facilitate, "
				"facilitator",
				line, i + 1);
	return csv_fail(c, CORE_E_BAD_FIELD,
			"line %zu: unknown column \"%.*s\" (known: name, "
			"email, wants_client, can_facilitate, facilitator)",
			line, (int)n, s);
}

/* Maps the header's columns (cols[i] = enum csv_col). Room for more
 * columns than known ones, so that the error names the first wrong one. */
static enum core_err csv_header(struct csv *c, int *cols, size_t *ncols)
{
	struct csv_field f[64];
	bool seen[COL__N] = {false};
	size_t line;
	enum core_err err;

	do {
		if (c->p == c->end)
			return csv_fail(c, CORE_E_BAD_FIELD,
					"no header line (name, email, ...)");
		err = csv_record(c, f, sizeof f / sizeof f[0], ncols, &line);
		if (err)
			return err;
	} while (csv_blank(f, *ncols));
	for (size_t i = 0; i < *ncols; i++) {
		const char *s = f[i].s;
		size_t n = f[i].n;
		int k;
		people_trim(&s, &n);
		k = col_find(s, n);
		if (k < 0)
			return csv_unknown_col(c, line, i, s, n);
		if (seen[k])
			return csv_fail(c, CORE_E_BAD_FIELD,
					"line %zu: column %s given twice", line,
					col_names[k]);
		seen[k] = true;
		cols[i] = k; /* i < COL__N: every column so far was new */
	}
	if (!seen[COL_NAME])
		return csv_fail(c, CORE_E_BAD_FIELD,
				"line %zu: the header has no name column",
				line);
	return CORE_OK;
}

static bool csv_bool(const char *s, size_t n, bool *out)
{
	static const char *const yes[] = {"yes", "true", "1", "oui", "y"};
	static const char *const no[] = {"no", "false", "0", "non", "n"};

	people_trim(&s, &n);
	*out = false;
	if (!n)
		return true;
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strlen(yes[i]) == n && !strncasecmp(s, yes[i], n))
			return (*out = true);
		if (strlen(no[i]) == n && !strncasecmp(s, no[i], n))
			return true;
	}
	return false;
}

static enum core_err csv_row(struct csv *c, const int *cols,
			     const struct csv_field *f, size_t nf, size_t line,
			     struct codec_people *out)
{
	struct csv_field by_col[COL__N] = {{"", 0}};
	enum people_bad bad;
	bool flags[3];

	for (size_t i = 0; i < nf; i++)
		by_col[cols[i]] = f[i];
	for (int k = COL_WANTS; k <= COL_FIXED; k++)
		if (!csv_bool(by_col[k].s, by_col[k].n, &flags[k - COL_WANTS]))
			return csv_fail(c, CORE_E_BAD_FIELD,
					"line %zu, column %s: not yes or no",
					line, col_names[k]);
	bad = people_add(out, by_col[COL_NAME].s, by_col[COL_NAME].n,
			 by_col[COL_EMAIL].s, by_col[COL_EMAIL].n, flags);
	if (bad == PEOPLE_NOMEM)
		return csv_fail(c, CORE_E_INTERNAL, "out of memory");
	if (bad)
		return csv_fail(c, CORE_E_BAD_FIELD, "line %zu, column %s",
				line, people_why(bad));
	return CORE_OK;
}

static enum core_err csv_rows(struct csv *c, const int *cols, size_t ncols,
			      size_t max_people, struct codec_people *out)
{
	struct csv_field f[COL__N];
	size_t nf, line;
	enum core_err err;

	while (c->p < c->end) {
		err = csv_record(c, f, ncols, &nf, &line);
		if (err)
			return err;
		if (csv_blank(f, nf))
			continue;
		if (out->n == max_people)
			return csv_fail(c, CORE_E_BAD_FIELD,
					"line %zu: more than %zu people", line,
					max_people);
		err = csv_row(c, cols, f, nf, line, out);
		if (err)
			return err;
	}
	if (!out->n)
		return csv_fail(c, CORE_E_BAD_FIELD,
				"no people after the header");
	return CORE_OK;
}

/* Text bound: every stored name or email is at most its raw field, and
 * each raw field but the very last is followed by a separator or a line
 * end, which pays for the stored NUL; empty emails take no text. */
enum core_err codec_csv_people(const char *csv, size_t len, size_t max_people,
			       struct codec_people *out, struct codec_error *e)
{
	struct codec_error scratch_err;
	struct csv c = {.p = csv, .end = csv + len, .line = 1};
	int cols[COL__N];
	size_t ncols;
	enum core_err err;

	memset(out, 0, sizeof *out);
	c.e = e ? e : &scratch_err;
	codec_error_set(c.e, CORE_OK, NULL, NULL);
	if (len >= 3 && !memcmp(csv, "\xEF\xBB\xBF", 3))
		c.p += 3;
	c.sep = csv_detect_sep(c.p, c.end);
	c.scratch = malloc(len + 1);
	if (!c.scratch || !people_init(out, len + 2)) {
		free(c.scratch);
		return csv_fail(&c, CORE_E_INTERNAL, "out of memory");
	}
	err = csv_header(&c, cols, &ncols);
	if (!err)
		err = csv_rows(&c, cols, ncols, max_people, out);
	free(c.scratch);
	if (err)
		codec_people_free(out);
	return err;
}

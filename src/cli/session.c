/*
 * session.c — admin commands for sessions: `session create` (a draft
 * session from a CSV cohort, made by admin_session_draft as POST
 * /api/sessions makes it) and `links SESSION` (every personal link, by
 * admin_personal_link as GET /api/sessions/ID/links signs them).
 */
#include "cli/internal.h"

#include <stdio.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app/admin.h"
#include "auth/keyring.h"
#include "codec/sessionjson.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/fileutil.h"

/* --- templates --------------------------------------------------------- */

/* Whether the template exists, as the hub finds it (templates_load). 0,
 * or 1 after saying why not. */
static int template_check(const struct config *cfg, const char *id)
{
	struct templates *ts = malloc(sizeof *ts);
	char why[2 * CONFIG_PATH_MAX];
	int rc = 1;

	if (!ts)
		fprintf(stderr, "codevhub: out of memory\n");
	else if (templates_load(cfg->templates_dir, ts, why, sizeof why))
		fprintf(stderr,
			"codevhub: cannot load the templates: %s ([server] "
			"templates_dir, relative to the working directory)\n",
			why);
	else if (!templates_find(ts, id))
		fprintf(stderr, "codevhub: no template \"%s\" in %s\n", id,
			cfg->templates_dir);
	else
		rc = 0;
	free(ts);
	return rc;
}

/* --- sessions ---------------------------------------------------------- */

struct session_scan {
	uint32_t want; /* the session looked for, 0 = none */
	uint32_t max_id;
	size_t n;
	struct org_session *s; /* the one wanted, loaded */
	char why[128];	       /* why it did not load */
};

static int session_seen(void *ud, uint32_t id, uint32_t org, const char *doc,
			size_t len)
{
	struct session_scan *x = ud;

	x->n++;
	if (id > x->max_id)
		x->max_id = id;
	if (!x->want || id != x->want)
		return 0;
	x->s = codec_session_load(doc, len, x->why, sizeof x->why);
	if (x->s) { /* as the hub loads it */
		x->s->id = id;
		x->s->org = org;
	}
	return 1;
}

/* Makes the session (id = 1 + the largest stored) and stores it, all in
 * one transaction so that a hub creating one at the same time cannot take
 * the same id. 0, or an exit code after saying why. */
static int session_store_new(const struct config *cfg, struct store *st,
			     uint32_t org, const struct osess_request *req,
			     struct org_session **out)
{
	struct session_scan x = {0};
	struct osess_error oe;
	struct org_session *s;
	char *doc;
	int rc;

	if (cli_begin(st) || store_sessions_each(st, session_seen, &x) < 0)
		return cli_cannot_store(st);
	if (x.n >= (size_t)cfg->max_sessions) {
		store_rollback(st);
		fprintf(stderr,
			"codevhub: the store holds its maximum of %d "
			"sessions ([limits] max_sessions)\n",
			cfg->max_sessions);
		return 1;
	}
	if (x.max_id == UINT32_MAX) {
		store_rollback(st);
		fprintf(stderr, "codevhub: no session id left\n");
		return 1;
	}
	s = admin_session_draft(cfg, x.max_id + 1, org, req, &oe);
	if (!s) {
		store_rollback(st);
		if (oe.code == OSESS_E_COHORT)
			fprintf(stderr,
				"codevhub: the cohort cannot be split: %s\n",
				oe.message);
		else if (oe.code == OSESS_E_INVALID)
			fprintf(stderr, "codevhub: session create: %s: %s\n",
				oe.field, oe.message);
		else
			fprintf(stderr, "codevhub: session create: %s\n",
				oe.message);
		return 1;
	}
	if (!(doc = codec_session_store(s))) {
		store_rollback(st);
		osess_free(s);
		fprintf(stderr, "codevhub: out of memory\n");
		return 1;
	}
	rc = store_session_put(st, s->id, s->org, doc) || store_commit(st);
	free(doc);
	if (rc) {
		osess_free(s);
		return cli_cannot_store(st);
	}
	*out = s;
	return 0;
}

static void print_groups(const struct org_session *s)
{
	printf("session %u created (draft, organization %u): %zu %s in %zu "
	       "group%s\n",
	       s->id, s->org, s->n_people,
	       s->n_people == 1 ? "person" : "people", s->n_groups,
	       s->n_groups == 1 ? "" : "s");
	for (size_t g = 0; g < s->n_groups; g++) {
		printf("%zu", g + 1);
		for (size_t m = 0; m < s->groups[g].n_members; m++)
			printf("\t%s",
			       s->people[s->groups[g].members[m] - 1].name);
		putchar('\n');
	}
}

/* The session name: --name, or the cohort file's name without its
 * directory and extension; trimmed, 1..OSESS_NAME_MAX bytes of text. */
static int session_name(const char *given, const char *cohort, char *out,
			size_t cap)
{
	const char *s = given, *slash = strrchr(cohort, '/'), *dot;
	size_t n;

	if (!s) {
		s = slash ? slash + 1 : cohort;
		dot = strrchr(s, '.');
		n = dot && dot != s ? (size_t)(dot - s) : strlen(s);
	} else {
		n = strlen(s);
	}
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n || n > OSESS_NAME_MAX || n >= cap || !cli_text_ok(s, n))
		return cli_usage(
			"session",
			given ? "session create: --name: 1 to %d bytes of "
				"text on one line"
			      : "session create: give the session a "
				"--name (1 to %d bytes of text)",
			OSESS_NAME_MAX);
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

static int read_cohort(const struct config *cfg, const char *path,
		       struct codec_people *people)
{
	size_t len, max = (size_t)cfg->max_session_people;
	struct codec_error e;
	char *csv = file_read_all(path, COHORT_FILE_MAX, &len);

	if (!csv) {
		fprintf(stderr, "codevhub: %s: %s\n", path,
			errno == EFBIG ? "larger than 8 MiB" : strerror(errno));
		return 1;
	}
	if (max > COHORT_MAX_PEOPLE)
		max = COHORT_MAX_PEOPLE;
	if (codec_csv_people(csv, len, max, people, &e)) {
		fprintf(stderr, "codevhub: %s: %s\n", path, e.message);
		free(csv);
		return 1;
	}
	free(csv);
	return 0;
}

/* What `session create` was asked for, its words checked. */
struct create_args {
	uint32_t org, workshops;
	const char *cohort, *template_id;
	bool rotate;
	char name[OSESS_NAME_MAX + 1];
};

static int create_args(int argc, char **argv, struct create_args *a)
{
	enum { O_ORG, O_COHORT, O_TEMPLATE, O_NAME, O_WORKSHOPS, O_ROTATE };
	struct cli_opt o[] = {
		[O_ORG] = {"org", false, NULL, false},
		[O_COHORT] = {"cohort", false, NULL, false},
		[O_TEMPLATE] = {"template", false, NULL, false},
		[O_NAME] = {"name", false, NULL, false},
		[O_WORKSHOPS] = {"workshops", false, NULL, false},
		[O_ROTATE] = {"rotate-facilitator", true, NULL, false},
	};
	const char *words[1];
	size_t n;

	a->workshops = 1;
	if (cli_parse_args("session create", argc, argv, o,
			   sizeof o / sizeof *o, words, 0, &n))
		return 2;
	if (!o[O_ORG].given ||
	    !cli_parse_u32(o[O_ORG].value, 1, UINT32_MAX, &a->org))
		return cli_usage("session",
				 o[O_ORG].given ? "session create: --org: an "
						  "organization id (see org "
						  "list)"
						: "session create: --org N is "
						  "required");
	if (!o[O_COHORT].given || !o[O_COHORT].value[0])
		return cli_usage("session",
				 "session create: --cohort FILE.csv is "
				 "required");
	if (o[O_WORKSHOPS].given &&
	    !cli_parse_u32(o[O_WORKSHOPS].value, 1, OSESS_MAX_WORKSHOPS,
			   &a->workshops))
		return cli_usage("session",
				 "session create: --workshops: 1 to %d",
				 OSESS_MAX_WORKSHOPS);
	a->template_id =
		o[O_TEMPLATE].given ? o[O_TEMPLATE].value : TEMPLATES_DEFAULT;
	if (!a->template_id[0] ||
	    strlen(a->template_id) >= CORE_TEMPLATE_ID_MAX)
		return cli_usage("session",
				 "session create: --template: a "
				 "template id (1 to %d characters)",
				 CORE_TEMPLATE_ID_MAX - 1);
	a->cohort = o[O_COHORT].value;
	a->rotate = o[O_ROTATE].given;
	return session_name(o[O_NAME].value, a->cohort, a->name, sizeof a->name)
		       ? 2
		       : 0;
}

/* 1 when the organization exists; 0 after saying why not. */
static int org_known(struct store *st, uint32_t org)
{
	int rc = cli_org_exists(st, org);

	if (rc < 0)
		fprintf(stderr, "codevhub: cannot read the organizations: %s\n",
			store_errmsg(st));
	else if (!rc)
		fprintf(stderr,
			"codevhub: no organization %u (see: codevhub org "
			"list)\n",
			org);
	return rc == 1;
}

static int session_create(const struct config *cfg, int argc, char **argv)
{
	struct create_args a = {0};
	struct codec_people people = {0};
	struct org_session *s = NULL;
	struct token_keyring kr;
	struct store *st = NULL;
	int rc = create_args(argc, argv, &a);

	if (rc)
		return rc;
	if (read_cohort(cfg, a.cohort, &people))
		return 1;
	if (template_check(cfg, a.template_id) ||
	    cli_open_data(cfg, &kr, &st)) {
		codec_people_free(&people);
		return 1;
	}
	rc = 1;
	if (org_known(st, a.org)) {
		struct osess_request req = {
			.name = a.name,
			.template_id = a.template_id,
			.n_workshops = a.workshops,
			.rotate_facilitator = a.rotate,
			.people = people.v,
			.n_people = people.n,
		};
		rc = session_store_new(cfg, st, a.org, &req, &s);
		if (!rc)
			print_groups(s);
	}
	osess_free(s);
	codec_people_free(&people);
	store_close(st);
	memset(&kr, 0, sizeof kr);
	return rc;
}

int cli_cmd_session(const struct config *cfg, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage("session", "session: create what?");
	if (strcmp(argv[1], "create"))
		return cli_usage("session",
				 "session: unknown subcommand \"%s\"", argv[1]);
	return session_create(cfg, argc - 2, argv + 2);
}

/* --- personal links ---------------------------------------------------- */

/* Links start with [server] public_url, else with the bind address and
 * port: with port 0 the hub's real port is unknown here. */
static void warn_base(const struct config *cfg, const char *base)
{
	if (!cfg->public_url[0] && !cfg->port)
		fprintf(stderr,
			"codevhub: warning: [server] port is 0 and public_url "
			"is not set: these links start with %s, not with the "
			"hub's address\n",
			base);
}

int cli_cmd_links(const struct config *cfg, const char *base, int argc,
		  char **argv)
{
	struct cli_opt o[] = {{"org", false, NULL, false}};
	struct session_scan x = {0};
	struct token_keyring kr;
	struct store *st = NULL;
	const char *words[1];
	uint32_t org = 0;
	size_t n;
	int rc = 1;

	if (cli_parse_args("links", argc - 1, argv + 1, o, 1, words, 1, &n))
		return 2;
	if (n != 1 || !cli_parse_u32(words[0], 1, UINT32_MAX, &x.want))
		return cli_usage("links", n ? "links: SESSION is a session id"
					    : "links: which SESSION?");
	if (o[0].given && !cli_parse_u32(o[0].value, 1, UINT32_MAX, &org))
		return cli_usage(
			"links",
			"links: --org: an organization id (see org list)");
	if (cli_open_data(cfg, &kr, &st))
		return 1;
	if (store_sessions_each(st, session_seen, &x) < 0) {
		fprintf(stderr, "codevhub: cannot read the sessions: %s\n",
			store_errmsg(st));
	} else if (x.s && org && x.s->org != org) {
		fprintf(stderr, "codevhub: no session %u in organization %u\n",
			x.want, org);
	} else if (x.s) {
		char link[LINK_TEXT_MAX];
		warn_base(cfg, base);
		rc = 0;
		for (uint32_t p = 1; !rc && p <= x.s->n_people; p++) {
			const struct osess_person *pp = &x.s->people[p - 1];
			rc = admin_personal_link(&kr, base, x.s, p, link,
						 sizeof link);
			if (!rc)
				printf("%u\t%s\t%u\t%s\n", p, pp->name,
				       pp->group, link);
		}
		if (rc)
			fprintf(stderr, "codevhub: cannot sign the links\n");
	} else if (x.why[0]) {
		fprintf(stderr, "codevhub: session %u cannot be read: %s\n",
			x.want, x.why);
	} else {
		fprintf(stderr, "codevhub: no session %u\n", x.want);
	}
	osess_free(x.s);
	store_close(st);
	memset(&kr, 0, sizeof kr);
	return rc ? 1 : 0;
}

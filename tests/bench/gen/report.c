/*
 * report.c — the figures of one run (see report.h).
 *
 * Validity rule for a load phase: the generator is the bottleneck when
 * its processes used > 85 % of their one core, or when > 5 % of the
 * commands left more than 5 ms after their slot. Such a phase is marked
 * "valid": false and scripts/bench reports it as invalid, not as a
 * figure.
 */
#define _GNU_SOURCE
#include "report.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_names[] = {"hub", "ws", "sio", "lws"};

void report_init(struct report *r, enum server_kind k, const char *label,
		 int rooms, int workers)
{
	memset(r, 0, sizeof *r);
	r->kind = k;
	r->label = label;
	r->rooms = rooms;
	r->workers = workers;
	r->requested = (uint64_t)rooms * MEMBERS;
}

void report_merge(struct result *into, const struct result *f)
{
	into->joined += f->joined;
	into->join_failed += f->join_failed;
	into->held += f->held;
	into->server_closed += f->server_closed;
	into->sends += f->sends;
	into->late_sends += f->late_sends;
	if (f->max_late_ns > into->max_late_ns)
		into->max_late_ns = f->max_late_ns;
	into->events += f->events;
	into->acks += f->acks;
	into->errors += f->errors;
	into->gaps += f->gaps;
	into->gen_cpu_ns += f->gen_cpu_ns;
	if (f->wall_ns > into->wall_ns)
		into->wall_ns = f->wall_ns;
	into->lost_stamps += f->lost_stamps;
	if (!into->first_error[0])
		memcpy(into->first_error, f->first_error,
		       sizeof into->first_error);
	hist_merge(&into->join, &f->join);
	hist_merge(&into->fanout, &f->fanout);
	hist_merge(&into->expiry, &f->expiry);
	hist_merge(&into->probe, &f->probe);
}

static void common(struct report *r, const struct result *res)
{
	r->held = res->held;
	r->errors += res->errors;
	r->closed += res->server_closed;
	if (!r->first_error[0])
		memcpy(r->first_error, res->first_error, sizeof r->first_error);
}

void report_join(struct report *r, const struct result *res,
		 uint64_t srv_cpu_ns, uint64_t wall_ns, uint64_t rss_kb)
{
	common(r, res);
	r->join_failed = res->join_failed;
	r->join = res->join;
	r->rss_joined_kb = rss_kb;
	r->join_wall_s = (double)wall_ns / 1e9;
	r->join_cpu_us =
		res->joined ? (double)srv_cpu_ns / 1e3 / (double)res->joined
			    : 0;
}

void report_idle(struct report *r, const struct result *res,
		 uint64_t srv_cpu_ns, uint64_t wall_ns, uint64_t rss_kb)
{
	common(r, res);
	r->idle_ran = true;
	r->idle_cpu_pct = 100.0 * (double)srv_cpu_ns / (double)wall_ns;
	r->rss_idle_kb = rss_kb;
}

void report_probe(struct report *r, const struct result *res,
		  uint64_t srv_cpu_ns)
{
	common(r, res);
	r->probe_ran = true;
	r->probes = res->probe.n;
	r->probe = res->probe;
	r->join_failed += res->join_failed;
	r->probe_cpu_us =
		res->probe.n ? (double)srv_cpu_ns / 1e3 / (double)res->probe.n
			     : 0;
}

void report_load(struct report *r, int which, const struct phase *ph,
		 const struct result *res, uint64_t srv_cpu_ns)
{
	struct load_fig *l = &r->load[which];
	double secs = (double)(ph->t_end - ph->t_measure) / 1e9;

	common(r, res);
	l->ran = true;
	l->rate = ph->rate;
	l->secs = secs;
	l->sends = res->sends;
	l->late = res->late_sends;
	l->events = res->events;
	l->acks = res->acks;
	l->gaps = res->gaps;
	l->errors = res->errors;
	l->closed = res->server_closed;
	l->lost_stamps = res->lost_stamps;
	l->deliveries_per_s = (double)res->events / secs;
	l->server_cpu_pct = 100.0 * (double)srv_cpu_ns / 1e9 / secs;
	l->cpu_per_delivery_us =
		res->events ? (double)srv_cpu_ns / 1e3 / (double)res->events
			    : 0;
	l->gen_cpu_pct = 100.0 * (double)res->gen_cpu_ns / 1e9 / secs;
	l->late_pct = res->sends ? 100.0 * (double)res->late_sends /
					   (double)res->sends
				 : 0;
	l->max_late_ms = (double)res->max_late_ns / 1e6;
	l->valid = l->gen_cpu_pct < 85.0 && l->late_pct < 5.0;
	l->fanout = res->fanout;
	l->expiry = res->expiry;
}

static void pcts(FILE *f, const char *name, const struct hist *h)
{
	fprintf(f,
		"\"%s\":{\"n\":%llu,\"p50_us\":%.1f,\"p99_us\":%.1f,"
		"\"p999_us\":%.1f,\"max_us\":%.1f}",
		name, (unsigned long long)h->n, hist_pct(h, 0.50) / 1e3,
		hist_pct(h, 0.99) / 1e3, hist_pct(h, 0.999) / 1e3,
		h->max_ns / 1e3);
}

static void load_json(FILE *f, const char *name, const struct load_fig *l)
{
	fprintf(f,
		",\"%s\":{\"rate_per_room\":%.3f,\"secs\":%.1f,"
		"\"valid\":%s,\"sends\":%llu,\"late_pct\":%.3f,"
		"\"max_late_ms\":%.2f,\"gen_cpu_pct\":%.1f,"
		"\"deliveries\":%llu,\"deliveries_per_s\":%.0f,"
		"\"acks\":%llu,\"gaps\":%llu,\"errors\":%llu,"
		"\"server_closed\":%llu,\"unmatched\":%llu,"
		"\"server_cpu_pct\":%.1f,\"cpu_per_delivery_us\":%.3f,",
		name, l->rate, l->secs, l->valid ? "true" : "false",
		(unsigned long long)l->sends, l->late_pct, l->max_late_ms,
		l->gen_cpu_pct, (unsigned long long)l->events,
		l->deliveries_per_s, (unsigned long long)l->acks,
		(unsigned long long)l->gaps, (unsigned long long)l->errors,
		(unsigned long long)l->closed,
		(unsigned long long)l->lost_stamps, l->server_cpu_pct,
		l->cpu_per_delivery_us);
	pcts(f, "fanout", &l->fanout);
	fputc(',', f);
	pcts(f, "expiry", &l->expiry);
	fputc('}', f);
}

static void escape(FILE *f, const char *s)
{
	for (; *s; s++)
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s >= 0x20)
			fputc(*s, f);
}

static void json(FILE *f, const struct report *r)
{
	double conn = r->held ? (double)r->held : 1;
	uint64_t rss_end = r->idle_ran ? r->rss_idle_kb : r->rss_joined_kb;

	fprintf(f,
		"{\"server\":\"%s\",\"label\":\"%s\",\"rooms\":%d,"
		"\"workers\":%d,\"requested\":%llu,\"held\":%llu,"
		"\"join_failed\":%llu,\"errors\":%llu,"
		"\"server_closed\":%llu,\"server_exit\":%d,"
		"\"rss_base_kb\":%llu,\"rss_joined_kb\":%llu,"
		"\"rss_idle_kb\":%llu,\"rss_per_conn_bytes\":%.0f,"
		"\"rss_start_kb\":%llu,\"rss_per_conn_all_bytes\":%.0f,"
		"\"join_wall_s\":%.2f,\"join_cpu_us\":%.1f,",
		kind_names[r->kind], r->label, r->rooms, r->workers,
		(unsigned long long)r->requested, (unsigned long long)r->held,
		(unsigned long long)r->join_failed,
		(unsigned long long)r->errors, (unsigned long long)r->closed,
		r->server_exit, (unsigned long long)r->rss_base_kb,
		(unsigned long long)r->rss_joined_kb,
		(unsigned long long)r->rss_idle_kb,
		((double)rss_end - (double)r->rss_base_kb) * 1024.0 / conn,
		(unsigned long long)r->rss_start_kb,
		((double)rss_end - (double)r->rss_start_kb) * 1024.0 / conn,
		r->join_wall_s, r->join_cpu_us);
	pcts(f, "join", &r->join);
	if (r->idle_ran)
		fprintf(f, ",\"idle_cpu_pct\":%.2f", r->idle_cpu_pct);
	if (r->probe_ran) {
		fprintf(f, ",\"probe_cpu_us\":%.1f,", r->probe_cpu_us);
		pcts(f, "probe", &r->probe);
	}
	if (r->load[0].ran)
		load_json(f, "latency", &r->load[0]);
	if (r->load[1].ran)
		load_json(f, "throughput", &r->load[1]);
	fputs(",\"first_error\":\"", f);
	escape(f, r->first_error);
	fputs("\"}\n", f);
}

void report_write(const struct report *r, const char *path)
{
	FILE *f = path ? fopen(path, "w") : stdout;

	if (!f) {
		perror(path);
		f = stdout;
	}
	json(f, r);
	if (f != stdout)
		fclose(f);
	fprintf(stderr,
		"bench %s: held %llu/%llu, join p99 %.0f us, errors %llu, "
		"closed %llu, server exit %d\n",
		kind_names[r->kind], (unsigned long long)r->held,
		(unsigned long long)r->requested,
		hist_pct(&r->join, 0.99) / 1e3, (unsigned long long)r->errors,
		(unsigned long long)r->closed, r->server_exit);
	for (int i = 0; i < 2; i++)
		if (r->load[i].ran)
			fprintf(stderr,
				"  %s: %.0f deliveries/s, p50 %.0f us, p99 "
				"%.0f "
				"us, %.2f us CPU/delivery, gen %.0f%%, late "
				"%.2f%%, gaps %llu %s\n",
				i ? "throughput" : "latency",
				r->load[i].deliveries_per_s,
				hist_pct(&r->load[i].fanout, 0.5) / 1e3,
				hist_pct(&r->load[i].fanout, 0.99) / 1e3,
				r->load[i].cpu_per_delivery_us,
				r->load[i].gen_cpu_pct, r->load[i].late_pct,
				(unsigned long long)r->load[i].gaps,
				r->load[i].valid ? "" : "(INVALID)");
}

static int expect(bool ok, const char *what, int *bad)
{
	printf("%s - %s\n", ok ? "ok" : "not ok", what);
	*bad += !ok;
	return ok;
}

int report_check(const struct report *r)
{
	int bad = 0;
	uint64_t events = r->load[0].events + r->load[1].events;
	uint64_t gaps = r->load[0].gaps + r->load[1].gaps;

	expect(r->held == r->requested, "every connection held", &bad);
	expect(r->join.n == r->requested, "every join timed", &bad);
	expect(events > 0, "events delivered", &bad);
	expect(r->load[0].fanout.n + r->load[1].fanout.n > 0,
	       "fan-out latency measured", &bad);
	expect(!r->errors && !r->join_failed, "no errors", &bad);
	expect(!gaps && !r->closed, "nothing dropped", &bad);
	expect(!r->probe_ran || r->probes > 0, "rejoins measured", &bad);
	expect(r->server_exit == 0, "server exited 0", &bad);
	return bad ? 1 : 0;
}

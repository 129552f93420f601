/*
 * main.c — codevbench: the load generator's parent process.
 *
 * It starts the server under test pinned to one CPU (the generator pins
 * itself to another), creates the rooms (hub: through POST /api/rooms),
 * forks the worker processes that hold the connections (the fd limit is
 * 20,000 per process), drives them through the phases
 *   join -> idle -> probe -> latency load -> throughput load
 * while it reads the server's CPU and memory from /proc, and prints one
 * JSON object with every figure. It judges its own validity: a phase in
 * which the generator was busy > 85 % of its core, or sent > 5 % of its
 * commands more than 5 ms late, is marked invalid (it measured itself).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "procstat.h"
#include "report.h"
#include "rooms.h"
#include "spawn.h"
#include "worker.h"

struct opts {
	enum server_kind kind;
	const char *hub_bin, *workdir, *json_path, *label;
	char **cmd; /* peer server command (after --) */
	int rooms, workers, server_cpu, gen_cpu, n_src, probes, window;
	double idle_s, warmup_s, lat_rate, lat_s, tput_rate, tput_s;
	bool check;
};

static struct {
	int ctl[16], res[16];
	pid_t pid[16];
	int n;
} kids;

static pid_t server_pid;

/* timeout(1) or Ctrl-C: never leave the server or the workers behind. */
static void on_term(int sig)
{
	(void)sig;
	if (server_pid > 0)
		kill(server_pid, SIGTERM);
	for (int i = 0; i < kids.n; i++)
		kill(kids.pid[i], SIGKILL);
	_exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void sleep_until(uint64_t t)
{
	struct timespec ts = {(time_t)(t / 1000000000ull),
			      (long)(t % 1000000000ull)};

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	       EINTR)
		;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: codevbench --server hub|ws|sio|lws [options] "
		"[-- peer command...]\n"
		"  --hub BIN         the codevhub binary (server hub)\n"
		"  --rooms N         rooms of 8 (default 10)\n"
		"  --workers N       generator processes (default: 1 per "
		"9,500 connections)\n"
		"  --server-cpu N    pin the server (default 0; -1 none)\n"
		"  --gen-cpu N       pin the generator (default 1; -1 none)\n"
		"  --idle S          idle phase seconds (default 0)\n"
		"  --probes N        rejoins with the server full (default 0)\n"
		"  --lat-rate R --lat-s S    latency phase: R commands per "
		"room per second for S s\n"
		"  --tput-rate R --tput-s S  throughput phase, likewise\n"
		"  --warmup S        unmeasured start of each load phase "
		"(default 2)\n"
		"  --workdir DIR     hub config and data (default: a new "
		"/tmp dir)\n"
		"  --json FILE       write the result there (default stdout)\n"
		"  --label TEXT      a name for this run in the result\n"
		"  --check           exit 1 unless the run was sane (smoke "
		"test)\n");
	exit(2);
}

static enum server_kind parse_kind(const char *s)
{
	static const char *const names[] = {"hub", "ws", "sio", "lws"};

	for (int i = 0; i < 4; i++)
		if (!strcmp(s, names[i]))
			return (enum server_kind)i;
	usage();
	return SRV_HUB;
}

static void parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {{"server", 1, 0, 's'},
					   {"hub", 1, 0, 'b'},
					   {"rooms", 1, 0, 'r'},
					   {"workers", 1, 0, 'w'},
					   {"server-cpu", 1, 0, 'S'},
					   {"gen-cpu", 1, 0, 'G'},
					   {"idle", 1, 0, 'i'},
					   {"probes", 1, 0, 'p'},
					   {"lat-rate", 1, 0, 'l'},
					   {"lat-s", 1, 0, 'L'},
					   {"tput-rate", 1, 0, 't'},
					   {"tput-s", 1, 0, 'T'},
					   {"warmup", 1, 0, 'u'},
					   {"workdir", 1, 0, 'd'},
					   {"json", 1, 0, 'j'},
					   {"label", 1, 0, 'n'},
					   {"window", 1, 0, 'W'},
					   {"check", 0, 0, 'C'},
					   {0, 0, 0, 0}};
	int c;

	*o = (struct opts){.kind = SRV_HUB,
			   .rooms = 10,
			   .server_cpu = 0,
			   .gen_cpu = 1,
			   .n_src = 8,
			   .warmup_s = 2,
			   .window = 32,
			   .label = ""};
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 's':
			o->kind = parse_kind(optarg);
			break;
		case 'b':
			o->hub_bin = optarg;
			break;
		case 'r':
			o->rooms = atoi(optarg);
			break;
		case 'w':
			o->workers = atoi(optarg);
			break;
		case 'S':
			o->server_cpu = atoi(optarg);
			break;
		case 'G':
			o->gen_cpu = atoi(optarg);
			break;
		case 'i':
			o->idle_s = atof(optarg);
			break;
		case 'p':
			o->probes = atoi(optarg);
			break;
		case 'l':
			o->lat_rate = atof(optarg);
			break;
		case 'L':
			o->lat_s = atof(optarg);
			break;
		case 't':
			o->tput_rate = atof(optarg);
			break;
		case 'T':
			o->tput_s = atof(optarg);
			break;
		case 'u':
			o->warmup_s = atof(optarg);
			break;
		case 'd':
			o->workdir = optarg;
			break;
		case 'j':
			o->json_path = optarg;
			break;
		case 'n':
			o->label = optarg;
			break;
		case 'W':
			o->window = atoi(optarg);
			break;
		case 'C':
			o->check = true;
			break;
		default:
			usage();
		}
	}
	o->cmd = optind < argc ? argv + optind : NULL;
	if (o->rooms < 1 || o->rooms > 5000 ||
	    (o->kind == SRV_HUB ? !o->hub_bin : !o->cmd))
		usage();
	if (o->workers <= 0)
		o->workers = (o->rooms * MEMBERS + 9499) / 9500;
	if (o->workers > 16)
		o->workers = 16;
}

static void fork_workers(const struct run_cfg *cfg)
{
	kids.n = cfg->workers;
	for (int i = 0; i < kids.n; i++) {
		int a[2], b[2];
		if (pipe(a) || pipe(b))
			exit(3);
		kids.pid[i] = fork();
		if (kids.pid[i] == 0) {
			close(a[1]);
			close(b[0]);
			worker_run(cfg, i, kids.n, a[0], b[1]);
		}
		close(a[0]);
		close(b[1]);
		kids.ctl[i] = a[1];
		kids.res[i] = b[0];
	}
}

/* Sends a phase to every worker and merges their results. */
static int run_phase(const struct phase *ph, struct result *sum,
		     uint64_t *srv_cpu, pid_t srv)
{
	static struct result r;
	uint64_t cpu0 = 0;

	memset(sum, 0, sizeof *sum);
	for (int i = 0; i < kids.n; i++)
		if (write(kids.ctl[i], ph, sizeof *ph) != sizeof *ph)
			return -1;
	if (ph->kind == PH_LOAD) {
		sleep_until(ph->t_measure);
		cpu0 = procstat_cpu_ns(srv);
		sleep_until(ph->t_end);
		*srv_cpu = procstat_cpu_ns(srv) - cpu0;
	}
	for (int i = 0; i < kids.n; i++) {
		size_t got = 0;
		while (got < sizeof r) {
			ssize_t n = read(kids.res[i], (char *)&r + got,
					 sizeof r - got);
			if (n <= 0)
				return -1;
			got += (size_t)n;
		}
		report_merge(sum, &r);
	}
	return 0;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* Only the keys this hub binary knows: the config grows over time and
 * an unknown key is an error. */
static bool hub_knows(const char *bin, const char *key)
{
	static char ref[65536];
	static bool loaded;
	char want[80];

	if (!loaded) {
		char cmd[1200];
		snprintf(cmd, sizeof cmd, "'%s' --print-config-reference", bin);
		FILE *p = popen(cmd, "r");
		size_t n = p ? fread(ref, 1, sizeof ref - 1, p) : 0;
		ref[n] = '\0';
		if (p)
			pclose(p);
		loaded = true;
	}
	snprintf(want, sizeof want, "\n%s =", key);
	return strstr(ref, want) != NULL;
}

static void hub_config(const struct opts *o, const char *dir)
{
	static const char *const limits[][2] = {
		{"max_connections", "19000"},
		{"max_connections_per_ip", "19000"},
		{"msg_rate", "100"},
		{"msg_burst", "200"},
		{"ip_msg_rate", "1000000"},
	};
	char path[600], ini[4096], data[600];
	int n;

	snprintf(path, sizeof path, "%s/tpl", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/tpl/bench.json", dir);
	write_file(path, "{\"id\":\"bench\",\"name\":\"Bench: 3 s steps\","
			 "\"steps\":[{\"kind\":\"presentation\",\"seconds\":3},"
			 "{\"kind\":\"questions\",\"seconds\":3},"
			 "{\"kind\":\"contract\",\"seconds\":3},"
			 "{\"kind\":\"consultation\",\"seconds\":3},"
			 "{\"kind\":\"synthesis\",\"seconds\":3},"
			 "{\"kind\":\"learnings\",\"seconds\":3}]}\n");
	snprintf(path, sizeof path, "%s/tpl/codev-90.json", dir);
	write_file(path,
		   "{\"id\":\"codev-90\",\"name\":\"Default\","
		   "\"steps\":[{\"kind\":\"presentation\",\"minutes\":15},"
		   "{\"kind\":\"questions\",\"minutes\":15},"
		   "{\"kind\":\"contract\",\"minutes\":5},"
		   "{\"kind\":\"consultation\",\"minutes\":25},"
		   "{\"kind\":\"synthesis\",\"minutes\":15},"
		   "{\"kind\":\"learnings\",\"minutes\":15}]}\n");
	/* A fresh data directory per run: a reused one would restore the
	 * previous run's rooms. */
	snprintf(data, sizeof data, "%s/data.XXXXXX", dir);
	if (!mkdtemp(data))
		snprintf(data, sizeof data, "%s/data", dir);
	n = snprintf(ini, sizeof ini,
		     "[server]\nport = 0\nweb_root = %s\ntemplates_dir = "
		     "%s/tpl\n[store]\ndata_dir = %s\n[limits]\n"
		     "max_rooms = %d\n",
		     dir, dir, data, o->rooms + 16);
	for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++)
		if (hub_knows(o->hub_bin, limits[i][0]))
			n += snprintf(ini + n, sizeof ini - (size_t)n,
				      "%s = %s\n", limits[i][0], limits[i][1]);
	/* 3 s steps: warnings at 120 s and 30 s would never fire. */
	n += snprintf(ini + n, sizeof ini - (size_t)n,
		      "[workshop]\nwarn_first_s = 0\nwarn_second_s = 0\n"
		      "[log]\nlog_level = warn\n");
	snprintf(path, sizeof path, "%s/hub.ini", dir);
	write_file(path, ini);
}

static int start_server(const struct opts *o, struct server *srv, char *dir)
{
	char out[600], ini[600];

	if (o->workdir) {
		snprintf(dir, 512, "%s", o->workdir);
		mkdir(dir, 0700);
	} else {
		snprintf(dir, 512, "/tmp/codevbench.XXXXXX");
		if (!mkdtemp(dir))
			return -1;
	}
	snprintf(out, sizeof out, "%s/server.out", dir);
	if (o->kind != SRV_HUB)
		return server_start(srv, o->cmd, o->server_cpu, out, 0);
	hub_config(o, dir);
	snprintf(ini, sizeof ini, "%s/hub.ini", dir);
	char *argv[] = {(char *)o->hub_bin, "--config", ini, NULL};
	return server_start(srv, argv, o->server_cpu, out, 1);
}

static struct phase load_phase(double rate, double warmup, double secs)
{
	struct phase ph = {.kind = PH_LOAD, .rate = rate};

	ph.t_start = now_ns() + 200000000ull;
	ph.t_measure = ph.t_start + (uint64_t)(warmup * 1e9);
	ph.t_end = ph.t_measure + (uint64_t)(secs * 1e9);
	return ph;
}

static int run_all(const struct opts *o, const struct server *srv,
		   struct report *rep)
{
	struct phase ph = {.kind = PH_JOIN};
	struct result r;
	uint64_t c0, t0, cpu;

	rep->rss_base_kb = procstat_rss_kb(srv->pid);
	c0 = procstat_cpu_ns(srv->pid);
	t0 = now_ns();
	if (run_phase(&ph, &r, &cpu, srv->pid))
		return -1;
	report_join(rep, &r, procstat_cpu_ns(srv->pid) - c0, now_ns() - t0,
		    procstat_rss_kb(srv->pid));
	if (o->idle_s > 0) {
		ph = (struct phase){.kind = PH_IDLE};
		ph.t_end = now_ns() + (uint64_t)(o->idle_s * 1e9);
		c0 = procstat_cpu_ns(srv->pid);
		if (run_phase(&ph, &r, &cpu, srv->pid))
			return -1;
		report_idle(rep, &r, procstat_cpu_ns(srv->pid) - c0,
			    (uint64_t)(o->idle_s * 1e9),
			    procstat_rss_kb(srv->pid));
	}
	if (o->probes > 0) {
		ph = (struct phase){.kind = PH_PROBE,
				    .probes = (o->probes + kids.n - 1) / kids.n,
				    .probe_gap_ns = 20000000ull};
		ph.t_start = now_ns() + 100000000ull;
		ph.t_end = ph.t_start +
			   (uint64_t)ph.probes * ph.probe_gap_ns * 2 +
			   10000000000ull;
		c0 = procstat_cpu_ns(srv->pid);
		if (run_phase(&ph, &r, &cpu, srv->pid))
			return -1;
		report_probe(rep, &r, procstat_cpu_ns(srv->pid) - c0);
	}
	if (o->lat_rate > 0 && o->lat_s > 0) {
		ph = load_phase(o->lat_rate, o->warmup_s, o->lat_s);
		if (run_phase(&ph, &r, &cpu, srv->pid))
			return -1;
		report_load(rep, 0, &ph, &r, cpu);
	}
	if (o->tput_rate > 0 && o->tput_s > 0) {
		ph = load_phase(o->tput_rate, o->warmup_s, o->tput_s);
		if (run_phase(&ph, &r, &cpu, srv->pid))
			return -1;
		report_load(rep, 1, &ph, &r, cpu);
	}
	return 0;
}

static void stop_workers(void)
{
	struct phase quit = {.kind = PH_QUIT};

	for (int i = 0; i < kids.n; i++)
		if (write(kids.ctl[i], &quit, sizeof quit) < 0)
			kill(kids.pid[i], SIGKILL);
	for (int i = 0; i < kids.n; i++)
		waitpid(kids.pid[i], NULL, 0);
}

int main(int argc, char **argv)
{
	struct opts o;
	struct server srv;
	struct run_cfg cfg;
	static struct report rep;
	char dir[512];
	int rc;

	parse_opts(argc, argv, &o);
	signal(SIGPIPE, SIG_IGN);
	pin_cpu(o.gen_cpu);
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	if (start_server(&o, &srv, dir)) {
		fprintf(stderr, "bench: the server did not start\n");
		return 1;
	}
	server_pid = srv.pid;
	cfg = (struct run_cfg){.kind = o.kind,
			       .port = srv.port,
			       .rooms = o.rooms,
			       .workers = o.workers,
			       .join_window = o.window,
			       .n_src = o.n_src};
	cfg.room = calloc((size_t)o.rooms, sizeof *cfg.room);
	uint64_t rss_start = procstat_rss_kb(srv.pid);
	if (!cfg.room ||
	    (o.kind == SRV_HUB &&
	     rooms_create(srv.port, srv.token, "bench", cfg.room, o.rooms))) {
		server_stop(&srv);
		free(cfg.room);
		return 1;
	}
	report_init(&rep, o.kind, o.label, o.rooms, o.workers);
	rep.rss_start_kb = rss_start;
	fork_workers(&cfg);
	rc = run_all(&o, &srv, &rep);
	stop_workers();
	rep.server_exit = server_stop(&srv);
	if (rc)
		fprintf(stderr, "bench: a worker failed\n");
	report_write(&rep, o.json_path);
	if (!rc && o.check)
		rc = report_check(&rep);
	free(cfg.room);
	return rc ? 1 : 0;
}

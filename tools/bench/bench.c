/*
 * build/bin/bench: the benchmark's C harness, run on demand by the driver
 * tools/bench/run (never a test).
 *
 *   bench gen DIR ROLES          a generated graph, the same for a given ROLES
 *   bench floor DIR FROM TO      the plain C floor: read, intern, CSR, Dijkstra
 *   bench igraph DIR FROM TO     igraph C: the same parse, igraph_create and
 *                                igraph_distances_dijkstra
 *   bench measure OUT CMD...     runs CMD with stdout and stderr to OUT and
 *                                prints "wall cpu peak_rss_kib exit"
 *   bench query [ROLES [QUERIES [K_QUERIES]]]
 *                                cp_search (fresh and with a kept workspace,
 *                                and k = 5) against a CSR Dijkstra on the
 *                                same edges, in one process
 *   bench search DIR PAIRS K_PAIRS REPS
 *                                per-query times with every graph loaded
 *                                once (load excluded): each pair of the
 *                                file PAIRS (lines "FROM TO", role ids) by
 *                                the floor, careerpath (fresh and kept
 *                                workspace) and igraph C, then k = 5 routes
 *                                for the first K_PAIRS pairs by careerpath
 *                                and igraph_get_k_shortest_paths; each
 *                                query REPS times, peers in rotating order;
 *                                prints "PEER single|k5 INDEX SECONDS COSTS"
 *                                (median of the REPS, costs comma-separated,
 *                                "-" for none) for the driver's report
 *
 * floor and igraph print the cheapest total of months from FROM to TO, which
 * `tools/bench/run load` compares with careerpath's and the Python peers'
 * answers. Both read only what gen writes (no quoted fields).
 */
#define _DEFAULT_SOURCE /* wait4 */
#define _POSIX_C_SOURCE 200809L
#include "careerpath.h"

#include <igraph.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUNS 5

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static _Noreturn void die(const char *what)
{
	fprintf(stderr, "bench: %s\n", what);
	exit(4);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

/* xorshift64: the same graph for the same size on every machine */
static uint64_t rng_state;

static size_t rnd(size_t bound)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (size_t)(rng_state % bound);
}

/*
 * ROLES roles; each leads to 5 + min(u, v) others, u and v uniform in
 * 0..15, so 5 to 20 and about 9.8 on average (a million transitions for
 * 100,000 roles); months 0-48, cost 0-80,000, a credential among 500.
 */
static int gen(const char *dir, size_t n_roles)
{
	char path[4096];
	FILE *f;
	size_t i, d, e = 0;
	if (n_roles < 2)
		die("gen needs at least 2 roles");
	rng_state = 88172645463325252ULL;
	snprintf(path, sizeof(path), "%s/roles.csv", dir);
	if (!(f = fopen(path, "w")))
		die("cannot write roles.csv");
	fprintf(f, "id,title,category,median_wage_usd\n");
	for (i = 0; i < n_roles; i++)
		fprintf(f, "r%zu,Role %zu,c%zu,%zu\n", i, i, i % 10,
			20000 + rnd(180000));
	fclose(f);
	snprintf(path, sizeof(path), "%s/transitions.csv", dir);
	if (!(f = fopen(path, "w")))
		die("cannot write transitions.csv");
	fprintf(f, "from,to,months,cost_usd,credential\n");
	for (i = 0; i < n_roles; i++) {
		size_t u = rnd(16), v = rnd(16);
		size_t degree = 5 + (u < v ? u : v);
		for (d = 0; d < degree; d++, e++) {
			size_t to = rnd(n_roles);
			if (to == i)
				to = (to + 1) % n_roles;
			fprintf(f, "r%zu,r%zu,%zu,%zu,Course %zu\n", i, to,
				rnd(49), rnd(80001), rnd(500));
		}
	}
	fclose(f);
	printf("%zu roles, %zu transitions\n", n_roles, e);
	return 0;
}

/* ---- the floor: what a plain C program does to load these files ---- */

typedef struct plain {
	size_t n_roles, n_edges;
	char *roles_text, *tr_text;
	const char **ids; /* into roles_text, NUL-terminated */
	uint32_t *slots;  /* open addressing, role + 1, 0 empty */
	size_t mask;
	uint32_t *from, *to; /* by transition, in file order */
	double *months, *cost;
	/* out-arcs, CSR: the arcs of role v are start[v] .. start[v + 1] - 1,
	 * each with its target and months side by side in arc order */
	uint32_t *start, *arc_to, *arc_edge;
	double *arc_months;
} plain;

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text;
	long size;
	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET))
		die("cannot read a CSV file");
	text = xmalloc((size_t)size + 1);
	if (fread(text, 1, (size_t)size, f) != (size_t)size)
		die("cannot read a CSV file");
	text[size] = '\0';
	fclose(f);
	return text;
}

static uint64_t fnv(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;
	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; (s = strchr(s, '\n')); s++)
		n++;
	return n;
}

/* Cuts the next field at ',' or '\n' and returns it; *last: a line ended. */
static char *field(char **at, size_t *len, int *last)
{
	char *s = *at, *e = s;
	while (*e && *e != ',' && *e != '\n')
		e++;
	*len = (size_t)(e - s);
	*last = *e != ',';
	*at = *e ? e + 1 : e;
	*e = '\0';
	return s;
}

static uint32_t find_role(const plain *p, const char *id, size_t len)
{
	size_t at = (size_t)fnv(id, len) & p->mask;
	for (; p->slots[at]; at = (at + 1) & p->mask)
		if (!strcmp(p->ids[p->slots[at] - 1], id))
			return p->slots[at] - 1;
	fprintf(stderr, "bench: unknown role '%s'\n", id);
	exit(3);
}

/* with_edges: also arc_edge, each arc's transition (for search's checks) */
static void plain_load(plain *p, const char *dir, int with_edges)
{
	char path[4096], *at, *id;
	size_t lines, i, len, n_slots = 1;
	int last;
	memset(p, 0, sizeof(*p));
	snprintf(path, sizeof(path), "%s/roles.csv", dir);
	p->roles_text = slurp(path);
	lines = count_lines(p->roles_text);
	p->ids = xmalloc(lines * sizeof(*p->ids));
	while (n_slots < 2 * lines)
		n_slots *= 2;
	p->slots = calloc(n_slots, sizeof(*p->slots));
	if (!p->slots)
		die("out of memory");
	p->mask = n_slots - 1;
	at = strchr(p->roles_text, '\n') + 1;
	while (*at) {
		size_t slot;
		id = field(&at, &len, &last);
		slot = (size_t)fnv(id, len) & p->mask;
		while (p->slots[slot])
			slot = (slot + 1) & p->mask;
		p->slots[slot] = (uint32_t)(p->n_roles + 1);
		p->ids[p->n_roles++] = id;
		while (!last)
			field(&at, &len, &last);
	}
	snprintf(path, sizeof(path), "%s/transitions.csv", dir);
	p->tr_text = slurp(path);
	lines = count_lines(p->tr_text);
	p->from = xmalloc(lines * sizeof(*p->from));
	p->to = xmalloc(lines * sizeof(*p->to));
	p->months = xmalloc(lines * sizeof(*p->months));
	p->cost = xmalloc(lines * sizeof(*p->cost));
	at = strchr(p->tr_text, '\n') + 1;
	while (*at) {
		size_t e = p->n_edges++;
		id = field(&at, &len, &last);
		p->from[e] = find_role(p, id, len);
		id = field(&at, &len, &last);
		p->to[e] = find_role(p, id, len);
		p->months[e] = strtod(field(&at, &len, &last), NULL);
		p->cost[e] = strtod(field(&at, &len, &last), NULL);
		field(&at, &len,
		      &last); /* the credential: text, kept in the buffer */
	}
	p->start = calloc(p->n_roles + 1, sizeof(*p->start));
	p->arc_to = xmalloc(p->n_edges * sizeof(*p->arc_to));
	p->arc_months = xmalloc(p->n_edges * sizeof(*p->arc_months));
	p->arc_edge =
		with_edges ? xmalloc(p->n_edges * sizeof(*p->arc_edge)) : NULL;
	if (!p->start)
		die("out of memory");
	for (i = 0; i < p->n_edges; i++)
		p->start[p->from[i] + 1]++;
	for (i = 0; i < p->n_roles; i++)
		p->start[i + 1] += p->start[i];
	{
		uint32_t *fill = xmalloc((p->n_roles + 1) * sizeof(*fill));
		memcpy(fill, p->start, (p->n_roles + 1) * sizeof(*fill));
		for (i = 0; i < p->n_edges; i++) {
			uint32_t a = fill[p->from[i]]++;
			p->arc_to[a] = p->to[i];
			p->arc_months[a] = p->months[i];
			if (p->arc_edge)
				p->arc_edge[a] = (uint32_t)i;
		}
		free(fill);
	}
}

static void plain_free(plain *p)
{
	free(p->roles_text);
	free(p->tr_text);
	free(p->ids);
	free(p->slots);
	free(p->from);
	free(p->to);
	free(p->months);
	free(p->cost);
	free(p->start);
	free(p->arc_to);
	free(p->arc_months);
	free(p->arc_edge);
}

/*
 * The floor's search: one-way Dijkstra over the CSR arrays with an indexed
 * 4-ary heap and decrease-key, stopping when the target is settled. Its
 * workspace is allocated once per process; a query leaves behind only the
 * roles it reached, and the next one resets those alone (no O(V) fill per
 * query). A 4-ary heap is shallower than a binary one and its four
 * children share one 64-byte line: the heap array starts 3 entries before
 * a line boundary, so the children 4i + 1 .. 4i + 4 of entry i fill one
 * line. Each entry carries its key, so sifting never reads dist.
 */
#define UNREACHED UINT32_MAX
#define SETTLED (UINT32_MAX - 1)

typedef struct heap_entry {
	double d;
	uint32_t v;
} heap_entry;

typedef struct floor_ws {
	double *dist;	   /* valid where pos != UNREACHED */
	uint32_t *pos;	   /* heap index, UNREACHED or SETTLED */
	heap_entry *heap;  /* at most one entry per role */
	void *heap_block;  /* heap's allocation, aligned */
	uint32_t *touched; /* the roles this query reached, to reset */
	size_t n_touched;
} floor_ws;

static void floor_ws_init(floor_ws *w, const plain *p)
{
	size_t n = p->n_roles ? p->n_roles : 1;
	w->dist = xmalloc(n * sizeof(*w->dist));
	w->pos = xmalloc(n * sizeof(*w->pos));
	memset(w->pos, 0xff, n * sizeof(*w->pos)); /* UNREACHED */
	w->touched = xmalloc(n * sizeof(*w->touched));
	w->n_touched = 0;
	w->heap_block = aligned_alloc(64, ((n + 3) * sizeof(heap_entry) + 63) /
						  64 * 64);
	if (!w->heap_block)
		die("out of memory");
	w->heap = (heap_entry *)w->heap_block + 3;
}

static void floor_ws_free(floor_ws *w)
{
	free(w->dist);
	free(w->pos);
	free(w->touched);
	free(w->heap_block);
}

/* Moves entry e up from index at to its place. */
static void heap_up(floor_ws *w, size_t at, heap_entry e)
{
	heap_entry *heap = w->heap;
	while (at) {
		size_t parent = (at - 1) / 4;
		if (heap[parent].d <= e.d)
			break;
		heap[at] = heap[parent];
		w->pos[heap[at].v] = (uint32_t)at;
		at = parent;
	}
	heap[at] = e;
	w->pos[e.v] = (uint32_t)at;
}

/* Fills the hole at index 0 with the last of n entries, moving it down. */
static void heap_down(floor_ws *w, size_t n, heap_entry e)
{
	heap_entry *heap = w->heap;
	size_t at = 0;
	for (;;) {
		size_t first = 4 * at + 1, c, best;
		if (first >= n)
			break;
		best = first;
		for (c = first + 1; c < first + 4 && c < n; c++)
			if (heap[c].d < heap[best].d)
				best = c;
		if (heap[best].d >= e.d)
			break;
		heap[at] = heap[best];
		w->pos[heap[at].v] = (uint32_t)at;
		at = best;
	}
	heap[at] = e;
	w->pos[e.v] = (uint32_t)at;
}

/* The cheapest months from s to t, INFINITY when t cannot be reached. */
static double plain_query(const plain *p, floor_ws *w, size_t s, size_t t)
{
	double answer = INFINITY;
	size_t n = 0, i;
	for (i = 0; i < w->n_touched; i++)
		w->pos[w->touched[i]] = UNREACHED;
	w->n_touched = 0;
	w->dist[s] = 0;
	w->touched[w->n_touched++] = (uint32_t)s;
	w->heap[n++] = (heap_entry){0, (uint32_t)s};
	w->pos[s] = 0;
	while (n) {
		heap_entry top = w->heap[0];
		uint32_t end;
		if (--n)
			heap_down(w, n, w->heap[n]);
		w->pos[top.v] = SETTLED;
		if (top.v == t) {
			answer = top.d;
			break;
		}
		end = p->start[top.v + 1];
		for (i = p->start[top.v]; i < end; i++) {
			uint32_t v = p->arc_to[i], at = w->pos[v];
			double nd = top.d + p->arc_months[i];
			if (at == UNREACHED) {
				w->touched[w->n_touched++] = v;
				w->dist[v] = nd;
				heap_up(w, n++, (heap_entry){nd, v});
			} else if (at != SETTLED && nd < w->dist[v]) {
				w->dist[v] = nd;
				heap_up(w, at, (heap_entry){nd, v});
			}
		}
	}
	return answer;
}

static int floor_main(const char *dir, const char *from, const char *to)
{
	plain p;
	floor_ws w;
	plain_load(&p, dir, 0);
	floor_ws_init(&w, &p);
	printf("%g\n", plain_query(&p, &w, find_role(&p, from, strlen(from)),
				   find_role(&p, to, strlen(to))));
	floor_ws_free(&w);
	plain_free(&p);
	return 0;
}

/* igraph C: the floor's parse, then igraph's own graph and Dijkstra. */
static int igraph_main(const char *dir, const char *from, const char *to)
{
	plain p;
	igraph_t net;
	igraph_vector_int_t ends;
	igraph_vector_t weights;
	igraph_matrix_t dist;
	size_t e, s, t;
	plain_load(&p, dir, 0);
	s = find_role(&p, from, strlen(from));
	t = find_role(&p, to, strlen(to));
	if (igraph_vector_int_init(&ends, (igraph_integer_t)(2 * p.n_edges)))
		die("out of memory");
	for (e = 0; e < p.n_edges; e++) {
		VECTOR(ends)[2 * e] = p.from[e];
		VECTOR(ends)[2 * e + 1] = p.to[e];
	}
	igraph_vector_view(&weights, p.months, (igraph_integer_t)p.n_edges);
	if (igraph_create(&net, &ends, (igraph_integer_t)p.n_roles,
			  IGRAPH_DIRECTED) ||
	    igraph_matrix_init(&dist, 1, 1) ||
	    igraph_distances_dijkstra(
		    &net, &dist, igraph_vss_1((igraph_integer_t)s),
		    igraph_vss_1((igraph_integer_t)t), &weights, IGRAPH_OUT))
		die("igraph failed");
	printf("%g\n", MATRIX(dist, 0, 0));
	igraph_matrix_destroy(&dist);
	igraph_destroy(&net);
	igraph_vector_int_destroy(&ends);
	plain_free(&p);
	return 0;
}

/* Runs argv with its output to out; prints wall s, cpu s, peak KiB, exit. */
static int measure_main(const char *out, char **argv)
{
	struct rusage usage;
	double t0 = now();
	int wstatus;
	pid_t pid = fork();
	if (pid < 0)
		die("cannot fork");
	if (!pid) {
		if (!freopen(out, "w", stdout) || dup2(1, 2) < 0)
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &wstatus, 0, &usage) != pid)
		die("cannot wait");
	printf("%.4f %.4f %ld %d\n", now() - t0,
	       (double)usage.ru_utime.tv_sec +
		       (double)usage.ru_utime.tv_usec * 1e-6 +
		       (double)usage.ru_stime.tv_sec +
		       (double)usage.ru_stime.tv_usec * 1e-6,
	       usage.ru_maxrss, WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
	return 0;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), by_value);
	return v[n / 2];
}

/* The 1-minute load average, or -1 where /proc/loadavg cannot be read. */
static double load_average(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	double load = -1;
	if (f) {
		if (fscanf(f, "%lf", &load) != 1)
			load = -1;
		fclose(f);
	}
	return load;
}

/* careerpath's cheapest months from s to t, INFINITY for no route. */
static double careerpath_cost(const cp_graph *graph, const cp_cost *cost,
			      cp_workspace *ws, size_t s, size_t t)
{
	cp_query query = CP_QUERY_INIT;
	cp_routes *routes = NULL;
	cp_error err;
	double answer = INFINITY;
	int status;
	query.from = s;
	query.to = t;
	query.cost = cost;
	query.workspace = ws;
	status = cp_search(&routes, graph, &query, &err);
	if (status && status != CP_ENOROUTE)
		die(err.text);
	if (routes && routes->count)
		answer = routes->items[0].cost;
	cp_routes_free(routes);
	return answer;
}

/* cp_search in one process against plain_query on the same edges. */
static int query_main(size_t n_roles, size_t n_queries, size_t n_k)
{
	char dir[] = "/tmp/careerpath-bench-XXXXXX", path[64];
	double load[RUNS], ours[RUNS], floor_t[RUNS], ratio[RUNS];
	double kept[RUNS], kept_ratio[RUNS], k5[RUNS], k5_ratio[RUNS];
	double load_avg[2 * RUNS], *want, *got;
	size_t *pairs, r, q, k_failed = 0, k_limited = 0;
	plain p;
	floor_ws w;
	cp_workspace *ws = NULL;
	cp_graph *graph = NULL;
	cp_cost *cost = NULL;
	cp_error err;
	struct rusage usage;

	if (!mkdtemp(dir))
		die("cannot make a temporary folder");
	gen(dir, n_roles);
	for (r = 0; r < RUNS; r++) {
		double t0 = now();
		if (cp_graph_load(&graph, dir, NULL, &err))
			die(err.text);
		load[r] = now() - t0;
		if (r + 1 < RUNS)
			cp_graph_free(graph);
	}
	getrusage(RUSAGE_SELF, &usage);
	plain_load(&p, dir, 0);
	floor_ws_init(&w, &p);
	if (cp_cost_parse(&cost, graph, "months", &err) ||
	    cp_workspace_new(&ws, graph, &err))
		die(err.text);
	if (n_k > n_queries)
		n_k = n_queries;
	pairs = xmalloc(2 * n_queries * sizeof(size_t));
	want = xmalloc(n_queries * sizeof(*want));
	got = xmalloc(n_queries * sizeof(*got));
	for (q = 0; q < 2 * n_queries; q++)
		pairs[q] = rnd(n_roles);
	for (r = 0; r < RUNS; r++) {
		double t0;
		load_avg[2 * r] = load_average();
		t0 = now();
		for (q = 0; q < n_queries; q++)
			want[q] =
				careerpath_cost(graph, cost, NULL, pairs[2 * q],
						pairs[2 * q + 1]);
		ours[r] = (now() - t0) / (double)n_queries;
		t0 = now();
		for (q = 0; q < n_queries; q++)
			got[q] = plain_query(&p, &w, pairs[2 * q],
					     pairs[2 * q + 1]);
		floor_t[r] = (now() - t0) / (double)n_queries;
		ratio[r] = ours[r] / floor_t[r];
		for (q = 0; q < n_queries; q++)
			if (want[q] != got[q])
				die("answers differ from the floor");
		/* the same queries through one kept workspace */
		t0 = now();
		for (q = 0; q < n_queries; q++)
			want[q] = careerpath_cost(graph, cost, ws, pairs[2 * q],
						  pairs[2 * q + 1]);
		kept[r] = (now() - t0) / (double)n_queries;
		kept_ratio[r] = kept[r] / floor_t[r];
		for (q = 0; q < n_queries; q++)
			if (want[q] != got[q])
				die("answers differ from the floor");
		/* k = 5; the first route must cost what the floor says */
		t0 = now();
		for (q = 0; q < n_k; q++) {
			cp_query query = CP_QUERY_INIT;
			cp_routes *routes = NULL;
			int status;
			query.from = pairs[2 * q];
			query.to = pairs[2 * q + 1];
			query.cost = cost;
			query.k = 5;
			query.workspace = ws;
			status = cp_search(&routes, graph, &query, &err);
			k_limited += status == CP_ELIMIT;
			if (routes && routes->count &&
			    fabs(routes->items[0].cost -
				 plain_query(&p, &w, query.from, query.to)) >
				    1e-6)
				k_failed++;
			cp_routes_free(routes);
		}
		k5[r] = (now() - t0) / (double)(n_k ? n_k : 1);
		/* the floor queries checked inside are timed apart, taken off
		 */
		t0 = now();
		for (q = 0; q < n_k; q++)
			plain_query(&p, &w, pairs[2 * q], pairs[2 * q + 1]);
		k5[r] -= (now() - t0) / (double)(n_k ? n_k : 1);
		k5_ratio[r] = k5[r] / floor_t[r];
		load_avg[2 * r + 1] = load_average();
	}
	/* raw figures for the driver, which judges their reliability */
	printf("floor ms per run:");
	for (r = 0; r < RUNS; r++)
		printf(" %.4f", floor_t[r] * 1e3);
	printf("\nload average before and after each run:");
	for (r = 0; r < 2 * RUNS; r++)
		printf(" %.2f", load_avg[r]);
	putchar('\n');
	printf("load (parse, check, build) in process: median %.3f s\n",
	       median(load, RUNS));
	printf("peak memory of this process: %.1f MiB\n",
	       (double)usage.ru_maxrss / 1024);
	printf("one cheapest-path query, fresh workspace: median %.3f ms; "
	       "plain "
	       "C floor %.3f ms; ratio (same run) median %.2f\n",
	       median(ours, RUNS) * 1e3, median(floor_t, RUNS) * 1e3,
	       median(ratio, RUNS));
	printf("one cheapest-path query, kept workspace: median %.3f ms; ratio "
	       "(same run) median %.2f\n",
	       median(kept, RUNS) * 1e3, median(kept_ratio, RUNS));
	printf("k = 5 routes, kept workspace: median %.3f ms; ratio to the "
	       "floor (same run) median %.2f; %zu of %zu stopped by the limit, "
	       "%zu of %zu with a first route the floor disagrees with\n",
	       median(k5, RUNS) * 1e3, median(k5_ratio, RUNS), k_limited,
	       n_k * RUNS, k_failed, n_k * RUNS);
	free(pairs);
	free(want);
	free(got);
	floor_ws_free(&w);
	plain_free(&p);
	cp_workspace_free(ws);
	cp_cost_free(cost);
	cp_graph_free(graph);
	snprintf(path, sizeof(path), "%s/roles.csv", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/transitions.csv", dir);
	unlink(path);
	rmdir(dir);
	return 0;
}

/* ---- search: per-query times, every graph loaded once ---- */

#define SEARCH_K 5

/* Reads "FROM TO" lines of role ids into role numbers of p. */
static size_t *read_pairs(const plain *p, const char *path, size_t *n_out)
{
	char *text = slurp(path), *at = text, *from, *to;
	size_t n = 0, *pairs = xmalloc(2 * count_lines(text) * sizeof(*pairs));
	while ((from = strtok_r(at, " \n", &at)) &&
	       (to = strtok_r(at, " \n", &at))) {
		pairs[2 * n] = find_role(p, from, strlen(from));
		pairs[2 * n + 1] = find_role(p, to, strlen(to));
		n++;
	}
	free(text);
	*n_out = n;
	return pairs;
}

/*
 * Marks each transition that shares both ends with another. careerpath
 * and igraph count routes through either as different routes; a graph
 * without parallel edges (NetworkX's DiGraph) keeps only one of them.
 */
static unsigned char *parallel_marks(const plain *p, size_t *n_marked)
{
	unsigned char *mark = calloc(p->n_edges ? p->n_edges : 1, 1);
	uint32_t *owner = calloc(p->n_roles, sizeof(*owner));
	uint32_t *first = xmalloc(p->n_roles * sizeof(*first));
	size_t v, i;
	if (!mark || !owner)
		die("out of memory");
	*n_marked = 0;
	for (v = 0; v < p->n_roles; v++)
		for (i = p->start[v]; i < p->start[v + 1]; i++) {
			uint32_t e = p->arc_edge[i], t = p->arc_to[i];
			if (owner[t] == v + 1) {
				*n_marked += !mark[first[t]] + 1;
				mark[first[t]] = mark[e] = 1;
			} else {
				owner[t] = (uint32_t)(v + 1);
				first[t] = e;
			}
		}
	free(owner);
	free(first);
	return mark;
}

/* The costs of one answer, cheapest first: at most SEARCH_K of them. */
typedef struct answer {
	size_t n;
	double cost[SEARCH_K];
	int parallel; /* a route takes a transition with a parallel twin */
	int limited;  /* the search stopped at its bound (CP_ELIMIT) */
} answer;

typedef struct search_ctx {
	const plain *p;
	const unsigned char *parallel;
	const cp_graph *graph;
	const cp_cost *cost;
	cp_workspace *ws;
	igraph_t net;
	igraph_vector_t weights;
} search_ctx;

static void careerpath_answer(answer *a, const search_ctx *c, size_t s,
			      size_t t, size_t k, int kept)
{
	cp_query query = CP_QUERY_INIT;
	cp_routes *routes = NULL;
	cp_error err;
	size_t i, j;
	int status;
	query.from = s;
	query.to = t;
	query.cost = c->cost;
	query.k = k;
	query.workspace = kept ? c->ws : NULL;
	status = cp_search(&routes, c->graph, &query, &err);
	if (status && status != CP_ENOROUTE && status != CP_ELIMIT)
		die(err.text);
	a->limited = status == CP_ELIMIT;
	for (i = 0; routes && i < routes->count && i < SEARCH_K; i++) {
		const cp_route *route = &routes->items[i];
		a->cost[a->n++] = route->cost;
		for (j = 0; j < route->n_steps; j++)
			a->parallel |= c->parallel[route->transitions[j]];
	}
	cp_routes_free(routes);
}

static double edge_path_cost(const search_ctx *c, const igraph_vector_int_t *v)
{
	double total = 0;
	igraph_integer_t i;
	for (i = 0; i < igraph_vector_int_size(v); i++)
		total += c->p->months[VECTOR(*v)[i]];
	return total;
}

static void igraph_answer(answer *a, search_ctx *c, size_t s, size_t t,
			  size_t k)
{
	if (k == 1) {
		igraph_vector_int_t edges;
		if (igraph_vector_int_init(&edges, 0) ||
		    igraph_get_shortest_path_dijkstra(
			    &c->net, NULL, &edges, (igraph_integer_t)s,
			    (igraph_integer_t)t, &c->weights, IGRAPH_OUT))
			die("igraph failed");
		if (igraph_vector_int_size(&edges))
			a->cost[a->n++] = edge_path_cost(c, &edges);
		igraph_vector_int_destroy(&edges);
	} else {
		igraph_vector_int_list_t paths;
		igraph_integer_t i;
		if (igraph_vector_int_list_init(&paths, 0) ||
		    igraph_get_k_shortest_paths(
			    &c->net, &c->weights, NULL, &paths,
			    (igraph_integer_t)k, (igraph_integer_t)s,
			    (igraph_integer_t)t, IGRAPH_OUT))
			die("igraph failed");
		for (i = 0;
		     i < igraph_vector_int_list_size(&paths) && a->n < SEARCH_K;
		     i++)
			a->cost[a->n++] = edge_path_cost(
				c, igraph_vector_int_list_get_ptr(&paths, i));
		igraph_vector_int_list_destroy(&paths);
	}
}

enum { FLOOR, CP_FRESH, CP_KEPT, IGRAPH_C, N_SINGLE };
enum { K_FRESH, K_KEPT, K_IGRAPH, N_K };

/* extra: more " key=value" fields for the line, or "" */
static void print_answer(const char *peer, const char *kind, size_t q,
			 double seconds, const answer *a, int flags,
			 const char *extra)
{
	size_t i;
	printf("%s %s %zu %.9f ", peer, kind, q, seconds);
	if (!a->n)
		putchar('-');
	for (i = 0; i < a->n; i++)
		printf("%s%.17g", i ? "," : "", a->cost[i]);
	if (flags)
		printf(" parallel=%d limited=%d", a->parallel, a->limited);
	printf("%s\n", extra);
}

static int search_main(const char *dir, const char *pairs_path, size_t n_k,
		       size_t reps)
{
	static const char *single_names[N_SINGLE] = {
		"floor", "careerpath_fresh", "careerpath_kept", "igraph_c"};
	static const char *k_names[N_K] = {"careerpath_fresh",
					   "careerpath_kept", "igraph_c"};
	plain p;
	floor_ws w;
	search_ctx c;
	cp_graph *graph = NULL;
	cp_cost *cost = NULL;
	cp_error err;
	igraph_vector_int_t ends;
	size_t *pairs, n_pairs, n_parallel, q, r, j, e;
	double *times = xmalloc((reps ? reps : 1) * N_SINGLE * sizeof(*times));
	unsigned char *parallel;

	if (!reps)
		die("search needs REPS of at least 1");
	plain_load(&p, dir, 1);
	floor_ws_init(&w, &p);
	if (cp_graph_load(&graph, dir, NULL, &err) ||
	    cp_cost_parse(&cost, graph, "months", &err))
		die(err.text);
	if (cp_graph_transition_count(graph) != p.n_edges)
		die("careerpath and the floor count different transitions");
	c.p = &p;
	c.graph = graph;
	c.cost = cost;
	if (cp_workspace_new(&c.ws, graph, &err))
		die(err.text);
	if (igraph_vector_int_init(&ends, (igraph_integer_t)(2 * p.n_edges)))
		die("out of memory");
	for (e = 0; e < p.n_edges; e++) {
		VECTOR(ends)[2 * e] = p.from[e];
		VECTOR(ends)[2 * e + 1] = p.to[e];
	}
	igraph_vector_view(&c.weights, p.months, (igraph_integer_t)p.n_edges);
	if (igraph_create(&c.net, &ends, (igraph_integer_t)p.n_roles,
			  IGRAPH_DIRECTED))
		die("igraph failed");
	igraph_vector_int_destroy(&ends);
	parallel = parallel_marks(&p, &n_parallel);
	c.parallel = parallel;
	pairs = read_pairs(&p, pairs_path, &n_pairs);
	if (n_k > n_pairs)
		n_k = n_pairs;
	printf("# %zu roles, %zu transitions, %zu of them parallel to "
	       "another\n",
	       p.n_roles, p.n_edges, n_parallel);

	for (q = 0; q < n_pairs; q++) {
		size_t s = pairs[2 * q], t = pairs[2 * q + 1];
		answer a[N_SINGLE];
		double load_before = load_average(), floor_median, spread;
		char extra[40];
		memset(a, 0, sizeof(a));
		for (r = 0; r < reps; r++)
			for (j = 0; j < N_SINGLE; j++) {
				size_t peer = (q + r + j) % N_SINGLE;
				double t0 = now(), d;
				memset(&a[peer], 0, sizeof(a[peer]));
				switch (peer) {
				case FLOOR:
					d = plain_query(&p, &w, s, t);
					if (isfinite(d))
						a[peer].cost[a[peer].n++] = d;
					break;
				case CP_FRESH:
				case CP_KEPT:
					careerpath_answer(&a[peer], &c, s, t, 1,
							  peer == CP_KEPT);
					break;
				default: igraph_answer(&a[peer], &c, s, t, 1);
				}
				times[peer * reps + r] = now() - t0;
			}
		/* how far the floor's farthest repetition strays from their
		 * median (median() sorts them), and the load around the pair */
		floor_median = median(times + FLOOR * reps, reps);
		spread = floor_median > 0
				 ? fmax(floor_median - times[FLOOR * reps],
					times[FLOOR * reps + reps - 1] -
						floor_median) /
					   floor_median
				 : 0;
		snprintf(extra, sizeof(extra), " load=%.2f,%.2f", load_before,
			 load_average());
		for (j = 0; j < N_SINGLE; j++) {
			char floor_extra[120];
			snprintf(floor_extra, sizeof(floor_extra),
				 " spread=%.4f%s", spread, extra);
			print_answer(single_names[j], "single", q,
				     median(times + j * reps, reps), &a[j], 0,
				     j == FLOOR ? floor_extra : extra);
		}
		fflush(stdout);
	}
	for (q = 0; q < n_k; q++) {
		size_t s = pairs[2 * q], t = pairs[2 * q + 1];
		answer a[N_K];
		double load_before = load_average();
		char extra[40];
		memset(a, 0, sizeof(a));
		for (r = 0; r < reps; r++)
			for (j = 0; j < N_K; j++) {
				size_t peer = (q + r + j) % N_K;
				double t0 = now();
				memset(&a[peer], 0, sizeof(a[peer]));
				if (peer == K_IGRAPH)
					igraph_answer(&a[peer], &c, s, t,
						      SEARCH_K);
				else
					careerpath_answer(&a[peer], &c, s, t,
							  SEARCH_K,
							  peer == K_KEPT);
				times[peer * reps + r] = now() - t0;
			}
		snprintf(extra, sizeof(extra), " load=%.2f,%.2f", load_before,
			 load_average());
		for (j = 0; j < N_K; j++)
			print_answer(k_names[j], "k5", q,
				     median(times + j * reps, reps), &a[j],
				     j != K_IGRAPH, extra);
		fflush(stdout);
	}
	free(times);
	free(pairs);
	free(parallel);
	igraph_destroy(&c.net);
	cp_workspace_free(c.ws);
	cp_cost_free(cost);
	cp_graph_free(graph);
	floor_ws_free(&w);
	plain_free(&p);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	if (!strcmp(mode, "gen") && argc == 4)
		return gen(argv[2], strtoul(argv[3], NULL, 10));
	if (!strcmp(mode, "floor") && argc == 5)
		return floor_main(argv[2], argv[3], argv[4]);
	if (!strcmp(mode, "igraph") && argc == 5)
		return igraph_main(argv[2], argv[3], argv[4]);
	if (!strcmp(mode, "measure") && argc > 3)
		return measure_main(argv[2], argv + 3);
	if (!strcmp(mode, "query") && argc <= 5)
		return query_main(argc > 2 ? strtoul(argv[2], NULL, 10)
					   : 100000,
				  argc > 3 ? strtoul(argv[3], NULL, 10) : 200,
				  argc > 4 ? strtoul(argv[4], NULL, 10) : 10);
	if (!strcmp(mode, "search") && argc == 6)
		return search_main(argv[2], argv[3], strtoul(argv[4], NULL, 10),
				   strtoul(argv[5], NULL, 10));
	fprintf(stderr, "usage: bench gen DIR ROLES | floor DIR FROM TO | "
			"igraph DIR FROM TO | measure OUT CMD... | "
			"query [ROLES [QUERIES [K_QUERIES]]] | "
			"search DIR PAIRS K_PAIRS REPS\n");
	return 2;
}

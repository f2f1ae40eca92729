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
	uint32_t *from, *to;
	double *months, *cost;
	uint32_t *start, *adj; /* out-edges, CSR */
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

static void plain_load(plain *p, const char *dir)
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
	p->adj = xmalloc(p->n_edges * sizeof(*p->adj));
	if (!p->start)
		die("out of memory");
	for (i = 0; i < p->n_edges; i++)
		p->start[p->from[i] + 1]++;
	for (i = 0; i < p->n_roles; i++)
		p->start[i + 1] += p->start[i];
	{
		uint32_t *fill = xmalloc((p->n_roles + 1) * sizeof(*fill));
		memcpy(fill, p->start, (p->n_roles + 1) * sizeof(*fill));
		for (i = 0; i < p->n_edges; i++)
			p->adj[fill[p->from[i]]++] = (uint32_t)i;
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
	free(p->adj);
}

/* A textbook Dijkstra over the CSR arrays, lazy binary heap. */
typedef struct item {
	double d;
	size_t v;
} item;

static double plain_query(const plain *p, size_t s, size_t t)
{
	double *dist = xmalloc(p->n_roles * sizeof(*dist)), answer = INFINITY;
	item *heap = xmalloc((p->n_edges + 1) * sizeof(*heap));
	size_t n = 0, i;
	for (i = 0; i < p->n_roles; i++)
		dist[i] = INFINITY;
	dist[s] = 0;
	heap[n++] = (item){0, s};
	while (n) {
		item top = heap[0], last = heap[--n];
		size_t at = 0;
		while (2 * at + 1 < n) {
			size_t c = 2 * at + 1;
			if (c + 1 < n && heap[c + 1].d < heap[c].d)
				c++;
			if (heap[c].d >= last.d)
				break;
			heap[at] = heap[c];
			at = c;
		}
		if (n)
			heap[at] = last;
		if (top.d > dist[top.v])
			continue;
		if (top.v == t) {
			answer = top.d;
			break;
		}
		for (i = p->start[top.v]; i < p->start[top.v + 1]; i++) {
			size_t e = p->adj[i], v = p->to[e];
			double nd = top.d + p->months[e];
			if (nd < dist[v]) {
				size_t up = n++;
				dist[v] = nd;
				while (up && heap[(up - 1) / 2].d > nd) {
					heap[up] = heap[(up - 1) / 2];
					up = (up - 1) / 2;
				}
				heap[up] = (item){nd, v};
			}
		}
	}
	free(dist);
	free(heap);
	return answer;
}

static int floor_main(const char *dir, const char *from, const char *to)
{
	plain p;
	plain_load(&p, dir);
	printf("%g\n", plain_query(&p, find_role(&p, from, strlen(from)),
				   find_role(&p, to, strlen(to))));
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
	plain_load(&p, dir);
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

/* cp_search in one process against plain_query on the same edges. */
static int query_main(size_t n_roles, size_t n_queries, size_t n_k)
{
	char dir[] = "/tmp/careerpath-bench-XXXXXX", path[64];
	double load[RUNS], ours[RUNS], floor_t[RUNS], ratio[RUNS];
	double kept[RUNS], kept_ratio[RUNS], k5[RUNS], k5_ratio[RUNS];
	size_t *pairs, r, q, k_failed = 0, k_limited = 0;
	plain p;
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
	plain_load(&p, dir);
	if (cp_cost_parse(&cost, graph, "months", &err) ||
	    cp_workspace_new(&ws, graph, &err))
		die(err.text);
	if (n_k > n_queries)
		n_k = n_queries;
	pairs = xmalloc(2 * n_queries * sizeof(size_t));
	for (q = 0; q < 2 * n_queries; q++)
		pairs[q] = rnd(n_roles);
	for (r = 0; r < RUNS; r++) {
		double t0 = now(), check = 0;
		for (q = 0; q < n_queries; q++) {
			cp_query query = CP_QUERY_INIT;
			cp_routes *routes = NULL;
			query.from = pairs[2 * q];
			query.to = pairs[2 * q + 1];
			query.cost = cost;
			cp_search(&routes, graph, &query, &err);
			if (routes && routes->count)
				check += routes->items[0].cost;
			cp_routes_free(routes);
		}
		ours[r] = (now() - t0) / (double)n_queries;
		t0 = now();
		for (q = 0; q < n_queries; q++) {
			double d =
				plain_query(&p, pairs[2 * q], pairs[2 * q + 1]);
			if (isfinite(d))
				check -= d;
		}
		floor_t[r] = (now() - t0) / (double)n_queries;
		ratio[r] = ours[r] / floor_t[r];
		/* the same queries through one kept workspace */
		t0 = now();
		for (q = 0; q < n_queries; q++) {
			cp_query query = CP_QUERY_INIT;
			cp_routes *routes = NULL;
			query.from = pairs[2 * q];
			query.to = pairs[2 * q + 1];
			query.cost = cost;
			query.workspace = ws;
			cp_search(&routes, graph, &query, &err);
			if (routes && routes->count)
				check += routes->items[0].cost;
			cp_routes_free(routes);
		}
		kept[r] = (now() - t0) / (double)n_queries;
		kept_ratio[r] = kept[r] / floor_t[r];
		for (q = 0; q < n_queries; q++) {
			double d =
				plain_query(&p, pairs[2 * q], pairs[2 * q + 1]);
			if (isfinite(d))
				check -= d;
		}
		if (fabs(check) > 1e-6 * (double)n_queries)
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
				 plain_query(&p, query.from, query.to)) > 1e-6)
				k_failed++;
			cp_routes_free(routes);
		}
		k5[r] = (now() - t0) / (double)(n_k ? n_k : 1);
		/* the floor queries checked inside are timed apart, taken off
		 */
		t0 = now();
		for (q = 0; q < n_k; q++)
			plain_query(&p, pairs[2 * q], pairs[2 * q + 1]);
		k5[r] -= (now() - t0) / (double)(n_k ? n_k : 1);
		k5_ratio[r] = k5[r] / floor_t[r];
	}
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
			uint32_t e = p->adj[i], t = p->to[e];
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

static void print_answer(const char *peer, const char *kind, size_t q,
			 double seconds, const answer *a, int flags)
{
	size_t i;
	printf("%s %s %zu %.9f ", peer, kind, q, seconds);
	if (!a->n)
		putchar('-');
	for (i = 0; i < a->n; i++)
		printf("%s%.17g", i ? "," : "", a->cost[i]);
	if (flags)
		printf(" parallel=%d limited=%d", a->parallel, a->limited);
	putchar('\n');
}

static int search_main(const char *dir, const char *pairs_path, size_t n_k,
		       size_t reps)
{
	static const char *single_names[N_SINGLE] = {
		"floor", "careerpath_fresh", "careerpath_kept", "igraph_c"};
	static const char *k_names[N_K] = {"careerpath_fresh",
					   "careerpath_kept", "igraph_c"};
	plain p;
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
	plain_load(&p, dir);
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
		memset(a, 0, sizeof(a));
		for (r = 0; r < reps; r++)
			for (j = 0; j < N_SINGLE; j++) {
				size_t peer = (q + r + j) % N_SINGLE;
				double t0 = now(), d;
				memset(&a[peer], 0, sizeof(a[peer]));
				switch (peer) {
				case FLOOR:
					d = plain_query(&p, s, t);
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
		for (j = 0; j < N_SINGLE; j++)
			print_answer(single_names[j], "single", q,
				     median(times + j * reps, reps), &a[j], 0);
		fflush(stdout);
	}
	for (q = 0; q < n_k; q++) {
		size_t s = pairs[2 * q], t = pairs[2 * q + 1];
		answer a[N_K];
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
		for (j = 0; j < N_K; j++)
			print_answer(k_names[j], "k5", q,
				     median(times + j * reps, reps), &a[j],
				     j != K_IGRAPH);
		fflush(stdout);
	}
	free(times);
	free(pairs);
	free(parallel);
	igraph_destroy(&c.net);
	cp_workspace_free(c.ws);
	cp_cost_free(cost);
	cp_graph_free(graph);
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

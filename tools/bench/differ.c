/*
 * build/bin/bench-differ: routes that differ (cp_query.differ) on a
 * generated graph, run on demand by `tools/bench/run differ` (never a
 * test).
 *
 *   bench-differ DIR QUERIES K THETA
 *
 * For QUERIES fixed-seed random pairs of DIR's graph (`bench gen`), by
 * months, each in one process with the graph loaded once and one kept
 * workspace, in rotating order:
 *   plain      cp_search with k = K: the K best routes, no detours
 *   exact      cp_search with k = K and differ = THETA
 *   heuristic  the penalty method: a Dijkstra, then again and again with
 *              every move of each route found made dearer (its months
 *              doubled, plus one), each route kept when it is new and
 *              keeps THETA with every route kept, until K are kept or
 *              4 K searches have run
 * and prints one line per query and method, "METHOD INDEX SECONDS COSTS"
 * (costs comma-separated, "-" for none; exact adds " limited=0|1"), with
 * the load average before and after each query, for the driver's report.
 * The generated graph has no kinds of roles, so a transition is a move
 * and the heuristic's Dijkstra needs no more than the transitions.
 */
#define _POSIX_C_SOURCE 200809L
#include "careerpath.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_K 16

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static _Noreturn void die(const char *what)
{
	fprintf(stderr, "bench-differ: %s\n", what);
	exit(4);
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		die("out of memory");
	return p;
}

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

/* The graph's moves as out-arcs (CSR) with their months. */
typedef struct net {
	size_t n_roles, n_tr;
	size_t *start, *tr; /* arcs of v: tr[start[v] .. start[v + 1] - 1] */
	size_t *from, *to;
	double *months;
	unsigned *uses; /* routes found that take each transition */
} net;

static void net_build(net *n, const cp_graph *g, size_t metric)
{
	size_t e, v, *fill;
	n->n_roles = cp_graph_role_count(g);
	n->n_tr = cp_graph_transition_count(g);
	n->start = xcalloc(n->n_roles + 1, sizeof(size_t));
	n->tr = xcalloc(n->n_tr, sizeof(size_t));
	n->from = xcalloc(n->n_tr, sizeof(size_t));
	n->to = xcalloc(n->n_tr, sizeof(size_t));
	n->months = xcalloc(n->n_tr, sizeof(double));
	n->uses = xcalloc(n->n_tr, sizeof(unsigned));
	for (e = 0; e < n->n_tr; e++) {
		n->from[e] = cp_transition_from(g, e);
		n->start[n->from[e] + 1]++;
		n->to[e] = cp_transition_to(g, e);
		n->months[e] = cp_metric_value(g, metric, e);
		if (!(n->months[e] >= 0))
			die("a transition without months");
	}
	for (v = 0; v < n->n_roles; v++)
		n->start[v + 1] += n->start[v];
	fill = xcalloc(n->n_roles + 1, sizeof(size_t));
	memcpy(fill, n->start, (n->n_roles + 1) * sizeof(size_t));
	for (e = 0; e < n->n_tr; e++)
		n->tr[fill[cp_transition_from(g, e)]++] = e;
	free(fill);
}

static void net_free(net *n)
{
	free(n->start);
	free(n->tr);
	free(n->from);
	free(n->to);
	free(n->months);
	free(n->uses);
}

/* A route as its transitions, and its months. */
typedef struct path {
	size_t n;
	size_t *tr;
	double months;
} path;

typedef struct item {
	double d;
	size_t v;
} item;

/* Dijkstra's arrays, kept between searches. */
typedef struct dijkstra {
	double *dist;
	size_t *pred; /* the transition into each role */
	unsigned char *done;
	item *heap;
	size_t n_heap;
} dijkstra;

static void heap_push(dijkstra *d, double key, size_t v)
{
	size_t at = d->n_heap++;
	while (at && d->heap[(at - 1) / 2].d > key) {
		d->heap[at] = d->heap[(at - 1) / 2];
		at = (at - 1) / 2;
	}
	d->heap[at] = (item){key, v};
}

static item heap_pop(dijkstra *d)
{
	item top = d->heap[0], last = d->heap[--d->n_heap];
	size_t at = 0;
	for (;;) {
		size_t c = 2 * at + 1;
		if (c >= d->n_heap)
			break;
		if (c + 1 < d->n_heap && d->heap[c + 1].d < d->heap[c].d)
			c++;
		if (d->heap[c].d >= last.d)
			break;
		d->heap[at] = d->heap[c];
		at = c;
	}
	if (d->n_heap)
		d->heap[at] = last;
	return top;
}

/* A move's weight: its months doubled and one added per route found. */
static double weight(const net *n, size_t e)
{
	return n->uses[e] ? ldexp(n->months[e], (int)n->uses[e]) + n->uses[e]
			  : n->months[e];
}

/* The cheapest route from s to t under the weights; 0 when none. */
static int penalised_route(path *out, const net *n, dijkstra *d, size_t s,
			   size_t t)
{
	size_t v, i, count = 0;
	for (v = 0; v < n->n_roles; v++) {
		d->dist[v] = INFINITY;
		d->done[v] = 0;
	}
	d->n_heap = 0;
	d->dist[s] = 0;
	d->pred[s] = SIZE_MAX;
	heap_push(d, 0, s);
	while (d->n_heap) {
		item top = heap_pop(d);
		if (d->done[top.v])
			continue;
		d->done[top.v] = 1;
		if (top.v == t)
			break;
		for (i = n->start[top.v]; i < n->start[top.v + 1]; i++) {
			size_t e = n->tr[i], w = n->to[e];
			double nd = top.d + weight(n, e);
			if (!d->done[w] && nd < d->dist[w]) {
				d->dist[w] = nd;
				d->pred[w] = e;
				heap_push(d, nd, w);
			}
		}
	}
	if (!d->done[t])
		return 0;
	for (v = t; v != s; v = n->from[d->pred[v]])
		count++;
	out->n = count;
	out->tr = xcalloc(count, sizeof(size_t));
	for (v = t; v != s; v = n->from[d->pred[v]])
		out->tr[--count] = d->pred[v];
	/* summed in route order, as the library sums */
	out->months = 0;
	for (i = 0; i < out->n; i++)
		out->months += n->months[out->tr[i]];
	return 1;
}

/*
 * The overlap of b with a (query.h): the months of b's moves that a takes
 * too (no kinds, no experience: a move costs the same in both), against
 * theta of the cheaper route's months, within a relative 1e-9.
 */
static int apart(const net *n, const path *a, const path *b, double theta)
{
	double shared = 0,
	       cheaper = a->months < b->months ? a->months : b->months;
	size_t i, j;
	for (i = 0; i < b->n; i++)
		for (j = 0; j < a->n; j++)
			if (a->tr[j] == b->tr[i]) {
				shared += n->months[b->tr[i]];
				break;
			}
	return shared <= theta * cheaper + 1e-9 * theta * cheaper;
}

static int same_path(const path *a, const path *b)
{
	return a->n == b->n && !memcmp(a->tr, b->tr, a->n * sizeof(size_t));
}

/* The penalty method: kept routes' months into costs, how many kept. */
static size_t heuristic(double *costs, net *n, dijkstra *d, size_t s, size_t t,
			size_t k, double theta)
{
	path kept[MAX_K], found[4 * MAX_K];
	size_t n_kept = 0, n_found = 0, i, j;
	while (n_kept < k && n_found < 4 * k &&
	       penalised_route(&found[n_found], n, d, s, t)) {
		path *p = &found[n_found++];
		int ok = 1;
		for (i = 0; i < n_kept && ok; i++)
			ok = !same_path(&kept[i], p) &&
			     apart(n, &kept[i], p, theta);
		if (ok)
			kept[n_kept++] = *p;
		for (j = 0; j < p->n; j++)
			n->uses[p->tr[j]]++;
	}
	for (i = 0; i < n_found; i++) {
		for (j = 0; j < found[i].n; j++)
			n->uses[found[i].tr[j]]--;
		free(found[i].tr);
	}
	for (i = 0; i < n_kept; i++)
		costs[i] = kept[i].months;
	return n_kept;
}

static size_t library(double *costs, int *limited, const cp_graph *g,
		      const cp_cost *cost, cp_workspace *ws, size_t s, size_t t,
		      size_t k, double theta)
{
	cp_query q = CP_QUERY_INIT;
	cp_routes *routes = NULL;
	cp_error err;
	size_t i, count = 0;
	int status;
	q.from = s;
	q.to = t;
	q.cost = cost;
	q.k = k;
	q.differ = theta;
	q.workspace = ws;
	status = cp_search(&routes, g, &q, &err);
	if (status && status != CP_ENOROUTE && status != CP_ELIMIT)
		die(err.text);
	*limited = status == CP_ELIMIT;
	for (i = 0; routes && i < routes->count && i < MAX_K; i++)
		costs[count++] = routes->items[i].cost;
	cp_routes_free(routes);
	return count;
}

static void print_line(const char *method, size_t q, double seconds,
		       const double *costs, size_t n, const char *extra)
{
	size_t i;
	printf("%s %zu %.9f ", method, q, seconds);
	if (!n)
		putchar('-');
	for (i = 0; i < n; i++)
		printf("%s%.17g", i ? "," : "", costs[i]);
	printf("%s\n", extra);
}

enum { PLAIN, EXACT, HEURISTIC, N_METHODS };

int main(int argc, char **argv)
{
	static const char *names[N_METHODS] = {"plain", "exact", "heuristic"};
	cp_graph *g = NULL;
	cp_cost *cost = NULL;
	cp_workspace *ws = NULL;
	cp_error err;
	net n;
	dijkstra d;
	size_t n_queries, k, q, metric, i;
	double theta;
	uint64_t rng = 88172645463325252ULL;
	if (argc != 5)
		die("usage: bench-differ DIR QUERIES K THETA");
	n_queries = strtoul(argv[2], NULL, 10);
	k = strtoul(argv[3], NULL, 10);
	theta = strtod(argv[4], NULL);
	if (k < 2 || k > MAX_K || !(theta > 0 && theta <= 1))
		die("K from 2 to 16, THETA above 0 and at most 1");
	if (cp_graph_load(&g, argv[1], NULL, &err) ||
	    cp_cost_parse(&cost, g, "months", &err) ||
	    cp_metric_find(&metric, g, "months") ||
	    cp_workspace_new(&ws, g, &err))
		die(err.text);
	net_build(&n, g, metric);
	d.dist = xcalloc(n.n_roles, sizeof(double));
	d.pred = xcalloc(n.n_roles, sizeof(size_t));
	d.done = xcalloc(n.n_roles, 1);
	d.heap = xcalloc(n.n_tr + 1, sizeof(item));
	printf("# %zu roles, %zu transitions, k = %zu, theta = %g\n", n.n_roles,
	       n.n_tr, k, theta);
	for (q = 0; q < n_queries; q++) {
		size_t s, t, count[N_METHODS];
		double costs[N_METHODS][MAX_K], seconds[N_METHODS];
		double load_before = load_average();
		int limited = 0, ignored;
		char extra[64];
		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		s = (size_t)(rng % n.n_roles);
		t = (size_t)((rng >> 32) % n.n_roles);
		for (i = 0; i < N_METHODS; i++) {
			size_t m = (q + i) % N_METHODS;
			double t0 = now();
			if (m == HEURISTIC)
				count[m] = heuristic(costs[m], &n, &d, s, t, k,
						     theta);
			else
				count[m] = library(costs[m],
						   m == EXACT ? &limited
							      : &ignored,
						   g, cost, ws, s, t, k,
						   m == EXACT ? theta : 0);
			seconds[m] = now() - t0;
		}
		for (i = 0; i < N_METHODS; i++) {
			if (i == EXACT)
				snprintf(extra, sizeof(extra),
					 " limited=%d load=%.2f,%.2f", limited,
					 load_before, load_average());
			else
				snprintf(extra, sizeof(extra),
					 " load=%.2f,%.2f", load_before,
					 load_average());
			print_line(names[i], q, seconds[i], costs[i], count[i],
				   extra);
		}
		fflush(stdout);
	}
	free(d.dist);
	free(d.pred);
	free(d.done);
	free(d.heap);
	net_free(&n);
	cp_workspace_free(ws);
	cp_cost_free(cost);
	cp_graph_free(g);
	return 0;
}

/*
 * tools/bench: load and query timings on generated graphs, with a plain C
 * CSR Dijkstra on the same edges as the floor a query is measured against.
 * Medians of several runs, and ratios from the same run, because the
 * machines are shared and noisy. Timed: one cheapest route with a fresh
 * workspace per query and with one kept workspace, and k = 5 routes (the
 * first of which must cost what the floor says).
 *
 * usage: bench [ROLES [OUT_DEGREE [QUERIES [K_QUERIES]]]]
 *        (default 100000 4 200 10)
 */
#define _POSIX_C_SOURCE 200809L
#include "careerpath.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define RUNS 5

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
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

static unsigned long long rng = 88172645463325252ULL;

static size_t rnd(size_t bound)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (size_t)(rng % bound);
}

typedef struct edges {
	size_t n_roles, n;
	size_t *from, *to;
	double *months;
} edges;

static void generate(const char *dir, edges *g, size_t n_roles, size_t degree)
{
	char path[1024];
	FILE *f;
	size_t i, d, e = 0;
	g->n_roles = n_roles;
	g->n = n_roles * degree;
	g->from = malloc(g->n * sizeof(size_t));
	g->to = malloc(g->n * sizeof(size_t));
	g->months = malloc(g->n * sizeof(double));
	snprintf(path, sizeof(path), "%s/roles.csv", dir);
	f = fopen(path, "w");
	fprintf(f, "id,title,category\n");
	for (i = 0; i < n_roles; i++)
		fprintf(f, "r%zu,Role %zu,c%zu\n", i, i, i % 10);
	fclose(f);
	snprintf(path, sizeof(path), "%s/transitions.csv", dir);
	f = fopen(path, "w");
	fprintf(f, "from,to,months,cost_usd,credential\n");
	for (i = 0; i < n_roles; i++) {
		for (d = 0; d < degree; d++, e++) {
			g->from[e] = i;
			g->to[e] = rnd(n_roles);
			g->months[e] = (double)(1 + rnd(24));
			fprintf(f, "r%zu,r%zu,%g,%zu,Course %zu\n", i, g->to[e],
				g->months[e], rnd(20000), e % 50);
		}
	}
	fclose(f);
}

/* The floor: a textbook Dijkstra over CSR arrays, lazy binary heap. */
typedef struct item {
	double d;
	size_t v;
} item;

static double floor_query(const edges *g, const size_t *start,
			  const size_t *adj, size_t s, size_t t, double *dist,
			  item *heap)
{
	size_t n = 0, i;
	for (i = 0; i < g->n_roles; i++)
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
		if (top.v == t)
			return top.d;
		for (i = start[top.v]; i < start[top.v + 1]; i++) {
			size_t e = adj[i], v = g->to[e];
			double nd = top.d + g->months[e];
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
	return INFINITY;
}

int main(int argc, char **argv)
{
	size_t n_roles = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
	size_t degree = argc > 2 ? strtoul(argv[2], NULL, 10) : 4;
	size_t n_queries = argc > 3 ? strtoul(argv[3], NULL, 10) : 200;
	char dir[] = "/tmp/careerpath-bench-XXXXXX";
	size_t n_k = argc > 4 ? strtoul(argv[4], NULL, 10) : 10;
	double load[RUNS], ours[RUNS], floor_t[RUNS], ratio[RUNS];
	double kept[RUNS], kept_ratio[RUNS], k5[RUNS], k5_ratio[RUNS];
	size_t k_failed = 0, k_limited = 0;
	cp_workspace *ws = NULL;
	size_t *start, *adj, *pairs, i, r, q;
	double *dist;
	item *heap;
	edges g;
	cp_graph *graph = NULL;
	cp_cost *cost = NULL;
	cp_error err;
	struct rusage usage;

	if (!mkdtemp(dir) || !n_roles || !degree || !n_queries) {
		fprintf(stderr, "usage: bench [ROLES [OUT_DEGREE [QUERIES "
				"[K_QUERIES]]]]\n");
		return 2;
	}
	generate(dir, &g, n_roles, degree);
	for (r = 0; r < RUNS; r++) {
		double t0 = now();
		if (cp_graph_load(&graph, dir, NULL, &err)) {
			fprintf(stderr, "bench: %s\n", err.text);
			return 4;
		}
		load[r] = now() - t0;
		if (r + 1 < RUNS)
			cp_graph_free(graph);
	}
	getrusage(RUSAGE_SELF, &usage);
	cp_cost_parse(&cost, graph, "months", &err);
	start = calloc(n_roles + 1, sizeof(size_t));
	adj = malloc(g.n * sizeof(size_t));
	dist = malloc(n_roles * sizeof(double));
	heap = malloc((g.n + 1) * sizeof(item));
	pairs = malloc(2 * n_queries * sizeof(size_t));
	for (i = 0; i < g.n; i++)
		start[g.from[i] + 1]++;
	for (i = 0; i < n_roles; i++)
		start[i + 1] += start[i];
	for (i = 0; i < g.n; i++)
		adj[i] = i; /* generated in source order already */
	for (q = 0; q < 2 * n_queries; q++)
		pairs[q] = rnd(n_roles);
	if (n_k > n_queries)
		n_k = n_queries;
	if (cp_workspace_new(&ws, graph, &err)) {
		fprintf(stderr, "bench: %s\n", err.text);
		return 4;
	}
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
			double d = floor_query(&g, start, adj, pairs[2 * q],
					       pairs[2 * q + 1], dist, heap);
			if (isfinite(d))
				check -= 2 * d; /* once for each way asked */
		}
		floor_t[r] = (now() - t0) / (double)n_queries;
		ratio[r] = ours[r] / floor_t[r];
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
		t0 = now();
		for (q = 0; q < n_k; q++) {
			cp_query query = CP_QUERY_INIT;
			cp_routes *routes = NULL;
			int status;
			double d;
			query.from = pairs[2 * q];
			query.to = pairs[2 * q + 1];
			query.cost = cost;
			query.k = 5;
			query.workspace = ws;
			status = cp_search(&routes, graph, &query, &err);
			d = floor_query(&g, start, adj, query.from, query.to,
					dist, heap);
			k_limited += status == CP_ELIMIT;
			if (status == CP_ELIMIT ||
			    (routes && routes->count &&
			     routes->items[0].cost != d) ||
			    (status == CP_ENOROUTE && isfinite(d)))
				k_failed++;
			cp_routes_free(routes);
		}
		/* the floor queries above are timed apart and taken off */
		k5[r] = now() - t0;
		t0 = now();
		for (q = 0; q < n_k; q++)
			floor_query(&g, start, adj, pairs[2 * q],
				    pairs[2 * q + 1], dist, heap);
		k5[r] = (k5[r] - (now() - t0)) / (double)(n_k ? n_k : 1);
		k5_ratio[r] = k5[r] / floor_t[r];
		if (fabs(check) > 1e-6 * (double)n_queries) {
			fprintf(stderr,
				"bench: answers differ from the floor\n");
			return 1;
		}
	}
	printf("graph: %zu roles, %zu transitions (%zu per role)\n", n_roles,
	       g.n, degree);
	printf("load (parse, check, build): median %.3f s\n",
	       median(load, RUNS));
	printf("peak memory of this process: %.1f MiB\n",
	       (double)usage.ru_maxrss / 1024);
	printf("plain C floor (CSR Dijkstra, binary heap): median %.3f ms\n",
	       median(floor_t, RUNS) * 1e3);
	printf("one cheapest route, fresh workspace: median %.3f ms; ratio to "
	       "the floor (same run) median %.2f\n",
	       median(ours, RUNS) * 1e3, median(ratio, RUNS));
	printf("one cheapest route, kept workspace: median %.3f ms; ratio to "
	       "the floor (same run) median %.2f\n",
	       median(kept, RUNS) * 1e3, median(kept_ratio, RUNS));
	printf("k = 5 routes, kept workspace: median %.3f ms; ratio to the "
	       "floor (same run) median %.2f; %zu of %zu stopped by the limit, "
	       "%zu of %zu wrong\n",
	       median(k5, RUNS) * 1e3, median(k5_ratio, RUNS), k_limited,
	       n_k * RUNS, k_failed, n_k * RUNS);
	cp_workspace_free(ws);
	cp_cost_free(cost);
	cp_graph_free(graph);
	{
		char path[1100];
		snprintf(path, sizeof(path), "%s/roles.csv", dir);
		unlink(path);
		snprintf(path, sizeof(path), "%s/transitions.csv", dir);
		unlink(path);
		rmdir(dir);
	}
	return 0;
}

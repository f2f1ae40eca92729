/*
 * The k best loopless routes: Yen's algorithm over the label-setting
 * engine. Each spur search starts where the root path leaves off, with the
 * root's totals, the root's other states blocked and the transitions that
 * earlier routes took from the spur state blocked; so caps, via and avoid
 * hold for every route and no route is found twice. Parallel transitions
 * make different routes.
 */
#include "search_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct candidate {
	size_t *edges;
	size_t n;
	double cost;
} candidate;

typedef struct pool {
	candidate *items;
	size_t count, cap;
} pool;

/* Candidates come out by cost, steps, then last transitions first. */
static int better(const candidate *a, const candidate *b)
{
	size_t i;
	if (a->cost != b->cost)
		return a->cost < b->cost;
	if (a->n != b->n)
		return a->n < b->n;
	for (i = a->n; i > 0; i--)
		if (a->edges[i - 1] != b->edges[i - 1])
			return a->edges[i - 1] < b->edges[i - 1];
	return 0;
}

static int same(const candidate *a, const size_t *edges, size_t n)
{
	return a->n == n && !memcmp(a->edges, edges, n * sizeof(size_t));
}

static void pool_free(pool *p)
{
	size_t i;
	for (i = 0; i < p->count; i++)
		free(p->items[i].edges);
	free(p->items);
}

/* Takes edges; frees them if the route is there already. */
static int pool_add(pool *p, const pool *found, size_t *edges, size_t n,
		    double cost)
{
	size_t i;
	for (i = 0; i < p->count; i++)
		if (same(&p->items[i], edges, n))
			goto duplicate;
	for (i = 0; i < found->count; i++)
		if (same(&found->items[i], edges, n))
			goto duplicate;
	if (cp_grow((void **)&p->items, &p->cap, p->count + 1,
		    sizeof(candidate))) {
		free(edges);
		return CP_ENOMEM;
	}
	p->items[p->count].edges = edges;
	p->items[p->count].n = n;
	p->items[p->count].cost = cost;
	p->count++;
	return 0;
duplicate:
	free(edges);
	return 0;
}

static candidate pool_take_best(pool *p)
{
	size_t i, best = 0;
	candidate c;
	for (i = 1; i < p->count; i++)
		if (better(&p->items[i], &p->items[best]))
			best = i;
	c = p->items[best];
	p->items[best] = p->items[--p->count];
	return c;
}

typedef struct yen {
	const cp_graph *g;
	const cp_query *q;
	cp_engine e;
	unsigned char *state_blocked;
	unsigned char *edge_blocked;
	size_t *states; /* states along the route being spurred */
	size_t *shared; /* how far each route found agrees with it */
	double res[CP_COLUMNS_MAX + 1];
} yen;

/*
 * Adds one arc to the root's totals, in the order the engine adds; credit
 * as the engine gives the route's first step.
 */
static void add_to_root(yen *y, size_t edge, double credit, double *cost)
{
	size_t d;
	*cost += cp_step_cost(y->g, y->q->cost, edge, credit);
	for (d = 0; d < y->e.n_res; d++)
		y->res[d] += cp_step_cost(y->g, y->e.res_cost[d], edge, credit);
}

static size_t common_prefix(const candidate *a, const candidate *b)
{
	size_t n = 0;
	while (n < a->n && n < b->n && a->edges[n] == b->edges[n])
		n++;
	return n;
}

static void route_states(yen *y, const candidate *route)
{
	size_t i, role = y->q->from, stage = cp_engine_advance(&y->e, 0, role);
	y->states[0] = role * y->e.stages + stage;
	for (i = 0; i < route->n; i++) {
		role = cp_arc_to(y->g, route->edges[i]);
		stage = cp_engine_advance(&y->e, stage, role);
		y->states[i + 1] = role * y->e.stages + stage;
	}
}

/*
 * Spur searches from every state of the last route found. The root grows
 * by one transition per spur, so its blocked states and totals grow with
 * it, and each earlier route's shared prefix is measured once: O(k * L)
 * besides the searches, not O(L^2).
 */
static int spur_all(yen *y, const pool *found, pool *candidates, cp_error *err)
{
	const candidate *last = &found->items[found->count - 1];
	size_t i, j, label, *spur = NULL, n_spur, *edges;
	double root_cost = 0;
	int status = 0;
	route_states(y, last);
	for (j = 0; j < found->count; j++)
		y->shared[j] = common_prefix(&found->items[j], last);
	memset(y->res, 0, sizeof(y->res));
	for (i = 0; i < last->n && !status; i++) {
		size_t spur_state = y->states[i];
		if (i) {
			y->state_blocked[y->states[i - 1]] = 1;
			add_to_root(y, last->edges[i - 1],
				    i == 1 ? y->e.credit : 0, &root_cost);
		}
		/* routes that share this root may not leave it the same way */
		for (j = 0; j < found->count; j++)
			if (y->shared[j] >= i && found->items[j].n > i)
				y->edge_blocked[found->items[j].edges[i]] = 1;
		y->e.spur_state = spur_state;
		status = cp_engine_run(&y->e, spur_state / y->e.stages,
				       spur_state % y->e.stages, root_cost, i,
				       y->res, y->q->to, 1, &label, err);
		for (j = 0; j < found->count; j++)
			if (y->shared[j] >= i && found->items[j].n > i)
				y->edge_blocked[found->items[j].edges[i]] = 0;
		if (status || label == CP_NONE)
			continue;
		if (cp_engine_path(&y->e, label, &spur, &n_spur) ||
		    !(edges = cp_alloc_array(i + n_spur, sizeof(size_t)))) {
			free(spur);
			status = cp_fail_oom(err);
			break;
		}
		memcpy(edges, last->edges, i * sizeof(size_t));
		memcpy(edges + i, spur, n_spur * sizeof(size_t));
		free(spur);
		spur = NULL;
		if (pool_add(candidates, found, edges, i + n_spur,
			     y->e.l_cost[label]))
			status = cp_fail_oom(err);
	}
	for (j = 0; j < last->n; j++)
		y->state_blocked[y->states[j]] = 0;
	return status;
}

int cp_search_k(cp_routes *routes, const cp_graph *g, const cp_query *q,
		const unsigned char *blocked, cp_error *err)
{
	yen y;
	pool found = {NULL, 0, 0}, candidates = {NULL, 0, 0};
	size_t label, i;
	int status;

	memset(&y, 0, sizeof(y));
	y.g = g;
	y.q = q;
	if ((status = cp_engine_for_query(&y.e, g, q, err)))
		return status;
	if ((status = cp_engine_init(&y.e, err)))
		goto cleanup;
	y.state_blocked = calloc(y.e.n_states ? y.e.n_states : 1, 1);
	y.edge_blocked = calloc(g->n_arcs ? g->n_arcs : 1, 1);
	y.states =
		cp_alloc_array(g->roles.rows * y.e.stages + 1, sizeof(size_t));
	y.shared = cp_alloc_array(q->k, sizeof(size_t));
	if (!y.state_blocked || !y.edge_blocked || !y.states || !y.shared) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	y.e.role_blocked = blocked;
	y.e.state_blocked = y.state_blocked;
	if ((status = cp_engine_run(&y.e, q->from,
				    cp_engine_advance(&y.e, 0, q->from), 0, 0,
				    NULL, q->to, 1, &label, err)))
		goto cleanup;
	if (label == CP_NONE)
		goto cleanup;
	if (cp_grow((void **)&found.items, &found.cap, 1, sizeof(candidate)) ||
	    cp_engine_path(&y.e, label, &found.items[0].edges,
			   &found.items[0].n)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	found.items[0].cost = y.e.l_cost[label];
	found.count = 1;
	y.e.spur_edge_blocked = y.edge_blocked;
	while (found.count < q->k) {
		if ((status = spur_all(&y, &found, &candidates, err)))
			goto cleanup;
		if (!candidates.count)
			break;
		if (cp_grow((void **)&found.items, &found.cap, found.count + 1,
			    sizeof(candidate))) {
			status = cp_fail_oom(err);
			goto cleanup;
		}
		found.items[found.count++] = pool_take_best(&candidates);
	}
	routes->items = calloc(found.count, sizeof(*routes->items));
	if (!routes->items) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	for (i = 0; i < found.count; i++) {
		routes->count++;
		if (cp_route_fill(&routes->items[i], g, q->cost, q->from,
				  found.items[i].edges, found.items[i].n,
				  q->experience)) {
			status = cp_fail_oom(err);
			goto cleanup;
		}
	}
cleanup:
	free(y.state_blocked);
	free(y.edge_blocked);
	free(y.states);
	free(y.shared);
	cp_engine_free(&y.e);
	pool_free(&found);
	pool_free(&candidates);
	return status;
}

/*
 * The k best loopless routes: Yen's algorithm over the label-setting
 * engine. Each spur search starts where the root path leaves off, with the
 * root's totals, the root's other states blocked and the transitions that
 * earlier routes took from the spur state blocked; so caps, via and avoid
 * hold for every route and no route is found twice. Parallel transitions
 * make different routes.
 *
 * A backward Dijkstra from the target first gives every role's least cost
 * to it (cp_shortest_tree), and each spur search drops the labels that
 * cannot end within a bound (cp_engine_prune): the cost of a route known
 * to exist (the root, a step, then the tree's way to the target, when it
 * keeps clear of the root) and, once enough candidates wait, the cost past
 * which no candidate could be chosen. Labels under the bound are the same
 * and settle in the same order, so the routes are those of the unpruned
 * search; the spur searches only shrink to the roles near a best route.
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

/* Candidates come out in the order of the tie rule. */
static int better(const candidate *a, const candidate *b)
{
	int order = cp_tie_order(a->cost, a->n, b->cost, b->n);
	return order ? order < 0 : cp_tie_arcs(a->edges, b->edges, a->n) < 0;
}

/*
 * The cost past which no candidate can be chosen: the need-th cheapest
 * waiting, when there are that many; INFINITY otherwise.
 */
static double pool_bound(const pool *p, size_t need)
{
	size_t i, j, below;
	double best = INFINITY;
	if (!need || p->count < need)
		return INFINITY;
	for (i = 0; i < p->count; i++) {
		double c = p->items[i].cost;
		if (c >= best)
			continue;
		for (j = 0, below = 0; j < p->count; j++)
			below += p->items[j].cost <= c;
		if (below >= need)
			best = c;
	}
	return best;
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

#define BOUND_SLACK 1e-9

typedef struct yen {
	const cp_graph *g;
	const cp_query *q;
	cp_engine *e;
	const unsigned char *avoid;
	int plain; /* no caps, no via: a route's states are its roles */
	unsigned char *state_blocked;
	unsigned char *edge_blocked;
	size_t *states; /* states along the route being spurred */
	size_t *shared; /* how far each route found agrees with it */
	double *lower;	/* least cost to the target, from the tree */
	size_t *tree;	/* the arc each role takes towards the target */
	cp_engine_config c;
	double res[CP_COLUMNS_MAX + 1];
} yen;

/* A bound a little above cost, for sums taken in another order. */
static double loosen(double cost)
{
	return cost + BOUND_SLACK * fabs(cost);
}

/*
 * Adds one arc to the root's totals, in the order the engine adds; credit
 * as the engine gives the route's first step.
 */
static void add_to_root(yen *y, size_t edge, double credit, double *cost)
{
	size_t d;
	*cost += cp_step_cost(y->g, y->q->cost, edge, credit);
	for (d = 0; d < y->c.n_res; d++)
		y->res[d] += cp_step_cost(y->g, y->c.res_cost[d], edge, credit);
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
	size_t i;
	y->states[0] = cp_engine_start(y->e, y->q->from);
	for (i = 0; i < route->n; i++)
		y->states[i + 1] = cp_engine_next(
			y->e, y->states[i], cp_arc_to(y->g, route->edges[i]));
}

/*
 * The cost of the cheapest route the spur search from role spur is sure to
 * find: a step out of it, not blocked, then the tree's way to the target,
 * clear of the root. INFINITY when no such way is known. Plain queries
 * only: with caps or via, a tree route need not be a route.
 */
static double tree_bound(const yen *y, size_t spur, double root_cost,
			 double credit)
{
	const cp_graph *g = y->g;
	double best = INFINITY;
	size_t i;
	for (i = g->out_start[spur]; i < g->out_start[spur + 1]; i++) {
		size_t a = g->out_edges[i], x = cp_arc_to(g, a), v;
		double cost;
		if (y->edge_blocked[a] || y->state_blocked[x] || x == spur ||
		    y->lower[x] == INFINITY ||
		    !cp_step_allowed(g, &y->c.rules, a))
			continue;
		cost = root_cost + cp_step_cost(g, y->q->cost, a, credit) +
		       y->lower[x];
		if (!(cost < best))
			continue;
		for (v = x; v != y->q->to; v = cp_arc_to(g, y->tree[v]))
			if (y->state_blocked[v] || v == spur)
				break;
		if (v == y->q->to)
			best = cost;
	}
	return best;
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
		double credit = i == 0 ? y->c.credit : 0, bound;
		if (i) {
			y->state_blocked[y->states[i - 1]] = 1;
			add_to_root(y, last->edges[i - 1],
				    i == 1 ? y->c.credit : 0, &root_cost);
		}
		/* routes that share this root may not leave it the same way */
		for (j = 0; j < found->count; j++)
			if (y->shared[j] >= i && found->items[j].n > i)
				y->edge_blocked[found->items[j].edges[i]] = 1;
		bound = pool_bound(candidates, y->q->k - found->count);
		if (y->plain) {
			double known =
				tree_bound(y, spur_state, root_cost, credit);
			if (known < bound)
				bound = known;
		}
		cp_engine_prune(y->e, y->lower, loosen(bound));
		cp_engine_block(y->e, y->state_blocked, y->edge_blocked,
				spur_state);
		status = cp_engine_run(y->e, spur_state, root_cost, i, y->res,
				       y->q->to, 1, &label, err);
		for (j = 0; j < found->count; j++)
			if (y->shared[j] >= i && found->items[j].n > i)
				y->edge_blocked[found->items[j].edges[i]] = 0;
		if (status || label == CP_NONE)
			continue;
		if (cp_engine_path(y->e, label, &spur, &n_spur) ||
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
			     cp_engine_cost(y->e, label)))
			status = cp_fail_oom(err);
	}
	for (j = 0; j < last->n; j++)
		y->state_blocked[y->states[j]] = 0;
	return status;
}

int cp_kroutes(cp_routes *routes, cp_workspace *ws, const cp_query *q,
	       const unsigned char *blocked, cp_error *err)
{
	const cp_graph *g = ws->g;
	yen y;
	pool found = {NULL, 0, 0}, candidates = {NULL, 0, 0};
	size_t label, i, n_states, n = g->roles.rows ? g->roles.rows : 1;
	int status;

	memset(&y, 0, sizeof(y));
	y.g = g;
	y.q = q;
	y.avoid = blocked;
	y.plain = !q->n_caps && !q->n_via;
	if ((status = cp_engine_config_query(&y.c, g, q, blocked, err)) ||
	    (status = cp_workspace_engine(&y.e, ws, &y.c, err)))
		return status;
	n_states = g->roles.rows * cp_engine_stages(y.e);
	y.state_blocked = calloc(n_states ? n_states : 1, 1);
	y.edge_blocked = calloc(g->n_arcs ? g->n_arcs : 1, 1);
	y.states = cp_alloc_array(n_states + 1, sizeof(size_t));
	y.shared = cp_alloc_array(q->k, sizeof(size_t));
	y.lower = cp_alloc_array(n, sizeof(double));
	y.tree = cp_alloc_array(n, sizeof(size_t));
	if (!y.state_blocked || !y.edge_blocked || !y.states || !y.shared ||
	    !y.lower || !y.tree) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	if ((status = cp_shortest_tree(y.lower, y.tree, ws, q, blocked, err)))
		goto cleanup;
	if (y.lower[q->from] == INFINITY)
		goto cleanup;
	/* the tree's own route from the start is a route when plain, and
	 * experience credit only makes it cheaper */
	cp_engine_prune(y.e, y.lower,
			y.plain ? loosen(y.lower[q->from]) : INFINITY);
	cp_engine_block(y.e, y.state_blocked, NULL, CP_NONE);
	if ((status = cp_engine_run(y.e, cp_engine_start(y.e, q->from), 0, 0,
				    NULL, q->to, 1, &label, err)))
		goto cleanup;
	if (label == CP_NONE)
		goto cleanup;
	if (cp_grow((void **)&found.items, &found.cap, 1, sizeof(candidate)) ||
	    cp_engine_path(y.e, label, &found.items[0].edges,
			   &found.items[0].n)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	found.items[0].cost = cp_engine_cost(y.e, label);
	found.count = 1;
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
	free(y.lower);
	free(y.tree);
	pool_free(&found);
	pool_free(&candidates);
	return status;
}

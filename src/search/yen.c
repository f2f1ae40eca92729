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
	/* left out of the answer: a detour (query.h), or a route the
	 * caller excludes */
	int left_out;
} candidate;

/* The routes found, in order. */
typedef struct found_list {
	candidate *items;
	size_t count, cap;
} found_list;

/*
 * The candidates waiting, and every route ever added (found or waiting),
 * so that none is added twice:
 * - heap: the candidates, a binary heap in the order of the tie rule
 *   (the best at the top), O(log count) to add or take;
 * - costs: a max-heap of the costs of candidates that can be answers
 *   (detours left out are not), at least `live` of which are costs of
 *   candidates still waiting (taken ones are counted out, not looked
 *   for): its top bounds the cost of the need-th cheapest waiting answer
 *   from above, which is all pruning asks of it;
 * - seen: an open-addressing hash set of every route's arcs.
 */
typedef struct seen_entry {
	const size_t *edges; /* NULL: empty slot */
	size_t n;
	uint64_t hash;
} seen_entry;

typedef struct pool {
	candidate *heap;
	size_t count, cap;
	double *costs;
	size_t n_costs, cap_costs, taken;
	seen_entry *seen;
	size_t n_seen, cap_seen; /* cap_seen: 0 or a power of two */
} pool;

/* Candidates come out in the order of the tie rule. */
static int better(const candidate *a, const candidate *b)
{
	int order = cp_tie_order(a->cost, a->n, b->cost, b->n);
	return order ? order < 0 : cp_tie_arcs(a->edges, b->edges, a->n) < 0;
}

static uint64_t route_hash(const size_t *edges, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15u ^ n;
	size_t i;
	for (i = 0; i < n; i++) {
		h ^= (uint64_t)edges[i];
		h *= 0xff51afd7ed558ccdu;
		h ^= h >> 32;
	}
	return h;
}

/* The slot of the route, or the empty slot where it would go. */
static seen_entry *seen_slot(const pool *p, const size_t *edges, size_t n,
			     uint64_t hash)
{
	size_t mask = p->cap_seen - 1, at = (size_t)hash & mask;
	for (;; at = (at + 1) & mask) {
		seen_entry *s = &p->seen[at];
		if (!s->edges || (s->hash == hash && s->n == n &&
				  !memcmp(s->edges, edges, n * sizeof(size_t))))
			return s;
	}
}

/* Keeps the route's arcs in the set, unless there already: 1 if new, 0
 * if seen, CP_ENOMEM. The set borrows edges. */
static int seen_add(pool *p, const size_t *edges, size_t n)
{
	uint64_t hash = route_hash(edges, n);
	seen_entry *slot;
	if (2 * (p->n_seen + 1) > p->cap_seen) {
		size_t cap = p->cap_seen ? 2 * p->cap_seen : 64, i;
		seen_entry *old = p->seen, *grown = calloc(cap, sizeof(*grown));
		if (!grown)
			return CP_ENOMEM;
		p->seen = grown;
		for (i = 0; i < p->cap_seen; i++)
			if (old[i].edges) {
				size_t had = p->cap_seen;
				p->cap_seen = cap;
				*seen_slot(p, old[i].edges, old[i].n,
					   old[i].hash) = old[i];
				p->cap_seen = had;
			}
		p->cap_seen = cap;
		free(old);
	}
	slot = seen_slot(p, edges, n, hash);
	if (slot->edges)
		return 0;
	slot->edges = edges;
	slot->n = n;
	slot->hash = hash;
	p->n_seen++;
	return 1;
}

static void costs_sift_down(pool *p, size_t at)
{
	double v = p->costs[at];
	for (;;) {
		size_t child = 2 * at + 1;
		if (child >= p->n_costs)
			break;
		if (child + 1 < p->n_costs &&
		    p->costs[child + 1] > p->costs[child])
			child++;
		if (!(p->costs[child] > v))
			break;
		p->costs[at] = p->costs[child];
		at = child;
	}
	p->costs[at] = v;
}

/* Adds a cost; the caller has made room. */
static void costs_push(pool *p, double cost)
{
	size_t at = p->n_costs++;
	while (at > 0 && p->costs[(at - 1) / 2] < cost) {
		p->costs[at] = p->costs[(at - 1) / 2];
		at = (at - 1) / 2;
	}
	p->costs[at] = cost;
}

/* Drops the largest costs while more than need are surely waiting:
 * need only falls, so they are never wanted again. */
static void costs_trim(pool *p, size_t need)
{
	while (p->n_costs > p->taken && p->n_costs - p->taken > need) {
		p->costs[0] = p->costs[--p->n_costs];
		if (p->n_costs)
			costs_sift_down(p, 0);
	}
	if (p->n_costs <= p->taken)
		p->n_costs = p->taken = 0;
}

/*
 * The cost past which no candidate can be chosen: at least the need-th
 * cheapest waiting, when there are surely that many; INFINITY otherwise.
 * O(log count) amortised.
 */
static double pool_bound(pool *p, size_t need)
{
	costs_trim(p, need);
	if (!need || p->n_costs - p->taken < need)
		return INFINITY;
	return p->costs[0];
}

static void pool_free(pool *p)
{
	size_t i;
	for (i = 0; i < p->count; i++)
		free(p->heap[i].edges);
	free(p->heap);
	free(p->costs);
	free(p->seen);
}

static void found_free(found_list *f)
{
	size_t i;
	for (i = 0; i < f->count; i++)
		free(f->items[i].edges);
	free(f->items);
}

/* Takes edges; frees them if the route was added before (found or
 * waiting). O(n + log count) expected. */
static int pool_add(pool *p, size_t *edges, size_t n, double cost, int left_out)
{
	candidate c = {edges, n, cost, left_out};
	size_t at;
	int fresh;
	/* room first, so that a route in the set is a route kept */
	if ((p->count == p->cap && cp_grow((void **)&p->heap, &p->cap,
					   p->count + 1, sizeof(candidate))) ||
	    (p->n_costs == p->cap_costs &&
	     cp_grow((void **)&p->costs, &p->cap_costs, p->n_costs + 1,
		     sizeof(double)))) {
		free(edges);
		return CP_ENOMEM;
	}
	if ((fresh = seen_add(p, edges, n)) <= 0) {
		free(edges);
		return fresh;
	}
	if (!left_out)
		costs_push(p, cost);
	at = p->count++;
	while (at > 0 && better(&c, &p->heap[(at - 1) / 2])) {
		p->heap[at] = p->heap[(at - 1) / 2];
		at = (at - 1) / 2;
	}
	p->heap[at] = c;
	return 0;
}

static candidate pool_take_best(pool *p)
{
	candidate best = p->heap[0], last = p->heap[--p->count];
	size_t at = 0;
	for (;;) {
		size_t child = 2 * at + 1;
		if (child >= p->count)
			break;
		if (child + 1 < p->count &&
		    better(&p->heap[child + 1], &p->heap[child]))
			child++;
		if (!better(&p->heap[child], &last))
			break;
		p->heap[at] = p->heap[child];
		at = child;
	}
	if (p->count)
		p->heap[at] = last;
	/* its cost may still be among costs: counted out */
	p->taken += !best.left_out;
	return best;
}

#define BOUND_SLACK 1e-9

struct cp_yen {
	const cp_graph *g;
	const cp_query *q;
	cp_workspace *ws;
	cp_engine *e;
	const unsigned char *avoid;
	int plain;     /* no caps, no via, no overlaps: a route's states are its
			  roles */
	int reachable; /* 0: the tree shows the target out of reach */
	int lost;      /* some role reaches the target only by an overflow */
	unsigned char *state_blocked;
	unsigned char *edge_blocked;
	cp_budget *budget;
	size_t *states;	 /* states along the route being spurred */
	size_t *shared;	 /* how far each route found agrees with it */
	size_t *sharing; /* the routes that share the root spurred from */
	size_t cap_shared, cap_sharing;
	size_t *shortcut; /* the states of a shortcut (detour_check) */
	/* leaving detours out: the transitions the root's roles of the
	 * spur's via stage could take themselves, and which */
	int block_detours;
	unsigned char *tr_blocked;
	size_t *tr_marked;
	size_t n_marked, fresh_from;
	double *lower; /* least cost to the target, from the tree */
	size_t *tree;  /* the arc each role takes towards the target */
	cp_engine_config c;
	/* the overlaps with routes found before (cp_yen_share), which
	 * c.share points to */
	const double **shares;
	size_t cap_shares;
	double least; /* what the answer costs at least (cp_yen_share) */
	/* routes not to answer (cp_yen_find) */
	const cp_arcs *exclude;
	size_t n_exclude;
	double res[CP_COLUMNS_MAX + 1];
};
typedef struct cp_yen yen;

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
	double step = cp_step_cost(y->g, y->q->cost, edge, credit);
	size_t d;
	*cost += step;
	for (d = 0; d < y->c.n_res; d++)
		y->res[d] += cp_engine_res_step(&y->c, d, edge, credit, step);
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

/* The arc by which role takes transition tr, CP_NONE if it cannot. */
static size_t arc_taking(const cp_graph *g, size_t role, size_t tr)
{
	size_t i;
	for (i = g->out_start[role]; i < g->out_start[role + 1]; i++)
		if (cp_arc_tr(g, g->out_edges[i]) == tr)
			return g->out_edges[i];
	return CP_NONE;
}

/* Whether the n + 1 states hold none twice: a route, not a loop. */
static int states_distinct(const size_t *states, size_t n)
{
	size_t i, j;
	for (i = 0; i <= n; i++)
		for (j = 0; j < i; j++)
			if (states[i] == states[j])
				return 0;
	return 1;
}

/*
 * Whether route is a detour (query.h): some role ri of it can take the
 * transition of a later step j > i + 1 itself, and the shortcut is a
 * route of the query. The shortcut enters no role the route does not and
 * drops steps whose values are >= 0, so avoid and caps hold for it; the
 * rules on its new step, and with via the stages and loops over (role,
 * stage) states, are checked here. O(n^2 (out-degree + n)) for n steps,
 * charged to the budget; 0, or the status that stops.
 */
static int detour_check(int *out, yen *y, const candidate *route, cp_error *err)
{
	const cp_graph *g = y->g;
	size_t *sc = y->shortcut, i, j, m, len, work = 0;
	int via = cp_engine_stages(y->e) > 1, status;
	*out = 0;
	sc[0] = cp_engine_start(y->e, y->q->from);
	for (i = 0; i + 1 < route->n && !*out; i++) {
		size_t role = cp_arc_from(g, route->edges[i]);
		if (i)
			sc[i] = cp_engine_next(
				y->e, sc[i - 1],
				cp_arc_to(g, route->edges[i - 1]));
		for (j = i + 1; j < route->n && !*out; j++) {
			size_t a = arc_taking(g, role,
					      cp_arc_tr(g, route->edges[j]));
			work += g->out_start[role + 1] - g->out_start[role];
			if (a == CP_NONE || !cp_step_allowed(g, &y->c.rules, a))
				continue;
			if (!via) {
				*out = 1;
				break;
			}
			sc[i + 1] =
				cp_engine_next(y->e, sc[i], cp_arc_to(g, a));
			for (m = j + 1, len = i + 1; m < route->n; m++, len++)
				sc[len + 1] = cp_engine_next(
					y->e, sc[len],
					cp_arc_to(g, route->edges[m]));
			work += len * len;
			*out = sc[len] == cp_engine_final(y->e, y->q->to) &&
			       states_distinct(sc, len);
		}
	}
	if ((status = cp_budget_charge(y->budget,
				       (work + route->n * route->n) /
					       CP_COMPARES_PER_LABEL)))
		return cp_budget_fail(y->budget, status, err);
	return 0;
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
		    (y->block_detours &&
		     y->tr_blocked[cp_arc_tr(g, a)] == CP_TR_BLOCKED) ||
		    y->lower[x] == INFINITY ||
		    (x != y->q->to && y->tree[x] == CP_NONE) ||
		    !cp_step_allowed(g, &y->c.rules, a))
			continue;
		cost = root_cost + cp_step_cost(g, y->q->cost, a, credit) +
		       y->lower[x];
		if (!(cost < best))
			continue;
		for (v = x; v != y->q->to; v = cp_arc_to(g, y->tree[v]))
			if (y->state_blocked[v] || v == spur ||
			    (y->block_detours &&
			     y->tr_blocked[cp_arc_tr(g, y->tree[v])]))
				break;
		if (v == y->q->to)
			best = cost;
	}
	return best;
}

/*
 * A route whose root holds role ri and which later takes a move ri could
 * take itself (and keep the rules on), with no via role passed in
 * between, is a detour: its shortcut is a route. So each spur search may leave
 * out the root's roles' moves: those of the roles before the spur everywhere,
 * the spur's own past the spur. Only detours are left out, so each spur still
 * finds the best route of its part that can be an answer, and Yen's
 * order holds for the routes that are not detours; detours whose
 * shortcut lies past the root are still found, checked and seed spurs.
 * O(out-degree of role) and the marks of the spur before.
 */
static int block_root_role(yen *y, size_t role, cp_error *err)
{
	const cp_graph *g = y->g;
	size_t i;
	int status;
	for (i = y->fresh_from; i < y->n_marked; i++)
		y->tr_blocked[y->tr_marked[i]] = CP_TR_BLOCKED;
	y->fresh_from = y->n_marked;
	for (i = g->out_start[role]; i < g->out_start[role + 1]; i++) {
		size_t a = g->out_edges[i], t = cp_arc_tr(g, a);
		if (y->tr_blocked[t] || (cp_step_rules_set(&y->c.rules) &&
					 !cp_step_allowed(g, &y->c.rules, a)))
			continue;
		y->tr_blocked[t] = CP_TR_BLOCKED_PAST_SPUR;
		y->tr_marked[y->n_marked++] = t;
	}
	if ((status = cp_budget_charge(
		     y->budget, (g->out_start[role + 1] - g->out_start[role]) /
					CP_COMPARES_PER_LABEL)))
		return cp_budget_fail(y->budget, status, err);
	return 0;
}

/* Whether the caller excludes the route (cp_yen_find): O(excluded
 * routes of its length * n). */
static int excluded(const yen *y, const size_t *edges, size_t n)
{
	size_t i;
	for (i = 0; i < y->n_exclude; i++)
		if (y->exclude[i].n == n &&
		    !memcmp(y->exclude[i].edges, edges, n * sizeof(size_t)))
			return 1;
	return 0;
}

/*
 * Spur searches from every state of the last route found. The root grows
 * by one transition per spur, so its blocked states and totals grow with
 * it, each earlier route's shared prefix is measured once, and the routes
 * that share the root are kept in a list that shrinks as it grows: O(k +
 * L * routes sharing) besides the searches, not O(k * L^2). That work is
 * charged to the budget as labels are (CP_COMPARES_PER_LABEL). need is
 * how many more answers are wanted: detours left out do not count.
 */
static int spur_all(yen *y, const found_list *found, size_t need,
		    pool *candidates, cp_error *err)
{
	const candidate *last = &found->items[found->count - 1];
	size_t i, j, kept, n_sharing = 0, label, *spur = NULL, n_spur, *edges;
	double root_cost = 0;
	int status, left_out;
	route_states(y, last);
	for (j = 0; j < found->count; j++) {
		y->shared[j] = common_prefix(&found->items[j], last);
		y->sharing[n_sharing++] = j;
	}
	if ((status = cp_budget_charge(
		     y->budget, 1 + found->count / CP_COMPARES_PER_LABEL)))
		return cp_budget_fail(y->budget, status, err);
	memset(y->res, 0, sizeof(y->res));
	for (i = 0; i < last->n && !status; i++) {
		size_t spur_state = y->states[i],
		       spur_role = cp_arc_from(y->g, last->edges[i]);
		double credit = i == 0 ? y->c.credit : 0, bound;
		if (i) {
			y->state_blocked[y->states[i - 1]] = 1;
			add_to_root(y, last->edges[i - 1],
				    i == 1 ? y->c.credit : 0, &root_cost);
		}
		for (j = 0, kept = 0; j < n_sharing; j++)
			if (y->shared[y->sharing[j]] >= i)
				y->sharing[kept++] = y->sharing[j];
		n_sharing = kept;
		if ((status = cp_budget_charge(
			     y->budget,
			     1 + (n_sharing + y->g->out_start[spur_role + 1] -
				  y->g->out_start[spur_role]) /
					     CP_COMPARES_PER_LABEL))) {
			status = cp_budget_fail(y->budget, status, err);
			break;
		}
		/* past a via role, the roles before it have no shortcut */
		if (i && y->states[i] % cp_engine_stages(y->e) !=
				 y->states[i - 1] % cp_engine_stages(y->e)) {
			for (j = 0; j < y->n_marked; j++)
				y->tr_blocked[y->tr_marked[j]] = CP_TR_OPEN;
			y->n_marked = y->fresh_from = 0;
		}
		if (y->block_detours &&
		    (status = block_root_role(y, spur_role, err)))
			break;
		/* routes that share this root may not leave it the same way */
		for (j = 0; j < n_sharing; j++)
			if (found->items[y->sharing[j]].n > i)
				y->edge_blocked[found->items[y->sharing[j]]
							.edges[i]] = 1;
		bound = pool_bound(candidates, need);
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
		for (j = 0; j < n_sharing; j++)
			if (found->items[y->sharing[j]].n > i)
				y->edge_blocked[found->items[y->sharing[j]]
							.edges[i]] = 0;
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
		/* the candidate's arcs, copied and hashed */
		if ((status = cp_budget_charge(
			     y->budget,
			     1 + (i + n_spur) / CP_COMPARES_PER_LABEL))) {
			free(edges);
			status = cp_budget_fail(y->budget, status, err);
			break;
		}
		left_out = 0;
		if (!y->q->detours) {
			candidate c = {edges, i + n_spur, 0, 0};
			if ((status = detour_check(&left_out, y, &c, err))) {
				free(edges);
				break;
			}
		}
		left_out = left_out || excluded(y, edges, i + n_spur);
		if (pool_add(candidates, edges, i + n_spur,
			     cp_engine_cost(y->e, label), left_out))
			status = cp_fail_oom(err);
	}
	for (j = 0; j < last->n; j++)
		y->state_blocked[y->states[j]] = 0;
	for (j = 0; j < y->n_marked; j++)
		y->tr_blocked[y->tr_marked[j]] = CP_TR_OPEN;
	y->n_marked = y->fresh_from = 0;
	return status;
}

void cp_yen_free(yen *y)
{
	if (!y)
		return;
	if (y->e)
		cp_engine_block_transitions(y->e, NULL);
	free(y->state_blocked);
	free(y->tr_blocked);
	free(y->tr_marked);
	free(y->edge_blocked);
	free(y->states);
	free(y->shortcut);
	free(y->shared);
	free(y->sharing);
	free(y->lower);
	free(y->tree);
	free(y->shares);
	free(y);
}

int cp_yen_new(yen **out, cp_workspace *ws, const cp_query *q,
	       const unsigned char *blocked, cp_error *err)
{
	const cp_graph *g = ws->g;
	yen *y;
	size_t i, n_states, n = g->roles.rows ? g->roles.rows : 1;
	int status;

	if (!(*out = y = calloc(1, sizeof(*y))))
		return cp_fail_oom(err);
	y->g = g;
	y->ws = ws;
	y->budget = &ws->budget;
	y->q = q;
	y->avoid = blocked;
	y->plain = !q->n_caps && !q->n_via;
	if ((status = cp_engine_config_query(&y->c, g, q, blocked, err)) ||
	    (status = cp_workspace_engine(&y->e, ws, &y->c, err)))
		return status;
	n_states = g->roles.rows * cp_engine_stages(y->e);
	y->state_blocked = calloc(n_states ? n_states : 1, 1);
	y->edge_blocked = calloc(g->n_arcs ? g->n_arcs : 1, 1);
	y->states = cp_alloc_array(n_states + 1, sizeof(size_t));
	y->shortcut = cp_alloc_array(n_states + 1, sizeof(size_t));
	y->block_detours = !q->detours;
	y->tr_blocked =
		calloc(g->transitions.rows ? g->transitions.rows : 1, 1);
	y->tr_marked = cp_alloc_array(
		g->transitions.rows ? g->transitions.rows : 1, sizeof(size_t));
	y->lower = cp_alloc_array(n, sizeof(double));
	y->tree = cp_alloc_array(n, sizeof(size_t));
	if (!y->state_blocked || !y->edge_blocked || !y->states ||
	    !y->shortcut || !y->tr_blocked || !y->tr_marked || !y->lower ||
	    !y->tree)
		return cp_fail_oom(err);
	if ((status = cp_shortest_tree(y->lower, y->tree, &y->lost, ws, q,
				       blocked, err)))
		return status;
	/* out of reach, unless only by totals that overflow: the search
	 * from the start tells whether its own routes do. Where a role
	 * reaches the target only so, its least cost is not known, and 0
	 * bounds it. */
	y->reachable = y->lower[q->from] != INFINITY || y->lost;
	for (i = 0; y->lost && i < g->roles.rows; i++)
		if (y->lower[i] == INFINITY)
			y->lower[i] = 0;
	return 0;
}

int cp_yen_share(yen *y, const double *share, double cap, double least,
		 cp_error *err)
{
	if (y->c.n_res > CP_COLUMNS_MAX)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "too many routes to keep apart: at most %d, "
			       "caps included",
			       CP_COLUMNS_MAX + 1);
	if (cp_grow((void **)&y->shares, &y->cap_shares, y->c.n_share + 1,
		    sizeof(*y->shares)))
		return cp_fail_oom(err);
	y->shares[y->c.n_share++] = share;
	if (least > y->least)
		y->least = least;
	y->c.share = y->shares;
	y->c.res_cost[y->c.n_res] = NULL;
	y->c.res_cap[y->c.n_res++] = cap;
	/* a route of the tree may overlap too much */
	y->plain = 0;
	return 0;
}

/*
 * The first route of the search. Plain, the tree's own route from the
 * start is a route, and experience credit only makes it cheaper: it
 * bounds the search. Under overlaps no route is known, and an unbounded
 * search settles every label cheaper than the answer, at every role: so
 * the search runs within bounds that grow from the least a route can
 * cost (y->least, or the tree's), 1/8, 1/2 and 2 times that above it,
 * then none. A route found within a bound is the unbounded search's
 * (cp_engine_prune), and a bound that finds none costs less than the
 * next.
 */
static int first_route(yen *y, size_t *label, cp_error *err)
{
	static const double above[] = {0.125, 0.5, 2, INFINITY};
	double least = y->lower[y->q->from] > y->least ? y->lower[y->q->from]
						       : y->least;
	size_t i;
	int status;
	for (i = 0; i < sizeof(above) / sizeof(above[0]); i++) {
		double bound = least + least * above[i];
		if (y->plain && !y->lost)
			bound = loosen(y->lower[y->q->from]);
		else if (!y->c.n_share || !(least > 0) || y->lost)
			bound = INFINITY;
		cp_engine_prune(y->e, y->lower, loosen(bound));
		if ((status = cp_engine_run(
			     y->e, cp_engine_start(y->e, y->q->from), 0, 0,
			     NULL, y->q->to, 1, label, err)) ||
		    *label != CP_NONE || bound == INFINITY)
			return status;
	}
	return 0;
}

/* The routes found, found->count of them, and the answers among them. */
static int yen_loop(yen *y, found_list *found, pool *candidates, size_t want,
		    size_t *answers, cp_error *err)
{
	size_t label;
	int status;
	cp_engine_block(y->e, y->state_blocked, NULL, CP_NONE);
	/* nothing is marked before the first spur */
	cp_engine_block_transitions(y->e,
				    y->block_detours ? y->tr_blocked : NULL);
	if ((status = first_route(y, &label, err)))
		return status;
	if (label == CP_NONE)
		return 0;
	if (cp_grow((void **)&found->items, &found->cap, 1,
		    sizeof(candidate)) ||
	    cp_engine_path(y->e, label, &found->items[0].edges,
			   &found->items[0].n))
		return cp_fail_oom(err);
	found->items[0].cost = cp_engine_cost(y->e, label);
	/* the best route is no detour: its shortcut would be a route with
	 * fewer steps and a cost no higher (each partial sum no higher, as
	 * rounding keeps order), so first by the tie rule */
	found->items[0].left_out =
		excluded(y, found->items[0].edges, found->items[0].n);
	found->count = 1;
	*answers = !found->items[0].left_out;
	if (seen_add(candidates, found->items[0].edges, found->items[0].n) < 0)
		return cp_fail_oom(err);
	/* routes left out still seed spur searches: routes that are
	 * answers may branch off them */
	while (*answers < want) {
		if (cp_grow((void **)&y->shared, &y->cap_shared, found->count,
			    sizeof(size_t)) ||
		    cp_grow((void **)&y->sharing, &y->cap_sharing, found->count,
			    sizeof(size_t)))
			return cp_fail_oom(err);
		if ((status = spur_all(y, found, want - *answers, candidates,
				       err)))
			return status;
		if (!candidates->count)
			break;
		if (cp_grow((void **)&found->items, &found->cap,
			    found->count + 1, sizeof(candidate)))
			return cp_fail_oom(err);
		found->items[found->count] = pool_take_best(candidates);
		*answers += !found->items[found->count++].left_out;
	}
	return 0;
}

int cp_yen_find(cp_arcs **out, size_t *n_out, yen *y, size_t want,
		const cp_arcs *exclude, size_t n_exclude, cp_error *err)
{
	found_list found = {NULL, 0, 0};
	pool candidates;
	size_t answers = 0, i;
	int status;

	*out = NULL;
	*n_out = 0;
	memset(&candidates, 0, sizeof(candidates));
	y->exclude = exclude;
	y->n_exclude = n_exclude;
	if (!y->reachable || !want)
		return 0;
	if ((status = cp_workspace_engine(&y->e, y->ws, &y->c, err)) ||
	    (status = yen_loop(y, &found, &candidates, want, &answers, err)))
		goto cleanup;
	if (answers && !(*out = calloc(answers, sizeof(**out)))) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	/* the answers' arcs move to *out */
	for (i = 0; i < found.count; i++) {
		if (found.items[i].left_out)
			continue;
		(*out)[*n_out].edges = found.items[i].edges;
		(*out)[*n_out].n = found.items[i].n;
		(*out)[(*n_out)++].cost = found.items[i].cost;
		found.items[i].edges = NULL;
	}
cleanup:
	cp_engine_block_transitions(y->e, NULL);
	y->exclude = NULL;
	y->n_exclude = 0;
	found_free(&found);
	pool_free(&candidates);
	return status;
}

void cp_arcs_free(cp_arcs *routes, size_t n)
{
	size_t i;
	for (i = 0; routes && i < n; i++)
		free(routes[i].edges);
	free(routes);
}

int cp_kroutes(cp_routes *routes, cp_workspace *ws, const cp_query *q,
	       const unsigned char *blocked, cp_error *err)
{
	yen *y = NULL;
	cp_arcs *found = NULL;
	size_t n_found = 0;
	int status;

	if ((status = cp_yen_new(&y, ws, q, blocked, err)) ||
	    (status = cp_yen_find(&found, &n_found, y, q->k, NULL, 0, err)))
		goto cleanup;
	status = cp_routes_of_arcs(routes, ws, q, found, n_found, err);
cleanup:
	cp_arcs_free(found, n_found);
	cp_yen_free(y);
	return status;
}

int cp_routes_of_arcs(cp_routes *routes, cp_workspace *ws, const cp_query *q,
		      const cp_arcs *found, size_t n_found, cp_error *err)
{
	size_t i;
	int status;
	if (!n_found)
		return 0;
	if (!(routes->items = calloc(n_found, sizeof(*routes->items))))
		return cp_fail_oom(err);
	for (i = 0; i < n_found; i++) {
		routes->count++;
		/* each route's steps are built and valued */
		if ((status = cp_budget_charge(&ws->budget, 1 + found[i].n)))
			return cp_budget_fail(&ws->budget, status, err);
		if (cp_route_fill(&routes->items[i], ws->g, q->cost, q->from,
				  found[i].edges, found[i].n, q->experience))
			return cp_fail_oom(err);
	}
	return 0;
}

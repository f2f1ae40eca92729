/*
 * Label setting over (role, via stage) states: the exact search behind
 * caps (resource-constrained shortest paths), via, Yen's spur searches,
 * Pareto fronts and reachability. See search_internal.h for the rules.
 */
#include "search_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CAP_SLACK 1e-9

struct cp_engine {
	cp_engine_config c;
	/* Yen's blocks and the pruning bound, NULL for none */
	const unsigned char *state_blocked;
	const unsigned char *spur_arc_blocked; /* leaving spur_state only */
	size_t spur_state;
	const unsigned char *tr_blocked; /* cp_engine_block_transitions */
	const double *lower;
	double bound;
	/* labels, kept from one configuration to the next */
	size_t n_states, stages, cap_states;
	size_t n_labels, cap_labels, cap_res;
	cp_budget *budget; /* the running query's, charged for every label */
	size_t compares;   /* dominance comparisons not yet charged */
	double *l_cost;
	size_t *l_steps, *l_state, *l_pred, *l_edge, *l_next;
	double *l_res;
	size_t *heap, n_heap;
	size_t *settled_head; /* per state: its settled labels, newest first */
	size_t *touched, n_touched; /* states with settled labels, to reset */
	/* the labels and touched states of a run kept (cp_engine_keep), 0
	 * for none: later runs start with them settled */
	size_t n_kept, n_kept_touched;
	/* states of labels set aside in this run as their totals overflowed
	 * (no caps), and the first cost that did */
	size_t *over, n_over, cap_over;
	const cp_cost *over_cost;
};

/* Makes room for n_states states and n_res resources per label. */
static int engine_size(cp_engine *e, size_t n_states)
{
	size_t s;
	if (n_states > e->cap_states) {
		size_t *head = cp_realloc_array(e->settled_head, n_states,
						sizeof(size_t));
		size_t *touched;
		if (!head)
			return CP_ENOMEM;
		e->settled_head = head;
		touched =
			cp_realloc_array(e->touched, n_states, sizeof(size_t));
		if (!touched)
			return CP_ENOMEM;
		e->touched = touched;
		for (s = e->cap_states; s < n_states; s++)
			e->settled_head[s] = CP_NONE;
		e->cap_states = n_states;
	}
	if (e->cap_labels) {
		size_t res_n;
		void *p;
		if (cp_size_mul(&res_n, e->cap_labels,
				e->c.n_res ? e->c.n_res : 1))
			return CP_ENOMEM;
		if (res_n > e->cap_res) {
			if (!(p = cp_realloc_array(e->l_res, res_n,
						   sizeof(double))))
				return CP_ENOMEM;
			e->l_res = p;
			e->cap_res = res_n;
		}
	}
	return 0;
}

int cp_engine_new(cp_engine **out, cp_error *err)
{
	if (!(*out = calloc(1, sizeof(**out))))
		return cp_fail_oom(err);
	return 0;
}

int cp_engine_configure(cp_engine *e, const cp_engine_config *c,
			cp_budget *budget, cp_error *err)
{
	size_t n_states;
	e->c = *c;
	e->budget = budget;
	e->compares = 0;
	e->stages = c->n_via + 1;
	e->state_blocked = NULL;
	e->spur_arc_blocked = NULL;
	e->spur_state = CP_NONE;
	e->tr_blocked = NULL;
	e->lower = NULL;
	e->bound = INFINITY;
	e->n_kept = 0;
	e->n_kept_touched = 0;
	if (cp_size_mul(&n_states, c->g->roles.rows, e->stages) ||
	    engine_size(e, n_states ? n_states : 1))
		return cp_fail_oom(err);
	e->n_states = n_states;
	return 0;
}

void cp_engine_destroy(cp_engine *e)
{
	if (!e)
		return;
	free(e->l_cost);
	free(e->l_steps);
	free(e->l_state);
	free(e->l_pred);
	free(e->l_edge);
	free(e->l_next);
	free(e->l_res);
	free(e->heap);
	free(e->settled_head);
	free(e->touched);
	free(e->over);
	free(e);
}

void cp_engine_block(cp_engine *e, const unsigned char *state_blocked,
		     const unsigned char *spur_arc_blocked, size_t spur_state)
{
	e->state_blocked = state_blocked;
	e->spur_arc_blocked = spur_arc_blocked;
	e->spur_state = spur_state;
}

void cp_engine_block_transitions(cp_engine *e, const unsigned char *tr_blocked)
{
	e->tr_blocked = tr_blocked;
}

void cp_engine_prune(cp_engine *e, const double *lower, double bound)
{
	e->lower = lower;
	e->bound = bound;
}

size_t cp_engine_stages(const cp_engine *e)
{
	return e->stages;
}

size_t cp_engine_state(const cp_engine *e, size_t role, size_t stage)
{
	return role * e->stages + stage;
}

double cp_engine_cost(const cp_engine *e, size_t label)
{
	return e->l_cost[label];
}

size_t cp_engine_labels(const cp_engine *e)
{
	return e->n_labels;
}

size_t cp_engine_pred(const cp_engine *e, size_t label)
{
	return e->l_pred[label];
}

size_t cp_engine_edge(const cp_engine *e, size_t label)
{
	return e->l_edge[label];
}

size_t cp_engine_steps(const cp_engine *e, size_t label)
{
	return e->l_steps[label];
}

double cp_engine_res(const cp_engine *e, size_t label, size_t i)
{
	return e->l_res[label * e->c.n_res + i];
}

size_t cp_engine_settled(const cp_engine *e, size_t state)
{
	return e->settled_head[state];
}

size_t cp_engine_settled_next(const cp_engine *e, size_t label)
{
	return e->l_next[label];
}

/* The list runs from the newest: the first settled is its tail. */
size_t cp_engine_first(const cp_engine *e, size_t state)
{
	size_t l = e->settled_head[state];
	while (l != CP_NONE && e->l_next[l] != CP_NONE)
		l = e->l_next[l];
	return l;
}

/* The stage after arriving at role. */
static size_t advance(const cp_engine *e, size_t stage, size_t role)
{
	while (stage < e->c.n_via && e->c.via[stage] == role)
		stage++;
	return stage;
}

size_t cp_engine_start(const cp_engine *e, size_t role)
{
	return role * e->stages + advance(e, 0, role);
}

size_t cp_engine_next(const cp_engine *e, size_t state, size_t role)
{
	return role * e->stages + advance(e, state % e->stages, role);
}

size_t cp_engine_final(const cp_engine *e, size_t role)
{
	return role * e->stages + e->c.n_via;
}

static double *res_of(const cp_engine *e, size_t label)
{
	return e->l_res + label * e->c.n_res;
}

/*
 * Does label a come before label b in settling order? Cost, steps, then
 * the transitions taken compared from the route's last back: the tie rule
 * of careerpath.h, whatever the resources. A backward search grows routes
 * at their start, so there the route's last step is the label chain's
 * first: the difference that counts is the one nearest the chains' common
 * label.
 */
static int before(const cp_engine *e, size_t a, size_t b)
{
	size_t x = a, y = b;
	int found = 0, first = 0,
	    order = cp_tie_order(e->l_cost[a], e->l_steps[a], e->l_cost[b],
				 e->l_steps[b]);
	if (order)
		return order < 0;
	while (x != y && x != CP_NONE && y != CP_NONE) {
		if (e->l_edge[x] != e->l_edge[y]) {
			found = 1;
			first = e->l_edge[x] + 1 < e->l_edge[y] + 1;
			if (!e->c.reverse)
				return first;
		}
		x = e->l_pred[x];
		y = e->l_pred[y];
	}
	return found ? first : a < b;
}

static void heap_push(cp_engine *e, size_t label)
{
	size_t at = e->n_heap++;
	while (at > 0) {
		size_t parent = (at - 1) / 2;
		if (!before(e, label, e->heap[parent]))
			break;
		e->heap[at] = e->heap[parent];
		at = parent;
	}
	e->heap[at] = label;
}

static size_t heap_pop(cp_engine *e)
{
	size_t top = e->heap[0], last = e->heap[--e->n_heap], at = 0;
	for (;;) {
		size_t child = 2 * at + 1;
		if (child >= e->n_heap)
			break;
		if (child + 1 < e->n_heap &&
		    before(e, e->heap[child + 1], e->heap[child]))
			child++;
		if (!before(e, e->heap[child], last))
			break;
		e->heap[at] = e->heap[child];
		at = child;
	}
	if (e->n_heap)
		e->heap[at] = last;
	return top;
}

/*
 * Is a settled label at state no worse than (cost, res)? Steps are no
 * objective, only the tie-break: labels settle in (cost, steps) order, so
 * of two labels equal in cost and resources the settled one has no more
 * steps, and a cycle never survives.
 */
static int dominated(cp_engine *e, size_t state, double cost, const double *res)
{
	size_t l, i;
	for (l = e->settled_head[state]; l != CP_NONE; l = e->l_next[l]) {
		e->compares++;
		if (e->l_cost[l] > cost)
			continue;
		for (i = 0; i < e->c.n_res; i++)
			if (res_of(e, l)[i] > res[i])
				break;
		if (i == e->c.n_res)
			return 1;
	}
	return 0;
}

static int grow_labels(cp_engine *e)
{
	size_t cap = e->cap_labels ? e->cap_labels * 2 : 1024, res_n;
	void *p;
	if (cp_size_mul(&res_n, cap, e->c.n_res ? e->c.n_res : 1))
		return CP_ENOMEM;
#define GROW(field, type)                                                      \
	if (!(p = cp_realloc_array(e->field, cap, sizeof(type))))              \
		return CP_ENOMEM;                                              \
	e->field = p
	GROW(l_cost, double);
	GROW(l_steps, size_t);
	GROW(l_state, size_t);
	GROW(l_pred, size_t);
	GROW(l_edge, size_t);
	GROW(l_next, size_t);
	GROW(heap, size_t);
#undef GROW
	if (res_n > e->cap_res) {
		if (!(p = cp_realloc_array(e->l_res, res_n, sizeof(double))))
			return CP_ENOMEM;
		e->l_res = p;
		e->cap_res = res_n;
	}
	e->cap_labels = cap;
	return 0;
}

static int new_label(cp_engine *e, size_t *out, size_t state, double cost,
		     size_t steps, size_t pred, size_t edge)
{
	size_t l;
	int status = cp_budget_charge(e->budget,
				      1 + e->compares / CP_COMPARES_PER_LABEL);
	e->compares %= CP_COMPARES_PER_LABEL;
	if (status)
		return status;
	if (e->n_labels == e->cap_labels && grow_labels(e))
		return CP_ENOMEM;
	l = e->n_labels++;
	e->l_cost[l] = cost;
	e->l_steps[l] = steps;
	e->l_state[l] = state;
	e->l_pred[l] = pred;
	e->l_edge[l] = edge;
	e->l_next[l] = CP_NONE;
	*out = l;
	return 0;
}

/* Back to no labels, or to those of the run kept. */
static void reset(cp_engine *e)
{
	size_t i, l;
	for (i = e->n_kept_touched; i < e->n_touched; i++)
		e->settled_head[e->touched[i]] = CP_NONE;
	/* a list runs from the newest, so the kept come last */
	for (i = 0; i < e->n_kept_touched; i++) {
		for (l = e->settled_head[e->touched[i]]; l >= e->n_kept;
		     l = e->l_next[l])
			;
		e->settled_head[e->touched[i]] = l;
	}
	e->n_touched = e->n_kept_touched;
	e->n_labels = e->n_kept;
	e->n_heap = 0;
	e->n_over = 0;
	e->over_cost = NULL;
}

void cp_engine_keep(cp_engine *e)
{
	e->n_kept = e->n_labels;
	e->n_kept_touched = e->n_touched;
}

size_t cp_engine_kept(const cp_engine *e)
{
	return e->n_kept;
}

void cp_engine_reattach(cp_engine *e, const cp_engine_config *c)
{
	e->c = *c;
}

/*
 * A label set aside, its total of over passing the largest double. With
 * resources, a route is lost unless a settled label already beats it;
 * without, only when nothing else settles its state, which the run sees
 * at its end (set_aside_lost). Everything the label would have led to is
 * led to by what beats it, at no greater cost.
 */
static void set_aside(cp_engine *e, size_t state, double cost,
		      const double *res, const cp_cost *over)
{
	if (e->c.n_res) {
		if (!dominated(e, state, cost, res))
			cp_budget_overflow(e->budget, over);
		return;
	}
	if (!e->over_cost)
		e->over_cost = over;
	if (e->n_over == e->cap_over &&
	    cp_grow((void **)&e->over, &e->cap_over, e->n_over + 1,
		    sizeof(size_t))) {
		/* no room to tell: say a route may be lost */
		cp_budget_overflow(e->budget, over);
		return;
	}
	e->over[e->n_over++] = state;
}

/* After a run that settled all it could: was a state only ever reached
 * by a total that overflowed? */
static void set_aside_lost(cp_engine *e)
{
	size_t i;
	for (i = 0; i < e->n_over; i++)
		if (e->settled_head[e->over[i]] == CP_NONE) {
			cp_budget_overflow(e->budget, e->over_cost);
			return;
		}
}

/* Extends label l along edge into role next; pushes the new label if it may
 * still matter. */
static int extend(cp_engine *e, size_t l, size_t edge, size_t next)
{
	double cost, step, res[CP_COLUMNS_MAX + 1], credit = 0;
	const cp_cost *over = NULL;
	size_t stage, state, i, label;
	int status;
	if (e->c.role_blocked && e->c.role_blocked[next])
		return 0;
	if (e->spur_arc_blocked && e->l_state[l] == e->spur_state &&
	    e->spur_arc_blocked[edge])
		return 0;
	/* at the spur's via stage only: past a via role the shortcut
	 * would skip it */
	if (e->tr_blocked &&
	    e->l_state[l] % e->stages == e->spur_state % e->stages) {
		unsigned char b = e->tr_blocked[cp_arc_tr(e->c.g, edge)];
		if (b == CP_TR_BLOCKED || (b == CP_TR_BLOCKED_PAST_SPUR &&
					   e->l_state[l] != e->spur_state))
			return 0;
	}

	if (cp_step_rules_set(&e->c.rules) &&
	    !cp_step_allowed(e->c.g, &e->c.rules, edge))
		return 0;
	if (e->l_steps[l] == 0 && e->l_state[l] / e->stages == e->c.credit_role)
		credit = e->c.credit;
	/* a blank metric counts its lower bound (cp_step_cost); a sum past
	 * the largest double cannot be ranked, and is set aside below */
	step = cp_step_cost(e->c.g, e->c.cost, edge, credit);
	cost = e->l_cost[l] + step;
	if (!isfinite(cost))
		over = e->c.cost;
	/* no way on from next ends within the bound */
	if (e->lower && !(cost + e->lower[next] <= e->bound))
		return 0;
	for (i = 0; i < e->c.n_res; i++) {
		double v = cp_engine_res_step(&e->c, i, edge, credit, step);
		res[i] = res_of(e, l)[i] + v;
		/* past a finite cap is past the cap, overflowing or not */
		if (res[i] >
		    e->c.res_cap[i] + CAP_SLACK * fabs(e->c.res_cap[i]))
			return 0;
		if (!isfinite(res[i]) && !over)
			over = i + e->c.n_share < e->c.n_res ? e->c.res_cost[i]
							     : e->c.cost;
	}
	stage = e->l_state[l] % e->stages;
	if (!e->c.reverse)
		stage = advance(e, stage, next);
	state = next * e->stages + stage;
	if (e->state_blocked && e->state_blocked[state])
		return 0;
	/* a label that cannot reach the target loses no route the search
	 * is for */
	if (over) {
		if (!e->lower || !isinf(e->lower[next]))
			set_aside(e, state, cost, res, over);
		return 0;
	}
	if (dominated(e, state, cost, res))
		return 0;
	if ((status = new_label(e, &label, state, cost, e->l_steps[l] + 1, l,
				edge)))
		return status;
	memcpy(res_of(e, label), res, e->c.n_res * sizeof(double));
	heap_push(e, label);
	return 0;
}

static int expand(cp_engine *e, size_t l)
{
	const cp_graph *g = e->c.g;
	size_t role = e->l_state[l] / e->stages, i;
	const cp_idx *start = e->c.reverse ? g->in_start : g->out_start;
	const cp_idx *edges = e->c.reverse ? g->in_edges : g->out_edges;
	int status;
	for (i = start[role]; i < start[role + 1]; i++) {
		size_t edge = edges[i];
		size_t next = e->c.reverse ? cp_arc_from(g, edge)
					   : cp_arc_to(g, edge);
		if ((status = extend(e, l, edge, next)))
			return status;
	}
	return 0;
}

/* Pushes a label that starts a route, at state with the given totals. */
static int push_start(cp_engine *e, size_t state, double cost, size_t steps,
		      const double *res)
{
	size_t label;
	int status;
	if ((status = new_label(e, &label, state, cost, steps, CP_NONE,
				CP_NONE)))
		return status;
	if (res)
		memcpy(res_of(e, label), res, e->c.n_res * sizeof(double));
	else if (e->c.n_res)
		memset(res_of(e, label), 0, e->c.n_res * sizeof(double));
	heap_push(e, label);
	return 0;
}

/* Settles the labels pushed, and all they lead to, in settling order. */
static int settle(cp_engine *e, size_t target_role, int stop_at_target,
		  size_t *found)
{
	size_t target_state = CP_NONE;
	int status;
	if (target_role != CP_NO_ROLE)
		target_state = target_role * e->stages + e->c.n_via;
	while (e->n_heap) {
		size_t l = heap_pop(e), state = e->l_state[l];
		if (dominated(e, state, e->l_cost[l], res_of(e, l)))
			continue;
		if (e->settled_head[state] == CP_NONE)
			e->touched[e->n_touched++] = state;
		e->l_next[l] = e->settled_head[state];
		e->settled_head[state] = l;
		if (state == target_state) {
			if (*found == CP_NONE)
				*found = l;
			if (stop_at_target)
				return 0;
			continue;
		}
		if ((status = expand(e, l)))
			return status;
	}
	set_aside_lost(e);
	return 0;
}

int cp_engine_run(cp_engine *e, size_t start_state, double start_cost,
		  size_t start_steps, const double *start_res,
		  size_t target_role, int stop_at_target, size_t *found,
		  cp_error *err)
{
	int status;
	reset(e);
	*found = CP_NONE;
	if ((status = push_start(e, start_state, start_cost, start_steps,
				 start_res)) ||
	    (status = settle(e, target_role, stop_at_target, found)))
		return cp_budget_fail(e->budget, status, err);
	return 0;
}

int cp_engine_run_held(cp_engine *e, const cp_query *q, size_t target_role,
		       int stop_at_target, size_t *found, cp_error *err)
{
	size_t i, role;
	int status = 0;
	reset(e);
	*found = CP_NONE;
	for (i = 0; i < cp_held_count(q) && !status; i++)
		if ((role = cp_held_at(q, i)) != CP_NO_ROLE)
			status = push_start(e, cp_engine_start(e, role), 0, 0,
					    NULL);
	if (status || (status = settle(e, target_role, stop_at_target, found)))
		return cp_budget_fail(e->budget, status, err);
	return 0;
}

size_t cp_engine_origin(const cp_engine *e, size_t label)
{
	while (e->l_pred[label] != CP_NONE)
		label = e->l_pred[label];
	return e->l_state[label] / e->stages;
}

int cp_engine_path(const cp_engine *e, size_t label, size_t **edges, size_t *n)
{
	size_t count = 0, l, at;
	for (l = label; e->l_edge[l] != CP_NONE; l = e->l_pred[l])
		count++;
	*edges = cp_alloc_array(count, sizeof(size_t));
	if (!*edges)
		return CP_ENOMEM;
	*n = count;
	/* backward searches already walk the route forward from the label */
	at = e->c.reverse ? 0 : count;
	for (l = label; e->l_edge[l] != CP_NONE; l = e->l_pred[l]) {
		if (e->c.reverse)
			(*edges)[at++] = e->l_edge[l];
		else
			(*edges)[--at] = e->l_edge[l];
	}
	return 0;
}

int cp_engine_route(cp_route *route, const cp_engine *e, size_t label,
		    const cp_cost *cost, size_t start, double credit)
{
	size_t *edges, n;
	int status;
	if (cp_engine_path(e, label, &edges, &n))
		return CP_ENOMEM;
	status = cp_route_fill(route, e->c.g, cost, start, edges, n, credit);
	free(edges);
	return status;
}

int cp_engine_route_held(cp_route *route, const cp_engine *e, size_t label,
			 const cp_cost *cost, const cp_query *q)
{
	size_t start = cp_engine_origin(e, label);
	return cp_engine_route(route, e, label, cost, start,
			       cp_held_credit(q, start));
}

int cp_engine_config_query(cp_engine_config *c, const cp_graph *g,
			   const cp_query *q, const unsigned char *blocked,
			   cp_error *err)
{
	size_t i;
	c->g = g;
	c->cost = q->cost;
	c->n_res = 0;
	c->via = q->via;
	c->n_via = q->n_via;
	c->reverse = 0;
	c->credit_role = q->experience > 0 ? q->from : CP_NO_ROLE;
	c->credit = q->experience;
	c->rules = cp_step_rules_of(q);
	c->role_blocked = blocked;
	c->n_share = 0;
	c->share = NULL;
	if (q->n_caps > CP_COLUMNS_MAX)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0, "too many caps");
	for (i = 0; i < q->n_caps; i++) {
		c->res_cost[c->n_res] = q->caps[i].cost;
		c->res_cap[c->n_res++] = q->caps[i].max;
	}
	return 0;
}

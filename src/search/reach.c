/*
 * Everything reachable from a role, or everything that reaches one (its
 * feeder roles), each with its cheapest route within the caps: one run of
 * the label-setting engine that settles every state, forward or backward.
 *
 * The answer is the search's tree of labels, cut down to the labels on
 * the routes listed (cp_route_tree): a route is rebuilt from it when it
 * is written, so that an answer takes O(roles) memory however long its
 * routes are; CP_REACH_ROUTES expands every route from the tree at once.
 */
#include "search_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * The routes of a reach answer as a tree. A root is the start (the
 * target, for feeders), or a role held as well (cp_query.also), where
 * routes may start too: pred CP_NONE, arc CP_NONE. Every other node is a
 * step: arc taken from (backward: towards) its pred's role into its own.
 * A pred comes before its node, so one pass in node order sees every
 * route's prefix first. role is set at the roots and at the rows' nodes
 * (is_row), CP_NONE elsewhere: under caps a route may reach a role by a
 * costlier way than that role's own route, and such a node is no row.
 */
struct cp_route_tree {
	int reverse;	    /* feeders: routes run from a node to the root */
	double credit;	    /* experience, on a first step out of */
	size_t credit_role; /* this root (CP_NO_ROLE: none) */
	size_t n_nodes;	    /* at most the labels the search made */
	size_t *pred;
	size_t *arc;
	size_t *role;
	unsigned char *is_row;
	/* each route's cost, steps, totals (one per metric, by its rule)
	 * and steps with a blank ([0] in the cost, [1 + m] in metric m), summed
	 * in node order: for parents, and to find a total that overflows */
	double *cost;
	size_t *steps;
	size_t *origin; /* the root a node's route starts from */
	double *totals;
	size_t *blanks;
};

typedef struct reached {
	double cost;
	size_t steps;
	size_t role;
	size_t label;
} reached;

static int by_cost(const void *a, const void *b)
{
	const reached *x = a, *y = b;
	int order = cp_tie_order(x->cost, x->steps, y->cost, y->steps);
	if (order)
		return order;
	return x->role < y->role ? -1 : x->role > y->role;
}

int cp_reach_check(const cp_graph *graph, const cp_query *q, cp_error *err)
{
	int to_target = q->kind == CP_QUERY_FEEDERS;
	size_t start = to_target ? q->to : q->from, i;
	cp_query checked = *q;
	if (q->n_via || q->k > 1)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "reach takes neither via roles nor k routes");
	if (to_target && q->experience > 0)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "experience already worked counts on routes "
			       "from a starting role, not on routes to one");
	if (to_target && q->n_also)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "roles held count on routes from a starting "
			       "role, not on routes to one");
	for (i = 0; i < q->n_avoid; i++)
		if (q->avoid[i] == start && start < graph->roles.rows)
			return cp_fail(err, CP_EINVALID, NULL, 0, 0,
				       "cannot avoid '%s': the routes %s there",
				       cp_role_title(graph, start),
				       to_target ? "end" : "start");
	checked.from = checked.to = start;
	return cp_query_check(graph, &checked, err);
}

void cp_route_tree_free(cp_route_tree *tree)
{
	if (!tree)
		return;
	free(tree->pred);
	free(tree->arc);
	free(tree->role);
	free(tree->is_row);
	free(tree->cost);
	free(tree->steps);
	free(tree->origin);
	free(tree->totals);
	free(tree->blanks);
	free(tree);
}

/*
 * The tree of the labels on the routes to list[0..n), each label's node
 * in node_of (sized for every label); rows get their nodes in routes->rows.
 * Nodes are numbered in label order, in which a pred always comes first.
 */
static int make_tree(cp_routes *routes, const cp_engine *e, const reached *list,
		     size_t n, size_t *node_of)
{
	cp_route_tree *t = calloc(1, sizeof(*t));
	size_t n_labels = cp_engine_labels(e), l, i, count = 0;
	if (!t)
		return CP_ENOMEM;
	routes->tree = t;
	for (l = 0; l < n_labels; l++)
		node_of[l] = CP_NONE;
	for (i = 0; i < n; i++)
		for (l = list[i].label; l != CP_NONE && node_of[l] == CP_NONE;
		     l = cp_engine_pred(e, l))
			node_of[l] = 0;
	for (l = 0; l < n_labels; l++)
		if (node_of[l] != CP_NONE)
			node_of[l] = count++;
	t->n_nodes = count;
	t->pred = cp_alloc_array(count, sizeof(size_t));
	t->arc = cp_alloc_array(count, sizeof(size_t));
	t->role = cp_alloc_array(count, sizeof(size_t));
	t->is_row = calloc(count ? count : 1, 1);
	routes->rows = cp_alloc_array(n, sizeof(size_t));
	if (!t->pred || !t->arc || !t->role || !t->is_row || !routes->rows)
		return CP_ENOMEM;
	for (l = 0; l < n_labels; l++) {
		size_t node = node_of[l], pred = cp_engine_pred(e, l);
		if (node == CP_NONE)
			continue;
		t->pred[node] = pred == CP_NONE ? CP_NONE : node_of[pred];
		t->arc[node] = cp_engine_edge(e, l);
		t->role[node] =
			pred == CP_NONE ? cp_engine_origin(e, l) : CP_NONE;
	}
	for (i = 0; i < n; i++) {
		size_t node = node_of[list[i].label];
		routes->rows[i] = node;
		t->role[node] = list[i].role;
		t->is_row[node] = 1;
	}
	return 0;
}

/* Each node's cost, steps, totals and blanks. */
static int sum_nodes(cp_route_tree *t, const cp_graph *g, const cp_cost *cost)
{
	size_t n_metrics = cp_graph_metric_count(g), stride = n_metrics + 1;
	size_t node, m, n_totals, n_blanks;
	double *values =
		cp_alloc_array(n_metrics ? n_metrics : 1, sizeof(double));
	if (cp_size_mul(&n_totals, t->n_nodes, n_metrics ? n_metrics : 1) ||
	    cp_size_mul(&n_blanks, t->n_nodes, stride) || !values) {
		free(values);
		return CP_ENOMEM;
	}
	t->cost = cp_alloc_array(t->n_nodes, sizeof(double));
	t->steps = cp_alloc_array(t->n_nodes, sizeof(size_t));
	t->origin = cp_alloc_array(t->n_nodes, sizeof(size_t));
	t->totals = cp_alloc_array(n_totals, sizeof(double));
	t->blanks = cp_alloc_array(n_blanks, sizeof(size_t));
	if (!t->cost || !t->steps || !t->origin || !t->totals || !t->blanks) {
		free(values);
		return CP_ENOMEM;
	}
	for (node = 0; node < t->n_nodes; node++) {
		size_t pred = t->pred[node];
		double credit;
		if (pred == CP_NONE) {
			t->cost[node] = 0;
			t->steps[node] = 0;
			t->origin[node] = t->role[node];
			for (m = 0; m < n_metrics; m++)
				t->totals[node * n_metrics + m] = 0;
			for (m = 0; m < stride; m++)
				t->blanks[node * stride + m] = 0;
			continue;
		}
		/* as cp_route_fill counts a step: the credit on a first step
		 * out of the start, a blank as its lower bound */
		credit = !t->reverse && t->pred[pred] == CP_NONE &&
					 t->role[pred] == t->credit_role
				 ? t->credit
				 : 0;
		for (m = 0; m < n_metrics; m++)
			values[m] = cp_step_value(g, m, t->arc[node], credit);
		t->cost[node] = t->cost[pred] +
				cp_step_cost(g, cost, t->arc[node], credit);
		t->steps[node] = t->steps[pred] + 1;
		t->origin[node] = t->origin[pred];
		t->blanks[node * stride] =
			t->blanks[pred * stride] +
			(isnan(cp_cost_of_values(cost, values)) != 0);
		for (m = 0; m < n_metrics; m++) {
			cp_combine rule = cp_metric_combine(g, m);
			double before = t->totals[pred * n_metrics + m],
			       value = cp_step_lower(g, m, t->arc[node],
						     credit);
			/* each total by its rule (metrics.csv); a backward
			 * tree adds steps before the route's last, which
			 * stays the last */
			t->totals[node * n_metrics + m] =
				t->reverse && rule == CP_COMBINE_LAST &&
						t->steps[pred]
					? before
					: cp_combine_step(rule, before, value,
							  t->steps[pred]);
			t->blanks[node * stride + 1 + m] =
				t->blanks[pred * stride + 1 + m] +
				(isnan(values[m]) != 0);
		}
	}
	free(values);
	return 0;
}

/*
 * What the answer costs the budget: each route's steps, as each is
 * written whole, or for parents one per role and the steps of a route
 * that is not its parent's and one more.
 */
static int charge_rows(cp_workspace *ws, const cp_routes *routes,
		       const reached *list, cp_reach_form form, cp_error *err)
{
	const cp_route_tree *t = routes->tree;
	size_t i;
	int status;
	for (i = 0; i < routes->count; i++) {
		size_t node = routes->rows[i], pred = t->pred[node];
		int whole = form != CP_REACH_PARENTS ||
			    (t->pred[pred] != CP_NONE && !t->is_row[pred]);
		if ((status = cp_budget_charge(
			     &ws->budget, 1 + (whole ? list[i].steps : 0))))
			return cp_budget_fail(&ws->budget, status, err);
	}
	return 0;
}

/* Every route of a tree answer built whole into items: CP_REACH_ROUTES. */
static int expand(cp_routes *routes, const cp_graph *g)
{
	size_t i;
	routes->items = calloc(routes->count ? routes->count : 1,
			       sizeof(*routes->items));
	if (!routes->items)
		return CP_ENOMEM;
	for (i = 0; i < routes->count; i++) {
		const cp_route *built;
		if (cp_routes_route(&built, &routes->items[i], g, routes, i))
			return CP_ENOMEM;
	}
	cp_route_tree_free(routes->tree);
	routes->tree = NULL;
	free(routes->rows);
	routes->rows = NULL;
	return 0;
}

/*
 * The answer from e's run: each role's first label (with from_label or
 * more: one the run made itself, not one kept), other than the start and
 * the roles held.
 */
static int collect(cp_routes *routes, cp_workspace *ws, const cp_query *q,
		   const cp_engine *e, size_t from_label, cp_error *err)
{
	const cp_graph *graph = ws->g;
	int to_target = q->kind == CP_QUERY_FEEDERS;
	reached *list = NULL;
	size_t *node_of = NULL;
	size_t start = to_target ? q->to : q->from, role, n = 0;
	int status = 0;

	if (!(list = cp_alloc_array(graph->roles.rows, sizeof(*list))))
		return cp_fail_oom(err);
	for (role = 0; role < graph->roles.rows; role++) {
		size_t l = cp_engine_first(e, role);
		/* a role held is not reached */
		if (role == start || l == CP_NONE || l < from_label ||
		    (!to_target && cp_role_held(q, role)))
			continue;
		list[n].cost = cp_engine_cost(e, l);
		list[n].steps = cp_engine_steps(e, l);
		list[n].role = role;
		list[n].label = l;
		n++;
	}
	qsort(list, n, sizeof(*list), by_cost);
	node_of = cp_alloc_array(cp_engine_labels(e), sizeof(size_t));
	if (!node_of || make_tree(routes, e, list, n, node_of)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	routes->tree->reverse = to_target;
	routes->tree->credit = to_target ? 0 : q->experience;
	routes->tree->credit_role = to_target ? CP_NO_ROLE : q->from;
	routes->count = n;
	routes->parents = q->reach_form == CP_REACH_PARENTS;
	if ((status = charge_rows(ws, routes, list, q->reach_form, err)))
		goto cleanup;
	if (sum_nodes(routes->tree, graph, routes->cost) ||
	    (q->reach_form == CP_REACH_ROUTES && expand(routes, graph)))
		status = cp_fail_oom(err);
cleanup:
	free(node_of);
	free(list);
	return status;
}

/* The engine of ws configured for q, whose avoid mask *avoid holds. */
static int configure(cp_engine_config *c, unsigned char **avoid,
		     cp_workspace *ws, const cp_query *q, cp_error *err)
{
	int status;
	if (cp_avoid_mask(avoid, ws->g, q))
		return cp_fail_oom(err);
	if ((status = cp_engine_config_query(c, ws->g, q, *avoid, err)))
		return status;
	c->reverse = q->kind == CP_QUERY_FEEDERS;
	return 0;
}

/* cp_reach_solve, keeping the engine's labels when keep is set. */
static int solve(cp_routes *routes, cp_workspace *ws, const cp_query *q,
		 int keep, cp_error *err)
{
	int to_target = q->kind == CP_QUERY_FEEDERS;
	cp_engine_config c;
	cp_engine *e;
	unsigned char *avoid = NULL;
	size_t found;
	int status;

	if ((status = configure(&c, &avoid, ws, q, err)) ||
	    (status = cp_workspace_engine(&e, ws, &c, err)) ||
	    (status = to_target ? cp_engine_run(e, cp_engine_state(e, q->to, 0),
						0, 0, NULL, CP_NO_ROLE, 0,
						&found, err)
				: cp_engine_run_held(e, q, CP_NO_ROLE, 0,
						     &found, err)))
		goto cleanup;
	if (keep)
		cp_engine_keep(e);
	status = collect(routes, ws, q, e, 0, err);
cleanup:
	free(avoid);
	return status;
}

int cp_reach_solve(cp_routes *routes, cp_workspace *ws, const cp_query *q,
		   cp_error *err)
{
	return solve(routes, ws, q, 0, err);
}

int cp_reach_solve_base(cp_routes *routes, cp_workspace *ws, const cp_query *q,
			cp_error *err)
{
	return solve(routes, ws, q, 1, err);
}

int cp_reach_solve_more(cp_routes *routes, cp_workspace *ws, const cp_query *q,
			cp_error *err)
{
	cp_engine_config c;
	cp_engine *e = ws->engine;
	unsigned char *avoid = NULL;
	size_t found, role = q->also[q->n_also - 1];
	int status;

	if ((status = configure(&c, &avoid, ws, q, err)))
		goto cleanup;
	cp_engine_reattach(e, &c);
	if ((status = cp_engine_run(e, cp_engine_start(e, role), 0, 0, NULL,
				    CP_NO_ROLE, 0, &found, err)))
		goto cleanup;
	status = collect(routes, ws, q, e, cp_engine_kept(e), err);
cleanup:
	free(avoid);
	return status;
}

int cp_routes_route(const cp_route **out, cp_route *scratch,
		    const cp_graph *graph, const cp_routes *routes, size_t i)
{
	const cp_route_tree *t = routes->tree;
	size_t *edges = NULL, node, root, n = 0, at;
	int status;
	if (!t) {
		*out = &routes->items[i];
		return 0;
	}
	*out = NULL;
	for (root = routes->rows[i]; t->pred[root] != CP_NONE;
	     root = t->pred[root])
		n++;
	if (!(edges = cp_alloc_array(n ? n : 1, sizeof(size_t))))
		return CP_ENOMEM;
	/* a backward tree already walks the route forward from its node */
	at = t->reverse ? 0 : n;
	for (node = routes->rows[i]; t->pred[node] != CP_NONE;
	     node = t->pred[node])
		edges[t->reverse ? at++ : --at] = t->arc[node];
	cp_route_clear(scratch);
	status = cp_route_fill(
		scratch, graph, routes->cost,
		t->reverse ? t->role[routes->rows[i]] : t->role[root], edges, n,
		t->role[root] == t->credit_role ? t->credit : 0);
	free(edges);
	if (status) {
		cp_route_clear(scratch);
		return status;
	}
	*out = scratch;
	return 0;
}

void cp_routes_row(cp_reach_row *out, const cp_graph *graph,
		   const cp_routes *routes, size_t i)
{
	const cp_route_tree *t = routes->tree;
	size_t node = routes->rows[i], pred = t->pred[node],
	       n_metrics = cp_graph_metric_count(graph);
	out->role = t->role[node];
	/* the role next to it on its route: towards the start, or (feeders)
	 * towards the target, where the step into it leads */
	out->parent = t->reverse ? cp_arc_to(graph, t->arc[node])
		      : t->pred[pred] == CP_NONE
			      ? t->role[pred]
			      : cp_arc_to(graph, t->arc[pred]);
	out->chained = t->pred[pred] == CP_NONE || t->is_row[pred];
	out->cost = t->cost[node];
	out->n_steps = t->steps[node];
	out->totals = t->totals + node * n_metrics;
	out->blanks = t->blanks + node * (n_metrics + 1);
	out->start = t->reverse ? t->role[node] : t->origin[node];
}

const double *cp_reach_totals(const cp_routes *routes, const cp_graph *g,
			      size_t i)
{
	return routes->tree->totals +
	       routes->rows[i] * cp_graph_metric_count(g);
}

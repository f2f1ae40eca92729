/*
 * Pareto fronts: multi-objective label setting. The first objective is the
 * engine's cost and the others its resources, so the labels that settle at
 * the target are those no other label beats; a last pass drops the ones
 * beaten on the listed objectives alone (the engine also kept labels apart
 * by caps and steps).
 */
#include "search_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct point {
	size_t label;
	size_t steps;
	size_t settled;	      /* how many labels at the target settled before */
	const double *values; /* one per objective */
} point;

static int beats(const double *a, const double *b, size_t n)
{
	size_t i;
	int better = 0;
	for (i = 0; i < n; i++) {
		if (a[i] > b[i])
			return 0;
		if (a[i] < b[i])
			better = 1;
	}
	return better;
}

static int compare_points(const point *a, const point *b, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (a->values[i] != b->values[i])
			return a->values[i] < b->values[i] ? -1 : 1;
	/* labels settle in the order of the tie rule; their numbers are only
	 * the order the search came on them */
	if (a->steps != b->steps)
		return a->steps < b->steps ? -1 : 1;
	return a->settled < b->settled ? -1 : a->settled > b->settled;
}

/* Insertion sort: fronts are small, and qsort would need global state. */
static void sort_points(point *p, size_t count, size_t n)
{
	size_t i, j;
	for (i = 1; i < count; i++) {
		point v = p[i];
		for (j = i; j > 0 && compare_points(&v, &p[j - 1], n) < 0; j--)
			p[j] = p[j - 1];
		p[j] = v;
	}
}

int cp_pareto_check(const cp_graph *graph, const cp_query *q, cp_error *err)
{
	size_t i;
	if (!q->n_objectives || q->n_objectives > CP_COLUMNS_MAX ||
	    !q->objectives)
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "a Pareto front needs at least one cost");
	for (i = 0; i < q->n_objectives; i++) {
		int status;
		if (!q->objectives[i])
			return cp_fail(err, CP_EINVALID, NULL, 0, 0,
				       "Pareto front over no cost");
		if ((status = cp_cost_check_sum(q->objectives[i], graph,
						"weigh routes by", err)))
			return status;
	}
	return cp_query_check(graph, q, err);
}

int cp_pareto_solve(cp_routes *routes, cp_workspace *ws, const cp_query *q,
		    cp_error *err)
{
	const cp_graph *graph = ws->g;
	const cp_cost *const *objectives = q->objectives;
	size_t n_objectives = q->n_objectives;
	cp_engine_config c;
	cp_engine *e;
	cp_query plain = *q;
	const cp_cost *first = objectives[0];
	unsigned char *avoid = NULL;
	point *points = NULL;
	double *values = NULL;
	size_t count = 0, kept = 0, l, i, j, found;
	size_t n_values;
	cp_cap *all_caps = NULL;
	int status;

	/*
	 * The other objectives become caps of infinity after the query's own:
	 * resources for dominance, and transitions blank in them stay out.
	 */
	all_caps = cp_alloc_array(q->n_caps + n_objectives, sizeof(cp_cap));
	if (!all_caps || cp_avoid_mask(&avoid, graph, q)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	if (q->n_caps)
		memcpy(all_caps, q->caps, q->n_caps * sizeof(cp_cap));
	for (i = 1; i < n_objectives; i++) {
		all_caps[q->n_caps + i - 1].cost = objectives[i];
		all_caps[q->n_caps + i - 1].max = INFINITY;
	}
	plain.cost = first;
	plain.caps = all_caps;
	plain.n_caps = q->n_caps + n_objectives - 1;
	if ((status = cp_engine_config_query(&c, graph, &plain, avoid, err)))
		goto cleanup;
	if ((status = cp_workspace_engine(&e, ws, &c, err)) ||
	    (status = cp_engine_run_held(e, q, q->to, 0, &found, err)))
		goto cleanup;
	for (l = cp_engine_settled(e, cp_engine_final(e, q->to)); l != CP_NONE;
	     l = cp_engine_settled_next(e, l))
		count++;
	points = cp_alloc_array(count, sizeof(*points));
	if (!cp_size_mul(&n_values, count, n_objectives))
		values = cp_alloc_array(n_values, sizeof(double));
	if (!points || !values) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	for (l = cp_engine_settled(e, cp_engine_final(e, q->to)); l != CP_NONE;
	     l = cp_engine_settled_next(e, l), kept++) {
		double *v = values + kept * n_objectives;
		v[0] = cp_engine_cost(e, l);
		for (i = 1; i < n_objectives; i++)
			v[i] = cp_engine_res(e, l, q->n_caps + i - 1);
		points[kept].label = l;
		points[kept].steps = cp_engine_steps(e, l);
		/* the list runs from the newest */
		points[kept].settled = count - 1 - kept;
		points[kept].values = v;
	}
	/* the sort and the pass below compare up to count^2 / 2 pairs */
	if ((status = cp_budget_charge(&ws->budget,
				       1 + count / CP_COMPARES_PER_LABEL *
						       (count / 2 + 1)))) {
		status = cp_budget_fail(&ws->budget, status, err);
		goto cleanup;
	}
	sort_points(points, count, n_objectives);
	/* keep a point unless an earlier one beats or equals it */
	for (i = 0, kept = 0; i < count; i++) {
		for (j = 0; j < kept; j++)
			if (beats(points[j].values, points[i].values,
				  n_objectives) ||
			    !memcmp(points[j].values, points[i].values,
				    n_objectives * sizeof(double)))
				break;
		if (j == kept)
			points[kept++] = points[i];
	}
	routes->items = calloc(kept ? kept : 1, sizeof(*routes->items));
	if (!routes->items) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	for (i = 0; i < kept; i++) {
		if ((status = cp_budget_charge(&ws->budget,
					       1 + points[i].steps))) {
			status = cp_budget_fail(&ws->budget, status, err);
			goto cleanup;
		}
		routes->count++;
		if (cp_engine_route_held(&routes->items[i], e, points[i].label,
					 first, q)) {
			status = cp_fail_oom(err);
			goto cleanup;
		}
	}
	if (!kept && q->explain &&
	    cp_explain_in(&routes->why, ws, &plain, err) == CP_ENOMEM) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	/* the caps of infinity come last and are not the caller's */
	if (routes->why)
		cp_why_keep_caps(routes->why, q->n_caps);
	if (!kept)
		status = cp_fail(err, CP_ENOROUTE, NULL, 0, 0,
				 "no route from '%s' to '%s'",
				 cp_role_title(graph, q->from),
				 cp_role_title(graph, q->to));
cleanup:
	free(all_caps);
	free(points);
	free(values);
	free(avoid);
	return status;
}

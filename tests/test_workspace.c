/*
 * Workspaces: many queries in a row through one workspace, of every kind
 * and interleaved, give the answers the same queries give each in a fresh
 * one; and the routes of the plain and k-route kinds are the enumeration's.
 */
#include "oracle.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The same answer: status, routes step by step, totals, skipped, why. */
static void assert_same(int status_a, const cp_routes *a, int status_b,
			const cp_routes *b, size_t n_metrics)
{
	size_t i, j;
	assert_int_equal(status_a, status_b);
	assert_true((a == NULL) == (b == NULL));
	if (!a)
		return;
	assert_int_equal(a->kind, b->kind);
	assert_string_equal(a->by, b->by);
	assert_int_equal(a->count, b->count);
	assert_int_equal(a->skipped, b->skipped);
	assert_true((a->why == NULL) == (b->why == NULL));
	if (a->why) {
		assert_int_equal(a->why->kind, b->why->kind);
		assert_int_equal(a->why->n_nearest, b->why->n_nearest);
		assert_int_equal(a->why->n_needed, b->why->n_needed);
		for (i = 0; i < a->why->n_needed; i++)
			assert_memory_equal(&a->why->needed[i],
					    &b->why->needed[i], sizeof(double));
	}
	for (i = 0; i < a->count; i++) {
		const cp_route *x = &a->items[i], *y = &b->items[i];
		assert_true(x->cost == y->cost);
		assert_int_equal(x->n_steps, y->n_steps);
		/* a row's target out of reach has no route at all */
		assert_true((x->roles == NULL) == (y->roles == NULL));
		if (!x->roles)
			continue;
		assert_memory_equal(x->roles, y->roles,
				    (x->n_steps + 1) * sizeof(size_t));
		for (j = 0; j < x->n_steps; j++)
			assert_int_equal(x->transitions[j], y->transitions[j]);
		for (j = 0; j < n_metrics; j++)
			assert_memory_equal(&x->totals[j], &y->totals[j],
					    sizeof(double));
	}
}

enum {
	KIND_ROUTE,
	KIND_K,
	KIND_REACH,
	KIND_FEEDERS,
	KIND_PARETO,
	KIND_ROW,
	KINDS
};

/* Whether q keeps out of role. */
static int avoids(const cp_query *q, size_t role)
{
	size_t i;
	for (i = 0; i < q->n_avoid; i++)
		if (q->avoid[i] == role)
			return 1;
	return 0;
}

/* Asks q of the given kind, in ws (NULL: a fresh one). */
static int ask(cp_routes **out, const cp_graph *g, const or_graph *r,
	       cp_query q, int kind, cp_workspace *ws)
{
	const cp_cost *objectives[2];
	size_t targets[OR_N_MAX + 1], n_targets = 0, role;
	cp_error err;
	q.workspace = ws;
	switch (kind) {
	case KIND_ROW:
		/* every role it may enter, last first, and the start again */
		for (role = r->n; role-- > 0;)
			if (!avoids(&q, role))
				targets[n_targets++] = role;
		targets[n_targets++] = q.from;
		q.kind = CP_QUERY_ROW;
		q.n_via = 0;
		q.k = 1;
		q.explain = 0;
		q.targets = targets;
		q.n_targets = n_targets;
		return cp_search(out, g, &q, &err);
	case KIND_REACH:
		q.n_via = 0;
		q.k = 1;
		q.kind = CP_QUERY_REACH;
		return cp_search(out, g, &q, &err);
	case KIND_FEEDERS:
		q.n_via = 0;
		q.k = 1;
		q.experience = 0;
		q.kind = CP_QUERY_FEEDERS;
		return cp_search(out, g, &q, &err);
	case KIND_PARETO:
		objectives[0] = r->costs[1];
		objectives[1] = r->costs[6];
		q.kind = CP_QUERY_PARETO;
		q.objectives = objectives;
		q.n_objectives = 2;
		return cp_search(out, g, &q, &err);
	default: return cp_search(out, g, &q, &err);
	}
}

static void test_interleaved_queries_match_fresh_ones(void **state)
{
	static or_path all[OR_PATHS_MAX];
	uint64_t rng = 4242;
	size_t round, compared = 0, kinds[KINDS] = {0};
	(void)state;
	for (round = 0; round < 150; round++) {
		or_graph r;
		cp_graph *g = or_random(&r, &rng);
		cp_workspace *ws = NULL;
		cp_error err;
		size_t i;
		assert_int_equal(cp_workspace_new(&ws, g, &err), 0);
		for (i = 0; i < 25; i++) {
			or_query oq;
			cp_query q;
			cp_cap caps[2];
			size_t avoid[OR_N_MAX], n;
			cp_routes *kept = NULL, *fresh = NULL;
			int kind = (int)or_rand(&rng, KINDS), s_kept, s_fresh;
			or_query_init(&oq, or_rand(&rng, r.n),
				      or_rand(&rng, r.n),
				      (int)or_rand(&rng, OR_N_COSTS));
			if (or_rand(&rng, 4) == 0)
				or_random_cap(&oq, &rng);
			if (or_rand(&rng, 5) == 0) {
				oq.via[0] = or_rand(&rng, r.n);
				oq.n_via = 1;
			}
			if (or_rand(&rng, 4) == 0) {
				size_t a = or_rand(&rng, r.n);
				oq.avoid[a] = a != oq.from && a != oq.to &&
					      (!oq.n_via || a != oq.via[0]);
			}
			or_random_rules(&oq, &r, &rng);
			or_to_query(&q, &r, &oq, caps, avoid);
			q.explain = (int)or_rand(&rng, 2);
			if (kind == KIND_K) {
				q.k = 2 + or_rand(&rng, 5);
				/* detours left out too, against a fresh
				 * search; the raw routes against enumeration */
				q.detours = (int)or_rand(&rng, 2);
			}
			if (kind == KIND_REACH || kind == KIND_FEEDERS ||
			    kind == KIND_ROW) {
				/* reach and rows take no via; keep the others
				 */
				oq.n_via = 0;
				q.n_via = 0;
			}
			s_kept = ask(&kept, g, &r, q, kind, ws);
			s_fresh = ask(&fresh, g, &r, q, kind, NULL);
			assert_same(s_kept, kept, s_fresh, fresh,
				    cp_graph_metric_count(g));
			if (kind == KIND_ROUTE ||
			    (kind == KIND_K && q.detours)) {
				size_t j;
				n = or_routes(all, &r, &oq);
				assert_int_equal(kept->count,
						 n < q.k ? n : q.k);
				for (j = 0; j < kept->count; j++)
					or_assert_route(&kept->items[j], &r,
							&all[j], oq.experience);
			}
			kinds[kind]++;
			compared++;
			cp_routes_free(kept);
			cp_routes_free(fresh);
		}
		cp_workspace_free(ws);
		or_free(&r, g);
	}
	for (round = 0; round < KINDS; round++)
		assert_true(kinds[round] > 400);
	assert_true(compared == 150 * 25);
}

/*
 * The arc costs a workspace keeps are for the cost a query asks for, even
 * when the cost they were made for has been freed and another parsed.
 */
static void test_costs_change_between_queries(void **state)
{
	cp_graph *g = th_load_fixture("small");
	cp_workspace *ws = NULL;
	cp_query q = CP_QUERY_INIT;
	cp_cost *cost = NULL;
	cp_routes *r = NULL;
	cp_error err;
	static const char *const exprs[] = {"months", "cost_usd", "steps",
					    "months", "months+cost_usd/1000"};
	static const double want[] = {9, 6000, 2, 9, 19};
	size_t i;
	(void)state;
	assert_int_equal(cp_workspace_new(&ws, g, &err), 0);
	assert_int_equal(cp_role_find(&q.from, g, "a", &err), 0);
	assert_int_equal(cp_role_find(&q.to, g, "d", &err), 0);
	q.workspace = ws;
	for (i = 0; i < 5; i++) {
		assert_int_equal(cp_cost_parse(&cost, g, exprs[i], &err), 0);
		q.cost = cost;
		assert_int_equal(cp_search(&r, g, &q, &err), 0);
		if (r->items[0].cost != want[i])
			fail_msg("%s: %g, expected %g", exprs[i],
				 r->items[0].cost, want[i]);
		cp_routes_free(r);
		cp_cost_free(cost);
	}
	cp_workspace_free(ws);
	cp_graph_free(g);
}

static void test_workspace_of_another_graph(void **state)
{
	cp_graph *g = th_load_fixture("small"),
		 *other = th_load_fixture("small");
	cp_workspace *ws = NULL;
	cp_query q = CP_QUERY_INIT;
	cp_routes *r = NULL;
	cp_error err;
	int status;
	(void)state;
	assert_int_equal(cp_workspace_new(&ws, other, &err), 0);
	q.from = 0;
	q.to = 1;
	q.workspace = ws;
	status = cp_search(&r, g, &q, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"the query's workspace belongs to another graph");
	assert_null(r);
	cp_workspace_free(ws);
	cp_workspace_free(NULL);
	cp_graph_free(other);
	cp_graph_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interleaved_queries_match_fresh_ones),
		cmocka_unit_test(test_costs_change_between_queries),
		cmocka_unit_test(test_workspace_of_another_graph),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

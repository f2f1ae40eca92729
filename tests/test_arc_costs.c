/*
 * Arc costs shared by a graph's workspaces (src/search/arc_costs.c): one
 * array per cost however many workspaces hold it, each entry the cost of
 * its arc's transition as cp_cost_of() gives it; an array held is never
 * rewritten while another workspace moves on; an array nobody holds is
 * reused for the next cost; and threads asking for costs at once each get
 * the right ones. On the kinds fixture, where a role that is a kind of
 * another has its parent's moves as arcs of its own.
 */
#include "oracle.h"
#include "search/search_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Asserts arc costs made by a workspace are those of cost, arc by arc, in
 * compressed order (NaN where the cost cannot be had). */
static void assert_costs_of(const cp_graph *g, const double *got,
			    const cp_cost *cost)
{
	size_t i;
	assert_non_null(got);
	for (i = 0; i < g->n_arcs; i++) {
		double want = cp_cost_of(cost, cp_arc_tr(g, g->out_edges[i]));
		if (isnan(want))
			assert_true(isnan(got[i]));
		else
			assert_true(got[i] == want);
	}
}

static void test_one_array_per_cost(void **state)
{
	cp_graph *g = th_load_fixture("kinds");
	cp_cost *months = th_cost(g, "months"),
		*also_months = th_cost(g, "months"),
		*dollars = th_cost(g, "cost_usd+2*months");
	cp_workspace *a = NULL, *b = NULL;
	cp_error err;
	const double *in_a, *in_b;
	(void)state;
	assert_true(g->arc_tr != NULL); /* kinds add arcs of their own */
	assert_int_equal(cp_workspace_new(&a, g, &err), 0);
	assert_int_equal(cp_workspace_new(&b, g, &err), 0);

	in_a = cp_workspace_costs(a, months);
	in_b = cp_workspace_costs(b, also_months);
	assert_ptr_equal(in_a, in_b);
	assert_costs_of(g, in_a, months);

	/* a moves on; b's array stays as it was */
	in_a = cp_workspace_costs(a, dollars);
	assert_ptr_not_equal(in_a, in_b);
	assert_costs_of(g, in_a, dollars);
	assert_costs_of(g, in_b, months);
	assert_ptr_equal(cp_workspace_costs(b, months), in_b);

	/* b's too: the two are the one made for dollars */
	assert_ptr_equal(cp_workspace_costs(b, dollars), in_a);
	assert_costs_of(g, in_a, dollars);

	cp_workspace_free(a);
	cp_workspace_free(b);
	cp_cost_free(months);
	cp_cost_free(also_months);
	cp_cost_free(dollars);
	cp_graph_free(g);
}

static void test_array_nobody_holds_is_reused(void **state)
{
	cp_graph *g = th_load_fixture("kinds");
	cp_cost *months = th_cost(g, "months"), *steps = th_cost(g, "steps"),
		*dollars = th_cost(g, "cost_usd");
	cp_workspace *a = NULL, *b = NULL;
	cp_error err;
	const double *for_months, *for_steps;
	(void)state;
	assert_int_equal(cp_workspace_new(&a, g, &err), 0);
	assert_int_equal(cp_workspace_new(&b, g, &err), 0);
	for_months = cp_workspace_costs(a, months);
	for_steps = cp_workspace_costs(b, steps);
	assert_ptr_not_equal(for_months, for_steps);
	assert_costs_of(g, for_steps, steps);

	/* a lets months go and asks for dollars: months' array, rewritten */
	assert_ptr_equal(cp_workspace_costs(a, dollars), for_months);
	assert_costs_of(g, for_months, dollars);
	assert_costs_of(g, for_steps, steps);

	/* a workspace freed gives its array up: the next cost takes it, and
	 * the one b gives up then is freed, one kept idle being enough */
	cp_workspace_free(a);
	assert_ptr_equal(cp_workspace_costs(b, months), for_months);
	assert_costs_of(g, for_months, months);

	cp_workspace_free(b);
	cp_cost_free(months);
	cp_cost_free(steps);
	cp_cost_free(dollars);
	cp_graph_free(g);
}

enum { N_THREADS = 4, ROUNDS = 300 };

typedef struct asker {
	const cp_graph *g;
	cp_cost **costs; /* three */
	size_t seed;
	int wrong; /* arcs whose cost was not the cost's */
	int failed;
} asker;

/* Asks for the three costs in an order of its own, round after round,
 * and checks every answer while other threads do the same. */
static void *ask_costs(void *arg)
{
	asker *k = arg;
	cp_workspace *ws = NULL;
	cp_error err;
	size_t r, i;
	if (cp_workspace_new(&ws, k->g, &err)) {
		k->failed = 1;
		return NULL;
	}
	for (r = 0; r < ROUNDS; r++) {
		const cp_cost *cost = k->costs[(r * (k->seed + 1) + r / 7) % 3];
		const double *got = cp_workspace_costs(ws, cost);
		if (!got) {
			k->failed = 1;
			break;
		}
		for (i = 0; i < k->g->n_arcs; i++) {
			double want = cp_cost_of(
				cost, cp_arc_tr(k->g, k->g->out_edges[i]));
			if (!(got[i] == want || (isnan(want) && isnan(got[i]))))
				k->wrong++;
		}
	}
	cp_workspace_free(ws);
	return NULL;
}

static void test_threads_at_once(void **state)
{
	cp_graph *g = th_load_fixture("kinds");
	cp_cost *costs[3] = {th_cost(g, "months"), th_cost(g, "cost_usd"),
			     th_cost(g, "steps+months")};
	asker askers[N_THREADS];
	pthread_t threads[N_THREADS];
	size_t t;
	(void)state;
	for (t = 0; t < N_THREADS; t++) {
		askers[t] = (asker){g, costs, t, 0, 0};
		assert_int_equal(pthread_create(&threads[t], NULL, ask_costs,
						&askers[t]),
				 0);
	}
	for (t = 0; t < N_THREADS; t++) {
		pthread_join(threads[t], NULL);
		assert_int_equal(askers[t].failed, 0);
		assert_int_equal(askers[t].wrong, 0);
	}
	for (t = 0; t < 3; t++)
		cp_cost_free(costs[t]);
	cp_graph_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_array_per_cost),
		cmocka_unit_test(test_array_nobody_holds_is_reused),
		cmocka_unit_test(test_threads_at_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

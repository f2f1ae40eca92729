/*
 * Rows of a cost matrix (CP_QUERY_ROW): hand-worked, refused queries, and
 * each target against the single-pair search and the enumeration.
 */
#include "oracle.h"

#include <math.h>
#include <string.h>

static int ask_row(cp_routes **out, const cp_graph *g, cp_query q,
		   const size_t *targets, size_t n_targets, cp_error *err)
{
	q.kind = CP_QUERY_ROW;
	q.targets = targets;
	q.n_targets = n_targets;
	return cp_search(out, g, &q, err);
}

/* tests/data/small by months: a-b 6 (the parallel transition), b-d 3,
 * b-c 24 (a-c direct is 40); d leads nowhere */
static void test_hand_worked_row(void **state)
{
	cp_graph *g = th_load_fixture("small");
	cp_cost *months = th_cost(g, "months");
	cp_query q = CP_QUERY_INIT;
	cp_routes *row = NULL;
	cp_buf out = CP_BUF_INIT;
	cp_error err;
	const size_t targets[] = {3, 0, 2, 3}, none[] = {0, 1};
	(void)state;
	q.from = 0;
	q.cost = months;
	assert_int_equal(ask_row(&row, g, q, targets, 4, &err), 0);
	assert_int_equal(row->kind, CP_QUERY_ROW);
	assert_int_equal(row->from, 0);
	assert_int_equal(row->to, CP_NO_ROLE);
	assert_int_equal(row->n_targets, 4);
	assert_memory_equal(row->targets, targets, sizeof(targets));
	assert_string_equal(row->by, "months");
	assert_int_equal(row->count, 4);
	assert_true(row->items[0].cost == 9);
	assert_int_equal(row->items[0].n_steps, 2);
	assert_int_equal(row->items[0].transitions[0], 1);
	assert_int_equal(row->items[0].transitions[1], 5);
	assert_int_equal(row->items[0].roles[2], 3);
	/* the start itself: no steps, nothing spent */
	assert_true(row->items[1].cost == 0);
	assert_int_equal(row->items[1].n_steps, 0);
	assert_int_equal(row->items[1].roles[0], 0);
	assert_true(row->items[2].cost == 30);
	assert_int_equal(row->items[2].roles[1], 1);
	/* a repeated target, answered again */
	assert_true(row->items[3].cost == 9);
	assert_int_equal(row->items[3].transitions[1], 5);
	assert_int_equal(cp_matrix_write(&out, g, row), 0);
	assert_string_equal(out.ptr, "a,9,0,30,9\n");
	/* a row is written as a matrix line only */
	assert_int_equal(cp_routes_format(&out, g, row, CP_FORMAT_JSON),
			 CP_EINVALID);
	cp_routes_free(row);
	/* nothing is reached from d: INFINITY, no steps, no arrays */
	q.from = 3;
	assert_int_equal(ask_row(&row, g, q, none, 2, &err), 0);
	assert_int_equal(row->count, 2);
	assert_true(isinf(row->items[0].cost) && row->items[0].cost > 0);
	assert_int_equal(row->items[1].n_steps, 0);
	assert_null(row->items[1].roles);
	assert_null(row->items[1].transitions);
	assert_null(row->items[1].totals);
	cp_buf_clear(&out);
	assert_int_equal(cp_matrix_write(&out, g, row), 0);
	assert_string_equal(out.ptr, "d,,\n");
	cp_routes_free(row);
	/* no targets: an empty row */
	assert_int_equal(ask_row(&row, g, q, NULL, 0, &err), 0);
	assert_int_equal(row->count, 0);
	cp_routes_free(row);
	cp_buf_free(&out);
	cp_cost_free(months);
	cp_graph_free(g);
}

static void test_refused_rows(void **state)
{
	cp_graph *g = th_load_fixture("small");
	cp_query q = CP_QUERY_INIT;
	cp_routes *row = NULL;
	cp_error err;
	const size_t targets[] = {3, 2}, missing[] = {2, 99};
	size_t avoid = 2, via = 1;
	int status;
	(void)state;
	q.from = 0;
	q.n_via = 1;
	q.via = &via;
	status = ask_row(&row, g, q, targets, 2, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"a row of costs takes no via roles, no k routes and "
			"no explanation");
	assert_null(row);
	q.n_via = 0;
	q.k = 2;
	status = ask_row(&row, g, q, targets, 2, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0, "no k routes");
	q.k = 1;
	q.explain = 1;
	status = ask_row(&row, g, q, targets, 2, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0, "no explanation");
	q.explain = 0;
	status = ask_row(&row, g, q, missing, 2, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"query names a target role that does not exist");
	status = ask_row(&row, g, q, NULL, 2, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"query counts targets but gives none");
	q.avoid = &avoid;
	q.n_avoid = 1;
	status = ask_row(&row, g, q, targets, 2, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"cannot avoid 'Gamma Nurse': a route ends there");
	avoid = 0;
	status = ask_row(&row, g, q, targets, 2, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"cannot avoid 'Alpha Aide': the route starts there");
	q.n_avoid = 0;
	q.kind = (cp_query_kind)99;
	status = cp_search(&row, g, &q, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"query of no known kind (99)");
	/* only a row is a matrix line */
	q.kind = CP_QUERY_ROUTES;
	q.to = 3;
	assert_int_equal(cp_search(&row, g, &q, &err), 0);
	{
		cp_buf out = CP_BUF_INIT;
		assert_int_equal(cp_matrix_write(&out, g, row), CP_EINVALID);
		cp_buf_free(&out);
	}
	cp_routes_free(row);
	cp_graph_free(g);
}

/* The same route, bit for bit: what a row item must be. */
static void assert_same_route(const cp_route *got, const cp_route *want,
			      size_t n_metrics)
{
	assert_memory_equal(&got->cost, &want->cost, sizeof(double));
	assert_int_equal(got->n_steps, want->n_steps);
	assert_memory_equal(got->roles, want->roles,
			    (want->n_steps + 1) * sizeof(size_t));
	if (want->n_steps)
		assert_memory_equal(got->transitions, want->transitions,
				    want->n_steps * sizeof(size_t));
	if (want->n_steps && n_metrics)
		assert_memory_equal(got->values, want->values,
				    want->n_steps * n_metrics * sizeof(double));
	assert_memory_equal(got->totals, want->totals,
			    n_metrics * sizeof(double));
}

/*
 * Random graphs and rows under every cost, with caps, avoided roles, kinds
 * of roles, experience, the wage rule and career rules; targets in any
 * order, repeated, the start among them, some out of reach. Each item is
 * what cp_search gives for its pair alone, and the enumeration's first
 * route (or INFINITY where it has none). Half the rows run in a workspace
 * kept across rows and pairs.
 */
static void test_random_rows_match_single_pairs(void **state)
{
	static or_path all[OR_PATHS_MAX];
	uint64_t rng = 2718;
	size_t round, compared = 0, unreached = 0, starts = 0, repeats = 0,
		      capped = 0;
	(void)state;
	for (round = 0; round < 200; round++) {
		or_graph r;
		cp_graph *g = or_random(&r, &rng);
		size_t n_metrics = cp_graph_metric_count(g), i;
		cp_workspace *ws = NULL;
		cp_error err;
		assert_int_equal(cp_workspace_new(&ws, g, &err), 0);
		for (i = 0; i < 8; i++) {
			or_query oq;
			cp_query q;
			cp_cap caps[2];
			size_t avoid[OR_N_MAX], targets[3 * OR_N_MAX],
				n_targets = or_rand(&rng, 3 * r.n + 1), t;
			cp_routes *row = NULL;
			or_query_init(&oq, or_rand(&rng, r.n), 0,
				      (int)or_rand(&rng, OR_N_COSTS));
			if (or_rand(&rng, 3) == 0)
				or_random_cap(&oq, &rng);
			if (or_rand(&rng, 3) == 0) {
				size_t a = or_rand(&rng, r.n);
				oq.avoid[a] = a != oq.from;
			}
			or_random_rules(&oq, &r, &rng);
			for (t = 0; t < n_targets; t++) {
				do
					targets[t] = or_rand(&rng, r.n);
				while (oq.avoid[targets[t]]);
				starts += targets[t] == oq.from;
				repeats += t && targets[t] == targets[t - 1];
			}
			oq.to = oq.from;
			or_to_query(&q, &r, &oq, caps, avoid);
			q.workspace = or_rand(&rng, 2) ? ws : NULL;
			assert_int_equal(
				ask_row(&row, g, q, targets, n_targets, &err),
				0);
			assert_int_equal(row->count, n_targets);
			capped += q.n_caps > 0;
			for (t = 0; t < n_targets; t++) {
				const cp_route *got = &row->items[t];
				cp_routes *one = NULL;
				or_query each = oq;
				size_t n;
				int status;
				q.to = targets[t];
				each.to = targets[t];
				status = cp_search(&one, g, &q, &err);
				n = or_routes(all, &r, &each);
				if (status == CP_ENOROUTE) {
					assert_int_equal(n, 0);
					assert_true(isinf(got->cost));
					assert_int_equal(got->n_steps, 0);
					assert_null(got->roles);
					unreached++;
				} else {
					assert_int_equal(status, 0);
					assert_true(n > 0);
					assert_same_route(got, &one->items[0],
							  n_metrics);
					or_assert_route(got, &r, &all[0],
							oq.experience);
				}
				compared++;
				cp_routes_free(one);
			}
			cp_routes_free(row);
		}
		cp_workspace_free(ws);
		or_free(&r, g);
	}
	assert_true(compared > 5000 && unreached > 500 && starts > 200 &&
		    repeats > 100 && capped > 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_worked_row),
		cmocka_unit_test(test_refused_rows),
		cmocka_unit_test(test_random_rows_match_single_pairs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * k routes with limited overlap (cp_query.differ): hand-worked, and
 * against the definition applied to every route the enumeration finds.
 */
#include "oracle.h"

#include <math.h>
#include <string.h>

/*
 * tests/data/small by months, a to d: a->b by t0 (12 months) or t1 (6,
 * a parallel programme), b->c t2 (24), a->c t3 (40), c->d t4 (0), b->d
 * t5 (3). Routes: t1 t5 9, t0 t5 15, t1 t2 t4 30, t0 t2 t4 36, t3 t4 40.
 * THETA 0.5: 15 shares t5 with 9 (3 <= 4.5): apart; 30 shares t1 (6 >
 * 4.5), 36 shares t0 with 15 (12 > 7.5); 40 shares nothing. THETA 0.2:
 * 15 (3 > 1.8) and 30 are too close to 9; 36 shares nothing with it; 40
 * shares c->d with 36, which costs nothing: 9, 36, 40.
 */
static void test_hand_worked(void **state)
{
	cp_graph *g = th_load_fixture("small");
	cp_query q = CP_QUERY_INIT;
	cp_cost *months = NULL;
	cp_routes *r = NULL;
	cp_error err;
	(void)state;
	assert_int_equal(cp_cost_parse(&months, g, "months", &err), 0);
	assert_int_equal(cp_role_find(&q.from, g, "a", &err), 0);
	assert_int_equal(cp_role_find(&q.to, g, "d", &err), 0);
	q.cost = months;
	q.k = 3;
	q.differ = 0.5;
	assert_int_equal(cp_search(&r, g, &q, &err), 0);
	assert_true(r->differ == 0.5);
	assert_int_equal(r->count, 3);
	assert_true(r->items[0].cost == 9);
	assert_true(r->items[1].cost == 15);
	assert_true(r->items[2].cost == 40);
	cp_routes_free(r);
	q.differ = 0.2;
	assert_int_equal(cp_search(&r, g, &q, &err), 0);
	assert_int_equal(r->count, 3);
	assert_true(r->items[0].cost == 9);
	assert_true(r->items[1].cost == 36);
	assert_true(r->items[2].cost == 40);
	cp_routes_free(r);
	/* THETA 1 keeps every pair: the k best routes */
	q.differ = 1;
	q.k = 4;
	assert_int_equal(cp_search(&r, g, &q, &err), 0);
	assert_int_equal(r->count, 4);
	assert_true(r->items[2].cost == 30 && r->items[3].cost == 36);
	cp_routes_free(r);
	/* the limit stops it, and says so */
	q.differ = 0.5;
	q.limit = 3;
	assert_int_equal(cp_search(&r, g, &q, &err), CP_ELIMIT);
	assert_null(r);
	assert_non_null(strstr(err.message, "stopped"));
	/* out of range */
	q.limit = 0;
	q.differ = 1.5;
	assert_int_equal(cp_search(&r, g, &q, &err), CP_EINVALID);
	cp_cost_free(months);
	cp_graph_free(g);
}

/*
 * The answer by the definition (query.h): among the routes that may be
 * answers (every route the query allows, detours left out unless asked
 * for), the best; then, again and again, the best of those not chosen
 * that is apart from every route chosen. Indices into all, in order.
 */
static size_t by_definition(size_t *out, size_t k, double theta, int detours,
			    const or_graph *r, const or_query *oq,
			    const or_path *all, size_t n_all)
{
	static unsigned char chosen[OR_PATHS_MAX], answer[OR_PATHS_MAX];
	size_t n = 0, i, j;
	for (i = 0; i < n_all; i++) {
		chosen[i] = 0;
		answer[i] = detours || !or_is_detour(r, &all[i], all, n_all);
	}
	while (n < k) {
		for (i = 0; i < n_all; i++) {
			if (chosen[i] || !answer[i])
				continue;
			for (j = 0; j < n; j++)
				if (!or_apart(r, &all[i], &all[out[j]],
					      oq->objective, oq->experience,
					      theta))
					break;
			if (j == n)
				break;
		}
		if (i == n_all)
			break;
		chosen[i] = 1;
		out[n++] = i;
	}
	return n;
}

/* Whether p is among all (a route the query allows). */
static int allowed(const or_path *p, const or_path *all, size_t n_all)
{
	size_t i;
	for (i = 0; i < n_all; i++)
		if (!or_path_order(p, &all[i]))
			return 1;
	return 0;
}

static void test_random_against_definition(void **state)
{
	static const double thetas[] = {0.1, 0.25, 0.5, 0.75, 1};
	static or_path all[OR_PATHS_MAX];
	uint64_t rng = 4242;
	size_t round, compared = 0, kept_apart = 0, fewer = 0;
	(void)state;
	for (round = 0; round < 3000; round++) {
		or_graph r;
		cp_graph *g = or_random(&r, &rng);
		size_t i;
		for (i = 0; i < 10; i++) {
			or_query oq;
			cp_query q;
			cp_cap caps[2];
			size_t avoid[OR_N_MAX], n, j, m, want[6], n_want;
			cp_routes *routes = NULL;
			cp_error err;
			or_path got[6];
			int status;
			or_query_init(&oq, or_rand(&rng, r.n),
				      or_rand(&rng, r.n),
				      (int)or_rand(&rng, OR_N_COSTS));
			if (or_rand(&rng, 3) == 0)
				or_random_cap(&oq, &rng);
			if (or_rand(&rng, 4) == 0) {
				oq.via[0] = or_rand(&rng, r.n);
				oq.n_via = 1;
			}
			if (or_rand(&rng, 4) == 0) {
				size_t a = or_rand(&rng, r.n);
				oq.avoid[a] = a != oq.from && a != oq.to &&
					      (!oq.n_via || a != oq.via[0]);
			}
			or_random_rules(&oq, &r, &rng);
			n = or_routes(all, &r, &oq);
			or_to_query(&q, &r, &oq, caps, avoid);
			q.k = 2 + or_rand(&rng, 5);
			q.differ = thetas[or_rand(&rng, 5)];
			q.detours = or_rand(&rng, 5) == 0;
			status = cp_search(&routes, g, &q, &err);
			if (status != (n ? 0 : CP_ENOROUTE))
				fail_msg("status %d, %zu routes (%s)", status,
					 n, err.text);
			n_want = by_definition(want, q.k, q.differ, q.detours,
					       &r, &oq, all, n);
			if (routes->count != n_want)
				fail_msg("round %zu query %zu: %zu routes, "
					 "expected %zu",
					 round, i, routes->count, n_want);
			for (j = 0; j < routes->count; j++) {
				or_assert_route(&routes->items[j], &r,
						&all[want[j]], oq.experience);
				/* valid, no detour, and apart from each
				 * before, read back from the answer */
				or_path_of(&got[j], &routes->items[j], &r,
					   oq.objective, oq.experience);
				assert_true(allowed(&got[j], all, n));
				assert_true(q.detours ||
					    !or_is_detour(&r, &got[j], all, n));
				for (m = 0; m < j; m++)
					assert_true(or_apart(
						&r, &got[j], &got[m],
						oq.objective, oq.experience,
						q.differ));
				compared++;
			}
			/* the raw k best would have had a pair too close */
			kept_apart += routes->count > 1 && want[1] != 1;
			fewer += routes->count < q.k && routes->count < n;
			cp_routes_free(routes);
		}
		or_free(&r, g);
	}
	/* many routes compared, and the overlap often decided */
	assert_true(compared > 2000 && kept_apart > 200 && fewer > 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_worked),
		cmocka_unit_test(test_random_against_definition),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Reachability and feeder roles: hand-worked, and against enumeration. */
#include "oracle.h"

#include <math.h>
#include <string.h>

static void test_hand_worked_reach(void **state)
{
	cp_graph *g = th_load_fixture("small");
	cp_query q = CP_QUERY_INIT;
	cp_cost *months = NULL;
	cp_routes *r = NULL;
	cp_cap cap = {NULL, 10};
	cp_error err;
	(void)state;
	assert_int_equal(cp_cost_parse(&months, g, "months", &err), 0);
	cap.cost = months;
	q.cost = months;
	assert_int_equal(cp_role_find(&q.from, g, "a", &err), 0);
	/* from a by months: b 6, d 6+3 = 9, c 6+24 = 30 */
	q.kind = CP_QUERY_REACH;
	assert_int_equal(cp_search(&r, g, &q, &err), 0);
	assert_int_equal(r->count, 3);
	assert_string_equal(cp_role_id(g, r->items[0].roles[1]), "b");
	assert_true(r->items[0].cost == 6);
	assert_string_equal(cp_role_id(g, r->items[1].roles[2]), "d");
	assert_true(r->items[1].cost == 9);
	assert_true(r->items[2].cost == 30);
	cp_routes_free(r);
	/* within 10 months: b and d only */
	q.caps = &cap;
	q.n_caps = 1;
	q.kind = CP_QUERY_REACH;
	assert_int_equal(cp_search(&r, g, &q, &err), 0);
	assert_int_equal(r->count, 2);
	cp_routes_free(r);
	/* feeders of d by months: c 0, b 3, a 6+3 = 9; routes end at d */
	q.n_caps = 0;
	assert_int_equal(cp_role_find(&q.to, g, "d", &err), 0);
	q.kind = CP_QUERY_FEEDERS;
	assert_int_equal(cp_search(&r, g, &q, &err), 0);
	assert_int_equal(r->count, 3);
	assert_string_equal(cp_role_id(g, r->items[0].roles[0]), "c");
	assert_true(r->items[0].cost == 0);
	assert_string_equal(cp_role_id(g, r->items[1].roles[0]), "b");
	assert_string_equal(cp_role_id(g, r->items[2].roles[0]), "a");
	assert_true(r->items[2].cost == 9);
	assert_int_equal(r->items[2].roles[2], q.to);
	cp_routes_free(r);
	cp_cost_free(months);
	cp_graph_free(g);
}

/* tests/data/family (see test_search.c): kinds of a role feed what it does */
static void test_reach_through_kinds(void **state)
{
	cp_graph *g = th_load_fixture("family");
	cp_query q = CP_QUERY_INIT;
	cp_cost *months = th_cost(g, "months");
	cp_routes *r = NULL;
	cp_error err;
	(void)state;
	q.cost = months;
	/* feeders of lpn: only ma->lpn leads there, and cma and lead take it
	 * as ma; trainee gets there through cma or lead, 6+12 either way,
	 * and cma, first in roles.csv, wins the tie on the last step */
	q.to = 4;
	q.kind = CP_QUERY_FEEDERS;
	assert_int_equal(cp_search(&r, g, &q, &err), 0);
	assert_int_equal(r->count, 4);
	assert_int_equal(r->items[0].roles[0], 0);
	assert_int_equal(r->items[1].roles[0], 1);
	assert_int_equal(r->items[2].roles[0], 2);
	assert_int_equal(r->items[3].roles[0], 6);
	assert_true(r->items[0].cost == 12 && r->items[1].cost == 12 &&
		    r->items[2].cost == 12 && r->items[3].cost == 18);
	assert_int_equal(r->items[1].transitions[0], 0);
	assert_int_equal(r->items[2].transitions[0], 0);
	assert_int_equal(r->items[3].n_steps, 2);
	assert_int_equal(r->items[3].transitions[0], 8);
	assert_int_equal(r->items[3].roles[1], 1);
	assert_int_equal(r->items[3].roles[2], 4);
	cp_routes_free(r);
	/* from trainee: cma 6, lead 6 (direct), lpn 6+12 through cma, rn 6+30
	 * by cma's own transition, np 36+24; ma is never reached */
	q.from = 6;
	q.kind = CP_QUERY_REACH;
	assert_int_equal(cp_search(&r, g, &q, &err), 0);
	assert_int_equal(r->count, 5);
	assert_int_equal(r->items[0].roles[1], 1);
	assert_int_equal(r->items[1].roles[1], 2);
	assert_int_equal(r->items[1].n_steps, 1);
	assert_int_equal(r->items[2].roles[2], 4);
	assert_int_equal(r->items[2].roles[1], 1);
	assert_int_equal(r->items[3].transitions[1], 3);
	assert_true(r->items[3].cost == 36);
	assert_int_equal(r->items[4].roles[3], 5);
	assert_true(r->items[4].cost == 60);
	cp_routes_free(r);
	cp_cost_free(months);
	cp_graph_free(g);
}

/*
 * Reach and feeders: every role listed that some route reaches (or leaves
 * from), none that no route does, each with the first route of the
 * enumeration; sorted by cost, steps, then role. Caps on cost expressions,
 * avoid, kinds of roles, the wage rule and (forward) experience credit.
 */
static void test_random_against_enumeration(void **state)
{
	static or_path all[OR_PATHS_MAX];
	uint64_t rng = 31337;
	size_t round, compared = 0, inherited = 0;
	(void)state;
	for (round = 0; round < 200; round++) {
		or_graph r;
		cp_graph *g = or_random(&r, &rng);
		size_t i;
		for (i = 0; i < 6; i++) {
			int backward;
			or_query base;
			or_query_init(&base, 0, 0,
				      (int)or_rand(&rng, OR_N_COSTS));
			base.from = base.to = or_rand(&rng, r.n);
			if (or_rand(&rng, 2))
				or_random_cap(&base, &rng);
			if (or_rand(&rng, 3) == 0) {
				size_t a = or_rand(&rng, r.n);
				base.avoid[a] = a != base.from;
			}
			or_random_rules(&base, &r, &rng);
			for (backward = 0; backward < 2; backward++) {
				or_query oq = base;
				cp_query q;
				cp_cap caps[2];
				size_t avoid[OR_N_MAX], listed = 0, other, j;
				cp_routes *routes = NULL;
				cp_error err;
				if (backward)
					oq.experience = 0;
				or_to_query(&q, &r, &oq, caps, avoid);
				q.kind = backward ? CP_QUERY_FEEDERS
						  : CP_QUERY_REACH;
				assert_int_equal(
					cp_search(&routes, g, &q, &err), 0);
				for (j = 1; j < routes->count; j++) {
					const cp_route
						*a = &routes->items[j - 1],
						*b = &routes->items[j];
					size_t ea =
						backward ? a->roles[0]
							 : a->roles[a->n_steps];
					size_t eb =
						backward ? b->roles[0]
							 : b->roles[b->n_steps];
					assert_true(
						a->cost < b->cost ||
						(a->cost == b->cost &&
						 (a->n_steps < b->n_steps ||
						  (a->n_steps == b->n_steps &&
						   ea < eb))));
				}
				for (other = 0; other < r.n; other++) {
					or_query each = oq;
					size_t n;
					if (other == base.from)
						continue;
					each.from =
						backward ? other : base.from;
					each.to = backward ? base.from : other;
					/* an avoided role is no feeder either
					 */
					n = oq.avoid[other]
						    ? 0
						    : or_routes(all, &r, &each);
					for (j = 0; j < routes->count; j++) {
						const cp_route *got =
							&routes->items[j];
						size_t end =
							backward
								? got->roles[0]
								: got->roles
									  [got->n_steps];
						if (end == other)
							break;
					}
					if (!n) {
						assert_true(j == routes->count);
						continue;
					}
					assert_true(j < routes->count);
					or_assert_route(&routes->items[j], &r,
							&all[0], oq.experience);
					inherited += all[0].n &&
						     r.from[all[0].tr[0]] !=
							     all[0].role[0];
					listed++;
					compared++;
				}
				assert_int_equal(routes->count, listed);
				cp_routes_free(routes);
			}
		}
		or_free(&r, g);
	}
	assert_true(compared > 1000 && inherited > 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_worked_reach),
		cmocka_unit_test(test_reach_through_kinds),
		cmocka_unit_test(test_random_against_enumeration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

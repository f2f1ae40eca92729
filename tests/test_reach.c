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

/* Two routes step for step, each figure the same double (NaN as NaN). */
static void assert_same_route(const cp_graph *g, const cp_route *a,
			      const cp_route *b)
{
	size_t i, n_metrics = cp_graph_metric_count(g);
	assert_int_equal(a->n_steps, b->n_steps);
	assert_true(a->cost == b->cost);
	assert_memory_equal(a->roles, b->roles,
			    (a->n_steps + 1) * sizeof(size_t));
	for (i = 0; i < a->n_steps; i++)
		assert_int_equal(a->transitions[i], b->transitions[i]);
	for (i = 0; i < a->n_steps * n_metrics; i++)
		assert_true(a->values[i] == b->values[i] ||
			    (isnan(a->values[i]) && isnan(b->values[i])));
	for (i = 0; i < n_metrics; i++)
		assert_true(a->totals[i] == b->totals[i]);
}

/* The role a reach route lists, and the one next to it on the route. */
static size_t listed_role(const cp_route *r, int backward)
{
	return backward ? r->roles[0] : r->roles[r->n_steps];
}

static size_t parent_role(const cp_route *r, int backward)
{
	return backward ? r->roles[1] : r->roles[r->n_steps - 1];
}

/* Whether route a is route b and one step more, at the route's far end
 * from the start (backward: b with a step before it). */
static int extends(const cp_route *a, const cp_route *b, int backward)
{
	size_t skip = backward ? 1 : 0;
	if (a->n_steps != b->n_steps + 1)
		return 0;
	return !memcmp(a->roles + skip, b->roles,
		       (b->n_steps + 1) * sizeof(size_t)) &&
	       !memcmp(a->transitions + skip, b->transitions,
		       b->n_steps * sizeof(size_t));
}

/*
 * The same query answered as a tree (CP_REACH_TREE) and named by parents
 * (CP_REACH_PARENTS) against its whole routes (CP_REACH_ROUTES, which
 * the enumeration checks): each rebuilt route the same, double for
 * double, reused scratch and all; each row's parent the role next to it
 * on its route, chained exactly when the route is the parent's row's
 * route (or the start) and one step more, which without caps is always;
 * its cost, totals and blank steps those of the route.
 */
static void check_tree_forms(const cp_graph *g, const cp_query *asked,
			     const cp_routes *whole, int backward)
{
	cp_query q = *asked;
	cp_routes *tree = NULL, *parents = NULL;
	cp_route scratch = {0, 0, NULL, NULL, NULL, NULL};
	size_t i, j, m, n_metrics = cp_graph_metric_count(g);
	size_t start = backward ? q.to : q.from;
	cp_error err;
	q.reach_form = CP_REACH_TREE;
	assert_int_equal(cp_search(&tree, g, &q, &err), 0);
	q.reach_form = CP_REACH_PARENTS;
	assert_int_equal(cp_search(&parents, g, &q, &err), 0);
	assert_int_equal(tree->count, whole->count);
	assert_int_equal(parents->count, whole->count);
	assert_null(tree->items);
	assert_true(parents->parents && !tree->parents && !whole->parents);
	for (i = 0; i < whole->count; i++) {
		const cp_route *r = &whole->items[i], *rebuilt;
		cp_reach_row row;
		size_t blanks;
		assert_int_equal(
			cp_routes_route(&rebuilt, &scratch, g, tree, i), 0);
		assert_ptr_equal(rebuilt, &scratch);
		assert_same_route(g, r, rebuilt);
		cp_routes_row(&row, g, parents, i);
		assert_int_equal(row.role, listed_role(r, backward));
		assert_int_equal(row.parent, parent_role(r, backward));
		assert_int_equal(row.n_steps, r->n_steps);
		/* summed from the target back for feeders */
		assert_true(fabs(row.cost - r->cost) <= 1e-9 * fabs(r->cost));
		for (blanks = 0, j = 0; j < r->n_steps; j++)
			blanks += isnan(cp_cost_of_values(
					  whole->cost,
					  r->values + j * n_metrics)) != 0;
		assert_int_equal(row.blanks[0], blanks);
		for (m = 0; m < n_metrics; m++) {
			assert_true(fabs(row.totals[m] - r->totals[m]) <=
				    1e-9 * fabs(r->totals[m]));
			for (blanks = 0, j = 0; j < r->n_steps; j++)
				blanks += isnan(r->values[j * n_metrics + m]) !=
					  0;
			assert_int_equal(row.blanks[1 + m], blanks);
		}
		for (j = 0; j < whole->count; j++)
			if (listed_role(&whole->items[j], backward) ==
			    row.parent)
				break;
		assert_int_equal(row.chained,
				 row.parent == start
					 ? 1
					 : j < whole->count &&
						   extends(r, &whole->items[j],
							   backward));
		if (!q.n_caps)
			assert_true(row.chained);
	}
	cp_route_clear(&scratch);
	cp_routes_free(tree);
	cp_routes_free(parents);
}

/* Whether some row of q's answer named by parents is not chained. */
static int chained_less(const cp_graph *g, const cp_query *asked)
{
	cp_query q = *asked;
	cp_routes *parents = NULL;
	cp_error err;
	size_t i;
	int found = 0;
	q.reach_form = CP_REACH_PARENTS;
	assert_int_equal(cp_search(&parents, g, &q, &err), 0);
	for (i = 0; i < parents->count && !found; i++) {
		cp_reach_row row;
		cp_routes_row(&row, g, parents, i);
		found = !row.chained;
	}
	cp_routes_free(parents);
	return found;
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
	size_t round, compared = 0, inherited = 0, unchained = 0;
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
				check_tree_forms(g, &q, routes, backward);
				unchained += q.n_caps && chained_less(g, &q);
				cp_routes_free(routes);
			}
		}
		or_free(&r, g);
	}
	assert_true(compared > 1000 && inherited > 50);
	/* caps made some route pass a role by a costlier way than its own */
	assert_true(unchained > 0);
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

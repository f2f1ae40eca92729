/* Pareto fronts: hand-worked, and against enumeration. */
#include "oracle.h"

#include <math.h>
#include <string.h>

static void test_hand_worked_front(void **state)
{
	cp_graph *g = th_load_fixture("small");
	cp_query q = CP_QUERY_INIT;
	cp_cost *metrics[2] = {th_cost(g, "months"), th_cost(g, "cost_usd")};
	const cp_cost *const *objectives = (const cp_cost *const *)metrics;
	cp_routes *r = NULL;
	cp_error err;
	(void)state;
	assert_int_equal(cp_role_find(&q.from, g, "a", &err), 0);
	assert_int_equal(cp_role_find(&q.to, g, "d", &err), 0);
	/* (9, 10000) and (15, 6000); (30, 29000), (36, 25000), (40, 15000)
	 * are all beaten by (15, 6000) */
	q.kind = CP_QUERY_PARETO;
	q.objectives = objectives;
	q.n_objectives = 2;
	assert_int_equal(cp_search(&r, g, &q, &err), 0);
	assert_int_equal(r->count, 2);
	assert_true(r->items[0].totals[0] == 9 &&
		    r->items[0].totals[1] == 10000);
	assert_true(r->items[1].totals[0] == 15 &&
		    r->items[1].totals[1] == 6000);
	assert_true(r->items[0].cost == 9);
	cp_routes_free(r);
	q.kind = CP_QUERY_PARETO;
	q.objectives = objectives;
	q.n_objectives = 0;
	assert_int_equal(cp_search(&r, g, &q, &err), CP_EINVALID);
	cp_cost_free(metrics[0]);
	cp_cost_free(metrics[1]);
	cp_graph_free(g);
}

/*
 * A blank in the second metric is a value not known: the route stays on
 * the front with its lower bound (cost_usd at least 2), the step's value
 * blank.
 */
static void test_blank_second_metric(void **state)
{
	cp_graph *g =
		th_load("id,title\na,A\nd,D\nx,X\n", "from,to,months,cost_usd\n"
						     "a,x,1,2\n"
						     "x,d,3,\n");
	cp_query q = CP_QUERY_INIT;
	cp_cost *metrics[2] = {th_cost(g, "months"), th_cost(g, "cost_usd")};
	cp_routes *r = NULL;
	cp_error err;
	(void)state;
	q.from = 0;
	q.to = 1;
	q.kind = CP_QUERY_PARETO;
	q.objectives = (const cp_cost *const *)metrics;
	q.n_objectives = 2;
	assert_int_equal(cp_search(&r, g, &q, &err), 0);
	assert_int_equal(r->count, 1);
	assert_int_equal(r->skipped, 0);
	assert_true(r->items[0].cost == 4);
	assert_true(r->items[0].totals[1] == 2);
	assert_true(isnan(r->items[0].values[1 * 2 + 1]));
	cp_routes_free(r);
	cp_cost_free(metrics[0]);
	cp_cost_free(metrics[1]);
	cp_graph_free(g);
}

/*
 * Two routes with the same totals, kept apart by caps that pull each way:
 * the one shown is the one cp_search gives, by the tie rule (the last
 * transition first in the file), not the one the search came on first.
 */
static void test_equal_totals_keep_the_tie_rule(void **state)
{
	cp_graph *g = th_load("id,title\na,A\nb,B\nc,C\nd,D\n",
			      "from,to,months,dollars,x,y\n"
			      "a,b,1,0,1,1\n"
			      "a,c,0,0,1,0\n"
			      "b,d,0,0,0,1\n"
			      "c,d,1,0,1,1\n");
	cp_query q = CP_QUERY_INIT;
	cp_cost *costs[4] = {th_cost(g, "months"), th_cost(g, "dollars"),
			     th_cost(g, "x"), th_cost(g, "y")};
	cp_cap caps[2] = {{NULL, 10}, {NULL, 10}};
	cp_routes *r = NULL;
	cp_error err;
	(void)state;
	caps[0].cost = costs[2];
	caps[1].cost = costs[3];
	q.from = 0;
	q.to = 3;
	q.cost = costs[0];
	q.caps = caps;
	q.n_caps = 2;
	/* a-b-d: 1 month, x 1, y 2; a-c-d: 1 month, x 2, y 1 */
	assert_int_equal(cp_search(&r, g, &q, &err), 0);
	assert_int_equal(r->items[0].transitions[1], 2);
	cp_routes_free(r);
	q.kind = CP_QUERY_PARETO;
	q.objectives = (const cp_cost *const *)costs;
	q.n_objectives = 2;
	assert_int_equal(cp_search(&r, g, &q, &err), 0);
	assert_int_equal(r->count, 1);
	assert_int_equal(r->items[0].n_steps, 2);
	assert_int_equal(r->items[0].transitions[1], 2);
	cp_routes_free(r);
	cp_cost_free(costs[0]);
	cp_cost_free(costs[1]);
	cp_cost_free(costs[2]);
	cp_cost_free(costs[3]);
	cp_graph_free(g);
}

/* A route's totals of the two objectives. */
typedef struct point {
	double v[2];
	size_t path;
} point;

static int beaten(const point *p, const point *all, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (all[i].v[0] <= p->v[0] && all[i].v[1] <= p->v[1] &&
		    (all[i].v[0] < p->v[0] || all[i].v[1] < p->v[1]))
			return 1;
	return 0;
}

/*
 * Fronts over two random costs (cost expressions, credit counted), with
 * caps, via, avoid, kinds and the wage rule: the library's front is the
 * set of distinct undominated totals, sorted by the first cost then the
 * second, and each point's route is the first route with those totals in
 * the order of cp_search.
 */
static void test_random_against_enumeration(void **state)
{
	static or_path all[OR_PATHS_MAX];
	static point points[OR_PATHS_MAX], front[OR_PATHS_MAX];
	uint64_t rng = 99;
	size_t round, compared = 0, multi = 0, shared = 0;
	(void)state;
	for (round = 0; round < 300; round++) {
		or_graph r;
		cp_graph *g = or_random(&r, &rng);
		size_t i;
		for (i = 0; i < 16; i++) {
			or_query oq;
			cp_query q;
			cp_cap caps[2];
			size_t avoid[OR_N_MAX], n, j, k, n_points = 0;
			size_t n_front = 0;
			int by[2];
			const cp_cost *objectives[2];
			cp_routes *routes = NULL;
			cp_error err;
			int status;
			by[0] = (int)or_rand(&rng, OR_N_COSTS);
			by[1] = (by[0] + 1 +
				 (int)or_rand(&rng, OR_N_COSTS - 1)) %
				OR_N_COSTS;
			or_query_init(&oq, or_rand(&rng, r.n),
				      or_rand(&rng, r.n), by[0]);
			if (or_rand(&rng, 3) == 0)
				or_random_cap(&oq, &rng);
			if (or_rand(&rng, 3) == 0)
				or_random_cap(&oq, &rng);
			if (or_rand(&rng, 4) == 0) {
				oq.via[0] = or_rand(&rng, r.n);
				oq.n_via = 1;
			}
			or_random_rules(&oq, &r, &rng);
			/* the first objective stands for the cost; routes on
			 * which the second is blank are out */
			n = or_routes(all, &r, &oq);
			for (j = 0; j < n; j++) {
				points[n_points].v[0] = all[j].cost;
				points[n_points].v[1] = or_path_cost(
					&r, &all[j], by[1], oq.experience);
				points[n_points].path = j;
				n_points += !isnan(points[n_points].v[1]);
			}
			/* the enumeration is in route order: the first of
			 * equal totals is the one to show (shared counts the
			 * routes that lose so) */
			for (j = 0; j < n_points; j++) {
				for (k = 0; k < n_front; k++)
					if (front[k].v[0] == points[j].v[0] &&
					    front[k].v[1] == points[j].v[1])
						break;
				if (k == n_front &&
				    !beaten(&points[j], points, n_points))
					front[n_front++] = points[j];
				else if (k < n_front)
					shared++;
			}
			or_to_query(&q, &r, &oq, caps, avoid);
			objectives[0] = r.costs[by[0]];
			objectives[1] = r.costs[by[1]];
			q.kind = CP_QUERY_PARETO;
			q.objectives = objectives;
			q.n_objectives = 2;
			status = cp_search(&routes, g, &q, &err);
			assert_int_equal(status, n_front ? 0 : CP_ENOROUTE);
			assert_int_equal(routes->count, n_front);
			multi += n_front > 1;
			for (j = 0; j < routes->count; j++) {
				const cp_route *got = &routes->items[j];
				const point *want = NULL;
				or_path p;
				/* sorted by the first cost; the second falls */
				if (j) {
					const cp_route *last =
						&routes->items[j - 1];
					assert_true(last->cost < got->cost);
				}
				or_path_of(&p, got, &r, by[1], oq.experience);
				for (k = 0; k < n_front; k++)
					if (front[k].v[0] == got->cost &&
					    front[k].v[1] == p.cost)
						want = &front[k];
				if (!want)
					fail_msg("(%g, %g) is not on the front",
						 got->cost, p.cost);
				or_assert_route(got, &r, &all[want->path],
						oq.experience);
				compared++;
			}
			cp_routes_free(routes);
		}
		or_free(&r, g);
	}
	assert_true(compared > 1500 && multi > 80 && shared > 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_worked_front),
		cmocka_unit_test(test_blank_second_metric),
		cmocka_unit_test(test_equal_totals_keep_the_tie_rule),
		cmocka_unit_test(test_random_against_enumeration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

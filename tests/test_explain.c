/* Why there is no route: hand-worked, and caps against enumeration. */
#include "oracle.h"

#include <math.h>
#include <string.h>

static void test_unreachable(void **state)
{
	cp_graph *g = th_load_fixture("small");
	cp_query q = CP_QUERY_INIT;
	cp_why *why = NULL;
	cp_error err;
	(void)state;
	/* d leads nowhere, and comes after a: nothing d reaches is nearer */
	assert_int_equal(cp_role_find(&q.from, g, "d", &err), 0);
	assert_int_equal(cp_role_find(&q.to, g, "a", &err), 0);
	assert_int_equal(cp_explain(&why, g, &q, &err), 0);
	assert_int_equal(why->kind, CP_WHY_UNREACHABLE);
	assert_int_equal(why->n_nearest, 0);
	assert_true(why->past);
	cp_why_free(why);
	cp_why_free(NULL);
	cp_graph_free(g);
}

static void test_conditions_and_caps(void **state)
{
	cp_graph *g = th_load_fixture("small");
	cp_query q = CP_QUERY_INIT;
	cp_cost *months = NULL, *dollars = th_cost(g, "cost_usd");
	cp_cap caps[2] = {{NULL, 5500}, {NULL, 8}};
	size_t via;
	cp_why *why = NULL;
	cp_error err;
	(void)state;
	assert_int_equal(cp_cost_parse(&months, g, "months", &err), 0);
	caps[0].cost = dollars;
	caps[1].cost = months;
	q.cost = months;
	assert_int_equal(cp_role_find(&q.from, g, "a", &err), 0);
	assert_int_equal(cp_role_find(&q.to, g, "b", &err), 0);
	/* nothing leads from c back to b */
	assert_int_equal(cp_role_find(&via, g, "c", &err), 0);
	q.via = &via;
	q.n_via = 1;
	assert_int_equal(cp_explain(&why, g, &q, &err), 0);
	assert_int_equal(why->kind, CP_WHY_CONDITIONS);
	cp_why_free(why);
	/* a to d within $5500 and 8 months: the cheapest route costs $6000
	 * (12+3 months, too long), the quickest 9 months ($10000) */
	assert_int_equal(cp_role_find(&q.to, g, "d", &err), 0);
	q.n_via = 0;
	q.caps = caps;
	q.n_caps = 2;
	assert_int_equal(cp_explain(&why, g, &q, &err), 0);
	assert_int_equal(why->kind, CP_WHY_CAPS);
	assert_int_equal(why->n_needed, 2);
	/* with months <= 8 kept, no dollar cap helps; with <= $5500 kept,
	 * no month cap does */
	assert_true(isnan(why->needed[0]));
	assert_true(isnan(why->needed[1]));
	cp_why_free(why);
	/* one cap alone: the cheapest route's $6000 is the smallest cap */
	q.n_caps = 1;
	assert_int_equal(cp_explain(&why, g, &q, &err), 0);
	assert_true(why->needed[0] == 6000);
	cp_why_free(why);
	cp_cost_free(months);
	cp_cost_free(dollars);
	cp_graph_free(g);
}

/*
 * A blank cost is a value not known, not a reason: the $5 transition with
 * no months is within the cap, at least 0 months, so there is a route and
 * nothing to explain; below $5 the cap needed is $5, not the $50 of the
 * row whose months are known.
 */
static void test_blank_costs_are_moves(void **state)
{
	cp_graph *g =
		th_load("id,title\na,A\nd,D\n", "from,to,months,cost_usd\n"
						"a,d,,5\n"
						"a,d,3,50\n");
	cp_query q = CP_QUERY_INIT;
	cp_cost *months = th_cost(g, "months"),
		*dollars = th_cost(g, "cost_usd");
	cp_cap cap = {dollars, 10};
	cp_routes *routes = NULL;
	cp_why *why = NULL;
	cp_error err;
	(void)state;
	q.from = 0;
	q.to = 1;
	q.cost = months;
	q.caps = &cap;
	q.n_caps = 1;
	assert_int_equal(cp_search(&routes, g, &q, &err), 0);
	assert_int_equal(routes->items[0].transitions[0], 0);
	assert_true(routes->items[0].cost == 0);
	cp_routes_free(routes);
	cap.max = 4;
	assert_int_equal(cp_explain(&why, g, &q, &err), 0);
	assert_int_equal(why->kind, CP_WHY_CAPS);
	assert_true(why->needed[0] == 5);
	cp_why_free(why);
	cp_cost_free(months);
	cp_cost_free(dollars);
	cp_graph_free(g);
}

/*
 * Queries with no route, against the enumeration: unreachable when no
 * route is left with the caps, avoid, via and wage rule all dropped;
 * conditions when one is left with only the caps dropped; caps otherwise,
 * each needed value the least total of that cap's cost over the routes
 * that keep the others (and can use every cost), credit counted.
 */
static void test_caps_against_enumeration(void **state)
{
	static or_path all[OR_PATHS_MAX];
	uint64_t rng = 5150;
	size_t round, kinds[3] = {0, 0, 0};
	(void)state;
	for (round = 0; round < 300; round++) {
		or_graph r;
		cp_graph *g = or_random(&r, &rng);
		size_t i;
		for (i = 0; i < 8; i++) {
			or_query oq, loose;
			cp_query q;
			cp_cap caps[2];
			size_t avoid[OR_N_MAX], n, j, c;
			cp_why *why = NULL;
			cp_error err;
			cp_why_kind kind;
			or_query_init(&oq, or_rand(&rng, r.n),
				      or_rand(&rng, r.n),
				      (int)or_rand(&rng, OR_N_COSTS));
			or_random_cap(&oq, &rng);
			if (or_rand(&rng, 2))
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
			if (or_routes(all, &r, &oq))
				continue;
			loose = oq;
			loose.n_caps = 0;
			if (or_routes(all, &r, &loose)) {
				kind = CP_WHY_CAPS;
			} else {
				memset(loose.avoid, 0, sizeof(loose.avoid));
				loose.n_via = 0;
				loose.has_min_gain = 0;
				loose.n_rules = 0;
				kind = or_routes(all, &r, &loose)
					       ? CP_WHY_CONDITIONS
					       : CP_WHY_UNREACHABLE;
			}
			or_to_query(&q, &r, &oq, caps, avoid);
			assert_int_equal(cp_explain(&why, g, &q, &err), 0);
			assert_int_equal(why->kind, kind);
			kinds[kind]++;
			if (kind != CP_WHY_CAPS) {
				cp_why_free(why);
				continue;
			}
			assert_int_equal(why->n_needed, oq.n_caps);
			for (c = 0; c < oq.n_caps; c++) {
				double least = NAN;
				/* cap c lifted, but its cost still needed */
				loose = oq;
				loose.cap_max[c] = INFINITY;
				n = or_routes(all, &r, &loose);
				for (j = 0; j < n; j++) {
					double total = or_path_cost(
						&r, &all[j], oq.cap_cost[c],
						oq.experience);
					if (isnan(least) || total < least)
						least = total;
				}
				if (!(why->needed[c] == least ||
				      (isnan(least) && isnan(why->needed[c]))))
					fail_msg("cap %zu on '%s': needed %g, "
						 "expected %g",
						 c,
						 or_costs[oq.cap_cost[c]].text,
						 why->needed[c], least);
			}
			cp_why_free(why);
		}
		or_free(&r, g);
	}
	assert_true(kinds[CP_WHY_CAPS] > 100 && kinds[CP_WHY_CONDITIONS] > 30 &&
		    kinds[CP_WHY_UNREACHABLE] > 100);
}

/*
 * Each reason an answer gives for no route, on a graph where each can be
 * checked by hand:
 *   y -> a -> b (months blank) -> c -> z, a -> c (10 months), a -> n,
 *   p -> q.
 * The first case is the one that used to be told wrong: the only way from
 * a to b has a blank, and the reason given was that b comes before a.
 */
static cp_graph *reasons_graph(void)
{
	return th_load("id,title\na,A\nb,B\nc,C\nz,Z\ny,Y\nn,N\np,P\nq,Q\n",
		       "from,to,months\n"
		       "a,b,\n"
		       "b,c,2\n"
		       "a,c,10\n"
		       "c,z,1\n"
		       "y,a,1\n"
		       "a,n,1\n"
		       "p,q,1\n");
}

/* The reason for q in words, with the kind checked. */
static void assert_reason(const cp_graph *g, const cp_query *q,
			  cp_why_kind kind, const char *text)
{
	cp_routes *routes = NULL;
	cp_why *why = NULL;
	cp_buf out = CP_BUF_INIT;
	cp_error err;
	assert_int_equal(cp_search(&routes, g, q, &err), CP_ENOROUTE);
	cp_routes_free(routes);
	assert_int_equal(cp_explain(&why, g, q, &err), 0);
	assert_int_equal(why->kind, kind);
	cp_buf_init(&out);
	assert_int_equal(cp_why_describe(&out, g, why), 0);
	assert_string_equal(out.ptr, text);
	cp_buf_free(&out);
	cp_why_free(why);
}

static size_t role(const cp_graph *g, const char *id)
{
	size_t r;
	cp_error err;
	assert_int_equal(cp_role_find(&r, g, id, &err), 0);
	return r;
}

/* Whether q, loosened as given, has a route. */
static int has_route(const cp_graph *g, const cp_query *q)
{
	cp_routes *routes = NULL;
	cp_error err;
	int status = cp_search(&routes, g, q, &err);
	cp_routes_free(routes);
	assert_true(status == 0 || status == CP_ENOROUTE);
	return status == 0;
}

static void test_each_reason_is_true(void **state)
{
	cp_graph *g = reasons_graph();
	cp_cost *months = th_cost(g, "months");
	cp_query q = CP_QUERY_INIT, back;
	cp_cap cap = {months, 1};
	size_t avoid;
	(void)state;
	q.cost = months;
	/* the blank move is a move: a route, no reason to give */
	q.from = role(g, "a");
	q.to = role(g, "b");
	assert_true(has_route(g, &q));
	/* y comes before b: y -> a -> b, and nothing from b reaches y */
	q.from = role(g, "b");
	q.to = role(g, "y");
	back = q;
	back.from = q.to;
	back.to = q.from;
	assert_true(has_route(g, &back));
	assert_reason(g, &q, CP_WHY_UNREACHABLE,
		      "'Y' comes before 'B': routes lead from it, not back");
	/* from c: z is reachable; n hangs off a, two steps from c */
	q.from = role(g, "c");
	q.to = role(g, "n");
	assert_reason(g, &q, CP_WHY_UNREACHABLE,
		      "of the roles reachable from 'C', the nearest to 'N' is "
		      "'C' itself (2 transitions away, counting either "
		      "direction)");
	/* q is in another component altogether */
	q.from = role(g, "a");
	q.to = role(g, "q");
	assert_reason(g, &q, CP_WHY_UNREACHABLE,
		      "'Q' is not connected to any role that 'A' leads to");
	/* the only way from b to z passes c */
	q.from = role(g, "b");
	q.to = role(g, "z");
	avoid = role(g, "c");
	q.avoid = &avoid;
	q.n_avoid = 1;
	assert_reason(g, &q, CP_WHY_CONDITIONS,
		      "routes to 'Z' exist, but none keeps out of the avoided "
		      "roles");
	q.n_avoid = 0;
	assert_true(has_route(g, &q));
	/* a to c within 1 month: by b it is at least 2 (the blank counts 0) */
	q.from = role(g, "a");
	q.to = role(g, "c");
	q.caps = &cap;
	q.n_caps = 1;
	assert_reason(g, &q, CP_WHY_CAPS,
		      "routes to 'C' exist, but none within the caps: a cap of "
		      "2 on months would admit one");
	cap.max = 2;
	assert_true(has_route(g, &q));
	cp_cost_free(months);
	cp_graph_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unreachable),
		cmocka_unit_test(test_conditions_and_caps),
		cmocka_unit_test(test_blank_costs_are_moves),
		cmocka_unit_test(test_each_reason_is_true),
		cmocka_unit_test(test_caps_against_enumeration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

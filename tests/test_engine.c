/* Caps and via (label setting): hand-worked routes, and random graphs
 * against the enumeration of every route (oracle.c), with kinds of roles,
 * experience credit, the wage rule and caps on cost expressions. */
#include "oracle.h"
#include "search/search_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static cp_routes *ask(const cp_graph *g, const cp_query *q, int want)
{
	cp_routes *routes = NULL;
	cp_error err;
	int status = cp_search(&routes, g, q, &err);
	if (status != want)
		fail_msg("status %d, expected %d (%s)", status, want, err.text);
	return routes;
}

static size_t role(const cp_graph *g, const char *name)
{
	size_t r;
	cp_error err;
	assert_int_equal(cp_role_find(&r, g, name, &err), 0);
	return r;
}

/* tests/data/small: see test_search.c for its transitions. */
static void test_hand_worked_caps_and_via(void **state)
{
	cp_graph *g = th_load_fixture("small");
	cp_query q = CP_QUERY_INIT;
	cp_cost *months = NULL, *dollars = th_cost(g, "cost_usd");
	cp_cap cap = {dollars, 8000};
	size_t via = role(g, "c"), avoid = role(g, "b");
	cp_routes *r;
	cp_error err;
	(void)state;
	assert_int_equal(cp_cost_parse(&months, g, "months", &err), 0);
	q.from = role(g, "a");
	q.to = role(g, "d");
	q.cost = months;
	/* $8000 rules out the fast programme (9000): 12+3 months, $6000 */
	q.caps = &cap;
	q.n_caps = 1;
	r = ask(g, &q, 0);
	assert_true(r->items[0].cost == 15);
	assert_int_equal(r->items[0].transitions[0], 0);
	assert_int_equal(r->items[0].transitions[1], 5);
	assert_true(r->items[0].totals[1] == 6000);
	cp_routes_free(r);
	/* $5500 rules out every route */
	cap.max = 5500;
	r = ask(g, &q, CP_ENOROUTE);
	assert_int_equal(r->count, 0);
	cp_routes_free(r);
	/* a cap at exactly the total passes */
	cap.max = 6000;
	r = ask(g, &q, 0);
	assert_true(r->items[0].cost == 15);
	cp_routes_free(r);
	/* via c: 6+24+0 = 30 beats 40+0 */
	q.n_caps = 0;
	q.via = &via;
	q.n_via = 1;
	r = ask(g, &q, 0);
	assert_true(r->items[0].cost == 30);
	assert_int_equal(r->items[0].n_steps, 3);
	cp_routes_free(r);
	/* avoiding b leaves a->c->d, 40 months */
	q.n_via = 0;
	q.avoid = &avoid;
	q.n_avoid = 1;
	r = ask(g, &q, 0);
	assert_true(r->items[0].cost == 40);
	cp_routes_free(r);
	cp_cost_free(months);
	cp_cost_free(dollars);
	cp_graph_free(g);
}

static void test_bad_conditions(void **state)
{
	cp_graph *g = th_load_fixture("small");
	cp_query q = CP_QUERY_INIT;
	size_t a = role(g, "a"), b = role(g, "b");
	cp_routes *r = NULL;
	cp_error err;
	int status;
	(void)state;
	q.from = a;
	q.to = role(g, "d");
	q.avoid = &a;
	q.n_avoid = 1;
	status = cp_search(&r, g, &q, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"cannot avoid 'Alpha Aide': the route starts there");
	q.avoid = &b;
	q.via = &b;
	q.n_via = 1;
	status = cp_search(&r, g, &q, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"cannot both avoid and go via 'Beta Tech'");
	assert_null(r);
	cp_graph_free(g);
}

static void test_limit_stops_the_search(void **state)
{
	cp_graph *g = th_load_fixture("small");
	cp_query q = CP_QUERY_INIT;
	size_t via = role(g, "c");
	cp_routes *r = NULL;
	cp_error err;
	int status;
	(void)state;
	q.from = role(g, "a");
	q.to = role(g, "d");
	q.via = &via;
	q.n_via = 1;
	q.limit = 2;
	status = cp_search(&r, g, &q, &err);
	th_assert_error(&err, status, CP_ELIMIT, 0, 0,
			"search stopped after 2 labels");
	assert_null(r);
	cp_graph_free(g);
}

/* A cap that rules nothing out changes nothing, ties included. */
static void test_caps_keep_the_tie_rule(void **state)
{
	cp_graph *g =
		th_load("id,title\na,A\nb,B\nd,D\n", "from,to,months,cost_usd\n"
						     "a,b,1,5\n"
						     "a,b,1,3\n"
						     "b,d,1,1\n");
	cp_query q = CP_QUERY_INIT;
	cp_cost *months = NULL, *dollars = th_cost(g, "cost_usd");
	cp_cap cap = {dollars, 100};
	cp_routes *r;
	cp_error err;
	(void)state;
	assert_int_equal(cp_cost_parse(&months, g, "months", &err), 0);
	q.from = 0;
	q.to = 2;
	q.cost = months;
	r = ask(g, &q, 0);
	assert_int_equal(r->items[0].transitions[0], 0);
	cp_routes_free(r);
	q.caps = &cap;
	q.n_caps = 1;
	r = ask(g, &q, 0);
	assert_int_equal(r->items[0].transitions[0], 0);
	cp_routes_free(r);
	q.k = 2;
	r = ask(g, &q, 0);
	assert_int_equal(r->items[0].transitions[0], 0);
	assert_int_equal(r->items[1].transitions[0], 1);
	cp_routes_free(r);
	cp_cost_free(months);
	cp_cost_free(dollars);
	cp_graph_free(g);
}

/* Sums past the largest double fail the query, with or without caps. */
static void test_overflowing_sums(void **state)
{
	cp_graph *g =
		th_load("id,title\na,A\nb,B\nc,C\n", "from,to,cost_usd,months\n"
						     "a,b,1e308,1\n"
						     "b,c,1e308,1\n");
	cp_query q = CP_QUERY_INIT;
	cp_cost *dollars = NULL, *steps = th_cost(g, "steps");
	cp_cap cap = {steps, 5};
	cp_error err;
	(void)state;
	assert_int_equal(cp_cost_parse(&dollars, g, "cost_usd", &err), 0);
	q.from = 0;
	q.to = 2;
	q.cost = dollars;
	/* the route is there: its total overflows, which is no "no route" */
	assert_null(ask(g, &q, CP_EOVERFLOW));
	q.caps = &cap;
	q.n_caps = 1;
	assert_null(ask(g, &q, CP_EOVERFLOW));
	cp_cost_free(dollars);
	cp_cost_free(steps);
	cp_graph_free(g);
}

static void random_query(or_query *q, const or_graph *r, uint64_t *rng)
{
	size_t i;
	or_query_init(q, or_rand(rng, r->n), or_rand(rng, r->n),
		      (int)or_rand(rng, OR_N_COSTS));
	if (or_rand(rng, 2))
		or_random_cap(q, rng);
	if (or_rand(rng, 2))
		or_random_cap(q, rng);
	q->n_via = or_rand(rng, 3);
	for (i = 0; i < q->n_via; i++)
		q->via[i] = or_rand(rng, r->n);
	if (or_rand(rng, 3) == 0) {
		size_t a = or_rand(rng, r->n);
		int clash = a == q->from || a == q->to;
		for (i = 0; i < q->n_via; i++)
			clash |= a == q->via[i];
		if (!clash)
			q->avoid[a] = 1;
	}
	or_random_rules(q, r, rng);
}

/*
 * Checks a route is a real one that meets q: each step one the role may
 * take (its own transition or an ancestor's), into no avoided role, keeping
 * the wage rule and the career rules, via roles in order, caps kept with the
 * credit counted.
 */
static void assert_meets(const cp_route *route, const or_graph *r,
			 const or_query *q)
{
	size_t i, c, at = q->from, stage = 0;
	double caps[2] = {0, 0};
	while (stage < q->n_via && q->via[stage] == at)
		stage++;
	assert_int_equal(route->roles[0], at);
	for (i = 0; i < route->n_steps; i++) {
		size_t t = route->transitions[i], next = r->to[t];
		assert_true(or_takes(r, at, t));
		assert_int_equal(route->roles[i + 1], next);
		assert_false(q->avoid[next]);
		assert_true(or_step_allowed(r, q, at, t));
		for (c = 0; c < q->n_caps; c++)
			caps[c] += or_step_cost(r, t, q->cap_cost[c],
						i ? 0 : q->experience);
		at = next;
		while (stage < q->n_via && q->via[stage] == at)
			stage++;
	}
	assert_int_equal(at, q->to);
	assert_int_equal(stage, q->n_via);
	for (c = 0; c < q->n_caps; c++)
		assert_true(caps[c] <= q->cap_max[c]);
}

/* Whether a route's cost rests on a step whose value is not known. */
static int rests_on_unknown(const or_graph *r, const cp_route *route,
			    int objective)
{
	size_t i;
	int m;
	for (i = 0; i < route->n_steps; i++)
		for (m = 0; m < OR_N_METRICS; m++)
			if (or_costs[objective].weight[m] != 0 &&
			    isnan(r->value[route->transitions[i]][m]))
				return 1;
	return 0;
}

static void test_random_against_enumeration(void **state)
{
	static or_path all[OR_PATHS_MAX];
	uint64_t rng = 424242;
	size_t round, checked = 0, empty = 0, expression_caps = 0, unknown = 0;
	(void)state;
	for (round = 0; round < 400; round++) {
		or_graph r;
		cp_graph *g = or_random(&r, &rng);
		size_t i;
		for (i = 0; i < 12; i++) {
			or_query oq;
			cp_query q;
			cp_cap caps[2];
			size_t avoid[OR_N_MAX], n, c;
			cp_routes *routes;
			random_query(&oq, &r, &rng);
			n = or_routes(all, &r, &oq);
			or_to_query(&q, &r, &oq, caps, avoid);
			routes = ask(g, &q, n ? 0 : CP_ENOROUTE);
			assert_int_equal(routes->skipped, 0);
			if (n) {
				unknown += rests_on_unknown(
					&r, &routes->items[0], oq.objective);
				assert_int_equal(routes->count, 1);
				assert_meets(&routes->items[0], &r, &oq);
				or_assert_route(&routes->items[0], &r, &all[0],
						oq.experience);
				checked++;
				for (c = 0; c < oq.n_caps; c++)
					expression_caps +=
						oq.cap_cost[c] == 4 ||
						oq.cap_cost[c] == 5;
			} else {
				assert_int_equal(routes->count, 0);
				empty++;
			}
			cp_routes_free(routes);
		}
		or_free(&r, g);
	}
	assert_true(checked > 1000 && empty > 300 && expression_caps > 200 &&
		    unknown > 100);
}

/*
 * The plain search (Dijkstra) and the label-setting engine answer the same
 * query the same way: a cap of infinity on steps, which rules nothing out,
 * sends the query to the engine.
 */
static void test_plain_and_engine_agree(void **state)
{
	static or_path all[OR_PATHS_MAX];
	uint64_t rng = 1618;
	size_t round, compared = 0;
	(void)state;
	for (round = 0; round < 300; round++) {
		or_graph r;
		cp_graph *g = or_random(&r, &rng);
		size_t i;
		for (i = 0; i < 12; i++) {
			or_query oq;
			cp_query q;
			cp_cap caps[2], none = {NULL, INFINITY};
			size_t avoid[OR_N_MAX], n, j;
			cp_routes *plain, *engine;
			or_query_init(&oq, or_rand(&rng, r.n),
				      or_rand(&rng, r.n),
				      (int)or_rand(&rng, OR_N_COSTS));
			or_random_rules(&oq, &r, &rng);
			if (or_rand(&rng, 3) == 0 && oq.from != oq.to) {
				size_t a = or_rand(&rng, r.n);
				oq.avoid[a] = a != oq.from && a != oq.to;
			}
			n = or_routes(all, &r, &oq);
			or_to_query(&q, &r, &oq, caps, avoid);
			plain = ask(g, &q, n ? 0 : CP_ENOROUTE);
			none.cost = r.costs[0];
			q.caps = &none;
			q.n_caps = 1;
			engine = ask(g, &q, n ? 0 : CP_ENOROUTE);
			assert_int_equal(plain->count, engine->count);
			assert_int_equal(plain->skipped, engine->skipped);
			for (j = 0; j < plain->count; j++) {
				or_assert_route(&plain->items[j], &r, &all[0],
						oq.experience);
				or_assert_route(&engine->items[j], &r, &all[0],
						oq.experience);
				compared++;
			}
			cp_routes_free(plain);
			cp_routes_free(engine);
		}
		or_free(&r, g);
	}
	assert_true(compared > 1500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_worked_caps_and_via),
		cmocka_unit_test(test_bad_conditions),
		cmocka_unit_test(test_limit_stops_the_search),
		cmocka_unit_test(test_caps_keep_the_tie_rule),
		cmocka_unit_test(test_overflowing_sums),
		cmocka_unit_test(test_random_against_enumeration),
		cmocka_unit_test(test_plain_and_engine_agree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

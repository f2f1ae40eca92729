/*
 * A query's budget: its deadline (cp_query.timeout), its cancel hook, its
 * bound on work (cp_query.limit) over all of its searches, and totals
 * that pass the largest double, which fail the query (CP_EOVERFLOW)
 * rather than make a route disappear.
 */
#include "helpers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * A ladder of `layers` layers of `width` roles, every role of a layer
 * leading to every role of the next, with months that differ: width^layers
 * routes from the first role to the last, far more than any k reaches,
 * and each of Yen's spur searches has many labels to settle.
 */
static cp_graph *ladder(size_t layers, size_t width)
{
	cp_buf roles = CP_BUF_INIT, moves = CP_BUF_INIT;
	size_t l, i, j;
	cp_graph *g;
	assert_int_equal(cp_buf_puts(&roles, "id,title\ns,S\n"), 0);
	assert_int_equal(cp_buf_puts(&moves, "from,to,months\n"), 0);
	for (l = 0; l < layers; l++)
		for (i = 0; i < width; i++) {
			assert_int_equal(cp_buf_printf(&roles,
						       "r%zu_%zu,R%zu %zu\n", l,
						       i, l, i),
					 0);
			if (!l)
				assert_int_equal(cp_buf_printf(&moves,
							       "s,r0_%zu,%zu\n",
							       i, i + 1),
						 0);
			for (j = 0; l + 1 < layers && j < width; j++)
				assert_int_equal(
					cp_buf_printf(&moves,
						      "r%zu_%zu,r%zu_%zu,%zu\n",
						      l, i, l + 1, j,
						      (i * 7 + j * 3) % 11 + 1),
					0);
		}
	g = th_load(roles.ptr, moves.ptr);
	cp_buf_free(&roles);
	cp_buf_free(&moves);
	return g;
}

static size_t role(const cp_graph *g, const char *name)
{
	size_t r;
	cp_error err;
	assert_int_equal(cp_role_find(&r, g, name, &err), 0);
	return r;
}

/* Thousands of routes asked with no bound on work: the deadline stops the
 * search, soon after it passes. */
static void test_deadline_stops_k_routes(void **state)
{
	cp_graph *g = ladder(30, 12);
	cp_cost *months = th_cost(g, "months");
	cp_query q = CP_QUERY_INIT;
	cp_routes *r = NULL;
	cp_error err;
	double started, took;
	int status;
	(void)state;
	q.from = role(g, "s");
	q.to = role(g, "r29_0");
	q.cost = months;
	q.k = 10000;
	q.limit = (size_t)1 << 40;
	q.timeout = 0.3;
	started = seconds_now();
	status = cp_search(&r, g, &q, &err);
	took = seconds_now() - started;
	th_assert_error(&err, status, CP_ETIMEOUT, 0, 0,
			"search stopped after 0.3 s without finishing (the "
			"deadline on its time)");
	assert_null(r);
	/* a generous bound: the clock is read every 1024 labels */
	assert_true(took >= 0.3);
	if (took > 5)
		fail_msg("stopped %.2f s after a deadline of 0.3 s", took);
	cp_cost_free(months);
	cp_graph_free(g);
}

/* The same under a cap: label setting, with resources on every label. */
static void test_deadline_stops_capped_k_routes(void **state)
{
	cp_graph *g = ladder(30, 12);
	cp_cost *months = th_cost(g, "months"), *steps = th_cost(g, "steps");
	cp_cap cap = {steps, 40};
	cp_query q = CP_QUERY_INIT;
	cp_routes *r = NULL;
	cp_error err;
	double started;
	(void)state;
	q.from = role(g, "s");
	q.to = role(g, "r29_0");
	q.cost = months;
	q.caps = &cap;
	q.n_caps = 1;
	q.k = 10000;
	q.limit = (size_t)1 << 40;
	q.timeout = 0.2;
	started = seconds_now();
	assert_int_equal(cp_search(&r, g, &q, &err), CP_ETIMEOUT);
	assert_true(seconds_now() - started < 5);
	assert_null(r);
	cp_cost_free(months);
	cp_cost_free(steps);
	cp_graph_free(g);
}

typedef struct hook {
	size_t calls;
	size_t stop_at; /* answer yes from this call on; 0: never */
} hook;

static int called_off(void *arg)
{
	hook *h = arg;
	h->calls++;
	return h->stop_at && h->calls >= h->stop_at;
}

/* The hook is asked before the search starts and as it goes; a yes
 * stops it with CP_ECANCELED. */
static void test_cancel_hook(void **state)
{
	cp_graph *g = ladder(30, 12);
	cp_cost *months = th_cost(g, "months");
	cp_query q = CP_QUERY_INIT;
	hook h = {0, 3};
	cp_routes *r = NULL;
	cp_error err;
	int status;
	(void)state;
	q.from = role(g, "s");
	q.to = role(g, "r29_0");
	q.cost = months;
	q.k = 10000;
	q.limit = (size_t)1 << 40;
	q.cancelled = called_off;
	q.cancel_arg = &h;
	status = cp_search(&r, g, &q, &err);
	th_assert_error(&err, status, CP_ECANCELED, 0, 0,
			"search called off before it finished");
	assert_null(r);
	assert_int_equal(h.calls, 3);
	/* called off before it starts: no search at all */
	h.calls = 0;
	h.stop_at = 1;
	q.k = 1;
	assert_int_equal(cp_search(&r, g, &q, &err), CP_ECANCELED);
	assert_int_equal(h.calls, 1);
	/* a hook that never says yes changes nothing: the route found
	 * alone, s -> r0_0 (1 month) then 29 steps */
	h.calls = 0;
	h.stop_at = 0;
	assert_int_equal(cp_search(&r, g, &q, &err), 0);
	assert_int_equal(r->count, 1);
	assert_int_equal(r->items[0].n_steps, 30);
	assert_true(h.calls >= 1);
	cp_routes_free(r);
	cp_cost_free(months);
	cp_graph_free(g);
}

/* A deadline must be a number of seconds >= 0; 0 is none. */
static void test_timeout_checked(void **state)
{
	cp_graph *g = th_load_fixture("small");
	cp_query q = CP_QUERY_INIT;
	cp_routes *r = NULL;
	cp_error err;
	(void)state;
	q.from = role(g, "a");
	q.to = role(g, "d");
	q.timeout = -1;
	th_assert_error(&err, cp_search(&r, g, &q, &err), CP_EINVALID, 0, 0,
			"a deadline must be a number of seconds >= 0, not -1");
	q.timeout = NAN;
	assert_int_equal(cp_search(&r, g, &q, &err), CP_EINVALID);
	q.timeout = 0;
	assert_int_equal(cp_search(&r, g, &q, &err), 0);
	cp_routes_free(r);
	q.timeout = INFINITY;
	assert_int_equal(cp_search(&r, g, &q, &err), 0);
	cp_routes_free(r);
	cp_graph_free(g);
}

/*
 * The bound on work counts the whole query: Yen's spur searches and the
 * candidates they keep draw on one count, and 10,000 routes on the ladder
 * take more than the default. Plain Dijkstra counts nothing.
 */
static void test_limit_counts_the_whole_query(void **state)
{
	cp_graph *g = ladder(30, 12);
	cp_cost *months = th_cost(g, "months");
	cp_query q = CP_QUERY_INIT;
	cp_routes *r = NULL;
	cp_error err;
	(void)state;
	q.from = role(g, "s");
	q.to = role(g, "r29_0");
	q.cost = months;
	q.k = 10000;
	q.limit = 200000;
	th_assert_error(&err, cp_search(&r, g, &q, &err), CP_ELIMIT, 0, 0,
			"search stopped after 200000 labels without "
			"finishing (the limit on its work)");
	assert_null(r);
	q.k = 1;
	q.limit = 1;
	assert_int_equal(cp_search(&r, g, &q, &err), 0);
	assert_int_equal(r->count, 1);
	cp_routes_free(r);
	cp_cost_free(months);
	cp_graph_free(g);
}

/*
 * a -> b -> c, each 1e308 months: the route a -> c exists, and its total
 * passes the largest double. d is reached from a in 1 month, e by
 * nothing.
 */
static cp_graph *huge(void)
{
	return th_load("id,title\na,A\nb,B\nc,C\nd,D\ne,E\n",
		       "from,to,months\na,b,1e308\nb,c,1e308\na,d,1\n");
}

static void assert_overflow(const cp_graph *g, const cp_query *q,
			    const char *cost)
{
	cp_routes *r = NULL;
	cp_error err;
	char message[200];
	snprintf(message, sizeof(message),
		 "the total of %s overflows (a route's total passes the "
		 "largest number)",
		 cost);
	th_assert_error(&err, cp_search(&r, g, q, &err), CP_EOVERFLOW, 0, 0,
			message);
	assert_null(r);
}

/* Every kind of query says the total overflows, never "no route". */
static void test_overflow_is_an_error(void **state)
{
	cp_graph *g = huge();
	cp_cost *months = th_cost(g, "months"), *steps = th_cost(g, "steps"),
		*huge_months = th_cost(g, "1e308*months");
	const cp_cost *objectives[2] = {months, steps};
	size_t target;
	cp_cap cap = {steps, 5};
	cp_query q = CP_QUERY_INIT;
	(void)state;
	q.from = role(g, "a");
	q.to = role(g, "c");
	q.cost = months;
	assert_overflow(g, &q, "months"); /* Dijkstra */
	q.explain = 1;
	assert_overflow(g, &q, "months");
	q.k = 3;
	assert_overflow(g, &q, "months"); /* Yen */
	q.k = 1;
	q.caps = &cap;
	q.n_caps = 1;
	assert_overflow(g, &q, "months"); /* label setting */
	q.n_caps = 0;
	q.explain = 0;
	/* by steps the route is found, and its total of months overflows */
	q.cost = steps;
	assert_overflow(g, &q, "months");
	/* one step whose cost alone overflows */
	q.cost = huge_months;
	q.to = role(g, "b");
	assert_overflow(g, &q, "1e308*months");
	q.cost = months;
	q.kind = CP_QUERY_REACH;
	assert_overflow(g, &q, "months");
	q.kind = CP_QUERY_FEEDERS;
	q.to = role(g, "c");
	assert_overflow(g, &q, "months");
	q.kind = CP_QUERY_PARETO;
	q.objectives = objectives;
	q.n_objectives = 2;
	assert_overflow(g, &q, "months");
	q.kind = CP_QUERY_ROW;
	target = role(g, "c");
	q.targets = &target;
	q.n_targets = 1;
	assert_overflow(g, &q, "months");
	cp_cost_free(months);
	cp_cost_free(steps);
	cp_cost_free(huge_months);
	cp_graph_free(g);
}

/* Where no route overflows, answers are as they were: d in 1 month, and
 * no route to e or back to a. */
static void test_overflow_elsewhere_changes_nothing(void **state)
{
	cp_graph *g = huge();
	cp_cost *months = th_cost(g, "months");
	cp_query q = CP_QUERY_INIT;
	cp_routes *r = NULL;
	cp_error err;
	(void)state;
	q.from = role(g, "a");
	q.to = role(g, "d");
	q.cost = months;
	assert_int_equal(cp_search(&r, g, &q, &err), 0);
	assert_true(r->items[0].cost == 1);
	cp_routes_free(r);
	q.k = 2;
	assert_int_equal(cp_search(&r, g, &q, &err), 0);
	assert_int_equal(r->count, 1);
	cp_routes_free(r);
	q.k = 1;
	q.to = role(g, "e");
	th_assert_error(&err, cp_search(&r, g, &q, &err), CP_ENOROUTE, 0, 0,
			"no route from 'A' to 'E'");
	cp_routes_free(r);
	q.from = role(g, "c");
	q.to = role(g, "a");
	assert_int_equal(cp_search(&r, g, &q, &err), CP_ENOROUTE);
	cp_routes_free(r);
	cp_cost_free(months);
	cp_graph_free(g);
}

/* No deadline is 0 or infinity alike; the cancel hook says who waits,
 * not what is asked, and is not compared. */
static void test_compare_timeout(void **state)
{
	cp_query x = CP_QUERY_INIT, y = CP_QUERY_INIT;
	hook h = {0, 0};
	(void)state;
	y.timeout = INFINITY;
	y.cancelled = called_off;
	y.cancel_arg = &h;
	assert_int_equal(cp_query_compare(&x, &y), 0);
	y.timeout = 2;
	assert_true(cp_query_compare(&x, &y) > 0);
	assert_true(cp_query_compare(&y, &x) < 0);
	x.timeout = 2;
	assert_int_equal(cp_query_compare(&x, &y), 0);
	assert_int_equal(h.calls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deadline_stops_k_routes),
		cmocka_unit_test(test_deadline_stops_capped_k_routes),
		cmocka_unit_test(test_cancel_hook),
		cmocka_unit_test(test_timeout_checked),
		cmocka_unit_test(test_limit_counts_the_whole_query),
		cmocka_unit_test(test_overflow_is_an_error),
		cmocka_unit_test(test_overflow_elsewhere_changes_nothing),
		cmocka_unit_test(test_compare_timeout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Cost expressions: what they weigh, and what they refuse. */
#include "helpers.h"

#include <math.h>
#include <string.h>

static int setup(void **state)
{
	*state = th_load_fixture("small");
	return 0;
}

static int teardown(void **state)
{
	cp_graph_free(*state);
	return 0;
}

/* small: transition 0 is a->b with months 12, cost_usd 5000. */
static void expect_cost(const cp_graph *g, const char *expr, size_t e,
			double want)
{
	cp_cost *cost = NULL;
	cp_error err;
	if (cp_cost_parse(&cost, g, expr, &err))
		fail_msg("'%s': %s", expr, err.text);
	if (fabs(cp_cost_of(cost, e) - want) > 1e-9)
		fail_msg("'%s': %g, expected %g", expr, cp_cost_of(cost, e),
			 want);
	assert_string_equal(cp_cost_text(cost), expr);
	cp_cost_free(cost);
}

static void expect_refused(const cp_graph *g, const char *expr, int code,
			   const char *part)
{
	cp_cost *cost = (cp_cost *)&code;
	cp_error err;
	int status = cp_cost_parse(&cost, g, expr, &err);
	th_assert_error(&err, status, code, 0, 0, part);
	assert_null(cost);
}

static void test_weighted_sums(void **state)
{
	const cp_graph *g = *state;
	expect_cost(g, "steps", 0, 1);
	expect_cost(g, "months", 0, 12);
	expect_cost(g, "cost_usd", 0, 5000);
	expect_cost(g, "months+cost_usd/1000", 0, 17);
	expect_cost(g, "2*(months + cost_usd)", 0, 10024);
	expect_cost(g, "months*2 - months", 0, 12);
	expect_cost(g, "3*steps+months", 0, 15);
	expect_cost(g, "0.5e1*months", 0, 60);
	expect_cost(g, "--months", 0, 12);
	expect_cost(g, "months/4/3", 0, 1);
	expect_cost(g, "months - months", 0, 0);
}

static void test_steps_is_recognised(void **state)
{
	const cp_graph *g = *state;
	cp_cost *cost = NULL;
	cp_error err;
	assert_int_equal(cp_cost_parse(&cost, g, "steps", &err), 0);
	assert_true(cp_cost_is_steps(cost));
	cp_cost_free(cost);
	assert_int_equal(cp_cost_parse(&cost, g, "2*steps", &err), 0);
	assert_false(cp_cost_is_steps(cost));
	cp_cost_free(cost);
	assert_true(cp_cost_is_steps(NULL));
	assert_int_equal(
		cp_cost_parse(&cost, g, "cost_usd/1000+2*months+steps", &err),
		0);
	{
		size_t metrics[2] = {9, 9};
		assert_int_equal(cp_cost_metrics(cost, metrics, 2), 2);
		assert_int_equal(metrics[0], 0);
		assert_int_equal(metrics[1], 1);
		assert_int_equal(cp_cost_metrics(cost, metrics, 1), 2);
		assert_int_equal(cp_cost_metrics(NULL, metrics, 2), 0);
	}
	cp_cost_free(cost);
	cp_cost_free(NULL);
}

/* small's metrics are months (0) and cost_usd (1). */
static double cost_of_row(const cp_graph *g, const char *expr,
			  const double *values)
{
	cp_cost *cost = NULL;
	cp_error err;
	double total;
	if (cp_cost_parse(&cost, g, expr, &err))
		fail_msg("'%s': %s", expr, err.text);
	total = cp_cost_of_values(cost, values);
	cp_cost_free(cost);
	return total;
}

static void test_cost_of_values(void **state)
{
	const cp_graph *g = *state;
	const double row[] = {12, 5000}, blank[] = {NAN, 5000};
	assert_true(cost_of_row(g, "months+cost_usd/1000", row) == 17);
	assert_true(cost_of_row(g, "3*steps+months", row) == 15);
	assert_true(cost_of_row(g, "steps", row) == 1);
	assert_true(cost_of_row(g, "cost_usd", blank) == 5000);
	assert_true(isnan(cost_of_row(g, "months+cost_usd", blank)));
	assert_true(cp_cost_of_values(NULL, row) == 1);
}

/* Returns the metric, 9 when the cost is not one metric alone. */
static size_t sole_metric(const cp_graph *g, const char *expr)
{
	cp_cost *cost = NULL;
	cp_error err;
	size_t metric = 9;
	if (cp_cost_parse(&cost, g, expr, &err))
		fail_msg("'%s': %s", expr, err.text);
	if (!cp_cost_is_metric(&metric, cost))
		metric = 9;
	cp_cost_free(cost);
	return metric;
}

static void test_cost_is_metric(void **state)
{
	const cp_graph *g = *state;
	size_t metric = 9;
	assert_int_equal(sole_metric(g, "months"), 0);
	assert_int_equal(sole_metric(g, "2*cost_usd"), 1);
	assert_int_equal(sole_metric(g, "months*2 - months"), 0);
	assert_int_equal(sole_metric(g, "steps"), 9);
	assert_int_equal(sole_metric(g, "months+steps"), 9);
	assert_int_equal(sole_metric(g, "months+cost_usd"), 9);
	assert_int_equal(sole_metric(g, "months - months"), 9);
	assert_false(cp_cost_is_metric(&metric, NULL));
	assert_int_equal(metric, 9);
}

/* The sign of cp_cost_compare(x, y), NULL for a NULL cost; checks that
 * the order turns round when the costs do. */
static int compare(const cp_graph *g, const char *x, const char *y)
{
	cp_cost *cx = NULL, *cy = NULL;
	cp_error err;
	int d;
	if ((x && cp_cost_parse(&cx, g, x, &err)) ||
	    (y && cp_cost_parse(&cy, g, y, &err)))
		fail_msg("'%s' or '%s': %s", x, y, err.text);
	d = cp_cost_compare(cx, cy);
	d = d < 0 ? -1 : d > 0;
	assert_int_equal(cp_cost_compare(cy, cx) < 0   ? -1
			 : cp_cost_compare(cy, cx) > 0 ? 1
						       : 0,
			 -d);
	cp_cost_free(cx);
	cp_cost_free(cy);
	return d;
}

static void test_cost_compare(void **state)
{
	const cp_graph *g = *state;
	/* written otherwise, weighing alike */
	assert_int_equal(compare(g, "months", " months"), 0);
	assert_int_equal(compare(g, "months", "1*months + 0*cost_usd"), 0);
	assert_int_equal(compare(g, "months", "months*2 - months"), 0);
	assert_int_equal(compare(g, "months+cost_usd", "cost_usd+months"), 0);
	assert_int_equal(compare(g, "steps", NULL), 0);
	assert_int_equal(compare(g, "steps", "2*steps - steps"), 0);
	assert_int_equal(compare(g, NULL, NULL), 0);
	/* weighing otherwise: another metric, weight or step */
	assert_int_not_equal(compare(g, "months", "cost_usd"), 0);
	assert_int_not_equal(compare(g, "months", "2*months"), 0);
	assert_int_not_equal(compare(g, "months", "months+steps"), 0);
	assert_int_not_equal(compare(g, "months", "months+cost_usd"), 0);
	assert_int_not_equal(compare(g, "months - months", "steps"), 0);
	assert_int_not_equal(compare(g, "months - months", NULL), 0);
	/* an order: 'months' before '2*months' before '3*months' */
	assert_int_equal(compare(g, "months", "2*months"),
			 compare(g, "2*months", "3*months"));
}

static void test_refusals(void **state)
{
	const cp_graph *g = *state;
	expect_refused(g, "monhts", CP_ENOTFOUND,
		       "unknown metric 'monhts' in cost 'monhts' (did you mean "
		       "'months'? metrics: steps, months, cost_usd)");
	expect_refused(g, "wage", CP_ENOTFOUND,
		       "unknown metric 'wage' in cost 'wage' (metrics: steps, "
		       "months, cost_usd)");
	expect_refused(
		g, "months+", CP_EINVALID,
		"bad cost 'months+' at character 8: expected a number, a "
		"metric or '(', found the end");
	expect_refused(g, "(months", CP_EINVALID,
		       "at character 8: expected ')', found the end");
	expect_refused(
		g, "months cost_usd", CP_EINVALID,
		"at character 8: expected an operator (+ - * /), found 'c'");
	expect_refused(g, "-months", CP_EINVALID,
		       "'months' has the negative weight -1");
	expect_refused(g, "months*cost_usd", CP_EINVALID,
		       "multiply metrics by numbers only");
	expect_refused(g, "1/months", CP_EINVALID, "divide by numbers only");
	expect_refused(g, "months/0", CP_EINVALID, "division by zero");
	expect_refused(g, "months+5", CP_EINVALID,
		       "the constant 5 would add the same to every route");
	expect_refused(g, "1e999*months", CP_EINVALID, "expected a number");
	expect_refused(g, "", CP_EINVALID, "found the end");
}

static void test_deep_nesting_is_refused(void **state)
{
	const cp_graph *g = *state;
	char expr[512];
	memset(expr, '(', 200);
	strcpy(expr + 200, "months");
	expect_refused(g, expr, CP_EINVALID, "nested deeper than 64");
	memset(expr, '-', 200);
	strcpy(expr + 200, "months");
	expect_refused(g, expr, CP_EINVALID, "fewer signs");
}

static void test_blank_metric_is_nan(void **state)
{
	cp_graph *g = th_load_fixture("missing");
	cp_cost *cost = NULL;
	cp_error err;
	(void)state;
	assert_int_equal(cp_cost_parse(&cost, g, "months+cost_usd", &err), 0);
	assert_true(isnan(cp_cost_of(cost, 0)));
	assert_true(cp_cost_of(cost, 1) == 101);
	cp_cost_free(cost);
	assert_int_equal(cp_cost_parse(&cost, g, "months", &err), 0);
	assert_true(cp_cost_of(cost, 0) == 1);
	cp_cost_free(cost);
	cp_graph_free(g);
}

/*
 * Route totals by each metric's rule (tests/data/totals/metrics.csv: tier
 * max, floor min, grade last, months sum), worked by hand from its
 * transitions.csv:
 *   a->b months 2, tier 1, floor 5, grade 7
 *   b->c months 3, tier 3, floor 2, grade 4
 *   c->d months 4, tier 2, floor 6, grade 9
 *   d->e months 1, tier blank, floor 8, grade blank
 */
static int setup_totals(void **state)
{
	*state = th_load_fixture("totals");
	return 0;
}

/* The one route from a to `to` (the fixture is a chain), by steps. */
static cp_routes *route_to(const cp_graph *g, const char *to)
{
	cp_query q = CP_QUERY_INIT;
	cp_routes *routes = NULL;
	cp_error err;
	assert_int_equal(cp_role_find(&q.from, g, "a", &err), 0);
	assert_int_equal(cp_role_find(&q.to, g, to, &err), 0);
	if (cp_search(&routes, g, &q, &err))
		fail_msg("a -> %s: %s", to, err.text);
	assert_int_equal(routes->count, 1);
	return routes;
}

/* The route's total of the metric called name. */
static double total_of(const cp_graph *g, const cp_routes *routes,
		       const char *name)
{
	size_t m;
	assert_int_equal(cp_metric_find(&m, g, name), 0);
	return routes->items[0].totals[m];
}

static void test_declared_rules(void **state)
{
	const cp_graph *g = *state;
	size_t m;
	static const struct {
		const char *metric;
		cp_combine rule;
		const char *name;
	} want[] = {{"months", CP_COMBINE_SUM, "sum"},
		    {"tier", CP_COMBINE_MAX, "max"},
		    {"floor", CP_COMBINE_MIN, "min"},
		    {"grade", CP_COMBINE_LAST, "last"}};
	size_t i;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_int_equal(cp_metric_find(&m, g, want[i].metric), 0);
		assert_int_equal(cp_metric_combine(g, m), want[i].rule);
		assert_string_equal(cp_combine_name(cp_metric_combine(g, m)),
				    want[i].name);
	}
}

static void test_sum_rule(void **state)
{
	const cp_graph *g = *state;
	cp_routes *routes = route_to(g, "d");
	/* 2 + 3 + 4 */
	assert_true(total_of(g, routes, "months") == 9);
	cp_routes_free(routes);
}

static void test_max_rule(void **state)
{
	const cp_graph *g = *state;
	cp_routes *routes = route_to(g, "d");
	/* max(1, 3, 2), where a sum would be 6 */
	assert_true(total_of(g, routes, "tier") == 3);
	cp_routes_free(routes);
	/* a blank counts its lower bound, 0: max(1, 3, 2, 0) */
	routes = route_to(g, "e");
	assert_true(total_of(g, routes, "tier") == 3);
	cp_routes_free(routes);
}

static void test_min_rule(void **state)
{
	const cp_graph *g = *state;
	cp_routes *routes = route_to(g, "d");
	/* min(5, 2, 6) */
	assert_true(total_of(g, routes, "floor") == 2);
	cp_routes_free(routes);
	/* the first step alone: 5, not the 0 a total starts from */
	routes = route_to(g, "b");
	assert_true(total_of(g, routes, "floor") == 5);
	cp_routes_free(routes);
}

static void test_last_rule(void **state)
{
	const cp_graph *g = *state;
	cp_routes *routes = route_to(g, "d");
	/* c->d's 9, where a sum would be 20 */
	assert_true(total_of(g, routes, "grade") == 9);
	cp_routes_free(routes);
	/* b->c's 4, though a->b's 7 is larger */
	routes = route_to(g, "c");
	assert_true(total_of(g, routes, "grade") == 4);
	cp_routes_free(routes);
	/* a blank last step: its lower bound, 0 */
	routes = route_to(g, "e");
	assert_true(total_of(g, routes, "grade") == 0);
	cp_routes_free(routes);
}

static void test_route_of_no_steps_totals_zero(void **state)
{
	const cp_graph *g = *state;
	cp_routes *routes = route_to(g, "a");
	assert_int_equal(routes->items[0].n_steps, 0);
	assert_true(total_of(g, routes, "tier") == 0);
	assert_true(total_of(g, routes, "floor") == 0);
	assert_true(total_of(g, routes, "grade") == 0);
	cp_routes_free(routes);
}

static void test_cost_combine(void **state)
{
	const cp_graph *g = *state;
	static const struct {
		const char *expr;
		cp_combine rule;
		const char *metric;
	} want[] = {{"months", CP_COMBINE_SUM, NULL},
		    {"steps+months", CP_COMBINE_SUM, NULL},
		    {"2*tier", CP_COMBINE_MAX, "tier"},
		    {"months+floor", CP_COMBINE_MIN, "floor"},
		    {"grade/2", CP_COMBINE_LAST, "grade"}};
	size_t i, m, found;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		cp_cost *cost = th_cost(g, want[i].expr);
		found = SIZE_MAX;
		assert_int_equal(cp_cost_combine(cost, g, &found),
				 want[i].rule);
		if (want[i].metric) {
			assert_int_equal(cp_metric_find(&m, g, want[i].metric),
					 0);
			assert_int_equal(found, m);
		}
		cp_cost_free(cost);
	}
	assert_int_equal(cp_cost_combine(NULL, g, NULL), CP_COMBINE_SUM);
}

/* A search adds step by step: it ranks and caps by sums only. */
static void test_search_refuses_other_rules(void **state)
{
	const cp_graph *g = *state;
	cp_query q = CP_QUERY_INIT;
	cp_routes *routes = NULL;
	cp_cost *tier = th_cost(g, "tier"), *mixed = th_cost(g, "months+tier");
	cp_cap cap;
	cp_error err;
	int status;
	assert_int_equal(cp_role_find(&q.from, g, "a", &err), 0);
	assert_int_equal(cp_role_find(&q.to, g, "d", &err), 0);
	q.cost = tier;
	status = cp_search(&routes, g, &q, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"cannot rank routes by 'tier': a route's tier is its "
			"largest step's value (total 'max' in metrics.csv)");
	assert_null(routes);
	q.cost = NULL;
	cap.cost = mixed;
	cap.max = 100;
	q.caps = &cap;
	q.n_caps = 1;
	status = cp_search(&routes, g, &q, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"cannot cap 'months+tier'");
	assert_null(routes);
	cp_cost_free(tier);
	cp_cost_free(mixed);
}

/* A cap on a max metric alone, as a query reads it: every step within. */
static void test_cap_on_max_is_rule_on_each_step(void **state)
{
	const cp_graph *g = *state;
	cp_query q = CP_QUERY_INIT;
	cp_query_parts parts = CP_QUERY_PARTS_INIT;
	cp_word_place place = {CP_PLACE_OPTION, "--max", 0, 0};
	cp_error err;
	assert_int_equal(cp_query_read(&q, &parts, g, cp_query_word_find("max"),
				       "2*tier=4", &place, &err),
			 0);
	assert_int_equal(q.n_caps, 0);
	assert_int_equal(q.n_rules, 1);
	assert_int_equal(q.rules[0].kind, CP_RULE_STEP_MAX);
	assert_string_equal(cp_metric_name(g, q.rules[0].index), "tier");
	/* 2 * tier <= 4 on each step */
	assert_true(q.rules[0].max == 2);
	/* a sum stays a cap */
	assert_int_equal(cp_query_read(&q, &parts, g, cp_query_word_find("max"),
				       "months=5", &place, &err),
			 0);
	assert_int_equal(q.n_caps, 1);
	cp_query_parts_free(&parts);
}

/* a -> d with every step's tier at most 2 leaves out b->c (3): no route */
static void test_cap_on_max_holds_each_step(void **state)
{
	const cp_graph *g = *state;
	cp_query q = CP_QUERY_INIT;
	cp_query_parts parts = CP_QUERY_PARTS_INIT;
	cp_word_place place = {CP_PLACE_OPTION, "--max", 0, 0};
	cp_routes *routes = NULL;
	cp_error err;
	assert_int_equal(cp_role_find(&q.from, g, "a", &err), 0);
	assert_int_equal(cp_role_find(&q.to, g, "d", &err), 0);
	assert_int_equal(cp_query_read(&q, &parts, g, cp_query_word_find("max"),
				       "tier=2", &place, &err),
			 0);
	assert_int_equal(cp_search(&routes, g, &q, &err), CP_ENOROUTE);
	cp_routes_free(routes);
	routes = NULL;
	/* within 3 the route is there, though its tiers sum to 6 */
	parts.rules[0].max = 3;
	assert_int_equal(cp_search(&routes, g, &q, &err), 0);
	assert_true(total_of(g, routes, "tier") == 3);
	cp_routes_free(routes);
	cp_query_parts_free(&parts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_weighted_sums, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_steps_is_recognised, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cost_of_values, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cost_is_metric, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cost_compare, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deep_nesting_is_refused,
						setup, teardown),
		cmocka_unit_test(test_blank_metric_is_nan),
		cmocka_unit_test_setup_teardown(test_declared_rules,
						setup_totals, teardown),
		cmocka_unit_test_setup_teardown(test_sum_rule, setup_totals,
						teardown),
		cmocka_unit_test_setup_teardown(test_max_rule, setup_totals,
						teardown),
		cmocka_unit_test_setup_teardown(test_min_rule, setup_totals,
						teardown),
		cmocka_unit_test_setup_teardown(test_last_rule, setup_totals,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_route_of_no_steps_totals_zero, setup_totals,
			teardown),
		cmocka_unit_test_setup_teardown(test_cost_combine, setup_totals,
						teardown),
		cmocka_unit_test_setup_teardown(test_search_refuses_other_rules,
						setup_totals, teardown),
		cmocka_unit_test_setup_teardown(
			test_cap_on_max_is_rule_on_each_step, setup_totals,
			teardown),
		cmocka_unit_test_setup_teardown(test_cap_on_max_holds_each_step,
						setup_totals, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

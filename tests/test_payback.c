/*
 * The payback of a route (cp_route_payback) worked by hand on routes built
 * step by step, and the destination rules (growing, min_openings,
 * max_payback) on tests/data/payback:
 *
 *   aide  Care Aide     $30,000  employment +2.0%  50,000 openings
 *   tech  Lab Tech      $42,000  -1.5%              8,000
 *   nurse Nurse         $60,000  +5.0%              openings blank
 *   mgr   Ward Manager  wage blank  +3.0%           2,000
 *
 *   aide > tech   6 months, 0 experience, $3,000
 *   tech > nurse 12 months, 12 experience, $10,000
 *   aide > mgr    0 months, 24 experience, $0
 *   nurse > tech  0, 0, $0
 */
#include "helpers.h"

#include <math.h>
#include <string.h>

static cp_graph *graph;
static size_t months, experience, tuition;

static int setup(void **state)
{
	(void)state;
	graph = th_load_fixture("payback");
	assert_int_equal(cp_metric_find(&months, graph, "months"), 0);
	assert_int_equal(
		cp_metric_find(&experience, graph, "experience_months"), 0);
	assert_int_equal(cp_metric_find(&tuition, graph, "cost_usd"), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cp_graph_free(graph);
	return 0;
}

static size_t role(const char *id)
{
	size_t r;
	cp_error err;
	assert_int_equal(cp_role_find(&r, graph, id, &err), 0);
	return r;
}

/*
 * A route through ids (n_steps + 1 of them) whose step i asks steps[i] =
 * {months, experience_months, cost_usd}; NAN for a blank. The transitions
 * are not read by the payback.
 */
#define MAX_STEPS 3
typedef struct built {
	cp_route route;
	size_t roles[MAX_STEPS + 1];
	size_t transitions[MAX_STEPS];
	double values[MAX_STEPS * 8];
} built;

static void build(built *b, const char *const *ids, size_t n_steps,
		  const double (*steps)[3])
{
	size_t i, stride = cp_graph_metric_count(graph);
	assert_true(n_steps <= MAX_STEPS && stride <= 8);
	memset(b, 0, sizeof(*b));
	for (i = 0; i <= n_steps; i++)
		b->roles[i] = role(ids[i]);
	for (i = 0; i < n_steps * stride; i++)
		b->values[i] = 0;
	for (i = 0; i < n_steps; i++) {
		b->values[i * stride + months] = steps[i][0];
		b->values[i * stride + experience] = steps[i][1];
		b->values[i * stride + tuition] = steps[i][2];
	}
	b->route.n_steps = n_steps;
	b->route.roles = b->roles;
	b->route.transitions = b->transitions;
	b->route.values = b->values;
}

static cp_payback_kind payback_of(double *out, const char *const *ids,
				  size_t n_steps, const double (*steps)[3])
{
	built b;
	build(&b, ids, n_steps, steps);
	*out = -1;
	return cp_route_payback(out, graph, &b.route, CP_NO_ROLE);
}

static cp_payback_kind payback_at(double *out, const char *const *ids,
				  size_t n_steps, const double (*steps)[3],
				  double discount)
{
	built b;
	build(&b, ids, n_steps, steps);
	*out = -1;
	return cp_route_payback_at(out, graph, &b.route, CP_NO_ROLE, discount);
}

/*
 * Discounted at 12% a year, monthly m = 1.12^(1/12) - 1 = 0.0094888: the
 * $18,000 of aide > tech against $1,000 a month more. The sum of $1,000 /
 * (1 + m)^k for k = 1 .. 19 is $17,310.89, short; for k = 1 .. 20 it is
 * $18,138.78 (worked month by month), so 20 months. At 100% a year, m =
 * 0.0594631, all the months to come are worth $1,000 / m = $16,817.15 at
 * the end of the route: never. At 0 the answer is the undiscounted 18,
 * and at 90% (m = 0.0549441, $18,200.30 in all) it comes in month 85.
 */
static void test_discounted(void **state)
{
	const char *ids[] = {"aide", "tech"};
	const double steps[][3] = {{6, 0, 3000}};
	double out;
	(void)state;
	assert_int_equal(payback_at(&out, ids, 1, steps, 0.12),
			 CP_PAYBACK_MONTHS);
	assert_true(out == 20);
	assert_int_equal(payback_at(&out, ids, 1, steps, 1.0),
			 CP_PAYBACK_NEVER);
	assert_int_equal(payback_at(&out, ids, 1, steps, 0), CP_PAYBACK_MONTHS);
	assert_true(out == 18);
	assert_int_equal(payback_at(&out, ids, 1, steps, 0.9),
			 CP_PAYBACK_MONTHS);
	assert_true(out == 85);
}

/* One step: $3,000 + 6 months of $30,000 a year = $18,000, against
 * $12,000 a year more = $1,000 a month: exactly 18 months, not 19. */
static void test_one_step_exact(void **state)
{
	const char *ids[] = {"aide", "tech"};
	const double steps[][3] = {{6, 0, 3000}};
	double out;
	(void)state;
	assert_int_equal(payback_of(&out, ids, 1, steps), CP_PAYBACK_MONTHS);
	assert_true(out == 18);
}

/* Work experience in the starting role gives nothing up: the same 18. */
static void test_experience_at_start_costs_nothing(void **state)
{
	const char *ids[] = {"aide", "tech"};
	const double steps[][3] = {{6, 24, 3000}};
	double out;
	(void)state;
	assert_int_equal(payback_of(&out, ids, 1, steps), CP_PAYBACK_MONTHS);
	assert_true(out == 18);
}

/*
 * Two steps: 3,000 + 6 * 2,500 = 18,000; then 10,000 + 12 * 2,500 (training
 * gives up the starting wage) + 12 * (2,500 - 3,500) (a year as a tech
 * earns $1,000 a month more than staying put) = 28,000; 46,000 against
 * ($60,000 - $30,000) / 12 = 2,500 a month: 18.4, the 19th month.
 */
static void test_two_steps(void **state)
{
	const char *ids[] = {"aide", "tech", "nurse"};
	const double steps[][3] = {{6, 0, 3000}, {12, 12, 10000}};
	double out;
	(void)state;
	assert_int_equal(payback_of(&out, ids, 2, steps), CP_PAYBACK_MONTHS);
	assert_true(out == 19);
}

/* Five years as a tech on the way earn 60 * 1,000 more than the 18,000
 * the first step cost: paid back by the end, 0 months. */
static void test_paid_on_the_way(void **state)
{
	const char *ids[] = {"aide", "tech", "nurse"};
	const double steps[][3] = {{6, 0, 3000}, {0, 60, 0}};
	double out;
	(void)state;
	assert_int_equal(payback_of(&out, ids, 2, steps), CP_PAYBACK_MONTHS);
	assert_true(out == 0);
}

static void test_never(void **state)
{
	const char *down[] = {"nurse", "tech"};
	const char *same[] = {"tech", "nurse", "tech"};
	const double free_step[][3] = {{0, 0, 0}, {0, 0, 0}};
	const double blank_cost[][3] = {{NAN, 0, NAN}};
	double out;
	(void)state;
	/* lower pay, even at no cost */
	assert_int_equal(payback_of(&out, down, 1, free_step),
			 CP_PAYBACK_NEVER);
	/* the same pay at the end as at the start */
	assert_int_equal(payback_of(&out, same, 2, free_step),
			 CP_PAYBACK_NEVER);
	/* known to lower pay: never, though its cost is not known */
	assert_int_equal(payback_of(&out, down, 1, blank_cost),
			 CP_PAYBACK_NEVER);
	/* a route of no steps raises nothing */
	assert_int_equal(payback_of(&out, down, 0, free_step),
			 CP_PAYBACK_NEVER);
	assert_true(out == -1);
}

static void test_unknown(void **state)
{
	const char *to_mgr[] = {"aide", "mgr"};
	const char *via_mgr[] = {"aide", "mgr", "nurse"};
	const char *to_tech[] = {"aide", "tech"};
	const double free_steps[][3] = {{0, 0, 0}, {0, 0, 0}};
	const double worked_at_mgr[][3] = {{0, 0, 0}, {0, 6, 0}};
	const double blank_cost[][3] = {{6, 0, NAN}};
	const double blank_months[][3] = {{NAN, 0, 3000}};
	const double blank_experience[][3] = {{6, NAN, 3000}};
	double out;
	(void)state;
	/* the wage at the end is blank */
	assert_int_equal(payback_of(&out, to_mgr, 1, free_steps),
			 CP_PAYBACK_UNKNOWN);
	/* a role on the way with a blank wage is read only when worked in */
	assert_int_equal(payback_of(&out, via_mgr, 2, free_steps),
			 CP_PAYBACK_MONTHS);
	assert_true(out == 0);
	assert_int_equal(payback_of(&out, via_mgr, 2, worked_at_mgr),
			 CP_PAYBACK_UNKNOWN);
	assert_int_equal(payback_of(&out, to_tech, 1, blank_cost),
			 CP_PAYBACK_UNKNOWN);
	assert_int_equal(payback_of(&out, to_tech, 1, blank_months),
			 CP_PAYBACK_UNKNOWN);
	assert_int_equal(payback_of(&out, to_tech, 1, blank_experience),
			 CP_PAYBACK_UNKNOWN);
	assert_string_equal(cp_payback_name(CP_PAYBACK_MONTHS), "months");
	assert_string_equal(cp_payback_name(CP_PAYBACK_NEVER), "never");
	assert_string_equal(cp_payback_name(CP_PAYBACK_UNKNOWN), "unknown");
}

/* A graph without a metric cost_usd cannot tell a payback. */
static void test_graph_without_cost(void **state)
{
	cp_graph *rules = th_load_fixture("rules");
	cp_query q = CP_QUERY_INIT;
	cp_routes *r = NULL;
	cp_error err;
	double out;
	(void)state;
	assert_int_equal(cp_role_find(&q.from, rules, "aide", &err), 0);
	assert_int_equal(cp_role_find(&q.to, rules, "ma", &err), 0);
	assert_int_equal(cp_search(&r, rules, &q, &err), 0);
	/* aide $30,000 -> ma $40,000: a raise whose cost is not known */
	assert_int_equal(
		cp_route_payback(&out, rules, &r->items[0], CP_NO_ROLE),
		CP_PAYBACK_UNKNOWN);
	cp_routes_free(r);
	cp_graph_free(rules);
}

/* ---- destination rules ---- */

static cp_routes *reach(const char *from, cp_query q)
{
	cp_routes *r = NULL;
	cp_error err;
	q.kind = CP_QUERY_REACH;
	q.from = role(from);
	assert_int_equal(cp_search(&r, graph, &q, &err), 0);
	return r;
}

static int lists(const cp_routes *r, const char *id)
{
	size_t i;
	for (i = 0; i < r->count; i++)
		if (!strcmp(cp_role_id(graph,
				       r->items[i].roles[r->items[i].n_steps]),
			    id))
			return 1;
	return 0;
}

static void test_growing(void **state)
{
	cp_query q = CP_QUERY_INIT;
	cp_routes *r;
	(void)state;
	r = reach("aide", q);
	assert_int_equal(r->count, 3);
	assert_int_equal(r->left_out, 0);
	cp_routes_free(r);
	/* tech shrinks (-1.5%): left out */
	q.growing = 1;
	r = reach("aide", q);
	assert_int_equal(r->count, 2);
	assert_true(lists(r, "nurse") && lists(r, "mgr") && !lists(r, "tech"));
	assert_int_equal(r->left_out, 1);
	assert_int_equal(r->left_out_unknown, 0);
	cp_routes_free(r);
}

static void test_min_openings(void **state)
{
	cp_query q = CP_QUERY_INIT;
	cp_routes *r;
	(void)state;
	/* tech 8,000 kept; mgr 2,000 below; nurse's openings blank */
	q.has_min_openings = 1;
	q.min_openings = 5000;
	r = reach("aide", q);
	assert_int_equal(r->count, 1);
	assert_true(lists(r, "tech"));
	assert_int_equal(r->left_out, 2);
	assert_int_equal(r->left_out_unknown, 1);
	cp_routes_free(r);
	/* at least 8,000 keeps 8,000 */
	q.min_openings = 8000;
	r = reach("aide", q);
	assert_int_equal(r->count, 1);
	cp_routes_free(r);
	q.min_openings = 8001;
	r = reach("aide", q);
	assert_int_equal(r->count, 0);
	assert_int_equal(r->left_out, 3);
	cp_routes_free(r);
}

static void test_max_payback(void **state)
{
	cp_query q = CP_QUERY_INIT;
	cp_routes *r;
	(void)state;
	/* tech 18 kept, nurse 19 out, mgr not known */
	q.has_max_payback = 1;
	q.max_payback = 18;
	r = reach("aide", q);
	assert_int_equal(r->count, 1);
	assert_true(lists(r, "tech"));
	assert_int_equal(r->left_out, 2);
	assert_int_equal(r->left_out_unknown, 1);
	cp_routes_free(r);
	q.max_payback = 19;
	r = reach("aide", q);
	assert_int_equal(r->count, 2);
	cp_routes_free(r);
}

/* A query of routes whose destination breaks a rule has none; a row keeps
 * one item per target; feeders are judged route by route. */
static void test_other_kinds(void **state)
{
	cp_query q = CP_QUERY_INIT;
	cp_routes *r = NULL;
	cp_error err;
	size_t targets[2];
	(void)state;
	q.growing = 1;
	q.from = role("aide");
	q.to = role("tech");
	assert_int_equal(cp_search(&r, graph, &q, &err), CP_ENOROUTE);
	assert_int_equal(r->count, 0);
	assert_int_equal(r->left_out, 1);
	assert_string_equal(
		err.message,
		"no route to 'Lab Tech' keeps the destination rules "
		"(1 found, 0 of them on figures not known)");
	cp_routes_free(r);
	q.to = role("nurse");
	assert_int_equal(cp_search(&r, graph, &q, &err), 0);
	assert_int_equal(r->count, 1);
	cp_routes_free(r);

	q.kind = CP_QUERY_ROW;
	q.to = CP_NO_ROLE;
	targets[0] = role("tech");
	targets[1] = role("nurse");
	q.targets = targets;
	q.n_targets = 2;
	assert_int_equal(cp_search(&r, graph, &q, &err), 0);
	assert_int_equal(r->count, 2);
	assert_true(isinf(r->items[0].cost) && !r->items[0].n_steps &&
		    !r->items[0].roles);
	assert_int_equal(r->items[1].n_steps, 2);
	assert_int_equal(r->left_out, 1);
	cp_routes_free(r);

	/* feeders of tech: aide pays back in 18 months, nurse never */
	q = (cp_query)CP_QUERY_INIT;
	q.kind = CP_QUERY_FEEDERS;
	q.to = role("tech");
	q.has_max_payback = 1;
	q.max_payback = 24;
	assert_int_equal(cp_search(&r, graph, &q, &err), 0);
	assert_int_equal(r->count, 1);
	assert_string_equal(cp_role_id(graph, r->items[0].roles[0]), "aide");
	assert_int_equal(r->left_out, 1);
	cp_routes_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_step_exact),
		cmocka_unit_test(test_discounted),
		cmocka_unit_test(test_experience_at_start_costs_nothing),
		cmocka_unit_test(test_two_steps),
		cmocka_unit_test(test_paid_on_the_way),
		cmocka_unit_test(test_never),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_graph_without_cost),
		cmocka_unit_test(test_growing),
		cmocka_unit_test(test_min_openings),
		cmocka_unit_test(test_max_payback),
		cmocka_unit_test(test_other_kinds),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

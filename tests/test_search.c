/*
 * Cheapest routes: hand-worked answers on the small fixture and on kinds of
 * roles with experience credit and the wage rule (tests/data/family), and on
 * random graphs the answer of brute-force enumeration of every route and
 * igraph's own Dijkstra.
 */
#include "oracle.h"

#include <igraph.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct answer {
	int status;
	double cost;
	size_t n_steps;
	size_t transitions[8];
	double totals[4];
	size_t skipped;
} answer;

static answer ask(const cp_graph *g, const char *from, const char *to,
		  const char *by)
{
	cp_query q = CP_QUERY_INIT;
	cp_cost *cost = NULL;
	cp_routes *routes = NULL;
	cp_error err;
	answer a;
	size_t i;
	memset(&a, 0, sizeof(a));
	assert_int_equal(cp_role_find(&q.from, g, from, &err), 0);
	assert_int_equal(cp_role_find(&q.to, g, to, &err), 0);
	if (cp_cost_parse(&cost, g, by, &err))
		fail_msg("%s", err.text);
	q.cost = cost;
	a.status = cp_search(&routes, g, &q, &err);
	assert_non_null(routes);
	a.skipped = routes->skipped;
	if (a.status == 0) {
		const cp_route *r = &routes->items[0];
		assert_int_equal(routes->count, 1);
		a.cost = r->cost;
		a.n_steps = r->n_steps;
		for (i = 0; i < r->n_steps && i < 8; i++)
			a.transitions[i] = r->transitions[i];
		for (i = 0; i < cp_graph_metric_count(g) && i < 4; i++)
			a.totals[i] = r->totals[i];
		assert_int_equal(r->roles[0], q.from);
		assert_int_equal(r->roles[r->n_steps], q.to);
	} else {
		assert_int_equal(routes->count, 0);
	}
	cp_routes_free(routes);
	cp_cost_free(cost);
	return a;
}

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

/*
 * tests/data/small, transitions by number (line = number + 2):
 *   0 a->b 12 months $5000    1 a->b 6 months $9000    2 b->c 24 $20000
 *   3 a->c 40 $15000          4 c->d 0 $0              5 b->d 3 $1000
 */
static void test_hand_worked_routes(void **state)
{
	const cp_graph *g = *state;
	answer a;

	/* steps: a-b-d and a-c-d both 2; into d, transition 4 precedes 5 */
	a = ask(g, "a", "d", "steps");
	assert_int_equal(a.status, 0);
	assert_true(a.cost == 2);
	assert_int_equal(a.n_steps, 2);
	assert_int_equal(a.transitions[0], 3);
	assert_int_equal(a.transitions[1], 4);
	assert_true(a.totals[0] == 40 && a.totals[1] == 15000);

	/* months: 6+3 = 9 by the fast parallel programme, vs 12+3, 40+0, 6+24+0
	 */
	a = ask(g, "a", "d", "months");
	assert_true(a.cost == 9);
	assert_int_equal(a.n_steps, 2);
	assert_int_equal(a.transitions[0], 1);
	assert_int_equal(a.transitions[1], 5);
	assert_true(a.totals[1] == 10000);

	/* dollars: 5000+1000 = 6000 vs 9000+1000, 15000+0 */
	a = ask(g, "a", "d", "cost_usd");
	assert_true(a.cost == 6000);
	assert_int_equal(a.transitions[0], 0);
	assert_int_equal(a.transitions[1], 5);
	assert_true(a.totals[0] == 15);

	/* months to c: 6+24 = 30 beats 40 direct */
	a = ask(g, "a", "c", "months");
	assert_true(a.cost == 30);
	assert_int_equal(a.transitions[0], 1);
	assert_int_equal(a.transitions[1], 2);
	assert_true(a.totals[1] == 29000);

	/* dollars to c: 15000 direct beats 5000+20000 */
	a = ask(g, "a", "c", "cost_usd");
	assert_true(a.cost == 15000);
	assert_int_equal(a.n_steps, 1);
	assert_int_equal(a.transitions[0], 3);

	/* months+cost_usd/1000 to c: 40+15 = 55 beats (6+9)+(24+20) = 59 */
	a = ask(g, "a", "c", "months+cost_usd/1000");
	assert_true(fabs(a.cost - 55) < 1e-9);
	assert_int_equal(a.transitions[0], 3);

	/* parallel transitions tie on steps: the first row wins */
	a = ask(g, "a", "b", "steps");
	assert_int_equal(a.transitions[0], 0);
}

static void test_no_route_and_same_role(void **state)
{
	const cp_graph *g = *state;
	answer a = ask(g, "d", "a", "months");
	assert_int_equal(a.status, CP_ENOROUTE);
	a = ask(g, "b", "b", "months");
	assert_int_equal(a.status, 0);
	assert_int_equal(a.n_steps, 0);
	assert_true(a.cost == 0);
	assert_true(a.totals[0] == 0 && a.totals[1] == 0);
}

/*
 * A blank metric is a value not known, not a missing move: the search
 * counts its lower bound (0) and the total is the least the route can
 * cost; the step keeps its blank.
 */
static void test_blank_metrics_count_their_lower_bound(void **state)
{
	cp_graph *g = th_load_fixture("missing");
	answer a;
	(void)state;
	/* a->b has no cost_usd: it costs at least $0 */
	a = ask(g, "a", "b", "cost_usd");
	assert_int_equal(a.status, 0);
	assert_true(a.cost == 0);
	assert_int_equal(a.skipped, 0);
	/* to c: at least $100 by b (0 + 100) beats the $500 known */
	a = ask(g, "a", "c", "cost_usd");
	assert_int_equal(a.status, 0);
	assert_true(a.cost == 100);
	assert_int_equal(a.n_steps, 2);
	assert_true(a.totals[0] == 2 && a.totals[1] == 100);
	/* by months the blank does not matter; the dollars are at least 100 */
	a = ask(g, "a", "c", "months");
	assert_true(a.cost == 2);
	assert_true(a.totals[0] == 2);
	assert_true(a.totals[1] == 100);
	cp_graph_free(g);
}

static void test_bad_query(void **state)
{
	const cp_graph *g = *state;
	cp_query q = CP_QUERY_INIT;
	cp_routes *routes = (cp_routes *)&q;
	cp_error err;
	int status = cp_search(&routes, g, &q, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0, "query names no role");
	assert_null(routes);
}

/* ---- kinds of roles, experience credit and the wage rule, by hand ---- */

/*
 * tests/data/family. Roles by number: 0 ma (wage 38000), 1 cma (a kind of
 * ma, 40000), 2 lead (a kind of cma, 45000), 3 rn (80000), 4 lpn (50000),
 * 5 np (no wage), 6 trainee (no wage). Transitions: months, experience,
 * dollars; elapsed = months + experience:
 *   0 ma->lpn 12 6 15000 (18)      1 ma->cma 3 0 500 (3)
 *   2 lpn->rn 24 12 30000 (36)     3 cma->rn 30 24 40000 (54)
 *   4 ma->rn 36 12 45000 (48)      5 rn->np 24 24 60000 (48)
 *   6 cma->lead 0 12 0 (12)        7 trainee->lead 6 0 2000 (6)
 *   8 trainee->cma 6 0 2000 (6)
 * Metrics: 0 months, 1 experience_months, 2 cost_usd, 3 elapsed_months.
 */
enum { MA, CMA, LEAD, RN, LPN, NP, TRAINEE };

typedef struct kinds_query {
	size_t from, to;
	const char *by;
	double experience;
	int has_min_gain;
	double min_gain;
} kinds_query;

/* The one route of a query, or NULL with want_status not 0. */
static cp_routes *ask_kinds(const cp_graph *g, kinds_query kq, int want_status)
{
	cp_query q = CP_QUERY_INIT;
	cp_cost *cost = th_cost(g, kq.by);
	cp_routes *routes = NULL;
	cp_error err;
	int status;
	q.from = kq.from;
	q.to = kq.to;
	q.cost = cost;
	q.experience = kq.experience;
	q.has_min_gain = kq.has_min_gain;
	q.min_gain = kq.min_gain;
	status = cp_search(&routes, g, &q, &err);
	if (status != want_status)
		fail_msg("status %d, expected %d (%s)", status, want_status,
			 err.text);
	cp_cost_free(cost);
	if (status) {
		assert_int_equal(routes->count, 0);
		cp_routes_free(routes);
		return NULL;
	}
	assert_int_equal(routes->count, 1);
	return routes;
}

static void assert_steps(const cp_route *r, size_t n, const size_t *roles,
			 const size_t *transitions)
{
	size_t i;
	assert_int_equal(r->n_steps, n);
	for (i = 0; i <= n; i++)
		assert_int_equal(r->roles[i], roles[i]);
	for (i = 0; i < n; i++)
		assert_int_equal(r->transitions[i], transitions[i]);
}

static void assert_values(const cp_route *r, size_t step, double months,
			  double experience, double dollars, double elapsed)
{
	const double *v = r->values + step * 4;
	if (v[0] != months || v[1] != experience || v[2] != dollars ||
	    v[3] != elapsed)
		fail_msg("step %zu: %g %g %g %g, expected %g %g %g %g", step,
			 v[0], v[1], v[2], v[3], months, experience, dollars,
			 elapsed);
}

static void test_kinds_take_their_parents_transitions(void **state)
{
	cp_graph *g = th_load_fixture("family");
	cp_routes *r;
	kinds_query kq = {CMA, RN, "months", 0, 0, 0};
	(void)state;
	assert_int_equal(cp_role_parent(g, CMA), MA);
	assert_int_equal(cp_role_parent(g, LEAD), CMA);
	assert_int_equal(cp_role_parent(g, MA), CP_NO_ROLE);
	/* months: cma's own 30 beats 36 as ma and 12+24 via lpn as ma */
	r = ask_kinds(g, kq, 0);
	assert_steps(&r->items[0], 1, (size_t[]){CMA, RN}, (size_t[]){3});
	assert_true(r->items[0].cost == 30);
	cp_routes_free(r);
	/* experience: 12 as ma (ma->rn) beats 24 of its own and 6+12 */
	kq.by = "experience_months";
	r = ask_kinds(g, kq, 0);
	assert_steps(&r->items[0], 1, (size_t[]){CMA, RN}, (size_t[]){4});
	assert_int_equal(cp_transition_from(g, 4), MA);
	assert_true(r->items[0].cost == 12);
	assert_values(&r->items[0], 0, 36, 12, 45000, 48);
	cp_routes_free(r);
	/* lead inherits from ma through cma, with no step in between */
	kq.from = LEAD;
	r = ask_kinds(g, kq, 0);
	assert_steps(&r->items[0], 1, (size_t[]){LEAD, RN}, (size_t[]){4});
	cp_routes_free(r);
	/* never the other way: ma takes cma's transition 3 only as cma, after
	 * a step to it, 3+30 months beating its own 36 */
	kq.from = MA;
	kq.by = "months";
	r = ask_kinds(g, kq, 0);
	assert_steps(&r->items[0], 2, (size_t[]){MA, CMA, RN},
		     (size_t[]){1, 3});
	assert_true(r->items[0].cost == 33);
	cp_routes_free(r);
	/* ma->cma is no made-up step from cma to itself; lead takes it */
	kq.from = LEAD;
	kq.to = CMA;
	kq.by = "steps";
	r = ask_kinds(g, kq, 0);
	assert_steps(&r->items[0], 1, (size_t[]){LEAD, CMA}, (size_t[]){1});
	cp_routes_free(r);
	/* nor from lead to itself by cma->lead; nothing else leads to ma */
	kq.from = CMA;
	kq.to = MA;
	ask_kinds(g, kq, CP_ENOROUTE);
	cp_graph_free(g);
}

static void test_kinds_tie_rule(void **state)
{
	cp_graph *g = th_load_fixture("family"), *swapped;
	cp_routes *r;
	kinds_query kq = {CMA, RN, "steps", 0, 0, 0};
	(void)state;
	/* one step each, own 3 and inherited 4: the first transition wins */
	r = ask_kinds(g, kq, 0);
	assert_steps(&r->items[0], 1, (size_t[]){CMA, RN}, (size_t[]){3});
	cp_routes_free(r);
	/* trainee to lpn: by lead (7) or by cma (8), then 0 as ma from
	 * either: the same transition into lpn, so the role first in
	 * roles.csv, cma, decides, though transition 7 comes before 8 */
	kq.from = TRAINEE;
	kq.to = LPN;
	r = ask_kinds(g, kq, 0);
	assert_steps(&r->items[0], 2, (size_t[]){TRAINEE, CMA, LPN},
		     (size_t[]){8, 0});
	cp_routes_free(r);
	kq.by = "cost_usd";
	r = ask_kinds(g, kq, 0);
	assert_true(r->items[0].cost == 17000);
	assert_steps(&r->items[0], 2, (size_t[]){TRAINEE, CMA, LPN},
		     (size_t[]){8, 0});
	cp_routes_free(r);
	cp_graph_free(g);
	/* with the inherited transition first in the file, it wins the tie */
	swapped = th_load("id,title,kind_of\nma,MA,\ncma,CMA,ma\nrn,RN,\n",
			  "from,to,months\nma,rn,1\ncma,rn,1\n");
	kq.from = 1;
	kq.to = 2;
	kq.by = "months";
	r = ask_kinds(swapped, kq, 0);
	assert_steps(&r->items[0], 1, (size_t[]){1, 2}, (size_t[]){0});
	cp_routes_free(r);
	cp_graph_free(swapped);
}

static void test_experience_credit(void **state)
{
	cp_graph *g = th_load_fixture("family");
	cp_routes *r;
	kinds_query kq = {LPN, RN, "elapsed_months", 6, 0, 0};
	(void)state;
	/* 12 months' experience asked, 6 worked: 24 + 6 */
	r = ask_kinds(g, kq, 0);
	assert_true(r->items[0].cost == 30);
	assert_values(&r->items[0], 0, 24, 6, 30000, 30);
	assert_true(r->items[0].totals[1] == 6 && r->items[0].totals[3] == 30);
	cp_routes_free(r);
	/* more worked than asked counts nothing, never less */
	kq.experience = 20;
	r = ask_kinds(g, kq, 0);
	assert_true(r->items[0].cost == 24);
	assert_values(&r->items[0], 0, 24, 0, 30000, 24);
	cp_routes_free(r);
	/* the first step only: rn->np asks its 24 in full */
	kq.to = NP;
	kq.experience = 12;
	r = ask_kinds(g, kq, 0);
	assert_steps(&r->items[0], 2, (size_t[]){LPN, RN, NP},
		     (size_t[]){2, 5});
	assert_values(&r->items[0], 0, 24, 0, 30000, 24);
	assert_values(&r->items[0], 1, 24, 24, 60000, 48);
	assert_true(r->items[0].cost == 72);
	assert_true(
		r->items[0].totals[0] == 48 && r->items[0].totals[1] == 24 &&
		r->items[0].totals[2] == 90000 && r->items[0].totals[3] == 72);
	cp_routes_free(r);
	/* credit changes the route: cma to rn by experience is 12 as ma
	 * (see above); with 24 worked, 24 and 12 both come to 0 and the tie
	 * goes to cma's own transition 3, first in the file */
	kq.from = CMA;
	kq.to = RN;
	kq.by = "experience_months";
	kq.experience = 24;
	r = ask_kinds(g, kq, 0);
	assert_steps(&r->items[0], 1, (size_t[]){CMA, RN}, (size_t[]){3});
	assert_true(r->items[0].cost == 0);
	assert_values(&r->items[0], 0, 30, 0, 40000, 30);
	cp_routes_free(r);
	/* months do not take credit */
	kq.by = "months";
	r = ask_kinds(g, kq, 0);
	assert_true(r->items[0].cost == 30);
	cp_routes_free(r);
	cp_graph_free(g);
}

static void test_wage_rule(void **state)
{
	cp_graph *g = th_load_fixture("family");
	cp_routes *r;
	kinds_query kq = {MA, LEAD, "steps", 0, 1, 5};
	(void)state;
	/* 38000 -> 40000 is a rise of 5.26%, 40000 -> 45000 of 12.5% */
	r = ask_kinds(g, kq, 0);
	assert_steps(&r->items[0], 2, (size_t[]){MA, CMA, LEAD},
		     (size_t[]){1, 6});
	cp_routes_free(r);
	kq.min_gain = 10;
	ask_kinds(g, kq, CP_ENOROUTE);
	/* cma->lead rises exactly 12.5%: enough */
	kq.from = CMA;
	kq.min_gain = 12.5;
	r = ask_kinds(g, kq, 0);
	assert_steps(&r->items[0], 1, (size_t[]){CMA, LEAD}, (size_t[]){6});
	cp_routes_free(r);
	/* a step taken as ma compares cma's own wage: 40000 doubled is
	 * 80000, rn's wage; 101% is too much, though 38000 * 2.01 is not */
	kq.to = RN;
	kq.by = "experience_months";
	kq.min_gain = 100;
	r = ask_kinds(g, kq, 0);
	assert_steps(&r->items[0], 1, (size_t[]){CMA, RN}, (size_t[]){4});
	cp_routes_free(r);
	kq.min_gain = 101;
	ask_kinds(g, kq, CP_ENOROUTE);
	kq.from = MA;
	r = ask_kinds(g, kq, 0);
	assert_steps(&r->items[0], 1, (size_t[]){MA, RN}, (size_t[]){4});
	cp_routes_free(r);
	/* out of a role with no wage: allowed, whatever the rule */
	kq.from = TRAINEE;
	kq.to = CMA;
	kq.min_gain = 1000;
	r = ask_kinds(g, kq, 0);
	assert_steps(&r->items[0], 1, (size_t[]){TRAINEE, CMA}, (size_t[]){8});
	cp_routes_free(r);
	/* into a role with no wage: refused, even at -100% */
	kq.from = RN;
	kq.to = NP;
	kq.min_gain = -100;
	ask_kinds(g, kq, CP_ENOROUTE);
	kq.has_min_gain = 0;
	r = ask_kinds(g, kq, 0);
	assert_steps(&r->items[0], 1, (size_t[]){RN, NP}, (size_t[]){5});
	cp_routes_free(r);
	cp_graph_free(g);
}

static void test_bad_rules(void **state)
{
	cp_graph *kinds = th_load_fixture("family");
	cp_graph *small = th_load_fixture("small");
	cp_graph *no_wages = th_load("id,title\na,A\nb,B\n",
				     "from,to,months,experience_months\n"
				     "a,b,1,2\n");
	cp_query q = CP_QUERY_INIT;
	cp_routes *r = (cp_routes *)&q;
	cp_error err;
	int status;
	(void)state;
	q.from = MA;
	q.to = RN;
	q.experience = -1;
	status = cp_search(&r, kinds, &q, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"months of experience must be a number >= 0, not -1");
	assert_null(r);
	q.experience = NAN;
	status = cp_search(&r, kinds, &q, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"months of experience must be a number >= 0");
	/* small has months but no experience_months */
	q.from = 0;
	q.to = 3;
	q.experience = 6;
	status = cp_search(&r, small, &q, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"the graph has no metric 'experience_months' to count "
			"experience already worked against");
	assert_null(r);
	/* no experience worked is fine anywhere */
	q.experience = 0;
	assert_int_equal(cp_search(&r, small, &q, &err), 0);
	cp_routes_free(r);
	q.from = 0;
	q.to = 1;
	q.has_min_gain = 1;
	q.min_gain = 10;
	status = cp_search(&r, no_wages, &q, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"the graph has no wages (a number column "
			"'median_wage_usd' in roles.csv) for a rule on wage "
			"rises");
	assert_null(r);
	q.from = MA;
	q.to = RN;
	q.min_gain = -101;
	status = cp_search(&r, kinds, &q, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"a wage rise per step must be a percentage from -100 "
			"up, not -101");
	/* feeders have no starting role to have worked in */
	q.has_min_gain = 0;
	q.experience = 3;
	q.kind = CP_QUERY_FEEDERS;
	status = cp_search(&r, kinds, &q, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"experience already worked counts on routes from a "
			"starting role, not on routes to one");
	assert_null(r);
	cp_graph_free(kinds);
	cp_graph_free(small);
	cp_graph_free(no_wages);
}

/*
 * Career rules on tests/data/rules (roles aide, ma, lpn, rn, np, mgr,
 * coder in that order; mgr has no job_zone, coder no education_level),
 * by months. Worked by hand from transitions.csv:
 * - no rule: aide > ma > mgr > np, 6 + 12 + 30 = 48.
 * - job_zone rising at most 1: aide > lpn (1 to 3) and aide > rn (1 to
 *   4) are out, and so is ma > mgr (into a blank zone); aide > ma > lpn >
 *   rn > np, 6 + 12 + 12 + 24 = 54, beats aide > ma > coder > rn > np, 56.
 * - out of a blank zone any rise keeps it: mgr > np (blank to 5), 30.
 * - relatedness_tier at most 1: aide > ma > lpn > rn, 30; np is out of
 *   reach (rn > np is tier 2), a route that only the rule forbids.
 * - education_level at most 5: aide > ma > mgr (5), 18; coder (blank)
 *   is not known, so ma > coder keeps the cap: aide > ma > coder, 6 + 6
 *   = 12; np (8) is out of reach.
 */
enum { R_AIDE, R_MA, R_LPN, R_RN, R_NP, R_MGR, R_CODER };

static void expect_ruled(const cp_graph *g, size_t from, size_t to,
			 const cp_rule *rule, double cost, const size_t *roles,
			 size_t n_roles)
{
	cp_cost *months = th_cost(g, "months");
	cp_query q = CP_QUERY_INIT;
	cp_routes *r = NULL;
	cp_error err;
	size_t i;
	q.from = from;
	q.to = to;
	q.cost = months;
	q.rules = rule;
	q.n_rules = rule ? 1 : 0;
	q.explain = 1;
	if (!n_roles) {
		assert_int_equal(cp_search(&r, g, &q, &err), CP_ENOROUTE);
		assert_non_null(r->why);
		assert_int_equal(r->why->kind, CP_WHY_CONDITIONS);
	} else {
		assert_int_equal(cp_search(&r, g, &q, &err), 0);
		assert_int_equal(r->count, 1);
		assert_true(r->items[0].cost == cost);
		assert_int_equal(r->items[0].n_steps + 1, n_roles);
		for (i = 0; i < n_roles; i++)
			assert_int_equal(r->items[0].roles[i], roles[i]);
	}
	cp_routes_free(r);
	cp_cost_free(months);
}

static void test_career_rules(void **state)
{
	cp_graph *g = th_load_fixture("rules");
	size_t zone, level, tier;
	cp_rule rule;
	const size_t free_way[] = {R_AIDE, R_MA, R_MGR, R_NP};
	const size_t zone_way[] = {R_AIDE, R_MA, R_LPN, R_RN, R_NP};
	const size_t from_blank[] = {R_MGR, R_NP};
	const size_t tier_way[] = {R_AIDE, R_MA, R_LPN, R_RN};
	const size_t level_way[] = {R_AIDE, R_MA, R_MGR};
	const size_t blank_level_way[] = {R_AIDE, R_MA, R_CODER};
	(void)state;
	assert_int_equal(cp_column_find(&zone, g, CP_ROLES, "job_zone"), 0);
	assert_int_equal(cp_column_find(&level, g, CP_ROLES, "education_level"),
			 0);
	assert_int_equal(cp_metric_find(&tier, g, "relatedness_tier"), 0);
	expect_ruled(g, R_AIDE, R_NP, NULL, 48, free_way, 4);
	rule.kind = CP_RULE_RISE_MAX;
	rule.index = zone;
	rule.max = 1;
	expect_ruled(g, R_AIDE, R_NP, &rule, 54, zone_way, 5);
	rule.max = 0;
	expect_ruled(g, R_MGR, R_NP, &rule, 30, from_blank, 2);
	expect_ruled(g, R_AIDE, R_RN, &rule, 0, NULL, 0);
	rule.kind = CP_RULE_STEP_MAX;
	rule.index = tier;
	rule.max = 1;
	expect_ruled(g, R_AIDE, R_RN, &rule, 30, tier_way, 4);
	expect_ruled(g, R_AIDE, R_NP, &rule, 0, NULL, 0);
	rule.kind = CP_RULE_ROLE_MAX;
	rule.index = level;
	rule.max = 5;
	expect_ruled(g, R_AIDE, R_MGR, &rule, 18, level_way, 3);
	expect_ruled(g, R_AIDE, R_CODER, &rule, 12, blank_level_way, 3);
	expect_ruled(g, R_AIDE, R_NP, &rule, 0, NULL, 0);
	cp_graph_free(g);
}

static void test_bad_career_rules(void **state)
{
	cp_graph *g = th_load_fixture("rules");
	cp_query q = CP_QUERY_INIT;
	cp_routes *r = NULL;
	cp_rule rule = {CP_RULE_ROLE_MAX, 1, 3}; /* title: a text column */
	cp_error err;
	int status;
	(void)state;
	q.from = R_AIDE;
	q.to = R_RN;
	q.rules = &rule;
	q.n_rules = 1;
	status = cp_search(&r, g, &q, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"a rule on each step names no number column of "
			"roles.csv");
	rule.index = 99;
	q.kind = CP_QUERY_REACH;
	status = cp_search(&r, g, &q, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"names no number column");
	rule.kind = CP_RULE_STEP_MAX;
	status = cp_search(&r, g, &q, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"a rule on each step names a metric the graph does not "
			"have");
	rule.index = 0;
	rule.max = NAN;
	status = cp_search(&r, g, &q, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"a rule on each step needs a number to compare with");
	q.rules = NULL;
	status = cp_search(&r, g, &q, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"query counts rules but gives none");
	assert_null(r);
	cp_graph_free(g);
}

/* ---- random graphs against independent answers ---- */

/*
 * igraph's own Dijkstra over the moves the oracle allows: the cost of the
 * best route, or infinity.
 */
static double igraph_distance(const or_graph *r, const or_query *q)
{
	igraph_t net;
	igraph_vector_int_t ends;
	igraph_vector_t weights;
	igraph_matrix_t dist;
	size_t u, t;
	double d;
	igraph_vector_int_init(&ends, 0);
	igraph_vector_init(&weights, 0);
	for (u = 0; u < r->n; u++) {
		double credit = u == q->from ? q->experience : 0;
		for (t = 0; t < r->m; t++) {
			double w = or_step_cost(r, t, q->objective, credit);
			if (!or_takes(r, u, t) || isnan(w) ||
			    !or_step_allowed(r, q, u, t))
				continue;
			igraph_vector_int_push_back(&ends, (igraph_integer_t)u);
			igraph_vector_int_push_back(&ends,
						    (igraph_integer_t)r->to[t]);
			igraph_vector_push_back(&weights, w);
		}
	}
	igraph_create(&net, &ends, (igraph_integer_t)r->n, IGRAPH_DIRECTED);
	igraph_matrix_init(&dist, 0, 0);
	igraph_distances_dijkstra(
		&net, &dist, igraph_vss_1((igraph_integer_t)q->from),
		igraph_vss_1((igraph_integer_t)q->to), &weights, IGRAPH_OUT);
	d = MATRIX(dist, 0, 0);
	igraph_matrix_destroy(&dist);
	igraph_destroy(&net);
	igraph_vector_destroy(&weights);
	igraph_vector_int_destroy(&ends);
	return d;
}

/* Whether a route takes a step as a role it is a kind of. */
static int inherits(const cp_graph *g, const cp_route *route)
{
	size_t i;
	for (i = 0; i < route->n_steps; i++)
		if (cp_transition_from(g, route->transitions[i]) !=
		    route->roles[i])
			return 1;
	return 0;
}

/*
 * Every pair of roles, each cost, with experience credit and the wage
 * rule now and then: the route must be the first of the enumeration
 * (roles, transitions, values, totals, cost) and cost what igraph says.
 */
static void test_random_graphs_against_brute_force(void **state)
{
	static or_path all[OR_PATHS_MAX];
	uint64_t rng = 20261124;
	size_t round, s, t, checked = 0, inherited = 0, credited = 0;
	size_t refused = 0, ruled = 0;
	int objective;
	(void)state;
	for (round = 0; round < 300; round++) {
		or_graph r;
		cp_graph *g = or_random(&r, &rng);
		for (objective = 0; objective < OR_N_COSTS; objective++) {
			or_query rules;
			or_query_init(&rules, 0, 0, objective);
			or_random_rules(&rules, &r, &rng);
			for (s = 0; s < r.n; s++) {
				for (t = 0; t < r.n; t++) {
					or_query oq = rules, free_q;
					cp_query q;
					cp_cap caps[2];
					size_t avoid[OR_N_MAX], n;
					cp_routes *routes = NULL;
					cp_error err;
					double oracle;
					oq.from = s;
					oq.to = t;
					n = or_routes(all, &r, &oq);
					oracle = igraph_distance(&r, &oq);
					or_to_query(&q, &r, &oq, caps, avoid);
					assert_int_equal(
						cp_search(&routes, g, &q, &err),
						n ? 0 : CP_ENOROUTE);
					assert_int_equal(isfinite(oracle),
							 n > 0);
					free_q = oq;
					free_q.has_min_gain = 0;
					free_q.n_rules = 0;
					refused += !n &&
						   (oq.has_min_gain ||
						    oq.n_rules) &&
						   or_routes(all, &r, &free_q);
					ruled += !n && oq.n_rules &&
						 or_routes(all, &r, &free_q);
					if (!n) {
						assert_int_equal(routes->count,
								 0);
						cp_routes_free(routes);
						continue;
					}
					assert_int_equal(routes->count, 1);
					or_assert_route(&routes->items[0], &r,
							&all[0], oq.experience);
					assert_true(oracle == all[0].cost);
					inherited +=
						inherits(g, &routes->items[0]);
					credited +=
						oq.experience > 0 && all[0].n &&
						!isnan(r.value[all[0].tr[0]]
							      [OR_EXPERIENCE]) &&
						r.value[all[0].tr[0]]
						       [OR_EXPERIENCE] > 0;
					checked++;
					cp_routes_free(routes);
				}
			}
		}
		or_free(&r, g);
	}
	/* the generator must give the comparison something to bite on */
	assert_true(checked > 10000);
	assert_true(inherited > 500 && credited > 500 && refused > 100);
	assert_true(ruled > 100);
}

/* Routes equal in every field the library gives. */
static void assert_same_routes(const cp_routes *a, const cp_routes *b)
{
	size_t i, j;
	assert_int_equal(a->count, b->count);
	assert_int_equal(a->skipped, b->skipped);
	for (i = 0; i < a->count; i++) {
		const cp_route *x = &a->items[i], *y = &b->items[i];
		assert_true(x->cost == y->cost);
		assert_int_equal(x->n_steps, y->n_steps);
		assert_memory_equal(x->roles, y->roles,
				    (x->n_steps + 1) * sizeof(size_t));
		for (j = 0; j < x->n_steps; j++)
			assert_int_equal(x->transitions[j], y->transitions[j]);
		assert_memory_equal(x->values, y->values,
				    x->n_steps * OR_N_METRICS * sizeof(double));
		assert_memory_equal(x->totals, y->totals,
				    OR_N_METRICS * sizeof(double));
	}
}

typedef struct any_query {
	int kind; /* 0 search, 1 reach, 2 feeders, 3 Pareto */
	or_query oq;
	size_t k;
	int objectives[2];
} any_query;

static void random_any_query(any_query *a, const or_graph *r, uint64_t *rng)
{
	memset(a, 0, sizeof(*a));
	a->kind = (int)or_rand(rng, 4);
	or_query_init(&a->oq, or_rand(rng, r->n), or_rand(rng, r->n),
		      (int)or_rand(rng, OR_N_COSTS));
	or_random_rules(&a->oq, r, rng);
	if (or_rand(rng, 2))
		or_random_cap(&a->oq, rng);
	a->k = 1 + or_rand(rng, 4);
	if (a->kind == 0 && or_rand(rng, 2)) {
		a->oq.via[0] = or_rand(rng, r->n);
		a->oq.n_via = 1;
	}
	if (a->kind == 2)
		a->oq.experience = 0;
	a->objectives[0] = (int)or_rand(rng, OR_N_COSTS);
	a->objectives[1] = (int)or_rand(rng, OR_N_COSTS);
}

static int run_any(cp_routes **out, const cp_graph *g, const or_graph *r,
		   const any_query *a)
{
	cp_query q;
	cp_cap caps[2];
	size_t avoid[OR_N_MAX];
	const cp_cost *objectives[2];
	cp_error err;
	or_to_query(&q, r, &a->oq, caps, avoid);
	switch (a->kind) {
	case 0: q.k = a->k; break;
	case 1: q.kind = CP_QUERY_REACH; break;
	case 2: q.kind = CP_QUERY_FEEDERS; break;
	default:
		q.kind = CP_QUERY_PARETO;
		objectives[0] = r->costs[a->objectives[0]];
		objectives[1] = r->costs[a->objectives[1]];
		q.objectives = objectives;
		q.n_objectives = 2;
	}
	return cp_search(out, g, &q, &err);
}

/*
 * A graph is never changed by the queries it answers: many different
 * queries in a row give what each gives on a freshly loaded graph.
 */
static void test_queries_in_a_row_match_fresh_loads(void **state)
{
	uint64_t rng = 8086;
	size_t round, i, answered = 0;
	(void)state;
	for (round = 0; round < 20; round++) {
		or_graph r, fresh;
		cp_graph *g = or_random(&r, &rng);
		any_query queries[30];
		cp_routes *answers[30];
		int status[30];
		for (i = 0; i < 30; i++) {
			random_any_query(&queries[i], &r, &rng);
			status[i] = run_any(&answers[i], g, &r, &queries[i]);
		}
		for (i = 0; i < 30; i++) {
			cp_graph *again = or_reload(&r);
			cp_routes *routes = NULL;
			size_t c;
			fresh = r;
			for (c = 0; c < OR_N_COSTS; c++)
				fresh.costs[c] =
					th_cost(again, or_costs[c].text);
			assert_int_equal(
				run_any(&routes, again, &fresh, &queries[i]),
				status[i]);
			assert_int_equal(routes != NULL, answers[i] != NULL);
			if (routes) {
				assert_same_routes(routes, answers[i]);
				answered += routes->count > 0;
			}
			cp_routes_free(routes);
			cp_routes_free(answers[i]);
			for (c = 0; c < OR_N_COSTS; c++)
				cp_cost_free(fresh.costs[c]);
			cp_graph_free(again);
		}
		or_free(&r, g);
	}
	assert_true(answered > 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hand_worked_routes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_no_route_and_same_role,
						setup, teardown),
		cmocka_unit_test(test_blank_metrics_count_their_lower_bound),
		cmocka_unit_test_setup_teardown(test_bad_query, setup,
						teardown),
		cmocka_unit_test(test_kinds_take_their_parents_transitions),
		cmocka_unit_test(test_kinds_tie_rule),
		cmocka_unit_test(test_experience_credit),
		cmocka_unit_test(test_wage_rule),
		cmocka_unit_test(test_bad_rules),
		cmocka_unit_test(test_career_rules),
		cmocka_unit_test(test_bad_career_rules),
		cmocka_unit_test(test_random_graphs_against_brute_force),
		cmocka_unit_test(test_queries_in_a_row_match_fresh_loads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Roles held as well as the start (cp_query.also), against an oracle that
 * adds them as extra sources: every route the query allows from each held
 * role, enumerated alone (tests/oracle.c) with the experience credit only
 * on routes from the start, put together in the order of the tie rule.
 * Every kind of query: one route (plain, caps, via), k routes with and
 * without detours, reach, rows, Pareto fronts and the reason there is no
 * route, on random graphs with kinds, caps and career rules.
 */
#include "oracle.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HELD_MAX 3

/* The start and up to two roles held besides it, repeats allowed. */
typedef struct held {
	size_t also[HELD_MAX - 1];
	size_t n_also;
} held;

static or_path all[OR_PATHS_MAX], one[OR_PATHS_MAX];

static int path_order(const void *a, const void *b)
{
	return or_path_order(a, b);
}

/* The held role i (0: the start), or CP_NO_ROLE for a repeat. */
static size_t held_at(const or_query *oq, const held *h, size_t i)
{
	size_t role = i ? h->also[i - 1] : oq->from, j;
	for (j = 0; j < i; j++)
		if ((j ? h->also[j - 1] : oq->from) == role)
			return CP_NO_ROLE;
	return role;
}

static int is_held(const or_query *oq, const held *h, size_t role)
{
	size_t i;
	for (i = 0; i <= h->n_also; i++)
		if (held_at(oq, h, i) == role)
			return 1;
	return 0;
}

/* What the first step of a route from its first role counts as worked. */
static double credit_of(const or_query *oq, const or_path *p)
{
	return p->role[0] == oq->from ? oq->experience : 0;
}

/* The query oq asked from held role start alone. */
static or_query from_role(const or_query *oq, size_t start)
{
	or_query alone = *oq;
	alone.from = start;
	alone.experience = start == oq->from ? oq->experience : 0;
	return alone;
}

/* Every route from every held role, in the order of the tie rule. */
static size_t union_routes(or_path *out, const or_graph *r, const or_query *oq,
			   const held *h)
{
	size_t i, n = 0, m, start;
	for (i = 0; i <= h->n_also; i++) {
		or_query alone;
		if ((start = held_at(oq, h, i)) == CP_NO_ROLE)
			continue;
		alone = from_role(oq, start);
		m = or_routes(one, r, &alone);
		assert_true(n + m <= OR_PATHS_MAX);
		memcpy(out + n, one, m * sizeof(*one));
		n += m;
	}
	qsort(out, n, sizeof(*out), path_order);
	return n;
}

/*
 * Whether p is a detour among the routes from its own first role (all,
 * n_all), by the definition in query.h, as tests/test_kroutes.c has it.
 */
static int is_detour(const or_graph *r, const or_path *p, const or_path *from,
		     size_t n_from)
{
	size_t i, s, k;
	for (s = 1; s < p->n; s++)
		for (i = 0; i < s; i++) {
			or_path cut;
			if (!or_takes(r, p->role[i], p->tr[s]))
				continue;
			memset(&cut, 0, sizeof(cut));
			memcpy(cut.role, p->role, i + 1);
			memcpy(cut.tr, p->tr, i);
			cut.tr[i] = p->tr[s];
			memcpy(cut.tr + i + 1, p->tr + s + 1, p->n - s - 1);
			memcpy(cut.role + i + 1, p->role + s + 1, p->n - s);
			cut.n = p->n - (s - i);
			for (k = 0; k < n_from; k++)
				if (from[k].n == cut.n &&
				    !memcmp(from[k].tr, cut.tr, cut.n) &&
				    !memcmp(from[k].role, cut.role, cut.n + 1))
					return 1;
		}
	return 0;
}

/*
 * The k routes without detours: each held role's first k that are no
 * detour of its own routes, put together, the first k of them.
 */
static size_t union_no_detours(or_path *out, size_t k, const or_graph *r,
			       const or_query *oq, const held *h)
{
	size_t i, j, n = 0, m, kept, start;
	for (i = 0; i <= h->n_also; i++) {
		or_query alone;
		if ((start = held_at(oq, h, i)) == CP_NO_ROLE)
			continue;
		alone = from_role(oq, start);
		m = or_routes(one, r, &alone);
		for (j = 0, kept = 0; j < m && kept < k; j++)
			if (!is_detour(r, &one[j], one, m)) {
				out[n++] = one[j];
				kept++;
			}
	}
	qsort(out, n, sizeof(*out), path_order);
	return n < k ? n : k;
}

static void assert_route(const cp_route *got, const or_graph *r,
			 const or_query *oq, const or_path *want)
{
	or_assert_route(got, r, want, credit_of(oq, want));
}

/* A random query from a random start, holding one or two roles more. */
static void random_query(or_query *oq, held *h, const or_graph *r,
			 uint64_t *rng, int avoid_ok, int via_ok)
{
	size_t i;
	or_query_init(oq, or_rand(rng, r->n), or_rand(rng, r->n),
		      (int)or_rand(rng, OR_N_COSTS));
	h->n_also = 1 + or_rand(rng, HELD_MAX - 1);
	for (i = 0; i < h->n_also; i++)
		h->also[i] = or_rand(rng, r->n);
	if (or_rand(rng, 3) == 0)
		or_random_cap(oq, rng);
	if (via_ok && or_rand(rng, 4) == 0) {
		oq->via[0] = or_rand(rng, r->n);
		oq->n_via = 1;
	}
	if (avoid_ok && or_rand(rng, 3) == 0) {
		size_t a = or_rand(rng, r->n);
		oq->avoid[a] = !is_held(oq, h, a) && a != oq->to &&
			       (!oq->n_via || a != oq->via[0]);
	}
	or_random_rules(oq, r, rng);
}

static void to_query(cp_query *q, const or_graph *r, const or_query *oq,
		     const held *h, cp_cap caps[2], size_t avoid[OR_N_MAX])
{
	or_to_query(q, r, oq, caps, avoid);
	q->also = h->also;
	q->n_also = h->n_also;
}

/* One route and k routes, with detours and without. */
static void test_routes_against_sources(void **state)
{
	uint64_t rng = 2027;
	size_t round, compared = 0, from_held = 0, zero = 0;
	(void)state;
	for (round = 0; round < 1500; round++) {
		or_graph r;
		cp_graph *g = or_random(&r, &rng);
		size_t i;
		for (i = 0; i < 8; i++) {
			or_query oq;
			held h;
			cp_query q;
			cp_cap caps[2];
			size_t avoid[OR_N_MAX], n, j;
			cp_routes *routes = NULL;
			cp_error err;
			int status;
			random_query(&oq, &h, &r, &rng, 1, 1);
			to_query(&q, &r, &oq, &h, caps, avoid);
			q.k = or_rand(&rng, 2) ? 1 : 2 + or_rand(&rng, 5);
			q.detours = (int)or_rand(&rng, 2);
			if (q.k == 1 || q.detours) {
				n = union_routes(all, &r, &oq, &h);
				if (n > q.k)
					n = q.k;
			} else {
				n = union_no_detours(all, q.k, &r, &oq, &h);
			}
			status = cp_search(&routes, g, &q, &err);
			if (status != (n ? 0 : CP_ENOROUTE))
				fail_msg("status %d, %zu routes (%s)", status,
					 n, err.text);
			assert_int_equal(routes->count, n);
			for (j = 0; j < n; j++) {
				assert_route(&routes->items[j], &r, &oq,
					     &all[j]);
				from_held += all[j].role[0] != oq.from;
				zero += all[j].n == 0;
				compared++;
			}
			cp_routes_free(routes);
		}
		or_free(&r, g);
	}
	/* many routes start at a role held, some at the target itself */
	assert_true(compared > 5000 && from_held > 1000 && zero > 100);
}

/*
 * Reach and rows: each role's route is the first of the routes to it from
 * every held role; no held role is listed by reach, and a row's held
 * target has the route of no steps.
 */
static void test_reach_and_rows_against_sources(void **state)
{
	uint64_t rng = 4048;
	size_t round, compared = 0, from_held = 0;
	(void)state;
	for (round = 0; round < 600; round++) {
		or_graph r;
		cp_graph *g = or_random(&r, &rng);
		size_t i;
		for (i = 0; i < 8; i++) {
			or_query oq;
			held h;
			cp_query q;
			cp_cap caps[2];
			size_t avoid[OR_N_MAX], targets[OR_N_MAX], v,
				n_reach = 0;
			cp_routes *reach = NULL, *row = NULL;
			cp_error err;
			random_query(&oq, &h, &r, &rng, 0, 0);
			to_query(&q, &r, &oq, &h, caps, avoid);
			q.kind = CP_QUERY_REACH;
			assert_int_equal(cp_search(&reach, g, &q, &err), 0);
			for (v = 0; v < r.n; v++)
				targets[v] = v;
			q.kind = CP_QUERY_ROW;
			q.targets = targets;
			q.n_targets = r.n;
			assert_int_equal(cp_search(&row, g, &q, &err), 0);
			assert_int_equal(row->count, r.n);
			for (v = 0; v < r.n; v++) {
				size_t n, j;
				oq.to = v;
				n = union_routes(all, &r, &oq, &h);
				if (!n) {
					assert_true(row->items[v].cost ==
						    INFINITY);
					continue;
				}
				assert_route(&row->items[v], &r, &oq, &all[0]);
				if (is_held(&oq, &h, v)) {
					assert_int_equal(all[0].n, 0);
					continue;
				}
				for (j = 0; j < reach->count; j++) {
					const cp_route *got = &reach->items[j];
					if (got->roles[got->n_steps] == v)
						break;
				}
				assert_true(j < reach->count);
				assert_route(&reach->items[j], &r, &oq,
					     &all[0]);
				from_held += all[0].role[0] != oq.from;
				n_reach++;
				compared++;
			}
			assert_int_equal(reach->count, n_reach);
			cp_routes_free(reach);
			cp_routes_free(row);
		}
		or_free(&r, g);
	}
	assert_true(compared > 3000 && from_held > 1000);
}

/* A route's totals of the two objectives. */
typedef struct point {
	double v[2];
	size_t path;
} point;

static int beaten(const point *p, const point *pts, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (pts[i].v[0] <= p->v[0] && pts[i].v[1] <= p->v[1] &&
		    (pts[i].v[0] < p->v[0] || pts[i].v[1] < p->v[1]))
			return 1;
	return 0;
}

/*
 * Pareto fronts over the routes from every held role: the distinct
 * undominated totals, each shown by the first route with them.
 */
static void test_pareto_against_sources(void **state)
{
	static point points[OR_PATHS_MAX], front[OR_PATHS_MAX];
	uint64_t rng = 5150;
	size_t round, compared = 0, from_held = 0;
	(void)state;
	for (round = 0; round < 300; round++) {
		or_graph r;
		cp_graph *g = or_random(&r, &rng);
		size_t i;
		for (i = 0; i < 8; i++) {
			or_query oq;
			held h;
			cp_query q;
			cp_cap caps[2];
			size_t avoid[OR_N_MAX], n, j, k, n_points = 0;
			size_t n_front = 0;
			int by[2];
			const cp_cost *objectives[2];
			cp_routes *routes = NULL;
			cp_error err;
			random_query(&oq, &h, &r, &rng, 1, 1);
			by[0] = oq.objective;
			by[1] = (by[0] + 1 +
				 (int)or_rand(&rng, OR_N_COSTS - 1)) %
				OR_N_COSTS;
			n = union_routes(all, &r, &oq, &h);
			for (j = 0; j < n; j++) {
				points[n_points].v[0] = all[j].cost;
				points[n_points].v[1] =
					or_path_cost(&r, &all[j], by[1],
						     credit_of(&oq, &all[j]));
				points[n_points].path = j;
				n_points++;
			}
			for (j = 0; j < n_points; j++) {
				for (k = 0; k < n_front; k++)
					if (front[k].v[0] == points[j].v[0] &&
					    front[k].v[1] == points[j].v[1])
						break;
				if (k == n_front &&
				    !beaten(&points[j], points, n_points))
					front[n_front++] = points[j];
			}
			to_query(&q, &r, &oq, &h, caps, avoid);
			objectives[0] = r.costs[by[0]];
			objectives[1] = r.costs[by[1]];
			q.kind = CP_QUERY_PARETO;
			q.objectives = objectives;
			q.n_objectives = 2;
			assert_int_equal(cp_search(&routes, g, &q, &err),
					 n_front ? 0 : CP_ENOROUTE);
			assert_int_equal(routes->count, n_front);
			for (j = 0; j < routes->count; j++) {
				const cp_route *got = &routes->items[j];
				const point *want = NULL;
				or_path p;
				double credit = got->roles[0] == oq.from
							? oq.experience
							: 0;
				or_path_of(&p, got, &r, by[1], credit);
				for (k = 0; k < n_front; k++)
					if (front[k].v[0] == got->cost &&
					    front[k].v[1] == p.cost)
						want = &front[k];
				if (!want)
					fail_msg("(%g, %g) is not on the front",
						 got->cost, p.cost);
				assert_route(got, &r, &oq, &all[want->path]);
				from_held += got->roles[0] != oq.from;
				compared++;
			}
			cp_routes_free(routes);
		}
		or_free(&r, g);
	}
	assert_true(compared > 1000 && from_held > 300);
}

/*
 * Why there is no route, from every held role: no route at all without
 * the conditions (unreachable), none with avoid, via and the rules
 * (conditions), else the caps, each needed value the least total of its
 * cost over the routes that keep the other caps.
 */
static void test_explain_against_sources(void **state)
{
	uint64_t rng = 6262;
	size_t round, told[3] = {0, 0, 0};
	(void)state;
	for (round = 0; round < 1500; round++) {
		or_graph r;
		cp_graph *g = or_random(&r, &rng);
		size_t i;
		for (i = 0; i < 8; i++) {
			or_query oq, loose;
			held h;
			cp_query q;
			cp_cap caps[2];
			size_t avoid[OR_N_MAX], c;
			cp_routes *routes = NULL;
			cp_error err;
			cp_why_kind want;
			random_query(&oq, &h, &r, &rng, 1, 1);
			if (union_routes(all, &r, &oq, &h))
				continue;
			to_query(&q, &r, &oq, &h, caps, avoid);
			q.explain = 1;
			assert_int_equal(cp_search(&routes, g, &q, &err),
					 CP_ENOROUTE);
			assert_non_null(routes->why);
			loose = oq;
			loose.n_caps = 0;
			if (!union_routes(all, &r, &loose, &h)) {
				memset(loose.avoid, 0, sizeof(loose.avoid));
				loose.n_via = 0;
				loose.has_min_gain = 0;
				loose.n_rules = 0;
				want = union_routes(all, &r, &loose, &h)
					       ? CP_WHY_CONDITIONS
					       : CP_WHY_UNREACHABLE;
			} else {
				want = CP_WHY_CAPS;
			}
			assert_int_equal(routes->why->kind, want);
			told[want]++;
			for (c = 0; want == CP_WHY_CAPS && c < oq.n_caps; c++) {
				or_query others = oq;
				double needed;
				others.n_caps = 0;
				if (oq.n_caps == 2) {
					others.cap_cost[0] = oq.cap_cost[1 - c];
					others.cap_max[0] = oq.cap_max[1 - c];
					others.n_caps = 1;
				}
				others.objective = oq.cap_cost[c];
				needed = union_routes(all, &r, &others, &h)
						 ? all[0].cost
						 : NAN;
				if (!(routes->why->needed[c] == needed ||
				      (isnan(needed) &&
				       isnan(routes->why->needed[c]))))
					fail_msg("cap %zu needs %g, not %g", c,
						 needed,
						 routes->why->needed[c]);
			}
			cp_routes_free(routes);
		}
		or_free(&r, g);
	}
	assert_true(told[CP_WHY_UNREACHABLE] > 100 &&
		    told[CP_WHY_CONDITIONS] > 100 && told[CP_WHY_CAPS] > 100);
}

/* A role held that the query avoids, and feeders, are refused. */
static void test_refused(void **state)
{
	cp_graph *g = th_load_fixture("small");
	cp_query q = CP_QUERY_INIT;
	cp_routes *r = NULL;
	size_t b;
	cp_error err;
	(void)state;
	assert_int_equal(cp_role_find(&q.from, g, "a", &err), 0);
	assert_int_equal(cp_role_find(&q.to, g, "d", &err), 0);
	assert_int_equal(cp_role_find(&b, g, "b", &err), 0);
	q.also = &b;
	q.n_also = 1;
	q.avoid = &b;
	q.n_avoid = 1;
	assert_int_equal(cp_search(&r, g, &q, &err), CP_EINVALID);
	assert_null(r);
	assert_non_null(strstr(err.text, "cannot avoid"));
	q.n_avoid = 0;
	q.kind = CP_QUERY_FEEDERS;
	assert_int_equal(cp_search(&r, g, &q, &err), CP_EINVALID);
	assert_null(r);
	q.kind = CP_QUERY_ROUTES;
	assert_int_equal(cp_search(&r, g, &q, &err), 0);
	assert_int_equal(r->n_also, 1);
	assert_int_equal(r->also[0], b);
	assert_int_equal(r->items[0].roles[0], b);
	cp_routes_free(r);
	cp_graph_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routes_against_sources),
		cmocka_unit_test(test_reach_and_rows_against_sources),
		cmocka_unit_test(test_pareto_against_sources),
		cmocka_unit_test(test_explain_against_sources),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

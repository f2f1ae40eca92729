/*
 * Statistics against values worked out by hand on tests/data/small, and on
 * random graphs against igraph called directly, against the enumeration
 * of every route, and (for the percentiles, on larger graphs with many
 * tied and many distinct costs) against every pair's cost kept from one
 * single-pair search per pair.
 */
#include "internal.h"
#include "oracle.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * The statistics on jobs threads, in every format, byte for byte those on
 * one: each thread tallies its own roles, and the tallies count by value.
 */
static void assert_same_on_threads(const cp_graph *g, const cp_cost *cost,
				   const cp_stats *one)
{
	static const cp_format formats[] = {CP_FORMAT_TEXT, CP_FORMAT_JSON,
					    CP_FORMAT_CSV};
	static const size_t jobs[] = {2, 3, 8, 1000};
	size_t j, f;
	cp_error err;
	for (j = 0; j < sizeof(jobs) / sizeof(jobs[0]); j++) {
		cp_stats *many;
		assert_int_equal(
			cp_stats_compute(&many, g, cost, 5, jobs[j], &err), 0);
		for (f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
			cp_buf want = CP_BUF_INIT, have = CP_BUF_INIT;
			assert_int_equal(
				cp_stats_format(&want, g, one, formats[f]), 0);
			assert_int_equal(
				cp_stats_format(&have, g, many, formats[f]), 0);
			assert_string_equal(have.ptr, want.ptr);
			cp_buf_free(&want);
			cp_buf_free(&have);
		}
		cp_stats_free(many);
	}
}

static void test_small_by_hand(void **state)
{
	cp_graph *g = th_load_fixture("small");
	cp_cost *months = th_cost(g, "months");
	cp_stats *s;
	cp_buf out = CP_BUF_INIT;
	cp_error err;
	(void)state;
	/*
	 * a->b (twice), b->c, a->c, c->d, b->d: no cycle, so four
	 * components of one role; d leads nowhere, nothing leads to a,
	 * and a reaches everything. Routes: a->b, a->c, a->d, b->c, b->d,
	 * c->d: 6 of the 12 ordered pairs, all of 1 step but a->d (2):
	 * steps sorted 1,1,1,1,1,2; median at rank 2.5 is 1, the 90th
	 * percentile at rank 4.5 is 1.5. a->d has two fewest-step routes,
	 * through b and through c (parallel moves count once): 0.5 each.
	 */
	assert_int_equal(cp_stats_compute(&s, g, NULL, 10, 1, &err), 0);
	assert_int_equal(s->roles, 4);
	assert_int_equal(s->transitions, 6);
	assert_int_equal(s->components, 4);
	assert_int_equal(s->largest_component, 1);
	assert_int_equal(s->dead_ends, 1);
	assert_int_equal(s->entry_roles, 1);
	assert_int_equal(s->unreachable, 0);
	assert_int_equal(s->pairs, 12);
	assert_int_equal(s->routed, 6);
	/* of the 6 pairs without a route, d->a, d->b, d->c start at the
	 * dead end d; b->a, c->a, c->b have moves but none leads there */
	assert_int_equal(s->no_moves[0], 3);
	assert_int_equal(s->unrouted_unreachable, 3);
	assert_true(s->median_cost == 1);
	assert_true(s->p90_cost == 1.5);
	assert_int_equal(s->n_gateways, 2);
	assert_int_equal(s->gateways[0], 1);
	assert_int_equal(s->gateways[1], 2);
	assert_true(s->betweenness[0] == 0.5 && s->betweenness[1] == 0.5);
	cp_stats_free(s);
	/* by months: a->b 6, a->c 30 (6+24 beats 40), a->d 9, b->c 24,
	 * b->d 3, c->d 0; sorted 0,3,6,9,24,30: median 7.5, 90th 27 */
	assert_int_equal(cp_stats_compute(&s, g, months, 1, 1, &err), 0);
	assert_true(s->median_cost == 7.5);
	assert_true(s->p90_cost == 27);
	assert_int_equal(s->n_gateways, 1);
	assert_int_equal(cp_stats_format(&out, g, s, CP_FORMAT_JSON), 0);
	assert_string_equal(
		out.ptr,
		"{\"roles\":4,\"transitions\":6,\"components\":4,"
		"\"largest_component\":1,\"dead_ends\":1,\"entry_roles\":1,"
		"\"unreachable\":0,\"pairs\":12,\"routed\":6,"
		"\"unrouted_no_moves\":3,\"unrouted_unreachable\":3,"
		"\"by\":\"months\","
		"\"median_cost\":7.5,\"p90_cost\":27,\"gateways\":[{\"id\":"
		"\"b\",\"title\":\"Beta Tech\",\"name\":\"Beta Tech\","
		"\"betweenness\":0.5}],"
		"\"no_moves\":[{\"id\":\"d\",\"title\":\"Delta Lead\","
		"\"name\":\"Delta Lead\"}]}\n");
	cp_stats_free(s);
	cp_buf_free(&out);
	cp_cost_free(months);
	cp_graph_free(g);
}

static void test_cycle_without_entry(void **state)
{
	/* a<->b, b->c: {a,b} is one component; no role lacks feeders but c
	 * has one, so no entry role, and c is the only dead end */
	cp_graph *g = th_load("id,title\na,A\nb,B\nc,C\n",
			      "from,to\na,b\nb,a\nb,c\n");
	cp_stats *s;
	cp_error err;
	(void)state;
	assert_int_equal(cp_stats_compute(&s, g, NULL, 10, 1, &err), 0);
	assert_int_equal(s->components, 2);
	assert_int_equal(s->largest_component, 2);
	assert_int_equal(s->entry_roles, 0);
	assert_int_equal(s->unreachable, 0);
	assert_int_equal(s->dead_ends, 1);
	/* a->b, a->c, b->a, b->c: 4 of 6 */
	assert_int_equal(s->routed, 4);
	cp_stats_free(s);
	cp_graph_free(g);
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Whether role is parent or a kind of it, by the oracle's kind_of. */
static int is_kind(const or_graph *r, size_t role, size_t parent)
{
	for (; role != CP_NO_ROLE; role = r->parent[role])
		if (role == parent)
			return 1;
	return 0;
}

static void test_random_against_igraph_and_enumeration(void **state)
{
	static or_path all[OR_PATHS_MAX];
	uint64_t rng = 2024;
	int round;
	(void)state;
	for (round = 0; round < 60; round++) {
		or_graph r;
		cp_graph *g = or_random(&r, &rng);
		int objective = round % 3;
		cp_cost *cost = th_cost(g, or_costs[objective].text);
		igraph_t net;
		igraph_vector_int_t ends, membership;
		igraph_vector_t scores;
		igraph_integer_t n_components;
		double costs[OR_N_MAX * OR_N_MAX], median, p90, h;
		size_t n_costs = 0, from, to, e, i;
		cp_stats *s;
		cp_error err;

		/* igraph directly, on every move: each transition from its
		 * role and from every kind of that role */
		igraph_vector_int_init(&ends, 0);
		for (e = 0; e < r.m; e++)
			for (i = 0; i < r.n; i++)
				if (is_kind(&r, i, r.from[e]) &&
				    (i == r.from[e] || i != r.to[e])) {
					igraph_vector_int_push_back(
						&ends, (igraph_integer_t)i);
					igraph_vector_int_push_back(
						&ends,
						(igraph_integer_t)r.to[e]);
				}
		igraph_create(&net, &ends, (igraph_integer_t)r.n, 1);
		igraph_simplify(&net, 1, 1, NULL);
		igraph_vector_int_init(&membership, 0);
		igraph_vector_init(&scores, 0);
		igraph_connected_components(&net, &membership, NULL,
					    &n_components, IGRAPH_STRONG);
		igraph_betweenness(&net, &scores, igraph_vss_all(), 1, NULL);

		/* the cheapest cost of every pair, by enumeration */
		for (from = 0; from < r.n; from++)
			for (to = 0; to < r.n; to++) {
				or_query q;
				if (from == to)
					continue;
				or_query_init(&q, from, to, objective);
				if (or_routes(all, &r, &q))
					costs[n_costs++] = all[0].cost;
			}
		qsort(costs, n_costs, sizeof(double), by_double);

		assert_int_equal(
			cp_stats_compute(&s, g, cost, OR_N_MAX, 1, &err), 0);
		assert_int_equal(s->components, (size_t)n_components);
		assert_int_equal(s->routed, n_costs);
		if (n_costs) {
			h = (double)(n_costs - 1) * 0.5;
			i = (size_t)h;
			median = i + 1 < n_costs
					 ? costs[i] + (h - (double)i) *
							      (costs[i + 1] -
							       costs[i])
					 : costs[i];
			h = (double)(n_costs - 1) * 0.9;
			i = (size_t)h;
			p90 = i + 1 < n_costs
				      ? costs[i] + (h - (double)i) *
							   (costs[i + 1] -
							    costs[i])
				      : costs[i];
			assert_true(fabs(s->median_cost - median) < 1e-9);
			assert_true(fabs(s->p90_cost - p90) < 1e-9);
		} else {
			assert_true(isnan(s->median_cost));
		}
		/* every role of positive betweenness, highest first */
		for (i = 0, e = 0; i < r.n; i++)
			e += VECTOR(scores)[i] > 0;
		assert_int_equal(s->n_gateways, e);
		for (i = 0; i < s->n_gateways; i++) {
			assert_true(s->betweenness[i] ==
				    VECTOR(scores)[s->gateways[i]]);
			if (i)
				assert_true(s->betweenness[i] <=
					    s->betweenness[i - 1]);
		}
		cp_stats_free(s);
		igraph_vector_destroy(&scores);
		igraph_vector_int_destroy(&membership);
		igraph_vector_int_destroy(&ends);
		igraph_destroy(&net);
		cp_cost_free(cost);
		or_free(&r, g);
	}
}

static void test_percentiles_between_ties_by_hand(void **state)
{
	/*
	 * Only a moves: to b, c, d in 2 months, to e and f in 4, to g in
	 * 10. Sorted 2,2,2,4,4,10: the median at rank 2.5 lies between the
	 * last 2 and the first 4, 3; the 90th percentile at rank 4.5 between
	 * the last 4 and 10, 7. By steps all six cost 1: 1 and 1.
	 */
	cp_graph *g = th_load("id,title\na,A\nb,B\nc,C\nd,D\ne,E\nf,F\ng,G\n",
			      "from,to,months\na,b,2\na,c,2\na,d,2\na,e,4\n"
			      "a,f,4\na,g,10\n");
	cp_cost *months = th_cost(g, "months");
	cp_stats *s;
	cp_error err;
	(void)state;
	assert_int_equal(cp_stats_compute(&s, g, months, 10, 1, &err), 0);
	assert_int_equal(s->pairs, 42);
	assert_int_equal(s->routed, 6);
	assert_true(s->median_cost == 3);
	assert_true(s->p90_cost == 7);
	cp_stats_free(s);
	assert_int_equal(cp_stats_compute(&s, g, NULL, 10, 1, &err), 0);
	assert_true(s->median_cost == 1);
	assert_true(s->p90_cost == 1);
	cp_stats_free(s);
	cp_cost_free(months);
	cp_graph_free(g);
}

static double sorted_quantile(const double *sorted, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t i = (size_t)h;
	if (i + 1 >= n)
		return sorted[n - 1];
	return sorted[i] + (h - (double)i) * (sorted[i + 1] - sorted[i]);
}

/* A random graph of n roles and about 3n transitions: months of 0 to 5
 * (many ties), dollars with cents (mostly distinct). */
static cp_graph *random_graph(size_t n, uint64_t *rng)
{
	cp_buf roles = CP_BUF_INIT, moves = CP_BUF_INIT;
	cp_graph *g;
	size_t i;
	assert_int_equal(cp_buf_puts(&roles, "id,title\n"), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(cp_buf_printf(&roles, "r%zu,R%zu\n", i, i), 0);
	assert_int_equal(cp_buf_puts(&moves, "from,to,months,dollars\n"), 0);
	for (i = 0; i < 3 * n; i++)
		assert_int_equal(
			cp_buf_printf(&moves, "r%zu,r%zu,%zu,%zu.%02zu\n",
				      or_rand(rng, n), or_rand(rng, n),
				      or_rand(rng, 6), or_rand(rng, 5000),
				      or_rand(rng, 100)),
			0);
	g = th_load(roles.ptr, moves.ptr);
	cp_buf_free(&roles);
	cp_buf_free(&moves);
	return g;
}

static void test_random_against_single_pair_searches(void **state)
{
	static const char *const costs[] = {"steps", "months", "dollars",
					    "months+dollars/100"};
	static double all[200 * 200];
	uint64_t rng = 15;
	int round;
	(void)state;
	for (round = 0; round < 12; round++) {
		size_t n = 20 + or_rand(&rng, 180), from, to, n_costs = 0;
		cp_graph *g = random_graph(n, &rng);
		cp_cost *cost = th_cost(g, costs[round % 4]);
		cp_stats *s;
		cp_error err;
		for (from = 0; from < n; from++)
			for (to = 0; to < n; to++) {
				cp_query q = CP_QUERY_INIT;
				cp_routes *routes = NULL;
				int status;
				if (from == to)
					continue;
				q.from = from;
				q.to = to;
				q.cost = cost;
				status = cp_search(&routes, g, &q, &err);
				assert_true(status == 0 ||
					    status == CP_ENOROUTE);
				if (!status)
					all[n_costs++] = routes->items[0].cost;
				cp_routes_free(routes);
			}
		qsort(all, n_costs, sizeof(double), by_double);
		assert_int_equal(cp_stats_compute(&s, g, cost, 5, 1, &err), 0);
		assert_same_on_threads(g, cost, s);
		assert_int_equal(s->routed, n_costs);
		assert_true(n_costs > 0);
		/* the same ranks of the same sums: equal to the last bit */
		assert_true(s->median_cost ==
			    sorted_quantile(all, n_costs, 0.5));
		assert_true(s->p90_cost == sorted_quantile(all, n_costs, 0.9));
		cp_stats_free(s);
		cp_cost_free(cost);
		cp_graph_free(g);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_by_hand),
		cmocka_unit_test(test_cycle_without_entry),
		cmocka_unit_test(test_random_against_igraph_and_enumeration),
		cmocka_unit_test(test_percentiles_between_ties_by_hand),
		cmocka_unit_test(test_random_against_single_pair_searches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

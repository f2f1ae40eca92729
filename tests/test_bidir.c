/*
 * The search from both ends (src/search/bidir.c) against the one-way
 * search it stands in for: on random graphs full of equal costs (small
 * whole numbers, many zeros, blanks), kinds of roles, roles avoided and
 * held, rules on each step, and totals that overflow, every single-pair
 * query and every one-target row is answered the same, byte for byte:
 * status and message, roles, transitions, cost to the bit, steps, totals.
 * The one-way answers come from a workspace told to search one way only.
 */
#include "oracle.h"
#include "search/search_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One answer: its status, message and routes. */
typedef struct answer {
	int status;
	cp_error err;
	cp_routes *routes;
} answer;

static void ask(answer *a, const cp_graph *g, cp_query *q, cp_workspace *ws)
{
	memset(a, 0, sizeof(*a));
	q->workspace = ws;
	a->status = cp_search(&a->routes, g, q, &a->err);
	q->workspace = NULL;
}

static void assert_same(const answer *a, const answer *b, size_t n_metrics)
{
	size_t i, j;
	assert_int_equal(a->status, b->status);
	assert_string_equal(a->err.message, b->err.message);
	assert_true((a->routes == NULL) == (b->routes == NULL));
	if (!a->routes)
		return;
	assert_int_equal(a->routes->count, b->routes->count);
	for (i = 0; i < a->routes->count; i++) {
		const cp_route *x = &a->routes->items[i],
			       *y = &b->routes->items[i];
		assert_memory_equal(&x->cost, &y->cost, sizeof(double));
		assert_int_equal(x->n_steps, y->n_steps);
		assert_true((x->roles == NULL) == (y->roles == NULL));
		if (!x->roles)
			continue;
		assert_memory_equal(x->roles, y->roles,
				    (x->n_steps + 1) * sizeof(size_t));
		for (j = 0; j < x->n_steps; j++)
			assert_int_equal(x->transitions[j], y->transitions[j]);
		for (j = 0; j < n_metrics; j++)
			assert_memory_equal(&x->totals[j], &y->totals[j],
					    sizeof(double));
	}
}

static void answer_free(answer *a)
{
	cp_routes_free(a->routes);
}

/* What the random queries found, to show the test reaches every case. */
typedef struct tally {
	size_t queries, routes, none, overflow, steps_max;
} tally;

/*
 * q one way (kept workspace) and both ways (kept, and fresh as a single
 * `path` runs it): all three the same.
 */
static void compare(const cp_graph *g, cp_query *q, cp_workspace *one,
		    cp_workspace *two, tally *t)
{
	answer a, b, c;
	ask(&a, g, q, one);
	ask(&b, g, q, two);
	ask(&c, g, q, NULL);
	assert_same(&a, &b, cp_graph_metric_count(g));
	assert_same(&a, &c, cp_graph_metric_count(g));
	t->queries++;
	if (a.status == CP_EOVERFLOW)
		t->overflow++;
	else if (a.status == 0 && a.routes && a.routes->count &&
		 a.routes->items[0].roles) {
		t->routes++;
		if (a.routes->items[0].n_steps > t->steps_max)
			t->steps_max = a.routes->items[0].n_steps;
	} else {
		t->none++;
	}
	answer_free(&a);
	answer_free(&b);
	answer_free(&c);
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static size_t rnd(size_t bound)
{
	return or_rand(&rng, bound);
}

/* A growing text, for the random files. */
typedef struct text {
	char *s;
	size_t n, cap;
} text;

static void put(text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(text *t, const char *fmt, ...)
{
	va_list ap;
	int n;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->s + t->n, t->cap - t->n, fmt, ap);
		va_end(ap);
		assert_true(n >= 0);
		if ((size_t)n < t->cap - t->n)
			break;
		t->cap = 2 * t->cap + (size_t)n + 64;
		assert_non_null(t->s = realloc(t->s, t->cap));
	}
	t->n += (size_t)n;
}

/* A cell of whole months from 0 to 3 (zero most often), blank now and
 * then, or now and then a value so large that two overflow. */
static void put_months(text *t, int huge)
{
	size_t r = rnd(20);
	if (r == 0)
		put(t, ",");
	else if (huge && r == 1)
		put(t, ",1e308");
	else
		put(t, ",%zu", r < 8 ? (size_t)0 : rnd(4));
}

/*
 * A random graph of n roles and about deg * n transitions: each role a
 * kind of an earlier one now and then; a wage and a zone, blank now and
 * then; months and dollars as above. Loaded, and the zone's column noted.
 */
static cp_graph *random_graph(size_t n, size_t deg, int huge, size_t *zone_col)
{
	text roles = {0}, trs = {0};
	size_t v, i, m = deg * n / 2 + rnd(deg * n);
	cp_graph *g;
	put(&roles, "id,title,kind_of,median_wage_usd,zone\n");
	for (v = 0; v < n; v++) {
		put(&roles, "r%zu,Role %zu,", v, v);
		if (v && rnd(8) == 0)
			put(&roles, "r%zu", rnd(v));
		if (rnd(6))
			put(&roles, ",%zu", 30000 + 5000 * rnd(6));
		else
			put(&roles, ",");
		/* the first role's zone is a number: the column is one */
		if (!v || rnd(6))
			put(&roles, ",%zu\n", 1 + rnd(5));
		else
			put(&roles, ",\n");
	}
	put(&trs, "from,to,months,dollars\n");
	for (i = 0; i < m; i++) {
		put(&trs, "r%zu,r%zu", rnd(n), rnd(n));
		put_months(&trs, huge);
		/* the first row's dollars are a number: the column is one */
		if (!i || rnd(10))
			put(&trs, ",%zu\n", rnd(3));
		else
			put(&trs, ",\n");
	}
	g = th_load(roles.s, trs.s);
	free(roles.s);
	free(trs.s);
	*zone_col = 4;
	return g;
}

static const char *const cost_texts[] = {"months", "steps", "dollars",
					 "months+dollars", "2*months+steps"};

/*
 * A random single-pair query over n roles: sometimes roles avoided,
 * sometimes roles held as well, sometimes a wage rule or a rule on each
 * step; now and then to where it starts.
 */
static void random_query(cp_query *q, size_t n, size_t *avoid, size_t *also,
			 cp_rule *rules, size_t zone_col, int wages)
{
	size_t i, k;
	cp_query_init(q);
	q->from = rnd(n);
	q->to = rnd(12) ? rnd(n) : q->from;
	if (rnd(3) == 0) {
		k = 1 + rnd(n / 4 + 1);
		for (i = 0; i < k; i++) {
			size_t r = rnd(n);
			if (r != q->from && r != q->to)
				avoid[q->n_avoid++] = r;
		}
		q->avoid = avoid;
	}
	if (rnd(5) == 0) {
		k = 1 + rnd(3);
		for (i = 0; i < k; i++) {
			size_t r = rnd(n), j;
			for (j = 0; j < q->n_avoid && avoid[j] != r; j++)
				;
			if (j == q->n_avoid)
				also[q->n_also++] = r;
		}
		q->also = q->n_also ? also : NULL;
	}
	if (wages && rnd(6) == 0) {
		static const double gains[] = {-10, 0, 10};
		q->has_min_gain = 1;
		q->min_gain = gains[rnd(3)];
	}
	if (rnd(6) == 0) {
		rules[0].kind = rnd(2) ? CP_RULE_STEP_MAX : CP_RULE_RISE_MAX;
		rules[0].index =
			rules[0].kind == CP_RULE_STEP_MAX ? rnd(2) : zone_col;
		rules[0].max = (double)rnd(3);
		q->rules = rules;
		q->n_rules = 1;
	}
}

/* Graphs of n roles, queries of every sort on each, all compared. */
static void run_graphs(size_t n_graphs, size_t n, size_t deg, int huge,
		       size_t per_graph, tally *t)
{
	size_t gi, qi;
	for (gi = 0; gi < n_graphs; gi++) {
		size_t zone_col, avoid[512], also[4];
		cp_rule rules[1];
		cp_cost *costs[5];
		cp_workspace *one = NULL, *two = NULL;
		cp_error err;
		size_t c;
		cp_graph *g = random_graph(n, deg, huge, &zone_col);
		for (c = 0; c < 5; c++)
			costs[c] = th_cost(g, cost_texts[c]);
		assert_int_equal(cp_workspace_new(&one, g, &err), 0);
		assert_int_equal(cp_workspace_new(&two, g, &err), 0);
		one->one_way = 1;
		for (qi = 0; qi < per_graph; qi++) {
			cp_query q;
			random_query(&q, n, avoid, also, rules, zone_col, 1);
			/* one cost for a run of queries, as batch files go,
			 * so the kept arc costs serve and are remade */
			q.cost = costs[(qi / 16) % 5];
			compare(g, &q, one, two, t);
			/* a row of one target, repeated now and then */
			if (!q.n_also && rnd(4) == 0) {
				size_t targets[2] = {q.to, q.to};
				q.kind = CP_QUERY_ROW;
				q.targets = targets;
				q.n_targets = 1 + rnd(2);
				q.to = CP_NO_ROLE;
				compare(g, &q, one, two, t);
			}
			/* a row of a few targets, searched one by one from
			 * both ends up to CP_ROW_TWO_WAY_MAX, and one of more,
			 * some repeated, some avoided or the start itself */
			if (!q.n_also && rnd(4) == 0) {
				size_t targets[CP_ROW_TWO_WAY_MAX + 2], i;
				q.kind = CP_QUERY_ROW;
				q.n_targets = 2 + rnd(CP_ROW_TWO_WAY_MAX + 1);
				for (i = 0; i < q.n_targets; i++)
					targets[i] = rnd(5) == 0 && i
							     ? targets[i - 1]
						     : rnd(10) == 0 ? q.from
								    : rnd(n);
				q.targets = targets;
				q.to = CP_NO_ROLE;
				compare(g, &q, one, two, t);
			}
		}
		cp_workspace_free(one);
		cp_workspace_free(two);
		for (c = 0; c < 5; c++)
			cp_cost_free(costs[c]);
		cp_graph_free(g);
	}
}

/* Middling graphs, sparse and dense: the two balls meet mid-way. */
static void test_random_graphs(void **state)
{
	tally t = {0};
	(void)state;
	run_graphs(12, 300, 3, 0, 250, &t);
	run_graphs(12, 120, 6, 0, 250, &t);
	print_message("%zu queries: %zu routes (up to %zu steps), %zu none\n",
		      t.queries, t.routes, t.steps_max, t.none);
	assert_true(t.routes > t.queries / 3);
	assert_true(t.none > 0);
	assert_true(t.steps_max >= 8);
}

/* Small graphs, many of them: every corner of few roles. */
static void test_small_graphs(void **state)
{
	tally t = {0};
	(void)state;
	run_graphs(150, 8, 2, 0, 30, &t);
	run_graphs(150, 20, 3, 0, 30, &t);
	assert_true(t.routes > 0 && t.none > 0);
}

/* Totals that pass the largest double: the same overflow, or none. */
static void test_overflow(void **state)
{
	tally t = {0};
	(void)state;
	run_graphs(20, 60, 3, 1, 200, &t);
	print_message("%zu queries: %zu routes, %zu overflow, %zu none\n",
		      t.queries, t.routes, t.overflow, t.none);
	assert_true(t.overflow > 0);
	assert_true(t.routes > 0);
}

/* Experience already worked is searched one way: the same answers. */
static void test_experience(void **state)
{
	cp_graph *g = th_load("id,title\na,A\nb,B\nc,C\n",
			      "from,to,months,experience_months\n"
			      "a,b,6,24\nb,c,2,1\na,c,30,30\n");
	cp_cost *cost = th_cost(g, "experience_months");
	cp_query q;
	cp_routes *routes = NULL;
	cp_error err;
	(void)state;
	cp_query_init(&q);
	q.from = 0;
	q.to = 2;
	q.cost = cost;
	q.experience = 12;
	assert_false(cp_bidir_fits(&q));
	q.experience = 0;
	assert_true(cp_bidir_fits(&q));
	q.experience = 12;
	/* a then b: 24 less the 12 worked, then 1 */
	assert_int_equal(cp_search(&routes, g, &q, &err), 0);
	assert_true(routes->items[0].cost == 13);
	assert_int_equal(routes->items[0].n_steps, 2);
	cp_routes_free(routes);
	cp_cost_free(cost);
	cp_graph_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_graphs),
		cmocka_unit_test(test_small_graphs),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_experience),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Upskilling what-ifs (careerpath/upskill.h): rankings worked by hand. */
#include "helpers.h"
#include "oracle.h"

#include "careerpath/upskill.h"

#include <math.h>
#include <string.h>

/*
 * From s within 2 months: a, b, c (1 each), x (s > a > x, 2) and z
 * (s > b > z, 2) today; the best paid of s and those is x at $50,000.
 * Held as well, x opens w and y (2 each from x: the way from s takes 4
 * and 3), b opens y (2), c opens v (2); a opens nothing.
 */
static const char roles_csv[] = "id,title,median_wage_usd\n"
				"s,Start,30000\n"
				"a,Alpha,35000\n"
				"b,Beta,40000\n"
				"c,Gamma,32000\n"
				"x,Ex,50000\n"
				"y,Why,70000\n"
				"z,Zed,\n"
				"w,Double,45000\n"
				"v,Vee,60000\n";
static const char transitions_csv[] = "from,to,months\n"
				      "s,a,1\n"
				      "s,b,1\n"
				      "s,c,1\n"
				      "a,x,1\n"
				      "s,x,10\n"
				      "b,y,2\n"
				      "b,z,1\n"
				      "x,w,2\n"
				      "x,y,2\n"
				      "c,v,2\n";

static size_t role(const cp_graph *g, const char *id)
{
	size_t r;
	cp_error err;
	assert_int_equal(cp_role_find(&r, g, id, &err), 0);
	return r;
}

static void assert_option(const cp_graph *g, const cp_upskill_option *o,
			  const char *id, size_t n_new, const char *best,
			  double gain_usd)
{
	assert_non_null(o);
	assert_int_equal(o->role, role(g, id));
	assert_int_equal(o->n_new, n_new);
	if (!best) {
		assert_int_equal(o->best_role, CP_NO_ROLE);
		assert_true(isnan(o->gain_usd));
		return;
	}
	assert_int_equal(o->best_role, role(g, best));
	assert_true(o->gain_usd == gain_usd);
}

static void test_ranking_by_hand(void **state)
{
	cp_graph *g = th_load(roles_csv, transitions_csv);
	cp_cost *months = th_cost(g, "months");
	cp_cap cap = {NULL, 2};
	cp_query q = CP_QUERY_INIT;
	cp_upskill *u = NULL;
	const cp_upskill_option *o;
	cp_error err;
	(void)state;
	cap.cost = months;
	q.from = role(g, "s");
	q.cost = months;
	q.caps = &cap;
	q.n_caps = 1;
	assert_int_equal(cp_upskill_rank(&u, g, &q, NULL, 0, &err), 0);
	assert_int_equal(cp_upskill_from(u), q.from);
	assert_string_equal(cp_upskill_by(u), "months");
	assert_int_equal(cp_upskill_reached(u), 5);
	assert_int_equal(cp_upskill_today_role(u), role(g, "x"));
	assert_true(cp_upskill_today(u) == 50000);
	/* every role one move from s, x by its 10-month move */
	assert_int_equal(cp_upskill_count(u), 4);
	o = cp_upskill_at(u, 0);
	assert_option(g, o, "x", 2, "y", 20000);
	assert_true(o->step_cost == 10);
	/* in the order of the reach answer: 2 months each, then roles.csv */
	assert_int_equal(o->new_roles[0], role(g, "y"));
	assert_int_equal(o->new_roles[1], role(g, "w"));
	assert_true(o->gain_pct == 40);
	/* one role each: the higher gain first */
	assert_option(g, cp_upskill_at(u, 1), "b", 1, "y", 20000);
	assert_option(g, cp_upskill_at(u, 2), "c", 1, "v", 10000);
	assert_option(g, cp_upskill_at(u, 3), "a", 0, NULL, 0);
	assert_null(cp_upskill_at(u, 4));
	cp_upskill_free(u);
	cp_cost_free(months);
	cp_graph_free(g);
}

/*
 * The same graph with an outlook: y, x, a, b, c and z grow, w shrinks, v
 * is not projected. Ending only in growing roles (--growing), today's
 * reach is the same five (all growing), but x opens y alone (w shrinks),
 * b opens y, c opens nothing (v's change is blank: not shown to grow) and
 * a nothing: b and x tie on one role and a gain of $20,000, b first in
 * roles.csv, then a and c with nothing. Without the rule x came first
 * with two.
 */
static const char outlook_roles_csv[] =
	"id,title,median_wage_usd,employment_change_pct\n"
	"s,Start,30000,1.0\n"
	"a,Alpha,35000,1.0\n"
	"b,Beta,40000,1.0\n"
	"c,Gamma,32000,1.0\n"
	"x,Ex,50000,1.0\n"
	"y,Why,70000,2.0\n"
	"z,Zed,,1.0\n"
	"w,Double,45000,-1.0\n"
	"v,Vee,60000,\n";

static void test_growing_by_hand(void **state)
{
	cp_graph *g = th_load(outlook_roles_csv, transitions_csv);
	cp_cost *months = th_cost(g, "months");
	cp_cap cap = {NULL, 2};
	cp_query q = CP_QUERY_INIT;
	cp_upskill *u = NULL;
	const cp_upskill_option *o;
	cp_error err;
	(void)state;
	cap.cost = months;
	q.from = role(g, "s");
	q.cost = months;
	q.caps = &cap;
	q.n_caps = 1;
	q.growing = 1;
	assert_int_equal(cp_upskill_rank(&u, g, &q, NULL, 0, &err), 0);
	assert_int_equal(cp_upskill_reached(u), 5);
	assert_true(cp_upskill_today(u) == 50000);
	assert_int_equal(cp_upskill_count(u), 4);
	assert_option(g, cp_upskill_at(u, 0), "b", 1, "y", 20000);
	o = cp_upskill_at(u, 1);
	assert_option(g, o, "x", 1, "y", 20000);
	assert_int_equal(o->new_roles[0], role(g, "y"));
	assert_option(g, cp_upskill_at(u, 2), "a", 0, NULL, 0);
	assert_option(g, cp_upskill_at(u, 3), "c", 0, NULL, 0);
	cp_upskill_free(u);
	cp_cost_free(months);
	cp_graph_free(g);
}

/* With b held already, y is within reach today: x opens w alone. */
static void test_roles_held_already(void **state)
{
	cp_graph *g = th_load(roles_csv, transitions_csv);
	cp_cost *months = th_cost(g, "months");
	cp_cap cap = {NULL, 2};
	cp_query q = CP_QUERY_INIT;
	cp_upskill *u = NULL;
	size_t held, tries[2];
	cp_error err;
	(void)state;
	cap.cost = months;
	q.from = role(g, "s");
	q.cost = months;
	q.caps = &cap;
	q.n_caps = 1;
	held = role(g, "b");
	q.also = &held;
	q.n_also = 1;
	tries[0] = role(g, "y");
	tries[1] = role(g, "x");
	assert_int_equal(cp_upskill_rank(&u, g, &q, tries, 2, &err), 0);
	assert_true(cp_upskill_today(u) == 70000);
	assert_int_equal(cp_upskill_count(u), 2);
	assert_option(g, cp_upskill_at(u, 0), "x", 1, "w", -25000);
	/* y is no move from s: its cost is not known */
	assert_option(g, cp_upskill_at(u, 1), "y", 0, NULL, 0);
	assert_true(isnan(cp_upskill_at(u, 1)->step_cost));
	cp_upskill_free(u);
	/* a role held, or the start, cannot be tried */
	tries[0] = held;
	assert_int_equal(cp_upskill_rank(&u, g, &q, tries, 1, &err),
			 CP_EINVALID);
	assert_null(u);
	th_assert_error(&err, CP_EINVALID, CP_EINVALID, 0, 0,
			"cannot try 'Beta': it is held already");
	tries[0] = q.from;
	assert_int_equal(cp_upskill_rank(&u, g, &q, tries, 1, &err),
			 CP_EINVALID);
	cp_upskill_free(NULL);
	cp_cost_free(months);
	cp_graph_free(g);
}

/* The three formats, their shape checked on the ranking above. */
static void test_formats(void **state)
{
	cp_graph *g = th_load(roles_csv, transitions_csv);
	cp_cost *months = th_cost(g, "months");
	cp_cap cap = {NULL, 2};
	cp_query q = CP_QUERY_INIT;
	cp_upskill *u = NULL;
	cp_buf out = CP_BUF_INIT;
	cp_error err;
	(void)state;
	cap.cost = months;
	q.from = role(g, "s");
	q.cost = months;
	q.caps = &cap;
	q.n_caps = 1;
	assert_int_equal(cp_upskill_rank(&u, g, &q, NULL, 0, &err), 0);
	assert_int_equal(cp_upskill_write(&out, g, u, CP_FORMAT_CSV, 2), 0);
	assert_string_equal(
		out.ptr, "rank,role,title,step_cost,opens,best_role,best_title,"
			 "best_wage,today_wage,gain_usd,gain_pct,new_roles\n"
			 "1,x,Ex,10,2,y,Why,70000,50000,20000,40,y;w\n"
			 "2,b,Beta,1,1,y,Why,70000,50000,20000,40,y\n");
	cp_buf_free(&out);
	assert_int_equal(cp_upskill_write(&out, g, u, CP_FORMAT_TEXT, 1), 0);
	assert_non_null(strstr(out.ptr, "1. Ex: opens 2 roles; best pay "
					"$70,000 as Why (+$20,000, +40%"));
	assert_null(strstr(out.ptr, "2. "));
	cp_buf_free(&out);
	assert_int_equal(cp_upskill_write(&out, g, u, CP_FORMAT_JSON, 0), 0);
	assert_non_null(strstr(out.ptr,
			       "\"role\":\"a\",\"title\":\"Alpha\","
			       "\"name\":\"Alpha\",\"step_cost\":1,\"opens\":0,"
			       "\"best_role\":null,\"best_wage\":null"));
	cp_buf_free(&out);
	cp_upskill_free(u);
	cp_cost_free(months);
	cp_graph_free(g);
}

/* Text names the first 12 roles opened and counts the rest. */
static void test_text_names_twelve(void **state)
{
	cp_buf roles = CP_BUF_INIT, moves = CP_BUF_INIT, out = CP_BUF_INIT;
	cp_graph *g;
	cp_cost *months;
	cp_cap cap = {NULL, 1};
	cp_query q = CP_QUERY_INIT;
	cp_upskill *u = NULL;
	cp_error err;
	int i;
	(void)state;
	/* s > h > r1 ... r14, a month each: within a month only h today */
	assert_int_equal(cp_buf_puts(&roles, "id,title\ns,S\nh,H\n"), 0);
	assert_int_equal(cp_buf_puts(&moves, "from,to,months\ns,h,1\n"), 0);
	for (i = 1; i <= 14; i++) {
		assert_int_equal(cp_buf_printf(&roles, "r%d,R%d\n", i, i), 0);
		assert_int_equal(cp_buf_printf(&moves, "h,r%d,1\n", i), 0);
	}
	g = th_load(roles.ptr, moves.ptr);
	months = th_cost(g, "months");
	cap.cost = months;
	q.from = role(g, "s");
	q.cost = months;
	q.caps = &cap;
	q.n_caps = 1;
	assert_int_equal(cp_upskill_rank(&u, g, &q, NULL, 0, &err), 0);
	assert_int_equal(cp_upskill_at(u, 0)->n_new, 14);
	assert_int_equal(cp_upskill_write(&out, g, u, CP_FORMAT_TEXT, 0), 0);
	assert_non_null(strstr(out.ptr,
			       "  1. H: opens 14 roles, pay not known\n"
			       "     R1, R2, R3, R4, R5, R6, R7, R8, R9, "
			       "R10, R11, R12 and 2 more\n"));
	cp_buf_free(&out);
	cp_buf_free(&roles);
	cp_buf_free(&moves);
	cp_upskill_free(u);
	cp_cost_free(months);
	cp_graph_free(g);
}

/*
 * The candidates are the roles one move from the start (by its own
 * transitions or those of a role it is a kind of) that are neither held
 * nor avoided and are within reach under the caps and rules: today's
 * reach, as these queries have no destination rules.
 */
static void assert_candidates(const or_graph *r, const cp_query *q,
			      const unsigned char *avoid,
			      const unsigned char *today, const cp_upskill *u)
{
	unsigned char want[OR_N_MAX] = {0}, have[OR_N_MAX] = {0};
	size_t e, v, k;
	for (e = 0; e < r->m; e++) {
		size_t a = q->from;
		while (a != CP_NO_ROLE && a != r->from[e])
			a = r->parent[a];
		v = r->to[e];
		if (a != CP_NO_ROLE && v != q->from && !avoid[v] &&
		    !(q->n_also && q->also[0] == v) && today[v])
			want[v] = 1;
	}
	for (k = 0; k < cp_upskill_count(u); k++)
		have[cp_upskill_at(u, k)->role] = 1;
	for (v = 0; v < r->n; v++)
		assert_int_equal(have[v], want[v]);
}

/*
 * On random graphs with kinds, caps, avoided roles and rules: each
 * candidate opens what a reach holding it as well lists and a reach
 * without it does not, in that reach's order (each search on its own,
 * from every role held at once).
 */
static void test_against_reach_per_candidate(void **state)
{
	uint64_t rng = 2727;
	size_t round, compared = 0, opened = 0;
	(void)state;
	for (round = 0; round < 800; round++) {
		or_graph r;
		cp_graph *g = or_random(&r, &rng);
		size_t i;
		for (i = 0; i < 6; i++) {
			or_query oq;
			cp_query q;
			cp_cap caps[2];
			size_t avoid[OR_N_MAX], held[2], k, j;
			unsigned char today[OR_N_MAX] = {0};
			cp_routes *now = NULL;
			cp_upskill *u = NULL;
			cp_error err;
			or_query_init(&oq, or_rand(&rng, r.n),
				      or_rand(&rng, r.n),
				      (int)or_rand(&rng, OR_N_COSTS));
			if (or_rand(&rng, 4))
				or_random_cap(&oq, &rng);
			if (or_rand(&rng, 3) == 0) {
				size_t a = or_rand(&rng, r.n);
				oq.avoid[a] = a != oq.from;
			}
			or_random_rules(&oq, &r, &rng);
			or_to_query(&q, &r, &oq, caps, avoid);
			q.kind = CP_QUERY_REACH;
			if (or_rand(&rng, 3) == 0) {
				held[0] = or_rand(&rng, r.n);
				if (held[0] != q.from && !oq.avoid[held[0]]) {
					q.also = held;
					q.n_also = 1;
				}
			}
			assert_int_equal(
				cp_upskill_rank(&u, g, &q, NULL, 0, &err), 0);
			assert_int_equal(cp_search(&now, g, &q, &err), 0);
			for (k = 0; k < now->count; k++) {
				const cp_route *rt = &now->items[k];
				today[rt->roles[rt->n_steps]] = 1;
			}
			assert_candidates(&r, &q, oq.avoid, today, u);
			for (k = 0; k < cp_upskill_count(u); k++) {
				const cp_upskill_option *o =
					cp_upskill_at(u, k);
				cp_query with = q;
				cp_routes *more = NULL;
				size_t n_new = 0;
				held[q.n_also] = o->role;
				with.also = held;
				with.n_also = q.n_also + 1;
				assert_int_equal(
					cp_search(&more, g, &with, &err), 0);
				for (j = 0; j < more->count; j++) {
					const cp_route *rt = &more->items[j];
					size_t end = rt->roles[rt->n_steps];
					if (today[end])
						continue;
					assert_true(n_new < o->n_new);
					assert_int_equal(o->new_roles[n_new],
							 end);
					n_new++;
				}
				assert_int_equal(o->n_new, n_new);
				opened += n_new;
				compared++;
				cp_routes_free(more);
			}
			cp_routes_free(now);
			cp_upskill_free(u);
		}
		or_free(&r, g);
	}
	/* candidates within today's reach open a role only where the caps
	 * count afresh from them: fewer than candidates out of reach did */
	assert_true(compared > 3000 && opened > 120);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ranking_by_hand),
		cmocka_unit_test(test_growing_by_hand),
		cmocka_unit_test(test_roles_held_already),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_text_names_twelve),
		cmocka_unit_test(test_against_reach_per_candidate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

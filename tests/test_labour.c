/*
 * The labour pool (careerpath/labour.h) on tests/data/labour, worked by
 * hand:
 *
 *   aide    employment_2024 1,000   growing (+1.0%)
 *   baker   3,000                   shrinking
 *   clerk   blank                   growing
 *   driver  500                     growing
 *   editor  200                     growing
 *   farmer  4,000                   shrinking, no move out
 *
 *   aide > driver 6 months, aide > editor 30, baker > driver 12,
 *   baker > aide 3, clerk > editor 12, driver > editor 6
 *
 * Within 24 months, ending only in growing roles: aide reaches driver (6)
 * and editor (by driver, 12; its own move takes 30); baker reaches aide
 * (3), driver (12) and editor (15, by aide and driver); clerk reaches
 * editor (12); farmer has no move. People: aide, baker and farmer,
 * 8,000 (clerk's blank is not counted); reaching: aide and baker, 4,000,
 * 50%. Destinations: editor from aide, baker and clerk (4,000 people
 * known, 3 origins), driver from aide and baker (4,000, 2), aide from
 * baker (3,000, 1): editor before driver on the tie in people, as more
 * origins reach it.
 */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

static cp_graph *graph;

static int setup(void **state)
{
	(void)state;
	graph = th_load_fixture("labour");
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

/* What a CP_QUERY_ROW from origin to every role finds within 24 months,
 * ending in growing roles, added to the tally. */
static void add_searched(cp_labour *l, const char *origin)
{
	size_t n = cp_graph_role_count(graph), targets[16], reached[16],
	       n_reached = 0, i;
	cp_cost *months = th_cost(graph, "months");
	cp_cap cap = {NULL, 24};
	cp_query q = CP_QUERY_INIT;
	cp_routes *row = NULL;
	cp_error err;
	assert_true(n <= 16);
	for (i = 0; i < n; i++)
		targets[i] = i;
	cap.cost = months;
	q.kind = CP_QUERY_ROW;
	q.from = role(origin);
	q.cost = months;
	q.caps = &cap;
	q.n_caps = 1;
	q.growing = 1;
	q.targets = targets;
	q.n_targets = n;
	assert_int_equal(cp_search(&row, graph, &q, &err), 0);
	for (i = 0; i < row->count; i++)
		if (row->items[i].cost <= 24)
			reached[n_reached++] = targets[i];
	assert_int_equal(cp_labour_add(l, q.from, reached, n_reached, &err), 0);
	cp_routes_free(row);
	cp_cost_free(months);
}

static char *summary_of(const cp_labour *l, cp_format format)
{
	cp_buf out = CP_BUF_INIT;
	assert_int_equal(cp_labour_write(&out, l, format), 0);
	return out.ptr;
}

static void test_searched_by_hand(void **state)
{
	cp_labour *l = NULL;
	cp_error err;
	char *json;
	(void)state;
	assert_int_equal(cp_labour_new(&l, graph, "employment_2024", &err), 0);
	add_searched(l, "aide");
	add_searched(l, "baker");
	add_searched(l, "clerk");
	add_searched(l, "farmer");
	json = summary_of(l, CP_FORMAT_JSON);
	assert_string_equal(
		json,
		"{\"weight\":\"employment_2024\",\"origins\":4,"
		"\"origins_reaching\":3,\"people\":8000,"
		"\"people_reaching\":4000,\"share_reaching\":50,"
		"\"not_counted\":[\"clerk\"],\"roles\":["
		"{\"id\":\"aide\",\"title\":\"Aide\",\"name\":\"Aide\","
		"\"people\":1000,\"destinations\":2,\"moves\":true},"
		"{\"id\":\"baker\",\"title\":\"Baker\",\"name\":\"Baker\","
		"\"people\":3000,\"destinations\":3,\"moves\":true},"
		"{\"id\":\"clerk\",\"title\":\"Clerk\",\"name\":\"Clerk\","
		"\"people\":null,\"destinations\":1,\"moves\":true},"
		"{\"id\":\"farmer\",\"title\":\"Farmer\",\"name\":\"Farmer\","
		"\"people\":4000,\"destinations\":0,\"moves\":false}],"
		"\"destinations\":["
		"{\"id\":\"editor\",\"title\":\"Editor\",\"name\":\"Editor\","
		"\"people\":4000,\"origins\":3},"
		"{\"id\":\"driver\",\"title\":\"Driver\",\"name\":\"Driver\","
		"\"people\":4000,\"origins\":2},"
		"{\"id\":\"aide\",\"title\":\"Aide\",\"name\":\"Aide\","
		"\"people\":3000,\"origins\":1}]}\n");
	free(json);
	cp_labour_free(l);
}

/* Repeats count once; an origin among its own destinations not at all;
 * an origin added again keeps its first place. */
static void test_repeats(void **state)
{
	cp_labour *l = NULL;
	cp_error err;
	size_t first[] = {role("driver"), role("driver"), role("aide")},
	       second[] = {role("editor"), role("driver")};
	char *csv;
	(void)state;
	assert_int_equal(cp_labour_new(&l, graph, "employment_2024", &err), 0);
	assert_int_equal(cp_labour_add(l, role("aide"), first, 3, &err), 0);
	assert_int_equal(cp_labour_add(l, role("editor"), NULL, 0, &err), 0);
	assert_int_equal(cp_labour_add(l, role("aide"), second, 2, &err), 0);
	csv = summary_of(l, CP_FORMAT_CSV);
	assert_string_equal(csv, "statistic,role,value\n"
				 "weight,,employment_2024\n"
				 "origins,,2\n"
				 "origins_reaching,,1\n"
				 "people,,1200\n"
				 "people_reaching,,1000\n"
				 "share_reaching,,83.3\n"
				 "origin_people,aide,1000\n"
				 "origin_destinations,aide,2\n"
				 "origin_moves,aide,yes\n"
				 "origin_people,editor,200\n"
				 "origin_destinations,editor,0\n"
				 "origin_moves,editor,no\n"
				 "destination_people,driver,1000\n"
				 "destination_origins,driver,1\n"
				 "destination_people,editor,1000\n"
				 "destination_origins,editor,1\n");
	free(csv);
	cp_labour_free(l);
}

/* Without a column each origin weighs 1; an empty tally has no share. */
static void test_unweighted_and_empty(void **state)
{
	cp_labour *l = NULL;
	cp_error err;
	size_t to[] = {role("editor")};
	char *text;
	(void)state;
	assert_int_equal(cp_labour_new(&l, graph, NULL, &err), 0);
	text = summary_of(l, CP_FORMAT_JSON);
	assert_non_null(strstr(text, "\"people\":0,\"people_reaching\":0,"
				     "\"share_reaching\":null"));
	free(text);
	assert_int_equal(cp_labour_add(l, role("clerk"), to, 1, &err), 0);
	assert_int_equal(cp_labour_add(l, role("farmer"), NULL, 0, &err), 0);
	text = summary_of(l, CP_FORMAT_TEXT);
	assert_string_equal(text, "origins: 2 roles\n"
				  "can reach a destination: 1 role\n"
				  "origins:\n"
				  "  Clerk (clerk): 1 destination\n"
				  "  Farmer (farmer): 0 destinations (no moves "
				  "from origin)\n"
				  "destinations: 1 role, by the origins that "
				  "reach them:\n"
				  "  Editor (editor): 1 origin\n");
	free(text);
	cp_labour_free(l);
}

static void test_bad_columns_and_roles(void **state)
{
	cp_labour *l = NULL;
	cp_error err;
	size_t nowhere = 99;
	int status;
	(void)state;
	status = cp_labour_new(&l, graph, "employment", &err);
	th_assert_error(&err, status, CP_ENOTFOUND, 0, 0,
			"unknown roles column 'employment'");
	assert_null(l);
	status = cp_labour_new(&l, graph, "notes", &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"roles column 'notes' holds text");
	assert_null(l);
	assert_int_equal(cp_labour_new(&l, graph, "employment_2024", &err), 0);
	status = cp_labour_add(l, 99, NULL, 0, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0, "not a role");
	status = cp_labour_add(l, role("aide"), &nowhere, 1, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0, "not a role");
	cp_labour_free(l);
	cp_labour_free(NULL);
}

/*
 * Targets tied on people and origins go by openings a year, most first,
 * blank last, then roles.csv order: s reaches a (100 a year), b (blank),
 * c (300) and d (100): c, a, d, b.
 */
static void test_ties_by_openings(void **state)
{
	cp_graph *g = th_load("id,title,annual_openings\n"
			      "s,Start,\n"
			      "a,Alpha,100\n"
			      "b,Beta,\n"
			      "c,Gamma,300\n"
			      "d,Delta,100\n",
			      "from,to,months\n"
			      "s,a,1\n"
			      "s,b,1\n"
			      "s,c,1\n"
			      "s,d,1\n");
	size_t reached[4] = {1, 2, 3, 4};
	cp_labour *l = NULL;
	cp_buf out = CP_BUF_INIT;
	cp_error err;
	(void)state;
	assert_int_equal(cp_labour_new(&l, g, NULL, &err), 0);
	assert_int_equal(cp_labour_add(l, 0, reached, 4, &err), 0);
	assert_int_equal(cp_labour_write(&out, l, CP_FORMAT_CSV), 0);
	assert_non_null(strstr(out.ptr, "destination_people,c,1\n"
					"destination_origins,c,1\n"
					"destination_people,a,1\n"
					"destination_origins,a,1\n"
					"destination_people,d,1\n"
					"destination_origins,d,1\n"
					"destination_people,b,1\n"
					"destination_origins,b,1\n"));
	cp_buf_free(&out);
	cp_labour_free(l);
	cp_graph_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_searched_by_hand),
		cmocka_unit_test(test_repeats),
		cmocka_unit_test(test_unweighted_and_empty),
		cmocka_unit_test(test_bad_columns_and_roles),
		cmocka_unit_test(test_ties_by_openings),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* Output shapes: text, JSON and CSV routes, numbers, escaping. */
#include "helpers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static char *format_route(cp_graph *g, const char *by, cp_format format)
{
	cp_query q = CP_QUERY_INIT;
	cp_cost *cost = NULL;
	cp_routes *routes = NULL;
	cp_buf out = CP_BUF_INIT;
	cp_error err;
	char *text;
	assert_int_equal(cp_role_find(&q.from, g, "a", &err), 0);
	assert_int_equal(cp_role_find(&q.to, g, "d", &err), 0);
	assert_int_equal(cp_cost_parse(&cost, g, by, &err), 0);
	q.cost = cost;
	assert_int_equal(cp_search(&routes, g, &q, &err), 0);
	assert_int_equal(cp_routes_format(&out, g, &q, routes, format), 0);
	text = strdup(out.ptr);
	cp_buf_free(&out);
	cp_routes_free(routes);
	cp_cost_free(cost);
	return text;
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

static void test_json_route(void **state)
{
	char *text = format_route(*state, "months", CP_FORMAT_JSON);
	assert_string_equal(
		text,
		"{\"from\":\"a\",\"to\":\"d\",\"by\":\"months\",\"skipped\":0,"
		"\"routes\":[{\"cost\":9,\"totals\":{\"steps\":2,\"months\":9,"
		"\"cost_usd\":10000},\"roles\":[\"a\",\"b\",\"d\"],\"steps\":["
		"{\"from\":\"a\",\"to\":\"b\",\"line\":3,\"cost\":6,\"months\":"
		"6,"
		"\"cost_usd\":9000,\"credential\":\"Fast beta cert\","
		"\"note\":\"parallel programme\"},"
		"{\"from\":\"b\",\"to\":\"d\",\"line\":7,\"cost\":3,\"months\":"
		"3,"
		"\"cost_usd\":1000,\"credential\":\"Lead course, evening\","
		"\"note\":\"\"}]}]}\n");
	free(text);
}

static void test_csv_route(void **state)
{
	char *text = format_route(*state, "months", CP_FORMAT_CSV);
	assert_string_equal(text,
			    "route,step,from,to,from_title,to_title,line,cost,"
			    "months,cost_usd,"
			    "credential,note\n"
			    "1,1,a,b,Alpha Aide,Beta Tech,3,6,6,9000,Fast beta "
			    "cert,parallel "
			    "programme\n"
			    "1,2,b,d,Beta Tech,Delta Lead,7,3,3,1000,\"Lead "
			    "course, evening\",\n");
	free(text);
}

static void test_text_route(void **state)
{
	char *text = format_route(*state, "months", CP_FORMAT_TEXT);
	assert_string_equal(
		text, "Alpha Aide -> Delta Lead, cheapest by months: 9\n"
		      "  1. Alpha Aide -> Beta Tech (transitions.csv line 3)\n"
		      "     months 6, cost_usd 9000\n"
		      "     credential: Fast beta cert\n"
		      "     note: parallel programme\n"
		      "  2. Beta Tech -> Delta Lead (transitions.csv line 7)\n"
		      "     months 3, cost_usd 1000\n"
		      "     credential: Lead course, evening\n"
		      "  total: 2 steps, months 9, cost_usd 10000\n");
	free(text);
	text = format_route(*state, "steps", CP_FORMAT_TEXT);
	assert_non_null(
		strstr(text, "Alpha Aide -> Delta Lead, fewest steps: 2\n"));
	free(text);
}

static void expect_number(double value, cp_format format, const char *want)
{
	cp_buf out = CP_BUF_INIT;
	assert_int_equal(cp_buf_put_number(&out, value, format), 0);
	assert_string_equal(out.ptr, want);
	cp_buf_free(&out);
}

static void test_numbers_round_trip(void **state)
{
	(void)state;
	expect_number(9, CP_FORMAT_JSON, "9");
	expect_number(0, CP_FORMAT_JSON, "0");
	expect_number(-0.0, CP_FORMAT_JSON, "0");
	expect_number(55000.5, CP_FORMAT_JSON, "55000.5");
	expect_number(0.1 + 0.2, CP_FORMAT_JSON, "0.30000000000000004");
	expect_number(1e21, CP_FORMAT_JSON, "1e+21");
	expect_number(1e-20, CP_FORMAT_JSON, "1e-20");
	expect_number(NAN, CP_FORMAT_JSON, "null");
	expect_number(NAN, CP_FORMAT_CSV, "");
}

static void test_escaping(void **state)
{
	cp_buf out = CP_BUF_INIT;
	(void)state;
	assert_int_equal(cp_buf_put_json_string(&out, "a\"b\\c\nd\x01\xC3\xA9"),
			 0);
	assert_string_equal(out.ptr, "\"a\\\"b\\\\c\\nd\\u0001\xC3\xA9\"");
	cp_buf_clear(&out);
	assert_int_equal(cp_buf_put_csv_field(&out, "plain"), 0);
	assert_int_equal(cp_buf_put_csv_field(&out, ",say \"hi\""), 0);
	assert_int_equal(cp_buf_put_csv_field(&out, " padded"), 0);
	assert_int_equal(cp_buf_put_csv_field(&out, "two\nlines"), 0);
	assert_string_equal(
		out.ptr, "plain\",say \"\"hi\"\"\"\" padded\"\"two\nlines\"");
	cp_buf_free(&out);
}

static void test_format_names(void **state)
{
	cp_format f;
	cp_error err;
	int status;
	(void)state;
	assert_int_equal(cp_format_parse(&f, "json", &err), 0);
	assert_int_equal(f, CP_FORMAT_JSON);
	status = cp_format_parse(&f, "xml", &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"unknown format 'xml' (expected text, json or csv)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_json_route, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_csv_route, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_text_route, setup,
						teardown),
		cmocka_unit_test(test_numbers_round_trip),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_format_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

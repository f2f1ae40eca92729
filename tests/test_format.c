/* Output shapes: text, JSON and CSV routes, numbers, escaping. */
#include "helpers.h"
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The routes of a query from one role to another, in one format. */
static char *format_query(cp_graph *g, const char *from, const char *to,
			  const char *by, double experience,
			  const cp_format_options *opts)
{
	cp_query q = CP_QUERY_INIT;
	cp_cost *cost = NULL;
	cp_routes *routes = NULL;
	cp_buf out = CP_BUF_INIT;
	cp_error err;
	char *text;
	assert_int_equal(cp_role_find(&q.from, g, from, &err), 0);
	assert_int_equal(cp_role_find(&q.to, g, to, &err), 0);
	assert_int_equal(cp_cost_parse(&cost, g, by, &err), 0);
	q.cost = cost;
	q.experience = experience;
	assert_int_equal(cp_search(&routes, g, &q, &err), 0);
	assert_int_equal(cp_routes_write(&out, g, routes, opts), 0);
	text = strdup(out.ptr);
	cp_buf_free(&out);
	cp_routes_free(routes);
	cp_cost_free(cost);
	return text;
}

static char *format_route(cp_graph *g, const char *by, cp_format format)
{
	cp_format_options opts = CP_FORMAT_OPTIONS_INIT;
	opts.format = format;
	return format_query(g, "a", "d", by, 0, &opts);
}

static int setup(void **state)
{
	*state = th_load_fixture("small");
	return 0;
}

static int setup_kinds(void **state)
{
	*state = th_load_fixture("kinds");
	return 0;
}

static int teardown(void **state)
{
	cp_graph_free(*state);
	return 0;
}

/*
 * a -> b -> d by months: 6 + 3. Wages a 30000, b 40000, d blank: the first
 * step gains 10000, 100 * 10000 / 30000 percent; nothing is known of d.
 */
static void test_json_route(void **state)
{
	char *text = format_route(*state, "months", CP_FORMAT_JSON);
	assert_string_equal(
		text,
		"{\"from\":\"a\",\"to\":\"d\",\"from_title\":\"Alpha Aide\","
		"\"to_title\":\"Delta Lead\",\"from_name\":\"Alpha Aide\","
		"\"to_name\":\"Delta Lead\",\"by\":\"months\",\"skipped\":0,"
		"\"left_out\":0,\"left_out_unknown\":0,\"routes\":[{\"cost\":9,"
		"\"totals\":{\"steps\":2,\"months\":9,"
		"\"cost_usd\":10000},\"unknown_steps\":{},"
		"\"wage_start\":30000,\"wage_end\":null,"
		"\"gain_usd\":null,\"gain_pct\":null,"
		"\"payback\":\"unknown\",\"payback_months\":null,"
		"\"roles\":[\"a\",\"b\",\"d\"],\"steps\":["
		"{\"from\":\"a\",\"to\":\"b\",\"from_title\":\"Alpha Aide\","
		"\"to_title\":\"Beta Tech\",\"from_name\":\"Alpha Aide\","
		"\"to_name\":\"Beta Tech\",\"as\":null,\"line\":3,"
		"\"cost\":6,\"months\":6,"
		"\"cost_usd\":9000,\"credential\":\"Fast beta cert\","
		"\"note\":\"parallel programme\",\"wage_before\":30000,"
		"\"wage_after\":40000,\"gain_usd\":10000,"
		"\"gain_pct\":33.33333333},"
		"{\"from\":\"b\",\"to\":\"d\",\"from_title\":\"Beta Tech\","
		"\"to_title\":\"Delta Lead\",\"from_name\":\"Beta Tech\","
		"\"to_name\":\"Delta Lead\",\"as\":null,\"line\":7,"
		"\"cost\":3,\"months\":3,"
		"\"cost_usd\":1000,\"credential\":\"Lead course, evening\","
		"\"note\":\"\",\"wage_before\":40000,\"wage_after\":null,"
		"\"gain_usd\":null,\"gain_pct\":null}]}],\"notes\":[]}\n");
	free(text);
}

static void test_csv_route(void **state)
{
	char *text = format_route(*state, "months", CP_FORMAT_CSV);
	assert_string_equal(
		text,
		"route,step,from,to,from_title,to_title,from_name,to_name,"
		"line,cost,months,cost_usd,credential,note,as,wage_before,"
		"wage_after,gain_usd,gain_pct,route_gain_usd,route_gain_pct,"
		"payback,payback_months\n"
		"1,1,a,b,Alpha Aide,Beta Tech,Alpha Aide,Beta Tech,3,6,6,9000,"
		"Fast beta cert,parallel programme,,30000,40000,10000,"
		"33.3,,,unknown,\n"
		"1,2,b,d,Beta Tech,Delta Lead,Beta Tech,Delta Lead,7,3,3,1000,"
		"\"Lead "
		"course, evening\",,,40000,,,,,,unknown,\n");
	free(text);
}

static void test_text_route(void **state)
{
	char *text = format_route(*state, "months", CP_FORMAT_TEXT);
	assert_string_equal(
		text,
		"The quickest route from Alpha Aide to Delta Lead takes about "
		"9 months and costs about\n"
		"$10,000; median pay is $30,000 a year for Alpha Aide and not "
		"known for Delta Lead.\n"
		"Whether it pays back its cost is not known: a wage or a cost "
		"on the way is blank.\n"
		"  1. Alpha Aide -> Beta Tech: 6 months, $9,000; pay $30,000 "
		"-> $40,000 (+$10,000, +33%)\n"
		"  2. Beta Tech -> Delta Lead: 3 months, $1,000; pay $40,000 "
		"-> not known\n");
	free(text);
	text = format_route(*state, "steps", CP_FORMAT_TEXT);
	assert_non_null(strstr(text, "The route with the fewest steps from "
				     "Alpha Aide to Delta Lead takes"));
	assert_null(strstr(text, "transitions.csv"));
	free(text);
}

/*
 * tests/data/kinds: a Certified Medical Aide (44000) is a kind of Medical
 * Aide (40000), whose move to Staff Nurse (80000) asks 12 months of work
 * and 24 of training, $12,300. With 6 months worked, 6 of work are left:
 * 30 months in all. The gain is 36000, 100 * 36000 / 44000 percent.
 */
static void test_kind_and_experience_json(void **state)
{
	cp_format_options opts = CP_FORMAT_OPTIONS_INIT;
	char *text;
	opts.format = CP_FORMAT_JSON;
	text = format_query(*state, "cma", "rn", "elapsed_months", 6, &opts);
	assert_string_equal(
		text,
		"{\"from\":\"cma\",\"to\":\"rn\","
		"\"from_title\":\"Certified Medical Aide\","
		"\"to_title\":\"Staff Nurse\","
		"\"from_name\":\"Certified Medical Aide\","
		"\"to_name\":\"Staff Nurse\",\"by\":\"elapsed_months\","
		"\"skipped\":0,\"left_out\":0,\"left_out_unknown\":0,"
		"\"routes\":[{\"cost\":30,\"totals\":{\"steps\":"
		"1,"
		"\"months\":24,\"experience_months\":6,\"cost_usd\":12300,"
		"\"elapsed_months\":30},\"unknown_steps\":{},"
		"\"wage_start\":44000,\"wage_end\":"
		"80000,"
		"\"gain_usd\":36000,\"gain_pct\":81.81818182,"
		"\"payback\":\"months\",\"payback_months\":34,"
		"\"roles\":[\"cma\",\"rn\"],\"steps\":[{\"from\":\"cma\","
		"\"to\":\"rn\",\"from_title\":\"Certified Medical Aide\","
		"\"to_title\":\"Staff Nurse\","
		"\"from_name\":\"Certified Medical Aide\","
		"\"to_name\":\"Staff "
		"Nurse\",\"as\":\"ma\",\"line\":4,\"cost\":30,"
		"\"months\":24,\"experience_months\":6,\"cost_usd\":12300,"
		"\"credential\":\"Associate degree in nursing\",\"source\":"
		"\"two years of college; a year of work first (estimate)\","
		"\"elapsed_months\":30,\"wage_before\":44000,"
		"\"wage_after\":80000,\"gain_usd\":36000,"
		"\"gain_pct\":81.81818182}]}],\"notes\":[]}\n");
	free(text);
}

static void test_kind_and_experience_text(void **state)
{
	char *text =
		format_query(*state, "cma", "rn", "elapsed_months", 6, NULL);
	assert_string_equal(
		text,
		"With 6 months already worked as a Certified Medical Aide, the "
		"quickest route from\n"
		"Certified Medical Aide to Staff Nurse takes about 2 years and "
		"6 months (30 months: 6 of\n"
		"work experience, 24 of training) and costs about $12,300; "
		"median pay goes from $44,000 to\n"
		"$80,000 a year (+$36,000, +82%).\n"
		/* 12,300 + 24 * 44,000 / 12 = 100,300 against 3,000 a month
		 * more: 33.4, the 34th month */
		"It pays back its cost (tuition, and the pay given up while "
		"training) about 2 years and 10\n"
		"months after you finish.\n"
		"  1. Certified Medical Aide -> Staff Nurse, as a Medical "
		"Aide: "
		"6 months of work + 24 of\n"
		"     training, $12,300; pay $44,000 -> $80,000 (+$36,000, "
		"+82%)\n");
	free(text);
}

/* Joins the lines into one, for phrases that may be wrapped. */
static void unwrap(char *text)
{
	char *from = text, *to = text;
	while (*from) {
		if (*from == '\n') {
			*to++ = ' ';
			from++;
			while (*from == ' ')
				from++;
			continue;
		}
		*to++ = *from++;
	}
	*to = '\0';
}

/*
 * entry -> ma -> rn -> lead: 3 + (12 + 24) + 36 = 75 months, 48 of them
 * work; neither end has a wage.
 */
static void test_roles_without_wage(void **state)
{
	cp_format_options opts = CP_FORMAT_OPTIONS_INIT;
	char *text = format_query(*state, "entry", "lead", "elapsed_months", 0,
				  NULL);
	unwrap(text);
	assert_non_null(strstr(text, "takes about 6 years and 3 months (75 "
				     "months: 48 of work experience, 27 of "
				     "training)"));
	assert_non_null(strstr(text, "median pay is not known for either "
				     "role."));
	assert_non_null(strstr(text, "School Leaver -> Medical Aide: 3 "
				     "months of training, $0; pay not known "
				     "-> $40,000 "));
	assert_non_null(strstr(text, "Staff Nurse -> Nurse Lead: 36 months "
				     "of work, $0; pay $80,000 -> not known"));
	free(text);
	opts.format = CP_FORMAT_JSON;
	text = format_query(*state, "entry", "lead", "elapsed_months", 0,
			    &opts);
	assert_non_null(strstr(text, "\"wage_start\":null,\"wage_end\":null,"
				     "\"gain_usd\":null,\"gain_pct\":null"));
	assert_non_null(strstr(text, "\"wage_before\":80000,"
				     "\"wage_after\":null"));
	free(text);
}

/* Sources come with the option only, and every line stays short. */
static void test_sources_wrapped(void **state)
{
	cp_format_options opts = CP_FORMAT_OPTIONS_INIT;
	const char *line;
	char *text = format_query(*state, "entry", "ma", "steps", 0, NULL);
	assert_null(strstr(text, "employer-provided"));
	free(text);
	opts.sources = 1;
	text = format_query(*state, "entry", "ma", "steps", 0, &opts);
	assert_non_null(strstr(text, "     transitions.csv line 2; months 3, "
				     "experience_months 0, cost_usd 0, "
				     "elapsed_months 3\n"));
	assert_non_null(strstr(text, "     source: employer-provided training "
				     "while employed (estimate: about three "
				     "months, as\n       most employers"));
	for (line = text; *line;) {
		size_t len = strcspn(line, "\n");
		assert_true(len <= 90);
		line += len + (line[len] == '\n');
	}
	free(text);
}

static void expect_num(double value, cp_num_style style, cp_format format,
		       const char *want)
{
	cp_buf out = CP_BUF_INIT;
	assert_int_equal(cp_buf_put_num(&out, value, style, format), 0);
	assert_string_equal(out.ptr, want);
	cp_buf_free(&out);
}

static void test_numbers_for_people(void **state)
{
	(void)state;
	expect_num(44200, CP_NUM_MONEY, CP_FORMAT_TEXT, "$44,200");
	expect_num(1234567, CP_NUM_MONEY, CP_FORMAT_TEXT, "$1,234,567");
	expect_num(21.5, CP_NUM_MONEY, CP_FORMAT_TEXT, "$21.50");
	expect_num(0.05, CP_NUM_MONEY, CP_FORMAT_TEXT, "$0.05");
	expect_num(999.999, CP_NUM_MONEY, CP_FORMAT_TEXT, "$1,000");
	expect_num(-1200, CP_NUM_MONEY, CP_FORMAT_TEXT, "-$1,200");
	expect_num(0, CP_NUM_MONEY, CP_FORMAT_TEXT, "$0");
	expect_num(1, CP_NUM_MONTHS, CP_FORMAT_TEXT, "1 month");
	expect_num(9, CP_NUM_MONTHS, CP_FORMAT_TEXT, "9 months");
	expect_num(0.5, CP_NUM_MONTHS, CP_FORMAT_TEXT, "0.5 months");
	expect_num(12, CP_NUM_MONTHS, CP_FORMAT_TEXT, "1 year");
	expect_num(13, CP_NUM_MONTHS, CP_FORMAT_TEXT, "1 year and 1 month");
	expect_num(75, CP_NUM_MONTHS, CP_FORMAT_TEXT, "6 years and 3 months");
	expect_num(3391000, CP_NUM_COUNT, CP_FORMAT_TEXT, "3,391,000");
	expect_num(189100.4, CP_NUM_COUNT, CP_FORMAT_TEXT, "189,100");
	expect_num(0.0125, CP_NUM_VALUE, CP_FORMAT_TEXT, "0.0125");
	expect_num(1e21, CP_NUM_VALUE, CP_FORMAT_TEXT, "1e+21");
	expect_num(1e20, CP_NUM_VALUE, CP_FORMAT_TEXT, "100000000000000000000");
	expect_num(100.0 * 49400 / 44200, CP_NUM_CHANGE_PCT, CP_FORMAT_TEXT,
		   "+112%");
	expect_num(4.54, CP_NUM_CHANGE_PCT, CP_FORMAT_TEXT, "+4.5%");
	expect_num(9.96, CP_NUM_CHANGE_PCT, CP_FORMAT_TEXT, "+10%");
	expect_num(-2, CP_NUM_CHANGE_PCT, CP_FORMAT_TEXT, "-2%");
	expect_num(-0.01, CP_NUM_CHANGE_PCT, CP_FORMAT_TEXT, "0%");
	expect_num(10, CP_NUM_PERCENT, CP_FORMAT_TEXT, "10%");
	/* a half rounds up, as people round: 85,000 on 40,000 is 212.5% */
	expect_num(100.0 * 85000 / 40000, CP_NUM_CHANGE_PCT, CP_FORMAT_TEXT,
		   "+213%");
	expect_num(12.5, CP_NUM_CHANGE_PCT, CP_FORMAT_TEXT, "+13%");
	/* 989018 of 1035306 pairs: 95.529... */
	expect_num(100.0 * 989018 / 1035306, CP_NUM_SHARE, CP_FORMAT_TEXT,
		   "95.5%");
	expect_num(16106.267849421796, CP_NUM_SCORE, CP_FORMAT_TEXT, "16106.3");
	expect_num(NAN, CP_NUM_VALUE, CP_FORMAT_TEXT, "unknown");
}

/*
 * Numbers for programs carry no binary noise: each value below is what a
 * sum or ratio of the data gives in doubles, and the text is worked out by
 * hand from the decimals the data holds.
 */
static void test_numbers_for_programs(void **state)
{
	(void)state;
	/* skill gaps 0.041 + 0.937 of two steps */
	expect_num(0.041 + 0.937, CP_NUM_VALUE, CP_FORMAT_CSV, "0.978");
	assert_true(0.041 + 0.937 != 0.978);
	/* 0.469 - 0.016, what a cap must allow */
	expect_num(0.469 - 0.016, CP_NUM_VALUE, CP_FORMAT_JSON, "0.453");
	assert_true(0.469 - 0.016 != 0.453);
	expect_num(0.1 + 0.2, CP_NUM_VALUE, CP_FORMAT_JSON, "0.3");
	/* ten digits kept: 1/3 of a month, and every whole digit */
	expect_num(1.0 / 3, CP_NUM_VALUE, CP_FORMAT_CSV, "0.3333333333");
	expect_num(12345678901.25, CP_NUM_VALUE, CP_FORMAT_CSV, "12345678901");
	/* a gain of 26.49895178197065%, as a batch file wrote it: in CSV,
	 * one decimal, what the percentage means to the person who opens
	 * the file; in JSON ten digits, so that the page rounding it again
	 * rounds the true value: 89,060 on 44,200 is 201.49%, never 201.5
	 * then 202 */
	expect_num(26.49895178197065, CP_NUM_PERCENT, CP_FORMAT_CSV, "26.5");
	expect_num(100.0 * 89060 / 44200, CP_NUM_PERCENT, CP_FORMAT_CSV,
		   "201.5");
	expect_num(-100.0 * 1000 / 44200, CP_NUM_PERCENT, CP_FORMAT_CSV,
		   "-2.3");
	expect_num(0.04, CP_NUM_PERCENT, CP_FORMAT_CSV, "0");
	expect_num(100.0 * 89060 / 44200, CP_NUM_PERCENT, CP_FORMAT_JSON,
		   "201.4932127");
	expect_num(100.0 * 89060 / 44200, CP_NUM_PERCENT, CP_FORMAT_TEXT,
		   "201%");
	expect_num(0.04, CP_NUM_PERCENT, CP_FORMAT_JSON, "0.04");
	/* employment change, one decimal as published */
	expect_num(-17.07488986784141, CP_NUM_CHANGE_PCT, CP_FORMAT_JSON,
		   "-17.1");
	expect_num(0.04, CP_NUM_CHANGE_PCT, CP_FORMAT_JSON, "0");
	/* 45,000 on 80,000 is 56.25% exactly: the half rounds up */
	expect_num(100.0 * 45000 / 80000, CP_NUM_CHANGE_PCT, CP_FORMAT_CSV,
		   "56.3");
	expect_num(-56.25, CP_NUM_CHANGE_PCT, CP_FORMAT_CSV, "-56.3");
	expect_num(99.96, CP_NUM_CHANGE_PCT, CP_FORMAT_CSV, "100");
	expect_num(89060, CP_NUM_MONEY, CP_FORMAT_JSON, "89060");
	expect_num(21.505, CP_NUM_MONEY, CP_FORMAT_JSON, "21.5");
	expect_num(2622.0269030042064, CP_NUM_SCORE, CP_FORMAT_CSV, "2622.03");
	expect_num(3391000, CP_NUM_COUNT, CP_FORMAT_JSON, "3391000");
	/* the least subnormal: an exponent, not 324 digits */
	expect_num(4.9406564584124654e-324, CP_NUM_VALUE, CP_FORMAT_JSON,
		   "4.940656458e-324");
	expect_num(4.9406564584124654e-324, CP_NUM_EXACT, CP_FORMAT_TEXT,
		   "5e-324");
	expect_num(0.1 + 0.2, CP_NUM_EXACT, CP_FORMAT_JSON,
		   "0.30000000000000004");
	expect_num(-0.0, CP_NUM_SCORE, CP_FORMAT_CSV, "0");
	expect_num(-0.001, CP_NUM_CHANGE_PCT, CP_FORMAT_CSV, "0");
}

static void expect_why(const cp_graph *g, const cp_why *why, const char *want)
{
	cp_buf out = CP_BUF_INIT;
	assert_int_equal(cp_why_describe(&out, g, why), 0);
	assert_string_equal(out.ptr, want);
	cp_buf_free(&out);
}

/* The library's reasons name no option of the command line. */
static void test_why_sentences(void **state)
{
	const cp_graph *g = *state;
	cp_why why;
	char cap_text[] = "months+experience_months";
	char *cap_costs[1] = {cap_text};
	double needed = 36, cap_max = 24;
	memset(&why, 0, sizeof(why));
	why.kind = CP_WHY_UNREACHABLE;
	why.past = 1;
	why.from = 4; /* lead */
	why.to = 3;   /* rn */
	expect_why(g, &why,
		   "'Staff Nurse' comes before 'Nurse Lead': routes lead "
		   "from it, not back");
	why.past = 0;
	expect_why(g, &why,
		   "'Staff Nurse' is not connected to any role that 'Nurse "
		   "Lead' leads to");
	why.from = 1; /* ma */
	why.has_min_gain = 1;
	why.min_gain = 10;
	why.kind = CP_WHY_CONDITIONS;
	expect_why(g, &why,
		   "routes to 'Staff Nurse' exist, but none raises median pay "
		   "by 10% or more at every step");
	why.has_min_gain = 0;
	why.kind = CP_WHY_CAPS;
	why.needed = &needed;
	why.n_needed = 1;
	why.cap_costs = cap_costs;
	why.cap_max = &cap_max;
	expect_why(g, &why,
		   "routes to 'Staff Nurse' exist, but none within the caps: "
		   "a cap of 36 on months+experience_months would admit one");
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
	expect_number(0.1 + 0.2, CP_FORMAT_JSON, "0.3");
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
		cmocka_unit_test_setup_teardown(test_kind_and_experience_json,
						setup_kinds, teardown),
		cmocka_unit_test_setup_teardown(test_kind_and_experience_text,
						setup_kinds, teardown),
		cmocka_unit_test_setup_teardown(test_roles_without_wage,
						setup_kinds, teardown),
		cmocka_unit_test_setup_teardown(test_sources_wrapped,
						setup_kinds, teardown),
		cmocka_unit_test_setup_teardown(test_why_sentences, setup_kinds,
						teardown),
		cmocka_unit_test(test_numbers_for_people),
		cmocka_unit_test(test_numbers_round_trip),
		cmocka_unit_test(test_numbers_for_programs),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_format_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

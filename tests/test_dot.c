/*
 * Graphviz DOT diagrams: golden files for the small fixtures, escaping of
 * hostile titles and ids, neighbourhoods, clusters, routes and numbers.
 *
 * Every DOT text a test makes is also read by Graphviz (dot -Tcanon, which
 * lays it out and parses its HTML labels): a failure or any message from
 * it fails the test. Golden files are tests/data/golden/NAME.dot; to
 * rewrite them after a deliberate change, run this program with
 * CP_UPDATE_GOLDEN=1 and review the diff.
 */
#include "helpers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Runs a shell command whose %s stands for a temporary file holding text;
 * returns what it printed.
 */
static char *run_on(const char *command, const char *text, int *exit_status)
{
	char *path = th_file(text, strlen(text)), line[4096];
	cp_buf printed = CP_BUF_INIT, shell = CP_BUF_INIT;
	FILE *p;
	size_t n;
	char *result;
	assert_int_equal(cp_buf_printf(&shell, command, path), 0);
	p = popen(shell.ptr, "r");
	assert_non_null(p);
	while ((n = fread(line, 1, sizeof(line), p)) > 0)
		assert_int_equal(cp_buf_put(&printed, line, n), 0);
	*exit_status = pclose(p);
	result = strdup(printed.ptr ? printed.ptr : "");
	cp_buf_free(&printed);
	cp_buf_free(&shell);
	th_remove(path);
	return result;
}

/* Fails unless Graphviz reads text without a failure or a message. */
static void assert_graphviz_accepts(const char *text)
{
	int status;
	char *messages =
		run_on("dot -Tcanon '%s' 2>&1 >/dev/null", text, &status);
	if (status || *messages)
		fail_msg("Graphviz (exit status %d) rejects the DOT text:\n%s\n"
			 "--- the text:\n%s",
			 status, messages, text);
	free(messages);
}

/* The diagram, checked by Graphviz; the caller frees it. */
static char *diagram(const cp_graph *g, const cp_dot_options *opts)
{
	cp_buf out = CP_BUF_INIT;
	cp_error err;
	char *text;
	int status = cp_dot_write(&out, g, opts, &err);
	if (status)
		fail_msg("cp_dot_write: %d %s", status, err.text);
	assert_graphviz_accepts(out.ptr);
	text = strdup(out.ptr);
	cp_buf_free(&out);
	return text;
}

static void assert_golden(const char *name, const char *text)
{
	char path[1024];
	long size;
	char *want;
	FILE *f;
	snprintf(path, sizeof(path), "%s/golden/%s.dot", CP_TEST_DATA, name);
	if (getenv("CP_UPDATE_GOLDEN")) {
		cp_error err;
		assert_int_equal(
			cp_file_write_atomic(path, text, strlen(text), &err),
			0);
		return;
	}
	f = fopen(path, "rb");
	if (!f)
		fail_msg("no golden file %s (run with CP_UPDATE_GOLDEN=1)",
			 path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	rewind(f);
	want = calloc((size_t)size + 1, 1);
	assert_non_null(want);
	assert_int_equal(fread(want, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	if (strcmp(want, text)) {
		size_t at = 0, line = 1;
		while (want[at] && want[at] == text[at])
			line += want[at++] == '\n';
		fail_msg("%s differs from the golden file at line %zu:\n"
			 "--- got:\n%s",
			 path, line, text);
	}
	free(want);
}

static void assert_contains(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("expected '%s' in:\n%s", part, text);
}

static void assert_lacks(const char *text, const char *part)
{
	if (strstr(text, part))
		fail_msg("did not expect '%s' in:\n%s", part, text);
}

static size_t role_of(const cp_graph *g, const char *id)
{
	size_t role;
	cp_error err;
	if (cp_role_find(&role, g, id, &err))
		fail_msg("%s", err.text);
	return role;
}

static size_t metric_of(const cp_graph *g, const char *name)
{
	size_t metric;
	assert_int_equal(cp_metric_find(&metric, g, name), 0);
	return metric;
}

static int setup_small(void **state)
{
	*state = th_load_fixture("small");
	return 0;
}

static int setup_hostile(void **state)
{
	*state = th_load_fixture("hostile");
	return 0;
}

static int teardown(void **state)
{
	cp_graph_free(*state);
	return 0;
}

static void test_small_whole_graph(void **state)
{
	cp_dot_options opts = CP_DOT_OPTIONS_INIT;
	char *text = diagram(*state, &opts), *again = diagram(*state, NULL);
	assert_golden("small", text);
	/* no options are the defaults, and the same input the same bytes */
	assert_string_equal(again, text);
	free(text);
	free(again);
}

static void test_small_clusters_labels_title(void **state)
{
	const cp_graph *g = *state;
	cp_dot_options opts = CP_DOT_OPTIONS_INIT;
	size_t metrics[2];
	char *text;
	metrics[0] = metric_of(g, "months");
	metrics[1] = metric_of(g, "cost_usd");
	opts.cluster_by = "category";
	opts.label_metrics = metrics;
	opts.n_label_metrics = 2;
	opts.title = "Small \"graph\"";
	text = diagram(g, &opts);
	assert_golden("small-clustered", text);
	free(text);
}

static void test_no_legend(void **state)
{
	cp_dot_options opts = CP_DOT_OPTIONS_INIT;
	char *text;
	opts.legend = 0;
	text = diagram(*state, &opts);
	assert_lacks(text, "careerpath:legend");
	assert_lacks(text, "Key");
	free(text);
}

static void test_hostile_titles(void **state)
{
	const cp_graph *g = *state;
	cp_dot_options opts = CP_DOT_OPTIONS_INIT;
	size_t metrics[2];
	char *text;
	metrics[0] = metric_of(g, "months");
	metrics[1] = metric_of(g, "cost_usd");
	opts.cluster_by = "category";
	opts.label_metrics = metrics;
	opts.n_label_metrics = 2;
	opts.title = "<b>\"T\" & \\N</b>";
	text = diagram(g, &opts);
	assert_golden("hostile", text);
	/* ids: quoted, " and \ escaped, DOT keywords and digits as they are */
	assert_contains(text, "\n\t\"node\" [");
	assert_contains(text, "\n\t\"strict\" [");
	assert_contains(text, "\n\t\"2nd\" [");
	assert_contains(text, "\n\t\"a:b\" [");
	assert_contains(text, "\n\t\"back\\\\\" [");
	assert_contains(text, "\n\t\"say \\\"q\\\"\" [");
	/* a role holds the legend's usual id, so the legend takes another */
	assert_contains(text, "\n\t\"careerpath:legend:2\" [shape=");
	free(text);
}

/* Hostile titles come out of Graphviz as they are in the CSV file. */
static void test_hostile_titles_render_as_written(void **state)
{
	cp_dot_options opts = CP_DOT_OPTIONS_INIT;
	char *text = diagram(*state, &opts), *svg;
	int status;
	svg = run_on("dot -Tsvg '%s' 2>&1", text, &status);
	assert_int_equal(status, 0);
	/* SVG escapes & < > " itself; Graphviz writes '-' as &#45; */
	assert_contains(svg, ">Say &quot;hi&quot; \\ back\\slash \\N \\G \\l "
			     "\\n</text>");
	assert_contains(svg, ">&lt;script&gt;alert(&quot;x&quot;)&lt;/"
			     "script&gt; &amp;amp; &amp;lt; &amp;#38; "
			     "]]&gt;</text>");
	assert_contains(svg, ">Line one</text>");
	assert_contains(svg, ">Line two</text>");
	assert_contains(svg, ">\xC3\x9Cn\xC3\xAF"
			     "c\xC3\xB6"
			     "d\xC3\xA9 \xC3\x84rztin \xE6\x97\xA5\xE6\x9C\xAC"
			     "\xE8\xAA\x9E \xF0\x9F\x9A\x91</text>");
	assert_contains(svg, ">Ends in a backslash\\</text>");
	assert_contains(svg, ">&#45;&gt; {} [] ; = , // not a comment /* "
			     "nor this */ # nor this</text>");
	free(svg);
	free(text);
}

static void test_neighbourhoods(void **state)
{
	const cp_graph *g = *state;
	cp_dot_options opts = CP_DOT_OPTIONS_INIT;
	char *text;

	/* a's successors, and every transition among them: b -> c too */
	opts.around_from = role_of(g, "a");
	text = diagram(g, &opts);
	assert_golden("small-from-a", text);
	assert_lacks(text, "\"d\"");
	free(text);

	/* the roles two moves before d: all of them */
	opts.around_from = CP_NO_ROLE;
	opts.around_to = role_of(g, "d");
	opts.depth = 2;
	text = diagram(g, &opts);
	assert_contains(text, "\"a\" [");
	free(text);

	/* one move before d: b and c, not a */
	opts.depth = 1;
	text = diagram(g, &opts);
	assert_contains(text, "\"b\" -> \"c\"");
	assert_lacks(text, "\"a\"");
	free(text);

	/* depth 0: the role alone */
	opts.depth = 0;
	text = diagram(g, &opts);
	assert_contains(text, "\"d\" [");
	assert_lacks(text, "\"b\"");
	assert_lacks(text, "->");
	free(text);

	/* both: either neighbourhood */
	opts.around_from = role_of(g, "c");
	text = diagram(g, &opts);
	assert_contains(text, "\"c\" -> \"d\"");
	assert_lacks(text, "\"a\"");
	assert_lacks(text, "\"b\"");
	free(text);
}

static void test_neighbourhood_on_a_chain(void **state)
{
	const cp_graph *g = *state;
	cp_dot_options opts = CP_DOT_OPTIONS_INIT;
	char *text;
	opts.around_from = role_of(g, "graph");
	opts.around_to = role_of(g, "graph");
	opts.depth = 2;
	text = diagram(g, &opts);
	/* node -> edge -> graph -> subgraph -> strict, and node's loop */
	assert_contains(text, "\"node\" -> \"node\"");
	assert_contains(text, "\"subgraph\" -> \"strict\"");
	assert_lacks(text, "\"digraph\"");
	free(text);
}

static void test_cluster_by_number_column(void **state)
{
	const cp_graph *g = *state;
	cp_dot_options opts = CP_DOT_OPTIONS_INIT;
	char *text;
	opts.cluster_by = "level";
	text = diagram(g, &opts);
	assert_contains(text, "label=<<B>level 1</B>>");
	assert_contains(text, "label=<<B>level 1.5</B>>");
	/* the clusters in the order of their first role */
	assert_true(strstr(text, "level 1<") < strstr(text, "level 2<"));
	assert_true(strstr(text, "level 2<") < strstr(text, "level 3<"));
	assert_true(strstr(text, "level 3<") < strstr(text, "level 1.5<"));
	/* a blank value leaves the role outside every cluster */
	assert_lacks(text, "\t\t\"a:b\";");
	free(text);
}

static void test_cluster_by_unknown_column(void **state)
{
	cp_dot_options opts = CP_DOT_OPTIONS_INIT;
	cp_buf out = CP_BUF_INIT;
	cp_error err;
	int status;
	opts.cluster_by = "sector";
	status = cp_dot_write(&out, *state, &opts, &err);
	th_assert_error(&err, status, CP_ENOTFOUND, 0, 0,
			"no roles column 'sector' to cluster by (columns: id, "
			"title, aliases, category, median_wage_usd)");
	assert_int_equal(out.size, 0);
	cp_buf_free(&out);
}

/* A route through roles by transitions, n_steps of them. */
static cp_route route_of(size_t *roles, size_t *transitions, size_t n_steps)
{
	cp_route r;
	memset(&r, 0, sizeof(r));
	r.n_steps = n_steps;
	r.roles = roles;
	r.transitions = transitions;
	return r;
}

static void test_one_route(void **state)
{
	const cp_graph *g = *state;
	cp_dot_options opts = CP_DOT_OPTIONS_INIT;
	cp_query q = CP_QUERY_INIT;
	cp_cost *cost = NULL;
	cp_routes *routes = NULL;
	cp_error err;
	size_t months = metric_of(g, "months");
	char *text;
	q.from = role_of(g, "a");
	q.to = role_of(g, "d");
	assert_int_equal(cp_cost_parse(&cost, g, "months", &err), 0);
	q.cost = cost;
	assert_int_equal(cp_search(&routes, g, &q, &err), 0);
	opts.routes = routes;
	opts.label_metrics = &months;
	opts.n_label_metrics = 1;
	text = diagram(g, &opts);
	assert_golden("small-route", text);
	free(text);
	opts.routes_only = 1;
	text = diagram(g, &opts);
	assert_golden("small-route-only", text);
	free(text);
	cp_routes_free(routes);
	cp_cost_free(cost);
}

/* Built by hand: a search for several routes may give these. */
static void test_several_routes(void **state)
{
	const cp_graph *g = *state;
	cp_dot_options opts = CP_DOT_OPTIONS_INIT;
	size_t best_roles[3], best_steps[2] = {1, 5};
	size_t other_roles[3], other_steps[2] = {3, 4};
	size_t slow_roles[3], slow_steps[2] = {0, 5};
	cp_route items[3];
	cp_routes routes;
	char *text;
	memset(&routes, 0, sizeof(routes));
	best_roles[0] = other_roles[0] = slow_roles[0] = role_of(g, "a");
	best_roles[1] = slow_roles[1] = role_of(g, "b");
	other_roles[1] = role_of(g, "c");
	best_roles[2] = other_roles[2] = slow_roles[2] = role_of(g, "d");
	items[0] = route_of(best_roles, best_steps, 2);
	items[1] = route_of(other_roles, other_steps, 2);
	items[2] = route_of(slow_roles, slow_steps, 2);
	routes.count = 3;
	routes.items = items;
	opts.routes = &routes;
	text = diagram(g, &opts);
	assert_golden("small-routes", text);
	/* b -> d is on the best route and another: the best look wins */
	assert_contains(text, "\"b\" -> \"d\" [color=\"#1f5fa6\", "
			      "fontcolor=\"#1f5fa6\", fontsize=\"11\", "
			      "penwidth=\"2.5\"");
	/* b -> c is on none */
	assert_contains(text, "\"b\" -> \"c\" [color=\"#cccccc\"");
	assert_contains(text, "dashed orange</FONT>: route 2");
	assert_contains(text, "dashed green</FONT>: route 3");
	/* a -> c and c -> d are route 2 alone: orange */
	assert_contains(text, "\"a\" -> \"c\" [color=\"#d95f02\"");
	assert_contains(text, "\"c\" -> \"d\" [color=\"#d95f02\"");
	assert_contains(text, "grey</FONT>: on no route");
	free(text);
	/* seven routes of one step each, by transitions 0 to 5 and 0 again:
	 * five colours, the last for routes 6 and after */
	{
		cp_route seven[7];
		size_t ends[7][2], trs[7], i;
		for (i = 0; i < 7; i++) {
			trs[i] = i % 6;
			ends[i][0] = cp_transition_from(g, trs[i]);
			ends[i][1] = cp_transition_to(g, trs[i]);
			seven[i] = route_of(ends[i], &trs[i], 1);
		}
		routes.count = 7;
		routes.items = seven;
		text = diagram(g, &opts);
		assert_contains(text, "dashed magenta</FONT>: route 5<");
		assert_contains(text,
				"dashed brown</FONT>: route 6 and after<");
		free(text);
		routes.count = 3;
		routes.items = items;
	}
	opts.routes_only = 1;
	text = diagram(g, &opts);
	assert_lacks(text, "\"b\" -> \"c\"");
	assert_lacks(text, "#cccccc");
	assert_lacks(text, "on no route");
	free(text);
}

static void test_no_route(void **state)
{
	cp_dot_options opts = CP_DOT_OPTIONS_INIT;
	cp_routes none;
	char *text;
	memset(&none, 0, sizeof(none));
	opts.routes = &none;
	text = diagram(*state, &opts);
	assert_contains(text, "grey</FONT>: on no route");
	assert_lacks(text, "best route");
	free(text);
	opts.routes_only = 1;
	text = diagram(*state, &opts);
	assert_lacks(text, "->");
	free(text);
}

static void expect_invalid(const cp_graph *g, const cp_dot_options *opts,
			   const char *part)
{
	cp_buf out = CP_BUF_INIT;
	cp_error err;
	int status;
	assert_int_equal(cp_buf_puts(&out, "kept"), 0);
	status = cp_dot_write(&out, g, opts, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0, part);
	assert_string_equal(out.ptr, "kept");
	cp_buf_free(&out);
}

static void test_invalid_options(void **state)
{
	const cp_graph *g = *state;
	cp_dot_options opts = CP_DOT_OPTIONS_INIT;
	size_t metric = 7, roles[2], steps[1] = {4};
	cp_route wrong;
	cp_routes routes;
	memset(&routes, 0, sizeof(routes));
	opts.around_from = 4;
	expect_invalid(g, &opts, "around_from: no role 4 (the graph has 4");
	opts.around_from = CP_NO_ROLE;
	opts.label_metrics = &metric;
	opts.n_label_metrics = 1;
	expect_invalid(g, &opts, "no metric 7 to label transitions with");
	opts.n_label_metrics = 0;
	opts.routes_only = 1;
	expect_invalid(g, &opts, "routes_only is set but there are no routes");
	/* transition 4 is c -> d, not a -> b */
	roles[0] = role_of(g, "a");
	roles[1] = role_of(g, "b");
	wrong = route_of(roles, steps, 1);
	routes.count = 1;
	routes.items = &wrong;
	opts.routes = &routes;
	expect_invalid(g, &opts,
		       "route 1, step 1: transition 4 does not lead from 'a' "
		       "to 'b'");
}

static char *numbers_diagram(const char *months, const char *wage)
{
	char roles[256], transitions[256];
	cp_graph *g;
	cp_dot_options opts = CP_DOT_OPTIONS_INIT;
	size_t metric = 0;
	char *text;
	snprintf(roles, sizeof(roles),
		 "id,title,median_wage_usd\na,Alpha,44200\nb,Beta,\n"
		 "c,Gamma,%s\n",
		 wage);
	snprintf(transitions, sizeof(transitions),
		 "from,to,months\na,b,%s\nb,c,1\n", months);
	g = th_load(roles, transitions);
	opts.label_metrics = &metric;
	opts.n_label_metrics = 1;
	text = diagram(g, &opts);
	cp_graph_free(g);
	return text;
}

static void expect_numbers(const char *months, const char *wage,
			   const char *months_label, const char *wage_label)
{
	char *text = numbers_diagram(months, wage);
	char want[1024];
	snprintf(want, sizeof(want), "[label=<months %s>]", months_label);
	assert_contains(text, want);
	snprintf(want, sizeof(want), "median %s</FONT>", wage_label);
	assert_contains(text, want);
	free(text);
}

/* Plain decimals, an exponent only past 1e21 or below 1e-9 (never
 * hundreds of digits), and money as a handout shows it. */
static void test_numbers(void **state)
{
	(void)state;
	expect_numbers("12", "44200", "12", "$44,200");
	expect_numbers("0", "999", "0", "$999");
	expect_numbers("0.5", "1000", "0.5", "$1,000");
	expect_numbers("1e-20", "1e-20", "1e-20", "$0");
	expect_numbers("1e-9", "0.004", "0.000000001", "$0");
	expect_numbers("1e20", "1e20", "100000000000000000000",
		       "$100,000,000,000,000,000,000");
	expect_numbers("1e21", "1e21", "1e+21", "$1e+21");
	expect_numbers("0.30000000000000004", "21.5", "0.3", "$21.50");
	expect_numbers("1234.5", "1200", "1234.5", "$1,200");
	expect_numbers("100", "55000.125", "100", "$55,000.13");
	expect_numbers("3", "0.25", "3", "$0.25");
}

/* The extremes of a double: ten digits and an exponent, not 324 digits;
 * past 1e16 every digit that reads back. */
static void test_extreme_numbers(void **state)
{
	char *text;
	(void)state;
	text = numbers_diagram("5e-324", "1");
	assert_contains(text, "months 4.940656458e-324>");
	free(text);
	text = numbers_diagram("1.7976931348623157e308", "1");
	assert_contains(text, "months 1.7976931348623157e+308>");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_small_whole_graph,
						setup_small, teardown),
		cmocka_unit_test_setup_teardown(
			test_small_clusters_labels_title, setup_small,
			teardown),
		cmocka_unit_test_setup_teardown(test_no_legend, setup_small,
						teardown),
		cmocka_unit_test_setup_teardown(test_hostile_titles,
						setup_hostile, teardown),
		cmocka_unit_test_setup_teardown(
			test_hostile_titles_render_as_written, setup_hostile,
			teardown),
		cmocka_unit_test_setup_teardown(test_neighbourhoods,
						setup_small, teardown),
		cmocka_unit_test_setup_teardown(test_neighbourhood_on_a_chain,
						setup_hostile, teardown),
		cmocka_unit_test_setup_teardown(test_cluster_by_number_column,
						setup_hostile, teardown),
		cmocka_unit_test_setup_teardown(test_cluster_by_unknown_column,
						setup_small, teardown),
		cmocka_unit_test_setup_teardown(test_one_route, setup_small,
						teardown),
		cmocka_unit_test_setup_teardown(test_several_routes,
						setup_small, teardown),
		cmocka_unit_test_setup_teardown(test_no_route, setup_small,
						teardown),
		cmocka_unit_test_setup_teardown(test_invalid_options,
						setup_small, teardown),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_extreme_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

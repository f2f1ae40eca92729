/*
 * careerpath serve's answers without sockets (src/cli/serve_api.c): the
 * API's JSON against the library's own writers for the same queries, on the
 * bundled graph, and every error status.
 */
#include "helpers.h"

#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static cp_graph *graph;

static int setup(void **state)
{
	cp_error err;
	(void)state;
	return cp_graph_load(&graph, CP_BUNDLED_GRAPH, NULL, &err);
}

static int teardown(void **state)
{
	(void)state;
	cp_graph_free(graph);
	return 0;
}

static serve_answer ask_with(size_t limit, const char *method,
			     const char *target)
{
	serve_config config = {graph, limit, 10000};
	serve_answer answer;
	serve_answer_request(&answer, &config, method, target);
	return answer;
}

static serve_answer ask(const char *target)
{
	return ask_with(CP_DEFAULT_LIMIT, "GET", target);
}

/* The query as the library takes it, for the writers to answer. */
typedef struct expected_query {
	const char *from, *to, *by;
	size_t k;
	const char *avoid, *via;
	const char *cap_cost;
	double cap;
	double experience;
	double min_gain; /* < 0: none */
} expected_query;

/* What cp_search and cp_routes_write give for q, in JSON. */
static void expect_path(cp_buf *out, const expected_query *e)
{
	cp_query q = CP_QUERY_INIT;
	cp_cost *cost = th_cost(graph, e->by);
	cp_cost *cap_cost = e->cap_cost ? th_cost(graph, e->cap_cost) : NULL;
	cp_cap cap = {cap_cost, e->cap};
	size_t avoid = CP_NO_ROLE, via = CP_NO_ROLE;
	cp_format_options format = CP_FORMAT_OPTIONS_INIT;
	cp_routes *routes = NULL;
	cp_error err;
	int status;
	assert_int_equal(cp_role_find(&q.from, graph, e->from, &err), 0);
	assert_int_equal(cp_role_find(&q.to, graph, e->to, &err), 0);
	if (e->avoid) {
		assert_int_equal(cp_role_find(&avoid, graph, e->avoid, &err),
				 0);
		q.avoid = &avoid;
		q.n_avoid = 1;
	}
	if (e->via) {
		assert_int_equal(cp_role_find(&via, graph, e->via, &err), 0);
		q.via = &via;
		q.n_via = 1;
	}
	if (cap_cost) {
		q.caps = &cap;
		q.n_caps = 1;
	}
	q.cost = cost;
	q.k = e->k ? e->k : 1;
	q.explain = 1;
	q.experience = e->experience;
	q.has_min_gain = e->min_gain >= 0;
	q.min_gain = q.has_min_gain ? e->min_gain : 0;
	status = cp_search(&routes, graph, &q, &err);
	assert_true(status == 0 || status == CP_ENOROUTE);
	format.format = CP_FORMAT_JSON;
	assert_int_equal(cp_routes_write(out, graph, routes, &format), 0);
	cp_routes_free(routes);
	cp_cost_free(cost);
	cp_cost_free(cap_cost);
}

static void assert_answer(serve_answer *a, int status, const char *type,
			  const char *body)
{
	assert_int_equal(a->status, status);
	assert_string_equal(a->content_type, type);
	assert_string_equal(a->body.ptr, body);
	serve_answer_free(a);
}

static void test_path_is_the_libraries_json(void **state)
{
	static const struct {
		const char *target;
		expected_query e;
	} cases[] = {
		{"/api/path?from=Medical+Assistant&to=Registered+Nurse&by="
		 "elapsed_months",
		 {"Medical Assistant", "Registered Nurse", "elapsed_months", 1,
		  NULL, NULL, NULL, 0, 0, -1}},
		{"/api/path?from=medical-assistant&to=registered-nurse&by="
		 "cost_usd&k=3",
		 {"medical-assistant", "registered-nurse", "cost_usd", 3, NULL,
		  NULL, NULL, 0, 0, -1}},
		{"/api/path?from=Medical%20Assistant&to=Registered+Nurse&by="
		 "elapsed_months%2Bcost_usd%2F1000&max=elapsed_months%3D60&"
		 "experience=12",
		 {"Medical Assistant", "Registered Nurse",
		  "elapsed_months+cost_usd/1000", 1, NULL, NULL,
		  "elapsed_months", 60, 12, -1}},
		{"/api/path?from=Medical+Assistant&to=Registered+Nurse&by="
		 "elapsed_months&min_gain=10&k=2",
		 {"Medical Assistant", "Registered Nurse", "elapsed_months", 2,
		  NULL, NULL, NULL, 0, 0, 10}},
		{"/api/path?from=Medical+Assistant&to=Registered+Nurse&by="
		 "steps&avoid=Licensed+Practical+Nurse&k=3",
		 {"Medical Assistant", "Registered Nurse", "steps", 3,
		  "Licensed Practical Nurse", NULL, NULL, 0, 0, -1}},
		{"/api/path?from=Medical+Assistant&to=Registered+Nurse&via="
		 "Licensed+Practical+Nurse&by=cost_usd",
		 {"Medical Assistant", "Registered Nurse", "cost_usd", 1, NULL,
		  "Licensed Practical Nurse", NULL, 0, 0, -1}},
		/* no route: the answer still, with why */
		{"/api/path?from=Registered+Nurse&to=Medical+Assistant",
		 {"Registered Nurse", "Medical Assistant", "steps", 1, NULL,
		  NULL, NULL, 0, 0, -1}},
		{"/api/path?from=Medical+Assistant&to=Registered+Nurse&by="
		 "elapsed_months&max=cost_usd%3D100",
		 {"Medical Assistant", "Registered Nurse", "elapsed_months", 1,
		  NULL, NULL, "cost_usd", 100, 0, -1}},
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cp_buf want = CP_BUF_INIT;
		serve_answer a = ask(cases[i].target);
		expect_path(&want, &cases[i].e);
		assert_answer(&a, 200, "application/json", want.ptr);
		cp_buf_free(&want);
	}
}

/* The hand-worked quickest route (graphs/medical-assistant/ROUTES.md). */
static void test_path_hand_worked(void **state)
{
	serve_answer a = ask("/api/path?from=Medical+Assistant&to=Registered+"
			     "Nurse&by=elapsed_months");
	(void)state;
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(a.body.ptr, "\"cost\":24,\"totals\":{\"steps\":"
					   "1,\"months\":24,"));
	assert_non_null(strstr(a.body.ptr, "\"cost_usd\":12300"));
	assert_non_null(strstr(a.body.ptr, "\"wage_start\":44200,\"wage_"
					   "end\":93600"));
	serve_answer_free(&a);
}

static void test_csv_and_svg(void **state)
{
	cp_query q = CP_QUERY_INIT;
	cp_cost *cost = th_cost(graph, "cost_usd");
	cp_routes *routes = NULL;
	cp_buf want = CP_BUF_INIT;
	cp_error err;
	serve_answer a;
	(void)state;
	assert_int_equal(
		cp_role_find(&q.from, graph, "medical-assistant", &err), 0);
	assert_int_equal(cp_role_find(&q.to, graph, "registered-nurse", &err),
			 0);
	q.cost = cost;
	q.explain = 1;
	assert_int_equal(cp_search(&routes, graph, &q, &err), 0);
	assert_int_equal(cp_routes_format(&want, graph, routes, CP_FORMAT_CSV),
			 0);
	a = ask("/api/path?from=medical-assistant&to=registered-nurse&by="
		"cost_usd&format=csv");
	assert_answer(&a, 200, "text/csv; charset=utf-8", want.ptr);
	a = ask("/api/path?from=medical-assistant&to=registered-nurse&by="
		"cost_usd&format=svg&routes_only=1");
	assert_int_equal(a.status, 200);
	assert_string_equal(a.content_type, "image/svg+xml");
	assert_non_null(strstr(a.body.ptr, "<svg"));
	assert_non_null(strstr(a.body.ptr, "Registered Nurse"));
	serve_answer_free(&a);
	cp_buf_free(&want);
	cp_routes_free(routes);
	cp_cost_free(cost);
}

static void test_reach_pareto_roles(void **state)
{
	cp_query q = CP_QUERY_INIT;
	cp_cost *months = th_cost(graph, "elapsed_months");
	cp_cost *money = th_cost(graph, "cost_usd");
	const cp_cost *objectives[2] = {months, money};
	cp_routes *routes = NULL;
	cp_buf want = CP_BUF_INIT;
	cp_error err;
	serve_answer a;
	(void)state;
	assert_int_equal(
		cp_role_find(&q.from, graph, "medical-assistant", &err), 0);
	q.cost = months;
	q.kind = CP_QUERY_REACH;
	assert_int_equal(cp_search(&routes, graph, &q, &err), 0);
	assert_int_equal(cp_routes_format(&want, graph, routes, CP_FORMAT_JSON),
			 0);
	cp_routes_free(routes);
	a = ask("/api/reach?from=medical-assistant&by=elapsed_months");
	assert_answer(&a, 200, "application/json", want.ptr);

	cp_buf_clear(&want);
	assert_int_equal(cp_role_find(&q.to, graph, "registered-nurse", &err),
			 0);
	q.explain = 1;
	q.kind = CP_QUERY_PARETO;
	q.objectives = objectives;
	q.n_objectives = 2;
	assert_int_equal(cp_search(&routes, graph, &q, &err), 0);
	assert_int_equal(cp_routes_format(&want, graph, routes, CP_FORMAT_JSON),
			 0);
	cp_routes_free(routes);
	a = ask("/api/pareto?from=medical-assistant&to=registered-nurse&by="
		"elapsed_months,cost_usd");
	assert_answer(&a, 200, "application/json", want.ptr);

	a = ask("/api/roles");
	assert_int_equal(a.status, 200);
	assert_true(!strncmp(a.body.ptr, "[{\"id\":\"", 8));
	assert_non_null(strstr(a.body.ptr, "\"title\":\"Registered Nurse\""));
	serve_answer_free(&a);
	cp_buf_free(&want);
	cp_cost_free(months);
	cp_cost_free(money);
}

/* The full reach from medical-assistant by elapsed_months, as the library
 * gives it: every row, best first. */
static cp_routes *full_reach(void)
{
	cp_query q = CP_QUERY_INIT;
	cp_cost *months = th_cost(graph, "elapsed_months");
	cp_routes *routes = NULL;
	cp_error err;
	assert_int_equal(
		cp_role_find(&q.from, graph, "medical-assistant", &err), 0);
	q.cost = months;
	q.kind = CP_QUERY_REACH;
	assert_int_equal(cp_search(&routes, graph, &q, &err), 0);
	cp_cost_free(months);
	return routes;
}

/* offset and limit cut the command's rows; JSON ends with the total. */
static void test_reach_pages(void **state)
{
	static const struct {
		const char *target;
		size_t offset, n; /* n: rows asked, 0 for every one */
		cp_format format;
	} cases[] = {
		{"/api/reach?from=medical-assistant&by=elapsed_months&limit=3",
		 0, 3, CP_FORMAT_JSON},
		{"/api/reach?from=medical-assistant&by=elapsed_months&offset=2&"
		 "limit=3",
		 2, 3, CP_FORMAT_JSON},
		{"/api/reach?from=medical-assistant&by=elapsed_months&offset="
		 "35&limit=50",
		 35, 50, CP_FORMAT_JSON},
		{"/api/reach?from=medical-assistant&by=elapsed_months&offset=5",
		 5, 0, CP_FORMAT_JSON},
		{"/api/reach?from=medical-assistant&by=elapsed_months&offset="
		 "999&limit=50",
		 999, 50, CP_FORMAT_JSON},
		{"/api/reach?from=medical-assistant&by=elapsed_months&offset=1&"
		 "limit=2&format=csv",
		 1, 2, CP_FORMAT_CSV},
	};
	cp_routes *all = full_reach();
	size_t i;
	(void)state;
	assert_int_equal(all->count, 37); /* ROUTES.md: 37 roles from MA */
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cp_routes page = *all;
		cp_buf want = CP_BUF_INIT;
		serve_answer a = ask(cases[i].target);
		size_t start = cases[i].offset < all->count ? cases[i].offset
							    : all->count;
		page.items = all->items + start;
		page.count = all->count - start;
		if (cases[i].n && page.count > cases[i].n)
			page.count = cases[i].n;
		assert_int_equal(
			cp_routes_format(&want, graph, &page, cases[i].format),
			0);
		if (cases[i].format == CP_FORMAT_JSON) {
			want.size -= 2; /* "}\n" */
			assert_int_equal(cp_buf_printf(&want,
						       ",\"total\":37,"
						       "\"offset\":%zu}\n",
						       cases[i].offset),
					 0);
		}
		assert_answer(&a, 200,
			      cases[i].format == CP_FORMAT_JSON
				      ? "application/json"
				      : "text/csv; charset=utf-8",
			      want.ptr);
		cp_buf_free(&want);
	}
	cp_routes_free(all);
}

/* The row ids of a reach's JSON answer, in order, into ids (at most max). */
static size_t row_ids(const char **ids, size_t max, char *json)
{
	size_t n = 0;
	char *at = json;
	while (n < max && (at = strstr(at, "{\"id\":\""))) {
		at += 7;
		ids[n++] = at;
		at = strchr(at, '"');
		*at++ = '\0';
	}
	return n;
}

/* What the test reads as a row's sort key: smaller first, and a value
 * not known (a role without a wage) after every known one. */
static double key_of(const cp_route *r, const char *sort)
{
	size_t metric;
	double start = cp_role_wage(graph, r->roles[0]);
	double end = cp_role_wage(graph, r->roles[r->n_steps]);
	double key;
	if (!strcmp(sort, "time") || !strcmp(sort, "cost")) {
		assert_int_equal(cp_metric_find(&metric, graph,
						*sort == 't' ? "elapsed_months"
							     : "cost_usd"),
				 0);
		key = r->totals[metric];
	} else if (!strcmp(sort, "payback")) {
		if (cp_route_payback(&key, graph, r, r->roles[0]) !=
		    CP_PAYBACK_MONTHS)
			key = NAN;
	} else {
		key = !strcmp(sort, "pay") ? -end : start - end;
	}
	return isnan(key) ? INFINITY : key;
}

/* Each sort against an insertion sort of the library's rows, which keeps
 * the best-first order among equals. */
static void test_reach_sorts(void **state)
{
	static const char *const sorts[] = {"time", "cost",  "pay",
					    "gain", "title", "payback"};
	cp_routes *all = full_reach();
	size_t i, j, k, order[64];
	(void)state;
	assert_true(all->count <= 64);
	for (i = 0; i < sizeof(sorts) / sizeof(sorts[0]); i++) {
		const char *ids[64];
		char target[128];
		serve_answer a;
		snprintf(target, sizeof(target),
			 "/api/reach?from=medical-assistant&by=elapsed_months&"
			 "sort=%s",
			 sorts[i]);
		for (j = 0; j < all->count; j++) {
			const cp_route *r = &all->items[j];
			for (k = j; k > 0; k--) {
				const cp_route *o = &all->items[order[k - 1]];
				int before =
					!strcmp(sorts[i], "title")
						? strcasecmp(
							  cp_role_title(
								  graph,
								  r->roles[r->n_steps]),
							  cp_role_title(
								  graph,
								  o->roles[o->n_steps])) <
							  0
						: key_of(r, sorts[i]) <
							  key_of(o, sorts[i]);
				if (!before)
					break;
				order[k] = order[k - 1];
			}
			order[k] = j;
		}
		a = ask(target);
		assert_int_equal(a.status, 200);
		assert_int_equal(row_ids(ids, 64, a.body.ptr), all->count);
		for (j = 0; j < all->count; j++)
			assert_string_equal(
				ids[j],
				cp_role_id(graph,
					   all->items[order[j]]
						   .roles[all->items[order[j]]
								  .n_steps]));
		serve_answer_free(&a);
	}
	cp_routes_free(all);
	/* by hand, from roles.csv: Physician Assistant $133,260 and Nurse
	 * Practitioner $129,210, less Medical Assistant's $44,200 */
	{
		const char *ids[2];
		serve_answer a = ask("/api/reach?from=medical-assistant&sort="
				     "gain&limit=2");
		assert_int_equal(row_ids(ids, 2, a.body.ptr), 2);
		assert_string_equal(ids[0], "physician-assistant");
		assert_string_equal(ids[1], "nurse-practitioner");
		serve_answer_free(&a);
	}
}

static void test_why(void **state)
{
	serve_answer a = ask("/api/why?from=Registered+Nurse&to=entry");
	(void)state;
	/* every role is a kind of entry, and nothing leads back to it */
	assert_answer(
		&a, 200, "application/json",
		"{\"messages\":[\"no route from 'Registered Nurse' to "
		"'Entry Point (High School Diploma or GED)'\",\"'Entry "
		"Point (High School Diploma or GED)' comes before "
		"'Registered Nurse': routes lead from it, not back\"]}\n");
	a = ask("/api/why?from=Medical+Assistant&to=Registered+Nurse");
	assert_answer(&a, 200, "application/json", "{\"messages\":[]}\n");
}

static void test_errors(void **state)
{
	static const struct {
		int status;
		const char *method, *target, *error;
	} cases[] = {
		{400, "GET", "/api/path?from=Medical+Asistant&to=rn",
		 "unknown role 'Medical Asistant' (did you mean 'Medical "
		 "Assistant'?)"},
		{400, "GET",
		 "/api/path?from=medical-assistant&to=registered-"
		 "nurse&k=0",
		 "option '-k' takes a whole number from 1 to 10000, not '0'"},
		{400, "GET",
		 "/api/path?from=medical-assistant&to=registered-"
		 "nurse&experience=-1",
		 "option '--experience' takes the months already worked in "
		 "the starting role, a number >= 0, not '-1'"},
		{400, "GET", "/api/path?from=medical-assistant",
		 "missing parameter 'to'"},
		{400, "GET", "/api/path?from=a&to=b&limit=5",
		 "unknown parameter 'limit' for /api/path (expected: from, to, "
		 "by, format, routes_only, k, detours, differ, avoid, via, "
		 "max, also, experience, "
		 "min_gain, max_zone_jump, max_education, step_max, growing, "
		 "min_openings, max_payback, sources)"},
		/* the deadline is the server's, as the work limit is */
		{400, "GET", "/api/path?from=a&to=b&timeout=0",
		 "unknown parameter 'timeout' for /api/path (expected: from, "
		 "to, by, format, routes_only, k, detours, differ, avoid, via, "
		 "max, also, experience, "
		 "min_gain, max_zone_jump, max_education, step_max, growing, "
		 "min_openings, max_payback, sources)"},
		{400, "GET", "/api/path?from=a&to=b&k=1&k=2",
		 "parameter 'k' given twice"},
		{400, "GET", "/api/path?from=a&to=b&limit=5&sort=gain",
		 "unknown parameter 'limit' for /api/path (expected: from, to, "
		 "by, format, routes_only, k, detours, differ, avoid, via, "
		 "max, also, experience, "
		 "min_gain, max_zone_jump, max_education, step_max, growing, "
		 "min_openings, max_payback, sources)"},
		{400, "GET", "/api/reach?from=a&page=2",
		 "unknown parameter 'page' for /api/reach (expected: from, to, "
		 "by, max, also, experience, min_gain, avoid, max_zone_jump, "
		 "max_education, step_max, growing, min_openings, max_payback, "
		 "format, tree, sources, offset, limit, sort)"},
		{400, "GET", "/api/reach?from=medical-assistant&limit=0",
		 "parameter 'limit' takes a whole number from 1 to 10000, not "
		 "'0'"},
		{400, "GET", "/api/reach?from=medical-assistant&limit=10001",
		 "parameter 'limit' takes a whole number from 1 to 10000, not "
		 "'10001'"},
		{400, "GET", "/api/reach?from=medical-assistant&offset=-1",
		 "parameter 'offset' takes a whole number >= 0, not '-1'"},
		{400, "GET", "/api/reach?from=medical-assistant&offset=+1",
		 "parameter 'offset' takes a whole number >= 0, not ' 1'"},
		{400, "GET", "/api/reach?from=medical-assistant&offset=1x",
		 "parameter 'offset' takes a whole number >= 0, not '1x'"},
		{400, "GET", "/api/reach?from=medical-assistant&sort=wage",
		 "parameter 'sort' takes best, time, cost, pay, gain, title, "
		 "payback or openings, not 'wage'"},
		{400, "GET", "/api/reach?from=medical-assistant&sort=openings",
		 "sort=openings needs the roles column annual_openings, which "
		 "this graph does not have"},
		{400, "GET", "/api/upskill?from=phlebotomist&top=21",
		 "parameter 'top' takes a whole number from 1 to 20, not "
		 "'21'"},
		{400, "GET", "/api/upskill?from=phlebotomist&top=0",
		 "parameter 'top' takes a whole number from 1 to 20, not "
		 "'0'"},
		{400, "GET", "/api/upskill?to=phlebotomist",
		 "unknown parameter 'to' for /api/upskill (expected: from, "
		 "try, top, by, max, also, experience, min_gain, avoid, "
		 "max_zone_jump, max_education, step_max, growing, "
		 "min_openings, "
		 "max_payback, format)"},
		{400, "GET",
		 "/api/reach?from=medical-assistant&offset=1&offset=2",
		 "parameter 'offset' given twice"},
		{400, "GET",
		 "/api/reach?from=medical-assistant&limit=5&format=text",
		 "offset, limit and sort page the rows of JSON and CSV, not "
		 "format 'text'"},
		{400, "GET", "/api/reach?from=Medical+Asistant&limit=5",
		 "unknown role 'Medical Asistant' (did you mean 'Medical "
		 "Assistant'?)"},
		{400, "GET",
		 "/api/reach?from=medical-assistant&to=rn&sort=gain",
		 "reach takes from or to, not both"},
		{400, "GET", "/api/path?from=a%00&to=b",
		 "a parameter holds a control character or bytes that are not "
		 "UTF-8"},
		{400, "GET", "/api/path?from=%zz&to=b",
		 "bad escape in the query string: '%' must be followed by two "
		 "hex digits"},
		{400, "GET", "/api/path?from=%C3&to=b",
		 "a parameter holds a control character or bytes that are not "
		 "UTF-8"},
		{400, "GET", "/api/path?from=a&to=b&routes_only=maybe",
		 "parameter 'routes_only' takes 1 or 0 (or on, off), not "
		 "'maybe'"},
		{400, "GET", "/api/path?from=\x01",
		 "the request target must be a path from '/' in printable "
		 "ASCII (escape other bytes as %XX)"},
		{400, "GET",
		 "/api/path?from=medical-assistant&to=registered-"
		 "nurse&format=xml",
		 "unknown format 'xml' (expected text, json, csv or dot)"},
		{404, "GET", "/api/nothing", "no such page '/api/nothing'"},
		{404, "GET", "/../etc/passwd", "no such page '/../etc/passwd'"},
		{404, "GET", "/web/app.js", "no such page '/web/app.js'"},
		{405, "POST", "/api/roles",
		 "method 'POST' is not allowed: the page and its API only "
		 "answer GET and HEAD"},
		{405, "DELETE", "/",
		 "method 'DELETE' is not allowed: the page and its API only "
		 "answer GET and HEAD"},
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cp_buf want = CP_BUF_INIT;
		serve_answer a = ask_with(CP_DEFAULT_LIMIT, cases[i].method,
					  cases[i].target);
		assert_int_equal(cp_buf_puts(&want, "{\"error\":"), 0);
		assert_int_equal(cp_buf_put_json_string(&want, cases[i].error),
				 0);
		assert_int_equal(cp_buf_puts(&want, "}\n"), 0);
		if (a.status != cases[i].status)
			print_error("%s: %s\n", cases[i].target, a.body.ptr);
		assert_int_equal(a.status, cases[i].status);
		if (a.status == 405)
			assert_string_equal(a.allow, "GET, HEAD");
		assert_answer(&a, cases[i].status, "application/json",
			      want.ptr);
		cp_buf_free(&want);
	}
}

static void test_oversize_and_limit(void **state)
{
	char *target = malloc(SERVE_MAX_TARGET + 64);
	serve_answer a;
	(void)state;
	assert_non_null(target);
	strcpy(target, "/api/path?from=");
	memset(target + strlen(target), 'a', SERVE_MAX_TARGET);
	target[SERVE_MAX_TARGET + 1] = '\0';
	a = ask(target);
	assert_answer(&a, 414, "application/json",
		      "{\"error\":\"the request target is longer than 8192 "
		      "bytes\"}\n");
	free(target);
	/* a bound of one label stops a capped search at once */
	a = ask_with(1, "GET",
		     "/api/path?from=medical-assistant&to=registered-nurse&"
		     "max=cost_usd%3D100000");
	/* the API takes no --limit: the advice names what it does take */
	assert_answer(
		&a, 422, "application/json",
		"{\"error\":\"search stopped after 1 labels without "
		"finishing (the limit on its work); this server stops "
		"every query there: ask for fewer routes (k), caps (max), "
		"stops (via) or, for pareto, measures (by)\"}\n");
	/* upskill searches once per role it tries */
	a = ask_with(1, "GET",
		     "/api/upskill?from=phlebotomist&max=elapsed_months%3D12");
	assert_answer(&a, 422, "application/json",
		      "{\"error\":\"search stopped after 1 labels without "
		      "finishing (the limit on its work); this server stops "
		      "every query there: ask for fewer roles to try (try) or "
		      "tighter caps (max)\"}\n");
}

/* The number columns of transitions.csv, then elapsed_months. */
static void test_metrics(void **state)
{
	serve_answer a = ask("/api/metrics");
	(void)state;
	assert_answer(&a, 200, "application/json",
		      "{\"metrics\":[\"months\",\"experience_months\","
		      "\"cost_usd\",\"elapsed_months\"],\"role_numbers\":"
		      "[\"level\",\"median_wage_usd\",\"wage_year\"]}\n");
	a = ask("/api/metrics?x=1");
	assert_answer(&a, 400, "application/json",
		      "{\"error\":\"/api/metrics takes no parameters\"}\n");
}

/* The ids of a reach answer's rows on the payback graph, in order. */
static void assert_reach_order(cp_graph *g, const char *target,
			       const char *want)
{
	serve_config config = {g, CP_DEFAULT_LIMIT, 10000};
	serve_answer a;
	const char *ids[8];
	char got[128] = "";
	size_t i, n;
	serve_answer_request(&a, &config, "GET", target);
	assert_int_equal(a.status, 200);
	n = row_ids(ids, 8, a.body.ptr);
	for (i = 0; i < n; i++) {
		strcat(got, i ? " " : "");
		strcat(got, ids[i]);
	}
	assert_string_equal(got, want);
	serve_answer_free(&a);
}

/*
 * payback and openings by hand on tests/data/payback, from Care Aide
 * ($30,000): Lab Tech takes 6 months and $3,000, so it costs
 * 3000 + 6 * 30000/12 = 18,000 and earns 12000/12 = 1,000 a month more:
 * 18 months. Nurse adds 12 months of training, 12 of work as a Lab Tech
 * and $10,000: 18000 + 10000 + (12 * 30000 + 12 * (30000 - 42000))/12 =
 * 46,000 at 30000/12 = 2,500 a month more: 18.4, so 19 months. Ward
 * Manager has no wage: not known, last. Openings: Lab Tech 8,000, Ward
 * Manager 2,000, Nurse blank (last). The search's own order is by steps.
 */
static void test_payback_and_openings(void **state)
{
	cp_graph *g = NULL;
	cp_error err;
	(void)state;
	assert_int_equal(cp_graph_load(&g, CP_TEST_DATA "/payback", NULL, &err),
			 0);
	assert_reach_order(g, "/api/reach?from=aide", "tech mgr nurse");
	assert_reach_order(g, "/api/reach?from=aide&sort=payback",
			   "tech nurse mgr");
	assert_reach_order(g, "/api/reach?from=aide&sort=openings",
			   "tech mgr nurse");
	assert_reach_order(g, "/api/reach?from=aide&sort=openings&tree=1",
			   "tech mgr nurse");
	assert_reach_order(g, "/api/reach?from=aide&sort=payback&tree=1",
			   "tech nurse mgr");
	/* a rule on openings leaves out Nurse, whose openings are blank */
	assert_reach_order(g, "/api/reach?from=aide&min_openings=1000",
			   "tech mgr");
	cp_graph_free(g);
}

/* /api/upskill is the command's JSON: cp_upskill_write for the same
 * query, cut to top (20 when not asked). */
static void test_upskill(void **state)
{
	static const struct {
		const char *target;
		size_t top;
	} cases[] = {
		{"/api/upskill?from=phlebotomist&max=elapsed_months%3D24", 20},
		{"/api/upskill?from=phlebotomist&max=elapsed_months%3D24&"
		 "top=2",
		 2},
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cp_query q = CP_QUERY_INIT;
		cp_cost *months = th_cost(graph, "elapsed_months");
		cp_cap cap = {months, 24};
		cp_upskill *ranked = NULL;
		cp_buf want = CP_BUF_INIT;
		cp_error err;
		serve_answer a;
		assert_int_equal(
			cp_role_find(&q.from, graph, "phlebotomist", &err), 0);
		q.caps = &cap;
		q.n_caps = 1;
		assert_int_equal(
			cp_upskill_rank(&ranked, graph, &q, NULL, 0, &err), 0);
		assert_true(cp_upskill_count(ranked) > 2);
		assert_int_equal(cp_upskill_write(&want, graph, ranked,
						  CP_FORMAT_JSON, cases[i].top),
				 0);
		a = ask(cases[i].target);
		assert_answer(&a, 200, "application/json", want.ptr);
		cp_buf_free(&want);
		cp_upskill_free(ranked);
		cp_cost_free(months);
	}
}

static void test_page(void **state)
{
	serve_answer a = ask_with(CP_DEFAULT_LIMIT, "HEAD", "/");
	(void)state;
	assert_int_equal(a.status, 200);
	assert_string_equal(a.content_type, "text/html; charset=utf-8");
	assert_non_null(strstr(a.body.ptr, "<!doctype html>"));
	serve_answer_free(&a);
	a = ask("/app.js?v=1");
	assert_int_equal(a.status, 200);
	assert_string_equal(a.content_type, "text/javascript; charset=utf-8");
	serve_answer_free(&a);
	a = ask("/style.css");
	assert_int_equal(a.status, 200);
	assert_string_equal(a.content_type, "text/css; charset=utf-8");
	serve_answer_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_is_the_libraries_json),
		cmocka_unit_test(test_path_hand_worked),
		cmocka_unit_test(test_csv_and_svg),
		cmocka_unit_test(test_reach_pareto_roles),
		cmocka_unit_test(test_reach_pages),
		cmocka_unit_test(test_reach_sorts),
		cmocka_unit_test(test_why),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_oversize_and_limit),
		cmocka_unit_test(test_metrics),
		cmocka_unit_test(test_payback_and_openings),
		cmocka_unit_test(test_upskill),
		cmocka_unit_test(test_page),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* Loading graph folders: the model that comes out, and every error. */
#include "helpers.h"
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DIAGS 32

typedef struct diags {
	size_t n;
	cp_diag_kind kind[MAX_DIAGS];
	char file[MAX_DIAGS][64];
	size_t line[MAX_DIAGS], column[MAX_DIAGS];
	char message[MAX_DIAGS][256];
} diags;

static void collect(cp_diag_kind kind, const cp_error *diag, void *payload)
{
	diags *d = payload;
	const char *base;
	if (d->n >= MAX_DIAGS)
		return;
	base = strrchr(diag->file, '/');
	d->kind[d->n] = kind;
	snprintf(d->file[d->n], 64, "%.63s", base ? base + 1 : diag->file);
	d->line[d->n] = diag->line;
	d->column[d->n] = diag->column;
	snprintf(d->message[d->n], 256, "%.255s", diag->message);
	d->n++;
}

static int check_dir(diags *d, const char *dir)
{
	cp_load_options opts = CP_LOAD_OPTIONS_INIT;
	cp_graph *g = NULL;
	cp_error err;
	int status;
	opts.on_diag = collect;
	opts.payload = d;
	status = cp_graph_load(&g, dir, &opts, &err);
	if (status)
		assert_null(g);
	cp_graph_free(g);
	return status;
}

static int check_fixture(diags *d, const char *name)
{
	char dir[1024];
	snprintf(dir, sizeof(dir), "%s/%s", CP_TEST_DATA, name);
	return check_dir(d, dir);
}

static void assert_diag(const diags *d, size_t i, cp_diag_kind kind,
			const char *file, size_t line, size_t column,
			const char *message)
{
	if (i >= d->n)
		fail_msg("diagnostic %zu missing (only %zu)", i, d->n);
	if (d->kind[i] != kind || strcmp(d->file[i], file) ||
	    d->line[i] != line || d->column[i] != column ||
	    strcmp(d->message[i], message))
		fail_msg("diagnostic %zu: %s %s:%zu:%zu: %s\nexpected %s "
			 "%s:%zu:%zu: %s",
			 i, d->kind[i] == CP_DIAG_ERROR ? "error" : "warning",
			 d->file[i], d->line[i], d->column[i], d->message[i],
			 kind == CP_DIAG_ERROR ? "error" : "warning", file,
			 line, column, message);
}

static void test_small_graph_model(void **state)
{
	cp_graph *g = th_load_fixture("small");
	size_t col;
	(void)state;
	assert_int_equal(cp_graph_role_count(g), 4);
	assert_int_equal(cp_graph_transition_count(g), 6);
	assert_string_equal(cp_role_id(g, 2), "c");
	assert_string_equal(cp_role_title(g, 2), "Gamma Nurse");
	assert_int_equal(cp_graph_metric_count(g), 2);
	assert_string_equal(cp_metric_name(g, 0), "months");
	assert_string_equal(cp_metric_name(g, 1), "cost_usd");
	assert_int_equal(cp_metric_find(&col, g, "cost_usd"), 0);
	assert_int_equal(col, 1);
	assert_int_equal(cp_metric_find(&col, g, "credential"), CP_ENOTFOUND);
	assert_true(cp_metric_value(g, 0, 1) == 6);
	assert_true(cp_metric_value(g, 1, 5) == 1000);
	assert_int_equal(cp_transition_from(g, 5), 1);
	assert_int_equal(cp_transition_to(g, 5), 3);
	assert_int_equal(cp_transition_line(g, 5), 7);
	assert_int_equal(cp_column_find(&col, g, CP_TRANSITIONS, "credential"),
			 0);
	assert_int_equal(cp_column_kind_of(g, CP_TRANSITIONS, col),
			 CP_COLUMN_TEXT);
	assert_string_equal(cp_cell_text(g, CP_TRANSITIONS, col, 5),
			    "Lead course, evening");
	assert_string_equal(cp_cell_text(g, CP_TRANSITIONS, col, 4), "");
	/* from and to read back as written (row 7: b,d) */
	assert_int_equal(cp_column_find(&col, g, CP_TRANSITIONS, "from"), 0);
	assert_string_equal(cp_cell_text(g, CP_TRANSITIONS, col, 5), "b");
	assert_int_equal(cp_column_find(&col, g, CP_TRANSITIONS, "to"), 0);
	assert_string_equal(cp_cell_text(g, CP_TRANSITIONS, col, 5), "d");
	assert_int_equal(cp_column_find(&col, g, CP_ROLES, "median_wage_usd"),
			 0);
	assert_int_equal(cp_column_kind_of(g, CP_ROLES, col), CP_COLUMN_NUMBER);
	assert_true(cp_cell_number(g, CP_ROLES, col, 2) == 55000.5);
	assert_true(isnan(cp_cell_number(g, CP_ROLES, col, 3)));
	assert_int_equal(cp_column_find(&col, g, CP_ROLES, "category"), 0);
	assert_int_equal(cp_column_kind_of(g, CP_ROLES, col), CP_COLUMN_TEXT);
	assert_int_equal(cp_column_find(&col, g, CP_ROLES, "nope"),
			 CP_ENOTFOUND);
	cp_graph_free(g);
}

static void test_crlf_bom_quotes(void **state)
{
	cp_graph *g = th_load_fixture("crlf");
	(void)state;
	assert_int_equal(cp_graph_role_count(g), 2);
	assert_string_equal(cp_role_id(g, 0), "x");
	assert_string_equal(cp_role_title(g, 0), "Role \"X\", senior");
	assert_string_equal(cp_role_title(g, 1), "Line\r\nbreak");
	assert_true(cp_metric_value(g, 0, 0) == 2.5);
	assert_int_equal(cp_transition_line(g, 0), 2);
	cp_graph_free(g);
}

static void test_check_reports_every_problem(void **state)
{
	diags d = {0};
	(void)state;
	assert_int_equal(check_fixture(&d, "errors"), CP_EDATA);
	assert_diag(&d, 0, CP_DIAG_ERROR, "roles.csv", 4, 1,
		    "duplicate role id 'ma' (first defined on line 2)");
	assert_diag(&d, 1, CP_DIAG_ERROR, "roles.csv", 5, 1,
		    "empty role id (expected a unique id in column 'id')");
	assert_diag(&d, 2, CP_DIAG_ERROR, "roles.csv", 6, 34,
		    "expected a finite number in column 'level', found 'inf'");
	assert_diag(
		&d, 3, CP_DIAG_ERROR, "roles.csv", 7, 27,
		"row has 5 fields, expected 4 as in the header (an unquoted "
		"comma?)");
	assert_diag(&d, 4, CP_DIAG_ERROR, "transitions.csv", 3, 4,
		    "unknown role 'lpn' in column 'to' (its row on line 6 of "
		    "roles.csv has errors)");
	assert_diag(
		&d, 5, CP_DIAG_ERROR, "transitions.csv", 3, 11,
		"negative value '-5' in column 'cost_usd' (expected a number "
		">= 0: a cost never decreases)");
	assert_diag(&d, 6, CP_DIAG_ERROR, "transitions.csv", 4, 4,
		    "unknown role 'nurse' in column 'to' (did you mean 'rn'?)");
	assert_diag(&d, 7, CP_DIAG_ERROR, "transitions.csv", 5, 1,
		    "unknown role 'lpn' in column 'from' (its row on line 6 of "
		    "roles.csv has errors)");
	assert_diag(
		&d, 8, CP_DIAG_ERROR, "transitions.csv", 5, 8,
		"expected a number in column 'months' (as on line 2), found "
		"'12 months'");
	assert_diag(&d, 9, CP_DIAG_WARNING, "transitions.csv", 6, 4,
		    "self-loop: 'ma' leads to itself (expected a transition to "
		    "another role)");
	assert_diag(&d, 10, CP_DIAG_ERROR, "transitions.csv", 7, 4,
		    "unknown role 'lpn' in column 'to' (its row on line 6 of "
		    "roles.csv has errors)");
	assert_diag(&d, 11, CP_DIAG_ERROR, "transitions.csv", 8, 7,
		    "expected a finite number >= 0 in column 'months', found "
		    "'NaN'");
	assert_diag(
		&d, 12, CP_DIAG_WARNING, "roles.csv", 8, 1,
		"role 'lonely' has no transitions (no row of transitions.csv "
		"names it)");
	assert_int_equal(d.n, 13);
}

static void test_first_error_stops_loading(void **state)
{
	char dir[1024];
	cp_graph *g = (cp_graph *)&dir;
	cp_error err;
	int status;
	(void)state;
	snprintf(dir, sizeof(dir), "%s/errors", CP_TEST_DATA);
	status = cp_graph_load(&g, dir, NULL, &err);
	th_assert_error(&err, status, CP_EDATA, 4, 1,
			"/roles.csv:4:1: duplicate role id 'ma'");
	assert_null(g);
}

static void test_file_faults(void **state)
{
	static const struct {
		const char *fixture;
		int code;
		size_t line, column;
		const char *part;
	} cases[] = {
		{"unterminated", CP_EDATA, 2, 3,
		 "roles.csv:2:3: unterminated quoted field"},
		{"badquote", CP_EDATA, 2, 5, "roles.csv:2:5: unexpected '\"'"},
		{"binary", CP_EDATA, 2, 5, "roles.csv:2:5: NUL byte"},
		{"latin1", CP_EDATA, 2, 6,
		 "roles.csv:2:6: invalid UTF-8 byte 0xE9"},
		{"empty", CP_EDATA, 0, 0, "transitions.csv: empty file"},
		{"nofile", CP_EIO, 0, 0,
		 "transitions.csv: cannot open: No such file"},
		{"dirfile", CP_EIO, 0, 0, "roles.csv: is a directory"},
		{"noheader", CP_EDATA, 1, 1,
		 "roles.csv:1:1: missing required column 'title'"},
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char dir[1024];
		cp_graph *g = NULL;
		cp_error err;
		int status;
		snprintf(dir, sizeof(dir), "%s/%s", CP_TEST_DATA,
			 cases[i].fixture);
		status = cp_graph_load(&g, dir, NULL, &err);
		th_assert_error(&err, status, cases[i].code, cases[i].line,
				cases[i].column, cases[i].part);
		assert_null(g);
	}
}

static void test_header_problems(void **state)
{
	diags d = {0};
	char *dir =
		th_graph_dir("id,title,,title\na,A,x,y\n", "from,to,steps\n");
	(void)state;
	assert_int_equal(check_dir(&d, dir), CP_EDATA);
	assert_diag(&d, 0, CP_DIAG_ERROR, "roles.csv", 1, 10,
		    "empty column name in the header (expected a name for "
		    "column 3)");
	assert_diag(&d, 1, CP_DIAG_ERROR, "roles.csv", 1, 11,
		    "duplicate column 'title' (also column 2)");
	assert_diag(
		&d, 2, CP_DIAG_ERROR, "transitions.csv", 1, 9,
		"column name 'steps' is reserved (it counts the transitions of "
		"a route)");
	assert_int_equal(d.n, 3);
	th_remove(dir);
}

static void test_first_value_decides_a_column(void **state)
{
	diags d = {0};
	char *dir = th_graph_dir("id,title,code\na,A,x1\nb,B,2\n",
				 "from,to,note,hours\n"
				 "a,b,,\n"
				 "b,a,3 weeks,4\n"
				 "a,b,4,four\n");
	(void)state;
	assert_int_equal(check_dir(&d, dir), CP_EDATA);
	assert_diag(&d, 0, CP_DIAG_WARNING, "transitions.csv", 2, 6,
		    "missing value in column 'hours' (not known: queries by "
		    "'hours' count it as at least 0)");
	assert_diag(&d, 1, CP_DIAG_ERROR, "transitions.csv", 4, 7,
		    "expected a number in column 'hours' (as on line 3), found "
		    "'four'");
	assert_int_equal(d.n, 2);
	th_remove(dir);
}

static void test_transition_warnings(void **state)
{
	diags d = {0};
	char *dir = th_graph_dir("id,title\na,A\nb,B\nc,C\n",
				 "from,to,cost (usd)\na,a,1\na,b,2\n");
	(void)state;
	assert_int_equal(check_dir(&d, dir), 0);
	assert_diag(&d, 0, CP_DIAG_WARNING, "transitions.csv", 2, 5,
		    "column 'cost (usd)' holds numbers but is kept as text: a "
		    "metric name has only letters, digits and '_'");
	assert_diag(&d, 1, CP_DIAG_WARNING, "transitions.csv", 2, 3,
		    "self-loop: 'a' leads to itself (expected a transition to "
		    "another role)");
	assert_diag(
		&d, 2, CP_DIAG_WARNING, "roles.csv", 4, 1,
		"role 'c' has no transitions (no row of transitions.csv names "
		"it)");
	assert_int_equal(d.n, 3);
	th_remove(dir);
}

/*
 * Names and ids from the files are escaped in every message: a control
 * byte in a column name or a role id must not reach a terminal raw.
 */
static void test_names_in_messages_are_escaped(void **state)
{
	diags d = {0};
	char *dir = th_graph_dir("id,title\n\"a\x1b\",A\nb,B\n\"c\nd\",C\n",
				 "from,to,\"x\x7fy\",m\n"
				 "\"a\x1b\",\"a\x1b\",1,\nb,\"a\x1b\",2,3\n");
	(void)state;
	assert_int_equal(check_dir(&d, dir), 0);
	assert_diag(&d, 0, CP_DIAG_WARNING, "transitions.csv", 2, 11,
		    "column 'x\\x7Fy' holds numbers but is kept as text: a "
		    "metric name has only letters, digits and '_'");
	assert_diag(&d, 1, CP_DIAG_WARNING, "transitions.csv", 2, 6,
		    "self-loop: 'a\\x1B' leads to itself (expected a "
		    "transition to another role)");
	assert_diag(&d, 2, CP_DIAG_WARNING, "transitions.csv", 2, 13,
		    "missing value in column 'm' (not known: queries by 'm' "
		    "count it as at least 0)");
	assert_diag(&d, 3, CP_DIAG_WARNING, "roles.csv", 4, 1,
		    "role 'c\\nd' has no transitions (no row of "
		    "transitions.csv names it)");
	assert_int_equal(d.n, 4);
	th_remove(dir);
}

/* Rows with errors explain, and do not cause, later reports. */
static void test_rejected_rows(void **state)
{
	diags d = {0};
	char *dir = th_graph_dir("id,title\na,A\nb,B,extra\nc,\n",
				 "from,to,months\na,b,1\na,c,1\na,a,-1\n");
	(void)state;
	assert_int_equal(check_dir(&d, dir), CP_EDATA);
	assert_diag(&d, 0, CP_DIAG_ERROR, "roles.csv", 3, 5,
		    "row has 3 fields, expected 2 as in the header (an "
		    "unquoted comma?)");
	assert_diag(&d, 1, CP_DIAG_ERROR, "roles.csv", 4, 3,
		    "empty title for role 'c' (expected a title)");
	assert_diag(&d, 2, CP_DIAG_ERROR, "transitions.csv", 2, 3,
		    "unknown role 'b' in column 'to' (its row on line 3 of "
		    "roles.csv has errors)");
	assert_diag(&d, 3, CP_DIAG_ERROR, "transitions.csv", 3, 3,
		    "unknown role 'c' in column 'to' (its row on line 4 of "
		    "roles.csv has errors)");
	assert_diag(&d, 4, CP_DIAG_ERROR, "transitions.csv", 4, 5,
		    "negative value '-1' in column 'months' (expected a number "
		    ">= 0: a cost never decreases)");
	/* a, named only by rows with errors, gets no warning */
	assert_int_equal(d.n, 5);
	th_remove(dir);
}

static void test_negative_and_unknown(void **state)
{
	cp_graph *g = NULL;
	cp_error err;
	int status;
	char *dir = th_graph_dir(
		"id,title\nmedical-assistant,Medical Assistant\nrn,RN\n",
		"from,to,months\nmedical-assistant,rn,-2\n");
	(void)state;
	status = cp_graph_load(&g, dir, NULL, &err);
	th_assert_error(&err, status, CP_EDATA, 2, 22,
			"negative value '-2' in column 'months'");
	th_remove(dir);
	dir = th_graph_dir(
		"id,title\nmedical-assistant,Medical Assistant\nrn,RN\n",
		"from,to\nmedical-asistant,rn\n");
	status = cp_graph_load(&g, dir, NULL, &err);
	th_assert_error(
		&err, status, CP_EDATA, 2, 1,
		"unknown role 'medical-asistant' in column 'from' (did you "
		"mean 'medical-assistant'?)");
	th_remove(dir);
	/* a wage below zero is refused; another number column of roles.csv
	 * (a score, say) may be negative */
	dir = th_graph_dir("id,title,median_wage_usd,score\nma,MA,44200,-1\n"
			   "rn,RN,-5,2\n",
			   "from,to\nma,rn\n");
	status = cp_graph_load(&g, dir, NULL, &err);
	th_assert_error(&err, status, CP_EDATA, 3, 7,
			"negative wage '-5' in column 'median_wage_usd' "
			"(expected a number >= 0)");
	th_remove(dir);
	dir = th_graph_dir("id,title,median_wage_usd,score\nma,MA,44200,-1\n"
			   "rn,RN,0,2\n",
			   "from,to\nma,rn\n");
	assert_int_equal(cp_graph_load(&g, dir, NULL, &err), 0);
	cp_graph_free(g);
	th_remove(dir);
}

/*
 * kind_of: an unknown role (no hint: ids this short are initials, never
 * near misses), a role a kind of itself, and cycles, each at its kind_of
 * cell, a cycle once at the role where it closes; i leads into the cycle of
 * d and e without being in it. The cell's column counts characters: 'é' is
 * one.
 */
static const char kinds_roles[] = "id,title,kind_of\n"
				  "ma,Medical Assistant,\n"
				  "cma,Certified MA,mma\n"
				  "self,S\xc3\xa9lf,self\n"
				  "d,D,e\n"
				  "e,E,d\n"
				  "f,F,g\n"
				  "g,G,h\n"
				  "h,H,f\n"
				  "i,I,e\n";
static const char kinds_transitions[] = "from,to\nma,cma\nself,ma\nd,ma\n"
					"e,ma\nf,ma\ng,ma\nh,ma\ni,ma\n";

static void test_kind_of_problems(void **state)
{
	diags d = {0};
	char *dir = th_graph_dir(kinds_roles, kinds_transitions);
	(void)state;
	assert_int_equal(check_dir(&d, dir), CP_EDATA);
	assert_diag(&d, 0, CP_DIAG_ERROR, "roles.csv", 3, 18,
		    "unknown role 'mma' in column 'kind_of'");
	assert_diag(&d, 1, CP_DIAG_ERROR, "roles.csv", 4, 11,
		    "role 'self' is a kind of itself (expected another role's "
		    "id in column 'kind_of')");
	assert_diag(&d, 2, CP_DIAG_ERROR, "roles.csv", 5, 5,
		    "roles are kinds of each other in a cycle: 'd' -> 'e' -> "
		    "'d' (expected a chain that ends)");
	assert_diag(&d, 3, CP_DIAG_ERROR, "roles.csv", 7, 5,
		    "roles are kinds of each other in a cycle: 'f' -> 'g' -> "
		    "'h' -> 'f' (expected a chain that ends)");
	assert_int_equal(d.n, 4);
	th_remove(dir);
}

/* Without check, loading stops at the first: each problem alone. */
static void test_kind_of_stops_loading(void **state)
{
	static const struct {
		const char *roles;
		size_t line, column;
		const char *part;
	} cases[] = {
		{"id,title,kind_of\nma,MA,\ncma,CMA,mma\n", 3, 9,
		 "/roles.csv:3:9: unknown role 'mma' in column 'kind_of'"},
		{"id,title,kind_of\nma,MA,ma\ncma,CMA,\n", 2, 7,
		 "/roles.csv:2:7: role 'ma' is a kind of itself"},
		{"id,title,kind_of\nma,MA,cma\ncma,CMA,ma\n", 2, 7,
		 "/roles.csv:2:7: roles are kinds of each other in a cycle: "
		 "'ma' -> 'cma' -> 'ma' (expected a chain that ends)"},
		{"id,title,kind_of\nma,MA,lead\ncma,CMA,ma\nlead,Lead,cma\n", 2,
		 7,
		 "/roles.csv:2:7: roles are kinds of each other in a cycle: "
		 "'ma' -> 'lead' -> 'cma' -> 'ma'"},
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *dir = th_graph_dir(cases[i].roles,
					 "from,to\nma,cma\ncma,ma\n");
		cp_graph *g = NULL;
		cp_error err;
		int status = cp_graph_load(&g, dir, NULL, &err);
		th_assert_error(&err, status, CP_EDATA, cases[i].line,
				cases[i].column, cases[i].part);
		assert_null(g);
		th_remove(dir);
	}
}

static void test_kind_of_parents(void **state)
{
	cp_graph *g = th_load("id,title,kind_of\nma,MA,\ncma,CMA,ma\n"
			      "lead,Lead,cma\nrn,RN,\n",
			      "from,to\nma,rn\n");
	(void)state;
	assert_int_equal(cp_role_parent(g, 0), CP_NO_ROLE);
	assert_int_equal(cp_role_parent(g, 1), 0);
	assert_int_equal(cp_role_parent(g, 2), 1);
	assert_int_equal(cp_role_parent(g, 3), CP_NO_ROLE);
	cp_graph_free(g);
	/* no column, or a column left blank: no parents */
	g = th_load("id,title\na,A\nb,B\n", "from,to\na,b\n");
	assert_int_equal(cp_role_parent(g, 1), CP_NO_ROLE);
	cp_graph_free(g);
	g = th_load("id,title,kind_of\na,A,\nb,B,\n", "from,to\na,b\n");
	assert_int_equal(cp_role_parent(g, 0), CP_NO_ROLE);
	assert_int_equal(cp_role_parent(g, 1), CP_NO_ROLE);
	cp_graph_free(g);
}

static void test_elapsed_months(void **state)
{
	static const char roles[] = "id,title\na,A\nb,B\nc,C\n";
	cp_graph *g = th_load(roles, "from,to,months,experience_months,"
				     "cost_usd\n"
				     "a,b,2,3,10\n"
				     "b,c,,4,5\n"
				     "c,a,1.5,,0\n");
	size_t metric, col;
	(void)state;
	/* made as the last column and metric: months + experience_months */
	assert_int_equal(cp_graph_metric_count(g), 4);
	assert_string_equal(cp_metric_name(g, 3), "elapsed_months");
	assert_int_equal(cp_column_count(g, CP_TRANSITIONS), 6);
	assert_int_equal(cp_metric_column(g, 3), 5);
	assert_string_equal(cp_column_name(g, CP_TRANSITIONS, 5),
			    "elapsed_months");
	assert_int_equal(cp_column_kind_of(g, CP_TRANSITIONS, 5),
			 CP_COLUMN_NUMBER);
	assert_int_equal(cp_metric_find(&metric, g, "elapsed_months"), 0);
	assert_int_equal(metric, 3);
	assert_true(cp_metric_value(g, 3, 0) == 5);
	assert_true(cp_cell_number(g, CP_TRANSITIONS, 5, 0) == 5);
	/* blank where either is */
	assert_true(isnan(cp_metric_value(g, 3, 1)));
	assert_true(isnan(cp_metric_value(g, 3, 2)));
	cp_graph_free(g);
	/* a column of that name is kept as written */
	g = th_load(roles, "from,to,months,experience_months,elapsed_months\n"
			   "a,b,2,3,9\n");
	assert_int_equal(cp_graph_metric_count(g), 3);
	assert_int_equal(cp_metric_find(&metric, g, "elapsed_months"), 0);
	assert_int_equal(metric, 2);
	assert_true(cp_metric_value(g, 2, 0) == 9);
	cp_graph_free(g);
	/* even as text: then there is no such metric */
	g = th_load(roles, "from,to,months,experience_months,elapsed_months\n"
			   "a,b,2,3,soon\n");
	assert_int_equal(cp_graph_metric_count(g), 2);
	assert_int_equal(cp_metric_find(&metric, g, "elapsed_months"),
			 CP_ENOTFOUND);
	assert_int_equal(cp_column_count(g, CP_TRANSITIONS), 5);
	cp_graph_free(g);
	/* one of the two alone makes nothing */
	g = th_load(roles, "from,to,months\na,b,2\n");
	assert_int_equal(cp_graph_metric_count(g), 1);
	assert_int_equal(cp_metric_find(&metric, g, "elapsed_months"),
			 CP_ENOTFOUND);
	assert_int_equal(
		cp_column_find(&col, g, CP_TRANSITIONS, "elapsed_months"),
		CP_ENOTFOUND);
	cp_graph_free(g);
	g = th_load(roles, "from,to,experience_months\na,b,2\n");
	assert_int_equal(cp_graph_metric_count(g), 1);
	assert_int_equal(cp_metric_find(&metric, g, "elapsed_months"),
			 CP_ENOTFOUND);
	cp_graph_free(g);
}

static void test_wages(void **state)
{
	static const char transitions[] = "from,to\na,b\nb,c\n";
	cp_graph *g = th_load("id,title,median_wage_usd\na,A,40000\nb,B,\n"
			      "c,C,52000.5\n",
			      transitions);
	(void)state;
	assert_true(cp_role_wage(g, 0) == 40000);
	assert_true(isnan(cp_role_wage(g, 1)));
	assert_true(cp_role_wage(g, 2) == 52000.5);
	assert_true(cp_graph_has_wages(g));
	cp_graph_free(g);
	/* no column, or one of text: no wage anywhere */
	g = th_load("id,title\na,A\nb,B\nc,C\n", transitions);
	assert_false(cp_graph_has_wages(g));
	assert_true(isnan(cp_role_wage(g, 0)));
	assert_true(isnan(cp_role_wage(g, 2)));
	cp_graph_free(g);
	g = th_load("id,title,median_wage_usd\na,A,about 40k\nb,B,n/a\nc,C,\n",
		    transitions);
	assert_true(isnan(cp_role_wage(g, 0)));
	assert_true(isnan(cp_role_wage(g, 1)));
	assert_true(isnan(cp_role_wage(g, 2)));
	assert_false(cp_graph_has_wages(g));
	cp_graph_free(g);
	/* a column left blank throughout is text too */
	g = th_load("id,title,median_wage_usd\na,A,\nb,B,\nc,C,\n",
		    transitions);
	assert_true(isnan(cp_role_wage(g, 0)));
	assert_false(cp_graph_has_wages(g));
	cp_graph_free(g);
}

/*
 * One cell that is not a number (0x10, "1,5") in a column of numbers makes
 * it text: check says which cell did, where. A column of mostly text with a
 * number in it is text without a word.
 */
static void test_cell_that_makes_a_column_text(void **state)
{
	diags d = {0};
	char *dir = th_graph_dir("id,title\na,A\nb,B\nc,C\nd,D\n",
				 "from,to,months,cost_usd,note\n"
				 "a,b,0x10,5,x\n"
				 "b,c,12,\"1,5\",y\n"
				 "a,c,3,7,4\n"
				 "c,d,6,1,z\n"
				 "d,a,3,2,w\n");
	(void)state;
	assert_int_equal(check_dir(&d, dir), CP_EDATA);
	/* the column's warning comes when the whole file is read */
	assert_diag(&d, 0, CP_DIAG_ERROR, "transitions.csv", 3, 8,
		    "expected a number in column 'cost_usd' (as on line 2), "
		    "found '1,5'");
	assert_diag(&d, 1, CP_DIAG_WARNING, "transitions.csv", 2, 5,
		    "column 'months' is read as text because of '0x10', "
		    "though 4 of its cells are numbers (expected a number "
		    "such as 16 or 1.5, or a blank for not known)");
	assert_int_equal(d.n, 2);
	th_remove(dir);
	memset(&d, 0, sizeof(d));
	dir = th_graph_dir("id,title,median_wage_usd\na,A,\"40,000\"\nb,B,"
			   "n/a\nc,C,50000\nd,D,60000\ne,E,70000\n",
			   "from,to\na,b\n");
	assert_int_equal(check_dir(&d, dir), 0);
	assert_diag(&d, 0, CP_DIAG_WARNING, "roles.csv", 2, 5,
		    "column 'median_wage_usd' is read as text because of "
		    "'40,000' and others not numbers, though 3 of its cells "
		    "are numbers (expected a number such as 16 or 1.5, or a "
		    "blank for not known)");
	th_remove(dir);
}

/*
 * A metric whose largest value, over as many steps as a route can take
 * (one fewer than the roles), passes 1e300 is warned of at that value;
 * 4 roles: at most 3 steps, so 3.3e299 is the most a value may be.
 */
static void test_total_that_could_overflow(void **state)
{
	diags d = {0};
	char *dir = th_graph_dir("id,title\na,A\nb,B\nc,C\nd,D\n",
				 "from,to,months,cost_usd\n"
				 "a,b,1,3e299\n"
				 "b,c,1e308,3.3e299\n"
				 "c,d,2,1\n");
	(void)state;
	assert_int_equal(check_dir(&d, dir), 0);
	assert_diag(&d, 0, CP_DIAG_WARNING, "transitions.csv", 3, 5,
		    "value '1e308' in column 'months' could make a route's "
		    "total overflow: a route of up to 3 steps could pass "
		    "1e+300 (expected values below 3.33333e+299 on a graph "
		    "of 4 roles)");
	assert_int_equal(d.n, 1);
	th_remove(dir);
}

/* A FIFO named roles.csv is refused at once: reading it would wait. */
static void test_fifo_refused(void **state)
{
	char *dir = th_graph_dir("id,title\na,A\n", "from,to\n"), path[1024];
	cp_graph *g = NULL;
	cp_error err;
	int status;
	(void)state;
	snprintf(path, sizeof(path), "%s/roles.csv", dir);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkfifo(path, 0600), 0);
	status = cp_graph_load(&g, dir, NULL, &err);
	th_assert_error(&err, status, CP_EIO, 0, 0,
			"roles.csv: is a FIFO (expected a CSV file)");
	assert_null(g);
	th_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cell_that_makes_a_column_text),
		cmocka_unit_test(test_total_that_could_overflow),
		cmocka_unit_test(test_fifo_refused),
		cmocka_unit_test(test_small_graph_model),
		cmocka_unit_test(test_crlf_bom_quotes),
		cmocka_unit_test(test_check_reports_every_problem),
		cmocka_unit_test(test_first_error_stops_loading),
		cmocka_unit_test(test_file_faults),
		cmocka_unit_test(test_header_problems),
		cmocka_unit_test(test_first_value_decides_a_column),
		cmocka_unit_test(test_transition_warnings),
		cmocka_unit_test(test_rejected_rows),
		cmocka_unit_test(test_negative_and_unknown),
		cmocka_unit_test(test_kind_of_problems),
		cmocka_unit_test(test_kind_of_stops_loading),
		cmocka_unit_test(test_kind_of_parents),
		cmocka_unit_test(test_elapsed_months),
		cmocka_unit_test(test_wages),
		cmocka_unit_test(test_names_in_messages_are_escaped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

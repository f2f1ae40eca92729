/*
 * Several folders loaded as one graph (src/join.c), on tests/data/join:
 * ladder (entry, ma, cma kind of ma, rn, coach), national (three
 * occupations whose ids are their codes) and conflict. Worked by hand:
 * - ladder + national: roles entry 0, ma 1, cma 2, rn 3, coach 4, then
 *   00-0001.00 5, 00-0002.00 6, 00-0003.00 7; transitions 3 + 3.
 * - ma names 00-0001.00 and has no kind_of: it becomes a kind of it; cma
 *   stays a kind of ma, which leads there; rn joins 00-0002.00; coach's
 *   99-9999.00 names nothing (a warning) and joins nothing.
 * - job_zone, which the ladder lacks, is read from the occupation: ma and
 *   cma 2 (through ma), rn 4; entry and coach have none.
 * - cost_usd is blank on national transitions, skill_gap on the ladder's;
 *   elapsed_months is months + experience_months on all six.
 */
#include "helpers.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_DIAGS 16

typedef struct diags {
	size_t n;
	cp_diag_kind kind[MAX_DIAGS];
	char text[MAX_DIAGS][512];
} diags;

static void collect(cp_diag_kind kind, const cp_error *diag, void *payload)
{
	diags *d = payload;
	const char *at = strstr(diag->text, "join/");
	if (d->n >= MAX_DIAGS)
		return;
	d->kind[d->n] = kind;
	snprintf(d->text[d->n], sizeof(d->text[0]), "%.511s",
		 at ? at : diag->text);
	d->n++;
}

static int load(cp_graph **out, const char *a, const char *b, diags *d,
		cp_error *err)
{
	char dir_a[1024], dir_b[1024];
	const char *dirs[2] = {dir_a, dir_b};
	cp_load_options opts = CP_LOAD_OPTIONS_INIT;
	snprintf(dir_a, sizeof(dir_a), "%s/join/%s", CP_TEST_DATA, a);
	snprintf(dir_b, sizeof(dir_b), "%s/join/%s", CP_TEST_DATA, b);
	opts.on_diag = collect;
	opts.payload = d;
	return cp_graph_load_many(out, dirs, 2, d ? &opts : NULL, err);
}

static void test_soc_code_joins_occupations(void **state)
{
	cp_graph *g = NULL;
	diags d = {0};
	cp_error err;
	size_t zone, m, role;
	(void)state;
	assert_int_equal(load(&g, "ladder", "national", &d, &err), 0);
	assert_int_equal(cp_graph_role_count(g), 8);
	assert_int_equal(cp_graph_transition_count(g), 6);
	assert_int_equal(cp_graph_folder_count(g), 2);
	assert_string_equal(cp_role_id(g, 5), "00-0001.00");
	assert_int_equal(cp_role_folder(g, 4), 0);
	assert_int_equal(cp_role_folder(g, 5), 1);
	assert_int_equal(cp_transition_folder(g, 2), 0);
	assert_int_equal(cp_transition_folder(g, 3), 1);
	assert_int_equal(cp_transition_line(g, 3), 2);
	assert_int_equal(cp_role_parent(g, 1), 5);
	assert_int_equal(cp_role_parent(g, 2), 1);
	assert_int_equal(cp_role_parent(g, 3), 6);
	assert_int_equal(cp_role_parent(g, 4), CP_NO_ROLE);
	assert_int_equal(cp_role_parent(g, 0), CP_NO_ROLE);
	assert_int_equal(cp_role_parent(g, 5), CP_NO_ROLE);
	assert_int_equal(cp_column_find(&zone, g, CP_ROLES, "job_zone"), 0);
	assert_true(cp_cell_number(g, CP_ROLES, zone, 1) == 2);
	assert_true(cp_cell_number(g, CP_ROLES, zone, 2) == 2);
	assert_true(cp_cell_number(g, CP_ROLES, zone, 3) == 4);
	assert_true(isnan(cp_cell_number(g, CP_ROLES, zone, 0)));
	assert_true(isnan(cp_cell_number(g, CP_ROLES, zone, 4)));
	/* its own wage, not the occupation's */
	assert_true(cp_role_wage(g, 1) == 40000);
	assert_true(cp_role_wage(g, 5) == 41000);
	assert_int_equal(cp_metric_find(&m, g, "cost_usd"), 0);
	assert_true(cp_metric_value(g, m, 1) == 12000);
	assert_true(isnan(cp_metric_value(g, m, 3)));
	assert_int_equal(cp_metric_find(&m, g, "skill_gap"), 0);
	assert_true(isnan(cp_metric_value(g, m, 0)));
	assert_true(cp_metric_value(g, m, 4) == 0.3);
	assert_int_equal(cp_metric_find(&m, g, "elapsed_months"), 0);
	assert_true(cp_metric_value(g, m, 1) == 24);
	assert_true(cp_metric_value(g, m, 3) == 72);
	/* a name of both folders means the first folder's role */
	assert_int_equal(cp_role_find(&role, g, "Medical Assistant", &err), 0);
	assert_int_equal(role, 1);
	assert_int_equal(cp_role_find(&role, g, "medical assistants", &err), 0);
	assert_int_equal(role, 5);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.kind[0], CP_DIAG_WARNING);
	assert_string_equal(d.text[0],
			    "join/ladder/roles.csv:6:14: soc_code '99-9999.00' "
			    "of role 'coach' names no role of the loaded "
			    "folders (the role joins no occupation)");
	cp_graph_free(g);
}

/* The other order: the occupations come first, and answer first. */
static void test_folder_order_decides_names(void **state)
{
	cp_graph *g = NULL;
	cp_error err;
	size_t role;
	(void)state;
	assert_int_equal(load(&g, "national", "ladder", NULL, &err), 0);
	assert_string_equal(cp_role_id(g, 0), "00-0001.00");
	assert_int_equal(cp_role_find(&role, g, "Medical Assistant", &err), 0);
	assert_int_equal(role, 0);
	assert_int_equal(cp_role_find(&role, g, "MA", &err), 0);
	assert_string_equal(cp_role_id(g, role), "ma");
	assert_int_equal(cp_role_parent(g, role), 0);
	cp_graph_free(g);
}

/* The same folder twice: every role is defined twice, the same way. */
static void test_same_ids_are_one_role(void **state)
{
	cp_graph *g = NULL;
	cp_error err;
	size_t role;
	(void)state;
	assert_int_equal(load(&g, "national", "national", NULL, &err), 0);
	assert_int_equal(cp_graph_role_count(g), 3);
	assert_int_equal(cp_graph_transition_count(g), 6);
	assert_int_equal(cp_transition_folder(g, 5), 1);
	assert_int_equal(cp_role_find(&role, g, "Nurse Practitioner", &err), 0);
	assert_int_equal(role, 2);
	cp_graph_free(g);
}

static void test_conflicts_name_both_places(void **state)
{
	cp_graph *g = NULL;
	diags d = {0};
	cp_error err;
	size_t i;
	static const char *const want[] = {
		"join/conflict/roles.csv:3:1: role '00-0002.00' has no "
		"transitions (no row of transitions.csv names it)",
		"join/conflict/transitions.csv:1:9: column 'skill_gap' holds "
		"text here but numbers in ",
		"join/national/transitions.csv:1:34: the column is first "
		"defined here",
		"join/conflict/roles.csv:3:12: role '00-0002.00' has title "
		"'Nurses (Registered)' here but 'Registered Nurses' in ",
		"join/national/roles.csv:3:12: the role is first defined here",
		"join/conflict/roles.csv:3:34: role '00-0002.00' has "
		"median_wage_usd '90000' here but '93000' in ",
		"join/national/roles.csv:3:51: the role is first defined here",
		"join/conflict/roles.csv:5:11: soc_code '00-0009.00' of role "
		"'aide' names no role of the loaded folders (the role joins no "
		"occupation)",
		"join/conflict/roles.csv:4:21: role 'lpn' is a kind of 'ma', "
		"which '00-0003.00' (its soc_code) does not lead to, being a "
		"kind of no role: the role is classified under it and takes "
		"none of its moves"};
	static const cp_diag_kind kinds[] = {
		CP_DIAG_WARNING, CP_DIAG_ERROR,	  CP_DIAG_NOTE,
		CP_DIAG_ERROR,	 CP_DIAG_NOTE,	  CP_DIAG_ERROR,
		CP_DIAG_NOTE,	 CP_DIAG_WARNING, CP_DIAG_WARNING};
	(void)state;
	assert_int_equal(load(&g, "national", "conflict", &d, &err), CP_EDATA);
	assert_null(g);
	assert_int_equal(d.n, 9);
	for (i = 0; i < 9; i++) {
		if (strncmp(d.text[i], want[i], strlen(want[i])))
			fail_msg("diagnostic %zu: %s\nexpected %s", i,
				 d.text[i], want[i]);
		assert_int_equal(d.kind[i], kinds[i]);
	}
	/* without a callback the first error ends loading */
	assert_int_equal(load(&g, "national", "conflict", NULL, &err),
			 CP_EDATA);
	assert_null(g);
	assert_non_null(strstr(err.text, "conflict/transitions.csv:1:9: "
					 "column 'skill_gap' holds text"));
	assert_non_null(strstr(err.message, "national/transitions.csv"));
}

/*
 * qualify + starts: a national part with starts (entry, and no-diploma
 * above it) and kind_of on every occupation. Roles: entry 0, ma 1, cma 2,
 * rn 3, ekg 4, pct 5, then no-diploma 6, 00-0001.00 7 .. 00-0005.00 11
 * (entry is one role of both). ma, a kind of entry, names Medical
 * Assistants with soc_link kind; that occupation is a kind of entry, so ma
 * is re-parented through it: ma > 00-0001.00 > entry > no-diploma. cma
 * (kind of ma) reaches it already; rn likewise joins 00-0002.00. ekg is
 * classified under 00-0004.00: it stays a kind of entry and reads the
 * occupation's job zone (3); pct has no soc_code and reads none (entry's
 * job_zone cell in starts is blank).
 */
static void test_kind_roles_reparented_through_occupations(void **state)
{
	cp_graph *g = NULL;
	diags d = {0};
	cp_error err;
	size_t zone;
	(void)state;
	assert_int_equal(load(&g, "qualify", "starts", &d, &err), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(cp_graph_role_count(g), 12);
	assert_string_equal(cp_role_id(g, 7), "00-0001.00");
	assert_int_equal(cp_role_parent(g, 1), 7);
	assert_int_equal(cp_role_parent(g, 7), 0);
	assert_int_equal(cp_role_parent(g, 0), 6);
	assert_int_equal(cp_role_parent(g, 2), 1);
	assert_int_equal(cp_role_parent(g, 3), 8);
	assert_int_equal(cp_role_parent(g, 8), 0);
	assert_int_equal(cp_role_parent(g, 4), 0);
	assert_int_equal(cp_role_parent(g, 5), 0);
	assert_int_equal(cp_role_parent(g, 11), 6);
	assert_int_equal(cp_column_find(&zone, g, CP_ROLES, "job_zone"), 0);
	assert_true(cp_cell_number(g, CP_ROLES, zone, 1) == 2);
	assert_true(cp_cell_number(g, CP_ROLES, zone, 2) == 2);
	assert_true(cp_cell_number(g, CP_ROLES, zone, 4) == 3);
	assert_true(isnan(cp_cell_number(g, CP_ROLES, zone, 5)));
	assert_true(isnan(cp_cell_number(g, CP_ROLES, zone, 0)));
	cp_graph_free(g);
	/* the national folder first: the same chains */
	assert_int_equal(load(&g, "starts", "qualify", NULL, &err), 0);
	assert_string_equal(cp_role_id(g, 7), "ma");
	assert_string_equal(cp_role_id(g, 2), "00-0001.00");
	assert_int_equal(cp_role_parent(g, 7), 2);
	assert_int_equal(cp_role_parent(g, 2), 1);
	cp_graph_free(g);
}

/*
 * Where an occupation cannot keep the role's parent on the chain: one of
 * no chain (national has no kind_of) classifies the role, with a
 * warning; one whose chain leads elsewhere is an error; kind_of of two
 * folders that close a cycle is an error, broken where it closes.
 */
static void test_kind_roles_that_cannot_be_placed(void **state)
{
	cp_graph *g = NULL;
	diags d = {0};
	cp_error err;
	size_t zone;
	(void)state;
	assert_int_equal(load(&g, "qualify", "national", &d, &err), 0);
	assert_int_equal(d.n, 4);
	assert_int_equal(d.kind[0], CP_DIAG_WARNING);
	assert_non_null(strstr(d.text[0], "role 'ma' is a kind of 'entry', "
					  "which '00-0001.00' (its soc_code) "
					  "does not lead to"));
	/* ma keeps entry; classified, it reads the occupation's zone */
	assert_int_equal(cp_role_parent(g, 1), 0);
	assert_int_equal(cp_role_parent(g, 2), 1);
	assert_int_equal(cp_column_find(&zone, g, CP_ROLES, "job_zone"), 0);
	assert_true(cp_cell_number(g, CP_ROLES, zone, 1) == 2);
	cp_graph_free(g);
	memset(&d, 0, sizeof(d));
	assert_int_equal(load(&g, "unplaced", "starts", &d, &err), CP_EDATA);
	assert_null(g);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.kind[0], CP_DIAG_ERROR);
	assert_string_equal(
		d.text[0],
		"join/unplaced/roles.csv:3:23: role 'porter' is a kind of "
		"'entry' and names '00-0005.00' in column 'soc_code' with "
		"soc_link 'kind', but '00-0005.00' does not lead to 'entry' "
		"(expected an occupation that is a kind of 'entry', or "
		"soc_link 'classified')");
	assert_int_equal(load(&g, "loop", "starts", NULL, &err), CP_EDATA);
	assert_null(g);
	assert_non_null(strstr(err.text, "join/starts/roles.csv:3:52: roles "
					 "are kinds of each other in a cycle "
					 "across folders: 'entry' -> "
					 "'no-diploma' -> 'entry'"));
}

/* soc_link is checked as each folder loads. */
static void test_soc_link_values(void **state)
{
	cp_graph *g = NULL;
	cp_error err;
	char dir[1024];
	(void)state;
	snprintf(dir, sizeof(dir), "%s/join/soclink", CP_TEST_DATA);
	assert_int_equal(cp_graph_load(&g, dir, NULL, &err), CP_EDATA);
	assert_null(g);
	assert_non_null(strstr(err.text, "soclink/roles.csv:3:31: unknown "
					 "value 'Classified' in column "
					 "'soc_link' (expected 'kind' or "
					 "'classified')"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_soc_code_joins_occupations),
		cmocka_unit_test(test_folder_order_decides_names),
		cmocka_unit_test(test_same_ids_are_one_role),
		cmocka_unit_test(test_conflicts_name_both_places),
		cmocka_unit_test(
			test_kind_roles_reparented_through_occupations),
		cmocka_unit_test(test_kind_roles_that_cannot_be_placed),
		cmocka_unit_test(test_soc_link_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

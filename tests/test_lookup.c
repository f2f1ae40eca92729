/* Naming roles by id, title or alias, and the hints for near misses. */
#include "helpers.h"
#include "internal.h"

#include <string.h>

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

static void expect_role(const cp_graph *g, const char *name, size_t role)
{
	size_t got = CP_NO_ROLE;
	cp_error err;
	if (cp_role_find(&got, g, name, &err))
		fail_msg("'%s': %s", name, err.text);
	if (got != role)
		fail_msg("'%s': role %zu, expected %zu", name, got, role);
}

static void test_ids_titles_aliases(void **state)
{
	const cp_graph *g = *state;
	expect_role(g, "a", 0);
	expect_role(g, "Alpha Aide", 0);
	expect_role(g, "  alpha \t  AIDE ", 0);
	expect_role(g, "AA", 0);
	expect_role(g, "starter", 0);
	expect_role(g, "BETA TECH", 1);
	expect_role(g, "bt", 1);
	expect_role(g, "D", 3);
}

static void test_unknown_names_get_hints(void **state)
{
	const cp_graph *g = *state;
	size_t role;
	cp_error err;
	int status = cp_role_find(&role, g, "Alpha Aid", &err);
	th_assert_error(
		&err, status, CP_ENOTFOUND, 0, 0,
		"unknown role 'Alpha Aid' (did you mean 'Alpha Aide'?)");
	status = cp_role_find(&role, g, "nurse", &err);
	th_assert_error(&err, status, CP_ENOTFOUND, 0, 0,
			"unknown role 'nurse' (did you mean 'Gamma Nurse'?)");
	status = cp_role_find(&role, g, "zzzzzzzzzz", &err);
	th_assert_error(&err, status, CP_ENOTFOUND, 0, 0,
			"unknown role 'zzzzzzzzzz'");
	assert_null(strstr(err.text, "did you mean"));
	status = cp_role_find(&role, g, "   ", &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0, "empty role name");
}

/*
 * Initials are not near misses of each other: CNA (nursing assistant) is
 * one letter from CMA but another job. A short query is hinted only by a
 * name holding it as a word.
 */
static void test_no_hints_from_initials(void **state)
{
	cp_graph *g = th_load("id,title,aliases\n"
			      "cma,Certified Medical Assistant,CMA\n"
			      "rn,Registered Nurse,RN\n"
			      "lead,Lead Aide,\n",
			      "from,to\ncma,rn\nrn,lead\n");
	size_t role;
	cp_error err;
	int status;
	(void)state;
	status = cp_role_find(&role, g, "CNA", &err);
	th_assert_error(&err, status, CP_ENOTFOUND, 0, 0, "unknown role 'CNA'");
	assert_null(strstr(err.text, "did you mean"));
	status = cp_role_find(&role, g, "RNA", &err);
	assert_null(strstr(err.text, "did you mean"));
	/* "aid" is inside "Aide" but is not a word of any name */
	status = cp_role_find(&role, g, "aid", &err);
	assert_null(strstr(err.text, "did you mean"));
	status = cp_role_find(&role, g, "aide", &err);
	th_assert_error(&err, status, CP_ENOTFOUND, 0, 0,
			"unknown role 'aide' (did you mean 'Lead Aide'?)");
	status = cp_role_find(&role, g, "Certified Medical Asistant", &err);
	th_assert_error(&err, status, CP_ENOTFOUND, 0, 0,
			"(did you mean 'Certified Medical Assistant'?)");
	cp_graph_free(g);
}

static void test_ambiguous_names(void **state)
{
	cp_graph *g = th_load("id,title,aliases\n"
			      "nurse,Nurse Aide,\n"
			      "rn,Registered Nurse,Nurse;RN\n"
			      "lpn,Licensed Practical Nurse,nurse\n",
			      "from,to\nnurse,rn\nrn,lpn\n");
	size_t role;
	cp_error err;
	int status;
	(void)state;
	expect_role(g, "nurse", 0);
	status = cp_role_find(&role, g, "NURSE", &err);
	th_assert_error(
		&err, status, CP_EAMBIGUOUS, 0, 0,
		"role name 'NURSE' is ambiguous: it could be 'nurse' (Nurse "
		"Aide), 'rn' (Registered Nurse), 'lpn' (Licensed Practical "
		"Nurse); use an id");
	cp_graph_free(g);
}

static void test_many_ambiguous_are_counted(void **state)
{
	char roles[2048], transitions[2048];
	size_t i, at, role;
	cp_graph *g;
	cp_error err;
	int status;
	(void)state;
	at = (size_t)snprintf(roles, sizeof(roles), "id,title\n");
	for (i = 0; i < 20; i++)
		at += (size_t)snprintf(roles + at, sizeof(roles) - at,
				       "n%zu,Nurse\n", i);
	at = (size_t)snprintf(transitions, sizeof(transitions), "from,to\n");
	for (i = 0; i < 20; i++)
		at += (size_t)snprintf(transitions + at,
				       sizeof(transitions) - at, "n%zu,n%zu\n",
				       i, (i + 1) % 20);
	g = th_load(roles, transitions);
	status = cp_role_find(&role, g, "nurse", &err);
	th_assert_error(&err, status, CP_EAMBIGUOUS, 0, 0,
			"it could be 'n0' (Nurse), 'n1' (Nurse)");
	assert_non_null(strstr(err.text, " and 12 more; use an id"));
	cp_graph_free(g);
}

static void test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(cp_edit_distance("kitten", "sitting", 5), 3);
	assert_int_equal(cp_edit_distance("", "abc", 5), 3);
	assert_int_equal(cp_edit_distance("same", "same", 0), 0);
	assert_int_equal(cp_edit_distance("kitten", "sitting", 2), 3);
	assert_int_equal(cp_edit_distance("a", "abcdef", 2), 3);
}

/* The textbook full table, to check the banded one against. */
static size_t full_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d[16][16];
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			d[i][j] = best;
		}
	return d[la][lb];
}

static void test_banded_distance_matches_full_table(void **state)
{
	unsigned long long rng = 12345;
	char a[16], b[16];
	size_t round, i, limit;
	(void)state;
	for (round = 0; round < 20000; round++) {
		size_t la, lb, full;
		rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
		la = (size_t)(rng >> 60) % 13;
		lb = (size_t)(rng >> 56) % 13;
		for (i = 0; i < la; i++)
			a[i] = "abc"[(rng >> (i * 2 + 3)) % 3];
		for (i = 0; i < lb; i++)
			b[i] = "abc"[(rng >> (i * 2 + 29)) % 3];
		a[la] = b[lb] = '\0';
		full = full_distance(a, b);
		for (limit = 0; limit < 6; limit++)
			assert_int_equal(cp_edit_distance(a, b, limit),
					 full <= limit ? full : limit + 1);
	}
}

static void test_normalize(void **state)
{
	cp_buf b = CP_BUF_INIT;
	(void)state;
	assert_int_equal(cp_name_normalize(&b, "  Medical\t\tASSISTANT  "), 0);
	assert_string_equal(b.ptr, "medical assistant");
	assert_int_equal(cp_name_normalize(&b, "\xC3\x89"
					       "cole"),
			 0);
	assert_string_equal(b.ptr, "\xC3\x89"
				   "cole");
	cp_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ids_titles_aliases, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unknown_names_get_hints,
						setup, teardown),
		cmocka_unit_test(test_no_hints_from_initials),
		cmocka_unit_test(test_ambiguous_names),
		cmocka_unit_test(test_many_ambiguous_are_counted),
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_banded_distance_matches_full_table),
		cmocka_unit_test(test_normalize),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

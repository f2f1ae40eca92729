/* Naming roles by id, title or alias, and the hints for near misses. */
#include "helpers.h"
#include "internal.h"

#include <pthread.h>
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
 * name holding it as a word, or whose words it is the initials of.
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

/*
 * A hint names the nearest roles alone, by the name nearest what was typed
 * when that name is the role's own; plural and singular words match; a
 * short query of letters is hinted by a name it is the initials of.
 */
static void test_hints_nearest_singular_initials(void **state)
{
	cp_graph *g = th_load("id,title,aliases\n"
			      "ma,Medical Assistants,Medical Assistant\n"
			      "clerk,Judicial Law Clerks,Medical Clerk\n"
			      "nursing,Certified Nursing Assistant,\n"
			      "sec,Secretaries,Aide\n"
			      "dms,Director of Medical Services,\n"
			      "rn,Registered Nurses,Aide\n",
			      "from,to\nma,clerk\n");
	size_t role;
	cp_error err;
	int status;
	(void)state;
	/* one edit from the alias, two from the title; the clerk is 4 away */
	status = cp_role_find(&role, g, "medical assitant", &err);
	th_assert_error(
		&err, status, CP_ENOTFOUND, 0, 0,
		"unknown role 'medical assitant' (did you mean 'Medical "
		"Assistant'?)");
	status = cp_role_find(&role, g, "medical assitants", &err);
	th_assert_error(
		&err, status, CP_ENOTFOUND, 0, 0,
		"unknown role 'medical assitants' (did you mean 'Medical "
		"Assistants'?)");
	/* secretary is 3 edits from secretaries, 0 in the singular */
	status = cp_role_find(&role, g, "secretary", &err);
	th_assert_error(&err, status, CP_ENOTFOUND, 0, 0,
			"unknown role 'secretary' (did you mean "
			"'Secretaries'?)");
	status = cp_role_find(&role, g, "CNA", &err);
	th_assert_error(&err, status, CP_ENOTFOUND, 0, 0,
			"unknown role 'CNA' (did you mean 'Certified Nursing "
			"Assistant'?)");
	/* small words are left out of initials */
	status = cp_role_find(&role, g, "DMS", &err);
	assert_int_equal(status, 0);
	status = cp_role_find(&role, g, "dmss", &err);
	th_assert_error(&err, status, CP_ENOTFOUND, 0, 0,
			"unknown role 'dmss'");
	/* Aides: the singular is an alias of two roles, named by title */
	status = cp_role_find(&role, g, "Aides", &err);
	th_assert_error(&err, status, CP_ENOTFOUND, 0, 0,
			"unknown role 'Aides' (did you mean 'Secretaries' or "
			"'Registered Nurses'?)");
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
	size_t la = strlen(a), lb = strlen(b), i, j, d[40][40];
	assert_true(la < 40 && lb < 40);
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

/*
 * The hints by their definition, without the bounds that make them fast.
 * A name's nearness to a form of the query: 0 when equal; its distance
 * when both have 5 bytes or more and it is within the limit (a third of
 * the typed query's length, 1 to 4); else the limit when the name holds
 * the query (3 bytes or more; a whole word when it is shorter than 5), or
 * when the typed query (2 to 4 letters) is the initials of the name's
 * words before a '(' (small words left out). A name scores its nearness
 * to either form (as typed, or each word in the singular), then to the
 * typed one; each role its best name, the first of its names among
 * equals. Only the roles as near as the nearest are hinted, the closest
 * three, earlier roles first among equals; each by that name when no other
 * role has it and it is not the id, else by its title.
 */
static int word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int ends_with(const char *word, const char *tail)
{
	size_t lw = strlen(word), lt = strlen(tail);
	return lw >= lt && !strcmp(word + lw - lt, tail);
}

/* Each word of name in the singular, as graphs/onet/README.md says. */
static void reference_singular(char *out, const char *name)
{
	char word[40];
	size_t n = 0;
	*out = '\0';
	for (;;) {
		char c = *name;
		if (c >= 'a' && c <= 'z') {
			word[n++] = c;
			name++;
			continue;
		}
		word[n] = '\0';
		if (n >= 4 && ends_with(word, "ies"))
			strcpy(word + n - 3, "y");
		else if (n >= 5 &&
			 (ends_with(word, "sses") || ends_with(word, "ches") ||
			  ends_with(word, "shes")))
			word[n - 2] = '\0';
		else if (n >= 4 && ends_with(word, "xes"))
			word[n - 2] = '\0';
		else if (n >= 3 && word[n - 1] == 's' &&
			 !strchr("siu", word[n - 2]))
			word[n - 1] = '\0';
		strcat(out, word);
		n = 0;
		if (!c)
			return;
		strncat(out, &c, 1);
		name++;
	}
}

static int reference_initials(const char *query, const char *key)
{
	static const char *const small[] = {"a",  "an", "and", "for", "in",
					    "of", "or", "the", "to"};
	char copy[40], *word, *save = NULL, initials[40] = "";
	size_t i, n = 0;
	for (i = 0; query[i]; i++)
		if (query[i] < 'a' || query[i] > 'z')
			return 0;
	if (i < 2 || i >= 5)
		return 0;
	assert_true(strlen(key) < sizeof(copy));
	memcpy(copy, key, strlen(key) + 1);
	copy[strcspn(copy, "(")] = '\0';
	for (i = 0; copy[i]; i++)
		if (!word_char(copy[i]))
			copy[i] = ' ';
	for (word = strtok_r(copy, " ", &save); word;
	     word = strtok_r(NULL, " ", &save)) {
		int is_small = 0;
		for (i = 0; i < sizeof(small) / sizeof(small[0]); i++)
			is_small |= !strcmp(word, small[i]);
		if (!is_small)
			initials[n++] = word[0];
	}
	initials[n] = '\0';
	return !strcmp(initials, query);
}

static size_t reference_near(const char *query, const char *key, size_t limit)
{
	size_t lq = strlen(query), lk = strlen(key), d, i;
	if (!strcmp(query, key))
		return 0;
	if (lq >= 5 && lk >= 5 && (d = full_distance(query, key)) <= limit)
		return d;
	for (i = 0; lq >= 3 && i + lq <= lk; i++)
		if (!strncmp(key + i, query, lq) &&
		    (lq >= 5 || ((i == 0 || !word_char(key[i - 1])) &&
				 !word_char(key[i + lq]))))
			return limit;
	return limit + 1;
}

/* SCORE() of lookup.c: nearness, then nearness to the query as typed. */
static size_t reference_score(const char *query, const char *key, size_t limit,
			      size_t *near_out)
{
	char query_singular[40], key_singular[40];
	size_t typed = reference_near(query, key, limit), near;
	if (typed > limit && reference_initials(query, key))
		typed = limit;
	reference_singular(query_singular, query);
	reference_singular(key_singular, key);
	near = reference_near(query_singular, key_singular, limit);
	if (typed < near)
		near = typed;
	*near_out = near;
	return near * 8 + (typed < 7 ? typed : 7);
}

static void reference_hint(char *out, size_t size, char names[][4][24],
			   size_t n_roles, const char *query)
{
	size_t lq = strlen(query), role, k, shown = 0, pick[3], score[3], i;
	size_t limit = lq / 3 > 1 ? (lq / 3 < 4 ? lq / 3 : 4) : 1;
	size_t best[12], best_near[12], best_name[12], nearest = limit + 1;
	for (role = 0; role < n_roles; role++) {
		best[role] = SIZE_MAX;
		best_near[role] = limit + 1;
		for (k = 0; k < 4; k++) {
			size_t near, s;
			if (!names[role][k][0])
				continue;
			s = reference_score(query, names[role][k], limit,
					    &near);
			if (near <= limit && s < best[role]) {
				best[role] = s;
				best_near[role] = near;
				best_name[role] = k;
			}
		}
		if (best_near[role] < nearest)
			nearest = best_near[role];
	}
	for (role = 0; role < n_roles; role++) {
		if (best[role] == SIZE_MAX || best_near[role] > nearest)
			continue;
		for (i = shown; i > 0 && score[i - 1] > best[role]; i--)
			if (i < 3) {
				pick[i] = pick[i - 1];
				score[i] = score[i - 1];
			}
		if (i < 3) {
			pick[i] = role;
			score[i] = best[role];
			shown += shown < 3;
		}
	}
	snprintf(out, size, "unknown role '%s'", query);
	for (i = 0; i < shown; i++) {
		const char *name = names[pick[i]][best_name[pick[i]]];
		size_t holders = 0, other;
		for (role = 0; role < n_roles; role++) {
			int has = 0;
			for (other = 0; other < 4; other++)
				has |= !strcmp(names[role][other], name);
			holders += has;
		}
		if (best_name[pick[i]] == 0 || holders != 1)
			name = names[pick[i]][1];
		snprintf(out + strlen(out), size - strlen(out), "%s'%s'",
			 i == 0 ? " (did you mean "
				: (i + 1 == shown ? " or " : ", "),
			 name);
	}
	if (shown)
		snprintf(out + strlen(out), size - strlen(out), "?)");
}

static void random_name(char *out, unsigned long long *rng, size_t max_len)
{
	size_t len, i;
	*rng = *rng * 6364136223846793005ULL + 1442695040888963407ULL;
	len = 1 + (size_t)(*rng >> 58) % max_len;
	for (i = 0; i < len; i++) {
		*rng = *rng * 6364136223846793005ULL + 1442695040888963407ULL;
		out[i] = "abcde fghis"[(*rng >> 59) % 11];
	}
	out[len] = '\0';
	/* names are stored as the index normalizes them */
	while (len && out[len - 1] == ' ')
		out[--len] = '\0';
	for (i = 1; i < len; i++)
		if (out[i] == ' ' && out[i - 1] == ' ')
			out[i] = 'x';
	if (out[0] == ' ')
		out[0] = 'y';
	if (!len)
		strcpy(out, "z");
}

/* The fast scan gives the hints of their definition, on random names. */
static void test_hints_match_their_definition(void **state)
{
	char names[12][4][24], roles[4096], transitions[512], query[24];
	char want[512];
	unsigned long long rng = 99;
	size_t round, role, k, at, found;
	cp_error err;
	(void)state;
	for (round = 0; round < 60; round++) {
		cp_graph *g;
		size_t q;
		at = (size_t)snprintf(roles, sizeof(roles),
				      "id,title,aliases\n");
		for (role = 0; role < 12; role++) {
			snprintf(names[role][0], sizeof(names[role][0]), "r%zu",
				 role);
			for (k = 1; k < 4; k++)
				random_name(names[role][k], &rng, 14);
			if (round % 3 == 0)
				names[role][3][0] = '\0';
			at += (size_t)snprintf(roles + at, sizeof(roles) - at,
					       "%s,%s,%s;%s\n", names[role][0],
					       names[role][1], names[role][2],
					       names[role][3]);
		}
		snprintf(transitions, sizeof(transitions), "from,to\nr0,r1\n");
		g = th_load(roles, transitions);
		for (q = 0; q < 40; q++) {
			size_t hits = 0;
			random_name(query, &rng, 16);
			for (role = 0; role < 12; role++)
				for (k = 0; k < 4; k++)
					hits += !strcmp(query, names[role][k]);
			if (hits || query[0] == 'r')
				continue; /* a name it knows, or may be an id */
			reference_hint(want, sizeof(want), names, 12, query);
			assert_int_equal(cp_role_find(&found, g, query, &err),
					 CP_ENOTFOUND);
			assert_string_equal(err.message, want);
		}
		cp_graph_free(g);
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

/* Looks up a title and an alias many times: 0 when each names its role. */
static void *look_up_names(void *graph)
{
	size_t i, role;
	cp_error err;
	for (i = 0; i < 200; i++)
		if (cp_role_find(&role, graph, "Alpha Aide", &err) ||
		    role != 0 || cp_role_find(&role, graph, "bt", &err) ||
		    role != 1)
			return graph;
	return NULL;
}

/*
 * A load indexes no names (check and queries by id never need them); the
 * first look-up by name builds the index, and threads that look up names
 * at once on a fresh graph all find them (batch runs on several threads).
 */
static void test_names_indexed_on_first_use(void **state)
{
	cp_graph *g = *state;
	pthread_t threads[4];
	size_t i;
	expect_role(g, "a", 0);
	expect_role(g, "d", 3);
	assert_int_equal(g->names.count, 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(
			pthread_create(&threads[i], NULL, look_up_names, g), 0);
	for (i = 0; i < 4; i++) {
		void *failed = g;
		assert_int_equal(pthread_join(threads[i], &failed), 0);
		assert_null(failed);
	}
	assert_true(g->names.count > 0);
	expect_role(g, "BETA TECH", 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ids_titles_aliases, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unknown_names_get_hints,
						setup, teardown),
		cmocka_unit_test(test_no_hints_from_initials),
		cmocka_unit_test(test_hints_nearest_singular_initials),
		cmocka_unit_test(test_ambiguous_names),
		cmocka_unit_test(test_many_ambiguous_are_counted),
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_banded_distance_matches_full_table),
		cmocka_unit_test(test_hints_match_their_definition),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test_setup_teardown(test_names_indexed_on_first_use,
						setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

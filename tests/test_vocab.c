/*
 * The query vocabulary: each kind of word read as an option and as a
 * batch cell, each mistake's message at its place, and cp_query_compare
 * telling apart queries that differ in any word or field.
 */
#include "helpers.h"

#include <string.h>

static cp_graph *graph;

static int setup(void **state)
{
	(void)state;
	graph = th_load_fixture("rules");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cp_graph_free(graph);
	return 0;
}

static const cp_word_place option_k = {CP_PLACE_OPTION, "-k", 0, 0};

/* Reads text as the word name, at an option spelled spelling or a cell of
 * its column at 7:12. */
static int read_as(cp_query *q, cp_query_parts *parts, const char *name,
		   const char *text, int cell, cp_error *err)
{
	const cp_query_word *word = cp_query_word_find(name);
	char spelling[64];
	cp_word_place place = {CP_PLACE_OPTION, spelling, 0, 0};
	assert_non_null(word);
	if (cell) {
		place.kind = CP_PLACE_CELL;
		place.spelling = word->column;
		place.line = 7;
		place.column = 12;
	} else {
		snprintf(spelling, sizeof(spelling), "--%s", word->name);
	}
	cp_error_clear(err);
	return cp_query_read(q, parts, graph, word, text, &place, err);
}

static size_t role(const char *id)
{
	size_t r;
	cp_error err;
	assert_int_equal(cp_role_find(&r, graph, id, &err), 0);
	return r;
}

static void test_table(void **state)
{
	const cp_query_word *w;
	size_t i;
	(void)state;
	for (i = 0; (w = cp_query_word_at(i)); i++) {
		/* a flag takes no value, and shows none */
		size_t len = w->arg ? strlen(w->arg) : 0;
		int dots = len > 3 && !strcmp(w->arg + len - 3, "...");
		assert_int_equal(!w->arg, w->kind == CP_WORD_FLAG);
		assert_ptr_equal(cp_query_word_find(w->name), w);
		if (w->column)
			assert_ptr_equal(cp_query_word_find(w->column), w);
		assert_int_equal(w->repeatable, dots);
		assert_int_equal(w->repeatable,
				 w->kind == CP_WORD_ROLES ||
					 w->kind == CP_WORD_CAP ||
					 w->kind == CP_WORD_STEP_MAX);
		assert_non_null(w->help);
		if (w->kind == CP_WORD_COUNT)
			assert_true(w->max >= 1);
	}
	assert_true(i >= 13);
	assert_null(cp_query_word_find("bogus"));
	/* limit is the program's: no column or parameter spells it */
	assert_null(cp_query_word_find("limit")->column);
	assert_string_equal(cp_query_word_find("min_gain")->name, "min-gain");
}

/* Every kind, as options: one value each, repeatable words adding up. */
static void test_kinds_as_options(void **state)
{
	cp_query q = CP_QUERY_INIT;
	cp_query_parts parts = CP_QUERY_PARTS_INIT;
	cp_error err;
	(void)state;
	assert_int_equal(read_as(&q, &parts, "from", "Care Aide", 0, &err), 0);
	assert_int_equal(read_as(&q, &parts, "to", "rn", 0, &err), 0);
	assert_int_equal(read_as(&q, &parts, "by", "months", 0, &err), 0);
	assert_int_equal(read_as(&q, &parts, "k", "3", 0, &err), 0);
	assert_int_equal(read_as(&q, &parts, "limit", "500", 0, &err), 0);
	assert_int_equal(read_as(&q, &parts, "avoid", "ma", 0, &err), 0);
	assert_int_equal(read_as(&q, &parts, "avoid", "coder", 0, &err), 0);
	assert_int_equal(read_as(&q, &parts, "via", "lpn", 0, &err), 0);
	assert_int_equal(read_as(&q, &parts, "max", "months=40", 0, &err), 0);
	assert_int_equal(read_as(&q, &parts, "max", "steps=4", 0, &err), 0);
	assert_int_equal(read_as(&q, &parts, "experience", "6.5", 0, &err), 0);
	assert_int_equal(read_as(&q, &parts, "min-gain", "10%", 0, &err), 0);
	assert_int_equal(read_as(&q, &parts, "max-zone-jump", "1", 0, &err), 0);
	assert_int_equal(read_as(&q, &parts, "max-education", "5", 0, &err), 0);
	assert_int_equal(
		read_as(&q, &parts, "step-max", "relatedness_tier=2", 0, &err),
		0);
	assert_int_equal(q.from, role("aide"));
	assert_int_equal(q.to, role("rn"));
	assert_string_equal(cp_cost_text(q.cost), "months");
	assert_int_equal(q.k, 3);
	assert_int_equal(q.limit, 500);
	assert_int_equal(q.n_avoid, 2);
	assert_int_equal(q.avoid[0], role("ma"));
	assert_int_equal(q.avoid[1], role("coder"));
	assert_int_equal(q.n_via, 1);
	assert_int_equal(q.via[0], role("lpn"));
	assert_int_equal(q.n_caps, 2);
	assert_string_equal(cp_cost_text(q.caps[0].cost), "months");
	assert_true(q.caps[0].max == 40);
	assert_true(cp_cost_is_steps(q.caps[1].cost));
	assert_true(q.experience == 6.5);
	assert_true(q.has_min_gain && q.min_gain == 10);
	assert_int_equal(q.n_rules, 3);
	assert_int_equal(q.rules[0].kind, CP_RULE_RISE_MAX);
	assert_int_equal(q.rules[1].kind, CP_RULE_ROLE_MAX);
	assert_true(q.rules[1].max == 5);
	assert_int_equal(q.rules[2].kind, CP_RULE_STEP_MAX);
	assert_true(q.rules[2].max == 2);
	/* a word read again replaces what it set */
	assert_int_equal(read_as(&q, &parts, "by", "steps", 0, &err), 0);
	assert_true(cp_cost_is_steps(q.cost));
	cp_query_parts_free(&parts);
	cp_query_parts_free(&parts);
	cp_query_parts_free(NULL);
}

/* The same as cells: lists separated by ';', blank cells left alone. */
static void test_kinds_as_cells(void **state)
{
	cp_query q = CP_QUERY_INIT, init = CP_QUERY_INIT;
	cp_query_parts parts = CP_QUERY_PARTS_INIT;
	cp_error err;
	(void)state;
	assert_int_equal(read_as(&q, &parts, "avoid", "ma; coder", 1, &err), 0);
	assert_int_equal(
		read_as(&q, &parts, "max", "months=40;steps=4", 1, &err), 0);
	assert_int_equal(read_as(&q, &parts, "step_max",
				 "relatedness_tier=2 ; months=30", 1, &err),
			 0);
	assert_int_equal(read_as(&q, &parts, "min_gain", "12.5", 1, &err), 0);
	assert_int_equal(q.n_avoid, 2);
	assert_int_equal(q.avoid[1], role("coder"));
	assert_int_equal(q.n_caps, 2);
	assert_int_equal(q.n_rules, 2);
	assert_true(q.rules[1].max == 30);
	assert_true(q.min_gain == 12.5);
	/* blank: nothing changes; by reads its fallback, steps */
	assert_int_equal(read_as(&q, &parts, "k", " ", 1, &err), 0);
	assert_int_equal(read_as(&q, &parts, "experience", "", 1, &err), 0);
	assert_int_equal(read_as(&q, &parts, "max_zone_jump", "\t", 1, &err),
			 0);
	assert_int_equal(read_as(&q, &parts, "via", "", 1, &err), 0);
	assert_int_equal(q.k, init.k);
	assert_true(q.experience == 0);
	assert_int_equal(q.n_rules, 2);
	assert_int_equal(q.n_via, 0);
	assert_int_equal(read_as(&q, &parts, "by", "", 1, &err), 0);
	assert_true(cp_cost_is_steps(q.cost));
	cp_query_parts_free(&parts);
}

/* A mistake, read at an option and at a cell: the code and both messages. */
typedef struct mistake {
	const char *word, *text;
	int code;
	const char *as_option, *as_cell;
} mistake;

static const mistake mistakes[] = {
	{"k", "0", CP_EINVALID,
	 "option '--k' takes a whole number from 1 to 10000, not '0'",
	 "bad count '0' in column 'k' (expected a whole number from 1 to "
	 "10000)"},
	{"k", "+5", CP_EINVALID,
	 "option '--k' takes a whole number from 1 to 10000, not '+5'",
	 "bad count '+5' in column 'k' (expected a whole number from 1 to "
	 "10000)"},
	{"limit", "1099511627777", CP_EINVALID,
	 "option '--limit' takes a whole number from 1 to 1099511627776, not "
	 "'1099511627777'",
	 NULL},
	{"experience", "-2", CP_EINVALID,
	 "option '--experience' takes the months already worked in the "
	 "starting role, a number >= 0, not '-2'",
	 "bad number '-2' in column 'experience' (expected the months already "
	 "worked in the starting role, >= 0)"},
	{"min-gain", "ten%", CP_EINVALID,
	 "option '--min-gain' takes a percentage >= 0, such as 10 or 10%, not "
	 "'ten%'",
	 "bad percentage 'ten%' in column 'min_gain' (expected a number >= 0, "
	 "such as 10 or 10%)"},
	{"max-education", "bachelor", CP_EINVALID,
	 "option '--max-education' takes a number >= 0, not 'bachelor'",
	 "bad number 'bachelor' in column 'max_education' (expected a number "
	 ">= 0)"},
	{"max", "months", CP_EINVALID,
	 "option '--max' takes COST=VALUE, such as cost_usd=20000 or "
	 "months+experience_months=24, not 'months'",
	 "malformed cap 'months' in column 'max' (expected COST=VALUE, such as "
	 "cost_usd=20000; several separated by ';')"},
	{"max", "months=-1", CP_EINVALID,
	 "'--max months=-1': expected a number >= 0 after '=', found '-1'",
	 "malformed cap 'months=-1' in column 'max' (expected a number >= 0 "
	 "after '=')"},
	{"max", "salary=5", CP_ENOTFOUND, "unknown metric 'salary'",
	 "column 'max': unknown metric 'salary'"},
	{"step-max", "relatedness_tier", CP_EINVALID,
	 "option '--step-max' takes METRIC=VALUE, such as relatedness_tier=2, "
	 "not 'relatedness_tier'",
	 "malformed rule 'relatedness_tier' in column 'step_max' (expected "
	 "METRIC=VALUE, such as relatedness_tier=2; several separated by ';')"},
	{"step-max", "months=x", CP_EINVALID,
	 "'--step-max months=x': expected a number >= 0 after '=', found 'x'",
	 "malformed rule 'months=x' in column 'step_max' (expected "
	 "METRIC=VALUE, such as relatedness_tier=2; several separated by "
	 "';')"},
	{"step-max", "tier=1", CP_ENOTFOUND,
	 "unknown metric 'tier' in '--step-max' (metrics: relatedness_tier, "
	 "months)",
	 "unknown metric 'tier' in column 'step_max'"},
	{"via", "Registered Nurze", CP_ENOTFOUND,
	 "unknown role 'Registered Nurze'",
	 "unknown role 'Registered Nurze' in column 'via' (did you mean "
	 "'Registered Nurse'?)"},
	{"by", "months*", CP_EINVALID, "months*", "column 'by': "},
};

static void test_mistakes(void **state)
{
	size_t i;
	int cell;
	(void)state;
	for (i = 0; i < sizeof(mistakes) / sizeof(mistakes[0]); i++)
		for (cell = 0; cell < 2; cell++) {
			const mistake *m = &mistakes[i];
			const char *want = cell ? m->as_cell : m->as_option;
			cp_query q = CP_QUERY_INIT, before = CP_QUERY_INIT;
			cp_query_parts parts = CP_QUERY_PARTS_INIT;
			cp_error err;
			int status;
			if (!want)
				continue;
			status = read_as(&q, &parts, m->word, m->text, cell,
					 &err);
			th_assert_error(&err, status, m->code, cell ? 7 : 0,
					cell ? 12 : 0, want);
			/* the whole message where the test gives it whole */
			if (strlen(want) > 40)
				assert_string_equal(err.message, want);
			assert_int_equal(cp_query_compare(&q, &before), 0);
			cp_query_parts_free(&parts);
		}
}

/* Mistakes only one place can make, and a spelling the caller chose. */
static void test_place_mistakes(void **state)
{
	cp_query q = CP_QUERY_INIT;
	cp_query_parts parts = CP_QUERY_PARTS_INIT;
	cp_graph *small = th_load_fixture("small");
	cp_word_place cell = {CP_PLACE_CELL, "max_zone_jump", 3, 5};
	cp_word_place option = {CP_PLACE_OPTION, "--max-zone-jump", 0, 0};
	cp_error err;
	int status;
	(void)state;
	status = read_as(&q, &parts, "avoid", "ma;;rn", 1, &err);
	th_assert_error(&err, status, CP_EINVALID, 7, 12,
			"blank role name in column 'avoid' (expected role "
			"names separated by ';')");
	status = cp_query_read(&q, &parts, graph, cp_query_word_find("k"),
			       "10001", &option_k, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"option '-k' takes a whole number from 1 to 10000, not "
			"'10001'");
	status = cp_query_read(&q, &parts, small,
			       cp_query_word_find("max_zone_jump"), "1", &cell,
			       &err);
	th_assert_error(&err, status, CP_EINVALID, 3, 5,
			"column 'max_zone_jump' needs a number column "
			"'job_zone' in roles.csv, which the graph does not "
			"have");
	status = cp_query_read(&q, &parts, small,
			       cp_query_word_find("max-zone-jump"), "1",
			       &option, &err);
	th_assert_error(&err, status, CP_EINVALID, 0, 0,
			"option '--max-zone-jump' needs a number column "
			"'job_zone' in roles.csv, which this graph does not "
			"have");
	assert_int_equal(q.n_avoid, 1);
	assert_int_equal(q.k, 1);
	assert_int_equal(q.n_rules, 0);
	cp_query_parts_free(&parts);
	cp_graph_free(small);
}

/*
 * A value for each word of the vocabulary, other than what CP_QUERY_INIT
 * holds. A word added to the vocabulary without one here fails the test,
 * so that cp_query_compare cannot fall behind the words.
 */
static const char *const samples[][2] = {
	{"from", "aide"},	  {"to", "rn"},
	{"by", "months"},	  {"k", "2"},
	{"max", "months=40"},	  {"avoid", "coder"},
	{"via", "lpn"},		  {"experience", "6"},
	{"min-gain", "0"},	  {"max-zone-jump", "1"},
	{"max-education", "5"},	  {"step-max", "relatedness_tier=2"},
	{"limit", "500"},	  {"timeout", "2.5"},
	{"detours", "yes"},	  {"differ", "0.5"},
	{"also", "coder"},	  {"growing", "yes"},
	{"min-openings", "5000"}, {"max-payback", "24"},
	{"discount", "5"},
};

/* The destination rules read outlook columns and the metrics of a payback,
 * which tests/data/payback has and tests/data/rules has not. */
static int needs_payback_graph(const char *name)
{
	return !strcmp(name, "growing") || !strcmp(name, "min-openings") ||
	       !strcmp(name, "max-payback");
}

static const char *sample_of(const char *name)
{
	size_t i;
	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
		if (!strcmp(samples[i][0], name))
			return samples[i][1];
	return NULL;
}

/* Two queries apart in one word compare unequal, both ways round; the
 * same word read twice compares equal. */
static void test_compare_walks_the_vocabulary(void **state)
{
	const cp_query_word *word;
	size_t i;
	(void)state;
	for (i = 0; (word = cp_query_word_at(i)); i++) {
		const char *sample = sample_of(word->name);
		cp_query base = CP_QUERY_INIT, x = CP_QUERY_INIT,
			 y = CP_QUERY_INIT;
		cp_query_parts px = CP_QUERY_PARTS_INIT,
			       py = CP_QUERY_PARTS_INIT;
		cp_error err;
		cp_graph *rules = graph, *payback = NULL;
		if (!sample)
			fail_msg("no sample value for the word '%s'",
				 word->name);
		if (needs_payback_graph(word->name))
			graph = payback = th_load_fixture("payback");
		assert_int_equal(read_as(&x, &px, word->name, sample, 0, &err),
				 0);
		assert_int_equal(read_as(&y, &py, word->name, sample, 1, &err),
				 0);
		if (!cp_query_compare(&x, &base))
			fail_msg("queries apart in '%s' compare equal",
				 word->name);
		assert_int_equal(cp_query_compare(&x, &base) > 0,
				 cp_query_compare(&base, &x) < 0);
		assert_int_equal(cp_query_compare(&x, &y), 0);
		cp_query_parts_free(&px);
		cp_query_parts_free(&py);
		graph = rules;
		cp_graph_free(payback);
	}
}

/* The fields no word sets, and what compares by meaning. */
static void test_compare_fields(void **state)
{
	cp_cost *months = th_cost(graph, "months");
	cp_cost *months_too = th_cost(graph, "1*months + 0*relatedness_tier");
	cp_cost *steps = th_cost(graph, "steps");
	const cp_cost *objectives[] = {months, steps};
	const size_t targets[] = {1, 2};
	cp_workspace *ws = NULL;
	cp_query x = CP_QUERY_INIT, y = CP_QUERY_INIT;
	cp_error err;
	(void)state;
	assert_int_equal(cp_query_compare(&x, &y), 0);
	y.kind = CP_QUERY_REACH;
	assert_int_not_equal(cp_query_compare(&x, &y), 0);
	y = x;
	y.explain = 1;
	assert_int_not_equal(cp_query_compare(&x, &y), 0);
	y = x;
	y.objectives = objectives;
	y.n_objectives = 2;
	assert_int_not_equal(cp_query_compare(&x, &y), 0);
	x = y;
	x.objectives = objectives + 1;
	x.n_objectives = 1;
	assert_int_not_equal(cp_query_compare(&x, &y), 0);
	x = y = (cp_query)CP_QUERY_INIT;
	y.targets = targets;
	y.n_targets = 2;
	assert_int_not_equal(cp_query_compare(&x, &y), 0);
	x = y;
	x.n_targets = 1;
	assert_int_not_equal(cp_query_compare(&x, &y), 0);
	/* alike in meaning: equal */
	x = y = (cp_query)CP_QUERY_INIT;
	x.cost = months;
	y.cost = months_too;
	assert_int_equal(cp_query_compare(&x, &y), 0);
	y.cost = steps;
	x.cost = NULL;
	assert_int_equal(cp_query_compare(&x, &y), 0);
	x.k = 0;
	y.k = 1;
	assert_int_equal(cp_query_compare(&x, &y), 0);
	x.limit = 0;
	y.limit = CP_DEFAULT_LIMIT;
	assert_int_equal(cp_query_compare(&x, &y), 0);
	x.min_gain = 20;
	assert_int_equal(cp_query_compare(&x, &y), 0);
	assert_int_equal(cp_workspace_new(&ws, graph, &err), 0);
	x.workspace = ws;
	assert_int_equal(cp_query_compare(&x, &y), 0);
	cp_workspace_free(ws);
	cp_cost_free(months);
	cp_cost_free(months_too);
	cp_cost_free(steps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_kinds_as_options),
		cmocka_unit_test(test_kinds_as_cells),
		cmocka_unit_test(test_mistakes),
		cmocka_unit_test(test_place_mistakes),
		cmocka_unit_test(test_compare_walks_the_vocabulary),
		cmocka_unit_test(test_compare_fields),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

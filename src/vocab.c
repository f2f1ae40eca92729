/*
 * The query vocabulary: one table of the words a query is written in (a
 * command's options, a batch file's columns, the page's parameters), one
 * reader that applies a word's text to a query, and the order of queries
 * by what they ask. A new condition is a row of the table and its setter.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

/* A word being read: the query and its parts, and where the text came
 * from. */
typedef struct reader {
	cp_query *q;
	cp_query_parts *parts;
	const cp_graph *graph;
	const cp_query_word *word;
	const cp_word_place *place;
	cp_error *err;
} reader;

/* One value of a word, as its kind reads it; the setter takes it over. */
typedef struct word_value {
	size_t role;   /* ROLE, ROLES */
	size_t count;  /* COUNT */
	double number; /* NUMBER, PERCENT, CAP, STEP_MAX: the value; FLAG: 1
			  for yes, 0 for no */
	cp_cost *cost; /* COST, CAP: owned until the setter keeps it */
	size_t metric; /* STEP_MAX */
} word_value;

typedef int (*word_setter)(reader *r, word_value *v);

static int set_from(reader *r, word_value *v);
static int set_to(reader *r, word_value *v);
static int set_by(reader *r, word_value *v);
static int set_k(reader *r, word_value *v);
static int set_max(reader *r, word_value *v);
static int set_avoid(reader *r, word_value *v);
static int set_via(reader *r, word_value *v);
static int set_experience(reader *r, word_value *v);
static int set_min_gain(reader *r, word_value *v);
static int set_max_zone_jump(reader *r, word_value *v);
static int set_max_education(reader *r, word_value *v);
static int set_step_max(reader *r, word_value *v);
static int set_limit(reader *r, word_value *v);
static int set_timeout(reader *r, word_value *v);
static int set_detours(reader *r, word_value *v);
static int set_differ(reader *r, word_value *v);
static int set_also(reader *r, word_value *v);
static int set_growing(reader *r, word_value *v);
static int set_min_openings(reader *r, word_value *v);
static int set_max_payback(reader *r, word_value *v);
static int set_discount(reader *r, word_value *v);

static const struct {
	cp_query_word word;
	word_setter set;
} words[] = {
	{{"from", "from", CP_WORD_ROLE, 0, "ROLE", "the role to start from",
	  NULL, 0, NULL, NULL, NULL},
	 set_from},
	{{"to", "to", CP_WORD_ROLE, 0, "ROLE", "the role to reach", NULL, 0,
	  NULL, NULL, NULL},
	 set_to},
	{{"by", "by", CP_WORD_COST, 0, "COST",
	  "what to minimise: steps (default), a metric, or a weighted sum",
	  "steps", 0, NULL, NULL, NULL},
	 set_by},
	{{"k", "k", CP_WORD_COUNT, 0, "N",
	  "the N best loopless routes, best first", NULL, 10000, "bad count",
	  NULL, NULL},
	 set_k},
	{{"max", "max", CP_WORD_CAP, 1, "COST=VALUE...",
	  "keep a route total within VALUE, e.g. cost_usd=20000 (repeatable)",
	  NULL, 0, "malformed cap",
	  "COST=VALUE, such as cost_usd=20000; several separated by ';'",
	  "COST=VALUE, such as cost_usd=20000 or months+experience_months=24"},
	 set_max},
	{{"avoid", "avoid", CP_WORD_ROLES, 1, "ROLE...",
	  "keep out of ROLE (repeatable)", NULL, 0, NULL, NULL, NULL},
	 set_avoid},
	{{"via", "via", CP_WORD_ROLES, 1, "ROLE...",
	  "pass through ROLE, in the order given (repeatable)", NULL, 0, NULL,
	  NULL, NULL},
	 set_via},
	{{"also", "also", CP_WORD_ROLES, 1, "ROLE...",
	  "hold ROLE as well (a credential, a past job): routes may start "
	  "there too (repeatable)",
	  NULL, 0, NULL, NULL, NULL},
	 set_also},
	{{"experience", "experience", CP_WORD_NUMBER, 0, "MONTHS",
	  "months already worked in the starting role", NULL, 0, "bad number",
	  "the months already worked in the starting role, >= 0",
	  "the months already worked in the starting role, a number >= 0"},
	 set_experience},
	{{"min-gain", "min_gain", CP_WORD_PERCENT, 0, "PERCENT",
	  "take only steps that raise the median wage by PERCENT or more", NULL,
	  0, "bad percentage", "a number >= 0, such as 10 or 10%",
	  "a percentage >= 0, such as 10 or 10%"},
	 set_min_gain},
	{{"max-zone-jump", "max_zone_jump", CP_WORD_NUMBER, 0, "N",
	  "climb at most N job zones (job_zone) a step", NULL, 0, "bad number",
	  "a number >= 0", "a number >= 0"},
	 set_max_zone_jump},
	{{"max-education", "max_education", CP_WORD_NUMBER, 0, "LEVEL",
	  "enter no role whose education_level is above LEVEL", NULL, 0,
	  "bad number", "a number >= 0", "a number >= 0"},
	 set_max_education},
	{{"step-max", "step_max", CP_WORD_STEP_MAX, 1, "METRIC=VALUE...",
	  "take only steps with METRIC at most VALUE (repeatable)", NULL, 0,
	  "malformed rule",
	  "METRIC=VALUE, such as relatedness_tier=2; several separated by ';'",
	  "METRIC=VALUE, such as relatedness_tier=2"},
	 set_step_max},
	{{"limit", NULL, CP_WORD_COUNT, 0, "N",
	  "give up after N search labels (default " STRINGIFY(
		  CP_DEFAULT_LIMIT_LABELS) ")",
	  NULL, (size_t)1 << 40, "bad count", NULL, NULL},
	 set_limit},
	{{"timeout", "timeout", CP_WORD_NUMBER, 0, "SECONDS",
	  "give up after SECONDS of searching (default: no deadline)", NULL, 0,
	  "bad number", "seconds, a number >= 0 (0: no deadline)",
	  "seconds, a number >= 0 (0: no deadline)"},
	 set_timeout},
	{{"detours", "detours", CP_WORD_FLAG, 0, NULL,
	  "with -k, also routes that are detours of a shorter one", NULL, 0,
	  "bad value", "yes or no", "no value"},
	 set_detours},
	{{"differ", "differ", CP_WORD_NUMBER, 0, "THETA",
	  "with -k, routes that share at most THETA (0 to 1) of the cheaper "
	  "one's cost",
	  NULL, 0, "bad overlap", "a fraction above 0, at most 1, such as 0.5",
	  "a fraction above 0, at most 1, such as 0.5"},
	 set_differ},
	{{"growing", "growing", CP_WORD_FLAG, 0, NULL,
	  "end only in roles whose employment grows (employment_change_pct "
	  "above 0)",
	  NULL, 0, "bad value", "yes or no", "no value"},
	 set_growing},
	{{"min-openings", "min_openings", CP_WORD_NUMBER, 0, "N",
	  "end only in roles with N or more openings a year (annual_openings)",
	  NULL, 0, "bad number", "a number of openings >= 0",
	  "a number of openings a year, >= 0"},
	 set_min_openings},
	{{"max-payback", "max_payback", CP_WORD_NUMBER, 0, "MONTHS",
	  "keep only routes that pay back their cost within MONTHS of the end",
	  NULL, 0, "bad number", "months, a number >= 0",
	  "months, a number >= 0"},
	 set_max_payback},
	{{"discount", NULL, CP_WORD_PERCENT, 0, "RATE",
	  "count payback with the extra pay discounted at RATE percent a year",
	  NULL, 0, "bad percentage", NULL,
	  "a yearly rate >= 0, such as 5 or 5%"},
	 set_discount},
};

#define N_WORDS (sizeof(words) / sizeof(words[0]))

const cp_query_word *cp_query_word_at(size_t i)
{
	return i < N_WORDS ? &words[i].word : NULL;
}

const cp_query_word *cp_query_word_find(const char *name)
{
	size_t i;
	for (i = 0; i < N_WORDS; i++)
		if (!strcmp(words[i].word.name, name) ||
		    (words[i].word.column &&
		     !strcmp(words[i].word.column, name)))
			return &words[i].word;
	return NULL;
}

void cp_query_parts_free(cp_query_parts *parts)
{
	size_t i;
	if (!parts)
		return;
	cp_cost_free(parts->cost);
	free(parts->avoid);
	free(parts->via);
	free(parts->also);
	free(parts->caps);
	for (i = 0; i < parts->n_cap_costs; i++)
		cp_cost_free(parts->cap_costs[i]);
	free(parts->cap_costs);
	free(parts->rules);
	memset(parts, 0, sizeof(*parts));
}

/* ---- mistakes: one message each, in the place's terms ---- */

static int is_cell(const reader *r)
{
	return r->place->kind == CP_PLACE_CELL;
}

static int fail(reader *r, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(reader *r, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cp_failv(r->err, code, NULL, r->place->line, r->place->column, fmt, ap);
	va_end(ap);
	return code;
}

/* A callee's complaint (a role, a cost), tied to a cell's column. */
static int fail_from(reader *r, int code, const cp_error *why)
{
	if (code == CP_ENOMEM)
		return cp_fail_oom(r->err);
	if (!is_cell(r)) {
		if (r->err)
			*r->err = *why;
		return code;
	}
	return fail(r, code, "column '%s': %s", r->place->spelling,
		    why->message);
}

/* What a count takes: "a whole number from 1 to 10000". */
static void count_expected(char *out, size_t size, const cp_query_word *word)
{
	snprintf(out, size, "a whole number from 1 to %zu", word->max);
}

/* A value the word's kind cannot read: the word's problem, and what it
 * takes. */
static int bad_value(reader *r, const char *text, size_t len)
{
	const cp_query_word *w = r->word;
	cp_shown shown;
	char count[64], *copy;
	int status;
	if (w->kind == CP_WORD_COUNT)
		count_expected(count, sizeof(count), w);
	if (!(copy = strndup(text, len)))
		return cp_fail_oom(r->err);
	if (is_cell(r))
		status = fail(
			r, CP_EINVALID, "%s '%s' in column '%s' (expected %s)",
			w->problem, cp_show(&shown, copy), r->place->spelling,
			w->kind == CP_WORD_COUNT ? count : w->expected);
	else
		status =
			fail(r, CP_EINVALID, "option '%s' takes %s, not '%s'",
			     r->place->spelling,
			     w->kind == CP_WORD_COUNT ? count : w->takes, copy);
	free(copy);
	return status;
}

/* NAME=VALUE whose value is no number >= 0. */
static int bad_pair_value(reader *r, const char *item, size_t len,
			  const char *number)
{
	cp_shown shown;
	char *copy;
	int status;
	/* a cell's rule is malformed as a whole */
	if (is_cell(r) && r->word->kind == CP_WORD_STEP_MAX)
		return bad_value(r, item, len);
	if (!(copy = strndup(item, len)))
		return cp_fail_oom(r->err);
	if (is_cell(r))
		status = fail(r, CP_EINVALID,
			      "%s '%s' in column '%s' (expected a number >= 0 "
			      "after '=')",
			      r->word->problem, cp_show(&shown, copy),
			      r->place->spelling);
	else
		status = fail(r, CP_EINVALID,
			      "'%s %s': expected a number >= 0 after '=', "
			      "found '%s'",
			      r->place->spelling, copy, number);
	free(copy);
	return status;
}

static int unknown_role(reader *r, const char *name, const cp_error *why)
{
	cp_buf hint = CP_BUF_INIT;
	cp_shown shown;
	int status;
	if (!is_cell(r))
		return fail_from(r, CP_ENOTFOUND, why);
	if (cp_suggest_roles(&hint, r->graph, name, 0))
		status = cp_fail_oom(r->err);
	else
		status = fail(r, CP_ENOTFOUND,
			      "unknown role '%s' in column '%s'%s",
			      cp_show(&shown, name), r->place->spelling,
			      hint.size ? hint.ptr : "");
	cp_buf_free(&hint);
	return status;
}

static int unknown_metric(reader *r, const char *name)
{
	cp_buf list = CP_BUF_INIT;
	cp_shown shown;
	size_t m;
	int status, failed = 0;
	if (is_cell(r))
		return fail(r, CP_ENOTFOUND,
			    "unknown metric '%s' in column '%s'",
			    cp_show(&shown, name), r->place->spelling);
	for (m = 0; m < cp_graph_metric_count(r->graph) && !failed; m++)
		failed = cp_buf_printf(&list, "%s%s", list.size ? ", " : "",
				       cp_metric_name(r->graph, m));
	status = failed ? cp_fail_oom(r->err)
			: fail(r, CP_ENOTFOUND,
			       "unknown metric '%s' in '%s' (metrics: %s)",
			       name, r->place->spelling,
			       list.size ? list.ptr : "none");
	cp_buf_free(&list);
	return status;
}

/* ---- reading one value by the word's kind ---- */

/* A number >= 0, written whole. */
static int read_amount(double *out, const char *text, size_t len)
{
	return cp_number_parse(out, text, len) == CP_NUM_OK && *out >= 0 ? 0
									 : -1;
}

static int read_count(reader *r, word_value *v, const char *text, size_t len)
{
	size_t value = 0, i;
	for (i = 0; i < len && text[i] >= '0' && text[i] <= '9' &&
		    value <= r->word->max;
	     i++)
		value = value * 10 + (size_t)(text[i] - '0');
	if (!i || i < len || value < 1 || value > r->word->max)
		return bad_value(r, text, len);
	v->count = value;
	return 0;
}

static int read_role(reader *r, word_value *v, const char *text, size_t len)
{
	cp_error why;
	char *name = strndup(text, len);
	int status;
	if (!name)
		return cp_fail_oom(r->err);
	status = cp_role_find(&v->role, r->graph, name, &why);
	if (status == CP_ENOTFOUND)
		status = unknown_role(r, name, &why);
	else if (status)
		status = fail_from(r, status, &why);
	free(name);
	return status;
}

static int read_cost(reader *r, cp_cost **out, const char *text, size_t len)
{
	cp_error why;
	char *expr = strndup(text, len);
	int status;
	if (!expr)
		return cp_fail_oom(r->err);
	status = cp_cost_parse(out, r->graph, expr, &why);
	free(expr);
	return status ? fail_from(r, status, &why) : 0;
}

/* NAME=VALUE: the cap's cost or the rule's metric, and the value. */
static int read_pair(reader *r, word_value *v, const char *item, size_t len)
{
	const char *eq = item + len;
	char *name, *number;
	int status;
	while (eq > item && eq[-1] != '=')
		eq--;
	/* a metric's name longer than this is no metric */
	if (eq <= item + 1 || (r->word->kind == CP_WORD_STEP_MAX &&
			       !is_cell(r) && eq - item > 256))
		return bad_value(r, item, len);
	if (!(number = strndup(eq, (size_t)(item + len - eq))))
		return cp_fail_oom(r->err);
	status = read_amount(&v->number, number, strlen(number));
	if (status)
		status = bad_pair_value(r, item, len, number);
	free(number);
	if (status)
		return status;
	if (r->word->kind == CP_WORD_CAP)
		return read_cost(r, &v->cost, item, (size_t)(eq - 1 - item));
	if (!(name = strndup(item, (size_t)(eq - 1 - item))))
		return cp_fail_oom(r->err);
	status = cp_metric_find(&v->metric, r->graph, name)
			 ? unknown_metric(r, name)
			 : 0;
	free(name);
	return status;
}

/* One value: read by the word's kind, then kept by its setter. */
static int read_value(reader *r, word_setter set, const char *text, size_t len)
{
	word_value v = {CP_NO_ROLE, 0, 0, NULL, 0};
	int status = 0;
	switch (r->word->kind) {
	case CP_WORD_ROLE:
	case CP_WORD_ROLES: status = read_role(r, &v, text, len); break;
	case CP_WORD_COST: status = read_cost(r, &v.cost, text, len); break;
	case CP_WORD_COUNT: status = read_count(r, &v, text, len); break;
	case CP_WORD_PERCENT:
	case CP_WORD_NUMBER:
		if (read_amount(&v.number, text,
				len - (r->word->kind == CP_WORD_PERCENT &&
				       len && text[len - 1] == '%')))
			status = bad_value(r, text, len);
		break;
	case CP_WORD_CAP:
	case CP_WORD_STEP_MAX: status = read_pair(r, &v, text, len); break;
	case CP_WORD_FLAG:
		/* an option alone is yes (a blank cell never comes here) */
		if (!len || (len == 3 && !strncmp(text, "yes", 3)))
			v.number = 1;
		else if (len == 2 && !strncmp(text, "no", 2))
			v.number = 0;
		else
			status = bad_value(r, text, len);
		break;
	}
	if (!status)
		status = set(r, &v);
	cp_cost_free(v.cost);
	return status;
}

/* Splits a cell at ';' into items without the spaces around them. */
static int next_item(const char **text, const char **item, size_t *len)
{
	const char *s = *text, *end;
	if (!*s)
		return 0;
	end = s + strcspn(s, ";");
	*text = *end ? end + 1 : end;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*item = s;
	*len = (size_t)(end - s);
	return 1;
}

int cp_query_read(cp_query *q, cp_query_parts *parts, const cp_graph *graph,
		  const cp_query_word *word, const char *text,
		  const cp_word_place *place, cp_error *err)
{
	reader r = {q, parts, graph, word, place, err};
	word_setter set = NULL;
	const char *item;
	size_t len, i;
	int status = 0;
	for (i = 0; i < N_WORDS && !set; i++)
		if (word == &words[i].word)
			set = words[i].set;
	if (!set)
		return fail(&r, CP_EINVALID, "'%s' is no word of a query",
			    word->name);
	if (place->kind == CP_PLACE_CELL && !*text && word->fallback)
		text = word->fallback;
	if (place->kind != CP_PLACE_CELL)
		return read_value(&r, set, text, strlen(text));
	if (!word->repeatable) {
		/* a blank cell of a number leaves the query as it is */
		if (strspn(text, " \t") == strlen(text) &&
		    word->kind != CP_WORD_ROLE && word->kind != CP_WORD_COST)
			return 0;
		return read_value(&r, set, text, strlen(text));
	}
	while (!status && next_item(&text, &item, &len)) {
		if (!len && word->kind == CP_WORD_ROLES)
			status = fail(&r, CP_EINVALID,
				      "blank role name in column '%s' "
				      "(expected role names separated by ';')",
				      place->spelling);
		else
			status = read_value(&r, set, item, len);
	}
	return status;
}

/* ---- setters: where each word goes in a query ---- */

static int set_from(reader *r, word_value *v)
{
	r->q->from = v->role;
	return 0;
}

static int set_to(reader *r, word_value *v)
{
	r->q->to = v->role;
	return 0;
}

static int set_by(reader *r, word_value *v)
{
	cp_error why;
	int status;
	/* refused here, before an answer starts (a matrix's header) */
	if ((status = cp_cost_check_sum(v->cost, r->graph, "rank routes by",
					&why)))
		return fail_from(r, status, &why);
	cp_cost_free(r->parts->cost);
	r->parts->cost = v->cost;
	v->cost = NULL;
	r->q->cost = r->parts->cost;
	return 0;
}

static int set_k(reader *r, word_value *v)
{
	r->q->k = v->count;
	return 0;
}

static int set_limit(reader *r, word_value *v)
{
	r->q->limit = v->count;
	return 0;
}

static int set_timeout(reader *r, word_value *v)
{
	r->q->timeout = v->number;
	return 0;
}

static int set_detours(reader *r, word_value *v)
{
	r->q->detours = v->number != 0;
	return 0;
}

static int set_differ(reader *r, word_value *v)
{
	char shown[32];
	if (!(v->number > 0 && v->number <= 1)) {
		snprintf(shown, sizeof(shown), "%g", v->number);
		return bad_value(r, shown, strlen(shown));
	}
	r->q->differ = v->number;
	return 0;
}
static int add_rule(reader *r, cp_rule_kind kind, size_t index, double max);

static int set_max(reader *r, word_value *v)
{
	cp_query_parts *p = r->parts;
	size_t n = r->q->n_caps, metric;
	/* a route's total of a max metric (metrics.csv) is its largest step:
	 * within a cap exactly when every step is, a rule on each step */
	if (cp_cost_is_metric(&metric, v->cost) &&
	    cp_metric_combine(r->graph, metric) == CP_COMBINE_MAX) {
		double weight = cp_cost_weight(v->cost, metric);
		cp_cost_free(v->cost);
		v->cost = NULL;
		return add_rule(r, CP_RULE_STEP_MAX, metric,
				v->number / weight);
	}
	if (cp_grow((void **)&p->caps, &p->caps_alloc, n + 1, sizeof(cp_cap)) ||
	    cp_grow((void **)&p->cap_costs, &p->cap_costs_alloc,
		    p->n_cap_costs + 1, sizeof(cp_cost *)))
		return cp_fail_oom(r->err);
	p->cap_costs[p->n_cap_costs++] = v->cost;
	p->caps[n].cost = v->cost;
	p->caps[n].max = v->number;
	v->cost = NULL;
	r->q->caps = p->caps;
	r->q->n_caps = n + 1;
	return 0;
}

static int add_role(reader *r, size_t **list, size_t *alloc, size_t *n,
		    size_t role)
{
	if (cp_grow((void **)list, alloc, *n + 1, sizeof(size_t)))
		return cp_fail_oom(r->err);
	(*list)[(*n)++] = role;
	return 0;
}

static int set_avoid(reader *r, word_value *v)
{
	int status = add_role(r, &r->parts->avoid, &r->parts->avoid_alloc,
			      &r->q->n_avoid, v->role);
	r->q->avoid = r->parts->avoid;
	return status;
}

static int set_via(reader *r, word_value *v)
{
	int status = add_role(r, &r->parts->via, &r->parts->via_alloc,
			      &r->q->n_via, v->role);
	r->q->via = r->parts->via;
	return status;
}

static int set_also(reader *r, word_value *v)
{
	int status = add_role(r, &r->parts->also, &r->parts->also_alloc,
			      &r->q->n_also, v->role);
	r->q->also = r->parts->also;
	return status;
}

static int set_experience(reader *r, word_value *v)
{
	r->q->experience = v->number;
	return 0;
}

static int set_min_gain(reader *r, word_value *v)
{
	r->q->min_gain = v->number;
	r->q->has_min_gain = 1;
	return 0;
}

static int add_rule(reader *r, cp_rule_kind kind, size_t index, double max)
{
	cp_query_parts *p = r->parts;
	size_t n = r->q->n_rules;
	if (cp_grow((void **)&p->rules, &p->rules_alloc, n + 1,
		    sizeof(cp_rule)))
		return cp_fail_oom(r->err);
	p->rules[n].kind = kind;
	p->rules[n].index = index;
	p->rules[n].max = max;
	r->q->rules = p->rules;
	r->q->n_rules = n + 1;
	return 0;
}

/* A number column of roles.csv, which the graph must have for the rule
 * the word sets. */
static int need_role_column(reader *r, size_t *col, const char *column)
{
	if (cp_column_find(col, r->graph, CP_ROLES, column) ||
	    cp_column_kind_of(r->graph, CP_ROLES, *col) != CP_COLUMN_NUMBER)
		return fail(r, CP_EINVALID,
			    "%s '%s' needs a number column '%s' in roles.csv, "
			    "which %s graph does not have",
			    is_cell(r) ? "column" : "option",
			    r->place->spelling, column,
			    is_cell(r) ? "the" : "this");
	return 0;
}

/* A rule on a number column of roles.csv. */
static int add_role_rule(reader *r, cp_rule_kind kind, const char *column,
			 double max)
{
	size_t col;
	int status = need_role_column(r, &col, column);
	return status ? status : add_rule(r, kind, col, max);
}

static int set_max_zone_jump(reader *r, word_value *v)
{
	return add_role_rule(r, CP_RULE_RISE_MAX, "job_zone", v->number);
}

static int set_max_education(reader *r, word_value *v)
{
	return add_role_rule(r, CP_RULE_ROLE_MAX, "education_level", v->number);
}

/* Destination rules (cp_query): the outlook rules read a roles column at
 * the end of each route, the payback the metrics months and cost_usd. */
static int set_growing(reader *r, word_value *v)
{
	size_t col;
	int status = v->number != 0 ? need_role_column(r, &col,
						       "employment_change_pct")
				    : 0;
	if (!status)
		r->q->growing = v->number != 0;
	return status;
}

static int set_min_openings(reader *r, word_value *v)
{
	size_t col;
	int status = need_role_column(r, &col, "annual_openings");
	if (!status) {
		r->q->has_min_openings = 1;
		r->q->min_openings = v->number;
	}
	return status;
}

static int set_max_payback(reader *r, word_value *v)
{
	size_t m;
	if (cp_metric_find(&m, r->graph, "months") ||
	    cp_metric_find(&m, r->graph, "cost_usd"))
		return fail(r, CP_EINVALID,
			    "%s '%s' needs the metrics months and cost_usd, "
			    "which %s graph does not have",
			    is_cell(r) ? "column" : "option",
			    r->place->spelling, is_cell(r) ? "the" : "this");
	r->q->has_max_payback = 1;
	r->q->max_payback = v->number;
	return 0;
}

static int set_discount(reader *r, word_value *v)
{
	r->q->discount = v->number / 100;
	return 0;
}

static int set_step_max(reader *r, word_value *v)
{
	return add_rule(r, CP_RULE_STEP_MAX, v->metric, v->number);
}

/* ---- the order of queries ---- */

static int compare_sizes(size_t x, size_t y)
{
	return x < y ? -1 : x > y;
}

static int compare_numbers(double x, double y)
{
	return x < y ? -1 : x > y;
}

static int compare_lists(const size_t *x, size_t n_x, const size_t *y,
			 size_t n_y)
{
	size_t i;
	int d = compare_sizes(n_x, n_y);
	for (i = 0; !d && i < n_x; i++)
		d = compare_sizes(x[i], y[i]);
	return d;
}

static size_t routes_asked(const cp_query *q)
{
	return q->k ? q->k : 1;
}

static size_t limit_of(const cp_query *q)
{
	return q->limit ? q->limit : CP_DEFAULT_LIMIT;
}

/* 0 and infinity both mean no deadline. */
static double timeout_of(const cp_query *q)
{
	return q->timeout > 0 ? q->timeout : INFINITY;
}

static int compare_conditions(const cp_query *x, const cp_query *y)
{
	size_t i;
	int d;
	if ((d = compare_sizes(x->n_caps, y->n_caps)) ||
	    (d = compare_sizes(x->n_rules, y->n_rules)) ||
	    (d = compare_sizes(x->n_objectives, y->n_objectives)))
		return d;
	for (i = 0; i < x->n_caps; i++)
		if ((d = cp_cost_compare(x->caps[i].cost, y->caps[i].cost)) ||
		    (d = compare_numbers(x->caps[i].max, y->caps[i].max)))
			return d;
	for (i = 0; i < x->n_rules; i++)
		if ((d = (int)x->rules[i].kind - (int)y->rules[i].kind) ||
		    (d = compare_sizes(x->rules[i].index, y->rules[i].index)) ||
		    (d = compare_numbers(x->rules[i].max, y->rules[i].max)))
			return d;
	for (i = 0; i < x->n_objectives; i++)
		if ((d = cp_cost_compare(x->objectives[i], y->objectives[i])))
			return d;
	return 0;
}

/* The destination rules, each value only when its rule is set. */
static int compare_destinations(const cp_query *x, const cp_query *y)
{
	int d;
	if ((d = !!x->growing - !!y->growing) ||
	    (d = !!x->has_min_openings - !!y->has_min_openings) ||
	    (d = !!x->has_max_payback - !!y->has_max_payback))
		return d;
	if (x->has_min_openings &&
	    (d = compare_numbers(x->min_openings, y->min_openings)))
		return d;
	if (x->has_max_payback &&
	    (d = compare_numbers(x->max_payback, y->max_payback)))
		return d;
	return compare_numbers(x->discount, y->discount);
}

int cp_query_compare(const cp_query *x, const cp_query *y)
{
	int d;
	if ((d = (int)x->kind - (int)y->kind) ||
	    (d = compare_sizes(x->from, y->from)) ||
	    (d = compare_sizes(x->to, y->to)) ||
	    (d = cp_cost_compare(x->cost, y->cost)) ||
	    (d = compare_sizes(routes_asked(x), routes_asked(y))) ||
	    (d = compare_lists(x->avoid, x->n_avoid, y->avoid, y->n_avoid)) ||
	    (d = compare_lists(x->via, x->n_via, y->via, y->n_via)) ||
	    (d = compare_lists(x->also, x->n_also, y->also, y->n_also)) ||
	    (d = compare_numbers(x->experience, y->experience)) ||
	    (d = x->has_min_gain - y->has_min_gain) ||
	    (d = compare_numbers(x->has_min_gain ? x->min_gain : 0,
				 y->has_min_gain ? y->min_gain : 0)) ||
	    (d = compare_sizes(limit_of(x), limit_of(y))) ||
	    (d = compare_numbers(timeout_of(x), timeout_of(y))) ||
	    (d = x->explain - y->explain) ||
	    (d = !!x->detours - !!y->detours) ||
	    (d = compare_numbers(x->differ, y->differ)) ||
	    (d = (int)x->reach_form - (int)y->reach_form) ||
	    (d = compare_conditions(x, y)) || (d = compare_destinations(x, y)))
		return d;
	return compare_lists(x->targets, x->n_targets, y->targets,
			     y->n_targets);
}

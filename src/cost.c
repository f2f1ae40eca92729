/*
 * Cost expressions: a weighted sum of metrics, parsed by recursive descent
 * into one weight per metric. Only linear forms with weights >= 0 pass,
 * because the searches need every transition to cost at least zero, and
 * a blank metric's lower bound (0) to be the least a sum can be.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEPTH_MAX 64
/* Bytes of the expression quoted in a message, and room for its escapes. */
#define SHOWN_MAX 100
#define SHOWN_SIZE (4 * SHOWN_MAX + 8)

/* A linear form: constant + sum(coef[m] * metric m); coef[n_metrics] is steps.
 */
typedef struct linear {
	double constant;
	double *coef;
} linear;

typedef struct parser {
	const cp_graph *g;
	const char *text;
	/* text for messages: on one line, cut at a character's end */
	char shown[SHOWN_SIZE];
	size_t at;
	size_t n_coef;
	size_t depth;
	cp_error *err;
} parser;

static int parse_sum(parser *p, linear *out);

static void skip_space(parser *p)
{
	while (p->text[p->at] == ' ' || p->text[p->at] == '\t')
		p->at++;
}

static int is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

static int fail_at(parser *p, size_t at, const char *expected)
{
	char found[64], character[16];
	const char *rest = p->text + at;
	size_t len = 1;
	if (!*rest) {
		snprintf(found, sizeof(found), "the end");
	} else {
		/* the whole character found, not its first byte */
		while (len < 4 && ((unsigned char)rest[len] & 0xC0) == 0x80)
			len++;
		cp_quote_excerpt(character, sizeof(character), rest, len, 1);
		snprintf(found, sizeof(found), "'%s'", character);
	}
	return cp_fail(p->err, CP_EINVALID, NULL, 0, 0,
		       "bad cost '%s' at character %zu: expected %s, found %s",
		       p->shown, at + 1, expected, found);
}

static int linear_init(parser *p, linear *l)
{
	l->constant = 0;
	l->coef = calloc(p->n_coef, sizeof(double));
	return l->coef ? 0 : cp_fail_oom(p->err);
}

static int is_constant(const parser *p, const linear *l)
{
	size_t i;
	for (i = 0; i < p->n_coef; i++)
		if (l->coef[i] != 0)
			return 0;
	return 1;
}

static void scale(parser *p, linear *l, double by)
{
	size_t i;
	l->constant *= by;
	for (i = 0; i < p->n_coef; i++)
		l->coef[i] *= by;
}

static int metric_named(parser *p, size_t start, size_t len, linear *out)
{
	const cp_graph *g = p->g;
	cp_buf list = CP_BUF_INIT, name = CP_BUF_INIT;
	char name_shown[SHOWN_SIZE];
	size_t m, best = SIZE_MAX, best_d = 3;
	int status;
	if (cp_buf_put(&name, p->text + start, len)) {
		status = cp_fail_oom(p->err);
		goto cleanup;
	}
	if (!strcmp(name.ptr, "steps")) {
		out->coef[p->n_coef - 1] = 1;
		status = 0;
		goto cleanup;
	}
	for (m = 0; m < g->n_metrics; m++) {
		size_t d;
		if (!strcmp(name.ptr, cp_metric_name(g, m))) {
			out->coef[m] = 1;
			status = 0;
			goto cleanup;
		}
		d = cp_edit_distance(name.ptr, cp_metric_name(g, m), 2);
		if (d < best_d) {
			best_d = d;
			best = m;
		}
	}
	status = cp_buf_puts(&list, "steps");
	for (m = 0; m < g->n_metrics && !status; m++)
		status = cp_buf_printf(&list, ", %s", cp_metric_name(g, m));
	if (status) {
		status = cp_fail_oom(p->err);
		goto cleanup;
	}
	cp_quote_excerpt(name_shown, sizeof(name_shown), name.ptr, name.size,
			 SHOWN_MAX);
	if (best != SIZE_MAX)
		status = cp_fail(
			p->err, CP_ENOTFOUND, NULL, 0, 0,
			"unknown metric '%s' in cost '%s' (did you mean "
			"'%s'? metrics: %s)",
			name_shown, p->shown, cp_metric_name(g, best),
			list.ptr);
	else
		status = cp_fail(
			p->err, CP_ENOTFOUND, NULL, 0, 0,
			"unknown metric '%s' in cost '%s' (metrics: %s)",
			name_shown, p->shown, list.ptr);
cleanup:
	cp_buf_free(&list);
	cp_buf_free(&name);
	return status;
}

static int parse_atom(parser *p, linear *out)
{
	size_t start;
	int status;
	skip_space(p);
	start = p->at;
	if (p->text[p->at] == '(') {
		if (++p->depth > DEPTH_MAX)
			return cp_fail(
				p->err, CP_EINVALID, NULL, 0, 0,
				"bad cost '%s': parentheses nested deeper "
				"than %d",
				p->shown, DEPTH_MAX);
		p->at++;
		if ((status = parse_sum(p, out)))
			return status;
		skip_space(p);
		if (p->text[p->at] != ')')
			return fail_at(p, p->at, "')'");
		p->at++;
		p->depth--;
		return 0;
	}
	if (p->text[p->at] == '-' || p->text[p->at] == '+') {
		int negate = p->text[p->at] == '-';
		p->at++;
		if (++p->depth > DEPTH_MAX)
			return fail_at(p, p->at, "fewer signs");
		if ((status = parse_atom(p, out)))
			return status;
		p->depth--;
		if (negate)
			scale(p, out, -1);
		return 0;
	}
	if (is_name_start(p->text[p->at])) {
		while (is_name_char(p->text[p->at]))
			p->at++;
		return metric_named(p, start, p->at - start, out);
	}
	while ((p->text[p->at] >= '0' && p->text[p->at] <= '9') ||
	       p->text[p->at] == '.' ||
	       ((p->text[p->at] == 'e' || p->text[p->at] == 'E') &&
		p->at > start) ||
	       ((p->text[p->at] == '-' || p->text[p->at] == '+') &&
		p->at > start &&
		(p->text[p->at - 1] == 'e' || p->text[p->at - 1] == 'E')))
		p->at++;
	if (p->at == start)
		return fail_at(p, start, "a number, a metric or '('");
	if (cp_number_parse(&out->constant, p->text + start, p->at - start) !=
	    CP_NUM_OK)
		return fail_at(p, start, "a number");
	return 0;
}

static int parse_product(parser *p, linear *out)
{
	linear rhs = {0, NULL};
	int status;
	if ((status = parse_atom(p, out)))
		return status;
	for (;;) {
		char op;
		size_t op_at;
		skip_space(p);
		op = p->text[p->at];
		op_at = p->at;
		if (op != '*' && op != '/')
			break;
		p->at++;
		if ((status = linear_init(p, &rhs)) ||
		    (status = parse_atom(p, &rhs)))
			break;
		if (op == '/') {
			if (!is_constant(p, &rhs)) {
				status = cp_fail(
					p->err, CP_EINVALID, NULL, 0, 0,
					"bad cost '%s' at character %zu: "
					"divide by numbers only",
					p->shown, op_at + 1);
				break;
			}
			if (rhs.constant == 0) {
				status = cp_fail(
					p->err, CP_EINVALID, NULL, 0, 0,
					"bad cost '%s' at character %zu: "
					"division by zero",
					p->shown, op_at + 1);
				break;
			}
			scale(p, out, 1 / rhs.constant);
		} else if (is_constant(p, &rhs)) {
			scale(p, out, rhs.constant);
		} else if (is_constant(p, out)) {
			scale(p, &rhs, out->constant);
			free(out->coef);
			*out = rhs;
			rhs.coef = NULL;
		} else {
			status = cp_fail(
				p->err, CP_EINVALID, NULL, 0, 0,
				"bad cost '%s' at character %zu: a cost "
				"is a weighted sum, so multiply metrics "
				"by numbers only",
				p->shown, op_at + 1);
			break;
		}
		free(rhs.coef);
		rhs.coef = NULL;
	}
	free(rhs.coef);
	return status;
}

static int parse_sum(parser *p, linear *out)
{
	linear rhs = {0, NULL};
	size_t i;
	int status;
	if ((status = parse_product(p, out)))
		return status;
	for (;;) {
		char op;
		skip_space(p);
		op = p->text[p->at];
		if (op != '+' && op != '-')
			break;
		p->at++;
		if ((status = linear_init(p, &rhs)) ||
		    (status = parse_product(p, &rhs)))
			break;
		if (op == '-')
			scale(p, &rhs, -1);
		out->constant += rhs.constant;
		for (i = 0; i < p->n_coef; i++)
			out->coef[i] += rhs.coef[i];
		free(rhs.coef);
		rhs.coef = NULL;
	}
	free(rhs.coef);
	return status;
}

static const char *coef_name(const parser *p, size_t i)
{
	return i + 1 == p->n_coef ? "steps" : cp_metric_name(p->g, i);
}

static int check_form(parser *p, const linear *form)
{
	size_t i;
	if (form->constant != 0)
		return cp_fail(
			p->err, CP_EINVALID, NULL, 0, 0,
			"bad cost '%s': the constant %g would add the same "
			"to every route; to weigh each transition, "
			"use steps (as in %g*steps)",
			p->shown, form->constant, form->constant);
	for (i = 0; i < p->n_coef; i++) {
		if (!isfinite(form->coef[i]))
			return cp_fail(
				p->err, CP_EINVALID, NULL, 0, 0,
				"bad cost '%s': the weight of '%s' is not "
				"a finite number",
				p->shown, coef_name(p, i));
		if (form->coef[i] < 0)
			return cp_fail(
				p->err, CP_EINVALID, NULL, 0, 0,
				"bad cost '%s': '%s' has the negative "
				"weight %g (expected weights >= 0: a "
				"route's cost must not fall as it grows)",
				p->shown, coef_name(p, i), form->coef[i]);
	}
	return 0;
}

static int compile(cp_cost *cost, const parser *p, const linear *form)
{
	size_t i, n = 0;
	cost->terms = cp_alloc_array(p->n_coef, sizeof(*cost->terms));
	cost->metrics = cp_alloc_array(p->n_coef, sizeof(size_t));
	if (!cost->terms || !cost->metrics)
		return CP_ENOMEM;
	for (i = 0; i + 1 < p->n_coef; i++) {
		if (form->coef[i] == 0)
			continue;
		cost->terms[n].values = cp_metric_values(p->g, i);
		cost->terms[n].lower = cp_metric_lower(p->g, i);
		cost->terms[n].weight = form->coef[i];
		cost->metrics[n] = i;
		n++;
	}
	cost->n_terms = n;
	cost->step_weight = form->coef[p->n_coef - 1];
	return 0;
}

int cp_cost_parse(cp_cost **out, const cp_graph *graph, const char *expr,
		  cp_error *err)
{
	parser p;
	linear form = {0, NULL};
	cp_cost *cost = NULL;
	int status;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.g = graph;
	p.text = expr;
	cp_quote_excerpt(p.shown, sizeof(p.shown), expr, strlen(expr),
			 SHOWN_MAX);
	p.n_coef = graph->n_metrics + 1;
	p.err = err;
	if ((status = linear_init(&p, &form)) ||
	    (status = parse_sum(&p, &form)))
		goto cleanup;
	skip_space(&p);
	if (expr[p.at]) {
		status = fail_at(&p, p.at, "an operator (+ - * /)");
		goto cleanup;
	}
	if ((status = check_form(&p, &form)))
		goto cleanup;
	cost = calloc(1, sizeof(*cost));
	if (!cost || !(cost->text = strdup(expr)) || compile(cost, &p, &form)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	*out = cost;
	cost = NULL;
cleanup:
	free(form.coef);
	cp_cost_free(cost);
	return status;
}

void cp_cost_free(cp_cost *cost)
{
	if (!cost)
		return;
	free(cost->text);
	free(cost->terms);
	free(cost->metrics);
	free(cost);
}

int cp_cost_copy(cp_cost **out, const cp_cost *cost)
{
	cp_cost *copy;
	*out = NULL;
	if (!cost)
		return 0;
	if (!(copy = calloc(1, sizeof(*copy))))
		return CP_ENOMEM;
	copy->n_terms = cost->n_terms;
	copy->step_weight = cost->step_weight;
	copy->text = strdup(cost->text);
	copy->terms = cp_alloc_array(cost->n_terms ? cost->n_terms : 1,
				     sizeof(cost_term));
	copy->metrics = cp_alloc_array(cost->n_terms ? cost->n_terms : 1,
				       sizeof(size_t));
	if (!copy->text || !copy->terms || !copy->metrics) {
		cp_cost_free(copy);
		return CP_ENOMEM;
	}
	if (cost->n_terms) {
		memcpy(copy->terms, cost->terms,
		       cost->n_terms * sizeof(cost_term));
		memcpy(copy->metrics, cost->metrics,
		       cost->n_terms * sizeof(size_t));
	}
	*out = copy;
	return 0;
}

const char *cp_cost_text(const cp_cost *cost)
{
	return cost ? cost->text : "steps";
}

int cp_cost_is_steps(const cp_cost *cost)
{
	return !cost || (cost->n_terms == 0 && cost->step_weight == 1);
}

static int compare_numbers(double x, double y)
{
	return x < y ? -1 : x > y;
}

int cp_cost_compare(const cp_cost *x, const cp_cost *y)
{
	size_t i, n_x = x ? x->n_terms : 0, n_y = y ? y->n_terms : 0;
	int d;
	if ((d = compare_numbers(x ? x->step_weight : 1,
				 y ? y->step_weight : 1)))
		return d;
	if (n_x != n_y)
		return n_x < n_y ? -1 : 1;
	/* terms come in metric order, zero weights left out (compile()) */
	for (i = 0; i < n_x; i++) {
		if (x->metrics[i] != y->metrics[i])
			return x->metrics[i] < y->metrics[i] ? -1 : 1;
		if ((d = compare_numbers(x->terms[i].weight,
					 y->terms[i].weight)))
			return d;
	}
	return 0;
}

int cp_cost_metric(cp_cost **out, const cp_graph *graph, size_t metric,
		   cp_error *err)
{
	if (metric != CP_METRIC_STEPS && metric >= graph->n_metrics) {
		*out = NULL;
		return cp_fail(err, CP_EINVALID, NULL, 0, 0,
			       "no metric number %zu in the graph", metric);
	}
	return cp_cost_parse(out, graph,
			     metric == CP_METRIC_STEPS
				     ? "steps"
				     : cp_metric_name(graph, metric),
			     err);
}

size_t cp_cost_metrics(const cp_cost *cost, size_t *out, size_t max)
{
	size_t i;
	if (!cost)
		return 0;
	for (i = 0; i < cost->n_terms && i < max; i++)
		out[i] = cost->metrics[i];
	return cost->n_terms;
}

double cp_cost_of(const cp_cost *cost, size_t transition)
{
	double total;
	size_t i;
	if (!cost)
		return 1;
	total = cost->step_weight;
	for (i = 0; i < cost->n_terms; i++)
		total += cost->terms[i].weight *
			 cost->terms[i].values[transition];
	return total;
}

double cp_cost_of_values(const cp_cost *cost, const double *values)
{
	double total;
	size_t i;
	if (!cost)
		return 1;
	total = cost->step_weight;
	for (i = 0; i < cost->n_terms; i++)
		total += cost->terms[i].weight * values[cost->metrics[i]];
	return total;
}

int cp_cost_is_metric(size_t *out, const cp_cost *cost)
{
	if (!cost || cost->n_terms != 1 || cost->step_weight != 0)
		return 0;
	*out = cost->metrics[0];
	return 1;
}

double cp_cost_weight(const cp_cost *cost, size_t metric)
{
	size_t i;
	if (!cost)
		return metric == CP_METRIC_STEPS;
	if (metric == CP_METRIC_STEPS)
		return cost->step_weight;
	for (i = 0; i < cost->n_terms; i++)
		if (cost->metrics[i] == metric)
			return cost->terms[i].weight;
	return 0;
}

cp_combine cp_cost_combine(const cp_cost *cost, const cp_graph *graph,
			   size_t *metric)
{
	size_t i;
	for (i = 0; cost && i < cost->n_terms; i++) {
		cp_combine rule = cp_metric_combine(graph, cost->metrics[i]);
		if (rule != CP_COMBINE_SUM) {
			if (metric)
				*metric = cost->metrics[i];
			return rule;
		}
	}
	return CP_COMBINE_SUM;
}

/* "its largest step's": what a route's total of a metric is, by its rule. */
static const char *rule_words(cp_combine rule)
{
	switch (rule) {
	case CP_COMBINE_MAX: return "its largest step's value";
	case CP_COMBINE_MIN: return "its least step's value";
	case CP_COMBINE_LAST: return "its last step's value";
	case CP_COMBINE_SUM: break;
	}
	return "the sum of its steps";
}

int cp_cost_check_sum(const cp_cost *cost, const cp_graph *graph,
		      const char *doing, cp_error *err)
{
	cp_shown text;
	size_t metric = 0;
	cp_combine rule = cp_cost_combine(cost, graph, &metric);
	if (rule == CP_COMBINE_SUM)
		return 0;
	return cp_fail(err, CP_EINVALID, NULL, 0, 0,
		       "cannot %s '%s': a route's %s is %s (total '%s' in "
		       "metrics.csv), not the sum of its steps%s%s%s",
		       doing, cp_show(&text, cp_cost_text(cost)),
		       cp_metric_name(graph, metric), rule_words(rule),
		       cp_combine_name(rule),
		       rule == CP_COMBINE_MAX ? "; a cap on '" : "",
		       rule == CP_COMBINE_MAX ? cp_metric_name(graph, metric)
					      : "",
		       rule == CP_COMBINE_MAX
			       ? "' alone keeps every step within a value"
			       : "");
}

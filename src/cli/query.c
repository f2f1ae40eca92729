/*
 * The conditions path, reach and pareto share: --avoid, --via, --max, -k,
 * --limit, --experience, --min-gain and the career rules, read from a
 * command's arguments into a query; and what they say when there is no
 * route.
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int read_roles(size_t *out, size_t *n_out, const cp_graph *g,
		      const cli_args *args, const cli_command *cmd,
		      const char *option)
{
	const char *const *names;
	size_t n = cli_values(&names, args, cmd, option), i;
	cp_error err;
	int status;
	for (i = 0; i < n; i++)
		if ((status = cp_role_find(&out[i], g, names[i], &err)))
			return cli_fail(status, &err);
	*n_out = n;
	return 0;
}

static int read_count(size_t *out, const char *text, const char *option,
		      size_t max)
{
	char *end;
	unsigned long long value;
	errno = 0;
	value = strtoull(text, &end, 10);
	if (!*text || *end || errno || *text == '-' || value < 1 ||
	    value > max) {
		cli_error("option '%s' takes a whole number from 1 to %zu, not "
			  "'%s'",
			  option, max, text);
		return EXIT_USAGE;
	}
	*out = (size_t)value;
	return 0;
}

/* Names a metric, or steps where steps may stand; 0 or -1. */
static int find_metric(size_t *out, const cp_graph *g, const char *name,
		       int with_steps)
{
	if (with_steps && !strcmp(name, "steps")) {
		*out = CP_METRIC_STEPS;
		return 0;
	}
	return cp_metric_find(out, g, name) ? -1 : 0;
}

/* "unknown metric 'x' in WHERE (metrics: steps, months, cost_usd)" */
static int unknown_metric(const cp_graph *g, const char *name,
			  const char *where, int with_steps)
{
	cp_buf list = CP_BUF_INIT;
	size_t m;
	int failed = with_steps && cp_buf_puts(&list, "steps");
	for (m = 0; m < cp_graph_metric_count(g) && !failed; m++)
		failed = cp_buf_printf(&list, "%s%s", list.size ? ", " : "",
				       cp_metric_name(g, m));
	cli_error("unknown metric '%s' in %s (metrics: %s)", name, where,
		  failed      ? "?"
		  : list.size ? list.ptr
			      : "none");
	cp_buf_free(&list);
	return EXIT_USAGE;
}

int cli_read_metrics(size_t *out, size_t *n_out, const cp_graph *g,
		     const char *list, const char *option, int with_steps)
{
	char name[256], where[300];
	size_t n = 0, len;
	snprintf(where, sizeof(where), "%s", option);
	for (;;) {
		len = strcspn(list, ",");
		if (!len || len >= sizeof(name) || n >= CLI_MAX_REPEAT) {
			cli_error(
				"option '%s' takes up to %d metric names "
				"separated by commas, such as months,cost_usd",
				option, CLI_MAX_REPEAT);
			return EXIT_USAGE;
		}
		memcpy(name, list, len);
		name[len] = '\0';
		if (find_metric(&out[n++], g, name, with_steps))
			return unknown_metric(g, name, where, with_steps);
		if (!list[len])
			break;
		list += len + 1;
	}
	*n_out = n;
	return 0;
}

/* A number >= 0 written in full; 0 or -1. */
static int read_amount(double *out, const char *text)
{
	char *end;
	errno = 0;
	*out = strtod(text, &end);
	return !*text || *end || errno || !isfinite(*out) || *out < 0 ? -1 : 0;
}

/*
 * COST=VALUE, where COST is any cost expression (a metric, steps, or a sum
 * such as months+experience_months); the cost is kept in c for freeing.
 */
static int read_cap(cli_conditions *c, cp_cap *cap, const cp_graph *g,
		    const char *text)
{
	const char *eq = strrchr(text, '=');
	char *expr;
	cp_error err;
	int status;
	if (!eq || eq == text) {
		cli_error("option '--max' takes COST=VALUE, such as "
			  "cost_usd=20000 or months+experience_months=24, not "
			  "'%s'",
			  text);
		return EXIT_USAGE;
	}
	if (read_amount(&cap->max, eq + 1)) {
		cli_error("'--max %s': expected a number >= 0 after '=', found "
			  "'%s'",
			  text, eq + 1);
		return EXIT_USAGE;
	}
	if (!(expr = strndup(text, (size_t)(eq - text)))) {
		cli_error("out of memory");
		return EXIT_IO;
	}
	status = cp_cost_parse(&c->cap_costs[c->n_cap_costs], g, expr, &err);
	free(expr);
	if (status)
		return cli_fail(status, &err);
	cap->cost = c->cap_costs[c->n_cap_costs++];
	return 0;
}

int cli_read_costs(cp_cost **out, size_t *n_out, const cp_graph *g,
		   const char *list, const char *option)
{
	size_t n = 0, len, i;
	cp_error err;
	int status = 0;
	for (;;) {
		char *expr;
		len = strcspn(list, ",");
		if (!len || n >= CLI_MAX_REPEAT) {
			cli_error("option '%s' takes up to %d costs separated "
				  "by commas, such as elapsed_months,cost_usd",
				  option, CLI_MAX_REPEAT);
			status = EXIT_USAGE;
			break;
		}
		if (!(expr = strndup(list, len))) {
			cli_error("out of memory");
			status = EXIT_IO;
			break;
		}
		status = cp_cost_parse(&out[n], g, expr, &err);
		free(expr);
		if (status) {
			status = cli_fail(status, &err);
			break;
		}
		n++;
		if (!list[len])
			break;
		list += len + 1;
	}
	if (status)
		for (i = 0; i < n; i++)
			cp_cost_free(out[i]);
	*n_out = status ? 0 : n;
	return status;
}

void cli_conditions_free(cli_conditions *c)
{
	size_t i;
	for (i = 0; i < c->n_cap_costs; i++)
		cp_cost_free(c->cap_costs[i]);
	c->n_cap_costs = 0;
}

/*
 * A rule on a number column of roles.csv that an option names: the graph
 * must have it (graphs/onet has job_zone and education_level).
 */
static int read_role_rule(cp_rule *rule, cp_rule_kind kind, const cp_graph *g,
			  const char *column, const char *option,
			  const char *value)
{
	size_t col;
	rule->kind = kind;
	if (cp_column_find(&col, g, CP_ROLES, column) ||
	    cp_column_kind_of(g, CP_ROLES, col) != CP_COLUMN_NUMBER) {
		cli_error(
			"option '%s' needs a number column '%s' in roles.csv, "
			"which this graph does not have",
			option, column);
		return EXIT_USAGE;
	}
	rule->index = col;
	if (read_amount(&rule->max, value)) {
		cli_error("option '%s' takes a number >= 0, not '%s'", option,
			  value);
		return EXIT_USAGE;
	}
	return 0;
}

/* METRIC=VALUE: the metric's value on each step at most VALUE. */
static int read_step_max(cp_rule *rule, const cp_graph *g, const char *text)
{
	const char *eq = strrchr(text, '=');
	char name[256];
	rule->kind = CP_RULE_STEP_MAX;
	if (!eq || eq == text || (size_t)(eq - text) >= sizeof(name)) {
		cli_error("option '--step-max' takes METRIC=VALUE, such as "
			  "relatedness_tier=2, not '%s'",
			  text);
		return EXIT_USAGE;
	}
	memcpy(name, text, (size_t)(eq - text));
	name[eq - text] = '\0';
	if (find_metric(&rule->index, g, name, 0))
		return unknown_metric(g, name, "'--step-max'", 0);
	if (read_amount(&rule->max, eq + 1)) {
		cli_error("'--step-max %s': expected a number >= 0 after '=', "
			  "found '%s'",
			  text, eq + 1);
		return EXIT_USAGE;
	}
	return 0;
}

int cli_read_rules(cli_conditions *c, cp_query *q, const cp_graph *g,
		   const cli_args *args, const cli_command *cmd)
{
	const char *const *step_max;
	const char *zone = cli_value(args, cmd, "max-zone-jump");
	const char *education = cli_value(args, cmd, "max-education");
	size_t n_step_max = cli_values(&step_max, args, cmd, "step-max"), i,
	       n = 0;
	int status;
	if (zone &&
	    (status = read_role_rule(&c->rules[n++], CP_RULE_RISE_MAX, g,
				     "job_zone", "--max-zone-jump", zone)))
		return status;
	if (education &&
	    (status = read_role_rule(&c->rules[n++], CP_RULE_ROLE_MAX, g,
				     "education_level", "--max-education",
				     education)))
		return status;
	for (i = 0; i < n_step_max; i++)
		if ((status = read_step_max(&c->rules[n++], g, step_max[i])))
			return status;
	q->rules = c->rules;
	q->n_rules = n;
	return 0;
}

int cli_read_conditions(cli_conditions *c, cp_query *q, const cp_graph *g,
			const cli_args *args, const cli_command *cmd)
{
	const char *const *caps;
	const char *k = cli_value(args, cmd, "k");
	const char *limit = cli_value(args, cmd, "limit");
	const char *experience = cli_value(args, cmd, "experience");
	const char *min_gain = cli_value(args, cmd, "min-gain");
	size_t n_caps = cli_values(&caps, args, cmd, "max"), i;
	int status;
	if ((status = read_roles(c->avoid, &q->n_avoid, g, args, cmd,
				 "avoid")) ||
	    (status = read_roles(c->via, &q->n_via, g, args, cmd, "via")))
		return status;
	q->avoid = c->avoid;
	q->via = c->via;
	for (i = 0; i < n_caps; i++)
		if ((status = read_cap(c, &c->caps[i], g, caps[i])))
			return status;
	q->caps = c->caps;
	q->n_caps = n_caps;
	if (k && (status = read_count(&q->k, k, "-k", CLI_MAX_ROUTES)))
		return status;
	if (limit &&
	    (status = read_count(&q->limit, limit, "--limit", (size_t)1 << 40)))
		return status;
	if (experience && read_amount(&q->experience, experience)) {
		cli_error("option '--experience' takes the months already "
			  "worked in the starting role, a number >= 0, not "
			  "'%s'",
			  experience);
		return EXIT_USAGE;
	}
	if (min_gain) {
		size_t len = strlen(min_gain);
		char *number = strndup(min_gain, len);
		int bad;
		if (!number) {
			cli_error("out of memory");
			return EXIT_IO;
		}
		if (len && number[len - 1] == '%')
			number[len - 1] = '\0';
		bad = read_amount(&q->min_gain, number);
		free(number);
		if (bad) {
			cli_error("option '--min-gain' takes a percentage >= "
				  "0, such as 10 or 10%%, not '%s'",
				  min_gain);
			return EXIT_USAGE;
		}
		q->has_min_gain = 1;
	}
	return cli_read_rules(c, q, g, args, cmd);
}

/* The library speaks of caps; the command line names the option. */
static void cap_hint(const cp_why *why)
{
	cp_buf hint = CP_BUF_INIT;
	size_t i;
	int failed = 0;
	for (i = 0; i < why->n_needed && !failed; i++) {
		if (isinf(why->cap_max[i]) || !isfinite(why->needed[i]))
			continue;
		failed =
			cp_buf_printf(&hint, " --max %s=", why->cap_costs[i]) ||
			cp_buf_put_number(&hint, why->needed[i],
					  CP_FORMAT_TEXT);
	}
	if (!failed && hint.size)
		cli_error("try%s", hint.ptr);
	cp_buf_free(&hint);
}

int cli_no_route(const cp_graph *g, const cp_routes *routes,
		 const cp_error *err)
{
	cp_buf why = CP_BUF_INIT;
	cli_fail(CP_ENOROUTE, err);
	if (routes && routes->why) {
		if (cp_why_describe(&why, g, routes->why))
			cli_error("out of memory");
		else
			cli_error("%s", why.ptr);
		if (routes->why->kind == CP_WHY_CAPS)
			cap_hint(routes->why);
	}
	cp_buf_free(&why);
	return EXIT_NO_ROUTE;
}

int cli_answer(int format_status, const cp_buf *out, const cp_graph *g,
	       const cp_routes *routes, int found, const cp_error *err)
{
	int status;
	if (format_status) {
		cli_error("out of memory");
		return EXIT_IO;
	}
	if ((status = cli_emit(out)))
		return status;
	return found ? EXIT_ANSWER : cli_no_route(g, routes, err);
}

/*
 * The query words a command takes, read through the library's vocabulary
 * from its arguments into a query; lists of metrics and costs of the
 * commands' own options; and what they say when there is no route.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* How the option is written in a message: "-k", "--max". */
static void spell(char *out, size_t size, const cli_opt *o)
{
	if (o->short_name && !o->name[1])
		snprintf(out, size, "-%c", o->short_name);
	else
		snprintf(out, size, "--%s", o->name);
}

static int read_text(cp_query_parts *parts, cp_query *q, const cp_graph *g,
		     const cp_query_word *word, const char *text,
		     const char *spelling)
{
	cp_word_place place = {CP_PLACE_OPTION, spelling, 0, 0};
	cp_error err;
	int status = cp_query_read(q, parts, g, word, text, &place, &err);
	if (status &&
	    (word->kind == CP_WORD_ROLE || word->kind == CP_WORD_ROLES))
		return cli_fail_role(status, &err, g, text);
	return status ? cli_fail(status, &err) : 0;
}

int cli_read_word(cp_query_parts *parts, cp_query *q, const cp_graph *g,
		  const char *name, const char *text, const char *spelling)
{
	return read_text(parts, q, g, cp_query_word_find(name), text, spelling);
}

/* This thread's stop hook (cli_stop_hook), given to every query it reads. */
static _Thread_local int (*stop_hook)(void *);
static _Thread_local void *stop_arg;

void cli_stop_hook(int (*stopped)(void *), void *arg)
{
	stop_hook = stopped;
	stop_arg = arg;
}

int cli_read_query(cp_query_parts *parts, cp_query *q, const cp_graph *g,
		   const cli_args *args, const cli_command *cmd)
{
	const cp_query_word *word;
	const cli_opt *o;
	size_t i, j, n;
	int status = 0;
	q->cancelled = stop_hook;
	q->cancel_arg = stop_arg;
	for (i = 0; !status && (word = cp_query_word_at(i)); i++) {
		const char *const *values;
		const char *value;
		char spelled[64];
		for (o = cmd->opts; o->name && cli_opt_word(o) != word; o++)
			;
		if (!o->name)
			continue;
		spell(spelled, sizeof(spelled), o);
		value = cli_value(args, cmd, o->name);
		if (word->repeatable) {
			n = cli_values(&values, args, cmd, o->name);
			for (j = 0; j < n && !status; j++)
				status = read_text(parts, q, g, word, values[j],
						   spelled);
		} else if (value || word->fallback) {
			status = read_text(parts, q, g, word,
					   value ? value : word->fallback,
					   spelled);
		}
	}
	return status;
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

/* careerpath path FROM TO: the best route between two roles. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const cli_opt cmd_path_opts[] = {
	{"by", 'b', "COST",
	 "what to minimise: steps (default), a metric, or a weighted sum"},
	{"format", 'f', "FORMAT",
	 "text (default), json, csv or dot (Graphviz)"},
	{"routes-only", 0, NULL,
	 "with --format dot: leave out the roles on no route"},
	{"k", 'k', "N", "the N best loopless routes, best first"},
	{"avoid", 0, "ROLE...", "keep out of ROLE (repeatable)"},
	{"via", 0, "ROLE...",
	 "pass through ROLE, in the order given (repeatable)"},
	{"max", 0, "COST=VALUE...",
	 "keep a route total within VALUE, e.g. cost_usd=20000 (repeatable)"},
	{"experience", 0, "MONTHS",
	 "months already worked in the starting role"},
	{"min-gain", 0, "PERCENT",
	 "take only steps that raise the median wage by PERCENT or more"},
	{"max-zone-jump", 0, "N",
	 "climb at most N job zones (job_zone) a step"},
	{"max-education", 0, "LEVEL",
	 "enter no role whose education_level is above LEVEL"},
	{"step-max", 0, "METRIC=VALUE...",
	 "take only steps with METRIC at most VALUE (repeatable)"},
	{"limit", 0, "N", "give up after N search labels (default 2000000)"},
	{"sources", 'v', NULL,
	 "text: also each step's row in transitions.csv, metrics and sources"},
	{NULL, 0, NULL, NULL},
};

/* Adds the metric called name to the list, once; 1 if the graph has it. */
static int add_metric(size_t *list, size_t *n, const cp_graph *g,
		      const char *name)
{
	size_t m, i;
	if (cp_metric_find(&m, g, name))
		return 0;
	for (i = 0; i < *n && list[i] != m; i++)
		;
	if (i == *n)
		list[(*n)++] = m;
	return 1;
}

/*
 * What labels the moves of a route picture: how long (elapsed_months,
 * which counts the experience a move asks, else months) and what it costs,
 * then whatever else the query weighed.
 */
static size_t label_metrics(size_t *list, const cp_graph *g,
			    const cp_cost *cost)
{
	size_t n = 0, n_weighed, i, months = (size_t)-1,
	       experience = (size_t)-1;
	size_t *weighed = list + cp_graph_metric_count(g);
	int has_elapsed = add_metric(list, &n, g, "elapsed_months");
	if (!has_elapsed)
		add_metric(list, &n, g, "months");
	add_metric(list, &n, g, "cost_usd");
	cp_metric_find(&months, g, "months");
	cp_metric_find(&experience, g, "experience_months");
	n_weighed = cp_cost_metrics(cost, weighed, cp_graph_metric_count(g));
	for (i = 0; i < n_weighed; i++) {
		size_t j;
		/* elapsed_months already tells of them */
		if (has_elapsed &&
		    (weighed[i] == months || weighed[i] == experience))
			continue;
		for (j = 0; j < n && list[j] != weighed[i]; j++)
			;
		if (j == n)
			list[n++] = weighed[i];
	}
	return n;
}

/* The routes drawn over the graph, the best one highlighted. */
static int format_dot(cp_buf *out, const cp_graph *g, const cp_routes *routes,
		      int routes_only, cp_error *err)
{
	cp_dot_options opts = CP_DOT_OPTIONS_INIT;
	cp_buf title = CP_BUF_INIT;
	size_t n_metrics = cp_graph_metric_count(g);
	size_t *metrics = calloc(2 * n_metrics + 1, sizeof(size_t));
	int status;
	if (!metrics ||
	    cp_buf_printf(&title, "%s -> %s: ", cp_role_title(g, routes->from),
			  cp_role_title(g, routes->to)) ||
	    (routes->count ? cp_cost_describe(&title, g, routes->cost)
			   : cp_buf_puts(&title, "no route"))) {
		status = CP_ENOMEM;
		goto cleanup;
	}
	opts.n_label_metrics = label_metrics(metrics, g, routes->cost);
	opts.routes = routes;
	opts.routes_only = routes_only;
	opts.label_metrics = metrics;
	opts.title = title.ptr;
	status = cp_dot_write(out, g, &opts, err);
cleanup:
	free(metrics);
	cp_buf_free(&title);
	return status;
}

int cmd_path(cli_ctx *ctx, const cli_args *args)
{
	const char *by = cli_value(args, ctx->command, "by");
	const char *format_name = cli_value(args, ctx->command, "format");
	int routes_only = cli_value(args, ctx->command, "routes-only") != NULL;
	/* not a cp_format: a diagram is drawn over the whole graph */
	int dot = format_name && !strcmp(format_name, "dot");
	cp_query q = CP_QUERY_INIT;
	cli_conditions conditions = {0};
	cp_cost *cost = NULL;
	cp_routes *routes = NULL;
	cp_format_options format = CP_FORMAT_OPTIONS_INIT;
	cp_buf out = CP_BUF_INIT;
	cp_error err;
	int status, found;

	format.sources = cli_value(args, ctx->command, "sources") != NULL;
	if (routes_only && !dot) {
		cli_error("option '--routes-only' needs --format dot");
		status = EXIT_USAGE;
		goto cleanup;
	}
	if (format_name && !dot &&
	    cp_format_parse(&format.format, format_name, NULL)) {
		cli_error("unknown format '%s' (expected text, json, csv or "
			  "dot)",
			  format_name);
		status = EXIT_USAGE;
		goto cleanup;
	}
	if ((status = cp_role_find(&q.from, ctx->graph, args->positional[0],
				   &err)) ||
	    (status = cp_role_find(&q.to, ctx->graph, args->positional[1],
				   &err)) ||
	    (status = cp_cost_parse(&cost, ctx->graph, by ? by : "steps",
				    &err))) {
		status = cli_fail(status, &err);
		goto cleanup;
	}
	q.cost = cost;
	q.explain = 1;
	if ((status = cli_read_conditions(&conditions, &q, ctx->graph, args,
					  ctx->command)))
		goto cleanup;
	status = cp_search(&routes, ctx->graph, &q, &err);
	if (status && status != CP_ENOROUTE) {
		status = cli_fail(status, &err);
		goto cleanup;
	}
	found = status == 0;
	status = cli_answer(
		dot ? format_dot(&out, ctx->graph, routes, routes_only, &err)
		    : cp_routes_write(&out, ctx->graph, routes, &format),
		&out, ctx->graph, routes, found, &err);
cleanup:
	cp_buf_free(&out);
	cp_routes_free(routes);
	cp_cost_free(cost);
	cli_conditions_free(&conditions);
	return status;
}

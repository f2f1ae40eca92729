/* careerpath path FROM TO: the best route between two roles. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const cli_opt cmd_path_opts[] = {
	{"by", 'b', CLI_WORD, NULL},
	{"format", 'f', "FORMAT",
	 "text (default), json, csv or dot (Graphviz)"},
	{"routes-only", 0, NULL,
	 "with --format dot: leave out the roles on no route"},
	{"k", 'k', CLI_WORD, NULL},
	{"detours", 0, CLI_WORD, NULL},
	{"differ", 0, CLI_WORD, NULL},
	{"avoid", 0, CLI_WORD, NULL},
	{"via", 0, CLI_WORD, NULL},
	{"max", 0, CLI_WORD, NULL},
	{"also", 0, CLI_WORD, NULL},
	{"experience", 0, CLI_WORD, NULL},
	{"min-gain", 0, CLI_WORD, NULL},
	{"max-zone-jump", 0, CLI_WORD, NULL},
	{"max-education", 0, CLI_WORD, NULL},
	{"step-max", 0, CLI_WORD, NULL},
	{"growing", 0, CLI_WORD, NULL},
	{"min-openings", 0, CLI_WORD, NULL},
	{"max-payback", 0, CLI_WORD, NULL},
	{"discount", 0, CLI_WORD, NULL},
	{"limit", 0, CLI_WORD, NULL},
	{"timeout", 0, CLI_WORD, NULL},
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
	const char *format_name = cli_value(args, ctx->command, "format");
	int routes_only = cli_value(args, ctx->command, "routes-only") != NULL;
	/* not a cp_format: a diagram is drawn over the whole graph */
	int dot = format_name && !strcmp(format_name, "dot");
	cp_query q = CP_QUERY_INIT;
	cp_query_parts parts = CP_QUERY_PARTS_INIT;
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
	if ((status = cli_read_word(&parts, &q, ctx->graph, "from",
				    args->positional[0], "FROM")) ||
	    (status = cli_read_word(&parts, &q, ctx->graph, "to",
				    args->positional[1], "TO")) ||
	    (status = cli_read_query(&parts, &q, ctx->graph, args,
				     ctx->command)))
		goto cleanup;
	/* both choose among several routes: alone they would change nothing */
	if ((q.differ > 0 || q.detours) && q.k < 2) {
		cli_error("option '--%s' chooses among several routes: give "
			  "-k N, N of 2 or more (such as -k 3)",
			  q.differ > 0 ? "differ" : "detours");
		status = EXIT_USAGE;
		goto cleanup;
	}
	q.explain = 1;
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
	cp_query_parts_free(&parts);
	return status;
}

/* careerpath reach: every role reachable from one, or leading to one. */
#include "cli.h"

#include <stdio.h>

const cli_opt cmd_reach_opts[] = {
	{"to", 't', "ROLE", "list the roles that lead to ROLE instead"},
	{"by", 'b', "COST",
	 "what to minimise: steps (default), a metric, or a "
	 "weighted sum"},
	{"max", 0, "COST=VALUE...",
	 "keep a route total within VALUE "
	 "(repeatable)"},
	{"experience", 0, "MONTHS",
	 "months already worked in the starting role"},
	{"min-gain", 0, "PERCENT",
	 "take only steps that raise the median wage by PERCENT or more"},
	{"avoid", 0, "ROLE...", "keep out of ROLE (repeatable)"},
	{"max-zone-jump", 0, "N",
	 "climb at most N job zones (job_zone) a step"},
	{"max-education", 0, "LEVEL",
	 "enter no role whose education_level is above LEVEL"},
	{"step-max", 0, "METRIC=VALUE...",
	 "take only steps with METRIC at most VALUE (repeatable)"},
	{"limit", 0, "N", "give up after N search labels (default 2000000)"},
	{"format", 'f', "FORMAT", "text (default), json or csv"},
	{"sources", 'v', NULL,
	 "text: also each step's row in transitions.csv, metrics and sources"},
	{NULL, 0, NULL, NULL},
};

int cmd_reach(cli_ctx *ctx, const cli_args *args)
{
	const cli_command *cmd = ctx->command;
	const char *to = cli_value(args, cmd, "to");
	const char *by = cli_value(args, cmd, "by");
	const char *format_name = cli_value(args, cmd, "format");
	cp_query q = CP_QUERY_INIT;
	cli_conditions conditions = {0};
	cp_cost *cost = NULL;
	cp_routes *routes = NULL;
	cp_format_options format = CP_FORMAT_OPTIONS_INIT;
	cp_buf out = CP_BUF_INIT;
	cp_error err;
	int status;

	format.sources = cli_value(args, cmd, "sources") != NULL;
	if (!to == !args->n_positional) {
		cli_error(to ? "reach takes FROM or --to ROLE, not both (see "
			       "'careerpath reach --help')"
			     : "reach needs a role: FROM, or --to ROLE (see "
			       "'careerpath reach --help')");
		return EXIT_USAGE;
	}
	if ((format_name &&
	     (status = cp_format_parse(&format.format, format_name, &err))) ||
	    (status = cp_role_find(to ? &q.to : &q.from, ctx->graph,
				   to ? to : args->positional[0], &err)) ||
	    (status = cp_cost_parse(&cost, ctx->graph, by ? by : "steps",
				    &err))) {
		status = cli_fail(status, &err);
		goto cleanup;
	}
	q.kind = to ? CP_QUERY_FEEDERS : CP_QUERY_REACH;
	q.cost = cost;
	if ((status = cli_read_conditions(&conditions, &q, ctx->graph, args,
					  cmd)))
		goto cleanup;
	if ((status = cp_search(&routes, ctx->graph, &q, &err))) {
		status = cli_fail(status, &err);
		goto cleanup;
	}
	if (cp_routes_write(&out, ctx->graph, routes, &format)) {
		cli_error("out of memory");
		status = EXIT_IO;
		goto cleanup;
	}
	if (!(status = cli_emit(&out)) && !routes->count)
		status = EXIT_NO_ROUTE;
cleanup:
	cp_buf_free(&out);
	cp_routes_free(routes);
	cp_cost_free(cost);
	cli_conditions_free(&conditions);
	return status;
}

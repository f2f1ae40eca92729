/* careerpath pareto FROM TO --by M1,M2: the routes no other route beats. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

const cli_opt cmd_pareto_opts[] = {
	{"by", 'b', "M1,M2[,...]", "the metrics to trade off (required)"},
	{"max", 0, "METRIC=VALUE...",
	 "keep a route total within VALUE "
	 "(repeatable)"},
	{"avoid", 0, "ROLE...", "keep out of ROLE (repeatable)"},
	{"via", 0, "ROLE...",
	 "pass through ROLE, in the order given "
	 "(repeatable)"},
	{"limit", 0, "N", "give up after N search labels (default 2000000)"},
	{"format", 'f', "FORMAT", "text (default), json or csv"},
	{NULL, 0, NULL, NULL},
};

int cmd_pareto(cli_ctx *ctx, const cli_args *args)
{
	const cli_command *cmd = ctx->command;
	const char *by = cli_value(args, cmd, "by");
	const char *format_name = cli_value(args, cmd, "format");
	cp_query q = CP_QUERY_INIT;
	cli_conditions conditions;
	size_t metrics[CLI_MAX_REPEAT], n_metrics = 0;
	cp_routes *routes = NULL;
	cp_cost *first = NULL;
	cp_format format = CP_FORMAT_TEXT;
	cp_buf out = CP_BUF_INIT;
	cp_error err;
	int status, found;

	if (!by) {
		cli_error("pareto needs --by with two metrics or more, as in "
			  "--by months,cost_usd");
		return EXIT_USAGE;
	}
	if ((format_name &&
	     (status = cp_format_parse(&format, format_name, &err))) ||
	    (status = cp_role_find(&q.from, ctx->graph, args->positional[0],
				   &err)) ||
	    (status = cp_role_find(&q.to, ctx->graph, args->positional[1],
				   &err)))
		return cli_fail(status, &err);
	if ((status = cli_read_metrics(metrics, &n_metrics, ctx->graph, by,
				       "--by", 1)))
		return status;
	if (n_metrics < 2) {
		cli_error("a trade-off needs two metrics or more, as in "
			  "--by months,cost_usd");
		return EXIT_USAGE;
	}
	if ((status = cli_read_conditions(&conditions, &q, ctx->graph, args,
					  cmd)))
		return status;
	/* steps and the route's cost in the output are of the first metric */
	if ((status = cp_cost_metric(&first, ctx->graph, metrics[0], &err)))
		return cli_fail(status, &err);
	q.cost = first;
	q.explain = 1;
	status = cp_pareto(&routes, ctx->graph, &q, metrics, n_metrics, &err);
	if (status && status != CP_ENOROUTE) {
		status = cli_fail(status, &err);
		goto cleanup;
	}
	found = status == 0;
	status = cli_answer(
		cp_routes_format(&out, ctx->graph, &q, routes, format), &out,
		ctx->graph, &q, routes, found, &err);
cleanup:
	cp_buf_free(&out);
	cp_routes_free(routes);
	cp_cost_free(first);
	return status;
}

/* careerpath path FROM TO: the best route between two roles. */
#include "cli.h"

#include <stdio.h>

const cli_opt cmd_path_opts[] = {
	{"by", 'b', "COST",
	 "what to minimise: steps (default), a metric, or a weighted sum"},
	{"format", 'f', "FORMAT", "text (default), json or csv"},
	{NULL, 0, NULL, NULL},
};

int cmd_path(cli_ctx *ctx, const cli_args *args)
{
	const char *by = cli_value(args, ctx->command, "by");
	const char *format_name = cli_value(args, ctx->command, "format");
	cp_query q = CP_QUERY_INIT;
	cp_cost *cost = NULL;
	cp_routes *routes = NULL;
	cp_format format = CP_FORMAT_TEXT;
	cp_buf out = CP_BUF_INIT;
	cp_error err;
	int status, found;

	if ((format_name &&
	     (status = cp_format_parse(&format, format_name, &err))) ||
	    (status = cp_role_find(&q.from, ctx->graph, args->positional[0],
				   &err)) ||
	    (status = cp_role_find(&q.to, ctx->graph, args->positional[1],
				   &err)) ||
	    (status = cp_cost_parse(&cost, ctx->graph, by ? by : "steps",
				    &err))) {
		status = cli_fail(status, &err);
		goto cleanup;
	}
	q.cost = cost;
	status = cp_search(&routes, ctx->graph, &q, &err);
	if (status && status != CP_ENOROUTE) {
		status = cli_fail(status, &err);
		goto cleanup;
	}
	found = status == 0;
	if (cp_routes_format(&out, ctx->graph, &q, routes, format)) {
		cli_error("out of memory");
		status = EXIT_IO;
		goto cleanup;
	}
	if ((status = cli_emit(&out)))
		goto cleanup;
	if (!found)
		status = cli_fail(CP_ENOROUTE, &err);
cleanup:
	cp_buf_free(&out);
	cp_routes_free(routes);
	cp_cost_free(cost);
	return status;
}

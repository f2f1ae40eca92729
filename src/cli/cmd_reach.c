/* careerpath reach: every role reachable from one, or leading to one. */
#include "cli.h"

#include <stdio.h>

const cli_opt cmd_reach_opts[] = {
	{"to", 't', CLI_WORD, "list the roles that lead to ROLE instead"},
	{"by", 'b', CLI_WORD, NULL},
	{"max", 0, CLI_WORD, "keep a route total within VALUE (repeatable)"},
	{"also", 0, CLI_WORD, NULL},
	{"experience", 0, CLI_WORD, NULL},
	{"min-gain", 0, CLI_WORD, NULL},
	{"avoid", 0, CLI_WORD, NULL},
	{"max-zone-jump", 0, CLI_WORD, NULL},
	{"max-education", 0, CLI_WORD, NULL},
	{"step-max", 0, CLI_WORD, NULL},
	{"growing", 0, CLI_WORD, NULL},
	{"min-openings", 0, CLI_WORD, NULL},
	{"max-payback", 0, CLI_WORD, NULL},
	{"limit", 0, CLI_WORD, NULL},
	{"timeout", 0, CLI_WORD, NULL},
	{"sort", 0, "KEY",
	 "order the roles by cost (default), gain (the rise in median pay, "
	 "highest first), payback (soonest first) or openings (most first)"},
	{"format", 'f', "FORMAT", "text (default), json or csv"},
	{"sources", 'v', NULL,
	 "text: also each step's row in transitions.csv, metrics and sources"},
	{NULL, 0, NULL, NULL},
};

int cmd_reach(cli_ctx *ctx, const cli_args *args)
{
	const cli_command *cmd = ctx->command;
	const char *to = cli_value(args, cmd, "to");
	const char *format_name = cli_value(args, cmd, "format");
	const char *sort = cli_value(args, cmd, "sort");
	cp_query q = CP_QUERY_INIT;
	cp_query_parts parts = CP_QUERY_PARTS_INIT;
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
	    (sort && (status = cp_order_parse(&format.order, sort, &err)))) {
		status = cli_fail(status, &err);
		goto cleanup;
	}
	if ((!to && (status = cli_read_word(&parts, &q, ctx->graph, "from",
					    args->positional[0], "FROM"))) ||
	    (status = cli_read_query(&parts, &q, ctx->graph, args, cmd)))
		goto cleanup;
	q.kind = to ? CP_QUERY_FEEDERS : CP_QUERY_REACH;
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
	cp_query_parts_free(&parts);
	return status;
}

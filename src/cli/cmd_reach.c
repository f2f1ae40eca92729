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
	{"discount", 0, CLI_WORD, NULL},
	{"limit", 0, CLI_WORD, NULL},
	{"timeout", 0, CLI_WORD, NULL},
	{"sort", 0, "KEY",
	 "order the roles by cost (default), gain (the rise in median pay, "
	 "highest first), payback (soonest first) or openings (most first)"},
	{"format", 'f', "FORMAT", "text (default), json or csv"},
	{"tree", 0, NULL,
	 "json and csv: name each role's parent, the role before it on its "
	 "route (with --to, after it), rather than the whole route"},
	{"sources", 'v', NULL,
	 "text: also each step's row in transitions.csv, metrics and sources"},
	{NULL, 0, NULL, NULL},
};

/* How the command and /api/reach name a mistake in what was asked. */
static const char *const mistakes[2][3] = {
	{"reach takes FROM or --to ROLE, not both (see 'careerpath reach "
	 "--help')",
	 "reach needs a role: FROM, or --to ROLE (see 'careerpath reach "
	 "--help')",
	 "--tree names each role's parent in JSON and CSV; text gives every "
	 "route (see 'careerpath reach --help')"},
	{"reach takes from or to, not both", "reach needs a role: from, or to",
	 "tree names each role's parent in JSON and CSV, not in text"},
};

int cli_reach_search(cp_routes **out, cp_format_options *format,
		     cp_query_parts *parts, const cli_ctx *ctx,
		     const cli_args *args, int api)
{
	const cli_command *cmd = ctx->command;
	const char *to = cli_value(args, cmd, "to");
	const char *format_name = cli_value(args, cmd, "format");
	const char *sort = cli_value(args, cmd, "sort");
	int tree = cli_value(args, cmd, "tree") != NULL;
	cp_query q = CP_QUERY_INIT;
	cp_error err;
	int status;

	*out = NULL;
	format->sources = cli_value(args, cmd, "sources") != NULL;
	if (!to == !args->n_positional) {
		cli_error("%s", mistakes[api][to ? 0 : 1]);
		return EXIT_USAGE;
	}
	if ((format_name &&
	     (status = cp_format_parse(&format->format, format_name, &err))) ||
	    (sort && (status = cp_order_parse(&format->order, sort, &err))))
		return cli_fail(status, &err);
	if (tree && format->format == CP_FORMAT_TEXT) {
		cli_error("%s", mistakes[api][2]);
		return EXIT_USAGE;
	}
	if ((!to && (status = cli_read_word(parts, &q, ctx->graph, "from",
					    args->positional[0],
					    api ? "from" : "FROM"))) ||
	    (status = cli_read_query(parts, &q, ctx->graph, args, cmd)))
		return status;
	q.kind = to ? CP_QUERY_FEEDERS : CP_QUERY_REACH;
	/* kept as a tree, written a route at a time: a long chain's routes
	 * are never all in memory at once */
	q.reach_form = tree ? CP_REACH_PARENTS : CP_REACH_TREE;
	if ((status = cp_search(out, ctx->graph, &q, &err)))
		return cli_fail(status, &err);
	return 0;
}

/* Writes what the writer has so far, and empties it (cp_format_options). */
static int flush_out(cp_buf *out, void *unused)
{
	(void)unused;
	if (cli_emit(out))
		return -1;
	cp_buf_clear(out);
	return 0;
}

int cmd_reach(cli_ctx *ctx, const cli_args *args)
{
	cp_query_parts parts = CP_QUERY_PARTS_INIT;
	cp_routes *routes = NULL;
	cp_format_options format = CP_FORMAT_OPTIONS_INIT;
	cp_buf out = CP_BUF_INIT;
	int status;

	if ((status = cli_reach_search(&routes, &format, &parts, ctx, args, 0)))
		goto cleanup;
	format.flush = flush_out;
	status = cp_routes_write(&out, ctx->graph, routes, &format);
	if (status == CP_EIO) {
		/* cli_emit() has said why */
		status = EXIT_IO;
		goto cleanup;
	}
	if (status) {
		cli_error("out of memory");
		status = EXIT_IO;
		goto cleanup;
	}
	if (!routes->count)
		status = EXIT_NO_ROUTE;
cleanup:
	cp_buf_free(&out);
	cp_routes_free(routes);
	cp_query_parts_free(&parts);
	return status;
}

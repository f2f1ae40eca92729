/* careerpath pareto FROM TO --by M1,M2: the routes no other route beats. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

const cli_opt cmd_pareto_opts[] = {
	{"by", 'b', "COST,COST[,...]",
	 "the costs to trade off, such as elapsed_months,cost_usd (required)"},
	{"max", 0, CLI_WORD, "keep a route total within VALUE (repeatable)"},
	{"also", 0, CLI_WORD, NULL},
	{"experience", 0, CLI_WORD, NULL},
	{"min-gain", 0, CLI_WORD, NULL},
	{"avoid", 0, CLI_WORD, NULL},
	{"via", 0, CLI_WORD, NULL},
	{"max-zone-jump", 0, CLI_WORD, NULL},
	{"max-education", 0, CLI_WORD, NULL},
	{"step-max", 0, CLI_WORD, NULL},
	{"growing", 0, CLI_WORD, NULL},
	{"min-openings", 0, CLI_WORD, NULL},
	{"max-payback", 0, CLI_WORD, NULL},
	{"discount", 0, CLI_WORD, NULL},
	{"limit", 0, CLI_WORD, NULL},
	{"timeout", 0, CLI_WORD, NULL},
	{"format", 'f', "FORMAT", "text (default), json or csv"},
	{"sources", 'v', NULL,
	 "text: also each step's row in transitions.csv, metrics and sources"},
	{NULL, 0, NULL, NULL},
};

int cmd_pareto(cli_ctx *ctx, const cli_args *args)
{
	const cli_command *cmd = ctx->command;
	const char *by = cli_value(args, cmd, "by");
	const char *format_name = cli_value(args, cmd, "format");
	cp_query q = CP_QUERY_INIT;
	cp_query_parts parts = CP_QUERY_PARTS_INIT;
	cp_cost *objectives[CLI_MAX_REPEAT];
	size_t n_objectives = 0, i;
	cp_routes *routes = NULL;
	cp_format_options format = CP_FORMAT_OPTIONS_INIT;
	cp_buf out = CP_BUF_INIT;
	cp_error err;
	int status, found;

	format.sources = cli_value(args, cmd, "sources") != NULL;
	if (!by) {
		cli_error("pareto needs --by with two costs or more, as in "
			  "--by elapsed_months,cost_usd");
		return EXIT_USAGE;
	}
	if (format_name &&
	    (status = cp_format_parse(&format.format, format_name, &err)))
		return cli_fail(status, &err);
	if ((status = cli_read_word(&parts, &q, ctx->graph, "from",
				    args->positional[0], "FROM")) ||
	    (status = cli_read_word(&parts, &q, ctx->graph, "to",
				    args->positional[1], "TO")))
		return status;
	if ((status = cli_read_costs(objectives, &n_objectives, ctx->graph, by,
				     "--by")))
		return status;
	if (n_objectives < 2) {
		cli_error("a trade-off needs two costs or more, as in "
			  "--by elapsed_months,cost_usd");
		status = EXIT_USAGE;
		goto cleanup;
	}
	if ((status = cli_read_query(&parts, &q, ctx->graph, args, cmd)))
		goto cleanup;
	q.kind = CP_QUERY_PARETO;
	q.objectives = (const cp_cost *const *)objectives;
	q.n_objectives = n_objectives;
	q.explain = 1;
	status = cp_search(&routes, ctx->graph, &q, &err);
	if (status && status != CP_ENOROUTE) {
		status = cli_fail(status, &err);
		goto cleanup;
	}
	found = status == 0;
	status = cli_answer(cp_routes_write(&out, ctx->graph, routes, &format),
			    &out, ctx->graph, routes, found, &err);
cleanup:
	cp_buf_free(&out);
	cp_routes_free(routes);
	for (i = 0; i < n_objectives; i++)
		cp_cost_free(objectives[i]);
	cp_query_parts_free(&parts);
	return status;
}

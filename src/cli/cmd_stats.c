/* careerpath stats: the graph as a career map. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>

/* Gateways listed unless --gateways says otherwise. */
#define DEFAULT_GATEWAYS 10

const cli_opt cmd_stats_opts[] = {
	{"by", 'b', "COST",
	 "the cost of routes: steps (default), a metric, or a weighted sum"},
	{"gateways", 0, "N",
	 "list the N roles of highest betweenness "
	 "(default 10)"},
	{"format", 'f', "FORMAT", "text (default), json or csv"},
	{"jobs", 'j', "N",
	 "search on N threads (default: the number of cores); the answer is "
	 "the same"},
	{NULL, 0, NULL, NULL},
};

int cmd_stats(cli_ctx *ctx, const cli_args *args)
{
	const cli_command *cmd = ctx->command;
	const char *by = cli_value(args, cmd, "by");
	const char *format_name = cli_value(args, cmd, "format");
	const char *gateways = cli_value(args, cmd, "gateways");
	cp_format format = CP_FORMAT_TEXT;
	size_t max_gateways = DEFAULT_GATEWAYS, jobs, shard, n_shards;
	cp_cost *cost = NULL;
	cp_stats *stats = NULL;
	cp_buf out = CP_BUF_INIT;
	cp_error err;
	int status;

	if (gateways) {
		char *end;
		unsigned long long value;
		errno = 0;
		value = strtoull(gateways, &end, 10);
		if (!*gateways || *end || errno || *gateways == '-') {
			cli_error("option '--gateways' takes a whole number, "
				  "not '%s'",
				  gateways);
			return EXIT_USAGE;
		}
		max_gateways = (size_t)value;
	}
	if ((status = cli_read_parallel(&jobs, &shard, &n_shards, args, cmd)))
		return status;
	if ((format_name &&
	     (status = cp_format_parse(&format, format_name, &err))) ||
	    (status = cp_cost_parse(&cost, ctx->graph, by ? by : "steps",
				    &err)) ||
	    (status = cp_stats_compute(&stats, ctx->graph, cost, max_gateways,
				       jobs, &err))) {
		status = cli_fail(status, &err);
		goto cleanup;
	}
	if (cp_stats_format(&out, ctx->graph, stats, format)) {
		cli_error("out of memory");
		status = EXIT_IO;
		goto cleanup;
	}
	status = cli_emit(&out);
cleanup:
	cp_buf_free(&out);
	cp_stats_free(stats);
	cp_cost_free(cost);
	return status;
}

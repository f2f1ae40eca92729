/* careerpath upskill FROM: which single role, held as well, opens most. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>

const cli_opt cmd_upskill_opts[] = {
	{"try", 0, "ROLE...",
	 "try ROLE (repeatable; default: every role one move from FROM)"},
	{"top", 'n', "N", "list the N best roles to add (default: all)"},
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
	{"format", 'f', "FORMAT", "text (default), json or csv"},
	{NULL, 0, NULL, NULL},
};

/* --top N: a whole number; 0 (all) when not given. */
static int read_top(size_t *out, const char *text)
{
	char *end;
	unsigned long long value;
	*out = 0;
	if (!text)
		return 0;
	errno = 0;
	value = strtoull(text, &end, 10);
	if (!*text || *end || errno || *text == '-' || !value) {
		cli_error("option '--top' takes a whole number from 1 up, not "
			  "'%s'",
			  text);
		return EXIT_USAGE;
	}
	*out = (size_t)value;
	return 0;
}

/* The roles of --try, each found by id, title or alias. */
static int read_tries(size_t *roles, size_t *n, const cli_args *args,
		      const cli_command *cmd, const cp_graph *g)
{
	const char *const *names;
	size_t i, count = cli_values(&names, args, cmd, "try");
	cp_error err;
	int status;
	for (i = 0; i < count; i++)
		if ((status = cp_role_find(&roles[i], g, names[i], &err)))
			return cli_fail_role(status, &err, g, names[i]);
	*n = count;
	return 0;
}

int cmd_upskill(cli_ctx *ctx, const cli_args *args)
{
	const cli_command *cmd = ctx->command;
	const char *format_name = cli_value(args, cmd, "format");
	cp_query q = CP_QUERY_INIT;
	cp_query_parts parts = CP_QUERY_PARTS_INIT;
	cp_upskill *ranked = NULL;
	cp_format format = CP_FORMAT_TEXT;
	cp_buf out = CP_BUF_INIT;
	size_t tries[CLI_MAX_REPEAT], n_tries = 0, top, i;
	cp_error err;
	int status, opens = 0;

	if ((status = read_top(&top, cli_value(args, cmd, "top"))))
		return status;
	if (format_name &&
	    (status = cp_format_parse(&format, format_name, &err)))
		return cli_fail(status, &err);
	if ((status = cli_read_word(&parts, &q, ctx->graph, "from",
				    args->positional[0], "FROM")) ||
	    (status = cli_read_query(&parts, &q, ctx->graph, args, cmd)) ||
	    (status = read_tries(tries, &n_tries, args, cmd, ctx->graph)))
		goto cleanup;
	if ((status = cp_upskill_rank(&ranked, ctx->graph, &q,
				      n_tries ? tries : NULL, n_tries, &err))) {
		status = cli_fail(status, &err);
		goto cleanup;
	}
	if (cp_upskill_write(&out, ctx->graph, ranked, format, top)) {
		cli_error("out of memory");
		status = EXIT_IO;
		goto cleanup;
	}
	for (i = 0; i < cp_upskill_count(ranked); i++)
		opens |= cp_upskill_at(ranked, i)->n_new > 0;
	if (!(status = cli_emit(&out)) && !opens)
		status = EXIT_NO_ROUTE;
cleanup:
	cp_buf_free(&out);
	cp_upskill_free(ranked);
	cp_query_parts_free(&parts);
	return status;
}

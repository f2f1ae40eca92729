/* careerpath: the command table and the dispatcher. */
#include "cli.h"
#include "cp_commit.h"

#include <stdio.h>
#include <string.h>

static int cmd_help(cli_ctx *ctx, const cli_args *args);

static const cli_opt no_opts[] = {{NULL, 0, NULL, NULL}};

static const cli_command commands[] = {
	{"path", cmd_path, CLI_NEEDS_GRAPH, "FROM TO", 2, 2,
	 "Find the best route from one role to another.",
	 "FROM and TO are role ids, titles or aliases (case and extra spaces\n"
	 "do not matter). COST is 'steps' (the default: fewest transitions),\n"
	 "a metric such as 'elapsed_months' (work experience and training)\n"
	 "or 'cost_usd', or a weighted sum such as 'months+cost_usd/1000'.\n"
	 "-k, --avoid, --via, --max, --min-gain and the career rules\n"
	 "(--max-zone-jump, --max-education, --step-max) ask for\n"
	 "alternatives and conditions; without a route it says why. Each\n"
	 "answer shows time, cost and pay; --sources adds where the numbers\n"
	 "come from. A blank value in the graph is not known: searches count\n"
	 "it as 0, its least, and the answer says 'at least' and on how many\n"
	 "steps.\n"
	 "Exit status: 0 a route, 1 no route, 2 a usage error, 3 bad graph\n"
	 "data, 4 an I/O or internal error, 5 the search limit was reached.\n",
	 cmd_path_opts},
	{"reach", cmd_reach, CLI_NEEDS_GRAPH, "[FROM]", 0, 1,
	 "List every role reachable from a role, or leading to one (--to).",
	 "Each role comes with its cheapest route under --by within the caps\n"
	 "(--max), cheapest first. With --to ROLE: the feeder roles, from\n"
	 "which ROLE can be reached. Exit status: 0 roles listed, 1 none,\n"
	 "2 a usage error, 3 bad graph data, 4 an I/O error, 5 the limit.\n",
	 cmd_reach_opts},
	{"pareto", cmd_pareto, CLI_NEEDS_GRAPH, "FROM TO", 2, 2,
	 "List the routes no other route beats on all the metrics given.",
	 "--by M1,M2[,M3] names the metrics to trade off, such as\n"
	 "months,cost_usd: the time-versus-money frontier, sorted by the\n"
	 "first metric. Exit status as for path.\n",
	 cmd_pareto_opts},
	{"upskill", cmd_upskill, CLI_NEEDS_GRAPH, "FROM", 1, 1,
	 "Rank the single roles that, held as well, would open most.",
	 "For each role one move from FROM (or each --try ROLE): the roles\n"
	 "a person holding it as well as FROM could reach within the caps\n"
	 "and rules (as with --also) that they cannot reach today, the best\n"
	 "pay among them and its gain over the best pay within reach today;\n"
	 "most roles opened first, then the highest gain. Exit status: 0\n"
	 "some role opens one, 1 none does, 2 a usage error, 3 bad graph\n"
	 "data, 4 an I/O error, 5 the limit.\n",
	 cmd_upskill_opts},
	{"batch", cmd_batch, CLI_NEEDS_GRAPH, "[FILE|-]", 0, 1,
	 "Answer a CSV file of queries, one per row, in parallel.",
	 "FILE (default: standard input) has the columns from,to and any of\n"
	 "by, k, max (COST=VALUE;...), avoid and via (ROLE;ROLE...),\n"
	 "experience, min_gain, max_zone_jump, max_education and step_max\n"
	 "(METRIC=VALUE;...), as the options of path; other columns\n"
	 "are carried through. Results come in input order, one line per\n"
	 "route, with an error column for rows without one. Exit status:\n"
	 "0 every row answered, 1 some row had no route, 2 a usage error,\n"
	 "3 some row was bad (its error is in its own line), 4 an I/O\n"
	 "error, 5 some row reached the search limit.\n",
	 cmd_batch_opts},
	{"matrix", cmd_matrix, CLI_NEEDS_GRAPH, "", 0, 0,
	 "Write the cost matrix between roles as CSV.",
	 "One line per origin (--from, default every role) with the cost\n"
	 "of its cheapest route under --by to each target (--to, default\n"
	 "every role); a cell is empty where there is no route. One\n"
	 "single-source search per origin. --summary adds the rows up\n"
	 "instead: the people in the origins (--weight COLUMN of roles.csv),\n"
	 "the share of them that can reach a target, and which targets.\n"
	 "Exit status: 0 done, 2 a usage error, 3 bad graph data, 4 an I/O\n"
	 "error.\n",
	 cmd_matrix_opts},
	{"stats", cmd_stats, CLI_NEEDS_GRAPH, "", 0, 0,
	 "Describe the graph as a career map.",
	 "Roles, transitions, strongly connected components, dead ends,\n"
	 "entry roles (no feeders) and the roles they cannot reach, the\n"
	 "share of ordered pairs of roles with a route and the median and\n"
	 "90th percentile route cost under --by, and the gateway roles that\n"
	 "most fewest-step routes pass through (betweenness). It searches\n"
	 "from every role: on large graphs it takes a while. Exit status:\n"
	 "0 done, 2 a usage error, 3 bad graph data, 4 an I/O error.\n",
	 cmd_stats_opts},
	{"dot", cmd_dot, CLI_NEEDS_GRAPH, "", 0, 0,
	 "Draw the graph, or the roles around one, as a Graphviz diagram.",
	 "Writes DOT, left to right, one box per role (title and median\n"
	 "wage) and one arrow per transition. --from and --to keep only the\n"
	 "roles up to --depth moves after or before a role (both: either).\n"
	 "--render draws the picture with Graphviz's dot program. To draw a\n"
	 "route, use 'careerpath path FROM TO --format dot'. Exit status:\n"
	 "0 done, 2 a usage error, 3 bad graph data, 4 an I/O error or no\n"
	 "Graphviz.\n",
	 cmd_dot_opts},
	{"serve", cmd_serve, CLI_NEEDS_GRAPH, "", 0, 0,
	 "Serve a web page for finding routes, and its JSON API.",
	 "Loads the graph once and answers over HTTP on --listen (default\n"
	 "127.0.0.1:8080, this machine only): the page at /, and /api/path,\n"
	 "/api/reach, /api/pareto and /api/roles, whose parameters are the\n"
	 "options of those commands (min_gain for --min-gain) and whose\n"
	 "answers are what they print with --format json; /api/why, which\n"
	 "takes /api/path's parameters and says why there is no route; and\n"
	 "/api/metrics, the graph's metrics. Stops on Ctrl-C or SIGTERM.\n"
	 "Exit status: 0 stopped, 2 a usage error, 3 bad graph data, 4 the\n"
	 "address cannot be listened on.\n",
	 cmd_serve_opts},
	{"check", cmd_check, 0, "", 0, 0,
	 "Validate a graph and report every problem found.",
	 "Each problem is printed as file:line:col: error|warning: message.\n"
	 "Exit status: 0 no errors (warnings allowed), 3 errors, 4 a file\n"
	 "missing or unreadable.\n",
	 cmd_check_opts},
	{"roles", cmd_roles, CLI_NEEDS_GRAPH, "", 0, 0,
	 "List the roles of a graph: the names that path accepts.", NULL,
	 cmd_roles_opts},
	{"help", cmd_help, 0, "[COMMAND]", 0, 1, "Show help for a command.",
	 NULL, no_opts},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const cli_command *find_command(const char *name)
{
	size_t i;
	for (i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* Levenshtein distance of two command names, which are short. */
static size_t name_distance(const char *a, const char *b)
{
	size_t row[32], la = strlen(a), lb = strlen(b), i, j;
	if (lb >= sizeof(row) / sizeof(row[0]))
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diagonal = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t above = row[j];
			size_t best = diagonal + (a[i - 1] != b[j - 1]);
			if (above + 1 < best)
				best = above + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diagonal = above;
			row[j] = best;
		}
	}
	return row[lb];
}

/*
 * "'pth' is not a careerpath command (did you mean 'path'?)": the commands
 * one or two edits away (one for a name of three letters or fewer, where
 * two edits make another word), closest first.
 */
static void unknown_command(const char *name)
{
	size_t limit = strlen(name) <= 3 ? 1 : 2, d, i, shown = 0;
	char hint[256] = "";
	for (d = 1; d <= limit && !shown; d++)
		for (i = 0; i < N_COMMANDS; i++) {
			size_t used = strlen(hint);
			if (name_distance(name, commands[i].name) != d)
				continue;
			snprintf(hint + used, sizeof(hint) - used, "%s'%s'",
				 shown++ ? " or " : " (did you mean ",
				 commands[i].name);
		}
	if (shown)
		strncat(hint, "?)", sizeof(hint) - strlen(hint) - 1);
	cli_error("'%s' is not a careerpath command%s; see 'careerpath help'",
		  name, hint);
}

static void main_usage(FILE *to)
{
	size_t i;
	fprintf(to,
		"usage: careerpath [--graph DIR] COMMAND [ARGS]\n"
		"       careerpath --help | --version\n\n"
		"Career routes through a graph of roles and transitions.\n\n"
		"commands:\n");
	for (i = 0; i < N_COMMANDS; i++)
		fprintf(to, "  %-8s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(to,
		"\nglobal options:\n"
		"  -g, --graph DIR   graph folder (default: $CAREERPATH_GRAPH, "
		"else "
		"the bundled\n"
		"                    'medical-assistant'); a bare name picks a "
		"bundled graph;\n"
		"                    given again, the folders load as one "
		"graph\n"
		"  -h, --help        show this help\n"
		"      --version     print the version\n\n"
		"See 'careerpath COMMAND --help' for a command's options.\n");
}

static int cmd_help(cli_ctx *ctx, const cli_args *args)
{
	const cli_command *cmd;
	(void)ctx;
	if (!args->n_positional) {
		main_usage(stdout);
		return cli_flush();
	}
	cmd = find_command(args->positional[0]);
	if (!cmd) {
		unknown_command(args->positional[0]);
		return EXIT_USAGE;
	}
	cli_usage(stdout, cmd);
	return cli_flush();
}

static int load_graph(cli_ctx *ctx)
{
	cp_error err;
	int status = cli_load_graphs(&ctx->graph, NULL, ctx, NULL, &err);
	return status < 0 ? cli_fail(status, &err) : status;
}

static int run(const cli_command *cmd, const char *const *graph_options,
	       size_t n_graph_options, int argc, char **argv)
{
	cli_ctx ctx = {graph_options, n_graph_options, cmd, NULL};
	cli_args args;
	int status = cli_parse(&args, cmd, argc, argv);
	if (status < 0)
		return EXIT_ANSWER;
	if (status)
		return status;
	if ((cmd->flags & CLI_NEEDS_GRAPH) && (status = load_graph(&ctx)))
		return status;
	status = cmd->run(&ctx, &args);
	cp_graph_free(ctx.graph);
	return status;
}

int main(int argc, char **argv)
{
	const char *graph_options[CLI_MAX_GRAPHS];
	size_t n_graphs = 0;
	const cli_command *cmd;
	int i;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			main_usage(stdout);
			return cli_flush();
		}
		if (!strcmp(a, "--version")) {
			if (*CP_COMMIT)
				printf("careerpath %s (git %s)\n", CP_VERSION,
				       CP_COMMIT);
			else
				printf("careerpath %s\n", CP_VERSION);
			return cli_flush();
		}
		if (!strcmp(a, "--graph") || !strcmp(a, "-g") ||
		    !strncmp(a, "--graph=", 8)) {
			const char *joined =
				!strncmp(a, "--graph=", 8) ? a + 8 : NULL;
			if (!joined && i + 1 >= argc) {
				cli_error("option '%s' needs a value (DIR)", a);
				return EXIT_USAGE;
			}
			if (n_graphs == CLI_MAX_GRAPHS) {
				cli_error("too many graph folders (at most %d "
					  "'--graph')",
					  CLI_MAX_GRAPHS);
				return EXIT_USAGE;
			}
			graph_options[n_graphs++] = joined ? joined : argv[++i];
		} else {
			cli_error(
				"unknown option '%s' (see 'careerpath --help'; "
				"command options come after the command)",
				a);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		main_usage(stderr);
		return EXIT_USAGE;
	}
	/* for the build's manual page and the shell's completion */
	if (!strcmp(argv[i], "help") && i + 1 < argc &&
	    !strcmp(argv[i + 1], "--man"))
		return cli_man(commands, N_COMMANDS, argv[i + 2]);
	if (!strcmp(argv[i], "help") && i + 1 < argc &&
	    !strcmp(argv[i + 1], "--complete"))
		return cli_complete(commands, N_COMMANDS, argc - i - 2,
				    argv + i + 2);
	cmd = find_command(argv[i]);
	if (!cmd) {
		unknown_command(argv[i]);
		return EXIT_USAGE;
	}
	return run(cmd, graph_options, n_graphs, argc - i - 1, argv + i + 1);
}

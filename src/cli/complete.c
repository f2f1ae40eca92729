/*
 * Shell completion: what the word being typed may become, worked out from
 * the command and option tables (which options take a value, and what
 * kind) and from the graph the command line names. The bash script in
 * completion/careerpath only quotes and filters what this prints.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

typedef enum {
	VALUE_NONE,
	VALUE_ROLE,
	VALUE_COST,
	VALUE_CAP,
	VALUE_METRICS,
	VALUE_COLUMN,
	VALUE_FILE,
	VALUE_DIR,
	VALUE_COMMAND
} value_kind;

/* The kind of value a placeholder of the tables (ROLE, COST, ...) names. */
static value_kind kind_of(const char *placeholder)
{
	if (!placeholder)
		return VALUE_NONE;
	if (strstr(placeholder, "ROLE") || !strcmp(placeholder, "FROM") ||
	    !strcmp(placeholder, "TO"))
		return VALUE_ROLE;
	if (!strcmp(placeholder, "COST"))
		return VALUE_COST;
	if (strstr(placeholder, "METRIC=") || strstr(placeholder, "COST="))
		return VALUE_CAP;
	if (strstr(placeholder, "METRIC") || !strncmp(placeholder, "COST,", 5))
		return VALUE_METRICS;
	if (!strcmp(placeholder, "COLUMN"))
		return VALUE_COLUMN;
	if (!strcmp(placeholder, "FILE"))
		return VALUE_FILE;
	if (!strcmp(placeholder, "DIR"))
		return VALUE_DIR;
	if (!strcmp(placeholder, "COMMAND"))
		return VALUE_COMMAND;
	return VALUE_NONE;
}

/* The kind of the index-th argument in a synopsis such as "[FROM] TO". */
static value_kind positional_kind(const cli_command *cmd, int index)
{
	char word[32];
	const char *s = cmd->synopsis;
	size_t len;
	for (;;) {
		s += strspn(s, " []");
		len = strcspn(s, " []");
		if (!len)
			return VALUE_NONE;
		if (!index--)
			break;
		s += len;
	}
	if (len >= sizeof(word))
		return VALUE_NONE;
	memcpy(word, s, len);
	word[len] = '\0';
	return kind_of(word);
}

static const cli_opt *find_opt(const cli_opt *opts, const char *word,
			       int *inline_value)
{
	size_t i, len;
	*inline_value = 0;
	if (word[1] != '-') {
		for (i = 0; opts[i].name; i++)
			if (opts[i].short_name == word[1]) {
				*inline_value = word[2] != '\0';
				return &opts[i];
			}
		return NULL;
	}
	len = strcspn(word + 2, "=");
	*inline_value = word[2 + len] == '=';
	for (i = 0; opts[i].name; i++)
		if (strlen(opts[i].name) == len &&
		    !strncmp(opts[i].name, word + 2, len))
			return &opts[i];
	return NULL;
}

static void put_options(const cli_opt *opts, int with_help)
{
	size_t i;
	puts("words");
	for (i = 0; opts[i].name; i++)
		printf(opts[i].name[1] ? "--%s\n" : "-%s\n", opts[i].name);
	if (with_help)
		puts("--help");
}

static void put_graph_values(const cp_graph *g, value_kind kind,
			     const char *current)
{
	size_t i, n_metrics = cp_graph_metric_count(g);
	/* a list such as "months,co": complete the last item */
	const char *comma = strrchr(current, ',');
	int list_prefix =
		kind == VALUE_METRICS && comma ? (int)(comma - current + 1) : 0;
	puts(kind == VALUE_CAP ? "nospace" : "words");
	switch (kind) {
	case VALUE_ROLE:
		for (i = 0; i < cp_graph_role_count(g); i++)
			printf("%s\n%s\n", cp_role_id(g, i),
			       cp_role_title(g, i));
		break;
	case VALUE_COLUMN:
		for (i = 0; i < cp_column_count(g, CP_ROLES); i++)
			printf("%s\n", cp_column_name(g, CP_ROLES, i));
		break;
	default:
		if (kind != VALUE_METRICS)
			printf("steps%s\n", kind == VALUE_CAP ? "=" : "");
		for (i = 0; i < n_metrics; i++)
			printf("%.*s%s%s\n", list_prefix, current,
			       cp_metric_name(g, i),
			       kind == VALUE_CAP ? "=" : "");
	}
}

static void put_values(value_kind kind, const char *graph_option,
		       const cli_command *commands, size_t n_commands,
		       const char *current)
{
	cp_buf dir = CP_BUF_INIT;
	cp_graph *g = NULL;
	size_t i;
	switch (kind) {
	case VALUE_NONE: puts("words"); break;
	case VALUE_FILE: puts("files"); break;
	case VALUE_DIR: puts("dirs"); break;
	case VALUE_COMMAND:
		puts("words");
		for (i = 0; i < n_commands; i++)
			puts(commands[i].name);
		break;
	default:
		/* a graph that does not load offers nothing */
		if (cli_graph_dir(&dir, graph_option) ||
		    cp_graph_load(&g, dir.ptr, NULL, NULL))
			puts("words");
		else
			put_graph_values(g, kind, current);
	}
	cp_graph_free(g);
	cp_buf_free(&dir);
}

/* The command's arguments: words[first .. last-1] typed, words[last] now. */
static void complete_command(const cli_command *cmd, const char *graph_option,
			     const cli_command *commands, size_t n_commands,
			     char **words, int first, int last)
{
	int i, n_positional = 0, only_positional = 0, inline_value;
	const char *current = words[last];
	for (i = first; i < last; i++) {
		const char *word = words[i];
		const cli_opt *o;
		if (only_positional || word[0] != '-' || !word[1]) {
			n_positional++;
			continue;
		}
		if (!strcmp(word, "--")) {
			only_positional = 1;
			continue;
		}
		o = find_opt(cmd->opts, word, &inline_value);
		if (!o || !cli_opt_arg(o) || inline_value)
			continue;
		if (i + 1 == last) {
			put_values(kind_of(cli_opt_arg(o)), graph_option,
				   commands, n_commands, current);
			return;
		}
		i++;
	}
	if (current[0] == '-' && !only_positional)
		put_options(cmd->opts, 1);
	else if (n_positional < cmd->max_args)
		put_values(positional_kind(cmd, n_positional), graph_option,
			   commands, n_commands, current);
	else
		puts("words");
}

int cli_complete(const cli_command *commands, size_t n_commands, int argc,
		 char **argv)
{
	static char *nothing[] = {""};
	const char *graph_option = NULL;
	int i = 0, last = argc - 1;
	size_t c;
	if (argc < 1) {
		argv = nothing;
		last = 0;
	}
	while (i < last && argv[i][0] == '-') {
		if (!strcmp(argv[i], "--graph") || !strcmp(argv[i], "-g")) {
			if (i + 1 == last) {
				puts("dirs");
				return cli_flush();
			}
			graph_option = argv[i + 1];
			i += 2;
			continue;
		}
		if (!strncmp(argv[i], "--graph=", 8))
			graph_option = argv[i] + 8;
		i++;
	}
	if (i == last) {
		if (argv[last][0] == '-')
			put_options(cli_global_opts, 0);
		else
			put_values(VALUE_COMMAND, NULL, commands, n_commands,
				   "");
		return cli_flush();
	}
	for (c = 0; c < n_commands; c++)
		if (!strcmp(commands[c].name, argv[i]))
			break;
	if (c < n_commands)
		complete_command(&commands[c], graph_option, commands,
				 n_commands, argv, i + 1, last);
	else
		puts("words");
	return cli_flush();
}

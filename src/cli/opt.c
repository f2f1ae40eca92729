/* Option parsing and help, both driven by a command's option table. */
#include "cli.h"

#include <errno.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cli_opt help_opt = {"help", 'h', NULL, "show this help"};

/* Only its address counts: an option's arg that says "a query word". */
const char cli_word[] = "";

const cp_query_word *cli_opt_word(const cli_opt *o)
{
	return o->arg == cli_word ? cp_query_word_find(o->name) : NULL;
}

const char *cli_opt_arg(const cli_opt *o)
{
	const cp_query_word *word = cli_opt_word(o);
	return word ? word->arg : o->arg;
}

const char *cli_opt_help(const cli_opt *o)
{
	const cp_query_word *word = cli_opt_word(o);
	return o->help || !word ? o->help : word->help;
}

/*
 * Where this thread's output and messages go instead of stdout and stderr
 * (cli_capture): serve answers a request by running a command in memory.
 */
static _Thread_local cp_buf *captured_out, *captured_err;
static _Thread_local int capture_failed;

void cli_capture(cp_buf *out, cp_buf *err)
{
	captured_out = out;
	captured_err = err;
	capture_failed = 0;
}

int cli_capture_failed(void)
{
	return capture_failed;
}

/* One message line, without the program's name, into the capture. */
static void capture_message(const char *fmt, va_list ap)
{
	va_list again;
	char *line = NULL;
	int len;
	va_copy(again, ap);
	len = vsnprintf(NULL, 0, fmt, ap);
	if (len >= 0 && (line = malloc((size_t)len + 2))) {
		vsnprintf(line, (size_t)len + 1, fmt, again);
		line[len] = '\n';
	}
	va_end(again);
	if (!line || cp_buf_put(captured_err, line, (size_t)len + 1))
		capture_failed = 1;
	free(line);
}

static int find_long(const cli_opt *opts, const char *name, size_t len)
{
	int i;
	for (i = 0; opts[i].name; i++)
		if (strlen(opts[i].name) == len &&
		    !strncmp(opts[i].name, name, len))
			return i;
	return -1;
}

static int find_short(const cli_opt *opts, char c)
{
	int i;
	for (i = 0; opts[i].name; i++)
		if (opts[i].short_name && opts[i].short_name == c)
			return i;
	return -1;
}

static void put_opt(FILE *to, const cli_opt *o)
{
	char left[64];
	const char *arg = cli_opt_arg(o), *help = cli_opt_help(o);
	const char *space = arg ? " " : "";
	if (!arg)
		arg = "";
	if (o->short_name && !o->name[1])
		snprintf(left, sizeof(left), "-%c %s", o->short_name, arg);
	else if (o->short_name)
		snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name,
			 o->name, space, arg);
	else
		snprintf(left, sizeof(left), "    --%s%s%s", o->name, space,
			 arg);
	/* a long option gets its help on a line of its own, aligned */
	if (strlen(left) > 24)
		fprintf(to, "  %s\n  %-24s %s\n", left, "", help);
	else
		fprintf(to, "  %-24s %s\n", left, help);
}

void cli_usage(FILE *to, const cli_command *cmd)
{
	int i;
	fprintf(to, "usage: careerpath [--graph DIR] %s%s%s [options]\n\n%s\n",
		cmd->name, cmd->synopsis[0] ? " " : "", cmd->synopsis,
		cmd->summary);
	if (cmd->details)
		fprintf(to, "\n%s", cmd->details);
	fprintf(to, "\noptions:\n");
	for (i = 0; cmd->opts[i].name; i++)
		put_opt(to, &cmd->opts[i]);
	put_opt(to, &help_opt);
}

static int usage_error(const cli_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int usage_error(const cli_command *cmd, const char *fmt, ...)
{
	va_list ap;
	if (captured_err) {
		va_start(ap, fmt);
		capture_message(fmt, ap);
		va_end(ap);
		return EXIT_USAGE;
	}
	fprintf(stderr, "careerpath %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see 'careerpath %s --help')\n", cmd->name);
	return EXIT_USAGE;
}

int cli_opt_repeatable(const cli_opt *o)
{
	const char *arg = cli_opt_arg(o);
	size_t len = arg ? strlen(arg) : 0;
	return len > 3 && !strcmp(arg + len - 3, "...");
}

/* Keeps the value; a repeatable option keeps every one. */
static int keep(cli_args *out, const cli_command *cmd, int opt,
		const char *value)
{
	const cli_opt *o = &cmd->opts[opt];
	out->values[opt] = value;
	if (!cli_opt_repeatable(o))
		return 0;
	if (out->n_repeats[opt] >= CLI_MAX_REPEAT)
		return usage_error(cmd,
				   "option '--%s' given more than %d times",
				   o->name, CLI_MAX_REPEAT);
	out->repeats[opt][out->n_repeats[opt]++] = value;
	return 0;
}

/* spelled: the option as given, "-k" or "--by", for messages */
static int take_value(cli_args *out, const cli_command *cmd, int opt,
		      const char *spelled, const char *inline_value, int argc,
		      char **argv, int *i)
{
	const cli_opt *o = &cmd->opts[opt];
	if (!cli_opt_arg(o)) {
		if (inline_value)
			return usage_error(cmd, "option '%s' takes no value",
					   spelled);
		out->values[opt] = "";
		return 0;
	}
	if (inline_value)
		return keep(out, cmd, opt, inline_value);
	if (*i + 1 >= argc)
		return usage_error(cmd, "option '%s' needs a value (%s)",
				   spelled, cli_opt_arg(o));
	return keep(out, cmd, opt, argv[++*i]);
}

int cli_parse(cli_args *out, const cli_command *cmd, int argc, char **argv)
{
	int i, only_positional = 0, status;
	memset(out, 0, sizeof(*out));
	/* values are kept by option index: a longer table would overrun */
	for (i = 0; cmd->opts[i].name; i++)
		if (i >= CLI_MAX_OPTS) {
			cli_error("'%s' has more than %d options", cmd->name,
				  CLI_MAX_OPTS);
			return EXIT_IO;
		}
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		char spelled[64];
		int opt;
		if (only_positional || a[0] != '-' || !a[1]) {
			if (out->n_positional >= cmd->max_args)
				return usage_error(
					cmd, "unexpected argument '%s'", a);
			out->positional[out->n_positional++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_positional = 1;
			continue;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			cli_usage(stdout, cmd);
			return cli_flush() ? EXIT_IO : -1;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			opt = find_long(cmd->opts, a + 2, len);
			if (opt < 0)
				return usage_error(cmd, "unknown option '%.*s'",
						   (int)len + 2, a);
			snprintf(spelled, sizeof(spelled), "--%s",
				 cmd->opts[opt].name);
			status = take_value(out, cmd, opt, spelled,
					    eq ? eq + 1 : NULL, argc, argv, &i);
		} else {
			opt = find_short(cmd->opts, a[1]);
			if (opt < 0)
				return usage_error(cmd, "unknown option '-%c'",
						   a[1]);
			snprintf(spelled, sizeof(spelled), "-%c", a[1]);
			status =
				take_value(out, cmd, opt, spelled,
					   a[2] ? a + 2 : NULL, argc, argv, &i);
		}
		if (status)
			return status;
	}
	if (out->n_positional < cmd->min_args)
		return usage_error(cmd, "missing arguments: expected %s",
				   cmd->synopsis);
	return 0;
}

const char *cli_value(const cli_args *args, const cli_command *cmd,
		      const char *name)
{
	int i = find_long(cmd->opts, name, strlen(name));
	return i < 0 ? NULL : args->values[i];
}

size_t cli_values(const char *const **out, const cli_args *args,
		  const cli_command *cmd, const char *name)
{
	int i = find_long(cmd->opts, name, strlen(name));
	if (i < 0) {
		*out = NULL;
		return 0;
	}
	*out = args->repeats[i];
	return args->n_repeats[i];
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	if (captured_err) {
		va_start(ap, fmt);
		capture_message(fmt, ap);
		va_end(ap);
		return;
	}
	fputs("careerpath: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_exit_code(int status)
{
	switch (status) {
	case CP_OK: return EXIT_ANSWER;
	case CP_ENOROUTE: return EXIT_NO_ROUTE;
	case CP_ENOTFOUND:
	case CP_EAMBIGUOUS:
	case CP_EINVALID: return EXIT_USAGE;
	case CP_EDATA: return EXIT_DATA;
	case CP_ELIMIT:
	case CP_ETIMEOUT:
	case CP_ECANCELED: return EXIT_LIMIT;
	case CP_EOVERFLOW: return EXIT_DATA;
	default: return EXIT_IO;
	}
}

int cli_fail(int status, const cp_error *err)
{
	const char *text = err->text[0] ? err->text : cp_strerror(status);
	/* the library speaks of its bound on work; here it is an option */
	if (status == CP_ELIMIT)
		cli_error("%s; raise --limit to search further", text);
	else if (status == CP_ETIMEOUT)
		cli_error("%s; raise --timeout to search longer", text);
	else
		cli_error("%s", text);
	return cli_exit_code(status);
}

int cli_emit(const cp_buf *out)
{
	if (captured_out) {
		if (!cp_buf_put(captured_out, out->ptr, out->size))
			return 0;
		capture_failed = 1;
		return EXIT_IO;
	}
	if (out->size && fwrite(out->ptr, 1, out->size, stdout) != out->size)
		goto failed;
	return cli_flush();
failed:
	cli_error("cannot write the output: %s", strerror(errno));
	return EXIT_IO;
}

int cli_flush(void)
{
	if (captured_out)
		return 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	cli_error("cannot write the output: %s", strerror(errno));
	return EXIT_IO;
}

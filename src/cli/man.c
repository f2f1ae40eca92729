/*
 * The generated parts of careerpath(1): synopsis, global options and
 * commands, written in roff from the same tables that drive parsing and
 * --help, so the manual cannot fall behind them. The build inserts them
 * into docs/careerpath.1.in (see cmake/ManPage.cmake).
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

const cli_opt cli_global_opts[] = {
	{"graph", 'g', "DIR",
	 "graph folder (default: $CAREERPATH_GRAPH, else the bundled "
	 "'medical-assistant'); a bare name picks a bundled graph"},
	{"help", 'h', NULL, "show this help"},
	{"version", 0, NULL, "print the version"},
	{NULL, 0, NULL, NULL},
};

/* Length of the UTF-8 sequence starting with lead, and its first bits. */
static size_t utf8_lead(unsigned char lead, unsigned *bits)
{
	if (lead >= 0xf0) {
		*bits = lead & 0x07;
		return 4;
	}
	if (lead >= 0xe0) {
		*bits = lead & 0x0f;
		return 3;
	}
	*bits = lead & 0x1f;
	return 2;
}

/*
 * Text as roff reads it literally: backslashes escaped, a leading dot or
 * quote made harmless, a dash that starts a word (an option) written as
 * the minus sign roff would otherwise turn into a hyphen, and any other
 * character than ASCII as \[uXXXX] so no input encoding is assumed.
 */
static void put_text(FILE *to, const char *s)
{
	int line_start = 1, word_start = 1;
	while (*s) {
		unsigned char c = (unsigned char)*s;
		if (line_start && (c == '.' || c == '\''))
			fputs("\\&", to);
		if (c == '\\') {
			fputs("\\e", to);
		} else if (c == '-' && word_start) {
			fputs("\\-", to);
		} else if (c >= 0x80) {
			unsigned code;
			size_t len = utf8_lead(c, &code), i;
			for (i = 1; i < len && (s[i] & 0xc0) == 0x80; i++)
				code = code << 6 | ((unsigned char)s[i] & 0x3f);
			fprintf(to, "\\[u%04X]", code);
			s += i;
			line_start = word_start = 0;
			continue;
		} else {
			fputc(c, to);
		}
		line_start = c == '\n';
		word_start = c == ' ' || c == '\n' || c == '(' ||
			     (c == '-' && word_start);
		s++;
	}
}

/* A synopsis such as "[FROM]": the placeholders in italics. */
static void put_placeholders(FILE *to, const char *s)
{
	int italic = 0;
	for (; *s; s++) {
		int upper = (*s >= 'A' && *s <= 'Z') ||
			    (italic && *s >= '0' && *s <= '9');
		if (upper != italic)
			fputs(upper ? "\\fI" : "\\fR", to);
		italic = upper;
		if (*s == '\\' || *s == '-')
			fputc('\\', to);
		fputc(*s == '\\' ? 'e' : *s, to);
	}
	if (italic)
		fputs("\\fR", to);
}

static void put_opt(FILE *to, const cli_opt *o)
{
	fputs(".TP\n", to);
	if (o->short_name)
		fprintf(to, "\\fB\\-%c\\fR", o->short_name);
	if (o->short_name && o->name[1])
		fputs(", ", to);
	if (o->name[1] || !o->short_name) {
		const char *c;
		/* every dash a minus, so the name copies as typed */
		fputs("\\fB\\-\\-", to);
		for (c = o->name; *c; c++) {
			if (*c == '-')
				fputc('\\', to);
			fputc(*c, to);
		}
		fputs("\\fR", to);
	}
	if (cli_opt_arg(o)) {
		fputc(' ', to);
		put_placeholders(to, cli_opt_arg(o));
	}
	fputc('\n', to);
	put_text(to, cli_opt_help(o));
	fputc('\n', to);
}

static void put_usage(FILE *to, const cli_command *cmd)
{
	fputs("\\fBcareerpath\\fR [\\fB\\-\\-graph\\fR \\fIDIR\\fR] \\fB", to);
	put_text(to, cmd->name);
	fputs("\\fR", to);
	if (cmd->synopsis[0]) {
		fputc(' ', to);
		put_placeholders(to, cmd->synopsis);
	}
	if (cmd->opts[0].name)
		fputs(" [\\fIoptions\\fR]", to);
	fputc('\n', to);
}

static void put_synopsis(FILE *to, const cli_command *commands, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		put_usage(to, &commands[i]);
		fputs(".br\n", to);
	}
	fputs("\\fBcareerpath\\fR \\fIcommand\\fR \\fB\\-\\-help\\fR\n.br\n"
	      "\\fBcareerpath\\fR \\fB\\-\\-help\\fR | "
	      "\\fB\\-\\-version\\fR\n",
	      to);
}

static void put_commands(FILE *to, const cli_command *commands, size_t n)
{
	size_t i, j;
	for (i = 0; i < n; i++) {
		const cli_command *cmd = &commands[i];
		fputs(".SS ", to);
		put_text(to, cmd->name);
		fputc('\n', to);
		put_usage(to, cmd);
		fputs(".PP\n", to);
		put_text(to, cmd->summary);
		fputc('\n', to);
		if (cmd->details) {
			fputs(".PP\n", to);
			put_text(to, cmd->details);
		}
		for (j = 0; cmd->opts[j].name; j++)
			put_opt(to, &cmd->opts[j]);
	}
}

int cli_man(const cli_command *commands, size_t n_commands, const char *part)
{
	size_t i;
	if (part && !strcmp(part, "synopsis")) {
		put_synopsis(stdout, commands, n_commands);
	} else if (part && !strcmp(part, "options")) {
		for (i = 0; cli_global_opts[i].name; i++)
			put_opt(stdout, &cli_global_opts[i]);
	} else if (part && !strcmp(part, "commands")) {
		put_commands(stdout, commands, n_commands);
	} else {
		cli_error("help --man needs a part: synopsis, options or "
			  "commands");
		return EXIT_USAGE;
	}
	return cli_flush();
}

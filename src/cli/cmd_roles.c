/* careerpath roles: the roles of a graph and the names they answer to. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const cli_opt cmd_roles_opts[] = {
	{"format", 'f', "FORMAT", "text (default), json or csv"},
	{"match", 'm', "TEXT",
	 "only the roles with an id, title or alias holding TEXT (any "
	 "case), best match first"},
	{"role", 0, "ROLE...", "only ROLE (repeatable, in order)"},
	{"count", 'n', "N", "at most N roles"},
	{NULL, 0, NULL, NULL},
};

/*
 * How well a name matches what is typed, best first: the whole name, its
 * start, the start of one of its words, anywhere in it; then a title
 * before an id or alias. NO_MATCH when it does not hold the text.
 */
enum { MATCH_WHOLE, MATCH_START, MATCH_WORD, MATCH_INSIDE, NO_MATCH };

/* A role chosen for the listing and the name it matched by. */
typedef struct role_match {
	size_t role;
	int key; /* 2 * how (MATCH_*) + 1 when the name is not the title */
	const char *name;
	size_t name_len;
} role_match;

/* Where text (len bytes, any ASCII case) is in name, or NULL. */
static const char *find_text(const char *name, size_t name_len,
			     const char *text, size_t len)
{
	size_t i;
	for (i = 0; len <= name_len && i <= name_len - len; i++)
		if (!strncasecmp(name + i, text, len))
			return name + i;
	return NULL;
}

static int match_how(const char *name, size_t name_len, const char *text,
		     size_t len)
{
	const char *at = find_text(name, name_len, text, len);
	if (!at)
		return NO_MATCH;
	if (at == name)
		return name_len == len ? MATCH_WHOLE : MATCH_START;
	do {
		if (strchr(" (/-", at[-1]))
			return MATCH_WORD;
		at = find_text(at + 1, name_len - (size_t)(at + 1 - name), text,
			       len);
	} while (at);
	return MATCH_INSIDE;
}

/* Keeps name in m when it matches text better than m's name does. */
static void consider(role_match *m, const char *name, size_t name_len,
		     int is_title, const char *text, size_t len)
{
	int how, key;
	while (name_len && name[0] == ' ')
		name++, name_len--;
	while (name_len && name[name_len - 1] == ' ')
		name_len--;
	how = match_how(name, name_len, text, len);
	key = 2 * how + !is_title;
	if (how != NO_MATCH && key < m->key) {
		m->key = key;
		m->name = name;
		m->name_len = name_len;
	}
}

/* The best of the role's names for text; m->key is past NO_MATCH if none. */
static void match_role(role_match *m, const cp_graph *g, size_t aliases_col,
		       size_t role, const char *text)
{
	const char *title = cp_role_title(g, role), *id = cp_role_id(g, role);
	const char *alias =
		aliases_col == (size_t)-1
			? ""
			: cp_cell_text(g, CP_ROLES, aliases_col, role);
	size_t len = strlen(text);
	m->role = role;
	m->key = 2 * NO_MATCH;
	consider(m, title, strlen(title), 1, text, len);
	consider(m, id, strlen(id), 0, text, len);
	while (*alias) {
		size_t alias_len = strcspn(alias, ";");
		consider(m, alias, alias_len, 0, text, len);
		alias += alias_len + (alias[alias_len] == ';');
	}
}

static int by_match(const void *a, const void *b)
{
	const role_match *x = a, *y = b;
	size_t len = x->name_len < y->name_len ? x->name_len : y->name_len;
	int order;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if ((order = strncasecmp(x->name, y->name, len)))
		return order;
	if (x->name_len != y->name_len)
		return x->name_len < y->name_len ? -1 : 1;
	return x->role < y->role ? -1 : x->role > y->role;
}

/*
 * The roles to list, in order, into *out (the caller frees it): those
 * --role names, or every role; of them those --match's text matches, best
 * first; at most --count. Returns 0 or an exit code.
 */
static int choose_roles(size_t **out, size_t *n_out, const cp_graph *g,
			const cli_args *args, const cli_command *cmd)
{
	const char *match = cli_value(args, cmd, "match");
	const char *count = cli_value(args, cmd, "count");
	const char *const *names;
	size_t n_names = cli_values(&names, args, cmd, "role");
	size_t n = n_names ? n_names : cp_graph_role_count(g), i, kept = 0;
	size_t limit = n, aliases_col;
	role_match *matches = NULL;
	cp_error err;
	int status = 0;
	char *end;
	*out = NULL;
	*n_out = 0;
	if (count) {
		unsigned long long value;
		errno = 0;
		value = strtoull(count, &end, 10);
		if (!*count || *end || errno || *count == '-' || value < 1) {
			cli_error("option '--count' takes a whole number of "
				  "roles from 1, not '%s'",
				  count);
			return EXIT_USAGE;
		}
		if (value < limit)
			limit = (size_t)value;
	}
	if (cp_column_find(&aliases_col, g, CP_ROLES, "aliases"))
		aliases_col = (size_t)-1;
	if (!(matches = calloc(n ? n : 1, sizeof(*matches))) ||
	    !(*out = calloc(n ? n : 1, sizeof(**out)))) {
		cli_error("out of memory");
		status = EXIT_IO;
		goto cleanup;
	}
	for (i = 0; i < n; i++) {
		size_t role = i;
		if (n_names &&
		    (status = cp_role_find(&role, g, names[i], &err))) {
			status = cli_fail_role(status, &err, g, names[i]);
			goto cleanup;
		}
		if (match) {
			match_role(&matches[kept], g, aliases_col, role, match);
			kept += matches[kept].key < 2 * NO_MATCH;
		} else {
			matches[kept++].role = role;
		}
	}
	if (match)
		qsort(matches, kept, sizeof(*matches), by_match);
	for (i = 0; i < kept && i < limit; i++)
		(*out)[i] = matches[i].role;
	*n_out = i;
cleanup:
	if (status) {
		free(*out);
		*out = NULL;
	}
	free(matches);
	return status;
}

/* name with its white space trimmed and each run of it made one space */
static void fold_spaces(cp_buf *out, const char *name)
{
	int pending = 0;
	for (; *name; name++) {
		if (strchr(" \t\r\n", *name)) {
			pending = out->size > 0;
			continue;
		}
		if (pending)
			cp_buf_puts(out, " ");
		pending = 0;
		cp_buf_put(out, name, 1);
	}
}

/* text as one shell word: as it is when plain, else in double quotes */
static void shell_word(cp_buf *out, const char *text)
{
	const char *at;
	if (*text &&
	    strspn(text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"
			 "RSTUVWXYZ0123456789-_./,:+") == strlen(text)) {
		cp_buf_puts(out, text);
		return;
	}
	cp_buf_puts(out, "\"");
	for (at = text; *at; at++) {
		if (strchr("\"\\$`", *at))
			cp_buf_puts(out, "\\");
		cp_buf_put(out, at, 1);
	}
	cp_buf_puts(out, "\"");
}

int cli_fail_role(int status, const cp_error *err, const cp_graph *g,
		  const char *name)
{
	cp_buf text = CP_BUF_INIT, command = CP_BUF_INIT;
	size_t role, n_roles = cp_graph_role_count(g), named = 0, col;
	role_match m;
	if (status != CP_EAMBIGUOUS)
		return cli_fail(status, err);
	fold_spaces(&text, name);
	if (cp_column_find(&col, g, CP_ROLES, "aliases"))
		col = (size_t)-1;
	for (role = 0; text.size && role < n_roles; role++) {
		match_role(&m, g, col, role, text.ptr);
		named += m.key < 2 * MATCH_START;
	}
	cp_buf_puts(&command, "careerpath roles --match ");
	shell_word(&command, text.ptr ? text.ptr : "");
	cp_buf_printf(&command, " --count %zu", named);
	/* the message lists a few; the roles command lists all, with ids */
	if (named > 1)
		cli_error("%s; '%s' lists all %zu", err->text, command.ptr,
			  named);
	else
		cli_error("%s", err->text);
	cp_buf_free(&text);
	cp_buf_free(&command);
	return cli_exit_code(status);
}

static int put_cell(cp_buf *out, const cp_graph *g, size_t col, size_t role,
		    cp_format format)
{
	if (cp_column_kind_of(g, CP_ROLES, col) == CP_COLUMN_NUMBER)
		return cp_buf_put_number(
			out, cp_cell_number(g, CP_ROLES, col, role), format);
	if (format == CP_FORMAT_JSON)
		return cp_buf_put_json_string(
			out, cp_cell_text(g, CP_ROLES, col, role));
	return cp_buf_put_csv_field(out, cp_cell_text(g, CP_ROLES, col, role));
}

static int roles_table(cp_buf *out, const cp_graph *g, const size_t *roles,
		       size_t n_roles, cp_format format)
{
	size_t n_cols = cp_column_count(g, CP_ROLES), col, i;
	int status = 0;
	const char *open = format == CP_FORMAT_JSON ? "[" : "";
	status = cp_buf_puts(out, open);
	if (format == CP_FORMAT_CSV) {
		for (col = 0; col < n_cols && !status; col++)
			status = (col && cp_buf_puts(out, ",")) ||
				 cp_buf_put_csv_field(
					 out, cp_column_name(g, CP_ROLES, col));
		status = status || cp_buf_puts(out, "\n");
	}
	for (i = 0; i < n_roles && !status; i++) {
		size_t role = roles[i];
		if (format == CP_FORMAT_JSON)
			status = cp_buf_puts(out, i ? ",{" : "{");
		for (col = 0; col < n_cols && !status; col++) {
			if (col)
				status = cp_buf_puts(out, ",");
			if (!status && format == CP_FORMAT_JSON)
				status =
					cp_buf_put_json_string(
						out, cp_column_name(g, CP_ROLES,
								    col)) ||
					cp_buf_puts(out, ":");
			if (!status)
				status = put_cell(out, g, col, role, format);
		}
		if (!status)
			status = cp_buf_puts(
				out, format == CP_FORMAT_JSON ? "}" : "\n");
	}
	if (!status && format == CP_FORMAT_JSON)
		status = cp_buf_puts(out, "]\n");
	return status;
}

static int roles_text(cp_buf *out, const cp_graph *g, const size_t *roles,
		      size_t n_roles)
{
	size_t i, width = 0, col;
	int has_aliases = cp_column_find(&col, g, CP_ROLES, "aliases") == 0;
	int status = 0;
	for (i = 0; i < n_roles; i++)
		if (strlen(cp_role_id(g, roles[i])) > width)
			width = strlen(cp_role_id(g, roles[i]));
	for (i = 0; i < n_roles && !status; i++) {
		size_t role = roles[i];
		const char *aliases =
			has_aliases ? cp_cell_text(g, CP_ROLES, col, role) : "";
		status = cp_buf_printf(out, "%-*s  %s", (int)width,
				       cp_role_id(g, role),
				       cp_role_title(g, role));
		if (!status && *aliases)
			status = cp_buf_printf(out, " (%s)", aliases);
		if (!status)
			status = cp_buf_puts(out, "\n");
	}
	return status;
}

int cmd_roles(cli_ctx *ctx, const cli_args *args)
{
	const char *format_name = cli_value(args, ctx->command, "format");
	cp_format format = CP_FORMAT_TEXT;
	cp_buf out = CP_BUF_INIT;
	size_t *roles = NULL, n_roles;
	cp_error err;
	int status;
	if (format_name &&
	    (status = cp_format_parse(&format, format_name, &err)))
		return cli_fail(status, &err);
	if ((status = choose_roles(&roles, &n_roles, ctx->graph, args,
				   ctx->command)))
		return status;
	status =
		format == CP_FORMAT_TEXT
			? roles_text(&out, ctx->graph, roles, n_roles)
			: roles_table(&out, ctx->graph, roles, n_roles, format);
	if (status) {
		cli_error("out of memory");
		status = EXIT_IO;
	} else {
		status = cli_emit(&out);
	}
	free(roles);
	cp_buf_free(&out);
	return status;
}

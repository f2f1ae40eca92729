/* careerpath roles: the roles of a graph and the names they answer to. */
#include "cli.h"

#include <string.h>

const cli_opt cmd_roles_opts[] = {
	{"format", 'f', "FORMAT", "text (default), json or csv"},
	{NULL, 0, NULL, NULL},
};

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

static int roles_table(cp_buf *out, const cp_graph *g, cp_format format)
{
	size_t n_cols = cp_column_count(g, CP_ROLES), col, role;
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
	for (role = 0; role < cp_graph_role_count(g) && !status; role++) {
		if (format == CP_FORMAT_JSON)
			status = cp_buf_puts(out, role ? ",{" : "{");
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

static int roles_text(cp_buf *out, const cp_graph *g)
{
	size_t role, width = 0, col;
	int has_aliases = cp_column_find(&col, g, CP_ROLES, "aliases") == 0;
	int status = 0;
	for (role = 0; role < cp_graph_role_count(g); role++)
		if (strlen(cp_role_id(g, role)) > width)
			width = strlen(cp_role_id(g, role));
	for (role = 0; role < cp_graph_role_count(g) && !status; role++) {
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
	cp_error err;
	int status;
	if (format_name &&
	    (status = cp_format_parse(&format, format_name, &err)))
		return cli_fail(status, &err);
	status = format == CP_FORMAT_TEXT
			 ? roles_text(&out, ctx->graph)
			 : roles_table(&out, ctx->graph, format);
	if (status) {
		cli_error("out of memory");
		status = EXIT_IO;
	} else {
		status = cli_emit(&out);
	}
	cp_buf_free(&out);
	return status;
}

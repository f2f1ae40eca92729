/*
 * The answers of careerpath serve, apart from HTTP: the page's own files,
 * and the API, which runs the command a request names (path, reach, pareto,
 * upskill, roles) in memory with the request's parameters as its options.
 * So an answer is, byte for byte, what the command prints for the same
 * query (upskill's list cut to a few roles: endpoint.top), and an error
 * carries the message the command would print.
 */
#include "cli.h"
#include "serve_render.h"
#include "serve_watch.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One parameter of the query string, decoded. */
typedef struct param {
	char *name;
	char *value;
} param;

typedef struct request {
	param items[SERVE_MAX_PARAMS];
	size_t n;
	cp_buf store; /* the decoded names and values, NUL-separated */
} request;

/*
 * An endpoint runs a command. positional names the parameters that are the
 * command's arguments, in order; every other parameter is an option: a
 * query word by its parameter spelling (cp_query_word.column), another
 * option by its name with '_' for '-', except those the server sets itself.
 */
typedef struct endpoint {
	const char *path;
	cli_command command;
	const char *positional[2];
	int svg;   /* format=svg draws the DOT answer with Graphviz */
	int paged; /* takes offset, limit and sort (see paging) */
	/* the most roles its --top may list, and the default: the page shows
	 * a short ranking (0: the command has no --top) */
	size_t top;
} endpoint;

#define UPSKILL_TOP 20

static const endpoint endpoints[] = {
	{"/api/path",
	 {"path", cmd_path, CLI_NEEDS_GRAPH, "FROM TO", 2, 2, "", NULL,
	  cmd_path_opts},
	 {"from", "to"},
	 1,
	 0,
	 0},
	{"/api/reach",
	 {"reach", cmd_reach, CLI_NEEDS_GRAPH, "[FROM]", 0, 1, "", NULL,
	  cmd_reach_opts},
	 {"from", NULL},
	 0,
	 1,
	 0},
	{"/api/pareto",
	 {"pareto", cmd_pareto, CLI_NEEDS_GRAPH, "FROM TO", 2, 2, "", NULL,
	  cmd_pareto_opts},
	 {"from", "to"},
	 0,
	 0,
	 0},
	{"/api/upskill",
	 {"upskill", cmd_upskill, CLI_NEEDS_GRAPH, "FROM", 1, 1, "", NULL,
	  cmd_upskill_opts},
	 {"from", NULL},
	 0,
	 0,
	 UPSKILL_TOP},
	{"/api/roles",
	 {"roles", cmd_roles, CLI_NEEDS_GRAPH, "", 0, 0, "", NULL,
	  cmd_roles_opts},
	 {NULL, NULL},
	 0,
	 0,
	 0},
};

#define N_ENDPOINTS (sizeof(endpoints) / sizeof(endpoints[0]))

/* Options a request may not set: query words without a parameter
 * spelling (the server's own bound on work), and files. */
static int server_option(const cli_opt *o)
{
	const cp_query_word *word = cli_opt_word(o);
	/* the deadline is the request's (see build_words); reach's --sort
	 * is the paging's sort here (see paging), which orders by the same
	 * keys and more. */
	if (word)
		return !word->column || !strcmp(word->name, "timeout");
	return !strcmp(o->name, "output") || !strcmp(o->name, "sort");
}

/* An option's parameter spelling, into out (which holds 64 bytes). */
static const char *param_spelling(char *out, const cli_opt *o)
{
	const cp_query_word *word = cli_opt_word(o);
	size_t i;
	if (word)
		return word->column;
	for (i = 0; o->name[i] && i < 63; i++)
		out[i] = o->name[i] == '-' ? '_' : o->name[i];
	out[i] = '\0';
	return out;
}

static const char json_type[] = "application/json";

/* Status and {"error": message}; a message ends at its last newline. */
static void fail(serve_answer *out, int status, const char *message, size_t len)
{
	char *text = strndup(message, len);
	cp_buf_clear(&out->body);
	out->status = status;
	out->content_type = json_type;
	if (!text || cp_buf_puts(&out->body, "{\"error\":") ||
	    cp_buf_put_json_string(&out->body, text) ||
	    cp_buf_puts(&out->body, "}\n")) {
		cp_buf_clear(&out->body);
		out->status = 500;
		cp_buf_puts(&out->body, "{\"error\":\"out of memory\"}\n");
	}
	free(text);
}

static void failf(serve_answer *out, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void failf(serve_answer *out, int status, const char *fmt, ...)
{
	char message[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	fail(out, status, message, strlen(message));
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Whether s (len bytes) is well-formed UTF-8 without control characters. */
static int is_clean_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0, k, n;
	while (i < len) {
		unsigned char c = s[i];
		unsigned long cp;
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7F)
				return 0;
			i++;
			continue;
		}
		n = c >= 0xF0 && c <= 0xF4   ? 3
		    : c >= 0xE0 && c <= 0xEF ? 2
		    : c >= 0xC2 && c <= 0xDF ? 1
					     : 0;
		if (!n || n > len - i - 1)
			return 0;
		cp = c & (0x3Fu >> n);
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3Fu);
		}
		if ((n == 2 &&
		     (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return 0;
		i += n + 1;
	}
	return 1;
}

/*
 * Decodes one name or value of a query string (%XX, and '+' for a space,
 * as forms send them) onto the end of store, NUL-terminated. Returns 0,
 * or -1 with the answer filled in.
 */
static int decode(cp_buf *store, const char *text, size_t len,
		  serve_answer *out)
{
	size_t i, start = store->size;
	int high, low;
	for (i = 0; i < len; i++) {
		char c = text[i];
		if (c == '%') {
			high = i + 2 < len ? hex_value(text[i + 1]) : -1;
			low = high < 0 ? -1 : hex_value(text[i + 2]);
			if (low < 0) {
				failf(out, 400,
				      "bad escape in the query string: '%%' "
				      "must be followed by two hex digits");
				return -1;
			}
			c = (char)(high << 4 | low);
			i += 2;
		} else if (c == '+') {
			c = ' ';
		}
		if (cp_buf_put(store, &c, 1)) {
			failf(out, 500, "out of memory");
			return -1;
		}
	}
	if (!is_clean_utf8((const unsigned char *)store->ptr + start,
			   store->size - start)) {
		failf(out, 400,
		      "a parameter holds a control character or bytes that "
		      "are not UTF-8");
		return -1;
	}
	if (cp_buf_put(store, "", 1)) {
		failf(out, 500, "out of memory");
		return -1;
	}
	return 0;
}

/* Splits query into req; returns 0, or -1 with the answer filled in. */
static int parse_query(request *req, const char *query, serve_answer *out)
{
	size_t offsets[SERVE_MAX_PARAMS][2], i;
	while (*query) {
		size_t len = strcspn(query, "&"), name_len;
		const char *eq = memchr(query, '=', len);
		name_len = eq ? (size_t)(eq - query) : len;
		if (len) {
			if (req->n >= SERVE_MAX_PARAMS) {
				failf(out, 400,
				      "more than %d parameters in the query "
				      "string",
				      SERVE_MAX_PARAMS);
				return -1;
			}
			offsets[req->n][0] = req->store.size;
			if (decode(&req->store, query, name_len, out))
				return -1;
			offsets[req->n][1] = req->store.size;
			if (decode(&req->store, eq ? eq + 1 : "",
				   eq ? len - name_len - 1 : 0, out))
				return -1;
			req->n++;
		}
		query += len + (query[len] == '&');
	}
	/* the store has stopped moving: point into it */
	for (i = 0; i < req->n; i++) {
		req->items[i].name = req->store.ptr + offsets[i][0];
		req->items[i].value = req->store.ptr + offsets[i][1];
	}
	return 0;
}

/* The parameter's value, NULL when absent or blank. */
static const char *param_value(const request *req, const char *name)
{
	size_t i;
	for (i = 0; i < req->n; i++)
		if (!strcmp(req->items[i].name, name) && *req->items[i].value)
			return req->items[i].value;
	return NULL;
}

/* Whether parameter i was already given, not blank, before it. */
static int given_before(const request *req, size_t i)
{
	size_t j;
	for (j = 0; j < i; j++)
		if (!strcmp(req->items[j].name, req->items[i].name) &&
		    *req->items[j].value)
			return 1;
	return 0;
}

/*
 * The rows of a reach that a request asks for: parameters of the server's
 * own, not options of the command, so that the page receives only the
 * rows it shows (a reach on the national graph lists some 900 roles).
 * sort orders every row before the page is cut from them; ties keep the
 * command's order, best first.
 */
typedef enum {
	SORT_BEST,
	SORT_TIME,
	SORT_COST,
	SORT_PAY,
	SORT_GAIN,
	SORT_TITLE,
	SORT_PAYBACK,
	SORT_OPENINGS
} sort_key;

static const char *const sort_names[] = {
	"best", "time", "cost", "pay", "gain", "title", "payback", "openings"};

#define N_SORTS (sizeof(sort_names) / sizeof(sort_names[0]))

typedef struct paging {
	int asked; /* offset, limit or sort was given */
	size_t offset;
	size_t limit; /* 0: every row from offset on */
	sort_key sort;
} paging;

static const char *const paging_params[] = {"offset", "limit", "sort"};

static int is_paging(const endpoint *ep, const char *name)
{
	size_t i;
	for (i = 0; ep->paged && i < 3; i++)
		if (!strcmp(paging_params[i], name))
			return 1;
	return 0;
}

/* A whole number from low to high, into *out; 0, or -1 when it is not. */
static int read_count(size_t *out, const char *text, size_t low, size_t high)
{
	char *end;
	unsigned long long value;
	errno = 0;
	value = strtoull(text, &end, 10);
	if (*text < '0' || *text > '9' || *end || errno || value < low ||
	    value > high)
		return -1;
	*out = (size_t)value;
	return 0;
}

/*
 * Reads offset, limit and sort into pg; returns 0, or -1 with the answer
 * filled in. They page answers with rows: JSON and CSV.
 */
static int read_paging(paging *pg, const endpoint *ep, const request *req,
		       const char *format, serve_answer *out)
{
	const char *offset = param_value(req, "offset");
	const char *limit = param_value(req, "limit");
	const char *sort = param_value(req, "sort");
	size_t i;
	memset(pg, 0, sizeof(*pg));
	if (!ep->paged || (!offset && !limit && !sort))
		return 0;
	pg->asked = 1;
	if (strcmp(format, "json") && strcmp(format, "csv")) {
		failf(out, 400,
		      "offset, limit and sort page the rows of JSON and CSV, "
		      "not format '%.32s'",
		      format);
		return -1;
	}
	if (offset && read_count(&pg->offset, offset, 0, SIZE_MAX)) {
		failf(out, 400,
		      "parameter 'offset' takes a whole number >= 0, not "
		      "'%.64s'",
		      offset);
		return -1;
	}
	if (limit && read_count(&pg->limit, limit, 1, CLI_MAX_ROUTES)) {
		failf(out, 400,
		      "parameter 'limit' takes a whole number from 1 to %d, "
		      "not '%.64s'",
		      CLI_MAX_ROUTES, limit);
		return -1;
	}
	for (i = 0; sort && i < N_SORTS && strcmp(sort, sort_names[i]); i++)
		;
	if (i == N_SORTS) {
		failf(out, 400,
		      "parameter 'sort' takes best, time, cost, pay, gain, "
		      "title, payback or openings, not '%.64s'",
		      sort);
		return -1;
	}
	pg->sort = sort ? (sort_key)i : SORT_BEST;
	return 0;
}

/* A row's sort key, and its place in the command's order. */
typedef struct row_key {
	double value; /* NaN: not known, after every known value */
	const char *title;
	size_t index;
} row_key;

static int compare_rows(const void *a, const void *b)
{
	const row_key *x = a, *y = b;
	int known_x = !isnan(x->value), known_y = !isnan(y->value), order;
	if (known_x != known_y)
		return known_y - known_x;
	if (known_x && x->value != y->value)
		return x->value < y->value ? -1 : 1;
	if (x->title && (order = strcasecmp(x->title, y->title)))
		return order;
	return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * The column a sort reads: for time, the metric elapsed_months where the
 * graph has it, else months; for cost, cost_usd; for openings, the roles
 * column annual_openings; the other sorts read none. Returns 0, or -1
 * after saying which the graph lacks.
 */
static int sort_metric(size_t *out, const cp_graph *g, sort_key sort)
{
	*out = 0;
	if (sort == SORT_TIME && cp_metric_find(out, g, "elapsed_months") &&
	    cp_metric_find(out, g, "months")) {
		cli_error(
			"sort=time needs the metric elapsed_months or months, "
			"which this graph does not have");
		return -1;
	}
	if (sort == SORT_COST && cp_metric_find(out, g, "cost_usd")) {
		cli_error("sort=cost needs the metric cost_usd, which this "
			  "graph does not have");
		return -1;
	}
	if (sort == SORT_OPENINGS &&
	    cp_column_find(out, g, CP_ROLES, "annual_openings")) {
		cli_error("sort=openings needs the roles column "
			  "annual_openings, which this graph does not have");
		return -1;
	}
	return 0;
}

/*
 * Route i's key for sort: its total of metric, the wages at its ends, the
 * months it pays back in (from the pay of today, the query's start, as
 * the answer counts it; not known when it never pays back) or the
 * openings a year at its destination (metric is then that column). A
 * row named by its parent has its ends and totals without its route; a
 * payback needs every step, so the route is rebuilt into scratch, as the
 * writer rebuilds it.
 */
static int row_key_of(row_key *key, cp_route *scratch, const cp_graph *g,
		      const cp_routes *routes, size_t i, sort_key sort,
		      size_t metric)
{
	int to_target = routes->kind == CP_QUERY_FEEDERS;
	size_t first, last, role;
	double total, payback = NAN;
	if (routes->parents && sort != SORT_PAYBACK) {
		cp_reach_row row;
		cp_routes_row(&row, g, routes, i);
		role = row.role;
		first = to_target ? row.role : routes->from;
		last = to_target ? routes->to : row.role;
		total = sort == SORT_OPENINGS ? NAN : row.totals[metric];
	} else {
		const cp_route *r;
		if (cp_routes_route(&r, scratch, g, routes, i))
			return CP_ENOMEM;
		/* today's pay is the start's, whichever role held a route
		 * starts at */
		first = !to_target && routes->from != CP_NO_ROLE ? routes->from
								 : r->roles[0];
		last = r->roles[r->n_steps];
		role = to_target ? r->roles[0] : last;
		total = sort == SORT_OPENINGS ? NAN : r->totals[metric];
		if (sort == SORT_PAYBACK &&
		    cp_route_payback(&payback, g, r, first) !=
			    CP_PAYBACK_MONTHS)
			payback = NAN;
	}
	key->index = i;
	key->value = sort == SORT_TIME || sort == SORT_COST ? total
		     : sort == SORT_PAY ? -cp_role_wage(g, last)
		     : sort == SORT_GAIN
			     ? cp_role_wage(g, first) - cp_role_wage(g, last)
		     : sort == SORT_PAYBACK ? payback
		     : sort == SORT_OPENINGS
			     ? -cp_cell_number(g, CP_ROLES, metric, last)
			     : 0;
	key->title = sort == SORT_TITLE ? cp_role_title(g, role) : NULL;
	return 0;
}

/*
 * Puts the rows of a reach (a tree answer, cp_routes.rows) in the order
 * sort asks: time and cost the least first, pay (the wage at the route's
 * end) and gain (that wage less the one at its start) the most first,
 * title from A to Z, payback the soonest first (those that never pay back
 * or whose payback is not known last), openings the most first.
 */
static int sort_rows(cp_routes *routes, const cp_graph *g, sort_key sort,
		     size_t metric)
{
	row_key *keys = NULL;
	size_t *sorted = NULL;
	cp_route scratch = {0, 0, NULL, NULL, NULL, NULL};
	size_t i, n = routes->count;
	int status = CP_ENOMEM;
	if (sort == SORT_BEST || n < 2)
		return 0;
	if (!(keys = calloc(n, sizeof(*keys))) ||
	    !(sorted = calloc(n, sizeof(*sorted))))
		goto cleanup;
	for (i = 0; i < n; i++)
		if (row_key_of(&keys[i], &scratch, g, routes, i, sort, metric))
			goto cleanup;
	qsort(keys, n, sizeof(*keys), compare_rows);
	for (i = 0; i < n; i++)
		sorted[i] = routes->rows[keys[i].index];
	memcpy(routes->rows, sorted, n * sizeof(*sorted));
	status = 0;
cleanup:
	cp_route_clear(&scratch);
	free(keys);
	free(sorted);
	return status;
}

/* Closes a JSON object with "total" and "offset" in place of its "}\n". */
static int put_total(cp_buf *json, size_t total, size_t offset)
{
	if (json->size < 2 || memcmp(json->ptr + json->size - 2, "}\n", 2))
		return -1;
	json->size -= 2;
	json->ptr[json->size] = '\0';
	return cp_buf_printf(json, ",\"total\":%zu,\"offset\":%zu}\n", total,
			     offset);
}

/*
 * careerpath reach with pg: the command's own answer (cli_reach_search),
 * its rows sorted and cut to the page asked; in JSON, "total" (the rows
 * of the whole answer) and "offset" (where the page starts) close the
 * object.
 */
static int reach_page(cli_ctx *ctx, const cli_args *args, const paging *pg)
{
	cp_query_parts parts = CP_QUERY_PARTS_INIT;
	cp_routes *routes = NULL, page;
	cp_format_options format = CP_FORMAT_OPTIONS_INIT;
	cp_buf out = CP_BUF_INIT;
	size_t metric, skip;
	int status;
	if (sort_metric(&metric, ctx->graph, pg->sort))
		return EXIT_USAGE;
	if ((status = cli_reach_search(&routes, &format, &parts, ctx, args, 1)))
		goto cleanup;
	page = *routes;
	skip = pg->offset < routes->count ? pg->offset : routes->count;
	page.rows += skip;
	page.count = routes->count - skip;
	if (pg->limit && page.count > pg->limit)
		page.count = pg->limit;
	if (sort_rows(routes, ctx->graph, pg->sort, metric) ||
	    cp_routes_write(&out, ctx->graph, &page, &format) ||
	    (format.format == CP_FORMAT_JSON &&
	     put_total(&out, routes->count, pg->offset))) {
		cli_error("out of memory");
		status = EXIT_IO;
		goto cleanup;
	}
	if (!(status = cli_emit(&out)) && !routes->count)
		status = EXIT_NO_ROUTE;
cleanup:
	cp_buf_free(&out);
	cp_routes_free(routes);
	cp_query_parts_free(&parts);
	return status;
}

/* The option a parameter sets, or NULL. */
static const cli_opt *param_option(const endpoint *ep, const char *name)
{
	const cli_opt *o;
	char spelling[64];
	for (o = ep->command.opts; o->name; o++)
		if (!server_option(o) &&
		    !strcmp(param_spelling(spelling, o), name))
			return o;
	return NULL;
}

static int is_positional(const endpoint *ep, const char *name)
{
	return (ep->positional[0] && !strcmp(ep->positional[0], name)) ||
	       (ep->positional[1] && !strcmp(ep->positional[1], name));
}

/* "unknown parameter 'x' for /api/path (expected: from, to, by, ...)" */
static void unknown_param(serve_answer *out, const endpoint *ep,
			  const char *name)
{
	cp_buf text = CP_BUF_INIT;
	const cli_opt *o;
	size_t i;
	int failed = cp_buf_puts(&text, "unknown parameter '") ||
		     cp_buf_puts(&text, name) ||
		     cp_buf_printf(&text, "' for %s (expected:", ep->path);
	for (i = 0; i < 2 && ep->positional[i] && !failed; i++)
		failed = cp_buf_printf(&text, "%s %s", i ? "," : "",
				       ep->positional[i]);
	for (o = ep->command.opts; o->name && !failed; o++) {
		char spelling[64];
		if (server_option(o))
			continue;
		failed = cp_buf_puts(&text, text.ptr[text.size - 1] == ':'
						    ? " "
						    : ", ") ||
			 cp_buf_puts(&text, param_spelling(spelling, o));
	}
	for (i = 0; ep->paged && i < 3 && !failed; i++)
		failed = cp_buf_printf(&text, ", %s", paging_params[i]);
	failed = failed || cp_buf_puts(&text, ")");
	if (failed)
		failf(out, 500, "out of memory");
	else
		fail(out, 400, text.ptr, text.size);
	cp_buf_free(&text);
}

/* A flag's value: 1 set, 0 not, -1 neither. */
static int flag_value(const char *value)
{
	static const char *const yes[] = {"1", "true", "on", "yes"};
	static const char *const no[] = {"0", "false", "off", "no"};
	size_t i;
	for (i = 0; i < 4; i++) {
		if (!strcmp(value, yes[i]))
			return 1;
		if (!strcmp(value, no[i]))
			return 0;
	}
	return -1;
}

#define MAX_ARGV (SERVE_MAX_PARAMS + 5)

/*
 * The command line of a request, its words NUL-separated in store: an
 * option per parameter, the format, the server's limit, then "--" and the
 * arguments, so that no value reads as an option. Blank parameters are
 * left out, as a form sends them. Returns the number of words, or -1 with
 * the answer filled in.
 */
static int build_words(cp_buf *store, const endpoint *ep, const request *req,
		       const serve_config *config, const char *format,
		       serve_answer *out)
{
	const cli_opt *o;
	size_t i, top = 0;
	int n = 0, failed = 0;
	for (i = 0; i < req->n; i++) {
		const param *p = &req->items[i];
		int flag = 1;
		if (!*p->value || !strcmp(p->name, "format"))
			continue;
		if (given_before(req, i) &&
		    (is_positional(ep, p->name) || is_paging(ep, p->name) ||
		     ((o = param_option(ep, p->name)) &&
		      !cli_opt_repeatable(o)))) {
			failf(out, 400, "parameter '%.64s' given twice",
			      p->name);
			return -1;
		}
		if (is_positional(ep, p->name) || is_paging(ep, p->name))
			continue;
		if (!(o = param_option(ep, p->name))) {
			unknown_param(out, ep, p->name);
			return -1;
		}
		if (!cli_opt_arg(o) && (flag = flag_value(p->value)) < 0) {
			failf(out, 400,
			      "parameter '%s' takes 1 or 0 (or on, off), not "
			      "'%.64s'",
			      p->name, p->value);
			return -1;
		}
		if (!flag)
			continue;
		if (ep->top && !strcmp(o->name, "top") &&
		    read_count(&top, p->value, 1, ep->top)) {
			failf(out, 400,
			      "parameter 'top' takes a whole number from 1 to "
			      "%zu, not '%.64s'",
			      ep->top, p->value);
			return -1;
		}
		failed = failed ||
			 (cli_opt_arg(o)
				  ? cp_buf_printf(store, "--%s=%s", o->name,
						  p->value)
				  : cp_buf_printf(store, "--%s", o->name)) ||
			 cp_buf_put(store, "", 1);
		n++;
	}
	failed = failed || cp_buf_printf(store, "--format=%s", format) ||
		 cp_buf_put(store, "", 1);
	n++;
	if (ep->top && !top) {
		failed = failed || cp_buf_printf(store, "--top=%zu", ep->top) ||
			 cp_buf_put(store, "", 1);
		n++;
	}
	for (o = ep->command.opts; o->name; o++)
		if (!strcmp(o->name, "limit")) {
			failed = failed ||
				 cp_buf_printf(store, "--limit=%zu",
					       config->limit) ||
				 cp_buf_put(store, "", 1);
			n++;
		} else if (!strcmp(o->name, "timeout") &&
			   serve_job_left_ms() >= 0) {
			/* the time the request has left, and at least 1 ms:
			 * 0 would mean no deadline */
			long long left = serve_job_left_ms();
			failed = failed ||
				 cp_buf_printf(store, "--timeout=%.3f",
					       (double)(left > 0 ? left : 1) /
						       1000) ||
				 cp_buf_put(store, "", 1);
			n++;
		}
	failed = failed || cp_buf_put(store, "--", 3);
	n++;
	for (i = 0; i < 2 && ep->positional[i]; i++) {
		const char *value = param_value(req, ep->positional[i]);
		if (!value && (int)i < ep->command.min_args) {
			failf(out, 400, "missing parameter '%s'",
			      ep->positional[i]);
			return -1;
		}
		if (value) {
			failed = failed || cp_buf_puts(store, value) ||
				 cp_buf_put(store, "", 1);
			n++;
		}
	}
	if (failed) {
		failf(out, 500, "out of memory");
		return -1;
	}
	return n;
}

/* The HTTP status for a command's exit code. */
static int http_status(int exit_code)
{
	switch (exit_code) {
	case EXIT_ANSWER:
	case EXIT_NO_ROUTE: return 200;
	case EXIT_USAGE: return 400;
	case EXIT_LIMIT: return 422;
	default: return 500;
	}
}

/*
 * Runs ep's command on the request, its output in out->body and its
 * messages in messages. Returns the exit code, or -1 with the answer
 * filled in when the request names no valid command line.
 */
static int run(serve_answer *out, cp_buf *messages, const endpoint *ep,
	       const request *req, const serve_config *config,
	       const char *format, const paging *pg)
{
	cp_buf store = CP_BUF_INIT;
	char *argv[MAX_ARGV];
	cli_args args;
	cli_ctx ctx = {NULL, 0, &ep->command, config->graph};
	int argc = build_words(&store, ep, req, config, format, out), i,
	    status = -1;
	size_t at = 0;
	if (argc < 0)
		goto cleanup;
	for (i = 0; i < argc; i++) {
		argv[i] = store.ptr + at;
		at += strlen(argv[i]) + 1;
	}
	cli_capture(&out->body, messages);
	cli_stop_hook(serve_job_stopped, NULL);
	status = cli_parse(&args, &ep->command, argc, argv);
	if (!status)
		status = pg->asked ? reach_page(&ctx, &args, pg)
				   : ep->command.run(&ctx, &args);
	if (cli_capture_failed())
		status = EXIT_IO;
	cli_capture(NULL, NULL);
	cli_stop_hook(NULL, NULL);
cleanup:
	cp_buf_free(&store);
	return status;
}

/* {"messages": [...]}: the lines the command said besides its answer. */
static int put_messages(cp_buf *body, const cp_buf *messages)
{
	const char *line = messages->ptr, *end;
	int failed = cp_buf_puts(body, "{\"messages\":[");
	while (!failed && (end = strchr(line, '\n'))) {
		char *text = strndup(line, (size_t)(end - line));
		failed = !text ||
			 (line != messages->ptr && cp_buf_puts(body, ",")) ||
			 cp_buf_put_json_string(body, text);
		free(text);
		line = end + 1;
	}
	return failed || cp_buf_puts(body, "]}\n");
}

/* The command's advice on its bounds, options the API does not take. */
static const char limit_advice[] = "; raise --limit to search further";
static const char timeout_advice[] = "; raise --timeout to search longer";

/*
 * Strips a trailing newline from the messages for an error's text; past
 * the work limit or the deadline, says what an API user of ep can change
 * instead: upskill runs a search per role it tries.
 */
static void fail_with_messages(serve_answer *out, int status,
			       const cp_buf *messages, const endpoint *ep)
{
	size_t len = messages->size, advice = sizeof(limit_advice) - 1,
	       late = sizeof(timeout_advice) - 1;
	const char *ease =
		ep->top ? "fewer roles to try (try) or tighter caps (max)"
			: "fewer routes (k), caps (max), stops (via) or, for "
			  "pareto, measures (by)";
	while (len && messages->ptr[len - 1] == '\n')
		len--;
	if (status == 422 && len >= late &&
	    !memcmp(messages->ptr + len - late, timeout_advice, late)) {
		failf(out, status,
		      "%.*s; this server gives each request a deadline: ask "
		      "for %s",
		      (int)(len - late), messages->ptr, ease);
		return;
	}
	if (status == 422 && len >= advice &&
	    !memcmp(messages->ptr + len - advice, limit_advice, advice)) {
		failf(out, status,
		      "%.*s; this server stops every query there: ask for %s",
		      (int)(len - advice), messages->ptr, ease);
		return;
	}
	if (!len)
		failf(out, status, "%s",
		      status == 500 ? "internal error" : "bad request");
	else
		fail(out, status, messages->ptr, len);
}

static const char *type_of(const char *format)
{
	if (!strcmp(format, "json"))
		return json_type;
	if (!strcmp(format, "csv"))
		return "text/csv; charset=utf-8";
	if (!strcmp(format, "dot"))
		return "text/vnd.graphviz; charset=utf-8";
	if (!strcmp(format, "svg"))
		return "image/svg+xml";
	return "text/plain; charset=utf-8";
}

/* An endpoint of the API; why: the messages of a path query instead. */
static void answer_api(serve_answer *out, const endpoint *ep, int why,
		       const request *req, const serve_config *config)
{
	cp_buf messages, picture;
	const char *format = why ? "json" : param_value(req, "format");
	paging pg;
	int svg, status;
	cp_buf_init(&messages);
	cp_buf_init(&picture);
	if (!format)
		format = "json";
	svg = ep->svg && !strcmp(format, "svg");
	if (read_paging(&pg, ep, req, format, out))
		goto cleanup;
	status =
		run(out, &messages, ep, req, config, svg ? "dot" : format, &pg);
	if (status < 0)
		goto cleanup;
	out->status = http_status(status);
	if (out->status != 200) {
		fail_with_messages(out, out->status, &messages, ep);
		goto cleanup;
	}
	out->content_type = type_of(format);
	if (why) {
		cp_buf_clear(&out->body);
		if (put_messages(&out->body, &messages))
			failf(out, 500, "out of memory");
		goto cleanup;
	}
	if (svg) {
		cp_buf_clear(&messages);
		cli_capture(&picture, &messages);
		status = serve_render(&picture, &out->body, "svg",
				      config->render_timeout_ms);
		cli_capture(NULL, NULL);
		if (status) {
			fail_with_messages(out, 500, &messages, ep);
			goto cleanup;
		}
		cp_buf_clear(&out->body);
		if (cp_buf_put(&out->body, picture.ptr, picture.size))
			failf(out, 500, "out of memory");
	}
cleanup:
	cp_buf_free(&messages);
	cp_buf_free(&picture);
}

/*
 * {"metrics": [...], "role_numbers": [...]}: the graph's metrics, in
 * column order, elapsed_months among them where the graph has it, and the
 * number columns of roles.csv (the outlook rules read two of them). The
 * page offers only what these name; no command prints them, so this
 * endpoint has no command behind it.
 */
static void answer_metrics(serve_answer *out, const serve_config *config,
			   const char *query)
{
	size_t i, n = cp_graph_metric_count(config->graph),
		  n_columns = cp_column_count(config->graph, CP_ROLES);
	int failed, first = 1;
	if (*query) {
		failf(out, 400, "/api/metrics takes no parameters");
		return;
	}
	failed = cp_buf_puts(&out->body, "{\"metrics\":[");
	for (i = 0; i < n && !failed; i++)
		failed = (i && cp_buf_puts(&out->body, ",")) ||
			 cp_buf_put_json_string(
				 &out->body, cp_metric_name(config->graph, i));
	failed = failed || cp_buf_puts(&out->body, "],\"role_numbers\":[");
	for (i = 0; i < n_columns && !failed; i++) {
		if (cp_column_kind_of(config->graph, CP_ROLES, i) !=
		    CP_COLUMN_NUMBER)
			continue;
		failed = (!first && cp_buf_puts(&out->body, ",")) ||
			 cp_buf_put_json_string(
				 &out->body,
				 cp_column_name(config->graph, CP_ROLES, i));
		first = 0;
	}
	if (failed || cp_buf_puts(&out->body, "]}\n"))
		failf(out, 500, "out of memory");
}

/* The page's own files, built into the program (serve_assets.c). */
static int answer_asset(serve_answer *out, const char *path, size_t len)
{
	size_t i;
	if (len == 1 && *path == '/') {
		path = "/index.html";
		len = strlen(path);
	}
	for (i = 0; i < serve_n_assets; i++) {
		const serve_asset *a = &serve_assets[i];
		if (strlen(a->path) == len && !memcmp(a->path, path, len)) {
			out->content_type = a->content_type;
			if (cp_buf_put(&out->body, (const char *)a->data,
				       a->size))
				failf(out, 500, "out of memory");
			return 1;
		}
	}
	return 0;
}

/* Whether the target is printable ASCII, as a request line must be. */
static int is_plain_target(const char *target)
{
	for (; *target; target++)
		if (*target <= 0x20 || *target >= 0x7F)
			return 0;
	return 1;
}

void serve_answer_request(serve_answer *out, const serve_config *config,
			  const char *method, const char *target)
{
	request req;
	size_t path_len, i;
	const char *query;
	int why;
	out->status = 200;
	out->content_type = json_type;
	out->allow = NULL;
	cp_buf_init(&out->body);
	req.n = 0;
	cp_buf_init(&req.store);
	if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
		out->allow = "GET, HEAD";
		/* a method of other bytes is not quoted: the answer is UTF-8 */
		failf(out, 405,
		      "method '%.32s' is not allowed: the page and its API "
		      "only answer GET and HEAD",
		      is_plain_target(method) ? method : "?");
		return;
	}
	if (strlen(target) > SERVE_MAX_TARGET) {
		failf(out, 414, "the request target is longer than %d bytes",
		      SERVE_MAX_TARGET);
		return;
	}
	if (*target != '/' || !is_plain_target(target)) {
		failf(out, 400,
		      "the request target must be a path from '/' in "
		      "printable ASCII (escape other bytes as %%XX)");
		return;
	}
	path_len = strcspn(target, "?");
	query = target[path_len] ? target + path_len + 1 : "";
	if (path_len == 12 && !memcmp(target, "/api/metrics", 12)) {
		answer_metrics(out, config, query);
		return;
	}
	why = path_len == 8 && !memcmp(target, "/api/why", 8);
	for (i = 0; i < N_ENDPOINTS; i++) {
		const endpoint *ep = &endpoints[i];
		if (why ? strcmp(ep->path, "/api/path")
			: strlen(ep->path) != path_len ||
				    memcmp(ep->path, target, path_len))
			continue;
		if (!parse_query(&req, query, out))
			answer_api(out, ep, why, &req, config);
		cp_buf_free(&req.store);
		return;
	}
	if (!answer_asset(out, target, path_len))
		failf(out, 404, "no such page '%.*s'",
		      (int)(path_len > 200 ? 200 : path_len), target);
}

void serve_answer_free(serve_answer *answer)
{
	if (answer)
		cp_buf_free(&answer->body);
}

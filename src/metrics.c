/*
 * How a route totals each metric: metrics.csv in a graph's folder, one row
 * a metric, declares the rule of its `total` (sum, max, min or last). The
 * file is read apart from transitions.csv, after it, so that the loader's
 * pass over the transitions stays as it is, and a folder without the file
 * sums every metric, as before the file existed.
 */
#include "internal.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

static const char *const combine_names[] = {"sum", "max", "min", "last"};
#define N_COMBINE (sizeof(combine_names) / sizeof(combine_names[0]))

const char *cp_combine_name(cp_combine rule)
{
	return (size_t)rule < N_COMBINE ? combine_names[rule] : "sum";
}

cp_combine cp_metric_combine(const cp_graph *graph, size_t metric)
{
	return graph->transitions.items[graph->metric_cols[metric]].combine;
}

typedef struct reader {
	cp_graph *g;
	const char *path;
	cp_diag_fn on_diag;
	void *payload;
	size_t *n_errors;
	cp_error *err;
	int header_seen, stopped;
	size_t metric_col, total_col, n_header;
	/* the line that declared each metric so far (0: not yet) */
	size_t *declared_at;
} reader;

static int report(reader *r, cp_diag_kind kind, size_t line, size_t column,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int report(reader *r, cp_diag_kind kind, size_t line, size_t column,
		  const char *fmt, ...)
{
	cp_error diag;
	va_list ap;
	va_start(ap, fmt);
	cp_failv(&diag, CP_EDATA, r->path, line, column, fmt, ap);
	va_end(ap);
	if (kind == CP_DIAG_ERROR)
		(*r->n_errors)++;
	if (r->on_diag) {
		r->on_diag(kind, &diag, r->payload);
		return 0;
	}
	if (kind != CP_DIAG_ERROR)
		return 0;
	if (r->err)
		*r->err = diag;
	r->stopped = 1;
	return CP_EDATA;
}

static int field_is(const cp_csv_field *f, const char *name)
{
	return f->len == strlen(name) && !memcmp(f->text, name, f->len);
}

static int read_header(reader *r, const cp_csv_field *fields, size_t n)
{
	size_t i;
	r->header_seen = 1;
	r->n_header = n;
	r->metric_col = r->total_col = SIZE_MAX;
	for (i = 0; i < n; i++) {
		if (field_is(&fields[i], "metric") && r->metric_col == SIZE_MAX)
			r->metric_col = i;
		else if (field_is(&fields[i], "total") &&
			 r->total_col == SIZE_MAX)
			r->total_col = i;
	}
	if (r->metric_col == SIZE_MAX || r->total_col == SIZE_MAX) {
		report(r, CP_DIAG_ERROR, fields[0].line, fields[0].column,
		       "no column '%s' in the header (expected the columns "
		       "'metric' and 'total'; other columns are notes)",
		       r->metric_col == SIZE_MAX ? "metric" : "total");
		/* no row can be read without them */
		r->stopped = 1;
		return r->on_diag ? 0 : CP_EDATA;
	}
	return 0;
}

/* The column of transitions.csv a metric's name names, or an error. */
static int find_metric(reader *r, const cp_csv_field *f, size_t *metric)
{
	cp_graph *g = r->g;
	cp_buf name = CP_BUF_INIT, list = CP_BUF_INIT;
	cp_shown shown;
	size_t m, col, best = SIZE_MAX, best_d = 3;
	int status = 0, failed = 0;
	if (cp_buf_put(&name, f->text, f->len))
		return cp_fail_oom(r->err);
	if (!cp_metric_find(metric, g, name.ptr))
		goto cleanup;
	cp_quote_excerpt(shown.text, sizeof(shown.text), f->text, f->len,
			 CP_SHOWN_MAX);
	if (!cp_column_find(&col, g, CP_TRANSITIONS, name.ptr)) {
		status = report(r, CP_DIAG_ERROR, f->line, f->column,
				"column '%s' of transitions.csv holds text, "
				"not numbers (expected a metric: a route "
				"totals numbers only)",
				shown.text);
		goto reported;
	}
	for (m = 0; m < g->n_metrics && !failed; m++) {
		size_t d = cp_edit_distance(name.ptr, cp_metric_name(g, m), 2);
		if (d < best_d) {
			best_d = d;
			best = m;
		}
		failed = cp_buf_printf(&list, "%s%s", m ? ", " : "",
				       cp_metric_name(g, m));
	}
	if (failed) {
		status = cp_fail_oom(r->err);
		goto cleanup;
	}
	if (best != SIZE_MAX)
		status = report(r, CP_DIAG_ERROR, f->line, f->column,
				"unknown metric '%s' (did you mean '%s'? "
				"metrics: %s)",
				shown.text, cp_metric_name(g, best), list.ptr);
	else
		status = report(r, CP_DIAG_ERROR, f->line, f->column,
				"unknown metric '%s' (metrics: %s)", shown.text,
				list.size ? list.ptr : "none");
reported:
	if (!status)
		status = 1; /* reported: the row is left out */
cleanup:
	cp_buf_free(&name);
	cp_buf_free(&list);
	return status;
}

static int find_rule(reader *r, const cp_csv_field *f, cp_combine *rule)
{
	cp_shown shown;
	size_t i;
	int status;
	for (i = 0; i < N_COMBINE; i++)
		if (field_is(f, combine_names[i])) {
			*rule = (cp_combine)i;
			return 0;
		}
	cp_quote_excerpt(shown.text, sizeof(shown.text), f->text, f->len,
			 CP_SHOWN_MAX);
	status = report(r, CP_DIAG_ERROR, f->line, f->column,
			"unknown total '%s' (expected sum, max, min or last)",
			shown.text);
	return status ? status : 1; /* reported: the row is left out */
}

/*
 * Time adds up: months and experience_months make elapsed_months, and
 * experience already worked is taken off a sum.
 */
static int is_time(const cp_graph *g, size_t metric)
{
	return metric == g->months_metric || metric == g->experience_metric ||
	       metric == g->elapsed_metric;
}

static int read_declaration(reader *r, const cp_csv_field *fields, size_t n)
{
	const cp_csv_field *name, *total;
	cp_combine rule;
	size_t metric;
	int status;
	if (n != r->n_header)
		return report(r, CP_DIAG_ERROR, fields[0].line, 1,
			      "row has %zu field%s, the header %zu (is a ',' "
			      "missing, or a field with a ',' not in quotes?)",
			      n, n == 1 ? "" : "s", r->n_header);
	name = &fields[r->metric_col];
	total = &fields[r->total_col];
	if ((status = find_metric(r, name, &metric)))
		return status > 0 ? 0 : status;
	if ((status = find_rule(r, total, &rule)))
		return status > 0 ? 0 : status;
	if (r->declared_at[metric]) {
		status = report(r, CP_DIAG_ERROR, name->line, name->column,
				"metric '%s' is declared twice (expected one "
				"row a metric)",
				cp_metric_name(r->g, metric));
		return status ? status
			      : report(r, CP_DIAG_NOTE, r->declared_at[metric],
				       name->column,
				       "the metric is first declared here");
	}
	r->declared_at[metric] = name->line;
	if (rule != CP_COMBINE_SUM && is_time(r->g, metric))
		return report(r, CP_DIAG_ERROR, total->line, total->column,
			      "metric '%s' is time, which adds up over a "
			      "route (expected sum, not %s)",
			      cp_metric_name(r->g, metric),
			      cp_combine_name(rule));
	r->g->transitions.items[r->g->metric_cols[metric]].combine = rule;
	return 0;
}

static int read_row(void *payload, const cp_csv_field *fields, size_t n)
{
	reader *r = payload;
	if (r->stopped)
		return r->on_diag ? 0 : CP_EDATA;
	if (!r->header_seen)
		return read_header(r, fields, n);
	if (n == 1 && !fields[0].len)
		return 0; /* a blank line */
	return read_declaration(r, fields, n);
}

int cp_metrics_read(cp_graph *g, const char *dir, cp_diag_fn on_diag,
		    void *payload, size_t *n_errors, cp_error *err)
{
	cp_buf path = CP_BUF_INIT;
	cp_error file_err;
	struct stat st;
	reader r;
	int status;
	memset(&r, 0, sizeof(r));
	if (cp_buf_printf(&path, "%s/metrics.csv", dir))
		return cp_fail_oom(err);
	if (stat(path.ptr, &st) && errno == ENOENT) {
		cp_buf_free(&path);
		return 0;
	}
	r.g = g;
	r.path = path.ptr;
	r.on_diag = on_diag;
	r.payload = payload;
	r.n_errors = n_errors;
	r.err = err;
	r.declared_at = calloc(g->n_metrics ? g->n_metrics : 1, sizeof(size_t));
	if (!r.declared_at) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	status = cp_csv_read(path.ptr, read_row, &r, &file_err);
	if (status && !r.stopped && status != CP_ENOMEM) {
		/* the file itself is at fault: reported like any problem */
		(*n_errors)++;
		if (on_diag) {
			on_diag(CP_DIAG_ERROR, &file_err, payload);
			status = 0;
		} else if (err) {
			*err = file_err;
		}
	} else if (status == CP_ENOMEM && !r.stopped) {
		cp_fail_oom(err);
	}
	if (status == CP_EDATA && r.stopped && on_diag)
		status = 0;
cleanup:
	free(r.declared_at);
	cp_buf_free(&path);
	return status;
}

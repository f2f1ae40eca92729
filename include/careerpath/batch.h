/*
 * careerpath/batch.h: many queries from one CSV file. The file's columns
 * (cp_batch_layout), each row made into a query (cp_batch_row), and the
 * results as CSV or JSON Lines; and the many-to-many cost matrix.
 */
#ifndef CAREERPATH_BATCH_H
#define CAREERPATH_BATCH_H

#include "buf.h"
#include "common.h"
#include "cost.h"
#include "graph.h"
#include "io.h"
#include "output.h"
#include "query.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * What the columns of a batch file mean, read from its header row:
 * `from` and `to` (required) and the optional `by`, `k`, `max`, `avoid`,
 * `via`, `experience`, `min_gain`, and the career rules `max_zone_jump`,
 * `max_education` and `step_max` (METRIC=VALUE;...), each as in
 * `careerpath path`; every other column is carried through to the results
 * as written.
 */
typedef struct cp_batch_layout cp_batch_layout;

/*
 * Reads the header row. Returns 0, or CP_EINVALID when from or to is
 * missing, a column name is blank or given twice, or a carried column
 * would take the name of a result column (see cp_batch_header()). The
 * error's line and column are the header field's; its file is unset.
 */
int cp_batch_layout_new(cp_batch_layout **out, const cp_graph *graph,
			const cp_csv_field *header, size_t n_fields,
			cp_error *err);
void cp_batch_layout_free(cp_batch_layout *layout);
/* How many fields each row must have: the header's count. */
size_t cp_batch_layout_width(const cp_batch_layout *layout);

/*
 * One row of a batch file made into a query. The row owns everything the
 * query points to (its costs, avoid and via lists, caps, rules) and the carried
 * fields. When status is not 0 the row cannot be answered: error.message
 * names the column and the value, error.line and error.column give the
 * field's place (error.file is unset: the caller knows the file).
 */
typedef struct cp_batch_row {
	size_t line; /* the line where the row starts */
	cp_query query;
	int status;
	cp_error error;
	/* from, to and by as given ("steps" for a blank by) */
	char *from_text;
	char *to_text;
	char *by_text;
	/* what follows is owned by the row: read through query */
	char **carried; /* one per carried column; "" when the row is short */
	size_t n_carried;
	cp_query_parts parts;
} cp_batch_row;

/*
 * Parses one row. Always returns a row in *out (NULL only with CP_ENOMEM)
 * whose status says whether it can be answered: CP_ENOTFOUND or
 * CP_EAMBIGUOUS (a role or metric), or CP_EINVALID (a malformed number,
 * cap or list, or a row whose field count differs from the header's).
 * The function returns 0 or CP_ENOMEM. Cost: O(length of the row) plus
 * one role lookup per role named.
 */
int cp_batch_row_parse(cp_batch_row **out, const cp_graph *graph,
		       const cp_batch_layout *layout,
		       const cp_csv_field *fields, size_t n_fields,
		       cp_error *err);
void cp_batch_row_free(cp_batch_row *row);

/*
 * A row for a record the CSV reader could not read (cp_csv_fault_fn, with
 * the record's line and the fault): it asks nothing, its fields are blank,
 * its status is CP_EDATA and its error the fault, so that cp_batch_write()
 * gives it a line of its own that says why. Returns 0 or CP_ENOMEM.
 */
int cp_batch_row_unreadable(cp_batch_row **out, const cp_batch_layout *layout,
			    size_t line, const cp_error *fault, cp_error *err);

/*
 * Appends the header line of the results (CSV; nothing for CP_FORMAT_JSON,
 * whose lines name their fields): line, the carried columns, from, to,
 * by, rank, cost, one total per metric, steps, then wage_start, wage_end,
 * gain_usd and gain_pct when the graph has median wages, route, error and
 * unknown_steps: the figures of the route that rest on steps whose value is
 * not known, and on how many (cost=1;experience_months=1; in JSON an
 * object), whose cost and totals are then lower bounds (cp_route). Returns
 * 0, CP_EINVALID for CP_FORMAT_TEXT, or CP_ENOMEM.
 */
int cp_batch_header(cp_buf *out, const cp_graph *graph,
		    const cp_batch_layout *layout, cp_format format);

/*
 * Appends a row's results: one line per route, rank 1 first, with the
 * route as role ids joined by '>'; or, when the row is bad (row->status)
 * or the search failed (status, the cp_search() result, with err), one
 * line whose error field says why: "no route" for CP_ENOROUTE. Lines are
 * CSV records, or JSON objects one per line (CP_FORMAT_JSON: JSON Lines)
 * with the same names; blanks are empty CSV fields and JSON nulls.
 * Returns 0, CP_EINVALID for CP_FORMAT_TEXT, or CP_ENOMEM.
 */
int cp_batch_write(cp_buf *out, const cp_graph *graph,
		   const cp_batch_layout *layout, const cp_batch_row *row,
		   const cp_routes *routes, int status, const cp_error *err,
		   cp_format format);

/*
 * The many-to-many cost matrix, as CSV: a header `from,<to ids>`, then one
 * line per origin with its cost to each target; a cell is empty where no
 * route exists, 0 for the origin itself, and >=COST where the cost rests on
 * steps whose value is not known (the least it can be, cp_route). row is the
 * cp_search() answer to a CP_QUERY_ROW from the origin to the header's targets.
 * Returns 0, CP_EINVALID when row is not a row, or CP_ENOMEM.
 */
int cp_matrix_header(cp_buf *out, const cp_graph *graph, const size_t *to,
		     size_t n_to);
int cp_matrix_write(cp_buf *out, const cp_graph *graph, const cp_routes *row);

#ifdef __cplusplus
}
#endif

#endif

/*
 * careerpath/output.h: answers written for people and programs: routes,
 * reasons and costs as text, JSON or CSV, and the JSON, CSV and number
 * writers that the other writers share.
 */
#ifndef CAREERPATH_OUTPUT_H
#define CAREERPATH_OUTPUT_H

#include "buf.h"
#include "common.h"
#include "cost.h"
#include "graph.h"
#include "query.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { CP_FORMAT_TEXT, CP_FORMAT_JSON, CP_FORMAT_CSV } cp_format;

/*
 * Parses "text", "json" or "csv". Returns 0 or CP_EINVALID.
 */
int cp_format_parse(cp_format *out, const char *name, cp_error *err);

/*
 * The order of the roles of a reach answer (REACH and FEEDERS): by the
 * cost of their routes, as the search answers them, or by the rise in
 * median pay from the first role of the route to the last, highest first
 * (roles whose rise is not known last), ties by cost. CP_ORDER_PAYBACK:
 * by the months the route pays back in (cp_route_payback), soonest
 * first, those that never pay back or whose payback is not known last;
 * CP_ORDER_OPENINGS: by the annual openings of the role the route ends
 * at, most first, those not known last; ties by cost.
 */
typedef enum {
	CP_ORDER_COST,
	CP_ORDER_GAIN,
	CP_ORDER_PAYBACK,
	CP_ORDER_OPENINGS
} cp_order;

/*
 * How an answer is written. sources: the text for people also gives each
 * step's row in transitions.csv, its metrics and its text columns (sources,
 * credentials, notes); JSON and CSV always hold everything. order: of the
 * roles of a reach answer, in every format.
 * flush, flush_arg: when flush is set, the writer of a reach answer hands
 * out to flush(out, flush_arg) between roles once out holds
 * CP_FLUSH_SIZE bytes or more, and at its end; flush writes the bytes
 * and empties out, returning 0, or non-zero to stop the writer with
 * CP_EIO. So a long answer is never whole in memory; what was flushed
 * before a failure has been written.
 */
typedef struct cp_format_options {
	cp_format format;
	int sources;
	cp_order order;
	int (*flush)(cp_buf *out, void *flush_arg);
	void *flush_arg;
} cp_format_options;

#define CP_FLUSH_SIZE 65536

#define CP_FORMAT_OPTIONS_INIT                                                 \
	{                                                                      \
		CP_FORMAT_TEXT, 0, CP_ORDER_COST, NULL, NULL                   \
	}

/* Parses "cost", "gain", "payback" or "openings". Returns 0 or
 * CP_EINVALID. */
int cp_order_parse(cp_order *out, const char *name, cp_error *err);

/*
 * Appends the answer to a query to out, in the shape documented in
 * README.md: for routes and Pareto fronts ("Output") each step and route
 * with what the query counted (cp_route.values), the wages before and after
 * and the gains; for REACH and FEEDERS the roles reached ("careerpath
 * reach"), each with its whole route or, for an answer that names
 * parents (cp_routes.parents; JSON and CSV only), its parent. opts may be
 * NULL for text without sources. routes may hold no route. Returns 0,
 * CP_EINVALID for a ROW (cp_matrix_write() writes those) or for parents
 * in text, CP_EIO when opts->flush fails, or CP_ENOMEM. Memory: a reach
 * answer kept as a tree (cp_routes.tree) is written one route at a time,
 * O(longest route) beside out.
 */
int cp_routes_write(cp_buf *out, const cp_graph *graph, const cp_routes *routes,
		    const cp_format_options *opts);
/* cp_routes_write() in format, without sources. */
int cp_routes_format(cp_buf *out, const cp_graph *graph,
		     const cp_routes *routes, cp_format format);

/*
 * Appends a sentence for people saying why there is no route (no final
 * newline). It speaks of the query, never of a program's options: "a cap
 * of 6000 on cost_usd would admit one". Returns 0 or CP_ENOMEM.
 */
int cp_why_describe(cp_buf *out, const cp_graph *graph, const cp_why *why);

/*
 * Appends what a cost asks for, in words: "the quickest route"
 * (elapsed_months, or months where the graph has no elapsed_months), "the
 * cheapest route" (cost_usd), "the route with the fewest steps", "the route
 * with the least training time" (months beside elapsed_months) or "the
 * best route by EXPR". Returns 0 or CP_ENOMEM.
 */
int cp_cost_describe(cp_buf *out, const cp_graph *graph, const cp_cost *cost);

/*
 * Appends s to out as a JSON string (quoted and escaped) or as one CSV
 * field (quoted when it must be).
 */
int cp_buf_put_json_string(cp_buf *out, const char *s);
int cp_buf_put_csv_field(cp_buf *out, const char *s);
/*
 * What a number means, which says how it is rounded and, for people, how
 * it reads (README.md, "Numbers"). Programs (JSON, CSV) get digits alone:
 * - CP_NUM_VALUE: a value of the graph, or a sum or difference of them:
 *   ten significant digits and every digit of the whole part (0.978 for
 *   0.453 + 0.525); text: the same.
 * - CP_NUM_EXACT: the shortest text that reads back as the same double.
 * - CP_NUM_MONEY: dollars to the cent (44200, 21.5); text "$44,200",
 *   "$21.50", "-$1,200".
 * - CP_NUM_MONTHS: as VALUE; text "9 months", "1 year and 6 months".
 * - CP_NUM_COUNT: a count of people, whole; text "3,391,000".
 * - CP_NUM_PERCENT: a rise in pay; CSV one decimal (26.5); JSON as VALUE
 *   (26.49895178), so that a program rounding it again rounds the true
 *   value (201.49 is 201, never 201.5 and then 202); text whole from 10%
 *   up and to a tenth below ("112%", "4.5%").
 * - CP_NUM_CHANGE_PCT: as published, one decimal (4.9); text as PERCENT
 *   with "+" before a rise.
 * - CP_NUM_SHARE: a part of a whole in percent, one decimal; text "95.5%".
 * - CP_NUM_SCORE: a centrality score (betweenness), two decimals; text one.
 * Numbers past 1e21 or below 1e-9 (other than 0) carry an exponent
 * ("4.940656458e-324"), never hundreds of digits. Never a locale's form.
 */
typedef enum {
	CP_NUM_VALUE,
	CP_NUM_EXACT,
	CP_NUM_MONEY,
	CP_NUM_MONTHS,
	CP_NUM_COUNT,
	CP_NUM_PERCENT,
	CP_NUM_CHANGE_PCT,
	CP_NUM_SHARE,
	CP_NUM_SCORE
} cp_num_style;

/*
 * Appends value as style says, for format; NaN as `null` (JSON), ""
 * (CSV) or "unknown" (text). Returns 0 or CP_ENOMEM.
 */
int cp_buf_put_num(cp_buf *out, double value, cp_num_style style,
		   cp_format format);
/* cp_buf_put_num() of a CP_NUM_VALUE. */
int cp_buf_put_number(cp_buf *out, double value, cp_format format);

#ifdef __cplusplus
}
#endif

#endif

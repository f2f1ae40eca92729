/*
 * careerpath/labour.h: the labour pool of a set of roles. Of the people
 * who work in some origins (each weighted by a number column of roles.csv,
 * such as BLS employment), how many can reach a destination that a query
 * allows, and where they could go: the answers of many searches added up.
 */
#ifndef CAREERPATH_LABOUR_H
#define CAREERPATH_LABOUR_H

#include "buf.h"
#include "common.h"
#include "graph.h"
#include "output.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A tally, opaque: origins and the destinations each one reaches, added
 * one search at a time; cp_labour_free() frees it (NULL-safe). It must not
 * outlive the graph. Not thread-safe: add from one thread.
 */
typedef struct cp_labour cp_labour;

/*
 * Starts a tally whose origins weigh their cell of the number column
 * `weight` of roles.csv (people: employment_2024 on graphs/onet), or 1
 * each when weight is NULL. Returns 0, CP_ENOTFOUND (no such column),
 * CP_EINVALID (a text column) or CP_ENOMEM. Cost: O(roles + transitions),
 * to know which roles have a move out.
 */
int cp_labour_new(cp_labour **out, const cp_graph *graph, const char *weight,
		  cp_error *err);
void cp_labour_free(cp_labour *labour);

/*
 * Adds origin and n destinations it reaches (the targets a search found a
 * route to). An origin added again adds its destinations to those it has;
 * a destination given twice counts once, and origin among them not at
 * all (a role is not a move away from itself). n may be 0: the origin
 * reaches nothing. Returns 0, CP_EINVALID for a role out of range, or
 * CP_ENOMEM. Cost: O(n) amortised.
 */
int cp_labour_add(cp_labour *labour, size_t origin, const size_t *destinations,
		  size_t n, cp_error *err);

/*
 * Appends the summary, in the shape README.md describes ("The labour pool
 * of a set of roles"), as text for people, one JSON object, or CSV rows
 * `statistic,role,value`:
 * - each origin, in the order first added, with its people (its weight,
 *   unknown where its cell is blank), the destinations it reaches, and
 *   whether it has a move at all (a transition out of it or of a role it
 *   is a kind of);
 * - the people of the origins whose weight is known, and of those that
 *   reach at least one destination, with their share; an origin whose
 *   weight is blank is named and counted in neither, never as 0;
 * - every destination reached, by the people of the origins that reach
 *   it (known weights), most first, then by how many origins reach it,
 *   then roles.csv order. Text names the first 10, JSON and CSV all.
 * Returns 0 or CP_ENOMEM. Cost: O(P log P + roles) for P pairs added.
 */
int cp_labour_write(cp_buf *out, const cp_labour *labour, cp_format format);

#ifdef __cplusplus
}
#endif

#endif

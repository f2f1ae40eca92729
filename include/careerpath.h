/*
 * careerpath: career-pathway graphs and the routes through them.
 *
 * A graph is a folder holding roles.csv and transitions.csv (see
 * graphs/README.md). Load it with cp_graph_load(), name roles with
 * cp_role_find(), state what to minimise with cp_cost_parse(), fill a
 * cp_query and hand it to cp_search(); cp_routes_format() renders the answer.
 *
 * This header includes the whole library. Its modules, each of which
 * includes the others it needs and may be included alone:
 *
 *   careerpath/common.h  the version, status codes, cp_error, and the
 *                        conventions every function follows
 *   careerpath/buf.h     cp_buf, the growable buffer answers are written to
 *   careerpath/io.h      files written atomically; CSV read as a stream
 *   careerpath/graph.h   loading a graph; its roles, transitions, columns
 *                        and metrics; finding a role by name
 *   careerpath/cost.h    cost expressions: what a query minimises or caps
 *   careerpath/query.h   cp_query, cp_search() and its routes, the search
 *                        workspace, cp_explain() and why there is no route
 *   careerpath/output.h  answers as text, JSON or CSV
 *   careerpath/batch.h   many queries from a CSV file; the cost matrix
 *   careerpath/stats.h   statistics of a whole graph
 *   careerpath/dot.h     a graph drawn as Graphviz DOT
 *   careerpath/upskill.h which single role, held as well, opens most
 *   careerpath/payback.h when a route pays back what it costs
 *   careerpath/labour.h  the people in some roles, and where they can go
 */
#ifndef CAREERPATH_H
#define CAREERPATH_H

#include "careerpath/common.h"
#include "careerpath/buf.h"
#include "careerpath/io.h"
#include "careerpath/graph.h"
#include "careerpath/cost.h"
#include "careerpath/query.h"
#include "careerpath/output.h"
#include "careerpath/batch.h"
#include "careerpath/stats.h"
#include "careerpath/dot.h"
#include "careerpath/upskill.h"
#include "careerpath/payback.h"
#include "careerpath/labour.h"

#endif

/* Shared by the unit tests: temporary graphs and error assertions. */
#ifndef CP_TEST_HELPERS_H
#define CP_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "careerpath.h"

/*
 * Makes a temporary folder holding roles.csv and transitions.csv with the
 * given contents (NULL: that file is left out). Returns the folder's path,
 * which th_remove() deletes with everything in it.
 */
char *th_graph_dir(const char *roles, const char *transitions);
/* A temporary file with len bytes of content. */
char *th_file(const char *content, size_t len);
void th_remove(char *path);

/* Loads a graph from the contents given, failing the test on any error. */
cp_graph *th_load(const char *roles, const char *transitions);
/* Loads a fixture graph under tests/data. */
cp_graph *th_load_fixture(const char *name);
/* Parses a cost expression, failing the test if it does not parse. */
cp_cost *th_cost(const cp_graph *g, const char *expr);

/* Asserts err holds code, place (0: not checked) and a message part. */
#define th_assert_error(err, status, want_code, want_line, want_col, part)     \
	th_check_error(err, status, want_code, want_line, want_col, part,      \
		       __FILE__, __LINE__)
void th_check_error(const cp_error *err, int status, int want_code,
		    size_t want_line, size_t want_col, const char *part,
		    const char *file, int line);

#endif

#define _GNU_SOURCE
#include "helpers.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void write_text(const char *path, const char *content, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

char *th_graph_dir(const char *roles, const char *transitions)
{
	char *dir = strdup("/tmp/cp_test_XXXXXX"), path[256];
	assert_non_null(mkdtemp(dir));
	if (roles) {
		snprintf(path, sizeof(path), "%s/roles.csv", dir);
		write_text(path, roles, strlen(roles));
	}
	if (transitions) {
		snprintf(path, sizeof(path), "%s/transitions.csv", dir);
		write_text(path, transitions, strlen(transitions));
	}
	return dir;
}

char *th_file(const char *content, size_t len)
{
	char *path = strdup("/tmp/cp_test_XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	write_text(path, content, len);
	return path;
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void th_remove(char *path)
{
	if (!path)
		return;
	nftw(path, remove_one, 8, FTW_DEPTH | FTW_PHYS);
	free(path);
}

cp_graph *th_load(const char *roles, const char *transitions)
{
	char *dir = th_graph_dir(roles, transitions);
	cp_graph *g = NULL;
	cp_error err;
	int status = cp_graph_load(&g, dir, NULL, &err);
	if (status)
		fail_msg("loading failed: %s", err.text);
	th_remove(dir);
	return g;
}

cp_graph *th_load_fixture(const char *name)
{
	char dir[1024];
	cp_graph *g = NULL;
	cp_error err;
	snprintf(dir, sizeof(dir), "%s/%s", CP_TEST_DATA, name);
	if (cp_graph_load(&g, dir, NULL, &err))
		fail_msg("loading %s failed: %s", name, err.text);
	return g;
}

void th_check_error(const cp_error *err, int status, int want_code,
		    size_t want_line, size_t want_col, const char *part,
		    const char *file, int line)
{
	if (status != want_code || err->code != want_code)
		fail_msg("%s:%d: expected code %d, got %d (err %d: %s)", file,
			 line, want_code, status, err->code, err->text);
	if (want_line && (err->line != want_line || err->column != want_col))
		fail_msg("%s:%d: expected %zu:%zu, got %zu:%zu (%s)", file,
			 line, want_line, want_col, err->line, err->column,
			 err->text);
	if (part && !strstr(err->text, part))
		fail_msg("%s:%d: expected '%s' in '%s'", file, line, part,
			 err->text);
}

cp_cost *th_cost(const cp_graph *g, const char *expr)
{
	cp_cost *cost = NULL;
	cp_error err;
	int status = cp_cost_parse(&cost, g, expr, &err);
	if (status)
		fail_msg("cost '%s': %s", expr, err.text);
	return cost;
}

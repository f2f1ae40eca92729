/* Atomic writes: the whole new file or the old one, never a part. */
#include "helpers.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;
	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void read_back(const char *path, char *out, size_t size)
{
	FILE *f = fopen(path, "rb");
	size_t n;
	assert_non_null(f);
	n = fread(out, 1, size - 1, f);
	out[n] = '\0';
	fclose(f);
}

static void test_writes_and_replaces(void **state)
{
	char *dir = th_graph_dir(NULL, NULL), path[512], text[64];
	cp_error err;
	(void)state;
	snprintf(path, sizeof(path), "%s/out.dot", dir);
	assert_int_equal(cp_file_write_atomic(path, "first\n", 6, &err), 0);
	read_back(path, text, sizeof(text));
	assert_string_equal(text, "first\n");
	assert_int_equal(cp_file_write_atomic(path, "second", 6, &err), 0);
	read_back(path, text, sizeof(text));
	assert_string_equal(text, "second");
	assert_int_equal(count_entries(dir), 1);
	th_remove(dir);
}

static void test_failure_leaves_nothing(void **state)
{
	char *dir = th_graph_dir(NULL, NULL), path[512];
	cp_error err;
	int status;
	(void)state;
	snprintf(path, sizeof(path), "%s/missing/out.dot", dir);
	status = cp_file_write_atomic(path, "x", 1, &err);
	th_assert_error(&err, status, CP_EIO, 0, 0,
			"cannot create a file beside it");
	assert_int_equal(count_entries(dir), 0);
	snprintf(path, sizeof(path), "%s/sub", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	status = cp_file_write_atomic(path, "x", 1, &err);
	th_assert_error(&err, status, CP_EIO, 0, 0, "cannot replace");
	assert_int_equal(count_entries(dir), 1);
	th_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_writes_and_replaces),
		cmocka_unit_test(test_failure_leaves_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Atomic writes: the whole new file or the old one, never a part. */
#include "helpers.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Whether dir/name exists. */
static int exists(const char *dir, const char *name)
{
	char path[600];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return !lstat(path, &st);
}

/* Makes dir/name, holding a lock on it when fd_out is not NULL. */
static void make_file(const char *dir, const char *name, int *fd_out)
{
	char path[600];
	int fd;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	if (fd_out) {
		assert_int_equal(flock(fd, LOCK_EX), 0);
		*fd_out = fd;
	} else {
		close(fd);
	}
}

/*
 * While the file is made, nothing with a name is in the folder where the
 * filesystem makes unnamed files (ext4, tmpfs, xfs, btrfs); elsewhere the
 * named file is locked, so that no later writer takes it for stale.
 */
static void test_nothing_named_while_writing(void **state)
{
	char *dir = th_graph_dir(NULL, NULL), path[512];
	cp_atomic_file *file;
	cp_error err;
	struct stat st;
	(void)state;
	snprintf(path, sizeof(path), "%s/out.csv", dir);
	assert_int_equal(cp_atomic_open(&file, path, &err), 0);
	assert_true(fputs("a,b\n", cp_atomic_stream(file)) >= 0);
	if (count_entries(dir)) {
		DIR *d = opendir(dir);
		struct dirent *e;
		int fd = -1;
		while ((e = readdir(d)))
			if (!strncmp(e->d_name, "out.csv.tmp.", 12))
				fd = openat(dirfd(d), e->d_name, O_RDONLY);
		closedir(d);
		assert_true(fd >= 0);
		assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), -1);
		close(fd);
	}
	assert_int_equal(cp_atomic_commit(file, &err), 0);
	assert_int_equal(count_entries(dir), 1);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 4);
	/* 0644 less the umask, as any file the program writes */
	assert_int_equal(st.st_mode & 0777, 0644 & ~umask(umask(0)));
	th_remove(dir);
}

/*
 * A temporary file of the target that nobody holds (its writer was
 * killed) goes when the target is next written; one being written, or
 * another target's, or a name that is not ours, stays.
 */
static void test_stale_temps_removed(void **state)
{
	char *dir = th_graph_dir(NULL, NULL), path[512];
	cp_error err;
	int held;
	(void)state;
	make_file(dir, "out.csv.tmp.abc123", NULL);
	make_file(dir, "out.csv.tmp.Zz9Yy8", NULL);
	make_file(dir, "out.csv.tmp.HELD00", &held);
	make_file(dir, "out.csv.tmp.abc1234", NULL);
	make_file(dir, "out.csv.tmp.abc-23", NULL);
	make_file(dir, "other.csv.tmp.abc123", NULL);
	snprintf(path, sizeof(path), "%s/out.csv", dir);
	assert_int_equal(cp_file_write_atomic(path, "x\n", 2, &err), 0);
	assert_false(exists(dir, "out.csv.tmp.abc123"));
	assert_false(exists(dir, "out.csv.tmp.Zz9Yy8"));
	assert_true(exists(dir, "out.csv.tmp.HELD00"));
	assert_true(exists(dir, "out.csv.tmp.abc1234"));
	assert_true(exists(dir, "out.csv.tmp.abc-23"));
	assert_true(exists(dir, "other.csv.tmp.abc123"));
	assert_true(exists(dir, "out.csv"));
	close(held);
	/* its writer gone, the next write removes it */
	assert_int_equal(cp_file_write_atomic(path, "y\n", 2, &err), 0);
	assert_false(exists(dir, "out.csv.tmp.HELD00"));
	assert_int_equal(count_entries(dir), 4);
	th_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_writes_and_replaces),
		cmocka_unit_test(test_failure_leaves_nothing),
		cmocka_unit_test(test_nothing_named_while_writing),
		cmocka_unit_test(test_stale_temps_removed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Files written whole or not at all, and never left behind half made.
 *
 * The bytes go to an unnamed file in the target's folder (O_TMPFILE),
 * which vanishes with the process however it ends; only when they are all
 * written and synced is it given a name, PATH.tmp.XXXXXX (linkat), and
 * renamed over PATH. Where the filesystem cannot make an unnamed file, a
 * named PATH.tmp.XXXXXX is written instead. Either file is locked (flock)
 * while its writer lives, so the next writer of PATH can tell a temporary
 * file whose writer was killed (unlocked) from one being written (locked),
 * and removes the first kind before it starts.
 */
#define _GNU_SOURCE
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TMP_SUFFIX ".tmp."
#define TMP_RANDOM 6 /* the XXXXXX of mkstemp */

struct cp_atomic_file {
	char *path;
	cp_buf tmp; /* the named temporary file, or empty */
	FILE *stream;
};

void cp_atomic_abort(cp_atomic_file *file)
{
	if (!file)
		return;
	if (file->stream)
		fclose(file->stream);
	if (file->tmp.size)
		unlink(file->tmp.ptr);
	cp_buf_free(&file->tmp);
	free(file->path);
	free(file);
}

/* The folder path is in ("." for a bare name), into dir. */
static int folder_of(cp_buf *dir, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return cp_buf_puts(dir, ".");
	if (slash == path)
		return cp_buf_puts(dir, "/");
	return cp_buf_put(dir, path, (size_t)(slash - path));
}

/* Whether name is base.tmp.XXXXXX, a temporary file made for base. */
static int is_our_temp(const char *name, const char *base)
{
	size_t len = strlen(base), i;
	if (strncmp(name, base, len) ||
	    strncmp(name + len, TMP_SUFFIX, strlen(TMP_SUFFIX)))
		return 0;
	name += len + strlen(TMP_SUFFIX);
	for (i = 0; i < TMP_RANDOM; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		      (name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= '0' && name[i] <= '9')))
			return 0;
	return name[TMP_RANDOM] == '\0';
}

/* Removes name when it is a regular file nobody holds locked. */
static void remove_if_stale(int dir_fd, const char *name)
{
	struct stat opened, named;
	int fd = openat(dir_fd, name,
			O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return;
	if (!fstat(fd, &opened) && S_ISREG(opened.st_mode) &&
	    !flock(fd, LOCK_EX | LOCK_NB) &&
	    !fstatat(dir_fd, name, &named, AT_SYMLINK_NOFOLLOW) &&
	    named.st_ino == opened.st_ino && named.st_dev == opened.st_dev)
		unlinkat(dir_fd, name, 0);
	close(fd); /* and with it the lock */
}

/*
 * Removes the temporary files of path whose writers are gone: killed
 * between naming the file and renaming it, or, where files are named
 * from the start, at any time. Best effort: what cannot be read is left.
 */
static void remove_stale_temps(const char *path, const cp_buf *dir)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	DIR *d = opendir(dir->ptr);
	struct dirent *entry;
	if (!d)
		return;
	while ((entry = readdir(d)))
		if (is_our_temp(entry->d_name, base))
			remove_if_stale(dirfd(d), entry->d_name);
	closedir(d);
}

/*
 * A named temporary file beside path, made with mkstemp and locked. A
 * writer that cleans up between mkstemp and flock could remove it: then
 * its link count is 0, and another is made.
 */
static int open_named(cp_atomic_file *file, cp_error *err)
{
	struct stat st;
	int attempt;
	for (attempt = 0; attempt < 10; attempt++) {
		int fd;
		cp_buf_clear(&file->tmp);
		if (cp_buf_printf(&file->tmp, "%s" TMP_SUFFIX "XXXXXX",
				  file->path))
			return cp_fail_oom(err);
		if ((fd = mkostemp(file->tmp.ptr, O_CLOEXEC)) < 0) {
			int saved = errno;
			/* nothing to remove */
			cp_buf_clear(&file->tmp);
			return cp_fail(err, CP_EIO, file->path, 0, 0,
				       "cannot create a file beside it: %s",
				       strerror(saved));
		}
		if (!flock(fd, LOCK_EX) && !fstat(fd, &st) && st.st_nlink)
			return fd;
		close(fd);
	}
	cp_buf_clear(&file->tmp);
	return cp_fail(err, CP_EIO, file->path, 0, 0,
		       "cannot create a file beside it: removed as it was "
		       "made");
}

int cp_atomic_open(cp_atomic_file **out, const char *path, cp_error *err)
{
	cp_atomic_file *file = calloc(1, sizeof(*file));
	cp_buf dir = CP_BUF_INIT;
	int fd = -1, status = 0;
	*out = NULL;
	if (!file || !(file->path = strdup(path)) || folder_of(&dir, path)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	remove_stale_temps(path, &dir);
	/* an output file is for sharing: 0644 less the umask */
	fd = open(dir.ptr, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
	if (fd >= 0 && flock(fd, LOCK_EX)) {
		close(fd);
		fd = -1;
	}
	if (fd < 0) {
		if ((fd = open_named(file, err)) < 0) {
			status = CP_EIO;
			goto cleanup;
		}
		/* mkstemp makes the file 0600 */
		fchmod(fd, 0644 & ~umask(umask(0)));
	}
	if (!(file->stream = fdopen(fd, "w"))) {
		close(fd);
		status = cp_fail_oom(err);
		goto cleanup;
	}
	*out = file;
	file = NULL;
cleanup:
	cp_buf_free(&dir);
	cp_atomic_abort(file);
	return status;
}

FILE *cp_atomic_stream(cp_atomic_file *file)
{
	return file->stream;
}

/*
 * Gives the unnamed file fd a name beside the target, PATH.tmp.XXXXXX,
 * through /proc/self/fd (linkat with AT_EMPTY_PATH would need a privilege).
 * Returns 0, or -1 with errno set.
 */
static int name_unnamed(cp_atomic_file *file, int fd)
{
	static const char digits[] = "abcdefghijklmnopqrstuvwxyz"
				     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	char proc[64];
	struct timespec now;
	unsigned long long seed;
	int attempt, i;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	clock_gettime(CLOCK_REALTIME, &now);
	seed = (unsigned long long)now.tv_nsec ^
	       ((unsigned long long)getpid() << 32);
	for (attempt = 0; attempt < 100; attempt++) {
		char suffix[TMP_RANDOM + 1];
		unsigned long long x = seed + (unsigned long long)attempt *
						      0x9E3779B97F4A7C15ULL;
		for (i = 0; i < TMP_RANDOM; i++, x /= sizeof(digits) - 1)
			suffix[i] = digits[x % (sizeof(digits) - 1)];
		suffix[TMP_RANDOM] = '\0';
		cp_buf_clear(&file->tmp);
		if (cp_buf_printf(&file->tmp, "%s" TMP_SUFFIX "%s", file->path,
				  suffix)) {
			errno = ENOMEM;
			return -1;
		}
		if (!linkat(AT_FDCWD, proc, AT_FDCWD, file->tmp.ptr,
			    AT_SYMLINK_FOLLOW))
			return 0;
		if (errno != EEXIST)
			break;
	}
	cp_buf_clear(&file->tmp);
	return -1;
}

int cp_atomic_commit(cp_atomic_file *file, cp_error *err)
{
	int status = 0, fd = fileno(file->stream);
	if (fflush(file->stream) || ferror(file->stream) || fsync(fd))
		status = cp_fail(err, CP_EIO, file->path, 0, 0,
				 "cannot write: %s", strerror(errno));
	else if (!file->tmp.size && name_unnamed(file, fd))
		status = cp_fail(err, CP_EIO, file->path, 0, 0,
				 "cannot create a file beside it: %s",
				 strerror(errno));
	/* renamed while the lock is held, so that no writer removes it */
	else if (rename(file->tmp.ptr, file->path))
		status = cp_fail(err, CP_EIO, file->path, 0, 0,
				 "cannot replace: %s", strerror(errno));
	else
		cp_buf_clear(&file->tmp);
	if (fclose(file->stream) && !status)
		status = cp_fail(err, CP_EIO, file->path, 0, 0,
				 "cannot write: %s", strerror(errno));
	file->stream = NULL;
	cp_atomic_abort(file);
	return status;
}

int cp_file_write_atomic(const char *path, const char *data, size_t len,
			 cp_error *err)
{
	cp_atomic_file *file;
	int status = cp_atomic_open(&file, path, err);
	if (status)
		return status;
	if (len && fwrite(data, 1, len, file->stream) != len) {
		status = cp_fail(err, CP_EIO, path, 0, 0, "cannot write: %s",
				 strerror(errno));
		cp_atomic_abort(file);
		return status;
	}
	return cp_atomic_commit(file, err);
}

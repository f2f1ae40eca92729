/* Files written whole or not at all. */
#define _GNU_SOURCE
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct cp_atomic_file {
	char *path;
	cp_buf tmp;
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

int cp_atomic_open(cp_atomic_file **out, const char *path, cp_error *err)
{
	cp_atomic_file *file = calloc(1, sizeof(*file));
	int fd = -1, status = 0;
	*out = NULL;
	if (!file || !(file->path = strdup(path)) ||
	    cp_buf_printf(&file->tmp, "%s.tmp.XXXXXX", path)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	fd = mkstemp(file->tmp.ptr);
	if (fd < 0) {
		/* nothing to remove */
		cp_buf_clear(&file->tmp);
		status = cp_fail(err, CP_EIO, path, 0, 0,
				 "cannot create a file beside it: %s",
				 strerror(errno));
		goto cleanup;
	}
	/* mkstemp makes the file 0600; an output file is for sharing */
	fchmod(fd, 0644 & ~umask(umask(0)));
	if (!(file->stream = fdopen(fd, "w"))) {
		close(fd);
		status = cp_fail_oom(err);
		goto cleanup;
	}
	*out = file;
	file = NULL;
cleanup:
	cp_atomic_abort(file);
	return status;
}

FILE *cp_atomic_stream(cp_atomic_file *file)
{
	return file->stream;
}

int cp_atomic_commit(cp_atomic_file *file, cp_error *err)
{
	int status = 0, failed;
	failed = fflush(file->stream) || ferror(file->stream) ||
		 fsync(fileno(file->stream));
	if (fclose(file->stream))
		failed = 1;
	file->stream = NULL;
	if (failed)
		status = cp_fail(err, CP_EIO, file->path, 0, 0,
				 "cannot write: %s", strerror(errno));
	else if (rename(file->tmp.ptr, file->path))
		status = cp_fail(err, CP_EIO, file->path, 0, 0,
				 "cannot replace: %s", strerror(errno));
	else
		cp_buf_clear(&file->tmp);
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

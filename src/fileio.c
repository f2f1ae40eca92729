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

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int cp_file_write_atomic(const char *path, const char *data, size_t len,
			 cp_error *err)
{
	cp_buf tmp = CP_BUF_INIT;
	int fd = -1, status = 0, saved;
	if (cp_buf_printf(&tmp, "%s.tmp.XXXXXX", path)) {
		status = cp_fail_oom(err);
		goto cleanup;
	}
	fd = mkstemp(tmp.ptr);
	if (fd < 0) {
		status = cp_fail(err, CP_EIO, path, 0, 0,
				 "cannot create a file beside it: %s",
				 strerror(errno));
		goto cleanup;
	}
	if (write_all(fd, data, len) || fsync(fd)) {
		saved = errno;
		status = cp_fail(err, CP_EIO, path, 0, 0, "cannot write: %s",
				 strerror(saved));
		goto cleanup;
	}
	/* mkstemp makes the file 0600; an output file is for sharing */
	fchmod(fd, 0644 & ~umask(umask(0)));
	if (close(fd)) {
		fd = -1;
		status = cp_fail(err, CP_EIO, path, 0, 0, "cannot write: %s",
				 strerror(errno));
		goto cleanup;
	}
	fd = -1;
	if (rename(tmp.ptr, path)) {
		status = cp_fail(err, CP_EIO, path, 0, 0, "cannot replace: %s",
				 strerror(errno));
		goto cleanup;
	}
cleanup:
	if (fd >= 0)
		close(fd);
	if (status && tmp.size)
		unlink(tmp.ptr);
	cp_buf_free(&tmp);
	return status;
}

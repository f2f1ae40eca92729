/*
 * careerpath/io.h: files. A file written atomically, whole or while it is
 * being made, and CSV read as a stream of records: what a batch run reads
 * and writes through, with nothing in them of graphs or queries.
 */
#ifndef CAREERPATH_IO_H
#define CAREERPATH_IO_H

#include "common.h"

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Writes data to path atomically: into a temporary file beside it, then
 * renamed over it, so a reader sees the old file or the whole new one.
 * Returns 0 or CP_EIO.
 */
int cp_file_write_atomic(const char *path, const char *data, size_t len,
			 cp_error *err);

/*
 * Writes a file atomically while it is being made: the bytes go to a
 * temporary file beside path, and cp_atomic_commit() renames it over path,
 * so a reader sees the old file or the whole new one, and a run that fails
 * leaves nothing behind (cp_atomic_abort()).
 */
typedef struct cp_atomic_file cp_atomic_file;

/* Returns 0, or CP_EIO when no file can be made beside path. */
int cp_atomic_open(cp_atomic_file **out, const char *path, cp_error *err);
/* The stream to write to; borrowed until commit or abort. */
FILE *cp_atomic_stream(cp_atomic_file *file);
/* Flushes, syncs and renames; frees file either way. 0 or CP_EIO. */
int cp_atomic_commit(cp_atomic_file *file, cp_error *err);
/* Removes the temporary file and frees file; NULL-safe. */
void cp_atomic_abort(cp_atomic_file *file);

/* One CSV field as read: NUL-terminated text and where it starts. */
typedef struct cp_csv_field {
	const char *text;
	size_t len;
	size_t line;
	size_t column;
} cp_csv_field;

/*
 * Called for each record. Returns 0 to go on, or a negative code to stop
 * reading (the code is then the reader's result).
 */
typedef int (*cp_csv_row_fn)(void *payload, const cp_csv_field *fields,
			     size_t n_fields);

/*
 * Streams CSV (RFC 4180, strict, optional UTF-8 BOM, LF, CRLF or CR) from
 * in through on_row, one record at a time, in memory bounded by the
 * longest record. name is the file's name for messages. A structural
 * fault (a stray quote, an unterminated field, a NUL byte, invalid UTF-8)
 * stops reading with CP_EDATA and its place in err; CP_EIO when reading
 * fails; CP_EDATA ("empty") when there is no record at all.
 */
int cp_csv_stream(FILE *in, const char *name, cp_csv_row_fn on_row,
		  void *payload, cp_error *err);

/*
 * Called for a record that cannot be read: a NUL byte, invalid UTF-8, a
 * stray quote, a field longer than 1 MiB or more than 1024 fields. fault
 * holds the first fault's place and message (its file is the stream's
 * name); line is the line the record starts on. Returns 0 to go on with
 * the next record, or a negative code to stop reading (the code is then
 * the reader's result).
 */
typedef int (*cp_csv_fault_fn)(void *payload, const cp_error *fault,
			       size_t line);

/*
 * Streams CSV as cp_csv_stream() does, but a record at fault goes to
 * on_fault and the reading goes on after it. Where such a record ends is
 * read leniently: a quote opens a quoted field only as the first character
 * of a field (after blanks), "" inside one is a quote and a lone quote
 * closes it, a quote anywhere else is text, and the record ends at the
 * first line end outside quotes. Only a quoted field left open at the end
 * of the file stops the reading (CP_EDATA, at the field, after every record
 * before it has been reported); CP_EIO when reading fails.
 */
int cp_csv_stream_recover(FILE *in, const char *name, cp_csv_row_fn on_row,
			  cp_csv_fault_fn on_fault, void *payload,
			  cp_error *err);

#ifdef __cplusplus
}
#endif

#endif

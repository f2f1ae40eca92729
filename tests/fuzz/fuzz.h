/*
 * Shared by the fuzz harnesses. Each harness defines LLVMFuzzerTestOneInput
 * and is linked either with libFuzzer (tools/fuzz) or with replay.c, a main()
 * that runs the same function on saved inputs (CTest).
 */
#ifndef CP_FUZZ_H
#define CP_FUZZ_H

#include "careerpath.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A harness states what must hold for every input; a broken promise aborts,
 * which libFuzzer and the replayer both report as a crash.
 */
#define FUZZ_CHECK(cond)                                                       \
	do {                                                                   \
		if (!(cond))                                                   \
			fuzz_fail(__FILE__, __LINE__, #cond);                  \
	} while (0)
void fuzz_fail(const char *file, int line, const char *what)
	__attribute__((noreturn));

/*
 * A folder of the process's own under TMPDIR (or /tmp), made on first use
 * and removed with its files at exit.
 */
const char *fuzz_dir(void);
/*
 * Writes len bytes to the file name (a string literal) in fuzz_dir(), or
 * with data NULL removes it.
 */
void fuzz_write(const char *name, const void *data, size_t len);

/* Whether s[0..len) is UTF-8 (RFC 3629: no overlong forms, surrogates). */
int fuzz_utf8_valid(const char *s, size_t len);
/* Whether a message is one line: no control bytes at all. */
int fuzz_one_line(const char *s);
/* Whether s[0..len) is one JSON value (RFC 8259) and nothing else. */
int fuzz_json_valid(const char *s, size_t len);

/*
 * A fixed graph of five roles (e is reached by nothing), parallel
 * transitions, a cycle and blank cells in two metrics; loaded on first use
 * from fuzz_dir(), freed at exit. Only read.
 */
cp_graph *fuzz_graph(void);

#endif

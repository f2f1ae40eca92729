/*
 * The O*NET importer without its files: reads the O*NET release tables, the
 * BLS OEWS national wages, BLS Employment Projections Table 1.2 and the
 * NCES CIP-SOC crosswalk (tab-separated, through libcsv) into a model and
 * makes from it the text of the graph's roles.csv and transitions.csv.
 * onet-import.c reads the files and writes the folder around it; the
 * fuzz harness tests/fuzz/fuzz_onet.c feeds it bytes from memory.
 *
 * Calls return 0 or a negative ONET_E* code. Every failure is reported
 * once, as one line: `path:line:col: message` for bad data.
 */
#ifndef ONET_READ_H
#define ONET_READ_H

#include <stddef.h>

#define ONET_E_DATA (-3)
#define ONET_E_IO (-4)
#define ONET_E_NOMEM (-5)

/* A growing string: ptr is NUL-terminated once anything is put in it. */
typedef struct sbuf {
	char *ptr;
	size_t len, cap;
} sbuf;

int sbuf_put(sbuf *b, const char *s, size_t n);
int sbuf_puts(sbuf *b, const char *s);
int sbuf_printf(sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbuf_free(sbuf *b);

/*
 * Where failures go: report(message, payload), with message the line
 * without a newline. A NULL reporter, or one whose report is NULL, writes
 * `onet-import: message` on standard error. A model keeps a copy of the
 * reporter it was made with, so two models in one process report apart.
 */
typedef void (*onet_report_fn)(const char *message, void *payload);
typedef struct onet_reporter {
	onet_report_fn report;
	void *payload;
} onet_reporter;

/*
 * Report a failure to reporter and return ONET_E_IO (with errno's text)
 * or _NOMEM.
 */
int onet_fail_io(const onet_reporter *reporter, const char *what,
		 const char *path);
int onet_fail_nomem(const onet_reporter *reporter);

/* The tables, in the order they must be read. */
typedef enum onet_table {
	ONET_OCCUPATIONS, /* Occupation Data */
	ONET_JOB_ZONES,
	ONET_CATEGORIES, /* Education, Training, and Experience Categories */
	ONET_EDUCATION,	 /* Education, Training, and Experience */
	ONET_SKILLS,
	ONET_ALTERNATE_TITLES,
	ONET_REPORTED_TITLES, /* Sample of Reported Titles */
	ONET_RELATED,	      /* Related Occupations */
	ONET_WAGES,	      /* the OEWS national file */
	ONET_PROJECTIONS,     /* BLS Employment Projections Table 1.2 */
	ONET_CROSSWALK,	      /* NCES CIP 2020 - SOC 2018, sheet CIP-SOC */
	ONET_TABLES
} onet_table;

/*
 * The O*NET file's name without extension; NULL for the tables that are not
 * O*NET's (ONET_WAGES and after).
 */
const char *onet_table_name(onet_table table);
/*
 * Whether the release ships the table as Excel only, so that its
 * `.from_xlsx.tsv` dump stands in for a missing `.txt`.
 */
int onet_table_has_xlsx_dump(onet_table table);

typedef struct onet_model onet_model;

/*
 * A model with nothing read, reporting its failures to reporter (copied;
 * NULL for standard error); 0 or ONET_E_NOMEM (reported there).
 */
int onet_model_new(onet_model **out, const onet_reporter *reporter);
void onet_model_free(onet_model *model);

/*
 * Reads one table into the model: the file at path, or len bytes of text
 * (named path in messages; a NUL byte in it is bad data). Each table once,
 * in the order of onet_table. 0, or ONET_E_DATA, _IO or _NOMEM, reported
 * to the model's reporter.
 */
int onet_read_file(onet_model *model, onet_table table, const char *path);
int onet_read_text(onet_model *model, onet_table table, const char *path,
		   const char *text, size_t len);

/* The longest field a table may hold: a release's longest is 811 bytes. */
#define ONET_FIELD_MAX 4096

/*
 * Once every table is read: refuses a table with no rows past its header,
 * and, when Occupation Data holds a release's count (at least four fifths
 * of O*NET 30.0's 1,016 occupations), a table with fewer than four fifths
 * of the rows it has in the release graphs/onet is made from (a file cut
 * short: an Alternate Titles file stopped half way). 0 or ONET_E_DATA,
 * reported at the table's last line (graphs/onet/README.md).
 */
int onet_check_complete(onet_model *model);

/*
 * What a build holds: roles (occupations and the two start roles),
 * aliases, transitions (every move written), and of those the moves out
 * of the start roles (starts); left_out counts O*NET's related pairs not
 * written because the destination asks for work experience the origin
 * does not give (graphs/onet/README.md).
 */
typedef struct onet_counts {
	size_t roles, aliases, transitions, starts, left_out;
} onet_counts;

/*
 * Once every table is read: puts the text of roles.csv and
 * transitions.csv into roles and transitions (appended), and what they
 * hold into *counts. 0 or ONET_E_NOMEM (not reported).
 */
int onet_build(onet_model *model, sbuf *roles, sbuf *transitions,
	       onet_counts *counts);

#endif

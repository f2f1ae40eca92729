/*
 * Fuzz harness for the O*NET importer (tools/onet/onet-read.c): the input holds
 * the eleven tables the importer reads, in its order (Occupation Data, Job
 * Zones, the education categories, Education, Training, and Experience,
 * Skills, Alternate Titles, Sample of Reported Titles, Related Occupations,
 * the OEWS wages, BLS EP Table 1.2, then the NCES CIP-SOC crosswalk),
 * separated by NUL bytes; a table the input does not reach is its header
 * alone (for Table 1.2, its title line and header). The tables are read in turn
 * until one fails; when all are read, the graph's roles.csv and transitions.csv
 * are built.
 *
 * What must hold: a table that cannot be read says why in one message,
 * `file:line:col: message`, naming that table and a place inside it, in
 * one line of UTF-8; a table that reads says nothing. What is built is
 * UTF-8, reads back (cp_csv_stream) as two tables as wide as their
 * headers, a record per role and per transition, and loads as a graph
 * without an error: the importer never writes a graph careerpath refuses.
 * Nor one with data careerpath lets through but no real file holds: the
 * importer refuses an occupation related to itself and a negative OEWS
 * median, so the graph has no self-loop and no wage below 0.
 */
#include "fuzz.h"
#include "onet-read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each table's file, as messages name it, and its header alone. */
static const char *const files[ONET_TABLES] = {
	"Occupation Data.txt",
	"Job Zones.txt",
	"Education, Training, and Experience Categories.txt",
	"Education, Training, and Experience.txt",
	"Skills.txt",
	"Alternate Titles.txt",
	"Sample of Reported Titles.txt",
	"Related Occupations.txt",
	"oews.tsv",
	"occupation.Table 1.2.tsv",
	"CIP-SOC.tsv",
};
static const char *const headers[ONET_TABLES] = {
	"O*NET-SOC Code\tTitle\n",
	"O*NET-SOC Code\tJob Zone\n",
	"Element ID\tScale ID\tCategory\tCategory Description\n",
	"O*NET-SOC Code\tElement ID\tScale ID\tCategory\tData Value\t"
	"Recommend Suppress\n",
	"O*NET-SOC Code\tElement ID\tElement Name\tScale ID\tData Value\t"
	"Recommend Suppress\tNot Relevant\n",
	"O*NET-SOC Code\tAlternate Title\tShort Title\n",
	"O*NET-SOC Code\tReported Job Title\n",
	"O*NET-SOC Code\tRelated O*NET-SOC Code\tRelatedness Tier\tIndex\n",
	"OCC_CODE\tOCC_TITLE\tO_GROUP\tA_MEDIAN\tH_MEDIAN\n",
	"Table 1.2\n"
	"2024 National Employment Matrix title\t"
	"2024 National Employment Matrix code\tOccupation type\t"
	"Employment, 2024\tEmployment, 2034\t"
	"Employment change, percent, 2024\xe2\x80\x93"
	"34\t"
	"Occupational openings, 2024\xe2\x80\x93"
	"34 annual average\t"
	"Typical education needed for entry\t"
	"Work experience in a related occupation\t"
	"Typical on-the-job training needed to attain competency in the "
	"occupation\n",
	"CIP2020Code\tCIP2020Title\tSOC2018Code\tSOC2018Title\n",
};

#define ROLE_COLUMNS 22
#define TRANSITION_COLUMNS 12

typedef struct said {
	size_t count;
	char *last;
} said;

static void on_report(const char *message, void *payload)
{
	said *s = payload;
	s->count++;
	free(s->last);
	s->last = strdup(message);
	FUZZ_CHECK(s->last);
}

/*
 * The message names file at a line of text and a column of that line (in
 * characters, a byte that is no UTF-8 counting as one), or one past its end.
 */
static void check_message(const char *message, const char *file,
			  const char *text, size_t len)
{
	const char *at = message, *line_start = text, *end = text + len;
	size_t name = strlen(file), line, col, chars = 0, i;
	char *rest;
	FUZZ_CHECK(fuzz_one_line(message));
	FUZZ_CHECK(fuzz_utf8_valid(message, strlen(message)));
	FUZZ_CHECK(!strncmp(at, file, name) && at[name] == ':');
	at += name + 1;
	FUZZ_CHECK(*at >= '1' && *at <= '9');
	line = strtoul(at, &rest, 10);
	FUZZ_CHECK(*rest == ':' && rest[1] >= '1' && rest[1] <= '9');
	col = strtoul(rest + 1, &rest, 10);
	FUZZ_CHECK(!strncmp(rest, ": ", 2) && rest[2]);
	for (i = 1; i < line; i++) {
		const char *nl =
			memchr(line_start, '\n', (size_t)(end - line_start));
		FUZZ_CHECK(nl);
		line_start = nl + 1;
	}
	for (; line_start < end && *line_start != '\n'; line_start++)
		chars += ((unsigned char)*line_start & 0xC0) != 0x80;
	FUZZ_CHECK(col <= chars + 1);
}

typedef struct csv_table {
	size_t width, records;
} csv_table;

static int on_record(void *payload, const cp_csv_field *fields, size_t n_fields)
{
	csv_table *t = payload;
	(void)fields;
	FUZZ_CHECK(n_fields == t->width);
	t->records++;
	return 0;
}

static void check_csv(const sbuf *text, const char *name, size_t width,
		      size_t records)
{
	csv_table t = {width, 0};
	cp_error err;
	FILE *in;
	FUZZ_CHECK(text->len && text->ptr[text->len - 1] == '\n');
	FUZZ_CHECK(fuzz_utf8_valid(text->ptr, text->len));
	in = fmemopen(text->ptr, text->len, "rb");
	FUZZ_CHECK(in);
	FUZZ_CHECK(cp_csv_stream(in, name, on_record, &t, &err) == 0);
	fclose(in);
	FUZZ_CHECK(t.records == 1 + records);
}

static void on_diag(cp_diag_kind kind, const cp_error *diag, void *payload)
{
	if (kind != CP_DIAG_ERROR)
		return;
	fprintf(stderr, "fuzz: the built graph: %s\n", diag->text);
	*(size_t *)payload += 1;
}

/*
 * What onet-import would write loads, with no error, no self-loop and no
 * negative wage (a blank wage is NaN, which passes).
 */
static void check_graph(const sbuf *roles, const sbuf *transitions,
			const onet_counts *counts)
{
	cp_load_options opts = CP_LOAD_OPTIONS_INIT;
	cp_graph *graph = NULL;
	cp_error err;
	size_t errors = 0, i;
	int status;
	fuzz_write("roles.csv", roles->ptr, roles->len);
	fuzz_write("transitions.csv", transitions->ptr, transitions->len);
	opts.on_diag = on_diag;
	opts.payload = &errors;
	status = cp_graph_load(&graph, fuzz_dir(), &opts, &err);
	FUZZ_CHECK(!errors);
	FUZZ_CHECK(status == 0 && graph);
	FUZZ_CHECK(cp_graph_role_count(graph) == counts->roles);
	FUZZ_CHECK(cp_graph_transition_count(graph) == counts->transitions);
	for (i = 0; i < counts->transitions; i++)
		FUZZ_CHECK(cp_transition_from(graph, i) !=
			   cp_transition_to(graph, i));
	for (i = 0; i < counts->roles; i++)
		FUZZ_CHECK(!(cp_role_wage(graph, i) < 0));
	cp_graph_free(graph);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *input = (const char *)data;
	size_t at = 0;
	int more = 1; /* the input reaches the next table */
	onet_model *model = NULL;
	sbuf roles = {0}, transitions = {0};
	onet_counts counts;
	said s = {0, NULL};
	const onet_reporter reporter = {on_report, &s};
	int table, status = 0;

	FUZZ_CHECK(onet_model_new(&model, &reporter) == 0);
	for (table = 0; table < ONET_TABLES && !status; table++) {
		const char *text = headers[table];
		size_t len = strlen(text);
		if (more) {
			const char *nul = memchr(input + at, '\0', size - at);
			text = input + at;
			len = nul ? (size_t)(nul - text) : size - at;
			at += len + 1;
			more = nul != NULL;
		}
		status = onet_read_text(model, table, files[table], text, len);
		if (status) {
			FUZZ_CHECK(status == ONET_E_DATA && s.count == 1);
			check_message(s.last, files[table], text, len);
		} else {
			FUZZ_CHECK(s.count == 0);
		}
	}
	if (!status) {
		/* far shorter than a release, only an empty table is refused,
		 * in one line that names a table's file; the build goes on
		 * as the importer's would not, to check what it makes */
		int complete = onet_check_complete(model);
		FUZZ_CHECK(complete == 0
				   ? s.count == 0
				   : complete == ONET_E_DATA && s.count == 1 &&
					     fuzz_one_line(s.last) &&
					     strstr(s.last, ": no rows "
							    "past the "
							    "header"));
		s.count = 0;
		FUZZ_CHECK(onet_build(model, &roles, &transitions, &counts) ==
			   0);
		FUZZ_CHECK(s.count == 0);
		check_csv(&roles, "roles.csv", ROLE_COLUMNS, counts.roles);
		check_csv(&transitions, "transitions.csv", TRANSITION_COLUMNS,
			  counts.transitions);
		check_graph(&roles, &transitions, &counts);
	}
	onet_model_free(model);
	free(s.last);
	sbuf_free(&roles);
	sbuf_free(&transitions);
	return 0;
}

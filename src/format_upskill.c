/*
 * The upskilling ranking (careerpath/upskill.h) written for people, as
 * one JSON object, or as CSV, one line per candidate.
 */
#include "format_internal.h"
#include "internal.h"

#include "careerpath/upskill.h"

#include <math.h>
#include <string.h>

/* Text lines are at most this many characters, as other answers' are. */
#define TEXT_WIDTH 90
/* The roles a candidate opens that text names; JSON and CSV name all. */
#define TEXT_ROLES 12

typedef struct writer {
	cp_buf *out; /* text: the paragraph being written */
	const cp_graph *g;
	cp_format format;
	int failed;
	cp_buf *final; /* text: where paragraphs go, wrapped */
} writer;

/* Characters, not bytes: a UTF-8 sequence counts once. */
static size_t chars_of(const char *s, size_t len)
{
	size_t i, n = 0;
	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/*
 * Writes the paragraph as lines of at most TEXT_WIDTH characters, broken
 * at spaces (a longer word keeps its own line), the lines after the first
 * indented by rest spaces; then empties it.
 */
static void end_para(writer *w, size_t rest)
{
	const char *p = w->out->ptr ? w->out->ptr : "";
	size_t col = strspn(p, " "), len, chars;
	int first = 1;
	/* the paragraph's own indent stays as written */
	w->failed |= cp_buf_put(w->final, p, col) != 0;
	p += col;
	while (*p && !w->failed) {
		len = strcspn(p, " ");
		chars = chars_of(p, len);
		if (!first && col + 1 + chars > TEXT_WIDTH) {
			w->failed |= cp_buf_printf(w->final, "\n%*s", (int)rest,
						   "") != 0;
			col = rest;
		} else if (!first) {
			w->failed |= cp_buf_puts(w->final, " ") != 0;
			col++;
		}
		w->failed |= cp_buf_put(w->final, p, len) != 0;
		col += chars;
		first = 0;
		p += len;
		while (*p == ' ')
			p++;
	}
	w->failed |= cp_buf_puts(w->final, "\n") != 0;
	cp_buf_clear(w->out);
}

static void put(writer *w, const char *s)
{
	if (!w->failed && cp_buf_puts(w->out, s))
		w->failed = 1;
}

static void put_num(writer *w, double value, cp_num_style style)
{
	if (!w->failed && cp_buf_put_num(w->out, value, style, w->format))
		w->failed = 1;
}

/* A role's id as a JSON string or CSV field; null or blank for none. */
static void put_id(writer *w, size_t role)
{
	const char *id = role == CP_NO_ROLE ? NULL : cp_role_id(w->g, role);
	if (w->failed)
		return;
	if (w->format == CP_FORMAT_JSON)
		w->failed = id ? cp_buf_put_json_string(w->out, id) != 0
			       : cp_buf_puts(w->out, "null") != 0;
	else
		w->failed = cp_buf_put_csv_field(w->out, id ? id : "") != 0;
}

static void put_title(writer *w, size_t role)
{
	const char *title = role == CP_NO_ROLE ? "" : cp_role_title(w->g, role);
	if (w->failed)
		return;
	if (w->format == CP_FORMAT_JSON)
		w->failed =
			role == CP_NO_ROLE
				? cp_buf_puts(w->out, "null") != 0
				: cp_buf_put_json_string(w->out, title) != 0;
	else
		w->failed = cp_buf_put_csv_field(w->out, title) != 0;
}

static void put_name(writer *w, size_t role)
{
	if (!w->failed && cp_put_role_name(w->out, w->g, role))
		w->failed = 1;
}

/* The name beside the title, as a JSON string. */
static void put_json_name(writer *w, size_t role)
{
	cp_buf name = CP_BUF_INIT;
	if (role == CP_NO_ROLE) {
		put(w, "null");
		return;
	}
	if (!w->failed && (cp_put_role_name(&name, w->g, role) ||
			   cp_buf_put_json_string(w->out, name.ptr)))
		w->failed = 1;
	cp_buf_free(&name);
}

/* "+$17,350, +36%": a gain with its sign. */
static void put_gain(writer *w, const cp_upskill_option *o)
{
	if (o->gain_usd > 0)
		put(w, "+");
	put_num(w, o->gain_usd, CP_NUM_MONEY);
	if (isnan(o->gain_pct))
		return;
	put(w, ", ");
	if (o->gain_pct > 0)
		put(w, "+");
	put_num(w, o->gain_pct, CP_NUM_PERCENT);
}

static void text_option(writer *w, size_t rank, const cp_upskill_option *o)
{
	size_t i;
	if (!w->failed && cp_buf_printf(w->out, "  %zu. ", rank + 1))
		w->failed = 1;
	put_name(w, o->role);
	if (!o->n_new) {
		put(w, ": opens no role");
		end_para(w, 5);
		return;
	}
	if (!w->failed && cp_buf_printf(w->out, ": opens %zu role%s", o->n_new,
					o->n_new == 1 ? "" : "s"))
		w->failed = 1;
	if (o->best_role == CP_NO_ROLE) {
		put(w, ", pay not known");
	} else {
		put(w, "; best pay ");
		put_num(w, o->best_wage, CP_NUM_MONEY);
		put(w, " as ");
		put_name(w, o->best_role);
		if (!isnan(o->gain_usd)) {
			put(w, " (");
			if (o->gain_usd == 0)
				put(w, "no change");
			else
				put_gain(w, o);
			put(w, " on today's best)");
		}
	}
	end_para(w, 5);
	put(w, "     ");
	for (i = 0; i < o->n_new && i < TEXT_ROLES; i++) {
		if (i)
			put(w, ", ");
		put_name(w, o->new_roles[i]);
	}
	if (o->n_new > TEXT_ROLES && !w->failed &&
	    cp_buf_printf(w->out, " and %zu more", o->n_new - TEXT_ROLES))
		w->failed = 1;
	end_para(w, 5);
}

static void text(writer *w, const cp_upskill *u, size_t n)
{
	size_t i, today = cp_upskill_today_role(u);
	put(w, "Holding one role more as well as ");
	put_name(w, cp_upskill_from(u));
	if (!w->failed && cp_buf_printf(w->out,
					" (today %zu role%s within "
					"reach",
					cp_upskill_reached(u),
					cp_upskill_reached(u) == 1 ? "" : "s"))
		w->failed = 1;
	if (today != CP_NO_ROLE) {
		put(w, ", best pay ");
		put_num(w, cp_upskill_today(u), CP_NUM_MONEY);
		put(w, " as ");
		put_name(w, today);
	}
	put(w, ")");
	put(w, n ? ", the roles each would open, most first:"
		 : ": no role to try.");
	end_para(w, 0);
	for (i = 0; i < n; i++)
		text_option(w, i, cp_upskill_at(u, i));
}

static void json(writer *w, const cp_upskill *u, size_t n)
{
	size_t i, j;
	put(w, "{\"from\":");
	put_id(w, cp_upskill_from(u));
	put(w, ",\"by\":");
	if (!w->failed && cp_buf_put_json_string(w->out, cp_upskill_by(u)))
		w->failed = 1;
	if (!w->failed &&
	    cp_buf_printf(w->out, ",\"reached\":%zu", cp_upskill_reached(u)))
		w->failed = 1;
	put(w, ",\"today_role\":");
	put_id(w, cp_upskill_today_role(u));
	put(w, ",\"today_wage\":");
	put_num(w, cp_upskill_today(u), CP_NUM_MONEY);
	put(w, ",\"options\":[");
	for (i = 0; i < n; i++) {
		const cp_upskill_option *o = cp_upskill_at(u, i);
		put(w, i ? ",{\"role\":" : "{\"role\":");
		put_id(w, o->role);
		put(w, ",\"title\":");
		put_title(w, o->role);
		put(w, ",\"name\":");
		put_json_name(w, o->role);
		put(w, ",\"step_cost\":");
		put_num(w, o->step_cost, CP_NUM_VALUE);
		if (!w->failed &&
		    cp_buf_printf(w->out, ",\"opens\":%zu", o->n_new))
			w->failed = 1;
		put(w, ",\"best_role\":");
		put_id(w, o->best_role);
		put(w, ",\"best_wage\":");
		put_num(w, o->best_wage, CP_NUM_MONEY);
		put(w, ",\"gain_usd\":");
		put_num(w, o->gain_usd, CP_NUM_MONEY);
		put(w, ",\"gain_pct\":");
		put_num(w, o->gain_pct, CP_NUM_PERCENT);
		put(w, ",\"new_roles\":[");
		for (j = 0; j < o->n_new; j++) {
			if (j)
				put(w, ",");
			put_id(w, o->new_roles[j]);
		}
		put(w, "]}");
	}
	put(w, "]}\n");
}

/* The ids of roles as one CSV field, separated by ';'. */
static void csv_roles(writer *w, const size_t *roles, size_t n)
{
	cp_buf ids = CP_BUF_INIT;
	size_t i;
	int failed = 0;
	for (i = 0; i < n && !failed; i++)
		failed = cp_buf_printf(&ids, "%s%s", i ? ";" : "",
				       cp_role_id(w->g, roles[i])) != 0;
	if (!failed && !w->failed)
		failed = cp_buf_put_csv_field(w->out, ids.ptr ? ids.ptr : "");
	w->failed |= failed;
	cp_buf_free(&ids);
}

static void csv(writer *w, const cp_upskill *u, size_t n)
{
	size_t i;
	put(w, "rank,role,title,step_cost,opens,best_role,best_title,"
	       "best_wage,today_wage,gain_usd,gain_pct,new_roles\n");
	for (i = 0; i < n; i++) {
		const cp_upskill_option *o = cp_upskill_at(u, i);
		if (!w->failed && cp_buf_printf(w->out, "%zu,", i + 1))
			w->failed = 1;
		put_id(w, o->role);
		put(w, ",");
		put_title(w, o->role);
		put(w, ",");
		put_num(w, o->step_cost, CP_NUM_VALUE);
		if (!w->failed && cp_buf_printf(w->out, ",%zu,", o->n_new))
			w->failed = 1;
		put_id(w, o->best_role);
		put(w, ",");
		put_title(w, o->best_role);
		put(w, ",");
		put_num(w, o->best_wage, CP_NUM_MONEY);
		put(w, ",");
		put_num(w, cp_upskill_today(u), CP_NUM_MONEY);
		put(w, ",");
		put_num(w, o->gain_usd, CP_NUM_MONEY);
		put(w, ",");
		put_num(w, o->gain_pct, CP_NUM_PERCENT);
		put(w, ",");
		csv_roles(w, o->new_roles, o->n_new);
		put(w, "\n");
	}
}

int cp_upskill_write(cp_buf *out, const cp_graph *graph, const cp_upskill *u,
		     cp_format format, size_t top)
{
	cp_buf para = CP_BUF_INIT;
	writer w = {out, graph, format, 0, out};
	size_t n = cp_upskill_count(u);
	if (top && top < n)
		n = top;
	if (format == CP_FORMAT_JSON) {
		json(&w, u, n);
	} else if (format == CP_FORMAT_CSV) {
		csv(&w, u, n);
	} else {
		w.out = &para;
		text(&w, u, n);
	}
	cp_buf_free(&para);
	return w.failed ? CP_ENOMEM : 0;
}

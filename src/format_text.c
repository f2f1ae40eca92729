/*
 * Answers for people. Each route opens with one plain sentence: how long
 * it takes in years and months, what it costs, and how median pay changes;
 * then one short line per step, by titles. The rows behind each step
 * (line, metrics, sources) come only when asked for. Every line is wrapped
 * to TEXT_WIDTH characters, so a long source never makes a line a reader
 * has to scroll.
 */
#include "format_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define TEXT_WIDTH 90
/* a space where a line must not break, written as a plain space */
#define TIE "\x1f"

/* What a cost asks for, as people say it. */
typedef enum {
	OBJ_STEPS,
	OBJ_TIME,     /* elapsed_months, or months without it */
	OBJ_TRAINING, /* months, beside elapsed_months */
	OBJ_MONEY,    /* cost_usd */
	OBJ_OTHER
} objective;

/* The metrics that mean something to people; CP_NO_ROLE where absent. */
typedef struct known_metrics {
	size_t months, experience, elapsed, money;
	size_t time; /* elapsed, else months */
} known_metrics;

typedef struct text_writer {
	cp_buf *out; /* the answer */
	cp_buf para; /* the paragraph being built, wrapped into out */
	const cp_graph *g;
	const cp_routes *routes;
	known_metrics k;
	size_t n_metrics;
	size_t from_col, to_col; /* of transitions */
	size_t time_note_col;	 /* CP_NO_ROLE without a time_note column */
	int has_wages;
	int sources;
	int told_demands; /* a step showed job zones or skills */
	int told_outlook; /* a line of reach showed an outlook */
	int failed;
} text_writer;

static size_t find_metric(const cp_graph *g, const char *name)
{
	size_t m;
	return cp_metric_find(&m, g, name) ? CP_NO_ROLE : m;
}

static known_metrics known_metrics_of(const cp_graph *g)
{
	known_metrics k;
	k.months = find_metric(g, "months");
	k.experience = find_metric(g, "experience_months");
	k.elapsed = find_metric(g, "elapsed_months");
	k.money = find_metric(g, "cost_usd");
	k.time = k.elapsed != CP_NO_ROLE ? k.elapsed : k.months;
	return k;
}

static objective objective_of_metric(const known_metrics *k, size_t m)
{
	if (m == k->time)
		return OBJ_TIME;
	if (m == k->months)
		return OBJ_TRAINING;
	if (m == k->money)
		return OBJ_MONEY;
	return OBJ_OTHER;
}

static objective objective_of(const known_metrics *k, const cp_cost *cost)
{
	size_t m;
	if (cp_cost_is_steps(cost))
		return OBJ_STEPS;
	/* a metric alone, whatever its weight, orders routes as the metric */
	if (!cp_cost_is_metric(&m, cost))
		return OBJ_OTHER;
	return objective_of_metric(k, m);
}

/* A writer of text for people on out, for routes (NULL for a why). */
static void text_writer_init(text_writer *w, cp_buf *out, const cp_graph *g,
			     const cp_routes *routes, int sources)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->g = g;
	w->routes = routes;
	w->k = known_metrics_of(g);
	w->n_metrics = cp_graph_metric_count(g);
	/* found in every graph: loading requires both */
	cp_column_find(&w->from_col, g, CP_TRANSITIONS, "from");
	cp_column_find(&w->to_col, g, CP_TRANSITIONS, "to");
	if (cp_column_find(&w->time_note_col, g, CP_TRANSITIONS, "time_note") ||
	    cp_column_kind_of(g, CP_TRANSITIONS, w->time_note_col) !=
		    CP_COLUMN_TEXT)
		w->time_note_col = CP_NO_ROLE;
	w->has_wages = cp_graph_has_wages(g);
	w->sources = sources;
}

/* ---- writing and wrapping ---- */

static void put(text_writer *w, const char *s)
{
	if (!w->failed && cp_buf_puts(&w->para, s))
		w->failed = 1;
}

static void putf(text_writer *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void putf(text_writer *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (!w->failed && cp_buf_vprintf(&w->para, fmt, ap))
		w->failed = 1;
	va_end(ap);
}

/* A number in the answer's words: cp_buf_put_num() for people. */
static void put_num(text_writer *w, double value, cp_num_style style)
{
	if (!w->failed &&
	    cp_buf_put_num(&w->para, value, style, CP_FORMAT_TEXT))
		w->failed = 1;
}

static void put_decimal(text_writer *w, double value)
{
	put_num(w, value, CP_NUM_VALUE);
}

static void put_money(text_writer *w, double value)
{
	put_num(w, value, CP_NUM_MONEY);
}

static void put_duration(text_writer *w, double months)
{
	put_num(w, months, CP_NUM_MONTHS);
}

static void put_percent(text_writer *w, double percent, int with_sign)
{
	put_num(w, percent, with_sign ? CP_NUM_CHANGE_PCT : CP_NUM_PERCENT);
}

/* The name text calls a role by (cp_put_role_name()). */
static void put_name(text_writer *w, size_t role)
{
	if (!w->failed && cp_put_role_name(&w->para, w->g, role))
		w->failed = 1;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Characters (UTF-8 code points) in the first len bytes of s. */
static size_t utf8_chars(const char *s, size_t len)
{
	size_t i, n = 0;
	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* Bytes of the first n characters of s (of len bytes). */
static size_t utf8_bytes(const char *s, size_t len, size_t n)
{
	size_t i = 0;
	while (i < len && n) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		n--;
	}
	return i;
}

static void out_put(text_writer *w, const char *s, size_t len)
{
	size_t start = w->out->size, i;
	if (w->failed || cp_buf_put(w->out, s, len)) {
		w->failed = 1;
		return;
	}
	for (i = start; i < w->out->size; i++)
		if (w->out->ptr[i] == TIE[0])
			w->out->ptr[i] = ' ';
}

static void out_newline(text_writer *w, size_t indent)
{
	static const char spaces[] = "                ";
	out_put(w, "\n", 1);
	out_put(w, spaces, indent < sizeof(spaces) - 1 ? indent : 0);
}

/*
 * Writes the paragraph as lines of at most TEXT_WIDTH characters, broken
 * at white space: the first indented by first, the others by rest. A word
 * longer than a line is cut.
 */
static void end_para(text_writer *w, size_t first, size_t rest)
{
	const char *p = w->para.ptr ? w->para.ptr : "";
	size_t col = first;
	int line_empty = 1;
	out_put(w, "                ", first);
	for (;;) {
		const char *word;
		size_t len, chars;
		while (*p && is_space(*p))
			p++;
		if (!*p)
			break;
		word = p;
		while (*p && !is_space(*p))
			p++;
		len = (size_t)(p - word);
		chars = utf8_chars(word, len);
		if (!line_empty && col + 1 + chars > TEXT_WIDTH) {
			out_newline(w, rest);
			col = rest;
			line_empty = 1;
		}
		if (!line_empty) {
			out_put(w, " ", 1);
			col++;
		}
		while (col + chars > TEXT_WIDTH) {
			size_t take = TEXT_WIDTH - col,
			       bytes = utf8_bytes(word, len, take);
			out_put(w, word, bytes);
			out_newline(w, rest);
			col = rest;
			word += bytes;
			len -= bytes;
			chars -= take;
		}
		out_put(w, word, len);
		col += chars;
		line_empty = 0;
	}
	out_put(w, "\n", 1);
	cp_buf_clear(&w->para);
}

static void blank_line(text_writer *w)
{
	out_put(w, "\n", 1);
}

/* Upper-cases the first letter of the paragraph: our own words start it. */
static void capitalise(text_writer *w)
{
	if (w->para.size && w->para.ptr[0] >= 'a' && w->para.ptr[0] <= 'z')
		w->para.ptr[0] = (char)(w->para.ptr[0] - 'a' + 'A');
}

static const char *article(const char *title)
{
	return strchr("AEIOUaeiou", title[0]) && title[0] ? "an" : "a";
}

/* ---- what was minimised ---- */

static void put_objective(text_writer *w, const cp_cost *cost, size_t n)
{
	static const char *const one[] = {
		"the route with the fewest steps", "the quickest route",
		"the route with the least training time", "the cheapest route"};
	static const char *const many[] = {
		"the %zu routes with the fewest steps",
		"the %zu quickest routes",
		"the %zu routes with the least training time",
		"the %zu cheapest routes"};
	objective o = objective_of(&w->k, cost);
	if (o == OBJ_OTHER && n > 1)
		putf(w, "the %zu best routes by %s", n, cp_cost_text(cost));
	else if (o == OBJ_OTHER)
		putf(w, "the best route by %s", cp_cost_text(cost));
	else if (n > 1)
		putf(w, many[o], n);
	else
		put(w, one[o]);
}

/* "quickest first" */
static void put_order(text_writer *w, const cp_cost *cost)
{
	static const char *const words[] = {
		"fewest steps first", "quickest first",
		"least training time first", "cheapest first"};
	objective o = objective_of(&w->k, cost);
	if (o == OBJ_OTHER)
		putf(w, "lowest %s first", cp_cost_text(cost));
	else
		put(w, words[o]);
}

/* "time", "cost", or the objective's text, for a Pareto objective */
static void put_objective_noun(text_writer *w, const char *name, size_t len)
{
	static const char *const nouns[] = {"steps", "time", "training time",
					    "cost"};
	char text[256];
	size_t m;
	objective o = OBJ_OTHER;
	snprintf(text, sizeof(text), "%.*s", (int)len, name);
	if (!strcmp(text, "steps"))
		o = OBJ_STEPS;
	else if (!cp_metric_find(&m, w->g, text))
		o = objective_of_metric(&w->k, m);
	put(w, o == OBJ_OTHER ? text : nouns[o]);
}

/* Whether id is an O*NET-SOC code, "31-9092.00": the id of an O*NET
 * occupation, whose title is plural ("Medical Assistants"). */
static int is_soc_code(const char *id)
{
	static const char shape[] = "00-0000.00";
	size_t i;
	for (i = 0; shape[i]; i++)
		if (shape[i] == '0' ? !isdigit((unsigned char)id[i])
				    : id[i] != shape[i])
			return 0;
	return !id[i];
}

/*
 * Whether a role's name is a group of occupations, not one job: an O*NET
 * occupation with no singular ("Engineers, All Other"), named as "one of
 * the Engineers, All Other".
 */
static int is_group(const cp_graph *g, size_t role)
{
	return is_soc_code(cp_role_id(g, role)) &&
	       !cp_role_has_singular(g, role);
}

/* "a Medical Assistant", "one of the Engineers, All Other" */
static void put_one(text_writer *w, size_t role)
{
	const char *title = cp_role_title(w->g, role);
	if (is_group(w->g, role))
		put(w, "one of the ");
	else
		putf(w, "%s ", article(title));
	put_name(w, role);
}

/* "With 24 months already worked as a Medical Assistant, " */
static void put_experience(text_writer *w)
{
	const cp_routes *routes = w->routes;
	if (!(routes->experience > 0) || routes->from == CP_NO_ROLE)
		return;
	put(w, "with ");
	put_duration(w, routes->experience);
	put(w, " already worked as ");
	put_one(w, routes->from);
	put(w, ", ");
}

/* ---- the pieces of a sentence ---- */

static void put_months(text_writer *w, double months, const char *what)
{
	put_decimal(w, months);
	putf(w, " month%s%s", months == 1 ? "" : "s", what);
}

/*
 * What is known of a time that is blank because training or work
 * experience is blank on some step: the sums of the parts known, which
 * parts are blank, and on how many steps.
 */
typedef struct time_known {
	double work, training;
	int work_known, training_known;	   /* on some step */
	size_t work_blank, training_blank; /* steps where the part is blank */
	size_t n_steps;
} time_known;

/* How many of n steps, whose rows of metrics start at values, have no
 * value for metric m. */
static size_t blank_steps(const double *values, size_t n_steps, size_t stride,
			  size_t m)
{
	size_t i, n = 0;
	for (i = 0; i < n_steps; i++)
		n += isnan(values[i * stride + m]) != 0;
	return n;
}

/*
 * Whether the time (elapsed_months, the sum of months and
 * experience_months) of n steps, whose rows of metrics start at values, is
 * blank on some step while a part of it is known on some step: the answer
 * then says what is known rather than nothing. What is known is the least
 * the time can be, the total the search counted (cp_route.totals).
 */
static int time_partly_known(time_known *out, const known_metrics *k,
			     const double *values, size_t n_steps,
			     size_t stride)
{
	time_known t = {0, 0, 0, 0, 0, 0, n_steps};
	size_t i;
	if (k->time != k->elapsed || k->months == CP_NO_ROLE ||
	    k->experience == CP_NO_ROLE ||
	    !blank_steps(values, n_steps, stride, k->time))
		return 0;
	for (i = 0; i < n_steps; i++) {
		double work = values[i * stride + k->experience],
		       training = values[i * stride + k->months];
		if (isnan(work)) {
			t.work_blank++;
		} else {
			t.work += work;
			t.work_known = 1;
		}
		if (isnan(training)) {
			t.training_blank++;
		} else {
			t.training += training;
			t.training_known = 1;
		}
	}
	*out = t;
	return t.work_known || t.training_known;
}

/* " it asks" when the part is blank on every step, else " of 2 steps" */
static void put_blank_steps(text_writer *w, const time_known *t, size_t n)
{
	if (n == t->n_steps)
		put(w, " it asks");
	else
		putf(w, " of %zu step%s", n, n == 1 ? "" : "s");
}

/*
 * "the work experience it asks is not known", "the work experience of 1
 * step and the training of 1 step are not known"
 */
static void put_blank_clause(text_writer *w, const time_known *t)
{
	if (t->work_blank) {
		put(w, "the work experience");
		put_blank_steps(w, t, t->work_blank);
	}
	if (t->training_blank) {
		put(w, t->work_blank ? " and the training" : "the training");
		put_blank_steps(w, t, t->training_blank);
	}
	put(w, t->work_blank && t->training_blank ? " are not known"
						  : " is not known");
}

/*
 * "takes at least 1 year (12 months of training; the work experience it
 * asks is not known)": what is known is a lower bound on the whole.
 */
static void put_partial_time_summary(text_writer *w, const time_known *t)
{
	double known = t->work + t->training;
	/* a part that adds nothing is named only when nothing else is known */
	int work = t->work_known && (t->work > 0 || known == 0),
	    training = t->training_known && (t->training > 0 || known == 0);
	if (known == 0) {
		put(w, "takes an unknown time (");
		if (work)
			put(w, training ? "no work experience or training; "
					: "no work experience; ");
		else
			put(w, "no training; ");
	} else if (work && training) {
		put(w, "takes at least ");
		put_duration(w, known);
		put(w, " (");
		if (known >= 12)
			put_months(w, known, ": ");
		put_decimal(w, t->work);
		put(w, " of work experience, ");
		put_decimal(w, t->training);
		put(w, " of training; ");
	} else {
		const char *part =
			work ? " of work experience" : " of training";
		put(w, "takes at least ");
		put_duration(w, known);
		if (known >= 12) {
			put(w, " (");
			put_months(w, known, part);
			put(w, "; ");
		} else {
			putf(w, "%s (", part);
		}
	}
	put_blank_clause(w, t);
	put(w, ")");
}

/* The route's time, and of what it is made. */
static void put_time_summary(text_writer *w, const cp_route *r)
{
	const known_metrics *k = &w->k;
	const double *totals = r->totals;
	double time = totals[k->time], work = NAN, training = NAN;
	int parts;
	time_known t;
	size_t stride = cp_graph_metric_count(w->g),
	       blank = blank_steps(r->values, r->n_steps, stride, k->time);
	if (time_partly_known(&t, k, r->values, r->n_steps, stride)) {
		put_partial_time_summary(w, &t);
		return;
	}
	if (blank && !(time > 0)) {
		put(w, "takes an unknown time");
		return;
	}
	if (blank) {
		put(w, "takes at least ");
		put_duration(w, time);
		putf(w, " (the time of %zu step%s is not known)", blank,
		     blank == 1 ? "" : "s");
		return;
	}
	if (time == 0) {
		put(w, "takes no time");
		return;
	}
	put(w, "takes about ");
	put_duration(w, time);
	if (k->time == k->elapsed && k->months != CP_NO_ROLE &&
	    k->experience != CP_NO_ROLE) {
		work = totals[k->experience];
		training = totals[k->months];
	}
	/* only when the parts make up the whole */
	parts = isfinite(work) && isfinite(training) &&
		fabs(work + training - time) <= 1e-9 * time;
	if (!parts) {
		if (time >= 12) {
			put(w, " (");
			put_months(w, time, ")");
		}
		return;
	}
	if (work > 0 && training > 0) {
		put(w, " (");
		if (time >= 12)
			put_months(w, time, ": ");
		put_decimal(w, work);
		put(w, " of work experience, ");
		put_decimal(w, training);
		put(w, " of training)");
		return;
	}
	if (time >= 12) {
		put(w, " (");
		put_months(w, time, "");
	}
	put(w, work > 0 ? " of work experience" : " of training");
	if (time >= 12)
		put(w, ")");
}

/*
 * "costs about $12,300", or where some steps' cost is blank, "costs at
 * least $12,300 (the cost of 1 step is not known)": what is known is a
 * lower bound on the whole, the total the search counted.
 */
static void put_cost_summary(text_writer *w, const cp_route *r)
{
	size_t blank = blank_steps(r->values, r->n_steps,
				   cp_graph_metric_count(w->g), w->k.money);
	double cost = r->totals[w->k.money];
	if (!blank) {
		if (cost == 0) {
			put(w, "costs nothing");
		} else {
			put(w, "costs about ");
			put_money(w, cost);
		}
		return;
	}
	if (!(cost > 0)) {
		put(w, "has an unknown cost");
		return;
	}
	put(w, "costs at least ");
	put_money(w, cost);
	putf(w, " (the cost of %zu step%s is not known)", blank,
	     blank == 1 ? "" : "s");
}

/* "(+$49,400, +112%)", "(no change)" */
static void put_gain(text_writer *w, double before, double after)
{
	double usd = cp_gain_usd(before, after),
	       pct = cp_gain_pct(before, after);
	if (usd == 0) {
		put(w, "(no change)");
		return;
	}
	put(w, usd > 0 ? "(+" : "(");
	put_money(w, usd);
	if (!isnan(pct)) {
		put(w, "," TIE);
		put_percent(w, pct, 1);
	}
	put(w, ")");
}

static void put_pay_summary(text_writer *w, size_t from, size_t to)
{
	double before = cp_role_wage(w->g, from),
	       after = cp_role_wage(w->g, to);
	if (isnan(before) && isnan(after)) {
		put(w, "median pay is not known for either role");
	} else if (isnan(after)) {
		put(w, "median pay is ");
		put_money(w, before);
		put(w, " a year for ");
		put_name(w, from);
		put(w, " and not known for ");
		put_name(w, to);
	} else if (isnan(before)) {
		put(w, "median pay is not known for ");
		put_name(w, from);
		put(w, " and ");
		put_money(w, after);
		put(w, " a year for ");
		put_name(w, to);
	} else if (before == after) {
		put(w, "median pay stays at ");
		put_money(w, before);
		put(w, " a year");
	} else {
		put(w, "median pay goes from ");
		put_money(w, before);
		put(w, " to ");
		put_money(w, after);
		put(w, " a year ");
		put_gain(w, before, after);
	}
}

/*
 * Whether a role is where people start (the bundled `entry`): its roles
 * column `category` says `entry`, and it is a kind of no other role (in
 * graphs joined together, a role may read `category` through its kind_of
 * chain). A step taken as a kind of such a role is open to anyone who
 * could start there. (A role no move leads into is not enough: in a small
 * or partial graph many are, and they are jobs.)
 */
static int is_start_role(const cp_graph *g, size_t role)
{
	size_t col;
	return cp_role_parent(g, role) == CP_NO_ROLE &&
	       !cp_column_find(&col, g, CP_ROLES, "category") &&
	       cp_column_kind_of(g, CP_ROLES, col) == CP_COLUMN_TEXT &&
	       !strcmp(cp_cell_text(g, CP_ROLES, col, role), "entry");
}

/*
 * What a start role asks, from the words in brackets of its title, each
 * capitalised word lowered and acronyms kept: "Entry Point (High School
 * Diploma or GED)" gives "high school diploma or GED". Empty when the title
 * has none.
 */
static void put_start_requirement(text_writer *w, const char *title)
{
	const char *open = strchr(title, '('), *close, *p;
	if (!open || !(close = strchr(open, ')')) || close == open + 1)
		return;
	for (p = open + 1; p < close; p++) {
		int word_start = p == open + 1 || p[-1] == ' ';
		int upper_next = p + 1 < close && isupper((unsigned char)p[1]);
		char c = *p;
		if (word_start && isupper((unsigned char)c) && !upper_next)
			c = (char)tolower((unsigned char)c);
		putf(w, "%c", c);
	}
}

/*
 * ", using your Phlebotomist experience": the role held that a route
 * starts from; a start role is held for what its title asks (", using your
 * high school diploma or GED"), not as work.
 */
static void put_held(text_writer *w, size_t held)
{
	const char *title = cp_role_title(w->g, held),
		   *open = strchr(title, '(');
	put(w, ", using your ");
	if (is_start_role(w->g, held) && open && strchr(open, ')') &&
	    strchr(open, ')') != open + 1) {
		put_start_requirement(w, title);
		return;
	}
	put_name(w, held);
	put(w, " experience");
}

/* " takes about 3 years (...) and costs about $12,300; median pay ..." */
static void put_summary(text_writer *w, const cp_route *r)
{
	int has_time = w->k.time != CP_NO_ROLE,
	    has_money = w->k.money != CP_NO_ROLE;
	size_t held = cp_route_held_start(w->routes, r);
	if (held != CP_NO_ROLE) {
		put_held(w, held);
		put(w, ",");
	}
	if (!r->n_steps) {
		put(w, held != CP_NO_ROLE
			       ? " takes no steps: you hold it already."
			       : " takes no steps: it starts where it "
				 "ends.");
		return;
	}
	put(w, " ");
	if (has_time)
		put_time_summary(w, r);
	if (has_time && has_money)
		put(w, " and ");
	if (has_money)
		put_cost_summary(w, r);
	if (!has_time && !has_money)
		putf(w, "takes %zu step%s", r->n_steps,
		     r->n_steps == 1 ? "" : "s");
	if (w->has_wages) {
		put(w, "; ");
		put_pay_summary(w, cp_route_today(w->routes, r),
				r->roles[r->n_steps]);
	}
	put(w, ".");
}

/*
 * Whose pay step i of r leaves: its own first role, or on the first step
 * from a role held that has no pay of its own (a diploma, a finished
 * programme), today's role, as the summary counts: the person leaves
 * today's job for the move.
 */
static size_t step_pay_from(const text_writer *w, const cp_route *r, size_t i)
{
	if (i == 0 && cp_route_held_start(w->routes, r) != CP_NO_ROLE &&
	    isnan(cp_role_wage(w->g, r->roles[0])))
		return cp_route_today(w->routes, r);
	return r->roles[i];
}

/* "$44,200 -> $93,600 (+$49,400, +112%)", "pay not known" */
static void put_pay(text_writer *w, size_t from, size_t to)
{
	double before = cp_role_wage(w->g, from),
	       after = cp_role_wage(w->g, to);
	if (isnan(before) && isnan(after)) {
		put(w, "pay not known");
		return;
	}
	put(w, "pay ");
	if (isnan(before))
		put(w, "not known");
	else
		put_money(w, before);
	put(w, " -> ");
	if (isnan(after))
		put(w, "not known");
	else
		put_money(w, after);
	if (!isnan(before) && !isnan(after)) {
		put(w, " ");
		put_gain(w, before, after);
	}
}

/*
 * A time of which a part is known, in a line: "12 months of training, work
 * experience not known" (a step: as_duration unset), "at least 3 years,
 * work experience of 1 step and training of 1 step not known" (a route in
 * a line of `reach`).
 */
static void put_partial_time(text_writer *w, const time_known *t,
			     int as_duration)
{
	double known = t->work + t->training;
	int one_part = !(t->work_known && t->training_known);
	if (known == 0 && !one_part) {
		put(w, "time not known");
		return;
	}
	if (known == 0) {
		put(w, t->work_known ? "no work experience" : "no training");
	} else if (as_duration) {
		put(w, "at least ");
		put_duration(w, known);
	} else {
		put_months(w, known, "");
	}
	if (known != 0 && one_part)
		put(w, t->work_known ? " of work" : " of training");
	if (t->work_blank) {
		put(w, ", work experience");
		if (t->work_blank != t->n_steps)
			putf(w, " of %zu step%s", t->work_blank,
			     t->work_blank == 1 ? "" : "s");
	}
	if (t->training_blank) {
		put(w, t->work_blank ? " and training" : ", training");
		if (t->training_blank != t->n_steps)
			putf(w, " of %zu step%s", t->training_blank,
			     t->training_blank == 1 ? "" : "s");
	}
	put(w, " not known");
}

/*
 * What a time of 0 means on these steps of a route, when the graph says so
 * in a column time_note and every step says the same ("trained on the job
 * (paid)"); NULL otherwise, and the answer reads "no time".
 */
static const char *zero_time_note(const text_writer *w,
				  const size_t *transitions, size_t n)
{
	const char *note = NULL;
	size_t i;
	if (w->time_note_col == CP_NO_ROLE)
		return NULL;
	for (i = 0; i < n; i++) {
		const char *t = cp_cell_text(w->g, CP_TRANSITIONS,
					     w->time_note_col, transitions[i]);
		if (!*t || (note && strcmp(t, note)))
			return NULL;
		note = t;
	}
	return note;
}

/*
 * ": a GED first (3 months), then the programme": what a step's training
 * time of more than 0 is made of, where the graph's time_note says so.
 */
static void put_time_parts(text_writer *w, size_t transition)
{
	const char *note;
	if (w->time_note_col == CP_NO_ROLE)
		return;
	note = cp_cell_text(w->g, CP_TRANSITIONS, w->time_note_col, transition);
	if (*note)
		putf(w, ": %s", note);
}

/* "12 months of work + 24 of training", "$12,300" */
static void put_step_time_cost(text_writer *w, const double *values,
			       size_t transition)
{
	const known_metrics *k = &w->k;
	if (k->time != CP_NO_ROLE) {
		double time = values[k->time];
		double work =
			k->time == k->elapsed && k->experience != CP_NO_ROLE
				? values[k->experience]
				: NAN;
		double training =
			k->months != CP_NO_ROLE ? values[k->months] : NAN;
		time_known t;
		if (time_partly_known(&t, k, values, 1, 0))
			put_partial_time(w, &t, 0);
		else if (isnan(time))
			put(w, "time not known");
		else if (time == 0) {
			const char *note = zero_time_note(w, &transition, 1);
			put(w, note ? note : "no time");
		} else if (isnan(work) || isnan(training) ||
			   fabs(work + training - time) > 1e-9 * time)
			put_months(w, time, "");
		else if (work > 0 && training > 0) {
			put_months(w, work, " of work + ");
			put_decimal(w, training);
			put(w, " of training");
		} else {
			put_months(w, time,
				   work > 0 ? " of work" : " of training");
		}
		if (!isnan(training) && training > 0)
			put_time_parts(w, transition);
	}
	if (k->money != CP_NO_ROLE) {
		double cost = values[k->money];
		if (k->time != CP_NO_ROLE)
			put(w, ", ");
		if (isnan(cost))
			put(w, "cost not known");
		else
			put_money(w, cost);
	}
}

/* "months 6, cost_usd 9000": what the query counted, by metric name */
static void put_metric_values(text_writer *w, const double *values)
{
	size_t m;
	for (m = 0; m < cp_graph_metric_count(w->g); m++) {
		putf(w, "%s%s ", m ? ", " : "", cp_metric_name(w->g, m));
		put_decimal(w, values[m]);
	}
}

/* What a total that is not a sum is, after its value (metrics.csv). */
static const char *combine_words(cp_combine rule)
{
	switch (rule) {
	case CP_COMBINE_MAX: return " (largest step)";
	case CP_COMBINE_MIN: return " (least step)";
	case CP_COMBINE_LAST: return " (last step)";
	case CP_COMBINE_SUM: break;
	}
	return "";
}

/*
 * "months 48, cost_usd at least 12000, skill_gap 0.9 (largest step)": a
 * route's totals by metric name, each by its rule, a
 * total that rests on steps with no value as the least it can be
 * ("unknown" when nothing of it is known).
 */
static void put_metric_totals(text_writer *w, const cp_route *r)
{
	size_t m;
	for (m = 0; m < cp_graph_metric_count(w->g); m++) {
		cp_combine rule = cp_metric_combine(w->g, m);
		/* the last step's value alone makes a total by the last */
		int blank =
			rule == CP_COMBINE_LAST && r->n_steps
				? isnan(r->values[(r->n_steps - 1) *
							  cp_graph_metric_count(
								  w->g) +
						  m])
				: cp_route_blank_steps(w->g, r, m) != 0;
		putf(w, "%s%s ", m ? ", " : "", cp_metric_name(w->g, m));
		if (blank && !(r->totals[m] > 0)) {
			put(w, "unknown");
			continue;
		}
		if (blank)
			put(w, "at least ");
		put_decimal(w, r->totals[m]);
		/* one step's value is every rule's total */
		if (r->n_steps > 1)
			put(w, combine_words(rule));
	}
}

static void text_step_sources(text_writer *w, const cp_route *r, size_t step)
{
	const cp_graph *g = w->g;
	size_t e = r->transitions[step], col;
	/* with several folders, the file says which folder's row it is */
	if (cp_graph_folder_count(g) > 1)
		putf(w, "%s/", cp_graph_folder(g, cp_transition_folder(g, e)));
	putf(w, "transitions.csv line %zu", cp_transition_line(g, e));
	if (w->n_metrics)
		put(w, "; ");
	put_metric_values(w, r->values + step * w->n_metrics);
	end_para(w, 5, 7);
	for (col = 0; col < cp_column_count(g, CP_TRANSITIONS); col++) {
		const char *text = cp_cell_text(g, CP_TRANSITIONS, col, e);
		if (col == w->from_col || col == w->to_col || !*text ||
		    cp_column_kind_of(g, CP_TRANSITIONS, col) != CP_COLUMN_TEXT)
			continue;
		putf(w, "%s: %s", cp_column_name(g, CP_TRANSITIONS, col), text);
		end_para(w, 5, 7);
	}
}

/* O*NET's names of the job zones 1 to 5, as the preparation they need. */
static const char *const ZONE_WORDS[] = {"little or no", "some", "medium",
					 "considerable", "extensive"};

/* "medium (job zone 3)", "not known" for a blank or a zone outside 1-5 */
static void put_zone_words(text_writer *w, double zone)
{
	if (!(zone >= 1 && zone <= 5) || zone != floor(zone)) {
		put(w, "not known");
		return;
	}
	putf(w, "%s (job" TIE "zone" TIE "%d)", ZONE_WORDS[(int)zone - 1],
	     (int)zone);
}

/*
 * "preparation: medium (job zone 3) -> extensive (job zone 5)"; only the
 * zone of the role entered where the role left has none (a school-
 * leaver's diploma, which is a start and not a job, or a role of a graph
 * that gives it none): "not known -> " would tell the reader nothing
 */
static void put_zone(text_writer *w, size_t col, size_t from, size_t to)
{
	double before = cp_cell_number(w->g, CP_ROLES, col, from),
	       after = cp_cell_number(w->g, CP_ROLES, col, to);
	put(w, "preparation: ");
	if (isnan(before)) {
		put_zone_words(w, after);
		return;
	}
	put_zone_words(w, before);
	if (before == after) {
		put(w, ", as before");
		return;
	}
	put(w, " -> ");
	put_zone_words(w, after);
}

/*
 * "more Science, much more Operations Analysis" from graphs/onet's
 * skills_to_build, "Science +1.63; Operations Analysis +2.00": each level
 * gap in words (O*NET levels 0-7: under 1 a little more, under 2 more,
 * else much more); an item of another shape as it is written.
 */
static void put_skills(text_writer *w, const char *text)
{
	const char *item = text;
	while (*item) {
		const char *end = strchr(item, ';'), *sign;
		size_t len = end ? (size_t)(end - item) : strlen(item);
		double gap = NAN;
		sign = memchr(item, '+', len);
		if (sign && sign > item && sign[-1] == ' ' &&
		    cp_number_parse(&gap, sign + 1,
				    len - (size_t)(sign + 1 - item)) !=
			    CP_NUM_OK)
			gap = NAN;
		if (item != text)
			put(w, ", ");
		if (isnan(gap)) {
			putf(w, "%.*s", (int)len, item);
		} else {
			put(w, gap < 1	 ? "a little more "
			       : gap < 2 ? "more "
					 : "much more ");
			putf(w, "%.*s", (int)(sign - 1 - item), item);
		}
		item += len;
		while (*item == ';' || *item == ' ')
			item++;
	}
}

/*
 * "preparation: medium (job zone 3) -> considerable (job zone 4); skills
 * to build: a little more Coordination": what a step asks of a person,
 * where the graph says (roles column job_zone, transitions column
 * skills_to_build, as graphs/onet has); text_demands_note() says once what
 * the words mean, and --sources gives the level gaps.
 */
static void text_step_demands(text_writer *w, const cp_route *r, size_t step,
			      size_t zone, size_t skills)
{
	const char *text = skills == CP_NO_COLUMN
				   ? ""
				   : cp_cell_text(w->g, CP_TRANSITIONS, skills,
						  r->transitions[step]);
	if (zone == CP_NO_COLUMN && !*text)
		return;
	if (zone != CP_NO_COLUMN)
		put_zone(w, zone, r->roles[step], r->roles[step + 1]);
	if (*text) {
		put(w, zone != CP_NO_COLUMN ? "; skills to build: "
					    : "skills to build: ");
		put_skills(w, text);
	}
	w->told_demands = 1;
	end_para(w, 5, 7);
}

/* What the job zones and skill words mean, once, after the steps. */
static void text_demands_note(text_writer *w)
{
	if (!w->told_demands)
		return;
	put(w, "Preparation is O*NET's job zone: 1 little or none, 2 some "
	       "(usually high school), 3 medium (vocational training or an "
	       "associate's degree), 4 considerable (usually a bachelor's "
	       "degree), 5 extensive (usually a graduate degree). Skills to "
	       "build compare how much of each skill the two jobs use, on "
	       "O*NET's levels 0 to 7: a little more is under 1 level more, "
	       "more is 1 to 2 levels, much more is 2 or more.");
	end_para(w, 0, 0);
}

/*
 * ", as a Medical Assistant": the role a step was taken as. A role of
 * another folder (an occupation joined by soc_code) is named by its title
 * and id, as that folder names it: O*NET's titles are plural ("Medical
 * Assistants"), and take no article. A start role (is_start_role) is not a
 * role one is "as": the step is open to anyone, and says to whom when the
 * title says in brackets what starting there asks (", open to anyone with a
 * high school diploma or GED"); without brackets (graphs/onet's "No High
 * School Diploma", whose moves count the diploma they need), it is open to
 * anyone.
 */
/* Whether two roles go by one name (a Registered Nurse of one folder is
 * one of the other's Registered Nurses): the step then needs no "as". */
static int same_name(text_writer *w, size_t a, size_t b)
{
	cp_buf name_a = CP_BUF_INIT, name_b = CP_BUF_INIT;
	int same;
	if (cp_put_role_name(&name_a, w->g, a) ||
	    cp_put_role_name(&name_b, w->g, b))
		w->failed = 1;
	same = name_a.ptr && name_b.ptr && !strcasecmp(name_a.ptr, name_b.ptr);
	cp_buf_free(&name_a);
	cp_buf_free(&name_b);
	return same;
}

static void put_step_as(text_writer *w, size_t role, size_t as)
{
	const char *title = cp_role_title(w->g, as), *open = strchr(title, '(');
	if (is_start_role(w->g, as)) {
		put(w, ", open to anyone");
		if (open && strchr(open, ')') &&
		    strchr(open, ')') != open + 1) {
			putf(w, " with %s ", article(open + 1));
			put_start_requirement(w, title);
		}
	} else if (!same_name(w, role, as)) {
		put(w, ", as ");
		put_one(w, as);
		/* the id where the folders differ: it says which occupation */
		if (w->sources &&
		    cp_role_folder(w->g, as) != cp_role_folder(w->g, role))
			putf(w, " (%s)", cp_role_id(w->g, as));
	}
}

static void text_steps(text_writer *w, const cp_route *r)
{
	const cp_graph *g = w->g;
	size_t i, zone = cp_zone_column(g), skills;
	if (cp_column_find(&skills, g, CP_TRANSITIONS, "skills_to_build") ||
	    cp_column_kind_of(g, CP_TRANSITIONS, skills) != CP_COLUMN_TEXT)
		skills = CP_NO_COLUMN;
	for (i = 0; i < r->n_steps; i++) {
		size_t as = cp_route_step_as(g, r, i);
		putf(w, "%zu. ", i + 1);
		put_name(w, r->roles[i]);
		put(w, " -> ");
		put_name(w, r->roles[i + 1]);
		if (as != CP_NO_ROLE)
			put_step_as(w, r->roles[i], as);
		if (w->k.time != CP_NO_ROLE || w->k.money != CP_NO_ROLE) {
			put(w, ": ");
			put_step_time_cost(w, r->values + i * w->n_metrics,
					   r->transitions[i]);
		}
		if (w->has_wages) {
			put(w,
			    w->k.time != CP_NO_ROLE || w->k.money != CP_NO_ROLE
				    ? "; "
				    : ": ");
			put_pay(w, step_pay_from(w, r, i), r->roles[i + 1]);
		}
		end_para(w, 2, 5);
		text_step_demands(w, r, i, zone, skills);
		if (w->sources)
			text_step_sources(w, r, i);
	}
	if (w->sources) {
		putf(w, "total: %zu step%s", r->n_steps,
		     r->n_steps == 1 ? "" : "s");
		if (w->n_metrics)
			put(w, ", ");
		put_metric_totals(w, r);
		end_para(w, 2, 4);
	}
}

/* How many steps of a route have a cost not known under cost: a blank
 * in a metric it weighs. */
static size_t blank_cost_steps(const cp_graph *g, const cp_cost *cost,
			       const cp_route *r)
{
	size_t i, n = 0;
	for (i = 0; i < r->n_steps; i++)
		n += isnan(cp_route_step_cost(g, cost, r, i)) != 0;
	return n;
}

/*
 * " (total 55)" where the words do not say what was minimised; " (total at
 * least 55: the value of 1 step is not known)" where the total rests on
 * steps whose value is not known, each counted as the least it can be.
 */
static void put_total(text_writer *w, const cp_route *r, const cp_cost *cost)
{
	size_t blank;
	if (objective_of(&w->k, cost) != OBJ_OTHER)
		return;
	blank = blank_cost_steps(w->g, cost, r);
	put(w, blank ? " (total at least " : " (total ");
	put_decimal(w, r->cost);
	if (blank)
		putf(w, ": the value of %zu step%s is not known", blank,
		     blank == 1 ? "" : "s");
	put(w, ")");
}

static void put_same_roles(text_writer *w, size_t rank, const char *noun)
{
	size_t same = cp_routes_same_roles_as(w->routes, rank);
	if (same != CP_NO_ROLE)
		putf(w, " (same roles as %s %zu, by another transition)", noun,
		     same + 1);
}

/* Whether role is among the roles of r. */
static int route_has_role(const cp_route *r, size_t role)
{
	size_t i;
	for (i = 0; i <= r->n_steps; i++)
		if (r->roles[i] == role)
			return 1;
	return 0;
}

/* Whether r takes a transition whose credential (column col) is text,
 * among its first n steps. */
static int route_has_credential(const cp_graph *g, const cp_route *r, size_t n,
				size_t col, const char *text)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!strcmp(cp_cell_text(g, CP_TRANSITIONS, col,
					 r->transitions[i]),
			    text))
			return 1;
	return 0;
}

/* ", A, B and C": the i-th of n items starts with the word it needs. */
static void put_item_joint(text_writer *w, size_t i, size_t n)
{
	if (i)
		put(w, i + 1 == n ? " and " : ", ");
}

/*
 * "Unlike route 1, it goes through Patient Care Technician and takes
 * Practical nursing diploma.": the roles an alternative goes through and
 * the credentials (the column 'credential' of transitions.csv) it takes
 * that the best route does not; or, where it has none of them, the roles
 * of the best it leaves out.
 */
static void text_unlike_best(text_writer *w, size_t rank)
{
	const cp_graph *g = w->g;
	const cp_route *best = &w->routes->items[0],
		       *r = &w->routes->items[rank];
	size_t i, n_new = 0, n_cred = 0, n_left = 0, col = CP_NO_COLUMN, at;
	if (cp_column_find(&col, g, CP_TRANSITIONS, "credential"))
		col = CP_NO_COLUMN;
	for (i = 1; i < r->n_steps; i++)
		n_new += !route_has_role(best, r->roles[i]);
	for (i = 0; col != CP_NO_COLUMN && i < r->n_steps; i++) {
		const char *c =
			cp_cell_text(g, CP_TRANSITIONS, col, r->transitions[i]);
		n_cred +=
			*c &&
			!route_has_credential(g, best, best->n_steps, col, c) &&
			!route_has_credential(g, r, i, col, c);
	}
	for (i = 1; i < best->n_steps; i++)
		n_left += !route_has_role(r, best->roles[i]);
	if (!n_new && !n_cred && !n_left)
		return;
	put(w, "Unlike route 1, it ");
	if (n_new) {
		put(w, "goes through ");
		for (i = 1, at = 0; i < r->n_steps; i++)
			if (!route_has_role(best, r->roles[i])) {
				put_item_joint(w, at++, n_new);
				put_name(w, r->roles[i]);
			}
	}
	if (n_cred) {
		put(w, n_new ? " and takes " : "takes ");
		for (i = 0, at = 0; i < r->n_steps; i++) {
			const char *c = cp_cell_text(g, CP_TRANSITIONS, col,
						     r->transitions[i]);
			if (*c &&
			    !route_has_credential(g, best, best->n_steps, col,
						  c) &&
			    !route_has_credential(g, r, i, col, c)) {
				put_item_joint(w, at++, n_cred);
				put(w, c);
			}
		}
	}
	if (!n_new && !n_cred) {
		put(w, "leaves out ");
		for (i = 1, at = 0; i < best->n_steps; i++)
			if (!route_has_role(r, best->roles[i])) {
				put_item_joint(w, at++, n_left);
				put_name(w, best->roles[i]);
			}
	}
	put(w, ".");
	end_para(w, 2, 2);
}

static void put_endpoints(text_writer *w)
{
	put(w, " from ");
	put_name(w, w->routes->from);
	put(w, " to ");
	put_name(w, w->routes->to);
}

static void text_pareto_header(text_writer *w)
{
	const char *by = w->routes->by;
	size_t n_objectives = 1, i = 0, len;
	const char *p;
	for (p = by; *p; p++)
		n_objectives += *p == ',';
	put_experience(w);
	put(w, "trade-offs between ");
	for (p = by; i < n_objectives; i++, p += len + 1) {
		len = strcspn(p, ",");
		if (i)
			put(w, i + 1 == n_objectives ? " and " : ", ");
		put_objective_noun(w, p, len);
	}
	put_endpoints(w);
	if (w->routes->count == 1)
		putf(w, ": 1 option, as good as any other route on %s.",
		     n_objectives == 2 ? "both" : "all of them");
	else
		putf(w, ": %zu options, none better than another on %s.",
		     w->routes->count,
		     n_objectives == 2 ? "both" : "all of them");
	capitalise(w);
	end_para(w, 0, 0);
}

/*
 * "Outlook (BLS 2024-34): employment +4.9% from 3,282,000 in 2024, about
 * 189,100 openings a year." for the role a route ends at, from the roles
 * columns of cp_outlook_columns(); nothing where every cell is blank.
 */
static void text_outlook(text_writer *w, size_t role)
{
	size_t cols[CP_N_OUTLOOK];
	double employed, change, openings;
	if (!cp_outlook_columns(w->g, cols))
		return;
	employed = cp_outlook_value(w->g, cols, 0, role);
	change = cp_outlook_value(w->g, cols, 1, role);
	openings = cp_outlook_value(w->g, cols, 2, role);
	if (isnan(change) && isnan(openings))
		return;
	put(w, "Outlook (BLS 2024-34): ");
	if (!isnan(change)) {
		put(w, "employment ");
		put_percent(w, change, 1);
		if (!isnan(employed)) {
			put(w, " from ");
			put_num(w, employed, CP_NUM_COUNT);
			put(w, " in 2024");
		}
	}
	if (!isnan(openings)) {
		put(w, isnan(change) ? "about " : ", about ");
		put_num(w, openings, CP_NUM_COUNT);
		put(w, openings == 1 ? " opening a year" : " openings a year");
	}
	put(w, ".");
	end_para(w, 0, 0);
}

/*
 * Whether text tells a route's payback: the graph has wages and the metrics
 * months and cost_usd it rests on (JSON and CSV always give it).
 */
static int tells_payback(const text_writer *w)
{
	return w->has_wages && w->k.months != CP_NO_ROLE &&
	       w->k.money != CP_NO_ROLE;
}

/* ", the extra pay after it discounted at 5% a year," */
static void text_discount(text_writer *w)
{
	if (!(w->routes->discount > 0))
		return;
	put(w, ", the extra pay after it discounted at ");
	put_num(w, 100 * w->routes->discount, CP_NUM_VALUE);
	put(w, "% a year,");
}

/* "It pays back its cost ... about 2 years after you finish." */
static void text_payback(text_writer *w, const cp_route *r)
{
	double months = 0;
	size_t today = cp_route_today(w->routes, r);
	if (!tells_payback(w) || !r->n_steps)
		return;
	switch (cp_route_payback_at(&months, w->g, r, today,
				    w->routes->discount)) {
	case CP_PAYBACK_MONTHS:
		put(w, "It pays back its cost (tuition, and the pay given up "
		       "while training)");
		text_discount(w);
		put(w, " ");
		if (months == 0) {
			put(w, "by the time you finish.");
			break;
		}
		put(w, "about ");
		put_duration(w, months);
		put(w, " after you finish.");
		break;
	case CP_PAYBACK_NEVER:
		/* undiscounted it would: the discount is why */
		if (cp_route_payback(&months, w->g, r, today) ==
		    CP_PAYBACK_MONTHS) {
			put(w, "It never pays back its cost: the extra pay "
			       "after it, discounted at ");
			put_num(w, 100 * w->routes->discount, CP_NUM_VALUE);
			put(w, "% a year, never adds up to it.");
			break;
		}
		put(w, "It never pays back its cost: the pay at its end is not "
		       "above the pay at its start.");
		break;
	case CP_PAYBACK_UNKNOWN:
		put(w,
		    "Whether it pays back its cost is not known: a wage or a "
		    "cost on the way is blank.");
		break;
	}
	end_para(w, 0, 0);
}

/* "; pays back in 2 years": a role reached, in a line of reach. */
static void reach_payback(text_writer *w, const cp_route *r)
{
	double months = 0;
	if (!tells_payback(w))
		return;
	switch (cp_route_payback_at(&months, w->g, r,
				    cp_route_today(w->routes, r),
				    w->routes->discount)) {
	case CP_PAYBACK_MONTHS:
		if (months == 0) {
			put(w, "; pays back by the end");
			break;
		}
		put(w, "; pays back in ");
		put_duration(w, months);
		break;
	case CP_PAYBACK_NEVER: put(w, "; never pays back"); break;
	case CP_PAYBACK_UNKNOWN: put(w, "; payback not known"); break;
	}
}

/* "Left out: 3 roles ...": what the destination rules left out. */
static void text_left_out(text_writer *w, const char *noun)
{
	const cp_routes *routes = w->routes;
	if (!routes->left_out)
		return;
	putf(w,
	     "Left out: %zu %s%s that end%s where the rules on the "
	     "destination or the payback do not hold",
	     routes->left_out, noun, routes->left_out == 1 ? "" : "s",
	     routes->left_out == 1 ? "s" : "");
	if (routes->left_out_unknown)
		putf(w, ", %zu of them because a figure is not known",
		     routes->left_out_unknown);
	put(w, ".");
	end_para(w, 0, 0);
}

/* What an O*NET move is, said once; its sources with --sources. */
static void text_related_note(text_writer *w)
{
	if (!cp_answer_uses_related_occupations(w->g, w->routes))
		return;
	put(w, "Note: ");
	put(w, CP_RELATED_NOTE);
	if (w->sources) {
		put(w, " ");
		put(w, CP_RELATED_SOURCES);
	}
	end_para(w, 0, 0);
}

int cp_text_routes(cp_buf *out, const cp_graph *g, const cp_routes *routes,
		   int sources)
{
	text_writer w;
	const cp_cost *cost = routes->cost;
	size_t i, n = routes->count;
	int pareto = routes->kind == CP_QUERY_PARETO;
	text_writer_init(&w, out, g, routes, sources);
	if (pareto && n) {
		text_pareto_header(&w);
		text_outlook(&w, routes->to);
	} else if (n > 1) {
		put_experience(&w);
		put_objective(&w, cost, n);
		put_endpoints(&w);
		if (routes->differ > 0) {
			put(&w, ", no two sharing more than ");
			put_percent(&w, 100 * routes->differ, 0);
			put(&w, " of the cheaper one's total");
		}
		put(&w, ":");
		capitalise(&w);
		end_para(&w, 0, 0);
		text_outlook(&w, routes->to);
	}
	for (i = 0; i < n; i++) {
		const cp_route *r = &routes->items[i];
		if (pareto || n > 1) {
			blank_line(&w);
			putf(&w, "%s %zu", pareto ? "Option" : "Route", i + 1);
			if (!pareto)
				put_total(&w, r, cost);
			put_same_roles(&w, i, pareto ? "option" : "route");
		} else {
			put_experience(&w);
			put_objective(&w, cost, 1);
			put_endpoints(&w);
			put_total(&w, r, cost);
			capitalise(&w);
		}
		put_summary(&w, r);
		end_para(&w, 0, 0);
		if (!pareto && n == 1)
			text_outlook(&w, r->roles[r->n_steps]);
		text_payback(&w, r);
		if (!pareto && i)
			text_unlike_best(&w, i);
		text_steps(&w, r);
	}
	text_left_out(&w, "route");
	text_demands_note(&w);
	text_related_note(&w);
	cp_buf_free(&w.para);
	return w.failed ? CP_ENOMEM : 0;
}

/* "at least 2 years", "at least $5,000", or "time not known" when
 * nothing of it is known: a total that rests on blank steps. */
static void put_lower_bound(text_writer *w, double total, int money)
{
	if (!(total > 0)) {
		put(w, money ? "cost not known" : "time not known");
		return;
	}
	put(w, "at least ");
	if (money)
		put_money(w, total);
	else
		put_duration(w, total);
}

/*
 * "; jobs +4.9%, 189,100 openings a year": the outlook of a role reached,
 * from the roles columns of cp_outlook_columns(); reach_outlook_note() says
 * once what the figures are.
 */
static void reach_outlook(text_writer *w, size_t role)
{
	size_t cols[CP_N_OUTLOOK];
	double change, openings;
	if (!cp_outlook_columns(w->g, cols))
		return;
	change = cp_outlook_value(w->g, cols, 1, role);
	openings = cp_outlook_value(w->g, cols, 2, role);
	if (isnan(change) && isnan(openings))
		return;
	put(w, "; jobs ");
	if (!isnan(change))
		put_percent(w, change, 1);
	if (!isnan(change) && !isnan(openings))
		put(w, ", ");
	if (!isnan(openings)) {
		put_num(w, openings, CP_NUM_COUNT);
		put(w, openings == 1 ? " opening a year" : " openings a year");
	}
	w->told_outlook = 1;
}

static void reach_outlook_note(text_writer *w)
{
	if (!w->told_outlook)
		return;
	put(w, "Jobs: the change in employment BLS projects from 2024 to 2034, "
	       "and the openings it expects a year.");
	end_para(w, 0, 0);
}

/* "Beta Tech, via Alpha Aide: 6 months, $9,000; pay ..." */
static void reach_line(text_writer *w, const cp_route *r, int to_target)
{
	const cp_graph *g = w->g;
	size_t i, stride = cp_graph_metric_count(g);
	put_name(w, to_target ? r->roles[0] : r->roles[r->n_steps]);
	for (i = 1; i < r->n_steps; i++) {
		put(w, i == 1 ? ", via " : ", ");
		put_name(w, r->roles[i]);
	}
	if (!to_target && cp_route_held_start(w->routes, r) != CP_NO_ROLE)
		put_held(w, r->roles[0]);
	put(w, ":");
	if (w->k.time != CP_NO_ROLE) {
		time_known t;
		double time = r->totals[w->k.time];
		put(w, " ");
		if (time_partly_known(&t, &w->k, r->values, r->n_steps, stride))
			put_partial_time(w, &t, 1);
		else if (blank_steps(r->values, r->n_steps, stride, w->k.time))
			put_lower_bound(w, time, 0);
		else if (time == 0) {
			const char *note =
				zero_time_note(w, r->transitions, r->n_steps);
			put(w, note ? note : "no time");
		} else
			put_duration(w, time);
	}
	if (w->k.money != CP_NO_ROLE) {
		double cost = r->totals[w->k.money];
		put(w, w->k.time != CP_NO_ROLE ? ", " : " ");
		if (blank_steps(r->values, r->n_steps, stride, w->k.money))
			put_lower_bound(w, cost, 1);
		else
			put_money(w, cost);
	}
	if (w->k.time == CP_NO_ROLE && w->k.money == CP_NO_ROLE)
		putf(w, " %zu step%s", r->n_steps, r->n_steps == 1 ? "" : "s");
	if (w->has_wages) {
		put(w, "; ");
		put_pay(w, cp_route_today(w->routes, r), r->roles[r->n_steps]);
	}
	reach_payback(w, r);
	if (objective_of(&w->k, w->routes->cost) == OBJ_OTHER) {
		putf(w, "; %s ", cp_cost_text(w->routes->cost));
		if (blank_cost_steps(g, w->routes->cost, r))
			put(w, "at least ");
		put_decimal(w, r->cost);
	}
	reach_outlook(w, r->roles[r->n_steps]);
	end_para(w, 2, 4);
	if (w->sources) {
		for (i = 0; i <= r->n_steps; i++)
			putf(w, "%s%s", i ? " -> " : "route: ",
			     cp_role_id(g, r->roles[i]));
		if (w->n_metrics)
			put(w, "; ");
		put_metric_totals(w, r);
		end_para(w, 4, 6);
	}
}

int cp_text_reach(cp_buf *out, const cp_graph *g, const cp_routes *routes,
		  const cp_format_options *opts)
{
	text_writer w;
	cp_route scratch = {0, 0, NULL, NULL, NULL, NULL};
	int to_target = routes->kind == CP_QUERY_FEEDERS, flush_failed = 0;
	size_t i, n = routes->count,
		  role = to_target ? routes->to : routes->from;
	text_writer_init(&w, out, g, routes, opts->sources);
	if (!to_target)
		put_experience(&w);
	if (!n)
		put(&w, to_target ? "no role leads to "
				  : "no role can be reached from ");
	else if (to_target)
		putf(&w, "%zu role%s to ", n, n == 1 ? " leads" : "s lead");
	else
		putf(&w, "%zu role%s be reached from ", n,
		     n == 1 ? " can" : "s can");
	put_name(&w, role);
	if (!n)
		put(&w, ".");
	if (n > 1 && opts->order == CP_ORDER_GAIN) {
		put(&w, ", highest rise in pay first");
	} else if (n > 1 && opts->order == CP_ORDER_PAYBACK) {
		put(&w, ", soonest payback first");
	} else if (n > 1 && opts->order == CP_ORDER_OPENINGS) {
		put(&w, ", most openings a year first");
	} else if (n > 1) {
		put(&w, ", ");
		put_order(&w, routes->cost);
	}
	if (n)
		put(&w, ":");
	capitalise(&w);
	end_para(&w, 0, 0);
	/* a tree answer's routes are rebuilt one at a time, and the text
	 * handed to the caller's flush as it grows */
	for (i = 0; i < n && !w.failed; i++) {
		const cp_route *r;
		if (cp_routes_route(&r, &scratch, g, routes, i)) {
			w.failed = 1;
			break;
		}
		reach_line(&w, r, to_target);
		if (!w.failed && opts->flush && out->size >= CP_FLUSH_SIZE &&
		    opts->flush(out, opts->flush_arg))
			w.failed = flush_failed = 1;
	}
	reach_outlook_note(&w);
	text_left_out(&w, "role");
	if (!w.failed && opts->flush && opts->flush(out, opts->flush_arg))
		w.failed = flush_failed = 1;
	cp_buf_free(&w.para);
	cp_route_clear(&scratch);
	return flush_failed ? CP_EIO : w.failed ? CP_ENOMEM : 0;
}

int cp_cost_describe(cp_buf *out, const cp_graph *graph, const cp_cost *cost)
{
	text_writer w;
	int status;
	text_writer_init(&w, out, graph, NULL, 0);
	put_objective(&w, cost, 1);
	status = w.failed ||
		 (w.para.size && cp_buf_put(out, w.para.ptr, w.para.size));
	cp_buf_free(&w.para);
	return status ? CP_ENOMEM : 0;
}

/* ---- why there is no route ---- */

/* One career rule in words: "raises job_zone by at most 1 at every step" */
static void put_rule(text_writer *w, const cp_rule *rule)
{
	const char *name =
		rule->kind == CP_RULE_STEP_MAX
			? cp_metric_name(w->g, rule->index)
			: cp_column_name(w->g, CP_ROLES, rule->index);
	switch (rule->kind) {
	case CP_RULE_STEP_MAX: putf(w, "keeps %s at or below ", name); break;
	case CP_RULE_ROLE_MAX:
		putf(w, "enters only roles whose %s is at most ", name);
		break;
	case CP_RULE_RISE_MAX: putf(w, "raises %s by at most ", name); break;
	}
	put_decimal(w, rule->max);
	if (rule->kind != CP_RULE_ROLE_MAX)
		put(w, " at every step");
}

/* "keeps out of the avoided roles and raises pay by 10% at every step" */
static void put_conditions(text_writer *w, const cp_why *why)
{
	size_t n = (why->n_avoid > 0) + (why->n_via > 0) +
		   (why->has_min_gain != 0) + why->n_rules,
	       i = 0, r;
	if (!n) {
		put(w, "has a value for every metric it needs");
		return;
	}
	if (why->n_avoid)
		put(w, "keeps out of the avoided roles");
	i += why->n_avoid > 0;
	if (why->n_via) {
		put(w, i ? (i + 1 == n ? " and " : ", ") : "");
		put(w, why->n_avoid ? "passes the via roles in order"
				    : "passes the via roles in that order");
		i++;
	}
	if (why->has_min_gain) {
		put(w, i ? (i + 1 == n ? " and " : ", ") : "");
		put(w, "raises median pay by ");
		put_percent(w, why->min_gain, 0);
		put(w, " or more at every step");
		i++;
	}
	for (r = 0; r < why->n_rules; r++, i++) {
		put(w, i ? (i + 1 == n ? " and " : ", ") : "");
		put_rule(w, &why->rules[r]);
	}
}

int cp_why_describe(cp_buf *out, const cp_graph *graph, const cp_why *why)
{
	text_writer w;
	const char *to = cp_role_title(graph, why->to),
		   *from = cp_role_title(graph, why->from);
	size_t i, shown = 0;
	int status;
	text_writer_init(&w, out, graph, NULL, 0);
	if (why->kind == CP_WHY_CONDITIONS) {
		putf(&w, "routes to '%s' exist, but none ", to);
		put_conditions(&w, why);
	} else if (why->kind == CP_WHY_CAPS) {
		putf(&w, "routes to '%s' exist, but none within the caps:", to);
		for (i = 0; i < why->n_needed; i++) {
			const char *name = why->cap_costs[i];
			if (isinf(why->cap_max[i]))
				continue;
			put(&w, shown++ ? "; " : " ");
			if (isnan(why->needed[i])) {
				putf(&w,
				     "no cap on %s admits one while the other "
				     "caps hold",
				     name);
			} else {
				put(&w, "a cap of ");
				put_decimal(&w, why->needed[i]);
				putf(&w, " on %s would admit one", name);
			}
		}
	} else if (why->past) {
		putf(&w,
		     "'%s' comes before '%s': routes lead from it, not back",
		     to, from);
	} else if (!why->n_nearest) {
		putf(&w, "'%s' is not connected to any role that '%s' leads to",
		     to, from);
	} else {
		putf(&w,
		     "of the roles reachable from '%s', the nearest to '%s' "
		     "%s ",
		     from, to, why->n_nearest == 1 ? "is" : "are");
		for (i = 0; i < why->n_nearest; i++)
			putf(&w, "%s'%s'%s", i ? ", " : "",
			     cp_role_title(graph, why->nearest[i]),
			     why->nearest[i] == why->from ? " itself" : "");
		putf(&w, " (%zu transition%s away, counting either direction)",
		     why->distance, why->distance == 1 ? "" : "s");
	}
	status = w.failed ||
		 (w.para.size && cp_buf_put(out, w.para.ptr, w.para.size));
	cp_buf_free(&w.para);
	return status ? CP_ENOMEM : 0;
}

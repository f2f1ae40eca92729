// careerpath's page: reads the query from the address, asks the API and
// shows the answer. Everything from the data is put in as text, never as
// markup; the route picture is Graphviz's SVG, parsed as XML.
"use strict";

const ROUTES = 4; // the best route and up to 3 alternatives
// Alternatives share at most this much of the cheaper route (the API's
// differ); "any" asks for the next best routes, however alike.
const DIFFER = "0.5";

const titles = new Map(); // role id -> title
const metrics = new Set(); // the graph's metrics (/api/metrics)
const roleNumbers = new Set(); // its number columns of roles.csv (same)
let defaultBy = "steps"; // Quickest where the graph knows time
let metricsReady = Promise.resolve(); // /api/metrics answered (main)
const money = new Intl.NumberFormat("en-US", {
	style: "currency", currency: "USD", maximumFractionDigits: 0,
});
const plain = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

function el(tag, attrs, ...children) {
	const node = document.createElement(tag);
	for (const [name, value] of Object.entries(attrs || {}))
		node.setAttribute(name, value);
	for (const child of children)
		node.append(child); // strings become text nodes
	return node;
}

function title(id) {
	return titles.get(id) || id;
}

function dollars(value) {
	return value === null || value === undefined ? "not known"
		: money.format(value);
}

function months(value) {
	if (value === null || value === undefined)
		return "not known";
	return plain.format(value) + (value === 1 ? " month" : " months");
}

// A time as the text answers say it: "9 months", "2 years", "1 year and
// 6 months".
function duration(value) {
	if (value === null || value === undefined || !(value >= 12))
		return months(value);
	const years = Math.floor(value / 12), rest = value - years * 12;
	return plain.format(years) + (years === 1 ? " year" : " years") +
		(rest > 0 ? " and " + months(rest) : "");
}

// A gain in pay: "+$49,400 (+112%)", "no change", "not known"; whole
// percents, a tenth below 10%.
function gainWords(usd, pct) {
	if (usd === null || usd === undefined)
		return "not known";
	if (usd === 0)
		return "no change";
	const sign = usd > 0 ? "+" : "\u2212";
	const shown = pct === null || pct === undefined ? "" : " (" + sign +
		(Math.abs(pct) >= 10 ? whole : plain).format(Math.abs(pct)) + "%)";
	return sign + money.format(Math.abs(usd)) + shown;
}

// What is said of cost, on a graph that has it (none is not "not known").
function costCell(...items) {
	return metrics.has("cost_usd") ? items : [];
}

function pay(before, after) {
	return dollars(before) + " \u2192 " + dollars(after);
}

// The time of a step or route: elapsed_months where the graph has it.
function timeOf(values) {
	return "elapsed_months" in values ? values.elapsed_months : values.months;
}

// Whether the graph has a metric or a number column of roles.csv.
function graphHas(name) {
	return metrics.has(name) || roleNumbers.has(name);
}

// Offers only the choices the graph's metrics and columns allow: a graph
// without cost_usd has no "Cheapest" and no cap on dollars, one without
// annual_openings no rule on openings.
async function loadMetrics() {
	const response = await fetch("/api/metrics");
	if (!response.ok)
		return;
	const body = await response.json();
	for (const name of body.metrics)
		metrics.add(name);
	for (const name of body.role_numbers || [])
		roleNumbers.add(name);
	for (const node of document.querySelectorAll("[data-needs]")) {
		const usable = node.dataset.needs.split(" ").every(graphHas);
		node.hidden = !usable;
		for (const input of node.querySelectorAll("input"))
			input.disabled = !usable;
	}
	if (metrics.has("elapsed_months"))
		defaultBy = "elapsed_months";
}

const COMPLETIONS = 8;

// The names of roles as completions: titles and aliases, each with its
// title; a role found by its id alone offers its title.
function namesOf(roles, q) {
	const names = [], seen = new Set();
	for (const role of roles) {
		titles.set(role.id, role.title);
		const all = [role.title].concat(
			(role.aliases || "").split(";").map((a) => a.trim()));
		let any = false;
		for (const name of all) {
			if (!name || seen.has(name) || !name.toLowerCase().includes(q))
				continue;
			seen.add(name);
			any = true;
			names.push({ name, lower: name.toLowerCase(), title: role.title });
		}
		if (!any && !seen.has(role.title)) {
			seen.add(role.title);
			names.push({ name: role.title, lower: q, title: role.title });
		}
	}
	return names;
}

// The best names for what is typed, asked of the server as it is typed
// (/api/roles?match=, best roles first), so that the page never waits for
// a list of every job: those it begins, then those with a word it begins,
// then those holding it; titles before aliases.
async function completions(typed, signal) {
	const q = typed.trim().toLowerCase();
	if (!q)
		return [];
	const ask = new URLSearchParams({ match: typed.trim(),
		count: String(COMPLETIONS), format: "json" });
	const response = await fetch("/api/roles?" + ask.toString(), { signal });
	if (!response.ok)
		return [];
	const found = namesOf(await response.json(), q).map((entry) => {
		const at = entry.lower.indexOf(q);
		const rank = at === 0 ? 0 : at < 0 ? 3
			: /[\s(/-]/.test(entry.lower[at - 1]) ? 1 : 2;
		return { entry, rank };
	});
	found.sort((a, b) => a.rank - b.rank ||
		(a.entry.name !== a.entry.title) - (b.entry.name !== b.entry.title) ||
		a.entry.name.localeCompare(b.entry.name));
	return found.slice(0, COMPLETIONS).map((f) => f.entry);
}

// The titles of the roles an answer names by id, asked for in one request
// (/api/roles?role=...) where they are not known yet.
async function learnTitles(ids) {
	const unknown = Array.from(new Set(ids))
		.filter((id) => id && !titles.has(id));
	if (!unknown.length)
		return;
	const ask = new URLSearchParams({ format: "json" });
	for (const id of unknown.slice(0, 60))
		ask.append("role", id);
	const response = await fetch("/api/roles?" + ask.toString());
	if (response.ok)
		for (const role of await response.json())
			titles.set(role.id, role.title);
}

// A picker as an ARIA combobox: typing lists the matching names, the
// arrow keys move through them, Enter or a tap takes one, Escape closes
// the list. multi: the field holds names separated by ';' and completes
// the last one.
function attachCompletion(input, multi) {
	const list = document.getElementById(input.getAttribute("aria-controls"));
	let shown = [], active = -1;
	let asking = null; // the request for the names of what is typed
	const part = () => multi ? input.value.split(";").pop() : input.value;
	function close() {
		if (asking)
			asking.abort();
		asking = null;
		list.hidden = true;
		list.replaceChildren();
		shown = [];
		active = -1;
		input.setAttribute("aria-expanded", "false");
		input.removeAttribute("aria-activedescendant");
	}
	function mark(index) {
		active = index;
		list.querySelectorAll("li").forEach((li, i) =>
			li.setAttribute("aria-selected", String(i === index)));
		if (index < 0) {
			input.removeAttribute("aria-activedescendant");
			return;
		}
		const li = list.children[index];
		input.setAttribute("aria-activedescendant", li.id);
		li.scrollIntoView({ block: "nearest" });
	}
	function take(entry) {
		if (multi) {
			const parts = input.value.split(";");
			parts[parts.length - 1] = (parts.length > 1 ? " " : "") + entry.name;
			input.value = parts.join(";");
		} else {
			input.value = entry.name;
		}
		close();
	}
	async function open() {
		if (asking)
			asking.abort();
		const typed = part(), mine = new AbortController();
		asking = mine;
		let found;
		try {
			found = await completions(typed, mine.signal);
		} catch (e) {
			return; // overtaken by later typing, or the server is away
		}
		if (asking !== mine || document.activeElement !== input)
			return;
		asking = null;
		shown = found;
		list.replaceChildren(...shown.map((entry, i) => el("li", {
			id: input.id + "-name-" + i, role: "option", "aria-selected": "false",
		}, entry.name, ...(entry.name === entry.title ? [] :
			[el("span", { class: "of" }, " (" + entry.title + ")")]))));
		list.hidden = !shown.length;
		active = -1;
		input.setAttribute("aria-expanded", String(shown.length > 0));
		input.removeAttribute("aria-activedescendant");
	}
	input.addEventListener("input", open);
	input.addEventListener("blur", close);
	input.addEventListener("keydown", (event) => {
		if (event.key === "ArrowDown" || event.key === "ArrowUp") {
			if (list.hidden)
				open();
			if (!shown.length)
				return;
			event.preventDefault();
			if (event.key === "ArrowDown")
				mark(active + 1 < shown.length ? active + 1 : 0);
			else
				mark(active > 0 ? active - 1 : shown.length - 1);
		} else if (event.key === "Enter" && active >= 0) {
			event.preventDefault(); // takes the name; a second Enter submits
			take(shown[active]);
		} else if (event.key === "Escape" && !list.hidden) {
			event.preventDefault();
			close();
		}
	});
	// a tap takes the name without the field losing focus first
	list.addEventListener("mousedown", (event) => event.preventDefault());
	list.addEventListener("click", (event) => {
		const li = event.target.closest("li");
		if (li)
			take(shown[Array.prototype.indexOf.call(list.children, li)]);
	});
}

// The form's fields from the address, so a link reproduces the answer.
function fillForm(params) {
	const form = document.getElementById("query");
	for (const name of ["from", "to", "also", "max_months", "max_cost",
		"avoid", "experience", "min_openings"])
		if (params.has(name))
			form.elements[name].value = params.get(name);
	const by = params.get("by");
	for (const radio of form.querySelectorAll("input[name=by]"))
		radio.checked = radio.value === (by || defaultBy);
	form.elements.min_gain.checked = params.has("min_gain");
	form.elements.growing.checked = params.has("growing");
	form.elements.differ.value = params.get("differ") || DIFFER;
	if (params.has("max_months") || params.has("max_cost") ||
		params.has("avoid") || params.has("experience") ||
		params.has("min_gain") || params.has("growing") ||
		params.has("min_openings"))
		document.getElementById("limits").open = true;
}

// The names in a field that takes several, separated by ';'.
function namesIn(params, name) {
	return (params.get(name) || "").split(";").map((n) => n.trim())
		.filter((n) => n);
}

// The API's parameters for what the page asks: routes (view "path"), a
// reach, or the ranking of what to hold as well (view "upskill"), which
// counts only the roles opened that keep the destination rules.
function apiParams(params, view) {
	const reach = view !== "path";
	const api = new URLSearchParams();
	const by = params.get("by") || defaultBy;
	api.set("from", params.get("from") || "");
	if (!reach)
		api.set("to", params.get("to") || "");
	api.set("by", by);
	if (!reach)
		api.set("k", String(ROUTES));
	// routes that differ start from one role: with roles held as well,
	// the next best routes are asked for, however alike
	const differ = params.get("differ") || DIFFER;
	if (!reach && differ !== "any" && !namesIn(params, "also").length)
		api.set("differ", differ);
	const maxMonths = (params.get("max_months") || "").trim();
	const maxCost = (params.get("max_cost") || "").trim();
	if (maxMonths)
		api.append("max", "elapsed_months=" + maxMonths);
	if (maxCost)
		api.append("max", "cost_usd=" + maxCost);
	for (const name of namesIn(params, "avoid"))
		api.append("avoid", name);
	for (const name of namesIn(params, "also"))
		api.append("also", name);
	const experience = (params.get("experience") || "").trim();
	if (experience)
		api.set("experience", experience);
	if (params.has("min_gain"))
		api.set("min_gain", params.get("min_gain") || "10");
	const minOpenings = (params.get("min_openings") || "").trim();
	// sent as asked, before the graph's columns may be known: the form
	// offers them only where the graph has them, and the API says why
	// it refuses one elsewhere
	if (params.has("growing"))
		api.set("growing", "1");
	if (minOpenings)
		api.set("min_openings", minOpenings);
	return api;
}

async function getJSON(url) {
	const response = await fetch(url);
	let body = null;
	try {
		body = await response.json();
	} catch (e) {
		body = { error: "the server sent no answer (" + response.status + ")" };
	}
	return { ok: response.ok, body };
}

function links(answer, page, api, endpoint) {
	const csv = new URLSearchParams(api);
	csv.set("format", "csv");
	answer.append(el("p", { class: "links" },
		el("a", { href: "/?" + page.toString() }, "Link to this answer"),
		" \u00b7 ",
		el("a", { href: endpoint + "?" + api.toString() }, "JSON"),
		" \u00b7 ",
		el("a", { href: endpoint + "?" + csv.toString() }, "CSV")));
}

function stepTable(route, index) {
	const caption = index === 0 ? "Best route, step by step"
		: "Alternative " + index + ", step by step";
	const table = el("table", { class: "steps" }, el("caption", {}, caption));
	table.append(el("thead", {}, el("tr", {},
		el("th", { scope: "col" }, "Step"),
		el("th", { scope: "col" }, "Time"),
		...costCell(el("th", { scope: "col" }, "Cost")),
		el("th", { scope: "col" }, "Credential"),
		el("th", { scope: "col" }, "Pay before \u2192 after"))));
	const body = el("tbody");
	for (const step of route.steps) {
		const move = title(step.from) + " \u2192 " + title(step.to) +
			(step.as ? " (as " + title(step.as) + ")" : "");
		body.append(el("tr", {},
			el("th", { scope: "row", "data-label": "Step" }, move),
			el("td", { "data-label": "Time" }, stepTime(step)),
			...costCell(el("td", { "data-label": "Cost" },
				dollars(step.cost_usd))),
			el("td", { "data-label": "Credential" },
				step.credential || "none named"),
			el("td", { "data-label": "Pay" },
				pay(step.wage_before, step.wage_after))));
	}
	table.append(body);
	return table;
}

// "Unlike the best route: through Patient Care Technician; Practical
// nursing diploma", the jobs an alternative goes through and the
// credentials it takes that the best route does not (null if none).
function unlikeBest(route, best) {
	const jobs = new Set(best.roles), creds = new Set();
	for (const step of best.steps)
		if (step.credential)
			creds.add(step.credential);
	const through = route.roles.slice(1, -1).filter((id) => !jobs.has(id))
		.map(title);
	const takes = [];
	for (const step of route.steps)
		if (step.credential && !creds.has(step.credential) &&
			!takes.includes(step.credential))
			takes.push(step.credential);
	const parts = [];
	if (through.length)
		parts.push("through " + through.join(", "));
	if (takes.length)
		parts.push(takes.join("; "));
	return parts.length ? "Unlike the best route: " + parts.join("; ") : null;
}

// What the alternatives keep to: "No two routes share more than half the
// time of the quicker one", as the API's differ says.
function differNote(body) {
	if (body.routes.length < 2)
		return null;
	if (!body.differ)
		return "The next best routes, however much they share.";
	const noun = { elapsed_months: ["time", "quicker"],
		cost_usd: ["cost", "cheaper"], steps: ["steps", "shorter"] }[body.by]
		|| ["total", "cheaper"];
	const share = { 0.25: "a quarter", 0.5: "half", 0.75: "three quarters" }
		[body.differ] || whole.format(body.differ * 100) + "%";
	return "No two routes share more than " + share + " of the " +
		noun[0] + " of the " + noun[1] + " one.";
}

// When a route pays back what it costs, in words: "pays back in 2 years
// and 1 month after you finish", "never pays back: pay goes down",
// "payback not known".
function paybackWords(route) {
	if (route.payback === "months")
		return route.payback_months === 0
			? "pays back by the time you finish"
			: "pays back in " + duration(route.payback_months) +
				" after you finish";
	if (route.payback === "never")
		return "never pays back: pay " + (route.wage_end < route.wage_start
			? "goes down" : "does not rise");
	return "payback not known";
}

// "Using your X experience" for a route that starts at another role
// held (the API's also), not at the job now.
function startNote(route, from) {
	return route.start && route.start !== from
		? "Using your " + title(route.start) + " experience" : null;
}

function summary(route) {
	const t = route.totals;
	const parts = [duration(timeOf(t)),
		...costCell("cost " + dollars(t.cost_usd)),
		"pay " + pay(route.wage_start, route.wage_end)];
	if (route.payback)
		parts.push(paybackWords(route));
	if (t.steps !== undefined)
		parts.unshift(t.steps + (t.steps === 1 ? " step" : " steps"));
	if (route.same_roles_as)
		parts.push("the same jobs as " + (route.same_roles_as === 1 ?
			"the best route" : "alternative " + (route.same_roles_as - 1)) +
			", by another programme");
	return parts.join(" \u00b7 ");
}

// A step's time, once: its total (elapsed_months, where the graph has
// it), and the work experience and training it is made of as parts of
// that total, so that no part reads as time of its own: "2 years of
// training", "2 years and 6 months: 1 year of work + 1 year and 6 months
// of training", "at least 1 year: 1 year of training, work experience not
// known".
function stepTime(step) {
	const total = timeOf(step);
	const work = step.experience_months, training = step.months;
	if (!("elapsed_months" in step) || training === undefined)
		return duration(total);
	const parts = [], unknown = [];
	if (work === null)
		unknown.push("work experience not known");
	else if (work > 0)
		parts.push(duration(work) + " of work");
	if (training === null)
		unknown.push("training not known");
	else if (training > 0)
		parts.push(duration(training) + " of training");
	if (total === null || total === undefined)
		return "not known";
	if (!unknown.length && parts.length < 2)
		return parts.length ? parts[0] : duration(total);
	return (unknown.length ? "at least " : "") + duration(total) + ": " +
		parts.concat(unknown).join(parts.length > 1 ? " + " : ", ");
}

// A metric's name as a person says it, for the picture's key.
const METRIC_WORDS = {
	elapsed_months: "time", months: "training", cost_usd: "cost",
	experience_months: "work first",
};

function metricWords(name) {
	return METRIC_WORDS[name] || name.replace(/_/g, " ");
}

// What an arrow's label line ("elapsed_months 24", as src/dot.c writes
// it for every drawing) says in plain words: "2 years", "$12,300". The
// step tables split a time into work and training.
function labelWords(line) {
	const [name, text] = line.split(" ");
	if (text === "unknown")
		return metricWords(name) + " not known";
	const value = Number(text);
	if (name === "elapsed_months")
		return duration(value);
	if (name === "months")
		return duration(value) + " of training";
	if (name === "experience_months")
		return duration(value) + " of work first";
	if (name === "cost_usd")
		return dollars(value);
	return metricWords(name) + " " + plain.format(value);
}

// The step an arrow draws: its roles, and the metric values on its label.
// A step taken as a kind of another role is drawn from that role, whose
// move it is.
function stepOf(routes, from, to, lines) {
	for (const route of routes)
		for (const step of route.steps)
			if ((step.as || step.from) === from && step.to === to &&
				lines.every((line) => {
					const [name, value] = line.split(" ");
					return step[name] === undefined ||
						String(step[name]) === value;
				}))
				return step;
	return null;
}

// Graphviz starts each line of a label where its own width puts it in
// the middle: a line given new words keeps that middle. The canvas that
// measures them is made with the first picture, not for every page.
let measure = null;

function centre(text) {
	if (text.getAttribute("text-anchor") !== "start")
		return;
	measure = measure || document.createElement("canvas").getContext("2d");
	if (!measure)
		return;
	measure.font = (text.getAttribute("font-size") || "14") + "px " +
		(text.getAttribute("font-family") || "sans-serif");
	const width = measure.measureText(text.textContent).width;
	text.setAttribute("x", String(Number(text.getAttribute("x")) +
		width / 2));
	text.setAttribute("text-anchor", "middle");
}

// Graphviz's drawing in the page's words: role titles, not ids, for the
// boxes' tooltips; plain words on the arrows and in the key. The DOT
// text (src/dot.c) keeps metric names, for the command line's drawings.
function plainPicture(svg, routes) {
	for (const node of svg.querySelectorAll("g.node > title"))
		if (titles.has(node.textContent))
			node.textContent = title(node.textContent);
	for (const edge of svg.querySelectorAll("g.edge")) {
		const tip = edge.querySelector("title");
		const [from, to] = (tip ? tip.textContent : "").split("->");
		const texts = Array.from(edge.querySelectorAll("text"));
		const lines = texts.map((t) => t.textContent.trim());
		let said;
		if (lines.length === 1 && lines[0] === "a kind of") {
			said = title(from) + " is a kind of " + title(to);
		} else {
			const step = stepOf(routes, from, to, lines);
			if (!step)
				continue;
			texts.forEach((t, i) => {
				centre(t);
				t.textContent = labelWords(lines[i]);
			});
			said = title(from) + " \u2192 " + title(to) + ": " +
				texts.map((t) => t.textContent).join(", ");
		}
		if (tip)
			tip.textContent = said;
	}
	for (const text of svg.querySelectorAll("g.node text")) {
		const key = /^arrow labels: (.*)$/.exec(text.textContent);
		if (key)
			text.textContent = "arrow labels: " + key[1].split(", ")
				.map(metricWords).join(", ");
	}
}

// Graphviz's picture, parsed as XML and taken in as nodes (no markup is
// ever parsed as HTML); scripts and handlers would be dropped. Its name
// says what it draws and where the same facts are in words.
function picture(svg, body) {
	if (svg.nodeName !== "svg")
		return null;
	for (const node of svg.querySelectorAll("script, foreignObject"))
		node.remove();
	for (const node of svg.querySelectorAll("*"))
		for (const attr of Array.from(node.attributes))
			if (attr.name.toLowerCase().startsWith("on"))
				node.removeAttribute(attr.name);
	plainPicture(svg, body.routes);
	const n = body.routes.length;
	const figure = el("figure", { class: "picture" });
	const imported = document.importNode(svg, true);
	imported.setAttribute("role", "img");
	imported.setAttribute("aria-label", "Diagram of " +
		(n === 1 ? "the route" : "the " + n + " routes") + " from " +
		title(body.from) + " to " + title(body.to) +
		"; the step tables below give the same steps in words");
	imported.setAttribute("aria-describedby", "picture-key");
	imported.removeAttribute("width");
	imported.removeAttribute("height");
	figure.append(el("div", { class: "scroller" }, imported),
		el("figcaption", { id: "picture-key" },
			"The best route in bold blue; each alternative dashed, in " +
			"a colour of its own. ",
			el("a", { href: "#route-1" }, "The step tables"),
			" below give each step in words."));
	return figure;
}

// A picture wider than the page scrolls sideways, and is then a named
// stop of the keyboard, so that it can be scrolled without a mouse.
function markScrollers(root) {
	for (const box of root.querySelectorAll(".scroller")) {
		if (box.scrollWidth > box.clientWidth + 1) {
			box.setAttribute("tabindex", "0");
			box.setAttribute("role", "region");
			box.setAttribute("aria-label",
				"The routes diagram, which scrolls sideways");
		} else {
			box.removeAttribute("tabindex");
			box.removeAttribute("role");
			box.removeAttribute("aria-label");
		}
	}
}

const SITE = "careerpath";

// The page's title says what it shows, as a tab or a screen reader's
// first words do.
function setTitle(text) {
	document.title = text + " \u2013 " + SITE;
}

// The fields a message can be about, by the parameter that fills them.
const FIELDS = { from: "Job now", to: "Job wanted", avoid: "Jobs to avoid" };

// The field a role name came from: the parameter and, for avoid, which
// of its names; null when no field holds it.
function fieldOf(params, name) {
	for (const field of ["from", "to"])
		if ((params.get(field) || "").trim() === name)
			return { field, part: -1 };
	const avoided = (params.get("avoid") || "").split(";");
	const part = avoided.findIndex((a) => a.trim() === name);
	return part >= 0 ? { field: "avoid", part } : null;
}

// The address of the same question with the name in place of the one the
// field held.
function withName(params, place, name) {
	const again = new URLSearchParams(params);
	if (place.field === "avoid") {
		const avoided = (params.get("avoid") || "").split(";")
			.map((a) => a.trim());
		avoided[place.part] = name;
		again.set("avoid", avoided.join("; "));
	} else {
		again.set(place.field, name);
	}
	return "/?" + again.toString();
}

// The message with each role it suggests as a link that asks again with
// that role: "(did you mean 'A', 'B' or 'C'?)" and, for an ambiguous
// name, "it could be 'id' (Title), ...".
function suggestionNodes(message, params, place) {
	const nodes = [];
	const hint = place && (/\(did you mean (.*)\?\)$/.exec(message) ||
		/it could be (.*); use an id$/.exec(message));
	if (!hint)
		return [message];
	nodes.push(message.slice(0, hint.index));
	const ambiguous = hint[0].startsWith("it could");
	const list = hint[1];
	const quoted = ambiguous ? /'(.*?)' \((.*?)\)(?=, '| and |$)/g
		: /'(.*?)'(?=, '| or '|$)/g;
	let at = 0, found;
	nodes.push(hint[0].slice(0, hint[0].indexOf(list)));
	while ((found = quoted.exec(list))) {
		nodes.push(list.slice(at, found.index));
		const name = found[1];
		nodes.push(el("a", { href: withName(params, place, name) },
			ambiguous ? found[2] + " (" + name + ")" : name));
		at = found.index + found[0].length;
	}
	nodes.push(list.slice(at), hint[0].slice(hint[0].indexOf(list) +
		list.length));
	return nodes;
}

// An error: said in the answer, and tied to the field it is about
// (aria-invalid, aria-describedby), with its suggestions as links.
function showError(answer, message, params) {
	const named = /^unknown role '(.*?)'(?: \(|$)/.exec(message) ||
		/^role name '(.*?)' is ambiguous/.exec(message);
	const place = named ? fieldOf(params, named[1]) : null;
	const error = el("p", { class: "error", id: "error", role: "alert" });
	if (place)
		error.append(el("strong", {}, FIELDS[place.field] + ": "));
	error.append(...suggestionNodes(message, params, place));
	answer.append(error);
	if (place) {
		const input = document.getElementById(place.field);
		input.setAttribute("aria-invalid", "true");
		input.setAttribute("aria-describedby", "error");
		if (place.field === "avoid")
			document.getElementById("limits").open = true;
	}
	setTitle("Error: " + message);
}

// The drawing of the routes (SVG), asked for beside their JSON.
async function drawing(api) {
	const svgParams = new URLSearchParams(api);
	svgParams.set("format", "svg");
	svgParams.set("routes_only", "1");
	const response = await fetch("/api/path?" + svgParams.toString());
	return response.ok ? response.text() : null;
}

async function showRoutes(answer, params) {
	const api = apiParams(params, "path");
	const drawn = drawing(api).catch(() => null);
	const [{ ok, body }] = await Promise.all([
		getJSON("/api/path?" + api.toString()), metricsReady]);
	if (!ok) {
		showError(answer, body.error, params);
		return;
	}
	const svgText = body.routes.length ? await drawn : null;
	const svg = svgText && new DOMParser().parseFromString(svgText,
		"image/svg+xml").documentElement;
	const ids = [body.from, body.to];
	for (const route of body.routes) {
		if (route.start)
			ids.push(route.start);
		for (const step of route.steps)
			ids.push(step.from, step.to, step.as);
	}
	for (const node of svg ? svg.querySelectorAll("g.node > title") : [])
		ids.push(node.textContent);
	await learnTitles(ids.filter((id) => id !== "careerpath:legend"));
	const from = title(body.from), to = title(body.to);
	answer.append(el("h2", {}, from + " \u2192 " + to));
	if (!body.routes.length) {
		setTitle("No route from " + from + " to " + to);
		answer.append(el("p", { class: "none" }, "There is no route from " +
			from + " to " + to + " with these choices."));
		const why = await getJSON("/api/why?" + api.toString());
		if (why.ok)
			for (const line of why.body.messages.slice(1))
				if (!line.startsWith("try --"))
					answer.append(el("p", { class: "why" }, line));
		links(answer, params, api, "/api/path");
		return;
	}
	setTitle(from + " \u2192 " + to + ": " + body.routes.length +
		(body.routes.length === 1 ? " route" : " routes"));
	const figure = svg && picture(svg, body);
	if (figure)
		answer.append(figure);
	const note = differNote(body);
	if (note)
		answer.append(el("p", { class: "differ" }, note));
	body.routes.forEach((route, i) => {
		const section = el("section", {
			class: "route", id: "route-" + (i + 1),
		});
		section.append(el("h3", {}, i === 0 ? "Best route" :
			"Alternative " + i),
		el("p", { class: "summary" }, summary(route)));
		const start = startNote(route, body.from);
		if (start)
			section.append(el("p", { class: "start" }, start));
		const unlike = i && unlikeBest(route, body.routes[0]);
		if (unlike)
			section.append(el("p", { class: "unlike" }, unlike));
		section.append(stepTable(route, i));
		answer.append(section);
	});
	links(answer, params, api, "/api/path");
}

const PAGE_ROWS = 50; // the rows of a reach shown at once

// The orders a reach can be listed in (/api/reach's sort): words for the
// links and the caption, the column each sorts and which way.
const SORTS = [
	{ key: "best", link: "Best first", said: "best first" },
	{ key: "time", link: "Quickest", said: "quickest first",
		column: "Time", way: "ascending" },
	{ key: "cost", link: "Cheapest", said: "cheapest first",
		column: "Cost", way: "ascending", needs: "cost_usd" },
	{ key: "pay", link: "Best paid", said: "best paid first",
		column: "Pay", way: "descending" },
	{ key: "gain", link: "Biggest pay gain", said: "biggest pay gain first",
		column: "Pay gain", way: "descending" },
	{ key: "title", link: "A to Z", said: "from A to Z",
		column: "Job", way: "ascending" },
	{ key: "payback", link: "Soonest payback", said: "soonest payback first",
		column: "Pays back", way: "ascending", needs: "cost_usd" },
	{ key: "openings", link: "Most openings", said: "most openings first",
		column: "Openings a year", way: "descending",
		needs: "annual_openings" },
];

// The order the address asks for; the server refuses one the graph
// cannot give (cost on a graph without cost_usd).
function sortOf(params) {
	return SORTS.find((s) => s.key === params.get("sort")) || SORTS[0];
}

// The page of a reach the address asks for, from 1.
function pageAsked(params) {
	return Math.max(parseInt(params.get("page") || "1", 10) || 1, 1);
}

// The address of the reach with other choices of page and sort (null
// leaves a choice out, for its default).
function reachAddress(params, changes) {
	const again = new URLSearchParams(params);
	for (const [name, value] of Object.entries(changes))
		if (value === null)
			again.delete(name);
		else
			again.set(name, value);
	return "/?" + again.toString();
}

// Links to the pages before and after, and where this one is.
function pager(params, page, pages, n_rows) {
	const to = (n) => reachAddress(params, { page: n === 1 ? null : String(n) });
	const first = (page - 1) * PAGE_ROWS + 1;
	const last = Math.min(page * PAGE_ROWS, n_rows);
	const nav = el("nav", { class: "pager", "aria-label": "Pages of jobs" },
		el("span", {}, "Jobs " + first + " to " + last + " of " + n_rows));
	if (page > 1)
		nav.append(el("a", { href: to(page - 1), rel: "prev" },
			"Previous " + PAGE_ROWS));
	if (page < pages)
		nav.append(el("a", { href: to(page + 1), rel: "next" },
			"Next " + Math.min(PAGE_ROWS, n_rows - last)));
	return nav;
}

// The orders on offer, as links that list the jobs again from the first
// page; the one shown is marked.
function sorter(params, sort) {
	const nav = el("nav", { class: "sorts", "aria-label": "Order of jobs" },
		el("span", {}, "Order:"));
	for (const s of SORTS)
		if (!s.needs || graphHas(s.needs))
			nav.append(el("a", Object.assign({
				href: reachAddress(params, {
					sort: s.key === "best" ? null : s.key, page: null,
				}),
			}, s === sort ? { "aria-current": "true" } : {}), s.link));
	return nav;
}

// One page of the reach, asked of the server (offset and limit), so
// that a reach of hundreds of jobs sends only the rows shown; a page past
// the last gives the last.
async function reachPage(api, sort, page) {
	const ask = new URLSearchParams(api);
	if (sort.key !== "best")
		ask.set("sort", sort.key);
	ask.set("offset", String((page - 1) * PAGE_ROWS));
	ask.set("limit", String(PAGE_ROWS));
	const answer = await getJSON("/api/reach?" + ask.toString());
	const { ok, body } = answer;
	if (ok && !body.roles.length && body.total > 0)
		return reachPage(api, sort,
			Math.ceil(body.total / PAGE_ROWS));
	return { ok, body, page };
}

async function showReach(answer, params) {
	const api = apiParams(params, "reach");
	const sort = sortOf(params);
	const [{ ok, body, page }] = await Promise.all([
		reachPage(api, sort, pageAsked(params)), metricsReady]);
	if (!ok) {
		showError(answer, body.error, params);
		return;
	}
	if (sort.key !== "best")
		api.set("sort", sort.key);
	for (const role of body.roles)
		titles.set(role.id, role.title);
	await learnTitles([body.from,
		...body.roles.map((role) => role.start).filter((id) => id)]);
	answer.append(el("h2", {}, "What you can reach from " + title(body.from)));
	if (!body.total) {
		setTitle("Nothing to reach from " + title(body.from));
		answer.append(el("p", { class: "none" },
			"No job can be reached from here with these choices."));
		links(answer, params, api, "/api/reach");
		return;
	}
	const n = body.total, pages = Math.ceil(n / PAGE_ROWS);
	setTitle("What you can reach from " + title(body.from) +
		(pages > 1 ? " (page " + page + " of " + pages + ")" : ""));
	answer.append(sorter(params, sort));
	const table = el("table", { class: "steps reach" },
		el("caption", {}, n + (n === 1 ? " job" : " jobs") + ", " +
			sort.said + (pages > 1 ? "; page " + page + " of " + pages : "")));
	const head = (name) => el("th", Object.assign({ scope: "col" },
		sort.column === name ? { "aria-sort": sort.way } : {}), name);
	table.append(el("thead", {}, el("tr", {},
		head("Job"), head("Steps"), head("Time"),
		...costCell(head("Cost")),
		el("th", Object.assign({ scope: "col" }, sort.column === "Pay"
			? { "aria-sort": sort.way } : {}), "Pay now \u2192 then"),
		head("Pay gain"), head("Pays back"),
		...openingsCell(head("Openings a year")))));
	const tbody = el("tbody");
	for (const role of body.roles) {
		const again = new URLSearchParams(params);
		for (const name of ["view", "page", "sort"])
			again.delete(name);
		again.set("to", role.id);
		tbody.append(el("tr", {},
			el("th", { scope: "row", "data-label": "Job" },
				el("a", { href: "/?" + again.toString() }, role.title)),
			el("td", { "data-label": "Steps" }, String(role.totals.steps)),
			el("td", { "data-label": "Time" }, duration(timeOf(role.totals))),
			...costCell(el("td", { "data-label": "Cost" },
				dollars(role.totals.cost_usd))),
			el("td", { "data-label": "Pay" },
				pay(role.wage_start, role.wage_end)),
			el("td", { "data-label": "Pay gain" },
				gainWords(role.gain_usd, role.gain_pct)),
			el("td", { "data-label": "Pays back" },
				...startCell(role, body.from), paybackWords(role)),
			...openingsCell(el("td", { "data-label": "Openings a year" },
				openingsWords(role)))));
	}
	table.append(tbody);
	answer.append(table);
	if (pages > 1)
		answer.append(pager(params, page, pages, n));
	links(answer, params, api, "/api/reach");
}

// What is said of openings, on a graph that has them.
function openingsCell(...items) {
	return roleNumbers.has("annual_openings") ? items : [];
}

function openingsWords(role) {
	const openings = role.outlook && role.outlook.annual_openings;
	return openings === null || openings === undefined ? "not known"
		: whole.format(openings);
}

// A reach row that starts at another role held says so before its payback.
function startCell(role, from) {
	const note = startNote(role, from);
	return note ? [el("span", { class: "start" }, note + "; ")] : [];
}

// The ranking of roles to hold as well (/api/upskill): what each opens
// that cannot be reached today, within the limits chosen.
async function showUpskill(answer, params) {
	const api = apiParams(params, "upskill");
	const [{ ok, body }] = await Promise.all([
		getJSON("/api/upskill?" + api.toString()), metricsReady]);
	if (!ok) {
		showError(answer, body.error, params);
		return;
	}
	const ids = [body.from, body.today_role];
	for (const option of body.options)
		ids.push(option.role, option.best_role);
	await learnTitles(ids.filter((id) => id));
	const from = title(body.from);
	setTitle("What one thing opens the most doors from " + from);
	answer.append(el("h2", {}, "What one thing opens the most doors from " +
		from + "?"));
	answer.append(el("p", { class: "summary" }, "Today you can reach " +
		body.reached + (body.reached === 1 ? " job" : " jobs") +
		(body.today_role ? "; the best paid is " + title(body.today_role) +
			" (" + dollars(body.today_wage) + ")" : "") + "."));
	const opening = body.options.filter((o) => o.opens > 0);
	if (!opening.length) {
		answer.append(el("p", { class: "none" }, "No single job or " +
			"qualification added opens a job you cannot reach already. " +
			"Set a limit on time or money (Limits) to see what one more " +
			"opens within it."));
		links(answer, params, api, "/api/upskill");
		return;
	}
	const table = el("table", { class: "steps upskill" },
		el("caption", {}, "Jobs or qualifications to add, most jobs " +
			"opened first"));
	table.append(el("thead", {}, el("tr", {},
		el("th", { scope: "col" }, "If you also had"),
		el("th", { scope: "col" }, "New jobs within reach"),
		el("th", { scope: "col" }, "Best paid of them"),
		el("th", { scope: "col" }, "Pay gain over today's best"))));
	const tbody = el("tbody");
	for (const option of opening) {
		const again = new URLSearchParams(params);
		again.set("also", namesIn(params, "also").concat([option.role])
			.join("; "));
		again.set("view", "reach");
		tbody.append(el("tr", {},
			el("th", { scope: "row", "data-label": "If you also had" },
				el("a", { href: "/?" + again.toString() }, option.title)),
			el("td", { "data-label": "New jobs" }, String(option.opens)),
			el("td", { "data-label": "Best paid" }, option.best_role
				? title(option.best_role) + " (" +
					dollars(option.best_wage) + ")" : "not known"),
			el("td", { "data-label": "Pay gain" },
				gainWords(option.gain_usd, option.gain_pct))));
	}
	table.append(tbody);
	answer.append(table);
	links(answer, params, api, "/api/upskill");
}

async function main() {
	const params = new URLSearchParams(window.location.search);
	// the answer is asked for at once; only a default measure waits for
	// the graph's metrics
	metricsReady = loadMetrics().catch(() => {});
	if (!params.get("by"))
		await metricsReady;
	fillForm(params);
	attachCompletion(document.getElementById("from"), false);
	attachCompletion(document.getElementById("to"), false);
	attachCompletion(document.getElementById("avoid"), true);
	attachCompletion(document.getElementById("also"), true);
	// blank fields stay out of the address, so that a link stays short
	document.getElementById("query").addEventListener("formdata", (event) => {
		for (const [name, value] of Array.from(event.formData))
			if (value === "" || (name === "differ" && value === DIFFER))
				event.formData.delete(name);
	});
	const answer = document.getElementById("answer");
	const view = params.get("view");
	const reach = view === "reach" || view === "upskill";
	if (!params.get("from") || (!reach && !params.get("to"))) {
		document.body.dataset.ready = "1";
		return;
	}
	answer.replaceChildren(el("p", { class: "busy" }, "Looking\u2026"));
	const result = el("div");
	try {
		if (view === "upskill")
			await showUpskill(result, params);
		else if (reach)
			await showReach(result, params);
		else
			await showRoutes(result, params);
	} catch (e) {
		showError(result, "The server could not be reached: " + e.message,
			params);
	}
	answer.replaceChildren(result);
	// the answer is drawn in a task of its own before the focus asks for
	// its styles, so that a slow phone is not held up by one long task
	await new Promise((drawn) => requestAnimationFrame(() => setTimeout(drawn)));
	markScrollers(answer);
	new ResizeObserver(() => markScrollers(answer)).observe(answer);
	// keyboard and screen-reader users land on the answer
	answer.focus({ preventScroll: true });
	document.body.dataset.ready = "1";
}

main();

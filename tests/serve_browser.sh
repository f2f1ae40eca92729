#!/bin/bash
# careerpath serve's page in a real browser: headless Chromium loads the
# page with a query in its address, the script asks the API, and the DOM
# must hold the route table and the picture with the hand-worked answer
# (graphs/medical-assistant/ROUTES.md: Medical Assistant -> Registered
# Nurse, quickest: 24 months, $12,300, pay $44,200 -> $93,600); a graph
# whose titles hold markup must show it as text. Writes page-390.png, the
# page at phone size (390x844), and page-wide.png (1100x1400) into WORK_DIR:
# the pictures in docs/ are these.
# Skipped when Chromium is not installed (tools/setup --browser).
#   serve_browser.sh PROGRAM SOURCE_DIR WORK_DIR
set -u
program=$1
src=$2
work=$3
browser=$(command -v chromium || command -v chromium-browser) || {
	echo "Chromium is not installed (tools/setup --browser installs it): skipped"
	exit 77
}
rm -rf "$work"
mkdir -p "$work/home"
failed=0
servers=()
stop() {
	local pid
	for pid in "${servers[@]}"; do
		kill -TERM "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
}
trap stop EXIT

fail() {
	echo "FAIL: $*"
	failed=1
}

# start NAME GRAPH: a server on a free loopback port; sets $base
start() {
	local log=$work/$1.log port=
	"$program" --graph "$2" serve --listen 127.0.0.1:0 2>"$log" &
	servers+=($!)
	for _ in $(seq 100); do
		port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$log")
		[ -n "$port" ] && break
		sleep 0.1
	done
	[ -n "$port" ] || {
		echo "the server did not start:"
		cat "$log"
		exit 1
	}
	base=http://127.0.0.1:$port
}

# chrome OUT ARGS...: headless Chromium, its own profile, bounded in time;
# virtual time lets the page's script run to its end before the dump
chrome() {
	local out=$1
	shift
	HOME=$work/home timeout 120 "$browser" --headless --no-sandbox \
		--disable-gpu --no-first-run --disable-extensions \
		--user-data-dir="$work/profile" --virtual-time-budget=15000 \
		"$@" >"$out" 2>>"$work/chromium.log"
}

# has FILE TEXT: the text is in the file, as the DOM dump writes it
has() {
	grep -qF -- "$2" "$1" || fail "$(basename "$1") lacks: $2"
}

start bundled "$src/graphs/medical-assistant"
query="$base/?from=Medical+Assistant&to=Registered+Nurse&by=elapsed_months"
chrome "$work/route.html" --dump-dom "$query"
has "$work/route.html" 'data-ready="1"'
has "$work/route.html" '<h3>Best route</h3><p class="summary">1 step · 24 months · cost $12,300 · pay $44,200 → $93,600</p>'
has "$work/route.html" '<th scope="row" data-label="Step">Medical Assistant → Registered Nurse</th><td data-label="Months">24 months</td><td data-label="Experience first">0 months</td><td data-label="Cost">$12,300</td><td data-label="Credential">Associate Degree in Nursing (ADN) + NCLEX-RN + state licence</td><td data-label="Pay">$44,200 → $93,600</td>'
# the picture, drawn by Graphviz, shows the route's titles
svg=$(sed -n '/<svg/,/<\/svg>/p' "$work/route.html" | tr -d '\n')
case $svg in
*'>Medical Assistant</text>'*'>Registered Nurse</text>'*) ;;
*) fail "the picture lacks the route's titles" ;;
esac
# the links reproduce the query and give the same answer as JSON and CSV
has "$work/route.html" 'href="/api/path?from=Medical+Assistant&amp;to=Registered+Nurse&amp;by=elapsed_months&amp;k=4"'
has "$work/route.html" '&amp;k=4&amp;format=csv">CSV</a>'
# the form holds the query again
has "$work/route.html" 'value="elapsed_months" checked=""'

# no route: why, in words
chrome "$work/none.html" --dump-dom "$base/?from=Registered+Nurse&to=Medical+Assistant&by=elapsed_months"
has "$work/none.html" 'There is no route from Registered Nurse to Medical Assistant with these choices.'
has "$work/none.html" "<p class=\"why\">'Medical Assistant' comes before 'Registered Nurse': routes lead from it, not back</p>"

# a limit: at most $5,000 leaves no route to RN; why names the cap
chrome "$work/capped.html" --dump-dom "$query&max_cost=5000"
has "$work/capped.html" 'There is no route from Medical Assistant to Registered Nurse with these choices.'
has "$work/capped.html" 'on cost_usd would admit one'

# what can I reach from here
chrome "$work/reach.html" --dump-dom "$base/?from=Medical+Assistant&by=elapsed_months&view=reach"
has "$work/reach.html" '<h2>What you can reach from Medical Assistant</h2>'
has "$work/reach.html" '>Registered Nurse</a></th><td data-label="Steps">1</td><td data-label="Months">24 months</td><td data-label="Cost">$12,300</td><td data-label="Pay">$44,200 → $93,600</td>'

# a bad role: the API's message
chrome "$work/bad.html" --dump-dom "$base/?from=Medical+Asistant&to=Registered+Nurse"
has "$work/bad.html" "unknown role 'Medical Asistant' (did you mean 'Medical Assistant'?)"

# the phone-sized picture of the page
chrome "$work/screenshot.log" --window-size=390,844 --hide-scrollbars \
	--screenshot="$work/page-390.png" "$query"
size=$(od -An -tu1 -j16 -N8 "$work/page-390.png" 2>/dev/null | tr -s ' ')
[ "$size" = " 0 0 1 134 0 0 3 76" ] ||
	fail "page-390.png is not a 390x844 PNG (IHDR: $size)"

chrome "$work/screenshot.log" --window-size=1100,1400 --hide-scrollbars \
	--screenshot="$work/page-wide.png" "$query"
[ -s "$work/page-wide.png" ] || fail "no page-wide.png"

# titles holding markup, quotes and ampersands come out as text
start hostile "$src/tests/data/hostile"
chrome "$work/hostile.html" --dump-dom "$base/?from=node&to=subgraph&by=steps"
has "$work/hostile.html" '<h3>Best route</h3>'
has "$work/hostile.html" '&lt;script&gt;alert("x")&lt;/script&gt; &amp;amp; &amp;lt; &amp;#38; ]]&gt;'
has "$work/hostile.html" '<td data-label="Credential">&lt;cert&gt; &amp; "quoted"</td>'
grep -q '<script>alert' "$work/hostile.html" && fail "a title became markup"

[ "$failed" = 0 ] && echo "the page in Chromium: all checks passed"
exit $failed

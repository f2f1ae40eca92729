#!/bin/bash
# careerpath serve over HTTP on a free loopback port: every API endpoint
# answers what the command prints with --format json, bad and hostile
# requests get their status, the server keeps answering after them, and it
# stops cleanly on SIGTERM.
#   serve_http.sh PROGRAM WORK_DIR
set -u
program=$1
work=$2
command -v curl >/dev/null || {
	echo "curl is not installed (tools/setup installs it): skipped"
	exit 77
}
mkdir -p "$work"
log=$work/serve.log
rm -f "$log"

"$program" serve --listen 127.0.0.1:0 --host careers.example 2>"$log" &
server=$!
failed=0
stop() {
	kill -TERM "$server" 2>/dev/null
	wait "$server" 2>/dev/null
}
trap stop EXIT

# the server says where it listens once it does: wait up to 10 seconds
port=
for _ in $(seq 100); do
	port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$log")
	[ -n "$port" ] && break
	kill -0 "$server" 2>/dev/null || break
	sleep 0.1
done
if [ -z "$port" ]; then
	echo "the server did not start:"
	cat "$log"
	exit 1
fi
base=http://127.0.0.1:$port

fail() {
	echo "FAIL: $*"
	failed=1
}

# same JSON as the command line, byte for byte
same() {
	local target=$1
	shift
	curl -sS --max-time 20 -o "$work/api.out" "$base$target"
	"$program" "$@" >"$work/cli.out" 2>/dev/null
	cmp -s "$work/api.out" "$work/cli.out" ||
		fail "$target differs from careerpath $*"
}
same '/api/path?from=Medical+Assistant&to=Registered+Nurse&by=elapsed_months' \
	path 'Medical Assistant' 'Registered Nurse' --by elapsed_months --format json
same '/api/path?from=Medical+Assistant&to=Registered+Nurse&by=cost_usd&k=3&max=elapsed_months%3D72&min_gain=5' \
	path 'Medical Assistant' 'Registered Nurse' --by cost_usd -k 3 --max elapsed_months=72 --min-gain 5 --format json
same '/api/path?from=Registered+Nurse&to=Medical+Assistant' \
	path 'Registered Nurse' 'Medical Assistant' --format json
same '/api/path?from=Medical+Assistant&to=Registered+Nurse&format=csv&experience=6' \
	path 'Medical Assistant' 'Registered Nurse' --format csv --experience 6
same '/api/reach?from=Medical+Assistant&by=elapsed_months&max=cost_usd%3D5000' \
	reach 'Medical Assistant' --by elapsed_months --max cost_usd=5000 --format json
same '/api/reach?to=Registered+Nurse' reach --to 'Registered Nurse' --format json
same '/api/pareto?from=Medical+Assistant&to=Registered+Nurse&by=elapsed_months,cost_usd' \
	pareto 'Medical Assistant' 'Registered Nurse' --by elapsed_months,cost_usd --format json
same '/api/roles' roles --format json
# the graph's metrics (transitions.csv: months, experience_months, cost_usd;
# elapsed_months their sum), which the page offers to minimise and cap, and
# the number columns of roles.csv, which its outlook rules need
curl -sS --max-time 20 -o "$work/api.out" "$base/api/metrics"
[ "$(cat "$work/api.out")" = '{"metrics":["months","experience_months","cost_usd","elapsed_months"],"role_numbers":["level","median_wage_usd","wage_year"]}' ] ||
	fail "/api/metrics gave $(cat "$work/api.out")"

# status of a request, and its body in $work/body
status() {
	curl -sS --max-time 20 --path-as-is -o "$work/body" -w '%{http_code}' "$@"
}
expect() {
	local want=$1 got
	shift
	got=$(status "$@")
	[ "$got" = "$want" ] || fail "$* gave $got, not $want: $(head -c 300 "$work/body")"
}
expect 200 "$base/"
expect 200 "$base/app.js"
expect 400 "$base/api/path?from=Medical+Asistant&to=Registered+Nurse"
grep -q "did you mean 'Medical Assistant'" "$work/body" || fail "no hint in $(cat "$work/body")"
expect 400 "$base/api/path?from=Medical+Assistant&to=Registered+Nurse&by=wages"
expect 400 "$base/api/path?from=Medical%00Assistant&to=Registered+Nurse"
expect 404 "$base/api/unknown"
expect 404 "$base/../../etc/passwd"
expect 404 "$base/%2e%2e/%2e%2e/etc/passwd"
expect 405 -X POST -d 'from=a' "$base/api/path"
expect 405 -X PUT "$base/"
# oversize: the server's own JSON, not libmicrohttpd's HTML page
json_error() {
	grep -q '^{"error":"'"$1" "$work/body" ||
		fail "not the JSON error '$1': $(head -c 300 "$work/body")"
}
long=$(head -c 100000 /dev/zero | tr '\0' a)
expect 414 "$base/api/path?from=$long&to=b"
json_error 'the request target is longer than 8192 bytes'
medium=$(head -c 9000 /dev/zero | tr '\0' a)
expect 414 "$base/api/path?from=$medium&to=b"
json_error 'the request target is longer than 8192 bytes'
expect 431 -H "X-Padding: $long" "$base/api/roles"
json_error "the request's headers are longer than 16384 bytes"
expect 413 -X GET -d 'from=a' "$base/api/roles"
json_error 'the page and its API take no request body'
expect 413 -X GET -H 'Transfer-Encoding: chunked' -d 'from=a' "$base/api/roles"
json_error 'the page and its API take no request body'
expect 400 "$base/api/path?from=%zz&to=b"
json_error "bad escape in the query string"
expect 400 "$base/api/metrics?from=a"
json_error '/api/metrics takes no parameters'
# past the server's memory for one request (256 kB) libmicrohttpd answers
# itself, with its own HTML page: the status must still be 414
# The server may answer and close before all of it is sent: the write then
# fails (EPIPE), which must not kill this script, and the answer is read.
huge=$(head -c 300000 /dev/zero | tr '\0' a)
if exec 3<>"/dev/tcp/127.0.0.1/$port"; then
	(
		trap '' PIPE
		printf 'GET /?q=%s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\n\r\n' \
			"$huge" "$port" >&3
	) 2>/dev/null
	IFS= read -r -t 20 line <&3
	exec 3>&-
	case $line in
	"HTTP/1.1 414 "*) ;;
	*) fail "a 300 kB request line gave '$line', not 414" ;;
	esac
else
	fail "cannot connect to port $port"
fi
# The Host header names this server, or a page elsewhere could rebind its
# own name to 127.0.0.1 and read the answers (DNS rebinding): the listen
# address, localhost on loopback and every --host, each with the port.
expect 200 -H "Host: localhost:$port" "$base/api/metrics"
expect 200 -H "Host: careers.example:$port" "$base/api/metrics"
expect 200 -H "Host: CAREERS.Example:$port" "$base/api/metrics"
expect 421 -H "Host: rebound.example:$port" "$base/api/metrics"
json_error "this server answers requests for 127.0.0.1, localhost, careers.example (port $port), not for 'rebound.example:$port' (the Host header)"
expect 421 -H "Host: careers.example:1$port" "$base/api/metrics"
expect 421 -H "Host: 127.0.0.2:$port" "$base/api/metrics"
expect 421 -H "Host: 127.0.0.1" "$base/api/metrics"
# no Host: HTTP/1.1 needs one, HTTP/1.0 does not
expect 400 -H "Host:" "$base/api/metrics"
json_error 'an HTTP/1.1 request needs a Host header'
expect 200 -0 -H "Host:" "$base/api/metrics"
# raw requests, which curl would tidy: status line and body in $work/body
raw() {
	if exec 3<>"/dev/tcp/127.0.0.1/$port"; then
		(
			trap '' PIPE
			printf "$1" >&3
		) 2>/dev/null
		timeout 20 cat <&3 >"$work/raw"
		exec 3>&-
		head -n 1 "$work/raw" | tr -d '\r'
		sed '1,/^\r$/d' "$work/raw" >"$work/body"
	else
		fail "cannot connect to port $port"
	fi
}
expect_raw() {
	local got
	got=$(raw "$2")
	case $got in
	"HTTP/1.1 $1 "*) ;;
	*) fail "$2 gave '$got', not $1: $(head -c 300 "$work/body")" ;;
	esac
}
host="Host: 127.0.0.1:$port\r\nConnection: close\r\n"
expect_raw 400 "GET /api/metrics HTTP/1.1\r\n${host}Host: localhost:$port\r\n\r\n"
json_error 'the request has more than one Host header'
# two Content-Length headers that differ: which one frames the body is
# ambiguous (libmicrohttpd 0.9.75 takes the first); the same one twice is
# allowed, as RFC 9110 section 8.6 allows
expect_raw 400 "GET /api/metrics HTTP/1.1\r\n${host}Content-Length: 0\r\nContent-Length: 5\r\n\r\n"
json_error "the request has two different Content-Length headers ('0' and '5')"
expect_raw 400 "GET /api/metrics HTTP/1.1\r\n${host}Content-Length: 5\r\nContent-Length: 0\r\n\r\n"
expect_raw 200 "GET /api/metrics HTTP/1.1\r\n${host}Content-Length: 0\r\nContent-Length: 0\r\n\r\n"

# HEAD: the headers of GET, no body
head=$(curl -sS --max-time 20 -I "$base/api/roles")
case $head in
*"200 OK"*"Content-Type: application/json"*) ;;
*) fail "HEAD /api/roles: $head" ;;
esac
case $(curl -sS --max-time 20 -I "$base/") in
*"Content-Security-Policy: default-src 'none'"*) ;;
*) fail "the page has no Content-Security-Policy" ;;
esac

# not HTTP at all, then a request line cut short: the server drops them
for junk in 'NOT HTTP AT ALL\r\n\r\n' 'GET /api/roles HTTP/1.1\r\nHost'; do
	if exec 3<>"/dev/tcp/127.0.0.1/$port"; then
		(
			trap '' PIPE
			printf "$junk" >&3
		) 2>/dev/null
		exec 3>&-
	else
		fail "cannot connect to port $port"
	fi
done

# and it still answers
expect 200 "$base/api/path?from=Medical+Assistant&to=Registered+Nurse"
kill -0 "$server" 2>/dev/null || fail "the server is gone"

trap - EXIT
kill -TERM "$server"
wait "$server"
code=$?
[ "$code" = 0 ] || fail "the server exited with $code after SIGTERM"
grep -q 'stopped (terminated)' "$log" || fail "no 'stopped' in: $(cat "$log")"
[ "$failed" = 0 ] && echo "serve over HTTP: all checks passed"
exit $failed

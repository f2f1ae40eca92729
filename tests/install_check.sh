#!/bin/sh
# Installs to a staging prefix, checks the installed headers, then builds
# and runs a small C program against the installed library only: through
# pkg-config and through find_package(careerpath), each shared and static.
#   tests/install_check.sh BUILD_DIR SOURCE_DIR
# CP_DEMO_CFLAGS adds compiler flags to the program's builds (the sanitizer
# build's library needs its runtime in the program too).
set -u
extra=${CP_DEMO_CFLAGS:-}
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
stage=$build/stage-lib
work=$build/install-check
graph=$src/tests/data/small
# a -> b (6 months, the second programme) -> d (3): worked out by hand
wanted="a b d 9"
failed=0
fail() {
	echo "install: $*"
	failed=1
}
# run NAME PROGRAM: runs it on the small graph and checks its route
run() {
	got=$("$2" "$graph" a d months 2>&1)
	[ "$got" = "$wanted" ] || fail "$1 printed '$got', wanted '$wanted'"
}
needs() {
	readelf -d "$1" | grep -q "NEEDED.*\\[$2\\]"
}

rm -rf "$stage" "$work" && mkdir -p "$work" || exit 1
cmake --install "$build" --prefix "$stage" >/dev/null || exit 1
pc=$(find "$stage" -name careerpath.pc)
[ -n "$pc" ] || { echo "install: no careerpath.pc under $stage"; exit 1; }
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
libdir=$(pkg-config --variable=libdir careerpath)
includedir=$(pkg-config --variable=includedir careerpath)

# The headers: careerpath.h and its modules, as in the source tree, and
# each module header compiles alone from where it is installed.
diff -r "$src/include" "$includedir" >"$work/headers.diff" ||
	fail "the installed headers differ from include/: $(cat "$work/headers.diff")"
for header in "$includedir"/careerpath/*.h; do
	module=careerpath/$(basename "$header")
	# shellcheck disable=SC2046
	printf '#include <%s>\n' "$module" |
		cc -std=c11 -Wall -Wextra -Werror -pedantic $(pkg-config --cflags careerpath) \
			-fsyntax-only -x c - || fail "$module does not compile alone"
done

# The library: a soname, and only the public headers' functions exported.
soname=$(readelf -d "$libdir/libcareerpath.so" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
[ "$soname" = libcareerpath.so.0 ] || fail "soname '$soname'"
exported=$(nm -D --defined-only "$libdir/libcareerpath.so" | grep -c ' T ')
declared=$(cat "$includedir/careerpath.h" "$includedir"/careerpath/*.h |
	grep -o '[ *]cp_[a-z0-9_]*(' | tr -d ' *(' | sort -u | wc -l)
[ "$exported" = "$declared" ] ||
	fail "exports $exported functions, the header declares $declared"
nm -D --defined-only "$libdir/libcareerpath.so" | grep -q ' cp_csv_read$' &&
	fail "exports the private cp_csv_read"

# pkg-config, shared: the program needs libcareerpath.so.0 and finds it.
# shellcheck disable=SC2046
# shellcheck disable=SC2086
cc -std=c11 -Wall -Wextra -Werror $extra -o "$work/pc_shared" "$src/tests/install/demo.c" \
	$(pkg-config --cflags --libs careerpath) || fail "pkg-config shared build"
needs "$work/pc_shared" libcareerpath.so.0 || fail "pc_shared does not need libcareerpath.so.0"
LD_LIBRARY_PATH=$libdir run "pkg-config, shared" "$work/pc_shared"

# pkg-config, static: libcareerpath.a, with the private libraries of --static.
static_libs=$(pkg-config --static --libs careerpath |
	sed 's/-lcareerpath/-Wl,-Bstatic -lcareerpath -Wl,-Bdynamic/')
# shellcheck disable=SC2086
cc -std=c11 -Wall -Wextra -Werror $extra -o "$work/pc_static" "$src/tests/install/demo.c" \
	$(pkg-config --cflags careerpath) $static_libs || fail "pkg-config static build"
needs "$work/pc_static" libcareerpath.so.0 && fail "pc_static needs the shared library"
run "pkg-config, static" "$work/pc_static"

# CMake: find_package(careerpath) and its two imported targets.
if cmake -S "$src/tests/install" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$stage" \
	-DCMAKE_C_FLAGS="-Wall -Wextra -Werror $extra" >"$work/cmake.log" 2>&1 &&
	cmake --build "$work/cmake" >>"$work/cmake.log" 2>&1; then
	needs "$work/cmake/demo_shared" libcareerpath.so.0 ||
		fail "demo_shared does not need libcareerpath.so.0"
	needs "$work/cmake/demo_static" libcareerpath.so.0 &&
		fail "demo_static needs the shared library"
	run "find_package, shared" "$work/cmake/demo_shared"
	run "find_package, static" "$work/cmake/demo_static"
else
	cat "$work/cmake.log"
	fail "the find_package project did not build"
fi

[ $failed = 0 ] && echo "install: pkg-config and find_package, shared and static: '$wanted' each"
exit $failed

#!/bin/sh
# The Debian package installs with dpkg, runs from /, and removes leaving
# nothing behind (tools/deb --check). It changes the running system, so it
# runs only when asked: CP_TEST_DEB=1, as root, with dpkg-dev.
#   tests/deb_check.sh BUILD_DIR SOURCE_DIR
skip() {
	echo "SKIPPED: $*"
	exit 77
}
[ "${CP_TEST_DEB:-}" = 1 ] ||
	skip "installs a package system-wide: set CP_TEST_DEB=1 to run it (as root)"
[ "$(id -u)" = 0 ] || skip "dpkg -i needs root"
command -v dpkg-shlibdeps >/dev/null 2>&1 ||
	skip "needs dpkg-dev (tools/setup --deb)"
exec "$2/tools/deb" --check "$1/deb"

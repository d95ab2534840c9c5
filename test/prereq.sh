#!/bin/sh
# test/prereq.sh - make sure a tool the test suite needs is there.
#
#   sh test/prereq.sh tcl      tclsh with the Tcl "sqlite3" package
#   sh test/prereq.sh shell    the sqlite3 command-line shell
#   sh test/prereq.sh python   a python3 whose sqlite3 module can load
#                              extensions; prints its path on stdout
#   sh test/prereq.sh bindings the toolchains of test/bindings.test: gcc
#                              and libsqlite3-dev, Go with mattn's
#                              go-sqlite3, Ruby's and PHP's sqlite3, Node
#                              with better-sqlite3 (npm, into build/node);
#                              never fails: what cannot be installed is
#                              named, and its binding is skipped
#
# When a tool is missing and we are root on a system with apt-get, the
# Debian package that provides it is installed (apt-get update is run only
# if the first install attempt fails, as the package lists may be stale).
# Otherwise we stop with a message naming the command to run.  Everything
# except the python path goes to stderr, so that $(sh test/prereq.sh python)
# captures only the path.

set -u

# can_install: true when we may run apt-get ourselves.
can_install() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1
}

# apt_install PKG...: install quietly, refreshing the lists once on failure.
apt_install() {
  echo "prereq: apt-get install -y $*" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q "$@" >&2; then
    echo "prereq: install failed; running apt-get update and retrying" >&2
    apt-get update -q >&2 && apt-get install -y -q "$@" >&2
  fi
}

# die MSG: stop the build with MSG.
die() {
  echo "$*" >&2
  exit 1
}

# tcl_ok: true when tclsh can load the sqlite3 package.  tclsh reading a
# script from stdin exits 0 even when the script fails, hence the catch.
tcl_ok() {
  command -v tclsh >/dev/null 2>&1 &&
    echo 'if {[catch {package require sqlite3}]} {exit 1}' |
      tclsh >/dev/null 2>&1
}

# python_ok PY: true when PY runs and its sqlite3 connections can load
# extensions (Debian's python3 can; a pyenv build often cannot).
python_ok() {
  [ -n "$1" ] && [ -x "$1" ] && "$1" -c '
import sqlite3, sys
sys.exit(0 if hasattr(sqlite3.connect(":memory:"), "enable_load_extension")
         else 1)' >/dev/null 2>&1
}

# find_python: print the first suitable python3, or fail.  A preset
# ORMEXT_PYTHON wins, then /usr/bin/python3, then each python3 on PATH.
find_python() {
  for py in "${ORMEXT_PYTHON:-}" /usr/bin/python3 \
            $(which -a python3 2>/dev/null); do
    if python_ok "$py"; then
      echo "$py"
      return 0
    fi
  done
  return 1
}

case "${1:-}" in
  tcl)
    tcl_ok && exit 0
    if can_install; then
      pkgs=libsqlite3-tcl
      command -v tclsh >/dev/null 2>&1 || pkgs="tcl libsqlite3-tcl"
      apt_install $pkgs
      tcl_ok && exit 0
    fi
    if command -v tclsh >/dev/null 2>&1; then
      die "tclsh lacks the sqlite3 package: run 'sudo apt-get install libsqlite3-tcl'"
    fi
    die "tclsh not found: run 'sudo apt-get install tcl libsqlite3-tcl'"
    ;;
  shell)
    command -v sqlite3 >/dev/null 2>&1 && exit 0
    if can_install; then
      apt_install sqlite3
      command -v sqlite3 >/dev/null 2>&1 && exit 0
    fi
    die "sqlite3 shell not found: run 'sudo apt-get install sqlite3'"
    ;;
  python)
    find_python && exit 0
    if can_install; then
      apt_install python3
      find_python && exit 0
    fi
    die "no python3 with sqlite3 extension loading found: run 'sudo apt-get install python3'"
    ;;
  bindings)
    missing=""
    command -v gcc >/dev/null 2>&1 || missing="$missing gcc"
    [ -f /usr/include/sqlite3.h ] || missing="$missing libsqlite3-dev"
    command -v go >/dev/null 2>&1 || missing="$missing golang-go"
    [ -d /usr/share/gocode/src/github.com/mattn/go-sqlite3 ] ||
      missing="$missing golang-github-mattn-go-sqlite3-dev"
    command -v ruby >/dev/null 2>&1 && ruby -e 'require "sqlite3"' \
      >/dev/null 2>&1 || missing="$missing ruby ruby-sqlite3"
    command -v php >/dev/null 2>&1 && php -r \
      'exit(class_exists("SQLite3") ? 0 : 1);' >/dev/null 2>&1 ||
      missing="$missing php-cli php-sqlite3"
    command -v node >/dev/null 2>&1 || missing="$missing nodejs"
    command -v npm >/dev/null 2>&1 || missing="$missing npm"
    if [ -n "$missing" ]; then
      if can_install; then
        apt_install $missing ||
          echo "prereq: could not install$missing; test/bindings.test skips their bindings" >&2
      else
        echo "prereq: not installed:$missing; test/bindings.test skips their bindings" \
             "(run 'sudo apt-get install$missing')" >&2
      fi
    fi
    # better-sqlite3, at the version examples/node/package.json pins, into
    # build/node (once; again when the pin changes).  Its install builds
    # the addon from source with node-gyp, which takes the Node headers
    # from /usr/include/node when they are there instead of downloading
    # them.
    pin=examples/node/package.json
    mod=build/node/node_modules/better-sqlite3
    if command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1 &&
       { ! [ -f $mod/build/Release/better_sqlite3.node ] ||
         ! cmp -s $pin build/node/package.json; }; then
      echo "prereq: npm install (better-sqlite3 from $pin) into build/node" >&2
      rm -rf build/node && mkdir -p build/node && cp $pin build/node/ &&
      if [ -f /usr/include/node/node.h ]; then
        export npm_config_nodedir=/usr
      fi &&
      (cd build/node && npm install --no-audit --no-fund --no-package-lock \
         --loglevel=error >&2) ||
        { echo "prereq: npm install of better-sqlite3 failed; test/bindings.test skips Node" >&2
          rm -f build/node/package.json; }
    fi
    exit 0
    ;;
  *)
    die "usage: sh test/prereq.sh tcl|shell|python|bindings"
    ;;
esac

#!/bin/sh
# test/prereq.sh - make sure a tool the test suite needs is there.
#
#   sh test/prereq.sh tcl      tclsh with the Tcl "sqlite3" package
#   sh test/prereq.sh shell    the sqlite3 command-line shell
#   sh test/prereq.sh python   a python3 whose sqlite3 module can load
#                              extensions; prints its path on stdout
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
  *)
    die "usage: sh test/prereq.sh tcl|shell|python"
    ;;
esac

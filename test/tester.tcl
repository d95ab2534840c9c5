# test/tester.tcl - the harness every test/*.test file sources.
#
# Modelled on SQLite's own tester.tcl.  A test file looks like:
#
#   set testdir [file dirname $argv0]
#   source $testdir/tester.tcl
#   set testprefix upgrade1
#   do_execsql_test 1.0 { SELECT orm_version() IS NOT NULL } {1}
#   finish_test
#
# On load this file:
#   - normalizes $testdir and locates the library to test: $env(ORMEXT_LIB),
#     else ormext.so in the repository root;
#   - makes a private directory test/tmp/<file>-<pid> and cd's into it, so
#     that "test.db" and any file a test writes stay out of the work tree
#     and never collide with another test file;
#   - opens [sqlite3 db test.db] there and loads the extension into it;
#   - under `make test-asan` (ORMEXT_ASAN=1), prints "[pid] asan: yes" after
#     checking that the ASan runtime and the library are really mapped, and
#     exits at once if not.
#
# Procedures (a test name prints as "$testprefix-$name" when the global
# testprefix is set; an expected value that starts and ends with "*" is a
# glob matched with [string match], any other must be equal):
#
#   do_test NAME SCRIPT EXPECTED    run SCRIPT in the caller's scope and
#                                   compare its result; an error fails
#   do_execsql_test NAME SQL EXPECTED
#                                   compare [execsql SQL] with EXPECTED
#                                   (a non-glob EXPECTED is taken as a list,
#                                   so line breaks and spacing don't matter)
#   do_catchsql_test NAME SQL EXPECTED
#                                   compare [catchsql SQL]: {0 {rows}} or
#                                   {1 {message}}; a glob sees that string
#   execsql SQL ?DB?                [DB eval SQL]: all values of all rows
#   catchsql SQL ?DB?               {0 values} or {1 errmsg}
#   reset_db                        close db, delete test.db and its
#                                   journals, reopen it, load the extension
#   load_ormext ?DB?                load the extension into DB
#   cksum ?DB?                      digest of the schema and every row
#   cksum_text ?DB?                 the text that cksum digests
#   sqlite3_shell SQL ?DBFILE?      run the sqlite3 shell on DBFILE
#                                   (test.db) with -bail and the extension
#                                   loaded: {exitcode output}
#   python_run SCRIPT ?DBFILE?      run $env(ORMEXT_PYTHON) on SCRIPT:
#                                   {exitcode output}; see the proc
#   tclsh_run SCRIPT ?DBFILE?       run SCRIPT in a child tclsh that has
#                                   [db] open on DBFILE with the extension
#                                   loaded: {exitcode output}
#   finish_test                     print "N errors out of M tests", close
#                                   the databases, remove the private
#                                   directory (unless ORMEXT_KEEP_TMP=1)
#                                   and exit (1 on any failure)
#   mapped GLOB, lib_mapped         is such a file / the library mapped
#
# Globals: $testdir (absolute), $testdb (absolute path of test.db),
# $testtmp (the private directory, also the working directory),
# $ORMEXT_LIB, $ORMEXT_ENTRY (sqlite3_ormext_init) and $SQLITE3 (the shell,
# $env(ORMEXT_SQLITE3) or sqlite3).  When $env(ORMEXT_EXPECT_SQLITE) is set
# (make test-sqlite-current), the file stops at once unless sqlite_version()
# is that version.
#
# An exitcode is the child's exit status, or the signal's name (SIGKILL,
# SIGABRT, ...) when a signal killed it.  Output is stdout and stderr
# together, without the final newline.

package require sqlite3

#-------------------------------------------------------------------------
# Where things are.

if {![info exists ::testdir]} {
  set ::testdir [file dirname [info script]]
}
set ::testdir [file normalize $::testdir]

if {[info exists ::env(ORMEXT_LIB)] && $::env(ORMEXT_LIB) ne ""} {
  set ::ORMEXT_LIB [file normalize $::env(ORMEXT_LIB)]
} else {
  set ::ORMEXT_LIB [file normalize [file join $::testdir .. ormext.so]]
}
# Named explicitly because SQLite would derive the entry point from the
# file name, and ormext-asan.so would give sqlite3_ormextasan_init.
set ::ORMEXT_ENTRY sqlite3_ormext_init

if {[info exists ::env(ORMEXT_SQLITE3)] && $::env(ORMEXT_SQLITE3) ne ""} {
  set ::SQLITE3 $::env(ORMEXT_SQLITE3)
} else {
  set ::SQLITE3 sqlite3
}

set ::testfile [file rootname [file tail $::argv0]]
set ::testtmp [file join $::testdir tmp $::testfile-[pid]]
file delete -force $::testtmp
file mkdir $::testtmp
cd $::testtmp
set ::testdb [file join $::testtmp test.db]

set ::nTest 0
set ::nErr 0
set ::failList {}

#-------------------------------------------------------------------------
# Sanitizer check: a run that claims to be under ASan must really be.

# mapped_files: the paths of the files mapped into this process.
proc mapped_files {} {
  set fd [open /proc/self/maps r]
  set maps [read $fd]
  close $fd
  set files {}
  foreach line [split $maps \n] {
    # address perms offset dev inode path: the path may hold spaces.
    if {[regexp {^\S+\s+\S+\s+\S+\s+\S+\s+\S+\s+(/.*)$} $line -> f]
        && $f ni $files} {
      lappend files $f
    }
  }
  return $files
}

# mapped PATTERN: true when a file whose path matches glob PATTERN is
# mapped into this process.
proc mapped {pattern} {
  foreach f [mapped_files] {
    if {[string match $pattern $f]} { return 1 }
  }
  return 0
}

# lib_mapped: true when a file named like $ORMEXT_LIB is mapped (by name
# only, as /proc shows the path with symbolic links resolved).
proc lib_mapped {} {
  set tail [file tail $::ORMEXT_LIB]
  foreach f [mapped_files] {
    if {[file tail $f] eq $tail} { return 1 }
  }
  return 0
}

set ::ASAN [expr {[info exists ::env(ORMEXT_ASAN)] && $::env(ORMEXT_ASAN) eq "1"}]
# Under `make coverage` (ORMEXT_COVERAGE=1) the extension is ormext-cov.so
# and the C programs are the gcov builds build/unit-cov and build/fault-cov.
set ::COVERAGE [expr {[info exists ::env(ORMEXT_COVERAGE)]
                      && $::env(ORMEXT_COVERAGE) eq "1"}]

# test_program NAME: the path of the C test program build/NAME, or of its
# build for this run: build/NAME-asan under make test-asan, build/NAME-cov
# under make coverage.
proc test_program {name} {
  if {$::ASAN} {
    append name -asan
  } elseif {$::COVERAGE} {
    append name -cov
  }
  file join [file dirname $::testdir] build $name
}
if {$::ASAN} {
  if {![mapped */libasan.so*]} {
    puts "\[[pid]\] asan: NO - libasan is not mapped; is LD_PRELOAD set?"
    exit 1
  }
  puts "\[[pid]\] asan: yes"
}

# The sanitizer runtimes (and the library) that make test-asan preloads are
# meant for the processes that load the extension, not for every command a
# test runs with [exec]: many tools "leak" at exit and LeakSanitizer would
# fail them.  So LD_PRELOAD is taken out of the environment here and put
# back only for sqlite3_shell, python_run and tclsh_run.
set ::ORMEXT_PRELOAD ""
if {[info exists ::env(LD_PRELOAD)]} {
  set ::ORMEXT_PRELOAD $::env(LD_PRELOAD)
  unset ::env(LD_PRELOAD)
}

#-------------------------------------------------------------------------
# Databases.

# load_ormext ?DB?: load the extension into DB.  Extension loading is
# switched off again afterwards, as an application would.  Exits the test
# file when the library cannot be loaded: nothing else could pass.
proc load_ormext {{db db}} {
  $db enable_load_extension 1
  set rc [catch {
    $db eval {SELECT load_extension($::ORMEXT_LIB, $::ORMEXT_ENTRY)}
  } msg]
  $db enable_load_extension 0
  if {$rc} {
    puts "cannot load $::ORMEXT_LIB: $msg"
    exit 1
  }
  if {$::ASAN && ![lib_mapped]} {
    puts "\[[pid]\] asan: $::ORMEXT_LIB is not mapped after loading it"
    exit 1
  }
}

# open_db: open test.db as [db] with the extension loaded.
proc open_db {} {
  sqlite3 db $::testdb
  db nullvalue {}
  load_ormext db
}

# reset_db: a fresh, empty test.db, opened as [db] with the extension.
proc reset_db {} {
  catch {db close}
  foreach suffix {"" -journal -wal -shm} {
    file delete -force $::testdb$suffix
  }
  open_db
}

# execsql SQL ?DB?: every value of every row, as one flat list.  Tcl
# variables in SQL are bound from the caller's scope.
proc execsql {sql {db db}} {
  uplevel 1 [list $db eval $sql]
}

# catchsql SQL ?DB?: {0 values} on success, {1 message} on error.
proc catchsql {sql {db db}} {
  set rc [catch {uplevel 1 [list $db eval $sql]} msg]
  list $rc $msg
}

#-------------------------------------------------------------------------
# Checksums.

# quote_id NAME: NAME as a double-quoted SQL identifier.
proc quote_id {name} {
  return "\"[string map {\" \"\"} $name]\""
}

# cksum_text ?DB?: the schema of DB's main database (type, name, tbl_name
# and sql of every sqlite_schema row; rootpage is left out as it is only
# where the b-tree happens to live) and then, per table, every row as
# quoted SQL literals.  Rows are sorted as text, so row order and rowids
# of tables without an INTEGER PRIMARY KEY do not count, but types do
# (1, '1' and 1.0 differ).  Includes sqlite_sequence and the _orm_ tables;
# skips virtual tables, whose data lives in their shadow tables.
proc cksum_text {{db db}} {
  set s ""
  $db eval {
    SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name
  } r {
    append s [list $r(type) $r(name) $r(tbl_name) $r(sql)] \n
  }
  set tables [$db eval {
    SELECT name FROM sqlite_schema
    WHERE type='table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
    ORDER BY name
  }]
  foreach tbl $tables {
    set cols [$db eval {
      SELECT name FROM pragma_table_xinfo($tbl) WHERE hidden<>1 ORDER BY cid
    }]
    set exprs {}
    foreach c $cols {
      lappend exprs "quote([quote_id $c])"
    }
    set rows [$db eval "SELECT [join $exprs {||','||}] FROM [quote_id $tbl]"]
    append s "table [list $tbl]\n"
    foreach row [lsort $rows] {
      append s $row \n
    }
  }
  return $s
}

# cksum ?DB?: "<length>-<crc32>" of [cksum_text DB], equal for two
# databases with the same schema and rows.
proc cksum {{db db}} {
  set bytes [encoding convertto utf-8 [cksum_text $db]]
  return "[string length $bytes]-[zlib crc32 $bytes]"
}

#-------------------------------------------------------------------------
# Tests.

# test_name NAME: NAME with the file's testprefix, if any.
proc test_name {name} {
  if {[info exists ::testprefix] && $::testprefix ne ""} {
    return "$::testprefix-$name"
  }
  return $name
}

# is_glob EXPECTED: true when EXPECTED is written *...*.
proc is_glob {expected} {
  expr {[string index $expected 0] eq "*" && [string index $expected end] eq "*"}
}

# test_fail NAME MESSAGE: record a failure.
proc test_fail {name message} {
  incr ::nErr
  lappend ::failList $name
  puts "\n$message"
  flush stdout
}

# do_test NAME SCRIPT EXPECTED: evaluate SCRIPT in the caller's scope and
# compare its result with EXPECTED (glob when written *...*, else exact
# string equality).  A script that raises an error fails the test.
proc do_test {name script expected} {
  set name [test_name $name]
  incr ::nTest
  puts -nonewline "$name..."
  flush stdout
  if {[catch {uplevel 1 $script} result opts]} {
    test_fail $name "! $name raised an error: $result\n[dict get $opts -errorinfo]"
    return
  }
  if {[is_glob $expected]} {
    set ok [string match $expected $result]
  } else {
    set ok [expr {$result eq $expected}]
  }
  if {$ok} {
    puts " Ok"
  } else {
    test_fail $name "! $name expected: \[$expected\]\n! $name got:      \[$result\]"
  }
}

# as_list EXPECTED: EXPECTED in canonical list form unless it is a glob,
# so that line breaks and indentation in a test don't matter.
proc as_list {expected} {
  if {[is_glob $expected] || [catch {list {*}$expected} canon]} {
    return $expected
  }
  return $canon
}

# do_execsql_test NAME SQL EXPECTED: [execsql SQL] against EXPECTED.
proc do_execsql_test {name sql expected} {
  uplevel 1 [list do_test $name [list execsql $sql] [as_list $expected]]
}

# do_catchsql_test NAME SQL EXPECTED: [catchsql SQL] against EXPECTED,
# e.g. {1 {no such table: t9}} or "*orm_upgrade: revision*".
proc do_catchsql_test {name sql expected} {
  uplevel 1 [list do_test $name [list catchsql $sql] [as_list $expected]]
}

# finish_test: report, clean up and exit with 1 when a test failed.  The
# private directory is kept when ORMEXT_KEEP_TMP=1.
proc finish_test {} {
  foreach h {db db2 db3} {
    catch {$h close}
  }
  puts "$::nErr errors out of $::nTest tests"
  if {$::nErr} {
    puts "Failures on these tests: $::failList"
  }
  cd $::testdir
  if {![info exists ::env(ORMEXT_KEEP_TMP)] || $::env(ORMEXT_KEEP_TMP) ne "1"} {
    file delete -force $::testtmp
  } else {
    puts "kept $::testtmp"
  }
  flush stdout
  exit [expr {$::nErr ? 1 : 0}]
}

#-------------------------------------------------------------------------
# Other processes.

set ::nChild 0

# run_child CMD INPUT: run the command list CMD with INPUT on its standard
# input; return {exitcode output}.  The input goes through a file so that a
# large input and a large output cannot deadlock on pipes.
proc run_child {cmd input} {
  set in [file join $::testtmp child-[incr ::nChild].in]
  set fd [open $in w]
  fconfigure $fd -encoding utf-8
  puts -nonewline $fd $input
  close $fd
  set fd [open |[concat $cmd [list < $in 2>@1]] r]
  fconfigure $fd -encoding utf-8
  set out [read $fd]
  set code 0
  if {[catch {close $fd} msg opts]} {
    set ec [dict get $opts -errorcode]
    switch -- [lindex $ec 0] {
      CHILDSTATUS { set code [lindex $ec 2] }
      CHILDKILLED { set code [lindex $ec 2] }
      default     { set code 1; append out $msg }
    }
  }
  file delete $in
  if {[string index $out end] eq "\n"} {
    set out [string range $out 0 end-1]
  }
  list $code $out
}

# with_env VARS SCRIPT: evaluate SCRIPT in the caller's scope with the
# environment variables in dict VARS set, restoring them afterwards.
proc with_env {vars script} {
  set saved {}
  dict for {k v} $vars {
    if {[info exists ::env($k)]} { dict set saved $k $::env($k) }
    set ::env($k) $v
  }
  set rc [catch {uplevel 1 $script} result opts]
  dict for {k v} $vars {
    if {[dict exists $saved $k]} {
      set ::env($k) [dict get $saved $k]
    } else {
      unset ::env($k)
    }
  }
  return -options $opts $result
}

# child_env ?python?: a dict of the environment variables for a child
# process that loads the extension: LD_PRELOAD as make test-asan set it.
# Python gets leak detection switched off, as the interpreter itself leaks
# at exit; errors in the extension are still caught there.
proc child_env {{kind ""}} {
  set vars {}
  if {$::ORMEXT_PRELOAD ne ""} {
    dict set vars LD_PRELOAD $::ORMEXT_PRELOAD
    if {$kind eq "python"} {
      set opts detect_leaks=0
      if {[info exists ::env(ASAN_OPTIONS)] && $::env(ASAN_OPTIONS) ne ""} {
        set opts $::env(ASAN_OPTIONS):detect_leaks=0
      }
      dict set vars ASAN_OPTIONS $opts
    }
  }
  return $vars
}

# sqlite3_shell SQL ?DBFILE?: run the real sqlite3 shell with -bail on
# DBFILE (default test.db), the extension loaded first, SQL on stdin.
# The shell's own wording of an error differs between SQLite versions:
# 3.40 prints "Runtime error near line N: MSG (CODE)", 3.53 prints
# "Error near line N: MSG" and, after an interrupt, "Program interrupted.".
# The output is returned in the newer form (shell_normalize), so that a
# test asserts ormext's MSG exactly on either version.
proc sqlite3_shell {sql {dbfile ""}} {
  if {$dbfile eq ""} { set dbfile $::testdb }
  set input ".load '$::ORMEXT_LIB' $::ORMEXT_ENTRY\n$sql\n"
  with_env [child_env] {
    lassign [run_child [list $::SQLITE3 -bail $dbfile] $input] code out
  }
  list $code [shell_normalize $out]
}
proc shell_normalize {out} {
  set lines {}
  foreach line [split $out \n] {
    if {[regexp {^Runtime error near line ([0-9]+): (.*)$} $line -> n msg]} {
      regsub { \([0-9]+\)$} $msg {} msg
      set line "Error near line $n: $msg"
    }
    if {$line eq "Program interrupted."} continue
    lappend lines $line
  }
  join $lines \n
}

# Run before a python_run script; ormext_connect() opens ORMEXT_DB (or
# the given path) with the extension loaded.  load_extension() in SQL
# rather than Connection.load_extension() because the latter cannot name
# the entry point before Python 3.12.
set ::PYTHON_PRELUDE {
import os, sqlite3, sys, textwrap
def ormext_connect(path=None, **kw):
    con = sqlite3.connect(path or os.environ["ORMEXT_DB"], **kw)
    con.enable_load_extension(True)
    con.execute("SELECT load_extension(?, ?)",
                (os.environ["ORMEXT_LIB"], os.environ["ORMEXT_ENTRY"]))
    con.enable_load_extension(False)
    return con
}

# python_run SCRIPT ?DBFILE?: run SCRIPT (read from stdin, so its line
# numbers are its own; common indentation is removed, so it may be
# indented like the Tcl around it) with $env(ORMEXT_PYTHON).  The environment has
# ORMEXT_LIB, ORMEXT_ENTRY and ORMEXT_DB (DBFILE, default test.db, as an
# absolute path); the script may call ormext_connect(), see above.
proc python_run {script {dbfile ""}} {
  if {$dbfile eq ""} { set dbfile $::testdb }
  if {![info exists ::env(ORMEXT_PYTHON)] || $::env(ORMEXT_PYTHON) eq ""} {
    error "python_run: ORMEXT_PYTHON is not set; run the tests with make test"
  }
  set boot {exec(compile(textwrap.dedent(sys.stdin.read()), "<python_run>", "exec"))}
  set vars [child_env python]
  dict set vars ORMEXT_LIB $::ORMEXT_LIB
  dict set vars ORMEXT_ENTRY $::ORMEXT_ENTRY
  dict set vars ORMEXT_DB [file normalize $dbfile]
  with_env $vars {
    run_child [list $::env(ORMEXT_PYTHON) -c "$::PYTHON_PRELUDE\n$boot"] $script
  }
}

# tclsh_run SCRIPT ?DBFILE?: run SCRIPT in a new tclsh in which [db] is
# open on DBFILE (default test.db) with the extension loaded.  For crash
# tests: a [db progress N {exec kill -9 [pid]; expr 0}] in SCRIPT gives
# {SIGKILL ...}.
proc tclsh_run {script {dbfile ""}} {
  if {$dbfile eq ""} { set dbfile $::testdb }
  set pre [list unset -nocomplain ::env(LD_PRELOAD)]\n
  append pre [list package require sqlite3]\n
  append pre [list sqlite3 db [file normalize $dbfile]]\n
  append pre [list db enable_load_extension 1]\n
  append pre [list db eval "SELECT load_extension('[string map {' ''} $::ORMEXT_LIB]', '$::ORMEXT_ENTRY')"]\n
  append pre [list db enable_load_extension 0]\n
  with_env [child_env] {
    run_child [list [info nameofexecutable]] "$pre$script\n"
  }
}

open_db

# `make test-sqlite-current` sets ORMEXT_EXPECT_SQLITE to the version it
# built: a file that would run on another SQLite (LD_LIBRARY_PATH lost, a
# Tcl package linked statically) stops here instead of passing on the
# wrong one.  test/version.test checks the shell and python as well.
if {[info exists ::env(ORMEXT_EXPECT_SQLITE)] && $::env(ORMEXT_EXPECT_SQLITE) ne ""} {
  set v [db one {SELECT sqlite_version()}]
  if {$v ne $::env(ORMEXT_EXPECT_SQLITE)} {
    puts "tester.tcl: running on SQLite $v, not $::env(ORMEXT_EXPECT_SQLITE) as ORMEXT_EXPECT_SQLITE says"
    exit 1
  }
}

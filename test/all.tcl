# test/all.tcl - run test files, each in its own tclsh.
#
#   tclsh test/all.tcl ?-v? ?FILE ...?
#
# Runs every test/*.test (sorted) or the FILEs given.  A separate process
# per file means a crash or an exit in one file cannot stop the others.
# Prints one line per file (and under it each "skipped: ..." line the file
# printed), the whole output of a file that failed (of every file with
# -v), then "N errors out of M tests"; exits 1 on any failure.  A file
# fails when a test in it fails, when it ends without finish_test's
# summary (a crash or an uncaught error), when it exits non-zero after all
# its tests passed (a sanitizer report at exit), when it runs longer than
# ORMEXT_TIMEOUT seconds (default 900), and, under ORMEXT_ASAN=1, when it
# did not report "asan: yes".
#
# The environment (ORMEXT_LIB, ORMEXT_PYTHON, LD_PRELOAD, ...) is passed on
# to each file unchanged; `make test` and `make test-asan` set it.

set testdir [file dirname [file normalize [info script]]]
set verbose 0
set files {}
foreach arg $argv {
  if {$arg eq "-v"} {
    set verbose 1
  } else {
    lappend files $arg
  }
}
if {[llength $files]==0} {
  set root [file dirname $testdir]
  foreach f [lsort [glob -nocomplain -directory $testdir *.test]] {
    # Shown relative to the repository, as a user would type it.
    lappend files [string range $f [string length $root/] end]
  }
  cd $root
}
if {[llength $files]==0} {
  puts "no test files found"
  exit 1
}

set tclsh [info nameofexecutable]
set asan [expr {[info exists env(ORMEXT_ASAN)] && $env(ORMEXT_ASAN) eq "1"}]
set timeout 900
if {[info exists env(ORMEXT_TIMEOUT)] && [string is integer -strict $env(ORMEXT_TIMEOUT)]} {
  set timeout $env(ORMEXT_TIMEOUT)
}
# Child output is passed through byte for byte.
fconfigure stdout -translation binary

# run_file FILE: run FILE in a child tclsh; return {status output}, where
# status is the exit code, a signal name, or "timeout".
proc run_file {file} {
  global tclsh timeout done buf
  set fd [open |[list $tclsh $file 2>@1] r]
  set child [pid $fd]
  fconfigure $fd -translation binary -blocking 0
  set done($fd) ""
  set buf($fd) ""
  fileevent $fd readable [list apply {{fd} {
    global done buf
    append buf($fd) [read $fd]
    if {[eof $fd]} { set done($fd) eof }
  }} $fd]
  set timer [after [expr {$timeout*1000}] [list set done($fd) timeout]]
  vwait done($fd)
  after cancel $timer
  set out $buf($fd)
  set how $done($fd)
  unset buf($fd) done($fd)
  if {$how eq "timeout"} {
    # Only the child we started, by its process id.
    foreach p $child { catch {exec kill -9 $p} }
    catch {close $fd}
    cleanup_tmp $file $child
    return [list timeout $out]
  }
  fconfigure $fd -blocking 1
  set status 0
  if {[catch {close $fd} msg opts]} {
    set ec [dict get $opts -errorcode]
    switch -- [lindex $ec 0] {
      CHILDSTATUS { set status [lindex $ec 2] }
      CHILDKILLED { set status [lindex $ec 2] }
      default     { set status 1; append out $msg }
    }
  }
  cleanup_tmp $file $child
  list $status $out
}

# cleanup_tmp FILE PID: remove the private directory that tester.tcl made
# for FILE run as process PID, left behind if the file did not reach
# finish_test.  Kept when ORMEXT_KEEP_TMP=1.
proc cleanup_tmp {file pid} {
  global env testdir
  if {[info exists env(ORMEXT_KEEP_TMP)] && $env(ORMEXT_KEEP_TMP) eq "1"} {
    return
  }
  set dir [file join $testdir tmp [file rootname [file tail $file]]-$pid]
  catch {file delete -force $dir}
}

set nErr 0
set nTest 0
set failed {}
set width 0
foreach f $files {
  if {[string length $f] > $width} { set width [string length $f] }
}

foreach f $files {
  puts -nonewline [format "%-*s  " $width $f]
  flush stdout
  set t0 [clock milliseconds]
  lassign [run_file $f] status out
  set secs [format %.1f [expr {([clock milliseconds]-$t0)/1000.0}]]

  set fileErr 0
  set fileTest 0
  set why {}
  set summaries [regexp -all -inline -line {^(\d+) errors out of (\d+) tests$} $out]
  if {[llength $summaries]} {
    lassign [lrange $summaries end-2 end] - fileErr fileTest
  } else {
    set fileErr 1
    set fileTest 1
    lappend why "no summary: the file crashed or stopped early"
  }
  if {$status ne "0" && $fileErr==0} {
    set fileErr 1
    lappend why "exit status $status after all tests passed"
  } elseif {$status eq "timeout"} {
    lappend why "timed out after ${timeout}s and was killed"
  } elseif {$status ne "0" && ![string is integer $status]} {
    lappend why "killed: $status"
  }
  if {$asan && ![regexp -line {^\[\d+\] asan: yes$} $out]} {
    incr fileErr
    lappend why "not run under ASan"
  }

  incr nErr $fileErr
  incr nTest $fileTest
  if {$fileErr} {
    lappend failed $f
    puts "FAILED  $fileErr of $fileTest tests, ${secs}s"
    foreach w $why { puts "  ($w)" }
  } else {
    puts "ok  $fileTest tests, ${secs}s[expr {$asan ? {, under asan} : {}}]"
    # What a file skipped, and why (e.g. a binding whose toolchain is
    # missing), is shown even when it passed.
    foreach line [regexp -all -inline -line {^skipped: .*$} $out] {
      puts "  ($line)"
    }
  }
  if {$fileErr || $verbose} {
    puts "---- output of $f ----"
    puts [string trimright $out]
    puts "---- end of $f ----"
  }
  flush stdout
}

# Only removes test/tmp when it is empty.
catch {file delete [file join $testdir tmp]}

puts "$nErr errors out of $nTest tests"
if {[llength $failed]} {
  puts "Failed files: $failed"
  exit 1
}
exit 0

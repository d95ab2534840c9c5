# test/fuzz/seeds.tcl OUTDIR - seed the fuzzer from the suite: every
# orm_declare('...') text literal in test/*.test becomes a 'd' seed (see
# test/fuzz/fuzz.c).  The committed seeds in test/fuzz/seed/ cover the
# other modes (files, arguments, hostile rows).
set outdir [lindex $argv 0]
set testdir [file dirname [file dirname [file normalize [info script]]]]
file mkdir $outdir
set n 0
foreach path [lsort [glob -directory $testdir *.test]] {
  set fd [open $path]
  set text [read $fd]
  close $fd
  foreach {all lit} [regexp -all -inline {orm_declare\('((?:[^']|'')+)'\)} $text] {
    set out [open [file join $outdir d-[incr n]] wb]
    puts -nonewline $out "d[string map {'' '} $lit]"
    close $out
  }
}
puts "seeds.tcl: $n seeds in $outdir"

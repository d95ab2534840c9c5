#!/bin/sh
# test/coverage.sh OBJDIR[:OBJDIR...] SOURCE... - after a run against gcov
# builds, print line and branch coverage of each SOURCE, then the total.
#
# The first OBJDIR is the extension's gcov build (ormext-cov.so, which the
# suite runs); the others hold the same sources compiled with -DSQLITE_CORE
# for build/unit-cov and build/fault-cov, the C unit test and the
# fault-injection driver.  Per SOURCE: its lines and branches (as the
# extension's build has them), the share of lines run (by any of them),
# and the share of branches taken at least once by the extension in the
# suite ("suite") and by any of them ("+fault": the out-of-memory and
# I/O-error branches are taken only by the driver, which fails the Nth
# allocation or file operation; test/fault.c), then ("-oom") the share of
# "+fault" among the branches outside out-of-memory checks: a line that
# has ORM_OOM (ext/ormext.h), ormErrOom, SQLITE_NOMEM or ENOMEM has all its
# branches left out of that column.  A line's branches are
# merged only where both builds have as many on that line (they differ
# only where the source says #ifdef SQLITE_CORE).  "Taken" is gcov -b's
# "taken at least once".  Used by make coverage.
set -u
dirs=$1
shift
printf '%-22s %6s %7s %8s %7s %7s %7s\n' file lines line% branches suite +fault \
  -oom
for src in "$@"; do
  i=0
  for d in $(echo "$dirs" | tr : ' '); do
    # gcov -t: the annotated source, "COUNT: LINE:TEXT" ("-" not code,
    # "#####" never run), each line's branches after it as "branch N
    # taken C" or "branch N never executed".  Only SOURCE's own section.
    gcov -t -b -c -o "$d" "$src" 2>/dev/null | awk -v k=$i -v src="$src" '
      /^ *-: *0:Source:/ { sub(/^ *-: *0:Source:/, ""); on = ($0 == src); next }
      !on { next }
      /^branch / { print k, "b", ln, ($3 == "taken" && $4 > 0) ? 1 : 0, oom; next }
      /^(call|function|unconditional) / { next }
      {
        c = $0; sub(/:.*/, "", c); gsub(/[ *]/, "", c)
        rest = $0; sub(/^[^:]*: */, "", rest); ln = rest; sub(/:.*/, "", ln)
        oom = (rest ~ /ORM_OOM|ormErrOom|SQLITE_NOMEM|ENOMEM/) ? 1 : 0
        if (c != "-" && ln > 0) print k, "l", ln, (c ~ /^[0-9]+$/ && c > 0) ? 1 : 0
      }'
    i=$((i + 1))
  done | awk -v src="$src" '
    # "K l LINE RUN" and "K b LINE TAKEN" from build K: 0 the extension.
    $2 == "l" && $1 == 0 { line[$3] = line[$3] || $4; next }
    $2 == "l" { run[$3] = run[$3] || $4; next }
    {
      if (key[$1, $3] == "") { key[$1, $3] = 1; n[$1, $3] = 0 }
      j = ++n[$1, $3]
      t[$1, $3, j] = $4
      if ($1 == 0) { lines[$3] = 1; oomline[$3] = $5 }
      kk[$1] = 1
    }
    END {
      for (l in line) { lt++; if (line[l] || run[l]) lc++ }
      for (l in lines) {
        m = n[0, l]
        for (j = 1; j <= m; j++) {
          bt++
          if (!oomline[l]) bo++
          hit = t[0, l, j]
          if (hit) bs++
          else for (k in kk) if (k != 0 && n[k, l] == m && t[k, l, j]) { hit = 1; break }
          if (hit) { bf++; if (!oomline[l]) bof++ }
        }
      }
      print src, lt + 0, lc + 0, bt + 0, bs + 0, bf + 0, bo + 0, bof + 0
    }'
done | awk '
  function pct(a, b) { return b ? 100 * a / b : 100 }
  {
    printf "%-22s %6d %6.2f%% %8d %6.2f%% %6.2f%% %6.2f%%\n", $1, $2,
      pct($3, $2), $4, pct($5, $4), pct($6, $4), pct($8, $7)
    L += $2; LC += $3; B += $4; BS += $5; BF += $6; BO += $7; BOF += $8
  }
  END {
    printf "%-22s %6d %6.2f%% %8d %6.2f%% %6.2f%% %6.2f%%\n", "total", L,
      pct(LC, L), B, pct(BS, B), pct(BF, B), pct(BOF, BO)
  }'

#!/bin/sh
# test/coverage.sh OBJDIR SOURCE... - after a run of the suite against the
# gcov build, print line and branch coverage of each SOURCE, then the total.
# "branches" is the share of branches taken at least once (gcov -b's
# "Taken at least once").  Used by make coverage.
set -u
objdir=$1
shift
printf '%-22s %8s %8s %8s %8s\n' file lines line% branches taken%
tl=0; tlc=0; tb=0; tbc=0
for src in "$@"; do
  out=$(gcov -b -n -o "$objdir" "$src" 2>/dev/null |
        sed -n "/^File '$(echo "$src" | sed 's/[\/.]/\\&/g')'/,/^\$/p")
  # "Lines executed:95.50% of 200" and "Taken at least once:82.20% of 100"
  l=$(echo "$out" | sed -n 's/^Lines executed:\([0-9.]*\)% of \([0-9]*\)/\1 \2/p')
  b=$(echo "$out" | sed -n 's/^Taken at least once:\([0-9.]*\)% of \([0-9]*\)/\1 \2/p')
  set -- $l 0 0; lp=$1; ln=$2
  set -- $b 0 0; bp=$1; bn=$2
  printf '%-22s %8s %7s%% %8s %7s%%\n' "$src" "$ln" "$lp" "$bn" "$bp"
  tl=$(awk "BEGIN{print $tl+$ln}"); tlc=$(awk "BEGIN{print $tlc+$ln*$lp/100}")
  tb=$(awk "BEGIN{print $tb+$bn}"); tbc=$(awk "BEGIN{print $tbc+$bn*$bp/100}")
done
printf '%-22s %8s %7.2f%% %8s %7.2f%%\n' total "$tl" \
  "$(awk "BEGIN{print $tl ? 100*$tlc/$tl : 0}")" "$tb" \
  "$(awk "BEGIN{print $tb ? 100*$tbc/$tb : 0}")"

# test/oracle.tcl - the differential oracle of corpus.test and random.test.
#
# A (before, after) pair of schemas is run through the extension, and what
# it produced is compared with what SQLite itself builds from the same SQL
# in a pristine in-memory database that never sees the extension:
#
#   source $testdir/oracle.tcl
#   set problems [oracle_run_pair $before $after]   ;# "" when all is well
#
# oracle_run_pair, on the test connection [db] (reset first):
#   1. declares `before`, migrates and upgrades; the schema must equal a
#      pristine `before`;
#   2. fills rows (3 per table by default, see oracle_fill, or the pair's
#      own SQL) and snapshots every table;
#   3. replaces the declarations by `after`, migrates and upgrades.  The
#      expected rows are the snapshot inserted into a pristine `after`
#      (columns matched by name, so SQLite's own type affinity converts
#      them).  If that insertion fails, the upgrade must fail too, leaving
#      orm_current() and cksum unchanged.  If the expected rows differ from
#      the snapshot (a column or table with data dropped, a value converted,
#      a row lost), the upgrade must first refuse without 'allow-data-loss';
#      otherwise it must succeed without it;
#   4. compares schema and rows with the pristine `after`; integrity_check
#      and foreign_key_check must be clean; sqlite_sequence kept;
#   5. idempotence: `after` (and every variant spelling of it) declared
#      again gives an empty orm_diff and orm_migrate() returns NULL;
#   6. orm_downgrade('-1'): refused without 'allow-data-loss' exactly when
#      it loses data (as in 3.), then run with it: schema equal to a pristine
#      `before`, rows equal to the upgraded rows put into a pristine
#      `before`, the database sane (or, when those rows cannot go back into
#      `before`, the downgrade fails and changes nothing);
#   7. orm_upgrade('head', 'allow-data-loss') again: the schema of `after`.
#
# The schema comparison (oracle_schema) is built from PRAGMA introspection,
# never from CREATE statements compared as strings:
#   table_list        type, ncol, wr, strict (of every table and view)
#   table_xinfo       per column, as a set keyed by name: lower(type),
#                     notnull, normalized dflt_value, pk, hidden, plus the
#                     column's collating sequence read from EXPLAIN of a
#                     comparison (no PRAGMA shows it)
#   index_list/xinfo  named indexes by name, autoindexes by their column
#                     signature; unique, origin, partial, the columns with
#                     desc/coll/key, and the normalized text of an explicit
#                     index from its column list on (expressions, WHERE)
#   foreign_key_list  as a set: from, table, to, on_update, on_delete,
#                     match, and DEFERRABLE INITIALLY DEFERRED (no PRAGMA
#                     shows it: read from the table's text)
#   text              CHECK constraints (column and table level, as one
#                     multiset per table), ON CONFLICT clauses, generated
#                     column expressions, AUTOINCREMENT, views and
#                     triggers, all as normalized token lists: lower case,
#                     comments and spacing gone, identifiers unquoted where
#                     they can be
#
# Objects named sqlite_* or _orm_* are not compared.  Nothing here calls
# the extension to decide what is right.

#-------------------------------------------------------------------------
# SQL text: tokens and normalization.

# One SQL token: blob literal, string, quoted identifier (four quotings),
# comment, number, word, operator, or any other single character.
set ::oracle_token_re {[xX]'[0-9a-fA-F]*'|'(?:[^']|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]|--[^\n]*|/\*(?:[^*]|\*+[^*/])*\*+/|0[xX][0-9a-fA-F]+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*|\|\||<=|>=|==|!=|<>|<<|>>|->>|->|\S}

# sql_tokens SQL: the tokens of SQL, comments left out.
proc sql_tokens {sql} {
  set out {}
  foreach t [regexp -all -inline $::oracle_token_re $sql] {
    if {[string match --* $t] || [string match /\\** $t]} continue
    lappend out $t
  }
  return $out
}

# tok_is_ident TOKEN: true for a quoted identifier.
proc tok_is_quoted {t} {
  expr {[string index $t 0] in {\" ` \[}}
}

# tok_word TOKEN: the lower-case text of a bare word, else "".
proc tok_word {t} {
  if {[regexp {^[A-Za-z_]} $t]} { return [string tolower $t] }
  return ""
}

# tok_name TOKEN: the identifier a token names (unquoted), as written.
proc tok_name {t} {
  switch -- [string index $t 0] {
    \" { return [string map {\"\" \"} [string range $t 1 end-1]] }
    `  { return [string map {`` `} [string range $t 1 end-1]] }
    \[ { return [string range $t 1 end-1] }
  }
  return $t
}

# ident_norm NAME: a canonical spelling of identifier NAME: lower case, bare
# when it is a plain word, else double-quoted.
proc ident_norm {name} {
  set l [string tolower $name]
  if {[regexp {^[a-z_][a-z0-9_]*$} $l]} { return $l }
  return "\"[string map {\" \"\"} $l]\""
}

# tok_norm TOKEN: the canonical spelling of one token.
proc tok_norm {t} {
  if {[tok_is_quoted $t]} { return [ident_norm [tok_name $t]] }
  if {[string index $t 0] eq "'"} { return $t }
  return [string tolower $t]
}

# toks_norm TOKENS: canonical text of a token list.
proc toks_norm {toks} {
  join [lmap t $toks {tok_norm $t}] " "
}

# sql_norm SQL: canonical text of SQL (for views, triggers, expressions).
proc sql_norm {sql} {
  toks_norm [sql_tokens $sql]
}

# paren_end TOKENS I: the index of the ")" that closes the "(" at I.
proc paren_end {toks i} {
  set depth 0
  set n [llength $toks]
  for {} {$i < $n} {incr i} {
    switch -- [lindex $toks $i] {
      ( { incr depth }
      ) { if {[incr depth -1]==0} { return $i } }
    }
  }
  return [expr {$n-1}]
}

# strip_parens TOKENS: TOKENS without parentheses around all of it.
proc strip_parens {toks} {
  while {[llength $toks]>=2 && [lindex $toks 0] eq "("
         && [paren_end $toks 0]==[llength $toks]-1} {
    set toks [lrange $toks 1 end-1]
  }
  return $toks
}

# dflt_norm DFLT: canonical text of a dflt_value: DEFAULT 0, DEFAULT (0)
# and default 0 are the same.
proc dflt_norm {dflt} {
  toks_norm [strip_parens [sql_tokens $dflt]]
}

#-------------------------------------------------------------------------
# What only the CREATE TABLE text says: CHECK constraints, generated column
# expressions, AUTOINCREMENT and deferred foreign keys.

# split_items TOKENS: the comma-separated items between the first "(" and
# its ")", each a token list.
proc split_items {toks} {
  set i [lsearch -exact $toks (]
  if {$i < 0} { return {} }
  set end [paren_end $toks $i]
  set items {}
  set cur {}
  set depth 0
  foreach t [lrange $toks [expr {$i+1}] [expr {$end-1}]] {
    if {$t eq "(" } { incr depth }
    if {$t eq ")" } { incr depth -1 }
    if {$t eq "," && $depth==0} {
      lappend items $cur
      set cur {}
    } else {
      lappend cur $t
    }
  }
  lappend items $cur
  return $items
}

# fk_deferred TOKENS: 1 when the REFERENCES clause in TOKENS is DEFERRABLE
# INITIALLY DEFERRED (and not NOT DEFERRABLE).
proc fk_deferred {toks} {
  set w [lmap t $toks {tok_word $t}]
  set i [lsearch -exact $w deferrable]
  if {$i < 0 || ($i > 0 && [lindex $w $i-1] eq "not")} { return 0 }
  expr {[lindex $w $i+1] eq "initially" && [lindex $w $i+2] eq "deferred"}
}

# table_parse SQL: a dict of what the CREATE TABLE text SQL says beyond
# the PRAGMAs: checks (list of normalized expressions), gen (column name,
# lower case -> normalized expression), autoinc (0/1), deferred (list of
# "from-columns parent" keys of deferred foreign keys, lower case),
# conflict (list of {column-or-constraint constraint action} for every ON
# CONFLICT clause other than the default ABORT).
proc table_parse {sql} {
  set toks [sql_tokens $sql]
  set res [dict create checks {} gen {} autoinc 0 deferred {} conflict {}]
  foreach t $toks {
    if {[tok_word $t] eq "autoincrement"} { dict set res autoinc 1 }
  }
  foreach item [split_items $toks] {
    set first [tok_word [lindex $item 0]]
    set isCol [expr {[tok_is_quoted [lindex $item 0]]
                || $first ni {constraint primary unique check foreign}}]
    set col [string tolower [tok_name [lindex $item 0]]]
    set n [llength $item]
    set what ""
    for {set i [expr {$isCol ? 1 : 0}]} {$i < $n} {incr i} {
      set t [lindex $item $i]
      if {$t eq "("} {
        set e [paren_end $item $i]
        # The columns of a table-level PRIMARY KEY or UNIQUE.
        if {!$isCol && $what in {primary unique}} {
          set col [toks_norm [lrange $item $i $e]]
        }
        set i $e
        continue
      }
      set w [tok_word $t]
      if {$w in {primary unique null}} { set what $w }
      if {$w eq "on" && [tok_word [lindex $item $i+1]] eq "conflict"} {
        set action [tok_word [lindex $item $i+2]]
        if {$action ne "abort"} {
          dict lappend res conflict [list $col $what $action]
        }
        incr i 2
        continue
      }
      switch -- $w {
        check {
          set j [expr {$i+1}]
          set e [paren_end $item $j]
          dict lappend res checks [toks_norm [lrange $item $j+1 $e-1]]
          set i $e
        }
        as {
          set j [expr {$i+1}]
          set e [paren_end $item $j]
          dict set res gen $col [toks_norm [strip_parens [lrange $item $j $e]]]
          set i $e
        }
        foreign {
          # FOREIGN KEY (cols) REFERENCES parent ...
          set j [lsearch -exact $item (]
          set e [paren_end $item $j]
          set from [lmap c [lrange $item $j+1 $e-1] {
            if {$c eq ","} continue
            string tolower [tok_name $c]
          }]
          set parent [string tolower [tok_name [lindex $item $e+2]]]
          if {[fk_deferred [lrange $item $e end]]} {
            dict lappend res deferred [list $from $parent]
          }
          set i $n
        }
        references {
          set parent [string tolower [tok_name [lindex $item $i+1]]]
          if {[fk_deferred [lrange $item $i end]]} {
            dict lappend res deferred [list [list $col] $parent]
          }
        }
      }
    }
  }
  return $res
}

#-------------------------------------------------------------------------
# Schema description from introspection.

# oracle_user_tables DB: the tables and views of DB that are compared, as
# {name type} pairs: not sqlite_*, not _orm_*, not virtual or shadow.
proc oracle_user_objects {db} {
  $db eval {
    SELECT name, type FROM pragma_table_list
    WHERE schema='main' AND type IN ('table', 'view')
      AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
      AND name NOT LIKE '\_orm\_%' ESCAPE '\'
    ORDER BY name
  }
}

# oracle_tables DB: the names of the compared tables (not views).
proc oracle_tables {db} {
  set out {}
  foreach {name type} [oracle_user_objects $db] {
    if {$type eq "table"} { lappend out $name }
  }
  return $out
}

# oracle_collation DB TABLE COLUMN: the collating sequence of a column, as
# the code SQLite compiles for a comparison with it shows ("" for BINARY).
proc oracle_collation {db table col} {
  set coll ""
  $db eval "EXPLAIN SELECT [quote_id $col] < ?1 FROM [quote_id $table]" r {
    if {$r(opcode) in {Lt Le Gt Ge}} {
      regexp {^(?:collseq\()?([^-)]+)} $r(p4) -> coll
    }
  }
  set coll [string tolower $coll]
  if {$coll eq "binary"} { set coll "" }
  return $coll
}

# oracle_schema DB: the schema of DB as a sorted list of lines, each one
# fact from the PRAGMAs (see the head of this file).  Two databases have the
# same schema when their lists are equal.
proc oracle_schema {db} {
  set out {}
  foreach {name type} [oracle_user_objects $db] {
    set sql [$db one {SELECT sql FROM sqlite_schema WHERE name=$name}]
    $db eval {
      SELECT ncol, wr, strict FROM pragma_table_list WHERE schema='main'
      AND name=$name
    } {}
    if {$type eq "view"} {
      lappend out [list view $name ncol $ncol sql [sql_norm $sql]]
      continue
    }
    set p [table_parse $sql]
    lappend out [list table $name ncol $ncol wr $wr strict $strict \
                     autoinc [dict get $p autoinc]]
    foreach c [dict get $p checks] {
      lappend out [list check $name $c]
    }
    foreach c [dict get $p conflict] {
      lappend out [list conflict $name {*}$c]
    }
    $db eval {
      SELECT name AS cname, lower(type) AS ctype, "notnull" AS nn,
             dflt_value, pk, hidden
      FROM pragma_table_xinfo($name)
    } {
      set gen ""
      if {[dict exists $p gen [string tolower $cname]]} {
        set gen [dict get $p gen [string tolower $cname]]
      }
      lappend out [list column $name $cname type $ctype notnull $nn \
          dflt [dflt_norm $dflt_value] pk $pk hidden $hidden \
          coll [oracle_collation $db $name $cname] gen $gen]
    }
    # Indexes.
    $db eval {
      SELECT name AS iname, "unique" AS uq, origin, partial
      FROM pragma_index_list($name)
    } {
      # Key columns in order; the others (the rowid, or every column of a
      # WITHOUT ROWID table's key index, in table order) as a set, since
      # column order does not count.
      set cols [$db eval {
        SELECT coalesce(name, cid), desc, lower(coll), key
        FROM pragma_index_xinfo($iname) WHERE key ORDER BY seqno
      }]
      lappend cols [lsort [$db eval {
        SELECT coalesce(name, cid) FROM pragma_index_xinfo($iname)
        WHERE NOT key
      }]]
      if {$origin eq "c"} {
        set isql [$db one {SELECT sql FROM sqlite_schema WHERE name=$iname}]
        set itoks [sql_tokens $isql]
        set tail [toks_norm [lrange $itoks [lsearch -exact $itoks (] end]]
        lappend out [list index $name $iname unique $uq partial $partial \
                         cols $cols def $tail]
      } else {
        lappend out [list autoindex $name origin $origin unique $uq \
                         partial $partial cols $cols]
      }
    }
    # Foreign keys: one line each, from every row of the key.
    set fks {}
    $db eval {
      SELECT id, "from" AS f, "table" AS pt, "to" AS tc, on_update,
             on_delete, match
      FROM pragma_foreign_key_list($name) ORDER BY id, seq
    } {
      dict lappend fks $id [list $f $pt $tc $on_update $on_delete $match]
    }
    dict for {id rows} $fks {
      set from [lmap r $rows {lindex $r 0}]
      set to [lmap r $rows {lindex $r 2}]
      lassign [lindex $rows 0] - pt - upd del match
      set key [list [lmap f $from {string tolower $f}] [string tolower $pt]]
      set deferred [expr {$key in [dict get $p deferred]}]
      lappend out [list fk $name from $from table $pt to $to \
          on_update $upd on_delete $del match $match deferred $deferred]
    }
  }
  $db eval {
    SELECT name, tbl_name, sql FROM sqlite_schema WHERE type='trigger'
    AND name NOT LIKE '\_orm\_%' ESCAPE '\'
  } {
    lappend out [list trigger $name on $tbl_name sql [sql_norm $sql]]
  }
  lsort $out
}

# oracle_schema_diff A B: "" when lists A and B are equal, else the lines
# only in A ("-") and only in B ("+"), one per line.
proc oracle_schema_diff {a b} {
  if {$a eq $b} { return "" }
  set out {}
  foreach l $a { if {$l ni $b} { lappend out "  - $l" } }
  foreach l $b { if {$l ni $a} { lappend out "  + $l" } }
  if {![llength $out]} { lappend out "  (same lines, different multiplicity)" }
  join $out \n
}

#-------------------------------------------------------------------------
# Pristine databases, built without the extension.

# oracle_pristine HANDLE SQL: open HANDLE as a new in-memory database and
# run SQL in it.
proc oracle_pristine {handle sql} {
  catch {$handle close}
  sqlite3 $handle :memory:
  oracle_collations $handle
  $handle nullvalue {}
  if {[string trim $sql] ne ""} { $handle eval $sql }
}

#-------------------------------------------------------------------------
# Rows.

# oracle_collations DB: register on DB the collation an application would
# define on its connection: "unicase", ASCII case folded.  Every database
# the oracle opens, and the test connection, know it.
proc oracle_unicase {a b} { string compare -nocase $a $b }
proc oracle_collations {db} { $db collate unicase oracle_unicase }

# oracle_columns DB TABLE ?WHICH?: column names of TABLE in order: "all"
# but hidden virtual-table columns (generated ones included), or
# "stored" only those an INSERT can set.
proc oracle_columns {db table {which all}} {
  if {$which eq "all"} {
    $db eval {SELECT name FROM pragma_table_xinfo($table) WHERE hidden<>1}
  } else {
    $db eval {SELECT name FROM pragma_table_xinfo($table) WHERE hidden=0}
  }
}

# name_in NAME LIST: the element of LIST equal to NAME ignoring case, or "".
proc name_in {name list} {
  set l [string tolower $name]
  foreach x $list {
    if {[string tolower $x] eq $l} { return $x }
  }
  return ""
}

# common_names A B: the names of A that B has too (ignoring case).
proc common_names {a b} {
  set out {}
  foreach x $a {
    if {[name_in $x $b] ne ""} { lappend out $x }
  }
  return $out
}

# oracle_rows DB TABLE COLS: the rows of TABLE as a sorted list, each row a
# list of quote()d values of COLS (SQL literals: 1, 1.5, 'x', X'01', NULL).
proc oracle_rows {db table cols} {
  if {![llength $cols]} {
    set n [$db one "SELECT count(*) FROM [quote_id $table]"]
    return [lrepeat $n {}]
  }
  set exprs [lmap c $cols {string cat "quote(" [quote_id $c] ")"}]
  set flat [$db eval "SELECT [join $exprs ,] FROM [quote_id $table]"]
  set rows {}
  set n [llength $cols]
  for {set i 0} {$i < [llength $flat]} {incr i $n} {
    lappend rows [lrange $flat $i [expr {$i+$n-1}]]
  }
  lsort $rows
}

# oracle_snapshot DB: every compared table's data, a dict
#   table -> {cols COLUMNS stored STORED rows ROWS seq SEQ types TYPES
#             dflts DFLTS strict STRICT}
# where SEQ is its sqlite_sequence value, or "", TYPES and DFLTS the
# declared type and dflt_value of each of COLUMNS, STRICT 1 for a STRICT
# table.
proc oracle_snapshot {db} {
  set snap {}
  set hasSeq [$db exists {
    SELECT 1 FROM sqlite_schema WHERE name='sqlite_sequence'
  }]
  foreach t [oracle_tables $db] {
    set cols [oracle_columns $db $t]
    set seq ""
    if {$hasSeq} {
      set seq [$db one {SELECT seq FROM sqlite_sequence WHERE name=$t}]
    }
    set types {}
    set dflts {}
    foreach c $cols {
      $db eval {SELECT type, dflt_value FROM pragma_table_xinfo($t)
                WHERE name=$c} {
        lappend types $type
        lappend dflts $dflt_value
      }
    }
    dict set snap $t [dict create cols $cols \
        stored [oracle_columns $db $t stored] \
        rows [oracle_rows $db $t $cols] seq $seq types $types dflts $dflts \
        strict [$db one {SELECT strict FROM pragma_table_list WHERE name=$t}]]
  }
  return $snap
}

# snap_table SNAP NAME: the snapshot's table named NAME ignoring case, "".
proc snap_table {snap name} {
  name_in $name [dict keys $snap]
}

# oracle_expect HANDLE SQL SNAP: open HANDLE as a pristine database built
# from SQL, without its triggers (a rebuild copies rows before it recreates
# them), and insert the rows of SNAP into its tables of the same names,
# through the columns both have.  Returns "" or SQLite's error message when
# the rows do not fit the schema (foreign keys included).
proc oracle_expect {handle sql snap} {
  oracle_pristine $handle $sql
  foreach tr [$handle eval {SELECT name FROM sqlite_schema WHERE type='trigger'}] {
    $handle eval "DROP TRIGGER [quote_id $tr]"
  }
  foreach t [oracle_tables $handle] {
    set st [snap_table $snap $t]
    if {$st eq ""} continue
    set from [dict get $snap $st cols]
    # A generated column that becomes a plain one keeps its values.
    set into [common_names [oracle_columns $handle $t stored] \
                  [dict get $snap $st cols]]
    set idx [lmap c $into {lsearch -exact [lmap x $from {string tolower $x}] \
                               [string tolower $c]}]
    set collist [join [lmap c $into {quote_id $c}] ,]
    foreach row [dict get $snap $st rows] {
      if {[llength $into]} {
        set vals [join [lmap i $idx {lindex $row $i}] ,]
        set sql "INSERT INTO [quote_id $t]($collist) VALUES($vals)"
      } else {
        set sql "INSERT INTO [quote_id $t] DEFAULT VALUES"
      }
      if {[catch {$handle eval $sql} msg]} {
        return $msg
      }
    }
  }
  # Inserted with enforcement off, as the rows may come in any order.
  set fk [$handle eval {PRAGMA foreign_key_check}]
  if {[llength $fk]} {
    return "FOREIGN KEY constraint failed (foreign_key_check: $fk)"
  }
  return ""
}

# oracle_compare_rows ACT EXP SNAP: "" when every table of EXP (a database
# from oracle_expect) has the same rows in ACT, compared through the
# columns it shares with the snapshot SNAP the rows came from (all of its
# columns for a table SNAP lacks: there the rows are new, none expected).
# Also compares sqlite_sequence of AUTOINCREMENT tables present in SNAP.
proc oracle_compare_rows {act exp snap} {
  set out {}
  set actTables [oracle_tables $act]
  foreach t [oracle_tables $exp] {
    if {$t ni $actTables} {
      lappend out "  table $t is missing"
      continue
    }
    set cols [oracle_columns $exp $t]
    set st [snap_table $snap $t]
    if {$st ne ""} {
      set cols [common_names $cols [dict get $snap $st cols]]
    }
    if {[catch {oracle_rows $act $t $cols} a]} {
      lappend out "  $t: $a"
      continue
    }
    set e [oracle_rows $exp $t $cols]
    if {$a ne $e} {
      lappend out "  $t ([join $cols ,]): expected {$e} got {$a}"
    }
    if {$st ne "" && [dict get $snap $st seq] ne ""
        && [dict get [table_parse [$exp one {
              SELECT sql FROM sqlite_schema WHERE name=$t}]] autoinc]} {
      set seq [$act one {SELECT seq FROM sqlite_sequence WHERE name=$t}]
      if {$seq ne [dict get $snap $st seq]} {
        lappend out "  $t: sqlite_sequence expected [dict get $snap $st seq] got {$seq}"
      }
    }
  }
  join $out \n
}

# oracle_store TYPE STRICT DFLT VALUE: VALUE (an SQL literal) as a column
# declared TYPE (of a STRICT table when STRICT) stores it, as a literal;
# with VALUE "" the value a new row gets in a column of that type and
# default DFLT (a dflt_value, "" for none) when the INSERT leaves it out.
# "!" when SQLite refuses it.
proc oracle_store {type strict dflt value} {
  if {[info commands oracle_rt] eq ""} {
    sqlite3 oracle_rt :memory:
    oracle_collations oracle_rt
  }
  oracle_rt eval {DROP TABLE IF EXISTS x}
  set s [expr {$strict ? " STRICT" : ""}]
  set ty [expr {$type eq "" && $strict ? "ANY" : $type}]
  if {[catch {
    if {$value eq ""} {
      # CURRENT_TIMESTAMP and its kin give a new value each time.
      if {[string match -nocase current_* $dflt]} { error "not constant" }
      set d [expr {$dflt eq "" ? "" : " DEFAULT ($dflt)"}]
      oracle_rt eval "CREATE TABLE x(k INT, c $ty$d)$s"
      oracle_rt eval "INSERT INTO x(k) VALUES(1)"
    } else {
      oracle_rt eval "CREATE TABLE x(c $ty)$s; INSERT INTO x VALUES($value)"
    }
    oracle_rt one {SELECT quote(c) FROM x}
  } out]} {
    return !
  }
  return $out
}

# oracle_loses SNAP EXP: a description of the data that moving the rows
# of SNAP into EXP (from oracle_expect) loses for good: tables with rows
# gone, values of dropped (stored) columns that are neither NULL nor the
# column's default as adding it back would store it, and values of the
# columns both have that the new type does not give back (1 to 1.0 and
# back is kept, '01' to 1 and back is lost).  "" when nothing is lost.
proc oracle_loses {snap exp} {
  set out {}
  set expTables [oracle_tables $exp]
  dict for {t d} $snap {
    set rows [dict get $d rows]
    if {![llength $rows]} continue
    set et [name_in $t $expTables]
    if {$et eq ""} {
      lappend out "table $t ([llength $rows] rows)"
      continue
    }
    set stored [dict get $d stored]
    set estored [oracle_columns $exp $et stored]
    set allc [dict get $d cols]
    set strict [dict get $d strict]
    set estrict [$exp one {SELECT strict FROM pragma_table_list WHERE name=$et}]
    foreach c $stored {
      set i [lsearch -exact $allc $c]
      set type [lindex [dict get $d types] $i]
      set ec [name_in $c $estored]
      if {$ec eq ""} {
        set back [oracle_store $type $strict [lindex [dict get $d dflts] $i] ""]
        foreach r $rows {
          set v [lindex $r $i]
          if {$v ne "NULL" && $v ne $back} {
            lappend out "column $t.$c"
            break
          }
        }
        continue
      }
      set etype [$exp one {SELECT type FROM pragma_table_xinfo($et) WHERE name=$ec}]
      if {[string equal -nocase $etype $type] && $estrict == $strict} continue
      foreach r $rows {
        set v [lindex $r $i]
        set there [oracle_store $etype $estrict "" $v]
        if {$there eq "!" || [oracle_store $type $strict "" $there] ne $v} {
          lappend out "values of $t.$c"
          break
        }
      }
    }
    if {[$exp one "SELECT count(*) FROM [quote_id $et]"] != [llength $rows]} {
      lappend out "rows of $t"
    }
  }
  join $out ", "
}

#-------------------------------------------------------------------------
# Filling a schema with rows.

# value_for TYPE I: the I-th generated value for a column declared TYPE, as
# an SQL literal, by SQLite's affinity rules.
proc value_for {type i} {
  set u [string toupper $type]
  if {[string match *INT* $u]} { return $i }
  if {[regexp {CHAR|CLOB|TEXT} $u]} { return "'v$i'" }
  if {[string match *BLOB* $u]} { return "X'0$i'" }
  if {[regexp {REAL|FLOA|DOUB} $u]} { return "$i.5" }
  if {$u eq "ANY"} { return "'v$i'" }
  return $i
}

# oracle_fill DB ?N?: insert N rows (default 3) into every compared table
# of DB, in any order with foreign keys off: row I gets value_for(type, I)
# in each column a foreign key does not cover, and in a foreign key column
# the value the parent's row I has in the referenced column.  Generated
# columns are left out.  Tables where that breaks a CHECK need fill SQL of
# their own.
proc oracle_fill {db {n 3}} {
  set fk [$db one {PRAGMA foreign_keys}]
  $db eval {PRAGMA foreign_keys=OFF}
  foreach t [oracle_tables $db] {
    set types {}
    $db eval {SELECT name, type FROM pragma_table_xinfo($t) WHERE hidden=0} {
      dict set types $name $type
    }
    # Foreign key column -> the parent column's type.
    set fktype {}
    $db eval {
      SELECT "from" AS f, "table" AS pt, "to" AS tc, seq
      FROM pragma_foreign_key_list($t) ORDER BY id, seq
    } {
      if {$tc eq ""} {
        # The parent's primary key, matched by position in the key.
        set ptype [$db one {
          SELECT type FROM pragma_table_xinfo($pt) WHERE pk=$seq+1
        }]
      } else {
        set ptype [$db one {
          SELECT type FROM pragma_table_xinfo($pt) WHERE name=$tc
        }]
      }
      dict set fktype $f $ptype
    }
    set cols [dict keys $types]
    set collist [join [lmap c $cols {quote_id $c}] ,]
    for {set i 1} {$i <= $n} {incr i} {
      set vals {}
      foreach c $cols {
        if {[dict exists $fktype $c]} {
          lappend vals [value_for [dict get $fktype $c] $i]
        } else {
          lappend vals [value_for [dict get $types $c] $i]
        }
      }
      if {[llength $cols]} {
        $db eval "INSERT INTO [quote_id $t]($collist) VALUES([join $vals ,])"
      } else {
        $db eval "INSERT INTO [quote_id $t] DEFAULT VALUES"
      }
    }
  }
  $db eval "PRAGMA foreign_keys=$fk"
}

# snap_rename SNAP HINTS ?DIRECTION?: SNAP with the orm_rename() hints in
# HINTS applied: each {old new} renames a table, each {table old new} a
# column of the table (by its new name).  With DIRECTION "back" the hints
# are undone instead, for the downgrade.
proc snap_rename {snap hints {direction forth}} {
  set tabs [lmap h $hints {if {[llength $h]!=2} continue; set h}]
  set cols [lmap h $hints {if {[llength $h]!=3} continue; set h}]
  if {$direction eq "forth"} {
    set steps [concat [lmap h $tabs {list table {*}$h}] \
                      [lmap h $cols {list column {*}$h}]]
  } else {
    set steps [concat \
        [lmap h $cols {lassign $h t o n; list column $t $n $o}] \
        [lmap h $tabs {lassign $h o n; list table $n $o}]]
  }
  foreach step $steps {
    if {[lindex $step 0] eq "table"} {
      lassign $step - old new
      set st [snap_table $snap $old]
      if {$st eq ""} continue
      set d [dict get $snap $st]
      dict unset snap $st
      dict set snap $new $d
    } else {
      # The column hints of one table take effect all at once, so that
      # {t a b} and {t b a} swap two columns.
      lassign $step - tab
      set st [snap_table $snap $tab]
      if {$st eq "" || [info exists done($st)]} continue
      set map {}
      foreach s $steps {
        lassign $s kind stab sold snew
        if {$kind eq "column" && [string equal -nocase $stab $tab]} {
          dict set map [string tolower $sold] $snew
        }
      }
      foreach key {cols stored} {
        dict set snap $st $key [lmap c [dict get $snap $st $key] {
          set k [string tolower $c]
          expr {[dict exists $map $k] ? [dict get $map $k] : $c}
        }]
      }
      set done($st) 1
    }
  }
  return $snap
}

#-------------------------------------------------------------------------
# The pair runner.

# oracle_sane DB: "" when integrity_check says ok and foreign_key_check
# finds nothing, else what they said.
proc oracle_sane {db} {
  set out {}
  set ic [$db eval {PRAGMA integrity_check}]
  if {$ic ne "ok"} { lappend out "integrity_check: $ic" }
  set fk [$db eval {PRAGMA foreign_key_check}]
  if {$fk ne ""} { lappend out "foreign_key_check: $fk" }
  join $out "; "
}

# oracle_declare SQL: replace every declaration by the statements in SQL.
proc oracle_declare {sql} {
  db eval {SELECT orm_undeclare()}
  if {[string trim $sql] ne ""} {
    db eval {SELECT orm_declare($sql)}
  }
}

# oracle_idempotent SQL: "" when declaring SQL over the current database
# changes nothing: orm_diff empty, orm_migrate() NULL.
proc oracle_idempotent {sql} {
  if {[catch {oracle_declare $sql} msg]} { return "declare: $msg" }
  set out {}
  set diff [db eval {SELECT op, object, detail FROM orm_diff}]
  if {[llength $diff]} { lappend out "orm_diff not empty: $diff" }
  if {[catch {db one {SELECT orm_migrate('idempotence')}} rev]} {
    lappend out "orm_migrate: $rev"
  } elseif {$rev ne ""} {
    lappend out "orm_migrate() recorded $rev: [db one {
      SELECT up_sql FROM orm_migrations WHERE revision=$rev}]"
    # Leave no pending revision behind for the downgrade.
    db eval {DELETE FROM orm_migrations WHERE revision=$rev}
  }
  join $out "; "
}

# oracle_run_pair BEFORE AFTER ?OPTIONS?: run one pair through the whole
# oracle on [db] (which it resets).  OPTIONS is a dict:
#   fill     SQL that fills `before` instead of oracle_fill (run with
#            foreign keys off; may be empty: no rows)
#   postfill SQL run after the fill (foreign keys off), e.g. to put NULLs
#            into some of oracle_fill's rows
#   error    the upgrade must fail with a message matching this glob (the
#            rows are chosen to break `after`)
#   variants other spellings of `after` that must also be idempotent
#   renames  orm_rename() hints given after declaring `after`: each
#            {old_table new_table} or {table old_column new_column}; the
#            rows are expected under the new names
#   down     0 to skip the downgrade
#   lenient  1: rows that do not fit `after` (a random pair) need only make
#            the upgrade fail cleanly, with any message
# Returns "" when everything holds, else every problem found, one a line.
proc oracle_run_pair {before after {opts {}}} {
  set error ""
  set variants {}
  set renames {}
  set down 1
  set lenient 0
  set postfill ""
  dict with opts {}
  set hasFill [dict exists $opts fill]
  set problems {}

  reset_db
  oracle_collations db
  db eval {PRAGMA foreign_keys=ON}

  # 1. before.
  if {[string trim $before] ne ""} {
    if {[catch {
      oracle_declare $before
      db one {SELECT orm_migrate('before')}
      db one {SELECT orm_upgrade()}
    } msg]} {
      return "before: $msg"
    }
  }
  oracle_pristine pristine $before
  set want [oracle_schema pristine]
  set d [oracle_schema_diff [oracle_schema db] $want]
  if {$d ne ""} { return "before: schema differs from pristine:\n$d" }
  set revBefore [db one {SELECT orm_current()}]

  # 2. rows.
  if {[catch {
    if {$hasFill} {
      db eval {PRAGMA foreign_keys=OFF}
      db eval $fill
      db eval {PRAGMA foreign_keys=ON}
    } else {
      oracle_fill db
    }
    if {$postfill ne ""} {
      db eval {PRAGMA foreign_keys=OFF}
      db eval $postfill
      db eval {PRAGMA foreign_keys=ON}
    }
  } msg]} {
    return "fill: $msg"
  }
  set s [oracle_sane db]
  if {$s ne ""} { return "fill: $s" }
  set snap [oracle_snapshot db]

  # 3. after.
  if {[catch {
    oracle_declare $after
    foreach h $renames { db one "SELECT orm_rename([join [lmap x $h {
      string cat ' [string map {' ''} $x] '}] ,])" }
  } msg]} {
    return "declare after: $msg"
  }
  set snap [snap_rename $snap $renames]
  if {[catch {db one {SELECT orm_migrate('after')}} rev]} {
    return "migrate after: $rev"
  }
  if {$rev eq ""} { return "migrate after: returned NULL (no change found)" }
  set bad [oracle_expect expected $after $snap]
  set sum [cksum]
  if {$bad ne "" && $error eq "" && $lenient} { set error * }
  if {$bad ne "" || $error ne ""} {
    # The rows break `after`: the upgrade must fail and change nothing.
    if {$bad eq ""} {
      return "expected an error ($error) but the rows fit `after`"
    }
    if {$error eq ""} {
      return "the rows do not fit `after` ($bad): fix the fill"
    }
    set error [string map [list %REV% $rev] $error]
    set rc [catch {db one {SELECT orm_upgrade('head', 'allow-data-loss')}} msg]
    if {!$rc} {
      lappend problems "upgrade succeeded, expected: $error"
      set s [oracle_sane db]
      if {$s ne ""} { lappend problems "after the upgrade: $s" }
    } elseif {![string match $error $msg]} {
      lappend problems "upgrade error: expected {$error} got {$msg}"
    }
    if {[db one {SELECT orm_current()}] ne $revBefore} {
      lappend problems "orm_current() moved"
    }
    if {[cksum] ne $sum} { lappend problems "cksum changed" }
    return [join $problems \n]
  }
  set loss [oracle_loses $snap expected]
  if {$loss ne ""} {
    set rc [catch {db one {SELECT orm_upgrade()}} msg]
    if {!$rc} {
      lappend problems "upgrade without 'allow-data-loss' succeeded, but it loses: $loss"
    } else {
      if {![string match "*allow-data-loss*" $msg]} {
        lappend problems "upgrade without 'allow-data-loss' (loses $loss): $msg"
      }
      if {[cksum] ne $sum} {
        lappend problems "refused upgrade changed the database"
      }
      if {[catch {db one {SELECT orm_upgrade('head', 'allow-data-loss')}} msg]} {
        lappend problems "upgrade: $msg"
        return [join $problems \n]
      }
    }
  } elseif {[catch {db one {SELECT orm_upgrade()}} msg]} {
    lappend problems "upgrade (loses nothing): $msg"
    return [join $problems \n]
  }
  if {[db one {SELECT orm_current()}] ne $rev} {
    lappend problems "after upgrade, orm_current() is not $rev"
  }

  # 4. schema, rows, sanity.
  oracle_pristine pristine $after
  set d [oracle_schema_diff [oracle_schema db] [oracle_schema pristine]]
  if {$d ne ""} { lappend problems "after: schema differs from pristine:\n$d" }
  set d [oracle_compare_rows db expected $snap]
  if {$d ne ""} { lappend problems "after: rows differ:\n$d" }
  set s [oracle_sane db]
  if {$s ne ""} { lappend problems "after: $s" }

  # 5. idempotence.
  foreach v [concat [list $after] $variants] {
    set d [oracle_idempotent $v]
    if {$d ne ""} {
      lappend problems "idempotence of {[string trim $v]}: $d"
    }
  }

  # 6. downgrade.
  if {$down} {
    set snap2 [snap_rename [oracle_snapshot db] $renames back]
    set bad [oracle_expect expected $before $snap2]
    set sum [cksum]
    set loss [expr {$bad eq "" ? [oracle_loses $snap2 expected] : ""}]
    set rc [catch {db one {SELECT orm_downgrade('-1')}} msg]
    if {$bad eq "" && $loss ne ""} {
      # It loses data: refused without 'allow-data-loss', changing nothing.
      if {!$rc} {
        lappend problems "downgrade without 'allow-data-loss' succeeded, but it loses: $loss"
        set rc [catch {db one {SELECT orm_upgrade('head', 'allow-data-loss')}} msg]
        if {$rc} { lappend problems "upgrade after that downgrade: $msg" }
      } elseif {![string match "*allow-data-loss*" $msg]} {
        lappend problems "downgrade without 'allow-data-loss' (loses $loss): $msg"
      } elseif {[cksum] ne $sum} {
        lappend problems "refused downgrade changed the database"
      }
      set rc [catch {db one {SELECT orm_downgrade('-1', 'allow-data-loss')}} msg]
    } elseif {$bad ne "" && $rc && [string match "*allow-data-loss*" $msg]} {
      set rc [catch {db one {SELECT orm_downgrade('-1', 'allow-data-loss')}} msg]
    }
    if {$bad ne ""} {
      # The rows cannot go back into `before` (a NOT NULL column without a
      # default to add back, say): the downgrade must fail cleanly.
      if {!$rc} {
        lappend problems "downgrade succeeded, but the rows do not fit `before`: $bad"
      } elseif {[cksum] ne $sum} {
        lappend problems "failed downgrade changed the database"
      }
    } elseif {$rc} {
      lappend problems "downgrade: $msg"
    } else {
      if {$msg ne $revBefore} {
        lappend problems "downgrade returned {$msg}, expected {$revBefore}"
      }
      oracle_pristine pristine $before
      set d [oracle_schema_diff [oracle_schema db] [oracle_schema pristine]]
      if {$d ne ""} {
        lappend problems "downgrade: schema differs from pristine:\n$d"
      }
      set d [oracle_compare_rows db expected $snap2]
      if {$d ne ""} { lappend problems "downgrade: rows differ:\n$d" }
      set s [oracle_sane db]
      if {$s ne ""} { lappend problems "downgrade: $s" }
      # An AUTOINCREMENT counter never goes back, even when the table lost
      # AUTOINCREMENT on the way up and got it back now (a table dropped and
      # made again lost its rows and its counter with them).
      dict for {t d} [snap_rename $snap $renames back] {
        set seq0 [dict get $d seq]
        if {$seq0 eq "" || [snap_table $snap2 $t] eq ""} continue
        if {![db exists {SELECT 1 FROM sqlite_schema WHERE name=$t
                         AND sql LIKE '%AUTOINCREMENT%'}]} continue
        set seq1 [db one {SELECT seq FROM sqlite_sequence WHERE name=$t}]
        if {$seq1 eq "" || $seq1 < $seq0} {
          lappend problems "downgrade: $t: sqlite_sequence {$seq1}, was $seq0"
        }
      }

      # 7. the same revision applied again.
      if {[catch {db one {SELECT orm_upgrade('head', 'allow-data-loss')}} msg]} {
        lappend problems "upgrade again: $msg"
      } else {
        oracle_pristine pristine $after
        set d [oracle_schema_diff [oracle_schema db] [oracle_schema pristine]]
        if {$d ne ""} {
          lappend problems "upgrade again: schema differs from pristine:\n$d"
        }
        set s [oracle_sane db]
        if {$s ne ""} { lappend problems "upgrade again: $s" }
      }
    }
  }
  catch {pristine close}
  catch {expected close}
  join $problems \n
}

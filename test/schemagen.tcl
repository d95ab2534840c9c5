# test/schemagen.tcl - random (before, after) schema pairs for random.test.
#
#   source -encoding utf-8 $testdir/schemagen.tcl
#   set pair [schemagen_pair $seed]
#   dict get $pair before     ;# SQL of a random schema
#   dict get $pair after      ;# the same schema after 1-3 mutations
#   dict get $pair variant    ;# `after` spelled another way (quoting,
#                             ;# type-name case, DEFAULT x vs (x), column
#                             ;# order, table-level PRIMARY KEY), which must
#                             ;# be idempotent
#   dict get $pair renames    ;# orm_rename() hints that go with `after`
#   dict get $pair mutations  ;# what changed, for the failure report
#   dict get $pair nulls      ;# SQL run after oracle_fill: some NULLs
#
# The same seed gives the same pair: schemagen_pair starts with
# expr {srand($seed)}, and nothing else here draws from rand().
#
# A schema is a model: a dict {tables views triggers}, tables a dict name ->
# table in creation order.  A table is a dict:
#   name; kind: rowid ("id INTEGER PRIMARY KEY" first), plain (no key),
#   textpk ("k TEXT PRIMARY KEY" first) or norowid (the same, WITHOUT
#   ROWID); strict, autoinc (0/1); cols, indexes (lists of dicts); checks
#   (list of {template column}).
# A column is a dict: name, type, pk, notnull, default, unique, conflict
# (the ON CONFLICT action of its UNIQUE, or ""), collate,
# check (template or ""), ref (parent table or ""), action (ON DELETE),
# deferred (0/1), gen (template or ""), genkind (STORED/VIRTUAL), gensrc
# (the column gen reads).  An index is a dict: name, unique, cols, where and
# expr (0/1: "WHERE first IS NOT NULL", "lower(first)"), desc.  A view is
# {name table}, a trigger {name table update-of-column-or-""}.  Templates
# hold %C where the column's quoted name goes, so that a renamed column
# renders right everywhere.
#
# The model keeps the pairs honest with the rows oracle_fill puts in
# `before` (row i holds i, 'vi', i.5, X'0i' by type; foreign keys hold
# 1..3): a CHECK holds for such values, defaults and NULL; NOT NULL always
# comes with a DEFAULT; UNIQUE only goes on a column whose rows differ (one
# of `before`, or a new one without a default); a foreign key points at the
# "id" of a rowid table of `before`.  Changes that SQLite cannot store (a
# STRICT column given text, say) may still come out: the oracle then
# expects the upgrade to fail cleanly.

#-------------------------------------------------------------------------
# Random choices.

# rnd N: an integer in [0, N).
proc rnd {n} { expr {int(rand()*$n)} }

# pick LIST: one element of LIST.
proc pick {list} { lindex $list [rnd [llength $list]] }

# chance P: true with probability P.
proc chance {p} { expr {rand() < $p} }

#-------------------------------------------------------------------------
# Names.

set ::sg_plain_types  {INTEGER TEXT REAL BLOB NUMERIC {} VARCHAR(20) BIGINT
                       DOUBLE {DECIMAL(8,2)} CLOB INT}
set ::sg_strict_types {INTEGER TEXT REAL BLOB ANY INT}
set ::sg_odd_names    {{my col} select order {q"t} é naïve {a.b} {it's}
                       Größe 名前 {x y z} group}
set ::sg_keywords     {select order group from where table index key values
                       default check primary unique references}
# Collations: SQLite's own, and "unicase", which the connection registers
# as an application would (oracle_collations).
set ::sg_collations   {NOCASE RTRIM unicase}

# What `before` has: table -> its column names; "*" while `before` itself
# is being made.
set ::sg_before_cols *

# sg_in_before TABLE ?COLUMN?: true when `before` has TABLE (and COLUMN).
proc sg_in_before {table {col ""}} {
  if {$::sg_before_cols eq "*"} { return 1 }
  if {![dict exists $::sg_before_cols $table]} { return 0 }
  expr {$col eq "" || $col in [dict get $::sg_before_cols $table]}
}

# sg_new_name MODEL TABLE PREFIX: a column name (TABLE "" for a table or
# index or view name) that neither the model nor `before` uses: usually
# PREFIX and a number, sometimes an odd one (spaces, quotes, keywords,
# non-ASCII).
proc sg_new_name {model table prefix} {
  set used [sg_used_names $model $table]
  if {$::sg_before_cols ne "*"} {
    if {$table eq ""} {
      lappend used {*}[string tolower [dict keys $::sg_before_cols]]
    } elseif {[dict exists $::sg_before_cols $table]} {
      lappend used {*}[string tolower [dict get $::sg_before_cols $table]]
    }
  }
  if {[chance 0.15]} {
    set n [pick $::sg_odd_names]
    if {$table eq ""} { set n "$prefix $n" }
    if {[string tolower $n] ni $used} { return $n }
  }
  if {[chance 0.15]} {
    # A name another kind of object has: a table or index named like a
    # column of some table, a column named like a table.
    set others [sg_other_names $model $table]
    if {[llength $others]} {
      set n [pick $others]
      if {[string tolower $n] ni $used} { return $n }
    }
  }
  for {set i 1} {1} {incr i} {
    if {[string tolower $prefix$i] ni $used} { return $prefix$i }
  }
}

# sg_other_names MODEL TABLE: for a column (TABLE not ""), the names of the
# tables; for a table, index or view (TABLE ""), the columns of every
# table.  Names a new object may share with an object of another kind.
proc sg_other_names {model table} {
  set out {}
  dict for {tn t} [dict get $model tables] {
    if {$table ne ""} {
      lappend out $tn
    } else {
      foreach c [dict get $t cols] { lappend out [dict get $c name] }
    }
  }
  return $out
}

# sg_used_names MODEL TABLE: lower-case names in use: columns of TABLE, or
# (TABLE "") every table, index, view and trigger.
proc sg_used_names {model table} {
  set out {}
  if {$table ne ""} {
    foreach c [dict get $model tables $table cols] {
      lappend out [string tolower [dict get $c name]]
    }
    return $out
  }
  dict for {tn t} [dict get $model tables] {
    lappend out [string tolower $tn]
    foreach i [dict get $t indexes] {
      lappend out [string tolower [dict get $i name]]
    }
  }
  foreach k {views triggers} {
    foreach v [dict get $model $k] {
      lappend out [string tolower [lindex $v 0]]
    }
  }
  return $out
}

#-------------------------------------------------------------------------
# Building blocks.

# sg_default TYPE: a DEFAULT for a column of TYPE, as SQL.
proc sg_default {type} {
  set u [string toupper $type]
  if {[regexp {INT} $u]} { return [pick {0 7 -1 42 (1+1)}] }
  if {[regexp {CHAR|CLOB|TEXT} $u]} {
    return [pick {'x' 'none' {'it''s'} CURRENT_TIMESTAMP (upper('d'))}]
  }
  if {[regexp {REAL|FLOA|DOUB} $u]} { return [pick {0.5 -2.25 0.0}] }
  if {[regexp {BLOB} $u]} { return [pick {x'00' x'ff10'}] }
  return [pick {0 1 'n' 2.5}]
}

# sg_check: a CHECK template that holds for every value oracle_fill or a
# DEFAULT gives, and for NULL.
proc sg_check {} {
  pick {{length(%C) < 100} {%C IS NULL OR %C <> ''}
        {typeof(%C) <> 'nothing'} {coalesce(length(%C), 0) >= 0}}
}

# sg_new_column NAME TYPE: a column dict with no constraint.
proc sg_new_column {name type} {
  dict create name $name type $type pk 0 notnull 0 default "" unique 0 \
      conflict "" collate "" check "" ref "" action "" deferred 0 gen "" \
      genkind "" gensrc ""
}

# sg_rowid_tables MODEL ?BEFORE?: tables with an "id INTEGER PRIMARY KEY",
# which a foreign key can point at (a table may point at itself); with
# BEFORE only those of `before`, which have rows 1..3.
proc sg_rowid_tables {model {before 0}} {
  set out {}
  dict for {tn t} [dict get $model tables] {
    if {[dict get $t kind] ne "rowid"} continue
    if {$before && ![sg_in_before $tn]} continue
    lappend out $tn
  }
  return $out
}

# sg_lappend MODEL TABLE KEY VALUE: MODEL with VALUE appended to the list
# KEY (cols, indexes, checks) of TABLE.
proc sg_lappend {model table key value} {
  set l [dict get $model tables $table $key]
  lappend l $value
  dict set model tables $table $key $l
  return $model
}

# sg_column MODEL TABLE: a new random column dict for TABLE.
proc sg_column {model table} {
  set strict [dict get $model tables $table strict]
  set name [sg_new_name $model $table c]
  set type [pick [expr {$strict ? $::sg_strict_types : $::sg_plain_types}]]
  set c [sg_new_column $name $type]
  if {[chance 0.3]} { dict set c default [sg_default $type] }
  if {[chance 0.15]} {
    dict set c notnull 1
    if {[dict get $c default] eq ""} { dict set c default [sg_default $type] }
  }
  if {[chance 0.1] && [dict get $c default] eq ""} {
    dict set c unique 1
    if {[chance 0.3]} { dict set c conflict [pick {IGNORE REPLACE FAIL}] }
  }
  if {[chance 0.1] && [regexp -nocase {TEXT|CHAR|CLOB} $type]} {
    dict set c collate [pick $::sg_collations]
  }
  if {[chance 0.1]} { dict set c check [sg_check] }
  set parents [sg_rowid_tables $model]
  if {[chance 0.15] && [llength $parents] && !$strict} {
    dict set c type INTEGER
    dict set c ref [pick $parents]
    dict set c action [pick {"" "" CASCADE {SET NULL}}]
    dict set c deferred [chance 0.2]
    dict set c default ""
    dict set c notnull 0
    dict set c unique 0
  }
  return $c
}

# sg_table MODEL: MODEL with one new random table.
proc sg_table {model} {
  set name [sg_new_name $model "" t]
  set kind [pick {rowid rowid rowid plain textpk norowid}]
  set cols {}
  switch $kind {
    rowid   { lappend cols [dict replace [sg_new_column id INTEGER] pk 1] }
    textpk  -
    norowid { lappend cols [dict replace [sg_new_column k TEXT] pk 1] }
  }
  dict set model tables $name [dict create name $name kind $kind \
      strict [chance 0.2] autoinc [expr {$kind eq "rowid" && [chance 0.15]}] \
      cols $cols indexes {} checks {}]
  set n [expr {1 + [rnd 5]}]
  for {set i 0} {$i < $n} {incr i} {
    set model [sg_lappend $model $name cols [sg_column $model $name]]
  }
  return $model
}

# sg_schema: a random model of 1 to 3 tables, perhaps with indexes, table
# CHECKs, a view and a trigger.
proc sg_schema {} {
  set model [dict create tables {} views {} triggers {}]
  set n [expr {1 + [rnd 3]}]
  for {set i 0} {$i < $n} {incr i} {
    set model [sg_table $model]
  }
  foreach tn [dict keys [dict get $model tables]] {
    if {[chance 0.4]} { set model [sg_mut_add_index $model $tn] }
    if {[chance 0.2]} { set model [sg_mut_add_table_check $model $tn] }
  }
  if {[chance 0.2]} { set model [sg_mut_add_view $model ""] }
  if {[chance 0.2]} { set model [sg_mut_add_trigger $model ""] }
  return $model
}

#-------------------------------------------------------------------------
# Mutations.  Each takes the model and a table name and returns the new
# model, or the same model when it does not apply there.

# sg_plain_cols MODEL TABLE: the positions of the columns a mutation may
# touch: not the key, not generated.
proc sg_plain_cols {model table} {
  set out {}
  set i 0
  foreach c [dict get $model tables $table cols] {
    if {![dict get $c pk] && [dict get $c gen] eq ""} { lappend out $i }
    incr i
  }
  return $out
}

# sg_col MODEL TABLE I: column dict I of TABLE.
proc sg_col {model table i} {
  lindex [dict get $model tables $table cols] $i
}

# sg_set_col MODEL TABLE I KEY VALUE ...: MODEL with column I's KEYs set.
proc sg_set_col {model table i args} {
  set cols [dict get $model tables $table cols]
  lset cols $i [dict replace [lindex $cols $i] {*}$args]
  dict set model tables $table cols $cols
  return $model
}

proc sg_mut_add_column {model table} {
  sg_lappend $model $table cols [sg_column $model $table]
}

proc sg_mut_drop_column {model table} {
  set pos [sg_plain_cols $model $table]
  if {[llength $pos] < 2} { return $model }
  sg_drop_column_named $model $table \
      [dict get [sg_col $model $table [pick $pos]] name]
}

# sg_drop_column_named MODEL TABLE NAME: MODEL without the column and what
# depends on it: its indexes, table CHECKs, generated columns and UPDATE OF
# triggers.
proc sg_drop_column_named {model table name} {
  set cols {}
  foreach c [dict get $model tables $table cols] {
    if {[dict get $c name] eq $name || [dict get $c gensrc] eq $name} continue
    lappend cols $c
  }
  dict set model tables $table cols $cols
  dict set model tables $table indexes [lmap x \
      [dict get $model tables $table indexes] {
    if {$name in [dict get $x cols]} continue
    set x
  }]
  dict set model tables $table checks [lmap x \
      [dict get $model tables $table checks] {
    if {[lindex $x 1] eq $name} continue
    set x
  }]
  dict set model triggers [lmap tr [dict get $model triggers] {
    if {[lindex $tr 1] eq $table && [lindex $tr 2] eq $name} continue
    set tr
  }]
  return $model
}

proc sg_mut_retype_column {model table} {
  set pos [sg_plain_cols $model $table]
  if {![llength $pos]} { return $model }
  set i [pick $pos]
  set c [sg_col $model $table $i]
  if {[dict get $c ref] ne ""} { return $model }
  set types [expr {[dict get $model tables $table strict]
                   ? $::sg_strict_types : $::sg_plain_types}]
  set type [pick $types]
  if {$type eq [dict get $c type]} { return $model }
  set model [sg_set_col $model $table $i type $type]
  # A default of the old type may not suit the new one.
  if {[dict get $c default] ne ""} {
    set model [sg_set_col $model $table $i default [sg_default $type]]
  }
  return $model
}

proc sg_mut_toggle_not_null {model table} {
  set pos [sg_plain_cols $model $table]
  if {![llength $pos]} { return $model }
  set i [pick $pos]
  set c [sg_col $model $table $i]
  if {[dict get $c notnull]} {
    return [sg_set_col $model $table $i notnull 0]
  }
  if {[dict get $c unique] || [dict get $c ref] ne ""} { return $model }
  set model [sg_set_col $model $table $i notnull 1]
  if {[dict get $c default] eq ""} {
    set model [sg_set_col $model $table $i default \
                   [sg_default [dict get $c type]]]
  }
  return $model
}

proc sg_mut_change_default {model table} {
  set pos [sg_plain_cols $model $table]
  if {![llength $pos]} { return $model }
  set i [pick $pos]
  set c [sg_col $model $table $i]
  if {[dict get $c unique] || [dict get $c ref] ne ""} { return $model }
  set d [sg_default [dict get $c type]]
  if {[chance 0.3] && ![dict get $c notnull]} { set d "" }
  if {$d eq [dict get $c default]} { return $model }
  sg_set_col $model $table $i default $d
}

# sg_distinct MODEL TABLE COLUMN: true when COLUMN's rows hold distinct
# values (or NULLs): `before` had it (oracle_fill gave each row its own
# value), or it has no default.
proc sg_distinct {model table col} {
  if {[sg_in_before $table $col]} { return 1 }
  foreach c [dict get $model tables $table cols] {
    if {[dict get $c name] eq $col} {
      return [expr {[dict get $c default] eq "" && ![dict get $c notnull]}]
    }
  }
  return 0
}

proc sg_mut_toggle_unique {model table} {
  set pos [sg_plain_cols $model $table]
  if {![llength $pos]} { return $model }
  set i [pick $pos]
  set c [sg_col $model $table $i]
  if {[dict get $c unique]} {
    if {[chance 0.5]} {
      set a [pick {"" IGNORE REPLACE ROLLBACK}]
      if {$a ne [dict get $c conflict]} {
        return [sg_set_col $model $table $i conflict $a]
      }
    }
    return [sg_set_col $model $table $i unique 0 conflict ""]
  }
  if {![sg_distinct $model $table [dict get $c name]]} { return $model }
  sg_set_col $model $table $i unique 1
}

proc sg_mut_add_index {model table} {
  set pos [sg_plain_cols $model $table]
  if {![llength $pos]} { return $model }
  set names {}
  foreach i [lsort -unique [list [pick $pos] [pick $pos]]] {
    lappend names [dict get [sg_col $model $table $i] name]
  }
  if {[chance 0.5]} { set names [lrange $names 0 0] }
  set unique 0
  if {[chance 0.3]} {
    set unique 1
    foreach n $names {
      if {![sg_distinct $model $table $n]} { set unique 0 }
    }
  }
  sg_lappend $model $table indexes [dict create \
      name [sg_new_name $model "" i] unique $unique cols $names \
      where [chance 0.25] expr [chance 0.15] \
      desc [expr {[chance 0.2] ? " DESC" : ""}]]
}

proc sg_mut_drop_index {model table} {
  set idx [dict get $model tables $table indexes]
  if {![llength $idx]} { return $model }
  set i [rnd [llength $idx]]
  dict set model tables $table indexes [lreplace $idx $i $i]
  return $model
}

proc sg_mut_toggle_check {model table} {
  set pos [sg_plain_cols $model $table]
  if {![llength $pos]} { return $model }
  set i [pick $pos]
  if {[dict get [sg_col $model $table $i] check] ne ""} {
    return [sg_set_col $model $table $i check ""]
  }
  sg_set_col $model $table $i check [sg_check]
}

proc sg_mut_add_table_check {model table} {
  set pos [sg_plain_cols $model $table]
  if {![llength $pos]} { return $model }
  set n [dict get [sg_col $model $table [pick $pos]] name]
  sg_lappend $model $table checks [list [sg_check] $n]
}

proc sg_mut_drop_table_check {model table} {
  set checks [dict get $model tables $table checks]
  if {![llength $checks]} { return $model }
  set i [rnd [llength $checks]]
  dict set model tables $table checks [lreplace $checks $i $i]
  return $model
}

# Rename without a hint: drop + add, and the column's values are lost.
proc sg_mut_rename_column {model table} {
  set pos [sg_plain_cols $model $table]
  if {[llength $pos] < 2} { return $model }
  set c [sg_col $model $table [pick $pos]]
  set model [sg_drop_column_named $model $table [dict get $c name]]
  dict set c name [sg_new_name $model $table r]
  dict set c unique 0
  sg_lappend $model $table cols $c
}

proc sg_mut_toggle_collate {model table} {
  set pos [sg_plain_cols $model $table]
  if {![llength $pos]} { return $model }
  set i [pick $pos]
  set coll [pick [concat {""} $::sg_collations]]
  if {$coll eq [dict get [sg_col $model $table $i] collate]} { return $model }
  sg_set_col $model $table $i collate $coll
}

proc sg_mut_toggle_fk {model table} {
  if {[dict get $model tables $table strict]} { return $model }
  set pos [sg_plain_cols $model $table]
  if {![llength $pos]} { return $model }
  set i [pick $pos]
  set c [sg_col $model $table $i]
  if {[dict get $c ref] ne ""} {
    return [sg_set_col $model $table $i ref "" action "" deferred 0]
  }
  # Only an INTEGER column of `before` holds 1..3, which the parents have.
  set parents [sg_rowid_tables $model 1]
  if {[dict get $c type] ne "INTEGER" || ![llength $parents]
      || ![sg_in_before $table [dict get $c name]]
      || [dict get $c default] ne ""} {
    return $model
  }
  sg_set_col $model $table $i ref [pick $parents] \
      action [pick {"" CASCADE {SET NULL}}]
}

proc sg_mut_change_fk_action {model table} {
  set pos [sg_plain_cols $model $table]
  foreach i $pos {
    set c [sg_col $model $table $i]
    if {[dict get $c ref] eq ""} continue
    if {[chance 0.5]} {
      return [sg_set_col $model $table $i deferred \
                  [expr {![dict get $c deferred]}]]
    }
    set a [pick {"" CASCADE {SET NULL} RESTRICT}]
    if {$a eq [dict get $c action]} { return $model }
    return [sg_set_col $model $table $i action $a]
  }
  return $model
}

proc sg_mut_add_generated {model table} {
  set pos [sg_plain_cols $model $table]
  if {![llength $pos]} { return $model }
  set src [dict get [sg_col $model $table [pick $pos]] name]
  set c [sg_new_column [sg_new_name $model $table g] TEXT]
  dict set c gen "%C || '-'"
  dict set c gensrc $src
  dict set c genkind [pick {STORED VIRTUAL}]
  sg_lappend $model $table cols $c
}

proc sg_mut_toggle_strict {model table} {
  set t [dict get $model tables $table]
  if {[dict get $t strict]} {
    dict set model tables $table strict 0
    return $model
  }
  foreach c [dict get $t cols] {
    if {[dict get $c type] ni $::sg_strict_types} { return $model }
  }
  dict set model tables $table strict 1
  return $model
}

proc sg_mut_toggle_autoincrement {model table} {
  if {[dict get $model tables $table kind] ne "rowid"} { return $model }
  dict set model tables $table autoinc \
      [expr {![dict get $model tables $table autoinc]}]
  return $model
}

# WITHOUT ROWID on or off, for a table keyed by "k TEXT PRIMARY KEY".
proc sg_mut_toggle_without_rowid {model table} {
  switch [dict get $model tables $table kind] {
    textpk  { dict set model tables $table kind norowid }
    norowid { dict set model tables $table kind textpk }
  }
  return $model
}

proc sg_mut_add_table {model table} {
  sg_table $model
}

# Only a table no other table refers to.
proc sg_mut_drop_table {model table} {
  if {[dict size [dict get $model tables]] < 2} { return $model }
  dict for {tn t} [dict get $model tables] {
    if {$tn eq $table} continue
    foreach c [dict get $t cols] {
      if {[dict get $c ref] eq $table} { return $model }
    }
  }
  dict unset model tables $table
  foreach k {views triggers} {
    dict set model $k [lmap v [dict get $model $k] {
      if {[lindex $v 1] eq $table} continue
      set v
    }]
  }
  return $model
}

proc sg_mut_add_view {model table} {
  if {$table eq ""} { set table [pick [dict keys [dict get $model tables]]] }
  dict lappend model views [list [sg_new_name $model "" v] $table]
  return $model
}

proc sg_mut_drop_view {model table} {
  set views [dict get $model views]
  if {![llength $views]} { return $model }
  set i [rnd [llength $views]]
  dict set model views [lreplace $views $i $i]
  return $model
}

proc sg_mut_add_trigger {model table} {
  if {$table eq ""} { set table [pick [dict keys [dict get $model tables]]] }
  set of ""
  set pos [sg_plain_cols $model $table]
  if {[chance 0.5] && [llength $pos]} {
    set of [dict get [sg_col $model $table [pick $pos]] name]
  }
  dict lappend model triggers [list [sg_new_name $model "" tr] $table $of]
  return $model
}

proc sg_mut_drop_trigger {model table} {
  set trs [dict get $model triggers]
  if {![llength $trs]} { return $model }
  set i [rnd [llength $trs]]
  dict set model triggers [lreplace $trs $i $i]
  return $model
}

set ::sg_mutations {
  add_column add_column drop_column retype_column retype_column
  toggle_not_null change_default toggle_unique add_index drop_index
  toggle_check add_table_check drop_table_check rename_column
  toggle_collate toggle_fk change_fk_action add_generated toggle_strict
  toggle_autoincrement toggle_without_rowid add_table drop_table add_view
  drop_view add_trigger drop_trigger
}

#-------------------------------------------------------------------------
# Renames with an orm_rename() hint, made last so that the hint names a
# table and column `before` has.

# sg_rename_table MODEL OLD NEW: MODEL with table OLD called NEW, and every
# reference to it (foreign keys, views, triggers) following.
proc sg_rename_table {model old new} {
  set tables {}
  dict for {tn t} [dict get $model tables] {
    dict set t cols [lmap c [dict get $t cols] {
      if {[dict get $c ref] eq $old} { dict set c ref $new }
      set c
    }]
    if {$tn eq $old} {
      set tn $new
      dict set t name $new
    }
    dict set tables $tn $t
  }
  dict set model tables $tables
  foreach k {views triggers} {
    dict set model $k [lmap v [dict get $model $k] {
      if {[lindex $v 1] eq $old} { lset v 1 $new }
      set v
    }]
  }
  return $model
}

# sg_rename_column MODEL TABLE OLD NEW: MODEL with column OLD of TABLE
# called NEW, in its indexes, CHECKs, generated columns and triggers too.
proc sg_rename_column {model table old new} {
  dict set model tables $table cols [lmap c \
      [dict get $model tables $table cols] {
    if {[dict get $c name] eq $old} { dict set c name $new }
    if {[dict get $c gensrc] eq $old} { dict set c gensrc $new }
    set c
  }]
  dict set model tables $table indexes [lmap x \
      [dict get $model tables $table indexes] {
    dict set x cols [lmap n [dict get $x cols] {
      expr {$n eq $old ? $new : $n}
    }]
    set x
  }]
  dict set model tables $table checks [lmap x \
      [dict get $model tables $table checks] {
    if {[lindex $x 1] eq $old} { lset x 1 $new }
    set x
  }]
  dict set model triggers [lmap tr [dict get $model triggers] {
    if {[lindex $tr 1] eq $table && [lindex $tr 2] eq $old} { lset tr 2 $new }
    set tr
  }]
  return $model
}

# sg_rename_hint MODEL: {model hints} after one hinted rename of a table
# or a column that `before` has, or a swap of two columns' names (two
# hints, a to b and b to a), or {model ""} when there is none to rename.
proc sg_rename_hint {model} {
  set tables [lmap tn [dict keys [dict get $model tables]] {
    if {![sg_in_before $tn]} continue
    set tn
  }]
  if {![llength $tables]} { return [list $model ""] }
  set table [pick $tables]
  if {[chance 0.3]} {
    set new [sg_new_name $model "" t]
    return [list [sg_rename_table $model $table $new] \
                 [list [list $table $new]]]
  }
  set cols {}
  foreach i [sg_plain_cols $model $table] {
    set n [dict get [sg_col $model $table $i] name]
    if {[sg_in_before $table $n]} { lappend cols $n }
  }
  if {![llength $cols]} { return [list $model ""] }
  set old [pick $cols]
  if {[llength $cols] >= 2 && [chance 0.3]} {
    set other [pick [lsearch -all -inline -not -exact $cols $old]]
    set tmp [sg_new_name $model $table swap]
    set model [sg_rename_column $model $table $old $tmp]
    set model [sg_rename_column $model $table $other $old]
    set model [sg_rename_column $model $table $tmp $other]
    return [list $model [list [list $table $old $other] \
                             [list $table $other $old]]]
  }
  set new [sg_new_name $model $table n]
  list [sg_rename_column $model $table $old $new] \
       [list [list $table $old $new]]
}

#-------------------------------------------------------------------------
# Rendering a model as SQL.

# sg_quote NAME ?STYLE?: NAME as an identifier: bare when it is a plain
# word that is no keyword (unless the style quotes everything), else
# double-quoted.
proc sg_quote {name {style {}}} {
  set all [expr {[dict exists $style quote] && [dict get $style quote]}]
  if {!$all && [regexp {^[A-Za-z_][A-Za-z0-9_]*$} $name]
      && [string tolower $name] ni $::sg_keywords} {
    return $name
  }
  return "\"[string map {\" \"\"} $name]\""
}

# sg_fill TEMPLATE NAME STYLE: TEMPLATE with column NAME put in.
proc sg_fill {template name style} {
  string map [list %C [sg_quote $name $style]] $template
}

# sg_type TYPE STYLE: TYPE in the style's case.
proc sg_type {type style} {
  switch -- [dict get $style case] {
    lower { return [string tolower $type] }
    title { return [string totitle $type] }
  }
  return $type
}

# sg_dflt D STYLE: a DEFAULT value, parenthesized when the style says so.
proc sg_dflt {d style} {
  if {[dict get $style paren] && ![string match (* $d]} { return "($d)" }
  return $d
}

# sg_render_column C TABLE STYLE: the definition of column C.
proc sg_render_column {c t style} {
  set s [sg_quote [dict get $c name] $style]
  if {[dict get $c type] ne ""} {
    append s " [sg_type [dict get $c type] $style]"
  }
  if {[dict get $c pk] && ![dict get $style tablepk]} {
    append s " PRIMARY KEY"
    if {[dict get $t autoinc]} { append s " AUTOINCREMENT" }
  }
  if {[dict get $c gen] ne ""} {
    set e [sg_fill [dict get $c gen] [dict get $c gensrc] $style]
    append s " AS ($e) [dict get $c genkind]"
    return $s
  }
  if {[dict get $c notnull]} { append s " NOT NULL" }
  if {[dict get $c default] ne ""} {
    append s " DEFAULT [sg_dflt [dict get $c default] $style]"
  }
  if {[dict get $c unique]} {
    append s " UNIQUE"
    if {[dict get $c conflict] ne ""} {
      append s " ON CONFLICT [dict get $c conflict]"
    }
  }
  if {[dict get $c collate] ne ""} { append s " COLLATE [dict get $c collate]" }
  if {[dict get $c check] ne ""} {
    append s " CHECK([sg_fill [dict get $c check] [dict get $c name] $style])"
  }
  if {[dict get $c ref] ne ""} {
    append s " REFERENCES [sg_quote [dict get $c ref] $style](id)"
    if {[dict get $c action] ne ""} {
      append s " ON DELETE [dict get $c action]"
    }
    if {[dict get $c deferred]} { append s " DEFERRABLE INITIALLY DEFERRED" }
  }
  return $s
}

# sg_render MODEL ?STYLE?: the SQL of MODEL.  STYLE: quote (every
# identifier), case (upper, lower or title type names), paren (DEFAULT
# (x)), shuffle (columns in reverse order), tablepk (PRIMARY KEY as a table
# constraint).
proc sg_render {model {style {}}} {
  set style [dict merge {quote 0 case upper paren 0 shuffle 0 tablepk 0} \
                 $style]
  set out {}
  dict for {tn t} [dict get $model tables] {
    set tstyle $style
    if {[dict get $t autoinc]} { dict set tstyle tablepk 0 }
    set cols [dict get $t cols]
    if {[dict get $style shuffle]} { set cols [lreverse $cols] }
    set defs [lmap c $cols {sg_render_column $c $t $tstyle}]
    foreach c $cols {
      if {[dict get $c pk] && [dict get $tstyle tablepk]} {
        lappend defs "PRIMARY KEY([sg_quote [dict get $c name] $style])"
      }
    }
    foreach ck [dict get $t checks] {
      lappend defs "CHECK([sg_fill [lindex $ck 0] [lindex $ck 1] $style])"
    }
    set opts {}
    if {[dict get $t kind] eq "norowid"} { lappend opts "WITHOUT ROWID" }
    if {[dict get $t strict]} { lappend opts STRICT }
    set s "CREATE TABLE [sg_quote $tn $style]([join $defs {, }])"
    if {[llength $opts]} { append s " [join $opts {, }]" }
    lappend out $s
    foreach x [dict get $t indexes] {
      set first [lindex [dict get $x cols] 0]
      set keys [lmap n [dict get $x cols] {sg_quote $n $style}]
      if {[dict get $x expr]} {
        lset keys 0 [sg_fill {lower(%C)} $first $style]
      }
      lset keys 0 "[lindex $keys 0][dict get $x desc]"
      set s "CREATE [expr {[dict get $x unique] ? {UNIQUE } : {}}]INDEX"
      append s " [sg_quote [dict get $x name] $style] ON [sg_quote $tn $style]"
      append s "([join $keys {, }])"
      if {[dict get $x where]} {
        append s " WHERE [sg_fill {%C IS NOT NULL} $first $style]"
      }
      lappend out $s
    }
  }
  foreach v [dict get $model views] {
    lassign $v name table
    lappend out "CREATE VIEW [sg_quote $name $style] AS SELECT * FROM [sg_quote $table $style]"
  }
  foreach tr [dict get $model triggers] {
    lassign $tr name table of
    set ev [expr {$of eq "" ? "INSERT" : "UPDATE OF [sg_quote $of $style]"}]
    lappend out "CREATE TRIGGER [sg_quote $name $style] AFTER $ev ON [sg_quote $table $style] BEGIN SELECT 1; END"
  }
  join $out ";\n"
}

#-------------------------------------------------------------------------
# Pairs.

# sg_nulls MODEL: SQL that sets a nullable column of some tables to NULL
# in oracle_fill's second row, so that NULLs meet the mutations too.
proc sg_nulls {model} {
  set out {}
  dict for {tn t} [dict get $model tables] {
    if {![chance 0.3]} continue
    set cols {}
    foreach i [sg_plain_cols $model $tn] {
      set c [sg_col $model $tn $i]
      if {![dict get $c notnull]} { lappend cols [dict get $c name] }
    }
    if {![llength $cols]} continue
    set where [expr {[dict get $t kind] in {textpk norowid}
                     ? "k = 'v2'" : "rowid = 2"}]
    lappend out "UPDATE [sg_quote $tn] SET [sg_quote [pick $cols]] = NULL WHERE $where"
  }
  join $out ";\n"
}

# schemagen_pair SEED: a dict {seed before after variant renames mutations
# nulls}.
proc schemagen_pair {seed} {
  expr {srand($seed)}
  set ::sg_before_cols *
  set model [sg_schema]
  set before [sg_render $model]
  set nulls [sg_nulls $model]
  set ::sg_before_cols {}
  dict for {tn t} [dict get $model tables] {
    dict set ::sg_before_cols $tn [lmap c [dict get $t cols] {dict get $c name}]
  }
  # Mutations until something changed (two may undo each other).
  set m $model
  for {set try 0} {$try < 20 && [sg_render $m] eq $before} {incr try} {
    set m $model
    set done {}
    set renames {}
    set n [expr {1 + [rnd 3]}]
    for {set i 0} {$i < $n} {incr i} {
      set table [pick [dict keys [dict get $m tables]]]
      set mut [pick $::sg_mutations]
      set m2 [sg_mut_$mut $m $table]
      if {$m2 ne $m} {
        lappend done [list $mut $table]
        set m $m2
      }
    }
    if {[chance 0.15]} {
      lassign [sg_rename_hint $m] m2 hints
      foreach hint $hints {
        lappend done [list rename_hint {*}$hint]
        lappend renames $hint
        set m $m2
      }
    }
  }
  set style [dict create quote [chance 0.5] case [pick {upper lower title}] \
      paren [chance 0.5] shuffle [chance 0.5] tablepk [chance 0.3]]
  dict create seed $seed before $before after [sg_render $m] \
      variant [sg_render $m $style] renames $renames mutations $done \
      nulls $nulls
}

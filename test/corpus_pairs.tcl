# test/corpus_pairs.tcl - the (before, after) schema pairs of corpus.test.
#
# Each entry of $corpus_pairs is {name before-sql after-sql options}, made
# by [pair NAME BEFORE AFTER ?-option value ...?]:
#
#   -fill SQL      fill `before` with these rows instead of oracle_fill's
#                  three generated ones (run with foreign keys off)
#   -error GLOB    a negative pair: the rows break `after`, and the upgrade
#                  must fail with exactly this message (%REV% stands for the
#                  new revision's id), changing nothing
#   -variant SQL   another spelling of `after` (type-name case, quoting,
#                  DEFAULT 0 vs DEFAULT (0), ...) that must give an empty
#                  orm_diff once `after` is applied; may be repeated
#   -rename HINT   an orm_rename() hint given with `after`: {old new} for a
#                  table, {table old new} for a column (table by its new
#                  name); the rows are expected to follow; may be repeated
#   -down 0        skip the downgrade
#
# The oracle (test/oracle.tcl) decides everything else from the two
# schemas and the rows; a pair says nothing about how the extension should
# migrate it.  This file is read as UTF-8.

set corpus_pairs {}

proc pair {name before after args} {
  set opts {}
  foreach {k v} $args {
    switch -- $k {
      -fill    { dict set opts fill $v }
      -error   { dict set opts error $v }
      -variant { dict lappend opts variants $v }
      -down    { dict set opts down $v }
      -rename  { dict lappend opts renames $v }
      default  { error "pair $name: unknown option $k" }
    }
  }
  lappend ::corpus_pairs [list $name $before $after $opts]
}

#-------------------------------------------------------------------------
# Tables and columns: create, drop, add, drop.

pair create_table {} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
}
pair create_second_table {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE TABLE u(x INTEGER PRIMARY KEY, y REAL NOT NULL DEFAULT 0.5)
}
pair drop_table_with_rows {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE TABLE gone(x INTEGER PRIMARY KEY, y TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
}
pair drop_table_with_index_and_trigger {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE TABLE gone(x INTEGER PRIMARY KEY, y TEXT);
  CREATE INDEX gone_y ON gone(y);
  CREATE TRIGGER gone_ai AFTER INSERT ON gone BEGIN
    UPDATE t SET b = b || '+' WHERE a = new.x;
  END
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
}
pair drop_all_tables {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE TABLE u(a INTEGER PRIMARY KEY, b TEXT)
} {}
pair rename_table_by_drop_and_add {
  CREATE TABLE old_t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE new_t(a INTEGER PRIMARY KEY, b TEXT)
}
pair add_column_nullable {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT)
}
pair add_two_columns {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER, d BLOB)
}
pair add_column_in_the_middle {
  CREATE TABLE t(a INTEGER PRIMARY KEY, c TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT)
}
pair add_column_untyped {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c)
}
pair drop_column_nullable {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
}
pair drop_column_all_null {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} -fill {
  INSERT INTO t(a, b) VALUES(1, 'x'), (2, 'y');
}
pair drop_column_indexed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT);
  CREATE INDEX t_c ON t(c)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
}
pair drop_column_keeps_other_index {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT, d TEXT);
  CREATE INDEX t_b ON t(b);
  CREATE INDEX t_cd ON t(c, d)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT);
  CREATE INDEX t_b ON t(b)
}
pair drop_column_not_null_no_default {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT NOT NULL)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
}
pair drop_two_columns {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT, d REAL)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, c TEXT)
}
pair rename_column_by_drop_and_add {
  CREATE TABLE t(a INTEGER PRIMARY KEY, old_name TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, new_name TEXT)
}
pair replace_every_column {
  CREATE TABLE t(a INTEGER, b TEXT)
} {
  CREATE TABLE t(x REAL, y BLOB, z)
}

#-------------------------------------------------------------------------
# Type changes.

pair type_int_to_text {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} -variant {
  CREATE TABLE t(a integer primary key, b text)
}
pair type_text_to_int_nonnumeric {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
}
pair type_text_to_int_numeric_strings {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
} -fill {
  INSERT INTO t VALUES(1, '10'), (2, '20'), (3, 'x');
}
pair type_varchar_to_text {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b VARCHAR(80))
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
}
pair type_varchar_length {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b VARCHAR(80))
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b VARCHAR(120))
} -variant {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b varchar(120))
}
pair type_int_to_bigint {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b BIGINT)
}
pair type_int_to_real {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b REAL)
}
pair type_real_to_int {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b REAL)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
}
pair type_real_to_int_whole_values {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b REAL)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
} -fill {
  INSERT INTO t VALUES(1, 1.0), (2, 2.5), (3, NULL);
}
pair type_untyped_to_int {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
}
pair type_int_to_untyped {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b)
}
pair type_text_to_blob {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b BLOB)
}
pair type_decimal_to_numeric {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b DECIMAL(10,2))
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b NUMERIC)
}
pair type_text_to_numeric {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b NUMERIC)
} -fill {
  INSERT INTO t VALUES(1, '1.5'), (2, '2'), (3, 'three');
}
pair type_change_on_indexed_column {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT);
  CREATE INDEX t_b ON t(b);
  CREATE INDEX t_bc ON t(b, c)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b VARCHAR(10), c TEXT);
  CREATE INDEX t_b ON t(b);
  CREATE INDEX t_bc ON t(b, c)
}
pair type_change_two_columns {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b CLOB, c INT8)
}
pair type_of_primary_key_text {
  CREATE TABLE t(k TEXT PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(k VARCHAR(20) PRIMARY KEY, b TEXT)
}
pair type_change_without_rowid {
  CREATE TABLE t(k INTEGER PRIMARY KEY, b INTEGER) WITHOUT ROWID
} {
  CREATE TABLE t(k INTEGER PRIMARY KEY, b TEXT) WITHOUT ROWID
}

#-------------------------------------------------------------------------
# NOT NULL.

pair add_not_null_with_default {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL DEFAULT 'none')
}
pair add_not_null_no_default {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL)
}
pair drop_not_null {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
}
pair drop_not_null_keep_default {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER NOT NULL DEFAULT 0)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER DEFAULT 0)
} -variant {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER DEFAULT (0))
}
pair add_column_not_null_with_default {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER NOT NULL DEFAULT 0)
} -variant {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER NOT NULL DEFAULT (0))
} -variant {
  CREATE TABLE "t"("a" INTEGER PRIMARY KEY, "b" TEXT, "c" integer NOT NULL DEFAULT 0)
}
pair add_column_not_null_to_empty_table {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT NOT NULL)
} -fill {}
pair not_null_on_two_columns {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c REAL)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL, c REAL NOT NULL DEFAULT 0.0)
}
pair not_null_and_type_change_together {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b BIGINT NOT NULL)
}
pair not_null_conflict_clause {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL ON CONFLICT REPLACE DEFAULT 'r')
}

#-------------------------------------------------------------------------
# DEFAULT.

pair default_added_constant {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER DEFAULT 42)
} -variant {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER DEFAULT (42))
} -variant {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER DEFAULT ((42)))
}
pair default_removed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER DEFAULT 42)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
}
pair default_constant_changed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER DEFAULT 1)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER DEFAULT 2)
}
pair default_string_changed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT DEFAULT 'old')
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT DEFAULT 'new')
} -variant {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT DEFAULT ('new'))
}
pair default_string_with_quote {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT DEFAULT 'x')
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT DEFAULT 'it''s')
}
pair default_negative_number {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER DEFAULT 1)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER DEFAULT -1)
} -variant {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER DEFAULT (-1))
}
pair default_real {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b REAL DEFAULT 1.5)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b REAL DEFAULT 2.25)
}
pair default_blob {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b BLOB)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b BLOB DEFAULT x'00ff')
}
pair default_null_explicit {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT DEFAULT 'x')
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT DEFAULT NULL)
}
pair default_expression {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER DEFAULT 0)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER DEFAULT (1 + 2))
} -variant {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER DEFAULT (1+2))
}
pair default_expression_function {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT DEFAULT (lower('ABC')))
}
pair default_current_timestamp_added {
  CREATE TABLE t(a INTEGER PRIMARY KEY, created TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, created TEXT DEFAULT CURRENT_TIMESTAMP)
} -variant {
  CREATE TABLE t(a INTEGER PRIMARY KEY, created TEXT DEFAULT current_timestamp)
}
pair default_current_timestamp_to_date {
  CREATE TABLE t(a INTEGER PRIMARY KEY, created TEXT DEFAULT CURRENT_TIMESTAMP)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, created TEXT DEFAULT CURRENT_DATE)
}
pair add_column_default_current_timestamp {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, created TEXT DEFAULT CURRENT_TIMESTAMP)
}
pair add_column_default_expression {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER DEFAULT (2 * 21))
}
pair add_column_default_string {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT DEFAULT 'hello world')
}
pair default_datetime_function {
  CREATE TABLE t(a INTEGER PRIMARY KEY, ts TEXT DEFAULT CURRENT_TIMESTAMP)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, ts TEXT DEFAULT (datetime('now', 'localtime')))
}
pair default_changed_on_not_null {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL DEFAULT 'a')
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL DEFAULT 'b')
}

#-------------------------------------------------------------------------
# COLLATE.

pair collate_nocase_added {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT COLLATE NOCASE)
} -variant {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT COLLATE nocase)
}
pair collate_removed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT COLLATE NOCASE)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
}
pair collate_nocase_to_rtrim {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT COLLATE NOCASE)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT COLLATE RTRIM)
}
pair collate_on_unique_column {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE COLLATE NOCASE)
}
pair collate_in_index_changed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE INDEX t_b ON t(b)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE INDEX t_b ON t(b COLLATE NOCASE)
}
pair add_column_with_collate {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT COLLATE NOCASE)
}

#-------------------------------------------------------------------------
# CHECK constraints.

pair check_column_added {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER CHECK(b > 0))
} -variant {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER CHECK (b>0))
}
pair check_column_removed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER CHECK(b > 0))
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
}
pair check_column_changed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER CHECK(b > 0))
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER CHECK(b >= 0 AND b < 100))
}
pair check_table_added {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER, CHECK(b <= c))
}
pair check_table_removed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER, CHECK(b <= c))
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER)
}
pair check_table_changed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER, CHECK(b <= c))
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER, CHECK(b + c < 1000))
}
pair check_named_constraint_added {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT,
                 CONSTRAINT b_not_empty CHECK(length(b) > 0))
}
pair check_second_added {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER CHECK(b > 0))
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER CHECK(b > 0) CHECK(b < 10))
}
pair check_with_string_literal {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT CHECK(b IN ('v1', 'v2', 'v3', 'it''s')))
}
pair check_on_new_column {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER CHECK(c IS NULL OR c > 0))
}
pair check_case_and_spacing_only {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER CHECK (b BETWEEN 0 AND 9))
} -variant {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER check(b between 0 and 9))
}
pair check_column_to_table_level {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER CHECK(b > 0), c INTEGER)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER, CHECK(b > 0 AND c > 0))
}

#-------------------------------------------------------------------------
# UNIQUE constraints and unique indexes.

pair unique_column_added {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE)
}
pair unique_column_removed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
}
pair unique_table_constraint_added {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT, UNIQUE(b, c))
}
pair unique_table_constraint_columns_changed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT, UNIQUE(b, c))
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT, UNIQUE(c, b))
}
pair unique_constraint_to_unique_index {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE UNIQUE INDEX t_b ON t(b)
}
pair unique_index_to_unique_constraint {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE UNIQUE INDEX t_b ON t(b)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE)
}
pair unique_index_added {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE UNIQUE INDEX t_b ON t(b)
}
pair unique_index_to_plain_index {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE UNIQUE INDEX t_b ON t(b)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE INDEX t_b ON t(b)
}
pair unique_add_column_unique {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT UNIQUE)
}
pair unique_two_constraints_one_dropped {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE, c TEXT UNIQUE)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE, c TEXT)
}
pair unique_named_constraint {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT, CONSTRAINT bc_u UNIQUE(b, c))
}

#-------------------------------------------------------------------------
# PRIMARY KEY.

pair pk_added_to_rowid_table {
  CREATE TABLE t(a INTEGER, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
}
pair pk_removed_keeps_column {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER, b TEXT)
}
pair pk_integer_to_int {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INT PRIMARY KEY, b TEXT)
}
pair pk_int_to_integer_alias {
  CREATE TABLE t(a INT PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
}
pair pk_integer_desc_is_not_alias {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY DESC, b TEXT)
}
pair pk_text {
  CREATE TABLE t(k TEXT, b TEXT)
} {
  CREATE TABLE t(k TEXT PRIMARY KEY, b TEXT)
}
pair pk_moved_to_other_column {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER, b TEXT PRIMARY KEY)
}
pair pk_composite_added {
  CREATE TABLE t(a INTEGER, b TEXT, c TEXT)
} {
  CREATE TABLE t(a INTEGER, b TEXT, c TEXT, PRIMARY KEY(a, b))
}
pair pk_composite_to_single {
  CREATE TABLE t(a INTEGER, b TEXT, c TEXT, PRIMARY KEY(a, b))
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT)
}
pair pk_single_to_composite {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT)
} {
  CREATE TABLE t(a INTEGER, b TEXT, c TEXT, PRIMARY KEY(a, b))
}
pair pk_composite_order_changed {
  CREATE TABLE t(a INTEGER, b TEXT, c TEXT, PRIMARY KEY(a, b))
} {
  CREATE TABLE t(a INTEGER, b TEXT, c TEXT, PRIMARY KEY(b, a))
}
pair pk_composite_third_column {
  CREATE TABLE t(a INTEGER, b TEXT, c TEXT, PRIMARY KEY(a, b))
} {
  CREATE TABLE t(a INTEGER, b TEXT, c TEXT, PRIMARY KEY(a, b, c))
}
pair pk_removed_from_composite {
  CREATE TABLE t(a INTEGER, b TEXT, c TEXT, PRIMARY KEY(a, b))
} {
  CREATE TABLE t(a INTEGER, b TEXT, c TEXT)
}
pair pk_rowid_table_gets_new_id_column {
  CREATE TABLE t(b TEXT, c TEXT)
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, b TEXT, c TEXT)
}
pair pk_table_level_integer_alias {
  CREATE TABLE t(a INTEGER, b TEXT)
} {
  CREATE TABLE t(a INTEGER, b TEXT, PRIMARY KEY(a))
} -variant {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
}

#-------------------------------------------------------------------------
# AUTOINCREMENT.

pair autoincrement_added {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT)
}
pair autoincrement_removed {
  CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
}
pair autoincrement_removed_counter_comes_back {
  CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} -fill {
  INSERT INTO t(b) VALUES('v1'), ('v2'), ('v3'), ('v4'), ('v5');
  DELETE FROM t WHERE a >= 3;
}
pair autoincrement_removed_from_emptied_table {
  CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT);
  CREATE TABLE u(a INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL DEFAULT '');
  CREATE TABLE u(a INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT)
} -fill {
  INSERT INTO t(b) VALUES('v1'), ('v2');
  DELETE FROM t;
  INSERT INTO u(b) VALUES('x');
}
pair autoincrement_removed_with_table_rename {
  CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT)
} {
  CREATE TABLE t2(a INTEGER PRIMARY KEY, b TEXT)
} -fill {
  INSERT INTO t(b) VALUES('v1'), ('v2'), ('v3');
  DELETE FROM t WHERE a = 3;
} -rename {t t2}
pair autoincrement_kept_across_rebuild {
  CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT UNIQUE)
} -fill {
  INSERT INTO t(b) VALUES('v1'), ('v2'), ('v3'), ('v4'), ('v5');
  DELETE FROM t WHERE a >= 4;
}
pair autoincrement_add_column_native {
  CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT, c TEXT)
} -fill {
  INSERT INTO t(b) VALUES('v1'), ('v2'), ('v3'), ('v4');
  DELETE FROM t WHERE a = 4;
}
pair autoincrement_type_change_elsewhere {
  CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT, b INTEGER);
  CREATE TABLE u(a INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT);
  CREATE TABLE u(a INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT)
} -fill {
  INSERT INTO t(b) VALUES('x'), ('y'), ('z');
  DELETE FROM t WHERE a = 3;
  INSERT INTO u(b) VALUES('x');
}

#-------------------------------------------------------------------------
# WITHOUT ROWID.

pair without_rowid_added {
  CREATE TABLE t(k TEXT PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(k TEXT PRIMARY KEY, b TEXT) WITHOUT ROWID
}
pair without_rowid_removed {
  CREATE TABLE t(k TEXT PRIMARY KEY, b TEXT) WITHOUT ROWID
} {
  CREATE TABLE t(k TEXT PRIMARY KEY, b TEXT)
}
pair without_rowid_add_column {
  CREATE TABLE t(k TEXT PRIMARY KEY, b TEXT) WITHOUT ROWID
} {
  CREATE TABLE t(k TEXT PRIMARY KEY, b TEXT, c INTEGER) WITHOUT ROWID
} -variant {
  CREATE TABLE t(k TEXT PRIMARY KEY, b TEXT, c INTEGER) without rowid
}
pair without_rowid_drop_column {
  CREATE TABLE t(k TEXT PRIMARY KEY, b TEXT, c INTEGER) WITHOUT ROWID
} {
  CREATE TABLE t(k TEXT PRIMARY KEY, b TEXT) WITHOUT ROWID
}
pair without_rowid_composite_pk_changed {
  CREATE TABLE t(a INTEGER, b TEXT, c TEXT, PRIMARY KEY(a, b)) WITHOUT ROWID
} {
  CREATE TABLE t(a INTEGER, b TEXT, c TEXT, PRIMARY KEY(b, a)) WITHOUT ROWID
}
pair without_rowid_with_index {
  CREATE TABLE t(k INTEGER PRIMARY KEY, b TEXT) WITHOUT ROWID;
  CREATE INDEX t_b ON t(b)
} {
  CREATE TABLE t(k INTEGER PRIMARY KEY, b TEXT NOT NULL) WITHOUT ROWID;
  CREATE INDEX t_b ON t(b)
}
pair without_rowid_integer_pk_from_rowid_alias {
  CREATE TABLE t(k INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(k INTEGER PRIMARY KEY, b TEXT) WITHOUT ROWID
}

#-------------------------------------------------------------------------
# STRICT.

pair strict_added {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c REAL)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c REAL) STRICT
}
pair strict_removed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT) STRICT
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
}
pair strict_add_column {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT) STRICT
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER) STRICT
} -variant {
  CREATE TABLE t(a integer PRIMARY KEY, b text, c integer) STRICT
}
pair strict_type_change {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER) STRICT
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT) STRICT
}
pair strict_any_column {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT) STRICT
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b ANY) STRICT
}
pair strict_and_without_rowid {
  CREATE TABLE t(k TEXT PRIMARY KEY, b INT) STRICT
} {
  CREATE TABLE t(k TEXT PRIMARY KEY, b INT) STRICT, WITHOUT ROWID
}
pair strict_any_to_blob_with_blobs {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b ANY) STRICT
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b BLOB) STRICT
} -fill {
  INSERT INTO t VALUES(1, x'01'), (2, NULL);
}
pair strict_from_untyped_values {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER) STRICT
}

#-------------------------------------------------------------------------
# Generated columns.

pair generated_virtual_added {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER AS (b * 2))
} -variant {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER GENERATED ALWAYS AS (b*2) VIRTUAL)
}
pair generated_stored_added {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER AS (b * 2) STORED)
}
pair generated_virtual_dropped {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER AS (b * 2))
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
}
pair generated_stored_dropped {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER AS (b * 2) STORED)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
}
pair generated_expression_changed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER AS (b * 2))
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER AS (b * 3))
}
pair generated_virtual_to_stored {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER AS (b + 1) VIRTUAL)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER AS (b + 1) STORED)
}
pair generated_stored_to_plain_column {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER AS (b + 1) STORED)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER)
}
pair generated_source_column_retyped {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT AS (upper(b)))
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b VARCHAR(20), c TEXT AS (upper(b)))
}
pair generated_indexed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT AS (lower(b)))
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT AS (lower(b)));
  CREATE INDEX t_c ON t(c)
}
pair generated_stored_with_new_plain_column {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER AS (b * 10) STORED)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER AS (b * 10) STORED, d TEXT)
}
pair generated_type_changed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER AS (b * 2))
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c TEXT AS (b * 2))
}

#-------------------------------------------------------------------------
# Indexes: partial, expression, order.

pair index_added {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT);
  CREATE INDEX t_b ON t(b)
} -variant {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT);
  CREATE INDEX "t_b" ON "t"("b")
}
pair index_dropped {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE INDEX t_b ON t(b)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
}
pair index_renamed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE INDEX t_b ON t(b)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE INDEX t_b_idx ON t(b)
}
pair index_columns_changed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT);
  CREATE INDEX t_i ON t(b)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT);
  CREATE INDEX t_i ON t(b, c)
}
pair index_column_order_changed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT);
  CREATE INDEX t_i ON t(b, c)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT);
  CREATE INDEX t_i ON t(c, b)
}
pair index_desc {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE INDEX t_b ON t(b)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE INDEX t_b ON t(b DESC)
}
pair index_partial_added {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER);
  CREATE INDEX t_b_pos ON t(b) WHERE c > 0
}
pair index_partial_where_changed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER);
  CREATE INDEX t_b_pos ON t(b) WHERE c > 0
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER);
  CREATE INDEX t_b_pos ON t(b) WHERE c > 1
} -variant {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER);
  CREATE INDEX t_b_pos ON t(b) where c>1
}
pair index_partial_to_full {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER);
  CREATE INDEX t_b ON t(b) WHERE c IS NOT NULL
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER);
  CREATE INDEX t_b ON t(b)
}
pair index_unique_partial {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, live INTEGER)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, live INTEGER);
  CREATE UNIQUE INDEX t_b_live ON t(b) WHERE live = 1
} -fill {
  INSERT INTO t VALUES(1, 'x', 1), (2, 'x', 0), (3, 'y', 1);
}
pair index_expression_added {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE INDEX t_lower_b ON t(lower(b))
}
pair index_expression_changed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE INDEX t_e ON t(lower(b))
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE INDEX t_e ON t(upper(b))
}
pair index_expression_unique {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE UNIQUE INDEX t_len ON t(a + length(b))
}
pair index_on_new_column {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT);
  CREATE INDEX t_c ON t(c)
}
pair index_kept_across_rebuild {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER);
  CREATE INDEX t_b ON t(b) WHERE c > 0;
  CREATE INDEX t_e ON t(c * 2)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER NOT NULL);
  CREATE INDEX t_b ON t(b) WHERE c > 0;
  CREATE INDEX t_e ON t(c * 2)
}
pair index_moved_to_other_table {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE TABLE u(a INTEGER PRIMARY KEY, b TEXT);
  CREATE INDEX i_b ON t(b)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE TABLE u(a INTEGER PRIMARY KEY, b TEXT);
  CREATE INDEX i_b ON u(b)
}

#-------------------------------------------------------------------------
# Foreign keys.

pair fk_column_added {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, x TEXT)
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, x TEXT, p_id INTEGER REFERENCES p(id))
}
pair fk_added_to_existing_column {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER)
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id))
}
pair fk_removed {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id))
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER)
}
pair fk_on_delete_cascade_added {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id))
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON DELETE CASCADE)
} -variant {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES "p"("id") on delete cascade)
}
pair fk_on_delete_cascade_to_set_null {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON DELETE CASCADE)
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON DELETE SET NULL)
}
pair fk_on_update_cascade {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id))
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON UPDATE CASCADE ON DELETE SET DEFAULT)
}
pair fk_deferrable_added {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id))
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED)
}
pair fk_deferrable_removed {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER,
                 FOREIGN KEY(p_id) REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED)
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER,
                 FOREIGN KEY(p_id) REFERENCES p(id))
}
pair fk_implicit_parent_key {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER)
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p)
}
pair fk_to_unique_column {
  CREATE TABLE p(id INTEGER PRIMARY KEY, code TEXT UNIQUE);
  CREATE TABLE c(id INTEGER PRIMARY KEY, code TEXT)
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY, code TEXT UNIQUE);
  CREATE TABLE c(id INTEGER PRIMARY KEY, code TEXT REFERENCES p(code))
}
pair fk_composite {
  CREATE TABLE p(a INTEGER, b TEXT, PRIMARY KEY(a, b));
  CREATE TABLE c(id INTEGER PRIMARY KEY, a INTEGER, b TEXT)
} {
  CREATE TABLE p(a INTEGER, b TEXT, PRIMARY KEY(a, b));
  CREATE TABLE c(id INTEGER PRIMARY KEY, a INTEGER, b TEXT,
                 FOREIGN KEY(a, b) REFERENCES p(a, b) ON DELETE CASCADE)
}
pair fk_composite_reordered_columns {
  CREATE TABLE p(a INTEGER, b TEXT, PRIMARY KEY(a, b));
  CREATE TABLE c(id INTEGER PRIMARY KEY, a INTEGER, b TEXT,
                 FOREIGN KEY(a, b) REFERENCES p(a, b))
} {
  CREATE TABLE p(a INTEGER, b TEXT, PRIMARY KEY(a, b), UNIQUE(b, a));
  CREATE TABLE c(id INTEGER PRIMARY KEY, a INTEGER, b TEXT,
                 FOREIGN KEY(b, a) REFERENCES p(b, a))
}
pair fk_self_reference_added {
  CREATE TABLE node(id INTEGER PRIMARY KEY, parent INTEGER, name TEXT)
} {
  CREATE TABLE node(id INTEGER PRIMARY KEY, parent INTEGER REFERENCES node(id) ON DELETE CASCADE, name TEXT)
}
pair fk_self_reference_table_rebuilt {
  CREATE TABLE node(id INTEGER PRIMARY KEY, parent INTEGER REFERENCES node(id) ON DELETE CASCADE, name TEXT)
} {
  CREATE TABLE node(id INTEGER PRIMARY KEY, parent INTEGER REFERENCES node(id) ON DELETE CASCADE, name TEXT NOT NULL)
}
pair fk_self_reference_column_added {
  CREATE TABLE node(id INTEGER PRIMARY KEY, name TEXT)
} {
  CREATE TABLE node(id INTEGER PRIMARY KEY, name TEXT, parent INTEGER REFERENCES node(id))
}
pair fk_cycle_created {
  CREATE TABLE a(id INTEGER PRIMARY KEY, b_id INTEGER);
  CREATE TABLE b(id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id))
} {
  CREATE TABLE a(id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b(id));
  CREATE TABLE b(id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id))
}
pair fk_cycle_both_rebuilt {
  CREATE TABLE a(id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b(id) ON DELETE CASCADE, x TEXT);
  CREATE TABLE b(id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id) ON DELETE CASCADE, y TEXT)
} {
  CREATE TABLE a(id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b(id) ON DELETE CASCADE, x TEXT UNIQUE);
  CREATE TABLE b(id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id) ON DELETE CASCADE, y TEXT UNIQUE)
}
pair fk_parent_rebuilt_children_cascade_kept {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON DELETE CASCADE)
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT '');
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON DELETE CASCADE)
}
pair fk_parent_rebuilt_children_set_null_kept {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON DELETE SET NULL)
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name VARCHAR(40) UNIQUE);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON DELETE SET NULL)
}
pair fk_parent_key_type_changed {
  CREATE TABLE p(code TEXT PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, code TEXT REFERENCES p(code) ON UPDATE CASCADE)
} {
  CREATE TABLE p(code VARCHAR(10) PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, code VARCHAR(10) REFERENCES p(code) ON UPDATE CASCADE)
}
pair fk_child_table_dropped {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id))
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT)
}
pair fk_parent_and_child_dropped {
  CREATE TABLE keep(id INTEGER PRIMARY KEY);
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON DELETE CASCADE)
} {
  CREATE TABLE keep(id INTEGER PRIMARY KEY)
}
pair fk_new_child_table {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT)
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER NOT NULL REFERENCES p(id) ON DELETE CASCADE)
}
pair fk_target_column_changed {
  CREATE TABLE p(id INTEGER PRIMARY KEY, code TEXT UNIQUE, alt TEXT UNIQUE);
  CREATE TABLE c(id INTEGER PRIMARY KEY, ref TEXT REFERENCES p(code))
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY, code TEXT UNIQUE, alt TEXT UNIQUE);
  CREATE TABLE c(id INTEGER PRIMARY KEY, ref TEXT REFERENCES p(alt))
} -fill {
  INSERT INTO p VALUES(1, 'k1', 'k1'), (2, 'k2', 'k2');
  INSERT INTO c VALUES(1, 'k1'), (2, 'k2'), (3, NULL);
}
pair fk_chain_middle_rebuilt {
  CREATE TABLE a(id INTEGER PRIMARY KEY);
  CREATE TABLE b(id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id) ON DELETE CASCADE, x TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b(id) ON DELETE CASCADE)
} {
  CREATE TABLE a(id INTEGER PRIMARY KEY);
  CREATE TABLE b(id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id) ON DELETE CASCADE, x TEXT CHECK(x <> ''));
  CREATE TABLE c(id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b(id) ON DELETE CASCADE)
}
pair fk_match_and_actions_on_table_constraint {
  CREATE TABLE p(id INTEGER PRIMARY KEY);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER, FOREIGN KEY(p_id) REFERENCES p(id))
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER,
                 CONSTRAINT c_p FOREIGN KEY(p_id) REFERENCES p(id) ON DELETE RESTRICT ON UPDATE NO ACTION)
}

#-------------------------------------------------------------------------
# Views and triggers that depend on a changed table.

pair view_on_table_with_added_column {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE VIEW v AS SELECT a, b FROM t
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT);
  CREATE VIEW v AS SELECT a, b FROM t
}
pair view_on_rebuilt_table {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE VIEW v AS SELECT a, upper(b) AS ub FROM t WHERE a > 0
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL);
  CREATE VIEW v AS SELECT a, upper(b) AS ub FROM t WHERE a > 0
}
pair view_star_on_rebuilt_table {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE VIEW v AS SELECT * FROM t
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE, c INTEGER);
  CREATE VIEW v AS SELECT * FROM t
}
pair view_changed_with_table {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT);
  CREATE VIEW v AS SELECT a, c FROM t
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE VIEW v AS SELECT a, b FROM t
}
pair view_added {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE VIEW v AS SELECT b FROM t
}
pair view_dropped {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE VIEW v AS SELECT b FROM t
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
}
pair view_definition_changed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE VIEW v AS SELECT b FROM t
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE VIEW v AS SELECT b, a FROM t ORDER BY a
} -variant {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE VIEW v AS
    SELECT b, a
      FROM t
     ORDER BY a
}
pair view_on_view_over_rebuilt_table {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER);
  CREATE VIEW v1 AS SELECT a, b FROM t;
  CREATE VIEW v2 AS SELECT sum(b) AS s FROM v1
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER CHECK(b > 0));
  CREATE VIEW v1 AS SELECT a, b FROM t;
  CREATE VIEW v2 AS SELECT sum(b) AS s FROM v1
}
pair view_joining_two_changed_tables {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id));
  CREATE VIEW pc AS SELECT p.name, c.id FROM p JOIN c ON c.p_id = p.id
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT UNIQUE);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id), note TEXT DEFAULT (upper('n')));
  CREATE VIEW pc AS SELECT p.name, c.id FROM p JOIN c ON c.p_id = p.id
}
pair trigger_on_rebuilt_table {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE TABLE log(id INTEGER PRIMARY KEY, msg TEXT);
  CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN
    INSERT INTO log(msg) VALUES('ins ' || new.b);
  END
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL);
  CREATE TABLE log(id INTEGER PRIMARY KEY, msg TEXT);
  CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN
    INSERT INTO log(msg) VALUES('ins ' || new.b);
  END
}
pair trigger_on_table_with_added_column {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE TABLE log(id INTEGER PRIMARY KEY, msg TEXT);
  CREATE TRIGGER t_au AFTER UPDATE OF b ON t BEGIN
    INSERT INTO log(msg) VALUES(old.b || '>' || new.b);
  END
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER);
  CREATE TABLE log(id INTEGER PRIMARY KEY, msg TEXT);
  CREATE TRIGGER t_au AFTER UPDATE OF b ON t BEGIN
    INSERT INTO log(msg) VALUES(old.b || '>' || new.b);
  END
}
pair trigger_body_changed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE TABLE log(id INTEGER PRIMARY KEY, msg TEXT);
  CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN
    INSERT INTO log(msg) VALUES('a');
  END
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE TABLE log(id INTEGER PRIMARY KEY, msg TEXT);
  CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN
    INSERT INTO log(msg) VALUES('b');
  END
}
pair trigger_added {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE TRIGGER t_bu BEFORE UPDATE ON t WHEN new.b IS NULL BEGIN
    SELECT RAISE(ABORT, 'b is required');
  END
}
pair trigger_dropped {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE TRIGGER t_bu BEFORE UPDATE ON t WHEN new.b IS NULL BEGIN
    SELECT RAISE(ABORT, 'b is required');
  END
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
}
pair trigger_instead_of_on_view {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE VIEW v AS SELECT a, b FROM t
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT UNIQUE);
  CREATE VIEW v AS SELECT a, b FROM t;
  CREATE TRIGGER v_ins INSTEAD OF INSERT ON v BEGIN
    INSERT INTO t(a, b) VALUES(new.a, new.b);
  END
}
pair trigger_on_other_table_using_changed_table {
  CREATE TABLE t(a INTEGER PRIMARY KEY, n INTEGER);
  CREATE TABLE u(a INTEGER PRIMARY KEY);
  CREATE TRIGGER u_ai AFTER INSERT ON u BEGIN
    UPDATE t SET n = n + 1 WHERE a = new.a;
  END
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0);
  CREATE TABLE u(a INTEGER PRIMARY KEY);
  CREATE TRIGGER u_ai AFTER INSERT ON u BEGIN
    UPDATE t SET n = n + 1 WHERE a = new.a;
  END
}
pair trigger_and_view_on_dropped_column {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT);
  CREATE VIEW v AS SELECT a, c FROM t;
  CREATE TRIGGER t_au AFTER UPDATE OF c ON t BEGIN SELECT 1; END
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE VIEW v AS SELECT a, b FROM t;
  CREATE TRIGGER t_au AFTER UPDATE OF b ON t BEGIN SELECT 1; END
}

#-------------------------------------------------------------------------
# Identifiers: spaces, quotes, keywords, non-ASCII.

pair ident_table_with_space {
  CREATE TABLE "my table"("my id" INTEGER PRIMARY KEY, "my value" TEXT)
} {
  CREATE TABLE "my table"("my id" INTEGER PRIMARY KEY, "my value" TEXT, "new col" INTEGER)
} -variant {
  CREATE TABLE [my table]([my id] INTEGER PRIMARY KEY, `my value` TEXT, "new col" INTEGER)
}
pair ident_table_with_space_rebuilt {
  CREATE TABLE "my table"("my id" INTEGER PRIMARY KEY, "my value" TEXT)
} {
  CREATE TABLE "my table"("my id" INTEGER PRIMARY KEY, "my value" TEXT NOT NULL UNIQUE);
  CREATE INDEX "my index" ON "my table"("my value" DESC)
}
pair ident_double_quote_in_names {
  CREATE TABLE "t""q"("a""b" INTEGER PRIMARY KEY, "c""d" TEXT)
} {
  CREATE TABLE "t""q"("a""b" INTEGER PRIMARY KEY, "c""d" TEXT NOT NULL DEFAULT 'x')
}
pair ident_single_quote_in_names {
  CREATE TABLE "it's"("a'b" INTEGER PRIMARY KEY, "c'd" TEXT)
} {
  CREATE TABLE "it's"("a'b" INTEGER PRIMARY KEY, "c'd" TEXT, "e'f" TEXT UNIQUE)
}
pair ident_keywords {
  CREATE TABLE "order"("select" INTEGER PRIMARY KEY, "from" TEXT, "where" TEXT)
} {
  CREATE TABLE "order"("select" INTEGER PRIMARY KEY, "from" INTEGER, "group" TEXT);
  CREATE INDEX "index" ON "order"("from")
}
pair ident_keywords_fk_and_view {
  CREATE TABLE "table"("key" INTEGER PRIMARY KEY, "values" TEXT);
  CREATE TABLE "references"("id" INTEGER PRIMARY KEY, "table" INTEGER)
} {
  CREATE TABLE "table"("key" INTEGER PRIMARY KEY, "values" TEXT);
  CREATE TABLE "references"("id" INTEGER PRIMARY KEY, "table" INTEGER REFERENCES "table"("key") ON DELETE CASCADE);
  CREATE VIEW "view" AS SELECT "values" FROM "table"
}
pair ident_non_ascii {
  CREATE TABLE café(ïd INTEGER PRIMARY KEY, naïve TEXT)
} {
  CREATE TABLE café(ïd INTEGER PRIMARY KEY, naïve TEXT NOT NULL DEFAULT 'ü', größe REAL)
}
pair ident_non_ascii_cjk_quoted {
  CREATE TABLE "表"("列" INTEGER PRIMARY KEY, "名前" TEXT)
} {
  CREATE TABLE "表"("列" INTEGER PRIMARY KEY, "名前" TEXT UNIQUE, "説明" TEXT);
  CREATE INDEX "索引" ON "表"("説明")
}
pair ident_dot_in_names {
  CREATE TABLE "a.b"("c.d" INTEGER PRIMARY KEY, "e.f" TEXT)
} {
  CREATE TABLE "a.b"("c.d" INTEGER PRIMARY KEY, "e.f" VARCHAR(5))
}
pair ident_mixed_case {
  CREATE TABLE Users(Id INTEGER PRIMARY KEY, UserName TEXT)
} {
  CREATE TABLE Users(Id INTEGER PRIMARY KEY, UserName TEXT UNIQUE, EMail TEXT)
} -variant {
  CREATE TABLE "Users"("Id" INTEGER PRIMARY KEY, "UserName" TEXT UNIQUE, "EMail" TEXT)
}
pair ident_weird_names_fk {
  CREATE TABLE "parent table"("the id" INTEGER PRIMARY KEY);
  CREATE TABLE "child ""table"""("id" INTEGER PRIMARY KEY, "parent ref" INTEGER)
} {
  CREATE TABLE "parent table"("the id" INTEGER PRIMARY KEY, "the name" TEXT);
  CREATE TABLE "child ""table"""("id" INTEGER PRIMARY KEY,
    "parent ref" INTEGER REFERENCES "parent table"("the id") ON DELETE CASCADE)
}
pair ident_weird_trigger_and_view {
  CREATE TABLE "t 1"("a b" INTEGER PRIMARY KEY, "c" TEXT)
} {
  CREATE TABLE "t 1"("a b" INTEGER PRIMARY KEY, "c" TEXT NOT NULL DEFAULT '');
  CREATE VIEW "v 1" AS SELECT "a b", "c" FROM "t 1";
  CREATE TRIGGER "tr 1" AFTER DELETE ON "t 1" BEGIN SELECT 1; END
}
pair ident_column_named_rowid {
  CREATE TABLE t(a INTEGER, b TEXT)
} {
  CREATE TABLE t(a INTEGER, b TEXT, "rowid" INTEGER)
}

#-------------------------------------------------------------------------
# Several changes at once.

pair many_changes_one_table {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER, d TEXT);
  CREATE INDEX t_c ON t(c)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL, c REAL DEFAULT 0, e TEXT UNIQUE,
                 CHECK(length(b) > 0));
  CREATE INDEX t_c ON t(c DESC)
}
pair many_tables_changed {
  CREATE TABLE t1(a INTEGER PRIMARY KEY, b TEXT);
  CREATE TABLE t2(a INTEGER PRIMARY KEY, b TEXT);
  CREATE TABLE t3(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t1(a INTEGER PRIMARY KEY, b TEXT, c TEXT);
  CREATE TABLE t2(a INTEGER PRIMARY KEY, b TEXT UNIQUE);
  CREATE TABLE t4(a INTEGER PRIMARY KEY, b TEXT)
}
pair swap_column_types {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c TEXT)
}
pair rowid_table_to_strict_without_rowid {
  CREATE TABLE t(k TEXT, v INTEGER)
} {
  CREATE TABLE t(k TEXT PRIMARY KEY, v INTEGER NOT NULL) STRICT, WITHOUT ROWID
}
pair seed_workflow_add_password {
  CREATE TABLE user(id INTEGER PRIMARY KEY, username VARCHAR(80) UNIQUE NOT NULL,
                    email VARCHAR(120) UNIQUE NOT NULL)
} {
  CREATE TABLE user(id INTEGER PRIMARY KEY, username VARCHAR(80) UNIQUE NOT NULL,
                    email VARCHAR(120) UNIQUE NOT NULL, password VARCHAR(120) UNIQUE)
} -variant {
  CREATE TABLE "user"("id" integer primary key, "username" varchar(80) unique not null,
                      "email" varchar(120) unique not null, "password" varchar(120) unique)
}

#-------------------------------------------------------------------------
# orm_rename() hints: the rows follow the new names.

pair rename_column_hint {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, c TEXT)
} -rename {t b c}
pair rename_column_hint_indexed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE, x INTEGER);
  CREATE INDEX t_bx ON t(b, x) WHERE x > 0
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, c TEXT UNIQUE, x INTEGER);
  CREATE INDEX t_bx ON t(c, x) WHERE x > 0
} -rename {t b c}
pair rename_column_hint_in_view_and_trigger {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE TABLE log(m TEXT);
  CREATE VIEW v AS SELECT a, b FROM t;
  CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN INSERT INTO log VALUES(new.b); END
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, c TEXT);
  CREATE TABLE log(m TEXT);
  CREATE VIEW v AS SELECT a, c FROM t;
  CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN INSERT INTO log VALUES(new.c); END
} -rename {t b c}
pair rename_column_hint_and_retype {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, c VARCHAR(40) NOT NULL DEFAULT '')
} -rename {t b c}
pair rename_table_hint {
  CREATE TABLE old_t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE new_t(a INTEGER PRIMARY KEY, b TEXT)
} -rename {old_t new_t}
pair rename_table_hint_with_index_and_trigger {
  CREATE TABLE old_t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE INDEX old_t_b ON old_t(b);
  CREATE TRIGGER old_t_bd BEFORE DELETE ON old_t BEGIN SELECT 1; END
} {
  CREATE TABLE new_t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE INDEX old_t_b ON new_t(b);
  CREATE TRIGGER old_t_bd BEFORE DELETE ON new_t BEGIN SELECT 1; END
} -rename {old_t new_t}
pair rename_table_hint_with_fk_children {
  CREATE TABLE parent(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE child(id INTEGER PRIMARY KEY, p INTEGER REFERENCES parent(id) ON DELETE CASCADE)
} {
  CREATE TABLE mother(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE child(id INTEGER PRIMARY KEY, p INTEGER REFERENCES mother(id) ON DELETE CASCADE)
} -rename {parent mother}
pair rename_parent_key_column_hint {
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id))
} {
  CREATE TABLE p(pid INTEGER PRIMARY KEY, name TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(pid))
} -rename {p id pid}
pair rename_table_and_column_hints {
  CREATE TABLE a(x INTEGER PRIMARY KEY, y TEXT)
} {
  CREATE TABLE b(x INTEGER PRIMARY KEY, z TEXT)
} -rename {a b} -rename {b y z}
pair rename_hints_weird_names {
  CREATE TABLE "old ""t"""("my id" INTEGER PRIMARY KEY, "it's" TEXT)
} {
  CREATE TABLE "new t"("my id" INTEGER PRIMARY KEY, "é col" TEXT)
} -rename {{old "t"} {new t}} -rename {{new t} it's {é col}}
pair rename_column_hint_with_table_rebuild {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, bb TEXT, c INTEGER UNIQUE CHECK(c > 0))
} -rename {t b bb}

#-------------------------------------------------------------------------
# Spelled differently, meaning the same: each variant must be idempotent.

pair spelling_not_null_default_order {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, n INTEGER NOT NULL DEFAULT 0)
} -variant {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, n INTEGER DEFAULT 0 NOT NULL)
} -variant {
  create table t(a integer primary key, b text, n integer constraint n_nn not null default (0))
} -variant {
  CREATE TABLE t(
    a INTEGER PRIMARY KEY, -- the key
    b TEXT,                /* free text */
    n INTEGER NOT NULL DEFAULT 0
  )
}
pair spelling_column_order {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c REAL, d BLOB)
} -variant {
  CREATE TABLE t(d BLOB, c REAL, b TEXT, a INTEGER PRIMARY KEY)
}
pair spelling_if_not_exists_and_schema {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT);
  CREATE INDEX t_c ON t(c)
} -variant {
  CREATE TABLE IF NOT EXISTS t(a INTEGER PRIMARY KEY, b TEXT, c TEXT);
  CREATE INDEX IF NOT EXISTS t_c ON t(c)
} -variant {
  CREATE TABLE main.t(a INTEGER PRIMARY KEY, b TEXT, c TEXT);
  CREATE INDEX main.t_c ON t(c)
}
pair spelling_quoting_everywhere {
  CREATE TABLE p(id INTEGER PRIMARY KEY);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER)
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON DELETE CASCADE,
                 tag TEXT COLLATE NOCASE DEFAULT 'x' CHECK(tag <> ''));
  CREATE INDEX c_tag ON c(tag) WHERE tag IS NOT NULL
} -variant {
  CREATE TABLE "p"("id" INTEGER PRIMARY KEY);
  CREATE TABLE "c"("id" INTEGER PRIMARY KEY, "p_id" INTEGER REFERENCES "p"("id") ON DELETE CASCADE,
                   "tag" TEXT COLLATE "NOCASE" DEFAULT ('x') CHECK("tag" <> ''));
  CREATE INDEX "c_tag" ON "c"("tag") WHERE "tag" IS NOT NULL
} -variant {
  CREATE TABLE [p]([id] integer primary key);
  CREATE TABLE `c`(`id` integer primary key, [p_id] integer references [p]([id]) on delete cascade,
                   tag text collate nocase default 'x' check(tag<>''));
  create index c_tag on c(tag) where tag is not null
}
pair spelling_trigger_and_view_text {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE VIEW v AS SELECT a, b FROM t WHERE b IS NOT NULL;
  CREATE TRIGGER t_bi BEFORE INSERT ON t BEGIN SELECT 1; END
} -variant {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE VIEW "v" AS SELECT "a", "b" FROM "t" WHERE "b" IS NOT NULL;
  create trigger t_bi before insert on t begin select 1; end
}
pair spelling_type_case_strict {
  CREATE TABLE t(a INTEGER PRIMARY KEY) STRICT
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL DEFAULT 'x', c REAL) STRICT
} -variant {
  CREATE TABLE t(a Integer PRIMARY KEY, b Text NOT NULL DEFAULT ('x'), c real) strict
}

#-------------------------------------------------------------------------
# More shapes.

pair default_empty_string {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL DEFAULT '')
}
pair default_true_false {
  CREATE TABLE t(a INTEGER PRIMARY KEY, flag INTEGER DEFAULT TRUE)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, flag INTEGER DEFAULT FALSE)
}
pair type_multiword_names {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b DOUBLE, c INT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b DOUBLE PRECISION, c UNSIGNED BIG INT)
}
pair type_nvarchar {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b VARCHAR(80))
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b NVARCHAR(80))
}
pair type_change_without_rowid_no_conversion {
  CREATE TABLE t(k TEXT PRIMARY KEY, b TEXT) WITHOUT ROWID
} {
  CREATE TABLE t(k TEXT PRIMARY KEY, b INTEGER) WITHOUT ROWID
}
pair type_change_without_rowid_primary_key {
  CREATE TABLE t(k INTEGER PRIMARY KEY, b TEXT) WITHOUT ROWID
} {
  CREATE TABLE t(k TEXT PRIMARY KEY, b TEXT) WITHOUT ROWID
}
pair add_fk_column_with_default_null {
  CREATE TABLE p(id INTEGER PRIMARY KEY);
  CREATE TABLE c(id INTEGER PRIMARY KEY)
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER DEFAULT NULL REFERENCES p(id) ON DELETE SET NULL)
}
pair drop_fk_column {
  CREATE TABLE p(id INTEGER PRIMARY KEY);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id), x TEXT)
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY);
  CREATE TABLE c(id INTEGER PRIMARY KEY, x TEXT)
}
pair drop_column_used_in_check {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER, CHECK(c > 0))
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
}
pair drop_column_used_by_partial_index {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER);
  CREATE INDEX t_b ON t(b) WHERE c > 0
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE INDEX t_b ON t(b)
}
pair drop_column_used_by_generated {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER, g INTEGER AS (c + 1))
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
}
pair drop_primary_key_column {
  CREATE TABLE t(k TEXT PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(b TEXT)
}
pair drop_unique_column_without_rowid {
  CREATE TABLE t(k INTEGER PRIMARY KEY, b TEXT UNIQUE, c TEXT) WITHOUT ROWID
} {
  CREATE TABLE t(k INTEGER PRIMARY KEY, c TEXT) WITHOUT ROWID
}
pair collate_on_without_rowid_primary_key {
  CREATE TABLE t(k TEXT PRIMARY KEY, b TEXT) WITHOUT ROWID
} {
  CREATE TABLE t(k TEXT COLLATE NOCASE PRIMARY KEY, b TEXT) WITHOUT ROWID
}
pair index_expression_with_collate {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE INDEX t_sub ON t(substr(b, 1, 1) COLLATE NOCASE DESC, a)
}
pair index_on_without_rowid_changed {
  CREATE TABLE t(k INTEGER, j INTEGER, b TEXT, PRIMARY KEY(k, j)) WITHOUT ROWID;
  CREATE INDEX t_b ON t(b)
} {
  CREATE TABLE t(k INTEGER, j INTEGER, b TEXT, PRIMARY KEY(k, j)) WITHOUT ROWID;
  CREATE UNIQUE INDEX t_b ON t(b, j)
}
pair generated_in_strict_table {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER) STRICT
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER AS (b * b) STORED, d TEXT AS (printf('%d', b))) STRICT
}
pair generated_depends_on_new_column {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER DEFAULT 5, s INTEGER AS (b + c))
}
pair check_references_new_column {
  CREATE TABLE t(a INTEGER PRIMARY KEY, lo INTEGER)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, lo INTEGER, hi INTEGER DEFAULT 100, CHECK(lo < hi))
}
pair trigger_when_clause_changed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER);
  CREATE TABLE log(m TEXT);
  CREATE TRIGGER t_au AFTER UPDATE ON t WHEN new.b > 10 BEGIN INSERT INTO log VALUES('big'); END
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER);
  CREATE TABLE log(m TEXT);
  CREATE TRIGGER t_au AFTER UPDATE ON t WHEN new.b > 20 BEGIN INSERT INTO log VALUES('big'); END
}
pair trigger_update_of_columns_changed {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER);
  CREATE TRIGGER t_au AFTER UPDATE OF b ON t BEGIN SELECT 1; END
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER);
  CREATE TRIGGER t_au AFTER UPDATE OF b, c ON t BEGIN SELECT 1; END
}
pair view_with_cte_on_rebuilt_table {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER);
  CREATE VIEW v AS WITH s(x) AS (SELECT b FROM t) SELECT count(*) AS n FROM s
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER NOT NULL DEFAULT 0);
  CREATE VIEW v AS WITH s(x) AS (SELECT b FROM t) SELECT count(*) AS n FROM s
}
pair view_and_its_table_dropped {
  CREATE TABLE keep(a INTEGER PRIMARY KEY);
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE VIEW v AS SELECT b FROM t
} {
  CREATE TABLE keep(a INTEGER PRIMARY KEY)
}
pair table_recreated_with_same_name {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER);
  CREATE INDEX t_b ON t(b)
} {
  CREATE TABLE t(k TEXT PRIMARY KEY, v BLOB)
}
pair table_recreated_without_rowid_empty {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c INTEGER);
  CREATE INDEX t_b ON t(b)
} {
  CREATE TABLE t(k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID
} -fill {}
pair wide_table_several_changes {
  CREATE TABLE t(c1 INTEGER PRIMARY KEY, c2 TEXT, c3 TEXT, c4 REAL, c5 BLOB, c6 INTEGER, c7 TEXT, c8 NUMERIC)
} {
  CREATE TABLE t(c1 INTEGER PRIMARY KEY, c2 TEXT NOT NULL, c3 VARCHAR(9), c4 REAL DEFAULT 0.0,
                 c6 INTEGER UNIQUE, c7 TEXT COLLATE NOCASE, c8 NUMERIC, c9 TEXT, CHECK(c6 > 0))
}
pair non_ascii_values_survive {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c BLOB)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL, c BLOB, d TEXT)
} -fill {
  INSERT INTO t VALUES(1, 'grüße', x'00ff10'), (2, '日本語', x''), (3, 'it''s "quoted"', NULL);
}
pair null_and_mixed_values_survive_rebuild {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b, c TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b, c TEXT UNIQUE)
} -fill {
  INSERT INTO t VALUES(1, NULL, NULL), (2, 1.25, 'x'), (3, x'01', NULL), (4, 'text', 'y'), (5, 9223372036854775807, 'z');
}
pair fk_parent_dropped_with_empty_child {
  CREATE TABLE p(id INTEGER PRIMARY KEY);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id))
} {
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER)
} -fill {
  INSERT INTO p VALUES(1), (2);
}
pair fk_three_table_cycle_rebuilt {
  CREATE TABLE a(id INTEGER PRIMARY KEY, c_id INTEGER REFERENCES c(id));
  CREATE TABLE b(id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id));
  CREATE TABLE c(id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b(id))
} {
  CREATE TABLE a(id INTEGER PRIMARY KEY, c_id INTEGER REFERENCES c(id) ON DELETE SET NULL);
  CREATE TABLE b(id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id) ON DELETE SET NULL);
  CREATE TABLE c(id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b(id) ON DELETE SET NULL)
}
pair fk_deferred_self_reference_rebuilt {
  CREATE TABLE emp(id INTEGER PRIMARY KEY, boss INTEGER REFERENCES emp(id) DEFERRABLE INITIALLY DEFERRED)
} {
  CREATE TABLE emp(id INTEGER PRIMARY KEY, boss INTEGER REFERENCES emp(id) DEFERRABLE INITIALLY DEFERRED, name TEXT UNIQUE)
}

#-------------------------------------------------------------------------
# Corners: conflict clauses, odd text inside strings and names, identifier
# case.

pair on_conflict_ignore_on_unique {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE ON CONFLICT IGNORE)
}
pair on_conflict_replace_on_primary_key {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY ON CONFLICT REPLACE, b TEXT)
}
pair on_conflict_on_table_unique {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT, UNIQUE(b, c))
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT, UNIQUE(b, c) ON CONFLICT REPLACE)
}
pair on_conflict_abort_is_the_default {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL DEFAULT '')
} -variant {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL ON CONFLICT ABORT DEFAULT '')
}
pair semicolons_and_comment_marks_in_strings {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT DEFAULT ';' CHECK(b <> '--x;'),
                 "c;d" TEXT DEFAULT '/* no */');
  CREATE TABLE log(m TEXT);
  CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN
    INSERT INTO log VALUES('a;b'); INSERT INTO log VALUES('END;');
  END
}
pair ident_emoji_comment_marks_and_newline {
  CREATE TABLE "😀"("x--y" INTEGER PRIMARY KEY, "a/*b" TEXT)
} {
  CREATE TABLE "😀"("x--y" INTEGER PRIMARY KEY, "a/*b" TEXT NOT NULL DEFAULT 'e', "new
line" TEXT)
}
pair ident_case_of_names_does_not_count {
  CREATE TABLE Users(Id INTEGER PRIMARY KEY, Name TEXT)
} {
  CREATE TABLE Users(Id INTEGER PRIMARY KEY, Name TEXT, Email TEXT);
  CREATE INDEX Users_Email ON Users(Email)
} -variant {
  CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, email TEXT);
  CREATE INDEX users_email ON users(email)
} -variant {
  CREATE TABLE USERS(ID INTEGER PRIMARY KEY, NAME TEXT, EMAIL TEXT);
  CREATE INDEX USERS_EMAIL ON USERS(EMAIL)
}
pair view_with_column_list_on_rebuilt_table {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE VIEW v(x, y) AS SELECT a, b FROM t
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL);
  CREATE VIEW v(x, y) AS SELECT a, b FROM t
}
pair pk_desc_without_rowid {
  CREATE TABLE t(a INTEGER, b TEXT, PRIMARY KEY(a)) WITHOUT ROWID
} {
  CREATE TABLE t(a INTEGER, b TEXT, PRIMARY KEY(a DESC)) WITHOUT ROWID
}
pair fk_on_update_set_null_only {
  CREATE TABLE p(id INTEGER PRIMARY KEY);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id))
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON UPDATE SET NULL)
}
pair fk_deferred_to_initially_immediate {
  CREATE TABLE p(id INTEGER PRIMARY KEY);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED)
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) DEFERRABLE INITIALLY IMMEDIATE)
}
pair generated_not_null_added {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER AS (b + 1))
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER, c INTEGER NOT NULL AS (b + 1))
}
pair autoincrement_parent_rebuilt_with_cascading_children {
  CREATE TABLE p(id INTEGER PRIMARY KEY AUTOINCREMENT, n TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY,
                 p_id INTEGER NOT NULL REFERENCES p(id) ON DELETE CASCADE ON UPDATE CASCADE)
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY AUTOINCREMENT, n TEXT NOT NULL DEFAULT '', m INTEGER UNIQUE);
  CREATE TABLE c(id INTEGER PRIMARY KEY,
                 p_id INTEGER NOT NULL REFERENCES p(id) ON DELETE CASCADE ON UPDATE CASCADE)
}
pair index_name_reused_for_other_column {
  CREATE TABLE a(x INTEGER, y INTEGER);
  CREATE INDEX ix ON a(x)
} {
  CREATE TABLE a(x INTEGER, y INTEGER);
  CREATE INDEX ix ON a(y)
}

#-------------------------------------------------------------------------
# Objects tied to a change by what they are, not by the words in their
# text: an index on a column spelled like another table.

pair index_on_column_named_like_changed_table {
  CREATE TABLE t(id INTEGER PRIMARY KEY, artist TEXT);
  CREATE INDEX t_artist ON t(artist);
  CREATE TABLE artist(id INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, artist TEXT);
  CREATE INDEX t_artist ON t(artist);
  CREATE TABLE artist(id INTEGER PRIMARY KEY, b TEXT, c INT)
}
pair index_on_column_named_like_new_table {
  CREATE TABLE t(id INTEGER PRIMARY KEY, genre TEXT);
  CREATE INDEX t_genre ON t(genre)
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, genre TEXT);
  CREATE INDEX t_genre ON t(genre);
  CREATE TABLE genre(id INTEGER PRIMARY KEY, name TEXT)
}
pair index_on_column_named_like_rebuilt_table {
  CREATE TABLE t(id INTEGER PRIMARY KEY, artist TEXT, n INT);
  CREATE INDEX t_artist ON t(artist, lower(artist)) WHERE artist IS NOT NULL;
  CREATE TABLE artist(id INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, artist TEXT, n INT);
  CREATE INDEX t_artist ON t(artist, lower(artist)) WHERE artist IS NOT NULL;
  CREATE TABLE artist(id INTEGER PRIMARY KEY, b INTEGER NOT NULL DEFAULT 0)
}
pair trigger_naming_column_like_changed_table {
  CREATE TABLE t(id INTEGER PRIMARY KEY, artist TEXT);
  CREATE TABLE log(x TEXT);
  CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN
    INSERT INTO log VALUES(new.artist);
  END;
  CREATE TABLE artist(id INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, artist TEXT);
  CREATE TABLE log(x TEXT);
  CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN
    INSERT INTO log VALUES(new.artist);
  END;
  CREATE TABLE artist(id INTEGER PRIMARY KEY, b TEXT, c INT)
}
pair view_naming_column_like_new_table {
  CREATE TABLE t(id INTEGER PRIMARY KEY, genre TEXT);
  CREATE INDEX t_genre ON t(genre);
  CREATE VIEW v AS SELECT genre FROM t
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, genre TEXT);
  CREATE INDEX t_genre ON t(genre);
  CREATE VIEW v AS SELECT genre FROM t;
  CREATE TABLE genre(id INTEGER PRIMARY KEY)
}

#-------------------------------------------------------------------------
# Rename hints that chain or go round: planned through a temporary name.

pair rename_columns_swap {
  CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b INTEGER)
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, b TEXT, a INTEGER)
} -rename {t a b} -rename {t b a}
pair rename_columns_round_three {
  CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b INTEGER, c REAL);
  CREATE INDEX t_ab ON t(a, b)
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, c TEXT, a INTEGER, b REAL);
  CREATE INDEX t_ab ON t(c, a)
} -rename {t a c} -rename {t b a} -rename {t c b}
pair rename_columns_chain {
  CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b INTEGER)
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, b TEXT, c INTEGER)
} -rename {t a b} -rename {t b c}
pair rename_columns_swap_and_retype {
  CREATE TABLE p(id INTEGER PRIMARY KEY, x TEXT UNIQUE, y TEXT);
  CREATE TABLE c(id INTEGER PRIMARY KEY, px TEXT REFERENCES p(x))
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY, y TEXT UNIQUE, x TEXT NOT NULL DEFAULT '');
  CREATE TABLE c(id INTEGER PRIMARY KEY, px TEXT REFERENCES p(y))
} -rename {p x y} -rename {p y x}

#-------------------------------------------------------------------------
# Downgrades that lose nothing: a dropped column that holds only its
# default (or NULL), a type change every value survives both ways.  The
# oracle counts a value lost only when it cannot come back.

pair drop_column_holding_only_its_default {
  CREATE TABLE t(id INTEGER PRIMARY KEY, b TEXT,
                 flag INTEGER NOT NULL DEFAULT 0, note TEXT DEFAULT 'none')
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, b TEXT)
} -fill {
  INSERT INTO t VALUES(1, 'x', 0, 'none'), (2, 'y', 0, NULL), (3, NULL, 0, 'none');
}
pair drop_column_default_in_parentheses {
  CREATE TABLE t(id INTEGER PRIMARY KEY, r REAL DEFAULT (1), k DEFAULT (-2))
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY)
} -fill {
  INSERT INTO t(id) VALUES(1), (2);
  INSERT INTO t VALUES(3, 1.0, -2);
}
pair drop_column_other_than_default_is_lost {
  CREATE TABLE t(id INTEGER PRIMARY KEY, flag INTEGER NOT NULL DEFAULT 0)
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY)
} -fill {
  INSERT INTO t VALUES(1, 0), (2, 1), (3, 0);
}
pair drop_column_default_other_case_is_lost {
  CREATE TABLE t(id INTEGER PRIMARY KEY, tag TEXT COLLATE NOCASE DEFAULT 'abc')
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY)
} -fill {
  INSERT INTO t VALUES(1, 'abc'), (2, 'ABC');
}
pair drop_untyped_column_default_other_type_is_lost {
  CREATE TABLE t(id INTEGER PRIMARY KEY, k DEFAULT 1)
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY)
} -fill {
  INSERT INTO t VALUES(1, 1), (2, '1');
}
pair drop_column_current_timestamp_is_lost {
  CREATE TABLE t(id INTEGER PRIMARY KEY, at TEXT DEFAULT CURRENT_TIMESTAMP)
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY)
}
pair widen_integer_to_real {
  CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER, m INT)
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, n REAL, m DOUBLE)
}
pair widen_integer_to_real_strict {
  CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER) STRICT
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, n REAL) STRICT
}
pair integer_to_real_past_2_53_is_lost {
  CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER)
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, n REAL)
} -fill {
  INSERT INTO t VALUES(1, 1), (2, 9007199254740993);
}
pair any_to_text_that_round_trips {
  CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER, r REAL, s VARCHAR(9))
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, n TEXT, r TEXT, s TEXT)
}
pair text_to_integer_with_leading_zero_is_lost {
  CREATE TABLE t(id INTEGER PRIMARY KEY, code TEXT)
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, code INTEGER)
} -fill {
  INSERT INTO t VALUES(1, '12'), (2, '012'), (3, 'x');
}
pair untyped_to_text_keeps_text_only {
  CREATE TABLE t(id INTEGER PRIMARY KEY, v)
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)
} -fill {
  INSERT INTO t VALUES(1, 'a'), (2, 'b');
}
pair untyped_to_text_converts_a_number {
  CREATE TABLE t(id INTEGER PRIMARY KEY, v)
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)
} -fill {
  INSERT INTO t VALUES(1, 'a'), (2, 2);
}

#-------------------------------------------------------------------------
# Indexes compared as SQLite understands them (PRAGMA index_xinfo): ASC is
# the default order, and a column's own collation the default collation.

pair index_spelled_with_defaults {
  CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT COLLATE NOCASE, c TEXT)
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT COLLATE NOCASE, c TEXT);
  CREATE INDEX t_ab ON t(a, b);
  CREATE INDEX t_c ON t(c DESC) WHERE c IS NOT NULL
} -variant {
  CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT COLLATE NOCASE, c TEXT);
  CREATE INDEX t_ab ON t (a ASC, b);
  CREATE INDEX t_c ON t(c COLLATE BINARY DESC) WHERE c IS NOT NULL
} -variant {
  CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT COLLATE NOCASE, c TEXT);
  CREATE INDEX t_ab ON t("a" asc, b COLLATE nocase ASC);
  CREATE INDEX t_c ON t(c desc) WHERE c IS NOT NULL
}
pair index_order_or_collation_changed {
  CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT COLLATE NOCASE);
  CREATE INDEX t_ab ON t(a ASC, b)
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT COLLATE NOCASE);
  CREATE INDEX t_ab ON t(a DESC, b COLLATE BINARY)
}

#-------------------------------------------------------------------------
# Application-defined collations: the test connection (and every pristine
# database of the oracle) has "unicase" registered, as an application
# would.  Declarations, proofs and scratch copies accept it.

pair app_collation_column_added {
  CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, tag TEXT COLLATE unicase)
}
pair app_collation_on_existing_column {
  CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT COLLATE unicase);
  CREATE INDEX t_name ON t(name)
}
pair app_collation_index_and_view_over_rebuilt_table {
  CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT COLLATE unicase, n INTEGER);
  CREATE INDEX t_name ON t(name COLLATE unicase DESC);
  CREATE VIEW v AS SELECT name FROM t ORDER BY name COLLATE unicase
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT COLLATE unicase, n TEXT);
  CREATE INDEX t_name ON t(name COLLATE unicase DESC);
  CREATE VIEW v AS SELECT name FROM t ORDER BY name COLLATE unicase
} -variant {
  CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT COLLATE UNICASE, n TEXT);
  CREATE INDEX t_name ON t(name DESC);
  CREATE VIEW v AS SELECT name FROM t ORDER BY name COLLATE unicase
}
pair app_collation_unique_dropped_by_collation {
  CREATE TABLE t(id INTEGER PRIMARY KEY, code TEXT COLLATE unicase UNIQUE)
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, code TEXT UNIQUE)
}
pair neg_app_collation_unique_breaks_on_rows {
  CREATE TABLE t(id INTEGER PRIMARY KEY, code TEXT)
} {
  CREATE TABLE t(id INTEGER PRIMARY KEY, code TEXT COLLATE unicase UNIQUE)
} -fill {
  INSERT INTO t VALUES(1, 'ab'), (2, 'AB');
} -error {orm_upgrade: revision %REV%, statement 2: UNIQUE constraint failed: t.code \[*\]}

#-------------------------------------------------------------------------
# Negative pairs: the rows break `after`; the upgrade must fail cleanly.

pair neg_add_not_null_column_without_default {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c TEXT NOT NULL)
} -error {orm_upgrade: revision %REV%, statement 1: Cannot add a NOT NULL column with default value NULL \[*\]}
pair neg_not_null_over_existing_nulls {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL)
} -fill {
  INSERT INTO t VALUES(1, 'x'), (2, NULL);
} -error {orm_upgrade: revision %REV%, statement ?: NOT NULL constraint failed: t.b \[*\]}
pair neg_check_violated {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER CHECK(b > 1))
} -error {orm_upgrade: revision %REV%, statement 2: CHECK constraint failed: b > 1 \[*\]}
pair neg_unique_violated {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT UNIQUE)
} -fill {
  INSERT INTO t VALUES(1, 'x'), (2, 'x');
} -error {orm_upgrade: revision %REV%, statement 2: UNIQUE constraint failed: t.b \[*\]}
pair neg_unique_index_violated {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT);
  CREATE UNIQUE INDEX t_b ON t(b)
} -fill {
  INSERT INTO t VALUES(1, 'x'), (2, 'x');
} -error {orm_upgrade: revision %REV%, statement 1: UNIQUE constraint failed: t.b \[*\]}
pair neg_new_primary_key_duplicates {
  CREATE TABLE t(a INTEGER, b TEXT)
} {
  CREATE TABLE t(a INTEGER, b TEXT, PRIMARY KEY(a, b))
} -fill {
  INSERT INTO t VALUES(1, 'x'), (1, 'x');
} -error {orm_upgrade: revision %REV%, statement 2: UNIQUE constraint failed: t.a, t.b \[*\]}
pair neg_strict_rejects_text {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER) STRICT
} -fill {
  INSERT INTO t VALUES(1, 1), (2, 'two');
} -error {orm_upgrade: revision %REV%, statement 2: cannot store TEXT value in INTEGER column t.b \[*\]}
pair neg_fk_added_over_dangling_rows {
  CREATE TABLE p(id INTEGER PRIMARY KEY);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER)
} {
  CREATE TABLE p(id INTEGER PRIMARY KEY);
  CREATE TABLE c(id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id))
} -fill {
  INSERT INTO p VALUES(1);
  INSERT INTO c VALUES(1, 1), (2, 7);
} -error {orm_upgrade: revision %REV% leaves 1 row(s) with broken foreign keys (first: "c" references "p"); rolled back}
pair neg_strict_any_to_blob_rejects_text {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b ANY) STRICT
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b BLOB) STRICT
} -fill {
  INSERT INTO t VALUES(1, x'01'), (2, 'two');
} -error {orm_upgrade: revision %REV%, statement 2: cannot store TEXT value in BLOB column t.b \[*\]}
pair neg_blob_column_made_strict_rejects_text {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b BLOB)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b BLOB) STRICT
} -fill {
  INSERT INTO t VALUES(1, x'01'), (2, 'two');
} -error {orm_upgrade: revision %REV%, statement 2: cannot store TEXT value in BLOB column t.b \[*\]}
pair neg_untyped_column_made_strict_integer {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b)
} {
  CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER) STRICT
} -fill {
  INSERT INTO t VALUES(1, 1), (2, 'two');
} -error {orm_upgrade: revision %REV%, statement 2: cannot store TEXT value in INTEGER column t.b \[*\]}

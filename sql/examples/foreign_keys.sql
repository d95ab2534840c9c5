-- sql/examples/foreign_keys.sql - rebuilding a parent table whose children
-- reference it with ON DELETE CASCADE: the children survive.
--
--   sqlite3 :memory: < sql/examples/foreign_keys.sql   (repository root)
--
-- Adding a UNIQUE column to author needs a rebuild (new table, copy, DROP
-- TABLE author, rename).  With foreign keys on, DROP TABLE author would
-- cascade and delete every book; orm_upgrade() switches foreign keys off
-- around the rebuild, runs PRAGMA foreign_key_check before COMMIT, and
-- switches them back on.
.load ./ormext
.echo on
.mode box
PRAGMA foreign_keys = ON;

-- 1. revision 1: author and book, book.author_id cascades on delete
SELECT orm_declare('
  CREATE TABLE author(
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL);
  CREATE TABLE book(
    id        INTEGER PRIMARY KEY,
    title     TEXT NOT NULL,
    author_id INTEGER NOT NULL REFERENCES author(id) ON DELETE CASCADE);
  CREATE INDEX book_author ON book(author_id)') AS declared;
SELECT orm_migrate('authors and books') IS NOT NULL AS migrated;
SELECT orm_upgrade() IS NOT NULL AS upgraded;
INSERT INTO author(id, name) VALUES (1, 'Ursula K. Le Guin'), (2, 'Stanisław Lem');
INSERT INTO book(title, author_id) VALUES
  ('The Dispossessed', 1), ('The Lathe of Heaven', 1), ('Solaris', 2);

-- 2. revision 2: author gets a UNIQUE column, which means a rebuild
SELECT orm_declare('author', 'id INTEGER PRIMARY KEY', 'name TEXT NOT NULL',
                   'orcid TEXT UNIQUE') AS declared;
SELECT orm_migrate('author orcid') IS NOT NULL AS migrated;
.mode list
SELECT up_sql FROM orm_migrations WHERE message = 'author orcid';
.mode box

-- 3. apply it, as a statement of its own and outside BEGIN...COMMIT
SELECT orm_upgrade() = orm_heads() AS at_head;

-- 4. every book is still there, foreign keys are on again and hold
SELECT b.title, a.name, a.orcid
  FROM book AS b JOIN author AS a ON a.id = b.author_id ORDER BY b.id;
PRAGMA foreign_keys;
SELECT count(*) AS violations FROM pragma_foreign_key_check;

-- 5. the cascade still works on the rebuilt table
DELETE FROM author WHERE id = 2;
SELECT title FROM book ORDER BY id;

-- 6. the downgrade rebuilds author again; the books survive that too
SELECT orm_downgrade('-1') IS NOT NULL AS downgraded;
SELECT name FROM pragma_table_info('author');
SELECT b.title, a.name
  FROM book AS b JOIN author AS a ON a.id = b.author_id ORDER BY b.id;

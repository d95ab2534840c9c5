// examples/go/seed.go - the seed workflow plus one data migration, from Go
// with mattn/go-sqlite3 through database/sql.  Debian packages it as
// golang-github-mattn-go-sqlite3-dev (linked with the system's
// libsqlite3); build in GOPATH mode, from the directory that holds
// ormext.so:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o seed examples/go/seed.go
//	./seed app.db
//
// Prints one "step: result" line per call, then the rows, the same text as
// every other binding (test/bindings.test).
//
// database/sql keeps a pool of connections and opens new ones when it
// likes: the extension must be loaded into every one of them, which is
// what SQLiteDriver{Extensions: ...} does (a LoadExtension() on one
// connection would leave the others without it).
package main

import (
	"database/sql"
	"fmt"
	"os"
	"strings"

	sqlite3 "github.com/mattn/go-sqlite3"
)

func main() {
	path := "app.db"
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	// A driver of our own that loads ./ormext (SQLite adds ".so") into
	// each connection it opens.
	sql.Register("sqlite3_ormext", &sqlite3.SQLiteDriver{
		Extensions: []string{"./ormext"},
	})
	db, err := sql.Open("sqlite3_ormext", path)
	if err != nil {
		fail(err)
	}
	defer db.Close()

	// The single value of a one-row query.  QueryRow().Scan() reads the
	// row and closes the statement: nothing stays open.
	one := func(q string) string {
		var v string
		if err := db.QueryRow(q).Scan(&v); err != nil {
			fail(err)
		}
		return v
	}
	exec := func(q string, args ...any) {
		if _, err := db.Exec(q, args...); err != nil {
			fail(err)
		}
	}
	rows := func() {
		r, err := db.Query("SELECT id, username, ifnull(password, 'NULL')" +
			" FROM user ORDER BY id")
		if err != nil {
			fail(err)
		}
		defer r.Close() // read to the end and closed before the next call
		for r.Next() {
			var id, user, pw string
			if err := r.Scan(&id, &user, &pw); err != nil {
				fail(err)
			}
			fmt.Println(strings.Join([]string{id, user, pw}, "|"))
		}
		if err := r.Err(); err != nil {
			fail(err)
		}
	}

	// 1. declare the model, record revision 1, apply it
	fmt.Println("declared:", one(`SELECT orm_declare('CREATE TABLE user (
  id       INTEGER PRIMARY KEY,
  username VARCHAR(80)  UNIQUE NOT NULL,
  email    VARCHAR(120) UNIQUE NOT NULL)')`))
	fmt.Println("create user:", one("SELECT orm_migrate('create user')"))
	fmt.Println("upgrade:", one("SELECT orm_upgrade()"))
	exec("INSERT INTO user(username, email) VALUES (?, ?), (?, ?)",
		"test1asd", "aasdadsdadsad", "alice", "alice@example.com")

	// 2. the model grows a UNIQUE column: revision 2 rebuilds the table
	fmt.Println("declared:", one("SELECT orm_declare('user', 'id INTEGER PRIMARY KEY',"+
		" 'username VARCHAR(80) UNIQUE NOT NULL', 'email VARCHAR(120) UNIQUE NOT NULL',"+
		" 'password VARCHAR(120) UNIQUE')"))
	fmt.Println("add password:", one("SELECT orm_migrate('add password')"))
	fmt.Println("upgrade:", one("SELECT orm_upgrade()"))

	// 3. a data migration: hand-written SQL, up and down
	exec("INSERT INTO orm_migrations(message, up_sql, down_sql) VALUES (?, ?, ?)",
		"fill password", "UPDATE user SET password = 'reset-' || id",
		"UPDATE user SET password = NULL")
	fmt.Println("fill password:", one("SELECT orm_heads()"))
	fmt.Println("upgrade:", one("SELECT orm_upgrade()"))
	rows()

	// 4. back one revision (the data migration's down_sql runs), and forward
	fmt.Println("downgrade:", one("SELECT orm_downgrade('-1')"))
	rows()
	fmt.Println("upgrade:", one("SELECT orm_upgrade()"))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

// ormdq - a small dqlite client for test/replica/dqlite.test (issue 14): runs an
// ormext one-request script through a dqlite cluster's leader, reads
// through it, moves leadership and dumps the leader's copy of the
// database, so that every node's copy can be checked.
//
//	ormdq -s ADDR[,ADDR...] exec [-fk-off] [-cache-kib N] FILE
//	                                              one request, in a transaction
//	ormdq -s ADDRS query SQL                      rows, columns tab-separated
//	ormdq -s ADDRS leader                         the leader's address
//	ormdq -s ADDRS cluster                        ADDRESS ROLE, one a line
//	ormdq -s ADDRS transfer ADDR                  make ADDR the leader
//	ormdq -s ADDRS dump FILE                      the leader's db (and FILE-wal)
//
// exec sends BEGIN, the whole file as one EXEC request and COMMIT on one
// connection, as the dqlite shell does; with -fk-off it first sends
// PRAGMA foreign_keys=OFF on that connection, outside the transaction,
// and PRAGMA foreign_keys=ON after it.  With -cache-kib it first sends
// PRAGMA cache_size=-N: dqlite cannot spill a transaction's pages before
// its commit, so a transaction that changes more pages than the page
// cache holds (2 MiB by default) fails with "disk I/O error".  Errors go
// to stderr, exit 1.
//
// Built in GOPATH mode against Debian's golang-github-canonical-go-dqlite-dev
// (GO111MODULE=off GOPATH=/usr/share/gocode); see test/replica/dqlite.test.
package main

import (
	"context"
	"database/sql"
	"fmt"
	"io/ioutil"
	"os"
	"strings"
	"time"

	"github.com/canonical/go-dqlite/client"
	"github.com/canonical/go-dqlite/driver"
)

func fail(format string, a ...interface{}) {
	fmt.Fprintf(os.Stderr, "ormdq: "+format+"\n", a...)
	os.Exit(1)
}

func store(addrs string) client.NodeStore {
	var infos []client.NodeInfo
	for _, a := range strings.Split(addrs, ",") {
		infos = append(infos, client.NodeInfo{Address: a})
	}
	s := client.NewInmemNodeStore()
	s.Set(context.Background(), infos)
	return s
}

func open(addrs string) *sql.DB {
	drv, err := driver.New(store(addrs),
		driver.WithConnectionTimeout(10*time.Second),
		driver.WithContextTimeout(120*time.Second))
	if err != nil {
		fail("driver: %v", err)
	}
	sql.Register("dqlite-ormdq", drv)
	db, err := sql.Open("dqlite-ormdq", "demo")
	if err != nil {
		fail("open: %v", err)
	}
	return db
}

func leader(ctx context.Context, addrs string) *client.Client {
	cli, err := client.FindLeader(ctx, store(addrs))
	if err != nil {
		fail("no leader: %v", err)
	}
	return cli
}

func execFile(ctx context.Context, db *sql.DB, path string, fkOff bool, cacheKiB string) {
	text, err := ioutil.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		fail("connect: %v", err)
	}
	defer conn.Close()
	if cacheKiB != "" {
		if _, err := conn.ExecContext(ctx, "PRAGMA cache_size=-"+cacheKiB); err != nil {
			fail("PRAGMA cache_size: %v", err)
		}
	}
	if fkOff {
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys=OFF"); err != nil {
			fail("PRAGMA foreign_keys=OFF: %v", err)
		}
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		fail("begin: %v", err)
	}
	if _, err := tx.Exec(string(text)); err != nil {
		tx.Rollback()
		fail("exec: %v", err)
	}
	if err := tx.Commit(); err != nil {
		fail("commit: %v", err)
	}
	if fkOff {
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys=ON"); err != nil {
			fail("PRAGMA foreign_keys=ON: %v", err)
		}
	}
}

func query(ctx context.Context, db *sql.DB, q string) {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		fail("query: %v", err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	for rows.Next() {
		vals := make([]interface{}, len(cols))
		ptrs := make([]interface{}, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			fail("scan: %v", err)
		}
		out := make([]string, len(cols))
		for i, v := range vals {
			switch x := v.(type) {
			case nil:
				out[i] = "NULL"
			case []byte:
				out[i] = string(x)
			default:
				out[i] = fmt.Sprint(x)
			}
		}
		fmt.Println(strings.Join(out, "\t"))
	}
	if err := rows.Err(); err != nil {
		fail("query: %v", err)
	}
}

func transfer(ctx context.Context, addrs, to string) {
	for try := 0; try < 50; try++ {
		cli := leader(ctx, addrs)
		info, err := cli.Leader(ctx)
		if err == nil && info.Address == to {
			cli.Close()
			return
		}
		nodes, err := cli.Cluster(ctx)
		if err == nil {
			for _, n := range nodes {
				if n.Address == to {
					cli.Transfer(ctx, n.ID)
				}
			}
		}
		cli.Close()
		time.Sleep(200 * time.Millisecond)
	}
	fail("leadership did not move to %s", to)
}

func dump(ctx context.Context, addrs, path string) {
	cli := leader(ctx, addrs)
	defer cli.Close()
	files, err := cli.Dump(ctx, "demo")
	if err != nil {
		fail("dump: %v", err)
	}
	for _, f := range files {
		name := path
		if strings.HasSuffix(f.Name, "-wal") {
			name = path + "-wal"
		}
		if err := ioutil.WriteFile(name, f.Data, 0644); err != nil {
			fail("%v", err)
		}
	}
}

func main() {
	args := os.Args[1:]
	if len(args) < 3 || args[0] != "-s" {
		fail("usage: ormdq -s ADDR[,ADDR...] exec|query|leader|transfer|dump ...")
	}
	addrs, cmd, rest := args[1], args[2], args[3:]
	ctx, cancel := context.WithTimeout(context.Background(), 180*time.Second)
	defer cancel()
	switch {
	case cmd == "exec":
		fkOff, cache := false, ""
		for len(rest) > 1 {
			if rest[0] == "-fk-off" {
				fkOff, rest = true, rest[1:]
			} else if rest[0] == "-cache-kib" && len(rest) > 2 {
				cache, rest = rest[1], rest[2:]
			} else {
				break
			}
		}
		if len(rest) != 1 {
			fail("usage: exec [-fk-off] [-cache-kib N] FILE")
		}
		execFile(ctx, open(addrs), rest[0], fkOff, cache)
	case cmd == "query" && len(rest) == 1:
		query(ctx, open(addrs), rest[0])
	case cmd == "leader" && len(rest) == 0:
		cli := leader(ctx, addrs)
		info, err := cli.Leader(ctx)
		if err != nil {
			fail("leader: %v", err)
		}
		fmt.Println(info.Address)
	case cmd == "cluster" && len(rest) == 0:
		cli := leader(ctx, addrs)
		nodes, err := cli.Cluster(ctx)
		if err != nil {
			fail("cluster: %v", err)
		}
		for _, n := range nodes {
			fmt.Printf("%s %s\n", n.Address, n.Role)
		}
	case cmd == "transfer" && len(rest) == 1:
		transfer(ctx, addrs, rest[0])
	case cmd == "dump" && len(rest) == 1:
		dump(ctx, addrs, rest[0])
	default:
		fail("unknown command or arguments: %s", strings.Join(args[2:], " "))
	}
}

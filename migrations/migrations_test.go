package migrations_test

import (
	"context"
	"database/sql"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"timeline/migrations"
	"timeline/pglocal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// The test database is already migrated once; applying again must change
// nothing, and two processes migrating at once must both succeed.
func TestUpTwiceIsNoOp(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("pgx", pgtest.New(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	snapshot := func() (tables, versions int) {
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'`).Scan(&tables); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM goose_db_version`).Scan(&versions); err != nil {
			t.Fatal(err)
		}
		return
	}
	t1, v1 := snapshot()
	errs := make(chan error, 2)
	for range 2 {
		go func() { errs <- migrations.Up(ctx, db) }()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	t2, v2 := snapshot()
	if t1 != t2 || v1 != v2 {
		t.Errorf("second Up changed the schema: tables %d→%d, versions %d→%d", t1, t2, v1, v2)
	}
	var cats int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM categories`).Scan(&cats); err != nil || cats != 10 {
		t.Errorf("categories = %d, %v; want 10", cats, err)
	}
}

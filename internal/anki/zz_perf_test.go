package anki

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestZZPerf(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	p := filepath.Join(t.TempDir(), "big.anki2")
	db := openWritable(t, p)
	exec(t, db, coreSchema)
	exec(t, db, `INSERT INTO col VALUES (1, 0, 0, 0, 11, 0, 0, 0, '{}', '{"100":{"type":0,"flds":[{"name":"Front"},{"name":"Back"}],"tmpls":[{"qfmt":"{{Front}}","afmt":"{{Back}}"},{"qfmt":"{{Back}}","afmt":"{{Front}}"}]}}', '{"1":{"name":"A::B"}}', '{}', '{}')`)
	exec(t, db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 100000)
	  INSERT INTO notes SELECT i, 'g'||i, 100, 0, 0, 'tag1 tag2', '<div>front '||i||'</div>'||char(31)||'back <b>'||i||'</b>', '', 0, 0, '' FROM n`)
	exec(t, db, `INSERT INTO cards SELECT id*2, id, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '' FROM notes`)
	exec(t, db, `INSERT INTO cards SELECT id*2+1, id, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '' FROM notes`)
	exec(t, db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 500000)
	  INSERT INTO revlog SELECT 1600000000000+i*1000, 2+(i%200000), 0, 1+(i%4), 0, 0, 0, i%70000, i%4 FROM n`)
	db.Close()
	for i := 0; i < 2; i++ {
		if _, err := ReadFile(context.Background(), p, Limits{}); err != nil {
			t.Fatal(err)
		}
	}
}

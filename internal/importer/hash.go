package importer

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// contentHash returns the hex SHA-256 of an item's content fields: id, pack,
// kind, title, summary, body, topic, tags, language, key points, source and
// media, each length-prefixed so no two different items encode alike.
// Updated and Version are left out: they describe the content rather than
// being part of it, so re-importing an unchanged file gives the same hash
// even when the clock has moved.
func contentHash(it *inflow.Item) string {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	putLen := func(l int) { h.Write(n[:binary.PutUvarint(n[:], uint64(l))]) }
	put := func(s string) {
		putLen(len(s))
		h.Write([]byte(s))
	}
	putList := func(l []string) {
		putLen(len(l))
		for _, s := range l {
			put(s)
		}
	}
	put("inflow.item.v1")
	put(it.ID)
	put(it.Pack)
	put(string(it.Kind))
	put(it.Title)
	put(it.Summary)
	put(it.Body)
	put(it.Topic)
	putList(it.Tags)
	put(it.Language)
	putList(it.KeyPoints)
	put(it.Source.Name)
	put(it.Source.URL)
	put(it.Source.License)
	put(it.Source.Author)
	put(it.Media)
	return hex.EncodeToString(h.Sum(nil))
}

package importer

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// contentHash returns the hex SHA-256 of an item's content fields: id, pack,
// kind, title, summary, body, topic, tags, language, key points, source and
// media, each length-prefixed so no two different items encode alike.
// Updated and Version are left out: they describe the content rather than
// being part of it, so re-importing an unchanged file gives the same hash
// even when the clock has moved.
func contentHash(it *inflow.Item) string {
	fields := []string{
		"inflow.item.v1", it.ID, it.Pack, string(it.Kind), it.Title, it.Summary, it.Body, it.Topic,
	}
	size := 16 * (len(fields) + len(it.Tags) + len(it.KeyPoints) + 10)
	for _, l := range [][]string{fields, it.Tags, it.KeyPoints} {
		for _, f := range l {
			size += len(f)
		}
	}
	size += len(it.Language) + len(it.Source.Name) + len(it.Source.URL) + len(it.Source.License) + len(it.Source.Author) + len(it.Media)

	b := make([]byte, 0, size)
	put := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	putList := func(l []string) {
		b = binary.AppendUvarint(b, uint64(len(l)))
		for _, s := range l {
			put(s)
		}
	}
	for _, f := range fields {
		put(f)
	}
	putList(it.Tags)
	put(it.Language)
	putList(it.KeyPoints)
	put(it.Source.Name)
	put(it.Source.URL)
	put(it.Source.License)
	put(it.Source.Author)
	put(it.Media)
	if it.Prominence > 0 {
		// Only when set, so hashes of items without it are unchanged.
		put(strconv.FormatFloat(it.Prominence, 'f', 4, 64))
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

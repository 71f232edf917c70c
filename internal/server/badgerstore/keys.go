package serverbadger

import (
	"fmt"
	"strconv"

	"github.com/inflow-learning/inflow/internal/server/store/rules"
)

// Key layout. Every key starts with a short family and a slash. User,
// token and event ids are UUIDs, so they never contain the separator.
//
//	m/schema                      layout version (decimal)
//	m/catalog                     last catalog change number (decimal)
//	u/<userID>                    user, JSON (userRecord)
//	un/<lower(name)>              user id: names are unique case-insensitively
//	t/<tokenID>                   token, JSON (tokenRecord)
//	th/<hex(sha256)>              token id, by hash
//	tu/<userID>\x00<tokenID>      a user's tokens (no value)
//	n/<userID>                    the user's last event number (decimal)
//	e/<userID>\x00<seq>           event, canonical JSON; seq is 16 hex digits,
//	                              so a prefix scan returns the user's order
//	ei/<userID>\x00<eventID>      the event's number (decimal): duplicates
//	                              and conflicts are found by id
//	c/<seq>                       catalog change, JSON (changeRecord); only
//	                              a pack's latest change is kept
//	cp/<packID>                   the pack's latest change number and item
//	                              ids, JSON (packHead)
//	ci/<itemID>                   published item's owner, JSON (owned)
//	b/<sha256>                    a complete blob: size and type, JSON
//	                              (rules.StoredBlob), written after its chunks
//	bc/<sha256>/<n>               chunk n of a blob (8 hex digits), at most
//	                              store.BlobChunk bytes
//	k/<courseID>                  a course's current version, JSON
//	                              (store.CourseInfo)
//	km/<courseID>                 its manifest, JSON
const (
	keySchema   = "m/schema"
	keyCatalog  = "m/catalog"
	preUser     = "u/"
	preName     = "un/"
	preToken    = "t/"
	preHash     = "th/"
	preUserTok  = "tu/"
	preSeq      = "n/"
	preEvent    = "e/"
	preEventID  = "ei/"
	preChange   = "c/"
	prePackHead = "cp/"
	preItem     = "ci/"
	preBlob     = "b/"
	preChunk    = "bc/"
	preCourse   = "k/"
	preManifest = "km/"
	sep         = "\x00"
)

func userKey(id string) []byte           { return []byte(preUser + id) }
func nameIndexKey(name string) []byte    { return []byte(preName + rules.NameKey(name)) }
func tokenKey(id string) []byte          { return []byte(preToken + id) }
func hashKey(hash []byte) []byte         { return []byte(fmt.Sprintf("%s%x", preHash, hash)) }
func userTokenPrefix(user string) []byte { return []byte(preUserTok + user + sep) }
func userTokenKey(user, tok string) []byte {
	return []byte(preUserTok + user + sep + tok)
}
func seqKey(user string) []byte      { return []byte(preSeq + user) }
func eventPrefix(user string) []byte { return []byte(preEvent + user + sep) }
func eventKey(user string, seq uint64) []byte {
	return []byte(fmt.Sprintf("%s%s%s%016x", preEvent, user, sep, seq))
}
func eventIDKey(user, id string) []byte { return []byte(preEventID + user + sep + id) }
func changeKey(seq uint64) []byte       { return []byte(fmt.Sprintf("%s%016x", preChange, seq)) }
func packHeadKey(pack string) []byte    { return []byte(prePackHead + pack) }
func itemKey(item string) []byte        { return []byte(preItem + item) }
func blobKey(sha string) []byte         { return []byte(preBlob + sha) }
func chunkKey(sha string, n int64) []byte {
	return []byte(fmt.Sprintf("%s%s/%08x", preChunk, sha, n))
}
func courseKey(id string) []byte   { return []byte(preCourse + id) }
func manifestKey(id string) []byte { return []byte(preManifest + id) }

// parseSeq reads the 16 hex digits of a sequence number in a key.
func parseSeq(b []byte) (uint64, error) {
	if len(b) != 16 {
		return 0, fmt.Errorf("sequence %q is not 16 hex digits", b)
	}
	return strconv.ParseUint(string(b), 16, 64)
}

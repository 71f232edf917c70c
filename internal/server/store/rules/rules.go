// Package rules is the store contract (store.Store) made executable:
// validation, the canonical event encoding, cursors and catalog
// bookkeeping that every backend applies alike.
package rules

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
)

// MaxPage caps a pull or catalog page (syncproto.MaxBatch); a limit of 0 or
// less asks for a full page.
const MaxPage = 1000

// Limits on the text fields of an event.
const (
	maxTypeLen    = 100
	maxSubjectLen = inflow.MaxIDLen
	maxDeviceLen  = 200
)

var namePattern = regexp.MustCompile(`^[a-z0-9._@-]{1,64}$`)

// checkUser validates a user's name (1-64 of [a-z0-9._@-], compared
// case-insensitively, so capitals are allowed and folded) and role.
func CheckUser(u store.User) error {
	if !namePattern.MatchString(NameKey(u.Name)) {
		return inflow.Errorf(inflow.EINVALID, "user name %q must be 1-64 of a-z 0-9 . _ @ -", u.Name)
	}
	return CheckRole(u.Role)
}

func CheckRole(role string) error {
	switch role {
	case store.RoleLearner, store.RoleAuthor, store.RoleAdmin:
		return nil
	}
	return inflow.Errorf(inflow.EINVALID, "role %q is not one of %s, %s, %s", role, store.RoleLearner, store.RoleAuthor, store.RoleAdmin)
}

// nameKey is the case-folded form names are unique and looked up by.
func NameKey(name string) string { return strings.ToLower(name) }

// newID returns a new UUIDv7 for a user or a token.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// stamp is how a time is kept: UTC, microseconds (PostgreSQL's precision),
// so every backend hands back the same value.
func Stamp(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// now stamps a zero time with the current one.
func Now(t time.Time) time.Time {
	if t.IsZero() {
		t = time.Now()
	}
	return Stamp(t)
}

// validUUID reports whether id is a UUID in canonical text form
// (lowercase, hyphenated), so one UUID cannot be stored under two spellings.
func ValidUUID(id string) bool {
	u, err := uuid.Parse(id)
	return err == nil && u.String() == id
}

// encoded is a valid event with its canonical JSON.
type Encoded struct {
	ID   string
	Body []byte
}

// canonical is the JSON an event is stored as and compared by: two events
// with one id are the same when these bytes are equal. encoding/json
// compacts Data (a json.RawMessage) on the way, so whitespace in Data does
// not count; anything else, such as a time in another zone, does.
func Canonical(ev *inflow.Event) ([]byte, error) {
	return json.Marshal(ev)
}

// checkEvent returns an EINVALID error naming what is wrong with ev.
func CheckEvent(ev *inflow.Event) error {
	switch {
	case !ValidUUID(ev.ID):
		return inflow.Errorf(inflow.EINVALID, "event id %q is not a UUID in canonical form", ev.ID)
	case ev.Type == "":
		return inflow.Errorf(inflow.EINVALID, "event %s has no type", ev.ID)
	case len(ev.Type) > maxTypeLen || !utf8.ValidString(string(ev.Type)):
		return inflow.Errorf(inflow.EINVALID, "event %s: type is not valid UTF-8 of at most %d bytes", ev.ID, maxTypeLen)
	case len(ev.Subject) > maxSubjectLen || !utf8.ValidString(ev.Subject):
		return inflow.Errorf(inflow.EINVALID, "event %s: subject is not valid UTF-8 of at most %d bytes", ev.ID, maxSubjectLen)
	case ev.Device == "":
		return inflow.Errorf(inflow.EINVALID, "event %s has no device", ev.ID)
	case len(ev.Device) > maxDeviceLen || !utf8.ValidString(ev.Device):
		return inflow.Errorf(inflow.EINVALID, "event %s: device is not valid UTF-8 of at most %d bytes", ev.ID, maxDeviceLen)
	case ev.HLC.Wall <= 0:
		return inflow.Errorf(inflow.EINVALID, "event %s has no HLC stamp", ev.ID)
	case ev.Time.IsZero():
		return inflow.Errorf(inflow.EINVALID, "event %s has no time", ev.ID)
	case len(ev.Data) > 0 && !json.Valid(ev.Data):
		return inflow.Errorf(inflow.EINVALID, "event %s: data is not valid JSON", ev.ID)
	}
	return nil
}

// prepare validates and encodes a push. Malformed events become
// rejections of their own; the rest keep their order.
func Prepare(evs []inflow.Event) ([]Encoded, []store.Rejected) {
	out := make([]Encoded, 0, len(evs))
	var rejected []store.Rejected
	for i := range evs {
		ev := &evs[i]
		err := CheckEvent(ev)
		var body []byte
		if err == nil {
			if body, err = Canonical(ev); err != nil {
				err = inflow.Errorf(inflow.EINVALID, "event %s cannot be encoded: %v", ev.ID, err)
			}
		}
		if err != nil {
			rejected = append(rejected, store.Rejected{ID: ev.ID, Code: inflow.ErrorCode(err), Message: inflow.ErrorMessage(err)})
			continue
		}
		out = append(out, Encoded{ID: ev.ID, Body: body})
	}
	return out, rejected
}

// settle counts an event whose id is already stored with body old: a
// duplicate when the content is the same, a conflict otherwise.
func Settle(res *store.PushResult, ev Encoded, old []byte) {
	if bytes.Equal(old, ev.Body) {
		res.Duplicates++
		return
	}
	res.Rejected = append(res.Rejected, store.Rejected{ID: ev.ID, Code: inflow.ECONFLICT,
		Message: "event " + ev.ID + " is already stored with other content"})
}

// decodeEvent reads a stored event.
func DecodeEvent(body []byte) (inflow.Event, error) {
	var ev inflow.Event
	err := json.Unmarshal(body, &ev)
	return ev, err
}

// pageSize turns a requested limit into the page size used.
func PageSize(limit int) int {
	if limit <= 0 || limit > MaxPage {
		return MaxPage
	}
	return limit
}

// parseCursor reads a cursor: "" is the start, otherwise the decimal
// sequence number of the last event (or change) already seen.
func ParseCursor(c string) (uint64, error) {
	if c == "" {
		return 0, nil
	}
	n, err := strconv.ParseUint(c, 10, 63)
	if err != nil {
		return 0, inflow.Errorf(inflow.EINVALID, "cursor %q is not valid", c)
	}
	return n, nil
}

func FormatCursor(seq uint64) string { return strconv.FormatUint(seq, 10) }

// checkPack validates a pack before it is published.
func CheckPack(p *inflow.Pack) error {
	if p == nil || !inflow.ValidID(p.ID) || len(p.ID) > inflow.MaxIDLen {
		return inflow.Errorf(inflow.EINVALID, "pack id is not valid")
	}
	seen := make(map[string]bool, len(p.Items))
	for _, it := range p.Items {
		if it == nil {
			return inflow.Errorf(inflow.EINVALID, "pack %s holds an empty item", p.ID)
		}
		if err := it.Validate(); err != nil {
			return err
		}
		if seen[it.ID] {
			return inflow.Errorf(inflow.EINVALID, "item id %q appears twice in pack %s", it.ID, p.ID)
		}
		seen[it.ID] = true
	}
	return nil
}

// owned is what the catalog keeps about a published item: which pack owns
// it, and its content hash and version, to tell updates from re-puts.
type Owned struct {
	Pack    string `json:"pack"`
	Hash    string `json:"hash"`
	Version int    `json:"version"`
}

// plan works out a put: owners holds the current owner of each of p's item
// ids that has one, had the ids p held before. It returns the result, a
// copy of p whose items carry the pack and their version (the caller's
// pack is left alone), and the ids to drop. An item owned by another pack
// is an ECONFLICT.
func Plan(p *inflow.Pack, owners map[string]Owned, had []string) (inflow.PackResult, *inflow.Pack, []string, error) {
	res := inflow.PackResult{PackID: p.ID, Added: []string{}, Updated: []string{}, Removed: []string{}}
	cp := *p
	cp.Items = make([]*inflow.Item, len(p.Items))
	keep := make(map[string]bool, len(p.Items))
	for i, it := range p.Items {
		c := *it
		c.Pack = p.ID
		prev, ok := owners[it.ID]
		switch {
		case !ok:
			c.Version = 1
			res.Added = append(res.Added, it.ID)
		case prev.Pack != p.ID:
			return res, nil, nil, inflow.Errorf(inflow.ECONFLICT, "item %s already belongs to pack %s", it.ID, prev.Pack)
		case prev.Hash == it.Hash && it.Hash != "":
			c.Version = prev.Version
			res.Unchanged++
		default:
			c.Version = prev.Version + 1
			res.Updated = append(res.Updated, it.ID)
		}
		cp.Items[i] = &c
		keep[it.ID] = true
	}
	for _, id := range had {
		if !keep[id] {
			res.Removed = append(res.Removed, id)
		}
	}
	slices.Sort(res.Removed)
	return res, &cp, res.Removed, nil
}

// sortTokens orders tokens oldest first (ties by id).
func SortTokens(ts []store.Token) {
	slices.SortFunc(ts, func(a, b store.Token) int {
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

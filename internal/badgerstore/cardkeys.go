package badgerstore

import (
	"fmt"
	"time"

	"github.com/inflow-learning/inflow/internal/review"
)

// Card key layout (see keys.go for the rest):
//
//	c/<cardID>                                    review.Record, JSON
//	cd/<dueMs>\x00<cardID>                        active card in review by due time; value: deck
//	cl/<dueMs>\x00<cardID>                        active card in (re)learning steps by due time; value: deck
//	cn/<createdMs>\x00<cardID>                    active new card by creation; value: deck
//	cs/<sourceID>\x00<cardID>                     card made from an item or lesson (no value)
//	ck/<deck>\x00<state>\x00<cardID>              card of a deck, state n (new), a (answered) or s (suspended) (no value)
//	r/<cardID>\x00<hlc>\x00<device>\x00<eventID>  answer, JSON, in replay order
//	a/<atMs>\x00<eventID>                         answer by time, JSON (left out once undone)
//	u/<answerEventID>                             undo marker; value: card id
const (
	preCard      = "c/"
	preCardDue   = "cd/"
	preCardLearn = "cl/"
	preCardNew   = "cn/"
	preCardSrc   = "cs/"
	preCardDeck  = "ck/"
	preAnswer    = "r/"
	preAnswerAt  = "a/"
	preUndo      = "u/"
	preReplay    = "cm/"
	deckNew      = "n"
	deckAnswered = "a"
	deckSusp     = "s"
)

func cardKey(id string) []byte           { return []byte(preCard + id) }
func answerPrefix(card string) []byte    { return []byte(preAnswer + card + sep) }
func undoKey(answer string) []byte       { return []byte(preUndo + answer) }
func replayMarkKey(card string) []byte   { return []byte(preReplay + card) }
func deckPrefix(deck string) []byte      { return []byte(preCardDeck + clean(deck) + sep) }
func sourcePrefix(src string) []byte     { return []byte(preCardSrc + src + sep) }
func msKey(t time.Time) string           { return fmt.Sprintf("%015d", max(t.UnixMilli(), 0)) }
func answerAtKey(a review.Answer) []byte { return []byte(preAnswerAt + msKey(a.At) + sep + a.EventID) }
func answerKey(a review.Answer) []byte {
	return []byte(preAnswer + a.CardID + sep + a.HLC.String() + sep + a.Device + sep + a.EventID)
}

// cardIndex is every index entry of a card: key and value.
type cardIndex map[string]string

// indexOf lists the index entries a card record should have.
func indexOf(r *review.Record) cardIndex {
	c := &r.Card
	idx := cardIndex{}
	if !r.Exists || c.Deleted {
		return idx
	}
	state := deckAnswered
	switch {
	case c.Suspended:
		state = deckSusp
	case c.IsNew():
		state = deckNew
		idx[preCardNew+msKey(c.Created)+sep+c.ID] = c.Deck
	case c.State == "learning" || c.State == "relearning":
		idx[preCardLearn+msKey(c.Due)+sep+c.ID] = c.Deck
	default:
		idx[preCardDue+msKey(c.Due)+sep+c.ID] = c.Deck
	}
	idx[string(deckPrefix(c.Deck))+state+sep+c.ID] = ""
	if c.Source.ID != "" {
		idx[string(sourcePrefix(c.Source.ID))+c.ID] = ""
	}
	return idx
}

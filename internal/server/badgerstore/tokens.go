package serverbadger

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/server/store/rules"
)

// tokenRecord is a token as stored, hash included.
type tokenRecord struct {
	ID         string    `json:"id"`
	UserID     string    `json:"userId"`
	Hash       []byte    `json:"hash"`
	DeviceID   string    `json:"deviceId"`
	DeviceName string    `json:"deviceName"`
	Created    time.Time `json:"created"`
	LastUsed   time.Time `json:"lastUsed"`
	Revoked    bool      `json:"revoked"`
}

func (r tokenRecord) token() store.Token { return store.Token(r) }

// CreateToken adds a token for an existing user (ENOTFOUND otherwise) with
// a new id; Created defaults to now. Hash must be a SHA-256 (EINVALID) not
// used by another token (ECONFLICT).
func (s *Store) CreateToken(ctx context.Context, t store.Token) (store.Token, error) {
	if len(t.Hash) != sha256.Size {
		return store.Token{}, inflow.Errorf(inflow.EINVALID, "token hash must be %d bytes", sha256.Size)
	}
	t.ID, t.Created, t.Revoked = rules.NewID(), rules.Now(t.Created), false
	if !t.LastUsed.IsZero() {
		t.LastUsed = rules.Stamp(t.LastUsed)
	}
	t.Hash = slices.Clone(t.Hash)
	err := s.update(func(txn *badger.Txn) error {
		if ok, err := exists(txn, userKey(t.UserID)); err != nil {
			return err
		} else if !ok {
			return inflow.Errorf(inflow.ENOTFOUND, "no user with id %q", t.UserID)
		}
		if taken, err := exists(txn, hashKey(t.Hash)); err != nil {
			return err
		} else if taken {
			return inflow.Errorf(inflow.ECONFLICT, "a token with this hash exists")
		}
		if err := txn.Set(hashKey(t.Hash), []byte(t.ID)); err != nil {
			return err
		}
		if err := txn.Set(userTokenKey(t.UserID, t.ID), nil); err != nil {
			return err
		}
		return setJSON(txn, tokenKey(t.ID), tokenRecord(t))
	})
	if err != nil {
		return store.Token{}, fmt.Errorf("create token: %w", err)
	}
	return t, nil
}

// TokenByHash finds a live token by the SHA-256 of its secret.
func (s *Store) TokenByHash(ctx context.Context, hash []byte) (store.Token, error) {
	var r tokenRecord
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(hashKey(hash))
		if err != nil {
			return err
		}
		id, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		return getJSON(txn, tokenKey(string(id)), &r)
	})
	if errors.Is(err, badger.ErrKeyNotFound) || (err == nil && r.Revoked) {
		return store.Token{}, inflow.Errorf(inflow.ENOTFOUND, "no such token")
	}
	return r.token(), err
}

// Tokens lists a user's tokens, or everyone's for "", revoked ones
// included, oldest first.
func (s *Store) Tokens(ctx context.Context, userID string) ([]store.Token, error) {
	out := []store.Token{}
	err := s.db.View(func(txn *badger.Txn) error {
		if userID == "" {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(preToken), PrefetchValues: true})
			defer it.Close()
			for it.Rewind(); it.Valid(); it.Next() {
				var r tokenRecord
				if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &r) }); err != nil {
					return fmt.Errorf("token %s: %w", it.Item().Key(), err)
				}
				out = append(out, r.token())
			}
			return nil
		}
		if !rules.ValidUUID(userID) {
			return nil
		}
		prefix := userTokenPrefix(userID)
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var r tokenRecord
			if err := getJSON(txn, tokenKey(string(it.Item().Key()[len(prefix):])), &r); err != nil {
				return fmt.Errorf("token %s: %w", it.Item().Key(), err)
			}
			out = append(out, r.token())
		}
		return nil
	})
	rules.SortTokens(out)
	return out, err
}

// RevokeToken marks a token revoked; revoking twice is harmless.
func (s *Store) RevokeToken(ctx context.Context, id string) error {
	return s.update(func(txn *badger.Txn) error {
		return s.changeToken(txn, id, func(r *tokenRecord) bool {
			if r.Revoked {
				return false
			}
			r.Revoked = true
			return true
		})
	})
}

// TouchToken records a use of a token; LastUsed only moves forward.
func (s *Store) TouchToken(ctx context.Context, id string, at time.Time) error {
	at = rules.Stamp(at)
	return s.update(func(txn *badger.Txn) error {
		return s.changeToken(txn, id, func(r *tokenRecord) bool {
			if !at.After(r.LastUsed) {
				return false
			}
			r.LastUsed = at
			return true
		})
	})
}

// changeToken applies change to a token and writes it back if it says so.
func (s *Store) changeToken(txn *badger.Txn, id string, change func(*tokenRecord) bool) error {
	var r tokenRecord
	if err := getJSON(txn, tokenKey(id), &r); errors.Is(err, badger.ErrKeyNotFound) {
		return inflow.Errorf(inflow.ENOTFOUND, "no token with id %q", id)
	} else if err != nil {
		return err
	}
	if !change(&r) {
		return nil
	}
	return setJSON(txn, tokenKey(id), r)
}

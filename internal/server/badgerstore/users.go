package serverbadger

import (
	"cmp"
	"context"
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

// userRecord is a user as stored: store.User keeps its password hash out
// of JSON, this keeps it in.
type userRecord struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Role         string    `json:"role"`
	PasswordHash string    `json:"passwordHash"`
	Disabled     bool      `json:"disabled"`
	Created      time.Time `json:"created"`
}

func (r userRecord) user() store.User { return store.User(r) }

// CreateUser adds a user. The store makes its id (one given is ignored);
// Created defaults to now.
func (s *Store) CreateUser(ctx context.Context, u store.User) (store.User, error) {
	if err := rules.CheckUser(u); err != nil {
		return store.User{}, err
	}
	u.ID, u.Created = rules.NewID(), rules.Now(u.Created)
	err := s.update(func(txn *badger.Txn) error {
		if taken, err := exists(txn, nameIndexKey(u.Name)); err != nil {
			return err
		} else if taken {
			return inflow.Errorf(inflow.ECONFLICT, "user name %q is taken", u.Name)
		}
		if err := txn.Set(nameIndexKey(u.Name), []byte(u.ID)); err != nil {
			return err
		}
		return setJSON(txn, userKey(u.ID), userRecord(u))
	})
	if err != nil {
		return store.User{}, fmt.Errorf("create user: %w", err)
	}
	return u, nil
}

// UserByName finds a user by name, case-insensitively.
func (s *Store) UserByName(ctx context.Context, name string) (store.User, error) {
	var r userRecord
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(nameIndexKey(name))
		if err != nil {
			return err
		}
		id, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		return getJSON(txn, userKey(string(id)), &r)
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return store.User{}, inflow.Errorf(inflow.ENOTFOUND, "no user %q", name)
	}
	return r.user(), err
}

// UserByID finds a user by id.
func (s *Store) UserByID(ctx context.Context, id string) (store.User, error) {
	var r userRecord
	err := s.db.View(func(txn *badger.Txn) error { return getJSON(txn, userKey(id), &r) })
	if errors.Is(err, badger.ErrKeyNotFound) {
		return store.User{}, inflow.Errorf(inflow.ENOTFOUND, "no user with id %q", id)
	}
	return r.user(), err
}

// Users lists every user by name.
func (s *Store) Users(ctx context.Context) ([]store.User, error) {
	out := []store.User{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(preUser), PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var r userRecord
			if err := it.Item().Value(func(b []byte) error { return json.Unmarshal(b, &r) }); err != nil {
				return fmt.Errorf("user %s: %w", it.Item().Key(), err)
			}
			out = append(out, r.user())
		}
		return nil
	})
	slices.SortFunc(out, func(a, b store.User) int { return cmp.Compare(rules.NameKey(a.Name), rules.NameKey(b.Name)) })
	return out, err
}

// UpdateUser changes a user's role, password hash and disabled flag; the
// name and creation time stay.
func (s *Store) UpdateUser(ctx context.Context, u store.User) error {
	if err := rules.CheckRole(u.Role); err != nil {
		return err
	}
	return s.update(func(txn *badger.Txn) error {
		var r userRecord
		if err := getJSON(txn, userKey(u.ID), &r); errors.Is(err, badger.ErrKeyNotFound) {
			return inflow.Errorf(inflow.ENOTFOUND, "no user with id %q", u.ID)
		} else if err != nil {
			return err
		}
		r.Role, r.PasswordHash, r.Disabled = u.Role, u.PasswordHash, u.Disabled
		return setJSON(txn, userKey(u.ID), r)
	})
}

package pgstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/server/store/rules"
)

const userColumns = `id::text, name, role, password_hash, disabled, created`

func scanUser(row pgx.Row) (store.User, error) {
	var u store.User
	err := row.Scan(&u.ID, &u.Name, &u.Role, &u.PasswordHash, &u.Disabled, &u.Created)
	u.Created = u.Created.UTC()
	return u, err
}

// CreateUser adds a user, and its (empty) event numbering. The store makes
// its id (one given is ignored); Created defaults to now.
func (s *Store) CreateUser(ctx context.Context, u store.User) (store.User, error) {
	if err := rules.CheckUser(u); err != nil {
		return store.User{}, err
	}
	u.ID, u.Created = rules.NewID(), rules.Now(u.Created)
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO users (id, name, role, password_hash, disabled, created)
			VALUES ($1, $2, $3, $4, $5, $6)`, u.ID, u.Name, u.Role, u.PasswordHash, u.Disabled, u.Created); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO event_seqs (user_id) VALUES ($1)`, u.ID)
		return err
	})
	if pgCode(err) == codeUniqueViolation {
		return store.User{}, inflow.Errorf(inflow.ECONFLICT, "user name %q is taken", u.Name)
	} else if err != nil {
		return store.User{}, fmt.Errorf("create user: %w", err)
	}
	return u, nil
}

// UserByName finds a user by name, case-insensitively.
func (s *Store) UserByName(ctx context.Context, name string) (store.User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE lower(name) = lower($1)`, name))
	if errors.Is(err, pgx.ErrNoRows) {
		return store.User{}, inflow.Errorf(inflow.ENOTFOUND, "no user %q", name)
	} else if err != nil {
		return store.User{}, fmt.Errorf("user %q: %w", name, err)
	}
	return u, nil
}

// UserByID finds a user by id.
func (s *Store) UserByID(ctx context.Context, id string) (store.User, error) {
	if !rules.ValidUUID(id) {
		return store.User{}, inflow.Errorf(inflow.ENOTFOUND, "no user with id %q", id)
	}
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return store.User{}, inflow.Errorf(inflow.ENOTFOUND, "no user with id %q", id)
	} else if err != nil {
		return store.User{}, fmt.Errorf("user %s: %w", id, err)
	}
	return u, nil
}

// Users lists every user by name.
func (s *Store) Users(ctx context.Context) ([]store.User, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+userColumns+` FROM users ORDER BY lower(name)`)
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.User, error) { return scanUser(r) })
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	if out == nil {
		out = []store.User{}
	}
	return out, nil
}

// UpdateUser changes a user's role, password hash and disabled flag; the
// name and creation time stay.
func (s *Store) UpdateUser(ctx context.Context, u store.User) error {
	if err := rules.CheckRole(u.Role); err != nil {
		return err
	}
	if !rules.ValidUUID(u.ID) {
		return inflow.Errorf(inflow.ENOTFOUND, "no user with id %q", u.ID)
	}
	tag, err := s.pool.Exec(ctx, `UPDATE users SET role = $2, password_hash = $3, disabled = $4 WHERE id = $1`,
		u.ID, u.Role, u.PasswordHash, u.Disabled)
	if err != nil {
		return fmt.Errorf("update user %s: %w", u.ID, err)
	}
	if tag.RowsAffected() == 0 {
		return inflow.Errorf(inflow.ENOTFOUND, "no user with id %q", u.ID)
	}
	return nil
}

package pgstore

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/server/store/rules"
)

const tokenColumns = `id::text, user_id::text, hash, device_id, device_name, created, last_used, revoked`

func scanToken(row pgx.Row) (store.Token, error) {
	var t store.Token
	var lastUsed *time.Time
	err := row.Scan(&t.ID, &t.UserID, &t.Hash, &t.DeviceID, &t.DeviceName, &t.Created, &lastUsed, &t.Revoked)
	t.Created = t.Created.UTC()
	if lastUsed != nil {
		t.LastUsed = lastUsed.UTC()
	}
	return t, err
}

func collectTokens(rows pgx.Rows) ([]store.Token, error) {
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Token, error) { return scanToken(r) })
	if out == nil {
		out = []store.Token{}
	}
	return out, err
}

// CreateToken adds a token for an existing user (ENOTFOUND otherwise) with
// a new id; Created defaults to now. Hash must be a SHA-256 (EINVALID) not
// used by another token (ECONFLICT).
func (s *Store) CreateToken(ctx context.Context, t store.Token) (store.Token, error) {
	if len(t.Hash) != sha256.Size {
		return store.Token{}, inflow.Errorf(inflow.EINVALID, "token hash must be %d bytes", sha256.Size)
	}
	if !rules.ValidUUID(t.UserID) {
		return store.Token{}, inflow.Errorf(inflow.ENOTFOUND, "no user with id %q", t.UserID)
	}
	t.ID, t.Created, t.Revoked = rules.NewID(), rules.Now(t.Created), false
	var lastUsed *time.Time
	if !t.LastUsed.IsZero() {
		t.LastUsed = rules.Stamp(t.LastUsed)
		lastUsed = &t.LastUsed
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO tokens (id, user_id, hash, device_id, device_name, created, last_used)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, t.ID, t.UserID, t.Hash, t.DeviceID, t.DeviceName, t.Created, lastUsed)
	switch pgCode(err) {
	case codeForeignKeyViolation:
		return store.Token{}, inflow.Errorf(inflow.ENOTFOUND, "no user with id %q", t.UserID)
	case codeUniqueViolation:
		return store.Token{}, inflow.Errorf(inflow.ECONFLICT, "a token with this hash exists")
	}
	if err != nil {
		return store.Token{}, fmt.Errorf("create token: %w", err)
	}
	t.Hash = append([]byte(nil), t.Hash...)
	return t, nil
}

// TokenByHash finds a live token by the SHA-256 of its secret.
func (s *Store) TokenByHash(ctx context.Context, hash []byte) (store.Token, error) {
	t, err := scanToken(s.pool.QueryRow(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE hash = $1 AND NOT revoked`, hash))
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Token{}, inflow.Errorf(inflow.ENOTFOUND, "no such token")
	} else if err != nil {
		return store.Token{}, fmt.Errorf("token by hash: %w", err)
	}
	return t, nil
}

// Tokens lists a user's tokens, or everyone's for "", revoked ones
// included, oldest first.
func (s *Store) Tokens(ctx context.Context, userID string) ([]store.Token, error) {
	var rows pgx.Rows
	var err error
	switch {
	case userID == "":
		rows, err = s.pool.Query(ctx, `SELECT `+tokenColumns+` FROM tokens ORDER BY created, id`)
	case !rules.ValidUUID(userID):
		return []store.Token{}, nil
	default:
		rows, err = s.pool.Query(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE user_id = $1 ORDER BY created, id`, userID)
	}
	if err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	out, err := collectTokens(rows)
	if err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	rules.SortTokens(out) // the same order as other backends, ids compared as text
	return out, nil
}

// RevokeToken marks a token revoked; revoking twice is harmless.
func (s *Store) RevokeToken(ctx context.Context, id string) error {
	return s.changeToken(ctx, "revoke", `UPDATE tokens SET revoked = true WHERE id = $1`, id)
}

// TouchToken records a use of a token; LastUsed only moves forward.
func (s *Store) TouchToken(ctx context.Context, id string, at time.Time) error {
	return s.changeToken(ctx, "touch", `UPDATE tokens SET last_used = greatest(last_used, $2) WHERE id = $1`, id, rules.Stamp(at))
}

// changeToken runs an update of one token by id; no row is ENOTFOUND.
func (s *Store) changeToken(ctx context.Context, what, sql, id string, args ...any) error {
	if !rules.ValidUUID(id) {
		return inflow.Errorf(inflow.ENOTFOUND, "no token with id %q", id)
	}
	tag, err := s.pool.Exec(ctx, sql, append([]any{id}, args...)...)
	if err != nil {
		return fmt.Errorf("%s token %s: %w", what, id, err)
	}
	if tag.RowsAffected() == 0 {
		return inflow.Errorf(inflow.ENOTFOUND, "no token with id %q", id)
	}
	return nil
}

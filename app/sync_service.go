package app

import "github.com/inflow-learning/inflow/internal/syncclient"

// SyncService is Settings → Sync and the sync indicator: the account this
// device syncs with, and sync on demand. Background sync runs without it
// (see syncer); its status also arrives as sync:status events.
type SyncService struct{ core *Core }

// NewSyncService returns the service bound to the frontend.
func NewSyncService(core *Core) *SyncService { return &SyncService{core: core} }

// Status returns the sync status, pending events counted afresh.
func (s *SyncService) Status() (*SyncStatus, error) {
	sy, err := s.core.getSync()
	if err != nil {
		return nil, wrap(err)
	}
	st := sy.status(sy.ctx)
	return &st, nil
}

// SignIn signs this device in to a server and starts syncing at once.
func (s *SyncService) SignIn(server, user, password string) (*SyncStatus, error) {
	sy, err := s.core.getSync()
	if err != nil {
		return nil, wrap(err)
	}
	st, err := sy.signIn(server, user, password)
	if err != nil {
		return nil, wrap(err)
	}
	return &st, nil
}

// SignOut stops syncing, revokes the token on the server if it can be
// reached, and forgets it; local data stays.
func (s *SyncService) SignOut() (*SyncStatus, error) {
	sy, err := s.core.getSync()
	if err != nil {
		return nil, wrap(err)
	}
	st, err := sy.signOut()
	if err != nil {
		return nil, wrap(err)
	}
	return &st, nil
}

// SyncNow syncs at once and says what it did.
func (s *SyncService) SyncNow() (*syncclient.Result, error) {
	sy, err := s.core.getSync()
	if err != nil {
		return nil, wrap(err)
	}
	res, err := sy.syncNow()
	if err != nil {
		return nil, wrap(err)
	}
	return &res, nil
}

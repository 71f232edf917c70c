package app

import "github.com/inflow-learning/inflow/internal/inflow"

// SystemService tells the UI about the app itself.
type SystemService struct{ core *Core }

// NewSystemService returns the service.
func NewSystemService(core *Core) *SystemService { return &SystemService{core: core} }

// AppInfo describes the running app and its profile.
type AppInfo struct {
	Version string        `json:"version"`
	DataDir string        `json:"dataDir"`
	Ready   bool          `json:"ready"`
	Kinds   []inflow.Kind `json:"kinds"`
	Device  string        `json:"device"`
	Error   string        `json:"error"` // why the profile could not open
}

// Info returns the app's version, profile directory and readiness.
func (s *SystemService) Info() *AppInfo {
	s.core.mu.RLock()
	defer s.core.mu.RUnlock()
	info := &AppInfo{Version: s.core.version, DataDir: s.core.dataDir, Ready: s.core.lib != nil, Kinds: inflow.Kinds, Error: s.core.failure}
	if s.core.lib != nil {
		info.Device = s.core.lib.Device()
	}
	return info
}

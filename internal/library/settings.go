package library

import (
	"context"
	"slices"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// Settings reads and writes profile settings, recording the synced ones as
// events (see SyncedSettings).
type Settings interface {
	Setting(ctx context.Context, key string, v any) (ok bool, err error)
	SetSetting(ctx context.Context, key string, v any) error
}

// SyncedSettings returns settings in which writes to the given keys are
// setting.changed events, so they sync to the person's other devices and
// settle last-writer-wins by HLC; other keys (per-device state such as the
// reminder snooze or the global shortcut) are written to the store alone.
// Reads always come from the store, which holds the winning value.
func (l *Library) SyncedSettings(keys ...string) Settings {
	return syncedSettings{lib: l, keys: slices.Clone(keys)}
}

type syncedSettings struct {
	lib  *Library
	keys []string
}

func (s syncedSettings) Setting(ctx context.Context, key string, v any) (bool, error) {
	return s.lib.store.Setting(ctx, key, v)
}

func (s syncedSettings) SetSetting(ctx context.Context, key string, v any) error {
	if !slices.Contains(s.keys, key) {
		return s.lib.store.SetSetting(ctx, key, v)
	}
	return s.lib.record(ctx, inflow.EventSettingChanged, key, v)
}

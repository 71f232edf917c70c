package profile

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"

	"github.com/inflow-learning/inflow/internal/badgerstore"
	"github.com/inflow-learning/inflow/internal/bleveindex"
	"github.com/inflow-learning/inflow/internal/blobstore"
	"github.com/inflow-learning/inflow/internal/courses"
	"github.com/inflow-learning/inflow/internal/gettingstarted"
	"github.com/inflow-learning/inflow/internal/ids"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/lessons"
	"github.com/inflow-learning/inflow/internal/library"
	"github.com/inflow-learning/inflow/internal/review"
)

// Profile is an open profile: its directory, lock, store, index and the
// library built over them. Close releases everything.
type Profile struct {
	Dir     string
	Library *library.Library
	Store   *badgerstore.Store
	Index   *bleveindex.Index
	Reviews *review.Service
	// Courses are the installed courses; Lessons the progress through them.
	Courses *courses.Service
	Lessons *lessons.Service
	// Settings reads and writes profile settings; the person's choices
	// (review and reminder settings) are recorded as events and sync, the
	// rest stays on this device.
	Settings library.Settings
	// IndexRebuilt is true when the index was rebuilt while opening, and
	// IndexRebuildReason says why ("missing", "outdated", "corrupt", ...).
	IndexRebuilt       bool
	IndexRebuildReason string

	lock *flock.Flock
	log  *slog.Logger
}

// SyncedSettingKeys are the settings that follow the person to every
// device. "remind.settings" is presence.SettingsKey (named here to keep
// profile free of the desktop packages). Desktop preferences (shortcut,
// close to tray) and reminder state are per device and do not sync.
var SyncedSettingKeys = []string{review.SettingsKey, "remind.settings"}

// Options tune Open.
type Options struct {
	Clock  inflow.Clock
	Logger *slog.Logger
	// Location is the person's time zone, where review days begin (local
	// if nil).
	Location *time.Location
	// OnRebuild, if set, is told how many items have been re-indexed while
	// the index is rebuilt at open.
	OnRebuild func(done int)
}

const deviceSetting = "device.id"

// Open opens (creating if needed) the profile in dir.
func Open(ctx context.Context, dir string, o Options) (_ *Profile, err error) {
	if o.Clock == nil {
		o.Clock = inflow.SystemClock{}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, inflow.Errorf(inflow.EINVALID, "cannot create data directory %s: %v", dir, err)
	}
	lock := flock.New(filepath.Join(dir, "inflow.lock"))
	ok, err := lock.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock profile: %w", err)
	} else if !ok {
		return nil, inflow.Errorf(inflow.ELOCKED,
			"the profile in %s is in use by another Inflow process; close it or use another --data-dir", dir)
	}
	p := &Profile{Dir: dir, lock: lock, log: o.Logger}
	defer func() {
		if err != nil {
			p.Close()
		}
	}()

	p.Store, err = badgerstore.Open(filepath.Join(dir, "store"), badgerstore.Options{Logger: o.Logger, Clock: o.Clock})
	if err != nil {
		return nil, err
	}
	device, err := deviceID(ctx, p.Store)
	if err != nil {
		return nil, err
	}
	if err := p.openIndex(ctx); err != nil {
		return nil, err
	}
	p.Library, err = library.New(ctx, library.Config{
		Store: p.Store, Index: p.Index, Clock: o.Clock, IDs: ids.UUIDv7{}, Device: device, Logger: o.Logger,
	})
	if err != nil {
		return nil, err
	}
	p.Settings = p.Library.SyncedSettings(SyncedSettingKeys...)
	p.Reviews = review.NewService(review.Config{
		Store: p.Store, Settings: p.Settings, Recorder: p.Library, IDs: ids.UUIDv7{}, Clock: o.Clock, Location: o.Location,
	})
	blobs, err := blobstore.Open(filepath.Join(dir, "courses"))
	if err != nil {
		return nil, err
	}
	p.Courses = courses.New(courses.Config{Store: p.Store, Blobs: blobs, Search: p.Library, Clock: o.Clock, Logger: o.Logger})
	p.Lessons = lessons.New(lessons.Config{Store: p.Store, Recorder: p.Library, Installed: p.Courses, Cards: p.Reviews})
	if _, err := p.Reviews.Reconcile(ctx); err != nil {
		return nil, fmt.Errorf("reschedule after a settings change: %w", err)
	}
	if err := p.ensureIndex(ctx, o.OnRebuild); err != nil {
		return nil, err
	}
	if err := p.seed(ctx, o.Clock); err != nil {
		return nil, err
	}
	if err := p.Courses.Reconcile(ctx); err != nil {
		p.log.Warn("lessons of installed courses not searchable", "err", err)
	}
	return p, nil
}

// openIndex opens the search index, recreating it when it is missing,
// corrupt or built with another mapping.
func (p *Profile) openIndex(ctx context.Context) error {
	idx, recreated, err := bleveindex.OpenOrRecreate(filepath.Join(p.Dir, "index"))
	if err != nil {
		return fmt.Errorf("open search index: %w", err)
	}
	p.Index = idx
	if recreated {
		p.IndexRebuilt, p.IndexRebuildReason = true, "missing, corrupt or from another version"
	}
	return nil
}

// ensureIndex rebuilds the index from the store when its generation does
// not match the store's.
func (p *Profile) ensureIndex(ctx context.Context, progress func(int)) error {
	current, err := p.Library.IndexCurrent(ctx)
	if err != nil {
		return err
	}
	if current && !p.IndexRebuilt {
		return nil
	}
	if !p.IndexRebuilt {
		// Outdated: start from an empty index so removed items go too.
		p.IndexRebuilt, p.IndexRebuildReason = true, "outdated"
		if err := p.Index.Close(); err != nil {
			return err
		}
		p.Index = nil
		if err := os.RemoveAll(filepath.Join(p.Dir, "index")); err != nil {
			return err
		}
		if err := p.openIndex(ctx); err != nil {
			return err
		}
		p.IndexRebuildReason = "outdated"
		p.Library.SetIndex(p.Index)
	}
	p.log.Info("rebuilding search index", "reason", p.IndexRebuildReason)
	return p.Library.RebuildIndex(ctx, progress)
}

// seed stores the built-in Getting started pack (a no-op when unchanged).
func (p *Profile) seed(ctx context.Context, clock inflow.Clock) error {
	pack, err := gettingstarted.Pack(clock.Now())
	if err != nil {
		return fmt.Errorf("built-in pack: %w", err)
	}
	if _, err := p.Library.ApplyPack(ctx, pack); err != nil {
		return fmt.Errorf("built-in pack: %w", err)
	}
	return nil
}

// deviceID returns the profile's device id, making one on first use.
func deviceID(ctx context.Context, s *badgerstore.Store) (string, error) {
	var id string
	if ok, err := s.Setting(ctx, deviceSetting, &id); err != nil {
		return "", err
	} else if ok && id != "" {
		return id, nil
	}
	id = ids.UUIDv7{}.NewID()
	return id, s.SetSetting(ctx, deviceSetting, id)
}

// Close closes the index and store and releases the lock.
func (p *Profile) Close() error {
	var errs []error
	if p.Index != nil {
		errs = append(errs, p.Index.Close())
	}
	if p.Store != nil {
		errs = append(errs, p.Store.Close())
	}
	if p.lock != nil {
		errs = append(errs, p.lock.Unlock())
	}
	return errors.Join(errs...)
}

// IsLocked reports whether err says the profile is held by another process.
func IsLocked(err error) bool {
	return inflow.ErrorCode(err) == inflow.ELOCKED || strings.Contains(fmt.Sprint(err), "Cannot acquire directory lock")
}

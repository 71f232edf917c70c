package review

import (
	"context"
	"fmt"
)

// ScheduledKey is the per-device setting holding the review settings the
// card schedules were last computed with. Card states are a replay of the
// log under the current settings, so when the desired retention changes
// (here, or on another device and pulled by sync) the affected decks must
// be rescheduled; comparing against this record instead of "the settings
// before" makes that survive a crash between saving and rescheduling.
const ScheduledKey = "review.settings.scheduled"

// Reconcile reschedules the decks whose retention differs between the
// current settings and those the schedules were computed with, then
// records the current ones. It is cheap when nothing changed: call it after
// opening a profile and after sync pulled a settings change. It returns
// how many cards it looked at.
func (s *Service) Reconcile(ctx context.Context) (int, error) {
	cur, err := s.Settings(ctx)
	if err != nil {
		return 0, err
	}
	var done Settings
	ok, err := s.settings.Setting(ctx, ScheduledKey, &done)
	if err != nil {
		return 0, err
	}
	n := 0
	if changed := retentionChanges(done, cur); ok && changed != nil {
		if n, err = s.store.Reschedule(ctx, changed...); err != nil {
			return n, err
		}
	}
	if ok && retentionChanges(done, cur) == nil {
		return n, nil
	}
	if err := s.settings.SetSetting(ctx, ScheduledKey, cur); err != nil {
		return n, fmt.Errorf("record scheduled settings: %w", err)
	}
	return n, nil
}

// markScheduled records the current settings as those the schedules were
// computed with, if nothing is recorded yet (a profile from before
// ScheduledKey existed), so the change about to be saved is rescheduled.
func (s *Service) markScheduled(ctx context.Context) error {
	var done Settings
	ok, err := s.settings.Setting(ctx, ScheduledKey, &done)
	if err != nil || ok {
		return err
	}
	cur, err := s.Settings(ctx)
	if err != nil {
		return err
	}
	return s.settings.SetSetting(ctx, ScheduledKey, cur)
}

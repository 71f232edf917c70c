package presence

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/remind"
	"github.com/inflow-learning/inflow/internal/review"
)

// Settings keys under which the reminder settings and the planner's state
// are stored in the profile.
const (
	SettingsKey = "remind.settings"
	StateKey    = "remind.state"
)

// Notification action keys.
const (
	ActionReview = "review"
	ActionSnooze = "snooze"
	// ActionCourse prefixes the key of a course nudge's "Continue" button:
	// "course:<course id>".
	ActionCourse = "course:"
)

// SnoozeFor is how long "Snooze" silences reminders.
const SnoozeFor = time.Hour

// Notifier shows a notification with action buttons (key, label pairs).
type Notifier interface {
	Notify(ctx context.Context, title, body string, actions [][2]string) error
}

// Indicator is the tray: the due count, and a badge when notifications
// cannot be shown.
type Indicator interface {
	SetDue(n int)
	SetBadge(text string)
}

// Reviews is what presence asks of the review service.
type Reviews interface {
	Home(ctx context.Context) (*review.Home, error)
	Store() review.Store
}

// Config holds what a Presence is built from. Notifier and Indicator may be
// nil (no notification service; no tray).
type Config struct {
	Reviews   Reviews
	Settings  review.SettingsStore
	Notifier  Notifier
	Indicator Indicator
	Clock     inflow.Clock
	Location  *time.Location
	// OnReview opens the review session (the "Review now" action).
	OnReview func()
	// Courses lists the started, unfinished courses (nil: none), so the
	// planner can nudge one left untouched; OnCourse opens one (the
	// "Continue" action of that nudge).
	Courses  func(ctx context.Context) ([]remind.Course, error)
	OnCourse func(courseID string)
	Logger   *slog.Logger
}

// Presence runs the reminder loop.
type Presence struct {
	c    Config
	mu   sync.Mutex // one check at a time
	poke chan struct{}
}

// New returns a Presence; Run starts it.
func New(c Config) *Presence {
	if c.Clock == nil {
		c.Clock = inflow.SystemClock{}
	}
	if c.Location == nil {
		c.Location = time.Local
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return &Presence{c: c, poke: make(chan struct{}, 1)}
}

// Poke asks for a check soon: reviews changed, settings changed, or the
// device woke up.
func (p *Presence) Poke() {
	select {
	case p.poke <- struct{}{}:
	default:
	}
}

// Run checks now, then whenever the planner's next check comes or Poke is
// called, until ctx ends.
func (p *Presence) Run(ctx context.Context) {
	for {
		next, err := p.Check(ctx)
		if err != nil {
			p.c.Logger.Warn("reminders: check failed", "err", err)
			next = p.c.Clock.Now().Add(time.Minute)
		}
		timer := time.NewTimer(max(next.Sub(p.c.Clock.Now()), time.Second))
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-p.poke:
			timer.Stop()
		case <-timer.C:
		}
	}
}

// Settings returns the reminder settings, defaults filled in.
func (p *Presence) Settings(ctx context.Context) (remind.Settings, error) {
	s := remind.DefaultSettings()
	if _, err := p.c.Settings.Setting(ctx, SettingsKey, &s); err != nil {
		return s, err
	}
	if s.Validate() != nil {
		s = remind.DefaultSettings()
	}
	return s, nil
}

// SaveSettings validates and stores reminder settings.
func (p *Presence) SaveSettings(ctx context.Context, s remind.Settings) error {
	if err := s.Validate(); err != nil {
		return inflow.Errorf(inflow.EINVALID, "%v", err)
	}
	if err := p.c.Settings.SetSetting(ctx, SettingsKey, s); err != nil {
		return err
	}
	p.Poke()
	return nil
}

func (p *Presence) state(ctx context.Context) (remind.State, error) {
	var st remind.State
	_, err := p.c.Settings.Setting(ctx, StateKey, &st)
	return st, err
}

// Check updates the tray, asks the planner, shows a notification if it
// says so (persisting the decision first, so a crash cannot repeat it), and
// returns when to check next.
func (p *Presence) Check(ctx context.Context) (time.Time, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.c.Clock.Now()
	home, err := p.c.Reviews.Home(ctx)
	if err != nil {
		return now, err
	}
	if p.c.Indicator != nil {
		p.c.Indicator.SetDue(home.DueNow)
	}
	sit := remind.Situation{Now: now, Due: home.DueNow}
	if home.DueNow > 0 {
		due, err := p.c.Reviews.Store().Due(ctx, "", now, 1)
		if err != nil {
			return now, err
		}
		if len(due) > 0 {
			sit.OldestDue = due[0].Due
		}
	}
	if p.c.Courses != nil {
		if sit.Courses, err = p.c.Courses(ctx); err != nil {
			return now, fmt.Errorf("started courses: %w", err)
		}
	}
	settings, err := p.Settings(ctx)
	if err != nil {
		return now, err
	}
	st, err := p.state(ctx)
	if err != nil {
		return now, err
	}
	d := remind.Plan(settings, st, sit, p.c.Location)
	if !d.Notify {
		if p.c.Indicator != nil && home.DueNow == 0 {
			p.c.Indicator.SetBadge("")
		}
		return d.NextCheck, nil
	}
	if err := p.c.Settings.SetSetting(ctx, StateKey, st.Record(d, now)); err != nil {
		return now, fmt.Errorf("save reminder state: %w", err)
	}
	p.c.Logger.Info("reminder", "kind", d.Kind, "title", d.Title, "reason", d.Reason)
	var sendErr error
	if p.c.Notifier != nil {
		actions := [][2]string{{ActionReview, "Review now"}, {ActionSnooze, "Snooze 1 h"}}
		if d.Kind == remind.KindCourse {
			actions[0] = [2]string{ActionCourse + d.Subject, "Continue"}
		}
		sendErr = p.c.Notifier.Notify(ctx, d.Title, d.Body, actions)
	} else {
		sendErr = fmt.Errorf("no notification service")
	}
	if sendErr != nil {
		// The visible fallback: the tray says it instead.
		p.c.Logger.Warn("reminders: notification not shown, using the tray badge", "err", sendErr)
		if p.c.Indicator != nil {
			p.c.Indicator.SetBadge(d.Title)
		}
	}
	return d.NextCheck, nil
}

// Action handles a click on a notification button.
func (p *Presence) Action(ctx context.Context, key string) error {
	switch key {
	case ActionReview, "default":
		if p.c.OnReview != nil {
			p.c.OnReview()
		}
		return nil
	case ActionSnooze:
		p.mu.Lock()
		defer p.mu.Unlock()
		st, err := p.state(ctx)
		if err != nil {
			return err
		}
		return p.c.Settings.SetSetting(ctx, StateKey, st.Snooze(p.c.Clock.Now(), SnoozeFor))
	}
	if id, ok := strings.CutPrefix(key, ActionCourse); ok && p.c.OnCourse != nil {
		p.c.OnCourse(id)
	}
	return nil
}

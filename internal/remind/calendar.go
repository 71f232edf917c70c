package remind

import "time"

// calendar answers the wall-clock questions of a Settings in one time zone:
// is this instant inside the work hours, inside the quiet hours, and when do
// reminders next become allowed.
//
// Work and quiet hours are read off the local wall clock (weekday and time
// of day), never computed as offsets from midnight, so daylight-saving days
// need no special cases in the rules: on a spring-forward day a work start of
// 02:30 that does not exist is reached at the first instant the clock reads
// later (03:00), and on a fall-back day the hour that happens twice is
// inside the work hours both times. The search in next walks the zone's
// offset periods (time.ZoneBounds), within which wall time and instants move
// together.
type calendar struct {
	loc     *time.Location
	days    [7]bool
	work    [2]int   // [start, end) in minutes after midnight
	quiet   [2]int   // [start, end), may wrap; start == end means none
	allowed [][2]int // the work hours outside the quiet hours, sorted
}

func newCalendar(s Settings, loc *time.Location) calendar {
	c := calendar{
		loc:     loc,
		work:    [2]int{s.WorkStart.minutes(), s.WorkEnd.minutes()},
		quiet:   [2]int{s.QuietStart.minutes(), s.QuietEnd.minutes()},
		allowed: allowedMinutes(s),
	}
	for _, d := range s.WorkDays {
		if d >= time.Sunday && d <= time.Saturday {
			c.days[d] = true
		}
	}
	return c
}

// allowedMinutes is the work hours minus the quiet hours, as up to two
// [start, end) ranges of minutes after midnight.
func allowedMinutes(s Settings) [][2]int {
	ws, we := s.WorkStart.minutes(), s.WorkEnd.minutes()
	qs, qe := s.QuietStart.minutes(), s.QuietEnd.minutes()
	var out [][2]int
	add := func(a, b int) {
		if a < b {
			out = append(out, [2]int{a, b})
		}
	}
	switch {
	case qs == qe:
		add(ws, we)
	case qs < qe:
		add(ws, min(we, qs))
		add(max(ws, qe), we)
	default: // quiet from qs to midnight and from midnight to qe
		add(max(ws, qe), min(we, qs))
	}
	return out
}

// minuteOfDay is the local clock time of t in minutes after midnight. The
// ranges it is compared with start and end on whole minutes, so dropping the
// seconds does not change any comparison.
func (c calendar) minuteOfDay(t time.Time) int {
	lt := t.In(c.loc)
	return lt.Hour()*60 + lt.Minute()
}

// inWork reports whether t is on a work day, inside the work hours.
func (c calendar) inWork(t time.Time) bool {
	m := c.minuteOfDay(t)
	return c.days[t.In(c.loc).Weekday()] && m >= c.work[0] && m < c.work[1]
}

// inQuiet reports whether t is inside the quiet hours.
func (c calendar) inQuiet(t time.Time) bool {
	m, qs, qe := c.minuteOfDay(t), c.quiet[0], c.quiet[1]
	switch {
	case qs == qe:
		return false
	case qs < qe:
		return m >= qs && m < qe
	default:
		return m >= qs || m < qe
	}
}

// maxPeriods bounds the walk over a zone's offset periods. Real zones change
// offset at most a few times a year and a reminder is allowed at least once
// a week, so the walk ends after one or two periods.
const maxPeriods = 64

// next returns the earliest instant at or after t inside the work hours and
// outside the quiet hours; false if there is none within maxPeriods offset
// periods (which validated settings in a real zone never reach).
func (c calendar) next(t time.Time) (time.Time, bool) {
	for range maxPeriods {
		lt := t.In(c.loc)
		_, off := lt.Zone()
		end := periodEnd(lt)
		if w, ok := c.nextWall(wall(lt)); ok {
			at := w.Add(-time.Duration(off) * time.Second)
			if end.IsZero() || at.Before(end) {
				return at, true
			}
		}
		if end.IsZero() || !end.After(t) {
			return time.Time{}, false
		}
		t = end
	}
	return time.Time{}, false
}

// nextWall is next on a wall clock that never changes offset: w and the
// result are wall times written as UTC.
func (c calendar) nextWall(w time.Time) (time.Time, bool) {
	day := time.Date(w.Year(), w.Month(), w.Day(), 0, 0, 0, 0, time.UTC)
	for i := range 8 {
		d := day.AddDate(0, 0, i)
		if !c.days[d.Weekday()] {
			continue
		}
		for _, r := range c.allowed {
			start, end := d.Add(time.Duration(r[0])*time.Minute), d.Add(time.Duration(r[1])*time.Minute)
			if w.Before(end) {
				if w.After(start) {
					return w, true
				}
				return start, true
			}
		}
	}
	return time.Time{}, false
}

// nextDay returns the first instant of the local day after t's. Midnight
// need not exist (America/Santiago moves its clocks from 00:00 to 01:00),
// and time.Date then may answer with an instant on the day before.
func (c calendar) nextDay(t time.Time) time.Time {
	lt := t.In(c.loc)
	midnight := time.Date(lt.Year(), lt.Month(), lt.Day()+1, 0, 0, 0, 0, time.UTC)
	for range maxPeriods {
		lt := t.In(c.loc)
		_, off := lt.Zone()
		end := periodEnd(lt)
		if !wall(lt).Before(midnight) {
			return t
		}
		at := midnight.Add(-time.Duration(off) * time.Second)
		if end.IsZero() || at.Before(end) {
			return at
		}
		t = end
	}
	return t
}

// periodEnd returns when the offset in effect at lt may next change; zero
// if never. time.ZoneBounds is exact at real transitions, but for the years
// a zone's TZ rule covers (after its table of transitions, from about 2037)
// it also reports the ends of years, and in a leap year an end a day early,
// before lt (golang/go#81583). The offset then holds into the next year, so
// look for the next period's start.
func periodEnd(lt time.Time) time.Time {
	_, end := lt.ZoneBounds()
	if end.IsZero() || end.After(lt) {
		return end
	}
	for h := 1; h <= 48; h++ {
		if start, _ := lt.Add(time.Duration(h) * time.Hour).ZoneBounds(); start.After(lt) {
			return start
		}
	}
	return lt.Add(time.Hour)
}

// wall is the wall-clock reading of lt written as a UTC time.
func wall(lt time.Time) time.Time {
	return time.Date(lt.Year(), lt.Month(), lt.Day(), lt.Hour(), lt.Minute(), lt.Second(), lt.Nanosecond(), time.UTC)
}

// sameDay reports whether a and b fall on the same local calendar day.
func (c calendar) sameDay(a, b time.Time) bool {
	ay, am, ad := a.In(c.loc).Date()
	by, bm, bd := b.In(c.loc).Date()
	return ay == by && am == bm && ad == bd
}

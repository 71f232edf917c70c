package app

// WindowService lets the frontend move between the normal window and the
// quick-search panel, and hide, show or quit the app.
type WindowService struct{ core *Core }

// NewWindowService returns the service bound to the frontend.
func NewWindowService(core *Core) *WindowService { return &WindowService{core: core} }

// QuickSearch shows the quick-search panel.
func (s *WindowService) QuickSearch() { s.core.quickSearch("") }

// LeaveQuick returns to the normal window; show keeps it visible (a result
// is being opened), otherwise it hides.
func (s *WindowService) LeaveQuick(show bool) { s.core.leaveQuick(show) }

// Hide hides the window (Inflow keeps running in the tray).
func (s *WindowService) Hide() {
	if sh := s.core.getShell(); sh != nil {
		sh.Hide()
	}
}

// Show shows the window.
func (s *WindowService) Show() {
	if sh := s.core.getShell(); sh != nil {
		sh.Show()
	}
}

// Quit ends Inflow, tray included.
func (s *WindowService) Quit() { s.core.quit() }

// Pending returns, once, what this start of Inflow asked for (quick search
// with words, the review session) if it asked before the page was
// listening; the frontend calls it as soon as it subscribes to events.
func (s *WindowService) Pending() *Launch {
	c := s.core
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pageReady = true
	p := c.pending
	c.pending = nil
	return p
}

// deliver emits a launch event, or keeps it for Pending while the page
// is not listening yet.
func (c *Core) deliver(l Launch, event string, data any) {
	c.mu.Lock()
	if !c.pageReady {
		c.pending = &l
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	c.emit(event, data)
}

// quickSearch switches to the quick-search panel with words typed in.
func (c *Core) quickSearch(query string) {
	if sh := c.getShell(); sh != nil {
		sh.SetQuick(true)
		sh.Show()
	}
	c.inQuick.Store(true)
	c.deliver(Launch{Search: true, Query: query}, EventQuickShow, QuickShow{Query: query})
}

// endQuick restores the normal window when Go itself leaves quick mode
// (Open from the tray, the window closed to the tray) and tells the page.
func (c *Core) endQuick() {
	if !c.inQuick.Swap(false) {
		return
	}
	if sh := c.getShell(); sh != nil {
		sh.SetQuick(false)
	}
	c.emit(EventQuickHide, nil)
}

func (c *Core) leaveQuick(show bool) {
	c.inQuick.Store(false)
	sh := c.getShell()
	if sh == nil {
		return
	}
	sh.SetQuick(false)
	if show {
		sh.Show()
	} else {
		sh.Hide()
	}
}

// startReview shows the window with the review session.
func (c *Core) startReview() {
	c.endQuick()
	if sh := c.getShell(); sh != nil {
		sh.Show()
	}
	c.deliver(Launch{Review: true}, EventReviewStart, nil)
}

// launch carries out what a start of Inflow asked for.
func (c *Core) launch(l Launch) {
	switch {
	case l.Search:
		c.quickSearch(l.Query)
	case l.Review:
		c.startReview()
	case !l.Background:
		c.endQuick()
		if sh := c.getShell(); sh != nil {
			sh.Show()
		}
	}
}

// quit ends the app for real, past close-to-tray.
func (c *Core) quit() {
	c.quitting.Store(true)
	if sh := c.getShell(); sh != nil {
		sh.Quit()
	}
}

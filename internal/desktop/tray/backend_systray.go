//go:build linux || windows || (darwin && cgo)

package tray

import "fyne.io/systray"

// sysItem is a systray menu entry; labels are escaped for the platform.
type sysItem struct{ m *systray.MenuItem }

func (i sysItem) SetTitle(label string)    { i.m.SetTitle(escapeLabel(label)) }
func (i sysItem) Enable()                  { i.m.Enable() }
func (i sysItem) Disable()                 { i.m.Disable() }
func (i sysItem) Show()                    { i.m.Show() }
func (i sysItem) Hide()                    { i.m.Hide() }
func (i sysItem) Clicked() <-chan struct{} { return i.m.ClickedCh }

// menuOps are the menu calls every systray platform shares.
type menuOps struct{}

func (menuOps) addItem(label string) item {
	return sysItem{systray.AddMenuItem(escapeLabel(label), "")}
}

func (menuOps) addSeparator() { systray.AddSeparator() }

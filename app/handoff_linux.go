//go:build linux

package app

import (
	"encoding/json"
	"os"
	"strings"

	"github.com/godbus/dbus/v5"
	"github.com/wailsapp/wails/v2/pkg/options"
)

// handOff gives a launch to an Inflow already running on this profile,
// over the session bus, the way Wails' single-instance lock listens for it.
// It reports false when there is no running instance (or no bus), and the
// caller starts the window. Doing this before Wails starts means the
// second start needs no display and exits cleanly.
func handOff(id string, l Launch) bool {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		return false
	}
	conn, err := dbus.SessionBusPrivate()
	if err != nil {
		return false
	}
	defer conn.Close()
	if conn.Auth(nil) != nil || conn.Hello() != nil {
		return false
	}
	wid := "wails_app_" + strings.ReplaceAll(strings.ReplaceAll(id, "-", "_"), ".", "_")
	name, path := "org."+wid+".SingleInstance", dbus.ObjectPath("/org/"+wid+"/SingleInstance")
	var owner string
	if conn.BusObject().Call("org.freedesktop.DBus.GetNameOwner", 0, name).Store(&owner) != nil || owner == "" {
		return false
	}
	wd, _ := os.Getwd()
	msg, err := json.Marshal(options.SecondInstanceData{Args: l.Args(), WorkingDirectory: wd})
	if err != nil {
		return false
	}
	return conn.Object(name, path).Call(name+".SendMessage", 0, string(msg)).Err == nil
}

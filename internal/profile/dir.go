package profile

import (
	"os"
	"path/filepath"

	"github.com/adrg/xdg"
)

// EnvDataDir names the environment variable that overrides the data
// directory.
const EnvDataDir = "INFLOW_DATA_DIR"

// DefaultDir returns the data directory to use when no --data-dir flag is
// given: $INFLOW_DATA_DIR if set, else the per-user data directory of the
// OS (XDG_DATA_HOME/inflow on Linux, ~/Library/Application Support/inflow
// on macOS, %LOCALAPPDATA%\inflow on Windows).
func DefaultDir() string {
	if d := os.Getenv(EnvDataDir); d != "" {
		return d
	}
	return filepath.Join(xdg.DataHome, "inflow")
}

#!/usr/bin/env bash
# setup.sh [run|test]: installs whatever this machine lacks to build (run) or
# to build and test (test) Inflow, and nothing it already has.
#   - Debian/Ubuntu packages: installed with apt-get when root, otherwise the
#     exact "sudo apt-get install ..." line is printed and the script fails.
#   - npm packages: from frontend/package-lock.json (npm ci) when missing or stale.
#   - the Wails CLI at the version pinned in go.mod, into $(go env GOPATH)/bin.
set -euo pipefail
mode=${1:-run}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }

command -v go >/dev/null || { echo "Go 1.26 is required: https://go.dev/dl/" >&2; exit 1; }
command -v npm >/dev/null || { echo "Node.js 20+ and npm are required" >&2; exit 1; }

# --- system packages -------------------------------------------------------
pkgs=(pkg-config gcc libgtk-3-dev libwebkit2gtk-4.0-dev)
if [ "$mode" = test ]; then
  pkgs+=(xvfb xauth xdotool xclip x11-utils imagemagick chromium dbus dbus-daemon fonts-dejavu-core)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    say "installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Inflow needs these system packages. Install them with:" >&2
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

# --- npm packages ----------------------------------------------------------
stamp=frontend/node_modules/.inflow-lock
if [ ! -f "$stamp" ] || ! cmp -s frontend/package-lock.json "$stamp"; then
  say "installing npm packages from frontend/package-lock.json"
  (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
  cp frontend/package-lock.json "$stamp"
fi

# --- Wails CLI -------------------------------------------------------------
want=$(go list -m -f '{{.Version}}' github.com/wailsapp/wails/v2)
gobin=$(go env GOPATH)/bin
if ! "$gobin/wails" version 2>/dev/null | grep -qx "$want"; then
  say "installing the Wails CLI $want"
  go install "github.com/wailsapp/wails/v2/cmd/wails@$want"
fi

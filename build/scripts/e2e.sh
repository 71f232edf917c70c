#!/usr/bin/env bash
# e2e.sh: end-to-end tests of the real app (real frontend, real Go bindings)
# in Debian's Chromium driven by Playwright. `wails dev` runs the app in an
# Xvfb display with its own D-Bus session and serves the frontend with the
# bound Go methods on http://localhost:34115; Playwright loads that page.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
wails=$(go env GOPATH)/bin/wails
port=34115
work=$(mktemp -d)
export INFLOW_E2E_DATA="$work/profile"
export INFLOW_E2E_URL="http://localhost:$port"
export INFLOW_E2E_WORK="$work"
# Start-at-login entries and other per-user config go to the throw-away dir.
export XDG_CONFIG_HOME="$work/config"
# The sync token goes to the throw-away profile, never to a keyring.
export INFLOW_NO_KEYRING=1
log="$work/wails-dev.log"

if curl -fsS -o /dev/null "http://localhost:$port" 2>/dev/null; then
  echo "e2e: something already listens on port $port; stop it first" >&2
  exit 1
fi

echo "e2e: starting wails dev (log: $log)"
setsid xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- \
  "$wails" dev -m -nosyncgomod -nogorebuild -s -noreload -nocolour -loglevel Warning -appargs "--data-dir $INFLOW_E2E_DATA" >"$log" 2>&1 &
pid=$!
cleanup() {
  kill -INT -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  if [ "${KEEP_E2E:-}" = "" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

# wails dev compiles the Go app first (about a minute cold); wait for the
# page and for the bound methods to be reachable.
for i in $(seq 1 300); do
  if curl -fsS "http://localhost:$port/wails/ipc.js" -o /dev/null 2>/dev/null; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "e2e: wails dev exited:" >&2; cat "$log" >&2; exit 1; fi
  sleep 1
done
curl -fsS "http://localhost:$port" -o /dev/null || { echo "e2e: wails dev never served the app:" >&2; cat "$log" >&2; exit 1; }

cd frontend
if ! npx playwright test "$@"; then
  echo "e2e: failed; wails dev log follows" >&2
  tail -n 80 "$log" >&2
  exit 1
fi

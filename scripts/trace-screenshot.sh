#!/usr/bin/env bash
# Screenshot of a Jaeger trace page (how docs/jaeger-sync-trace.png is made), with Debian's headless Chromium:
#   bash scripts/trace-screenshot.sh <trace URL printed by npm start> docs/jaeger-sync-trace.png
# Chromium: apt-get install -y chromium. WIDTH/HEIGHT set the window (default 1600x1000).
set -euo pipefail
url=${1:?usage: scripts/trace-screenshot.sh <trace url> <out.png>}
out=${2:?usage: scripts/trace-screenshot.sh <trace url> <out.png>}
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "Chromium is not installed: apt-get install -y chromium" >&2; exit 1; }
# --virtual-time-budget lets the UI fetch the trace and render before the shot; --no-sandbox: root in a container.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="${WIDTH:-1600},${HEIGHT:-1000}" \
  --virtual-time-budget=15000 --screenshot="$out" "$url" 2>/dev/null
echo "wrote $out"

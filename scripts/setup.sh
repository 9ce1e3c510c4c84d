#!/usr/bin/env bash
# Install everything the build and the test-suite need, idempotently.
#
#   apt (Debian 12): chromium, fonts-noto-core, Java >= 17 (vnu.jar), node + npm,
#                    python3-venv — only when something is missing;
#   .venv:           pip install -e '.[test]' — only when pyproject.toml changed;
#   node_modules:    npm ci --ignore-scripts (axe-core, vnu-jar) — only when
#                    package-lock.json changed.
#
# Never lets Playwright download a browser: tests use /usr/bin/chromium.
# SETUP_FORCE=1 redoes the pip and npm steps.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export PIP_DISABLE_PIP_VERSION_CHECK=1
FORCE=${SETUP_FORCE:-0}

log() { printf '[setup] %s\n' "$*" >&2; }

have() { command -v "$1" >/dev/null 2>&1; }

pkg_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]
}

java_major() {
  # Prints the major version of `java` (0 when absent).
  have java || { echo 0; return; }
  java -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n1 | grep . || echo 0
}

PYTHON=${PYTHON:-python3}

# ---------------------------------------------------------------- apt
want=()
[ -x /usr/bin/chromium ] || want+=(chromium)
pkg_installed fonts-noto-core || want+=(fonts-noto-core)
if [ "$(java_major)" -lt 17 ]; then want+=(default-jre-headless); fi
have node || want+=(nodejs)
have npm || want+=(npm)
[ -x /usr/sbin/nginx ] || want+=(nginx)  # the deploy tests serve the site with Debian's nginx
if ! have "$PYTHON"; then
  want+=(python3 python3-venv); PYTHON=python3
elif [ ! -x .venv/bin/python ] && ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
  want+=(python3-venv)
fi

if [ ${#want[@]} -gt 0 ]; then
  if ! have apt-get; then
    log "missing ${want[*]} and no apt-get: install them by hand"; exit 1
  fi
  SUDO=
  if [ "$(id -u)" -ne 0 ]; then
    have sudo || { log "need root (or sudo) to apt-get install ${want[*]}"; exit 1; }
    SUDO=sudo
  fi
  log "apt-get install ${want[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends ca-certificates "${want[@]}" >/dev/null
else
  log "apt: chromium, fonts-noto-core, java, node, npm already present"
fi

# ---------------------------------------------------------------- python venv
if [ ! -x .venv/bin/python ]; then
  log "creating .venv with $($PYTHON --version 2>&1)"
  "$PYTHON" -m venv .venv
  FORCE=1
fi
py_stamp=.venv/.vinhdanh-setup
py_hash="$(sha256sum pyproject.toml | cut -d' ' -f1) $(.venv/bin/python -c 'import sys; print(sys.version.split()[0])')"
if [ "$FORCE" = 1 ] || [ "$(cat "$py_stamp" 2>/dev/null || true)" != "$py_hash" ] \
   || ! .venv/bin/python -c 'import vinhdanh, pytest, playwright' 2>/dev/null; then
  log "pip install -e '.[test]'"
  .venv/bin/python -m pip install -q -e '.[test]'
  printf '%s\n' "$py_hash" > "$py_stamp"
else
  log "venv up to date"
fi

# ---------------------------------------------------------------- npm (axe-core, vnu-jar)
# --ignore-scripts: vnu-jar's postinstall would try to download a Temurin JRE from GitHub.
npm_stamp=node_modules/.vinhdanh-setup
npm_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$FORCE" = 1 ] || [ "$(cat "$npm_stamp" 2>/dev/null || true)" != "$npm_hash" ] \
   || [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
  log "npm ci"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  printf '%s\n' "$npm_hash" > "$npm_stamp"
else
  log "node_modules up to date"
fi

# ---------------------------------------------------------------- summary
log "$(/usr/bin/chromium --version 2>/dev/null | head -n1) | java $(java_major) | node $(node --version) | $(.venv/bin/python --version)"

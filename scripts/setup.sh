#!/usr/bin/env bash
# Install everything the build and the test-suite need, idempotently.
#
#   apt (Debian 12): chromium, fonts-noto-core, Java >= 17 (vnu.jar), node + npm,
#                    python3-venv, libatomic1 (Playwright's bundled Node needs it),
#                    nginx and openssl (the real-nginx and HTTPS tests)
#                    — only when something is missing;
#   .venv:           pip install -e '.[test]' — only when pyproject.toml changed;
#   .venv-properdocs: ProperDocs, the second engine (scripts/setup-properdocs.sh);
#   node_modules:    npm ci --ignore-scripts (axe-core, vnu-jar) — only when
#                    package-lock.json changed.
#   smoke check:     every tool the tests drive is started once (Playwright's driver
#                    with chromium, java with vnu.jar, pagefind, nginx): a missing shared
#                    library fails here, by name, not eleven tests later.
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
# Playwright's wheel ships its own Node binary linked against libatomic.so.1; compilers
# pull the library in on developer machines, a minimal Debian has none.
if have dpkg-query && ! pkg_installed libatomic1; then want+=(libatomic1); fi
if [ "$(java_major)" -lt 17 ]; then want+=(default-jre-headless); fi
have node || want+=(nodejs)
have npm || want+=(npm)
[ -x /usr/sbin/nginx ] || want+=(nginx)  # the deploy tests serve the site with Debian's nginx
have openssl || want+=(openssl)  # tests/tls.py makes the HTTPS tests' CA and certificate with it
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
  # Debian starts a package's service on install: nginx would listen on *:80. The tests start
  # their own nginx on 127.0.0.1, so no service may start here (policy-rc.d, exit 101 = "not now").
  policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null && $SUDO chmod 755 "$policy"
  fi
  status=0
  $SUDO apt-get install -y -qq --no-install-recommends ca-certificates "${want[@]}" >/dev/null || status=$?
  [ -z "$policy" ] || $SUDO rm -f "$policy"
  [ "$status" = 0 ] || { log "apt-get install failed ($status)"; exit "$status"; }
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

# ---------------------------------------------------------------- second engine
# ProperDocs 1.6.x (the maintained fork of MkDocs 1.6) in .venv-properdocs, beside .venv's
# libraries: tests/test_engine_properdocs.py builds the sample site with both engines.
bash scripts/setup-properdocs.sh

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

# ---------------------------------------------------------------- smoke check
fail() { log "FAILED: $1"; log "fix: $2"; exit 1; }

out=$(node --version 2>&1) || fail "node does not start: $out" "apt-get install nodejs"
out_vnu=$(java -jar node_modules/vnu-jar/build/dist/vnu.jar --version 2>&1) \
  || fail "the Nu Html Checker does not start: $out_vnu" "apt-get install default-jre-headless (Java >= 17)"
out_nginx=$(/usr/sbin/nginx -v 2>&1) || fail "nginx does not start: $out_nginx" "apt-get install nginx"
out_pf=$(.venv/bin/python -m pagefind --version 2>&1) \
  || fail "pagefind does not start: $out_pf" "SETUP_FORCE=1 bash scripts/setup.sh (reinstalls pagefind[bin])"
# Starts Playwright's own Node driver, then Debian's chromium through it, and loads a page.
out=$(timeout 120 .venv/bin/python - 2>&1 <<'PY'
import sys
sys.path.insert(0, "tests")
from browser import CHROMIUM_ARGS
from playwright.sync_api import sync_playwright

with sync_playwright() as pw:
    browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
    page = browser.new_page()
    page.set_content("<title>ok</title><p>vinhdanh</p>")
    assert page.text_content("p") == "vinhdanh"
    browser.close()
PY
) || fail "Playwright cannot drive /usr/bin/chromium: $(printf '%s' "$out" | grep -v '^\s*$' | tail -n 3)" \
  "a missing shared library above (libatomic.so.1: apt-get install libatomic1); then run setup again"
log "smoke check: Playwright drove chromium; vnu $out_vnu; pagefind $out_pf; $out_nginx"

# ---------------------------------------------------------------- summary
log "$(/usr/bin/chromium --version 2>/dev/null | head -n1) | java $(java_major) | node $(node --version) | $(.venv/bin/python --version)"

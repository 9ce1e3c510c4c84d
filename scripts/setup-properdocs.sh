#!/usr/bin/env bash
# A second engine for the same site: .venv-properdocs runs `properdocs build` (ProperDocs 1.6.x,
# the maintained drop-in fork of MkDocs 1.6) on the very libraries of .venv.
#
#   bash scripts/setup-properdocs.sh        (after scripts/setup.sh; setup.sh calls it)
#
# The venv holds ProperDocs alone; a .pth line adds .venv's site-packages behind it, so
# Material, Markdown, pymdown-extensions, Jinja2 and vinhdanh (with its `mkdocs.plugins`
# entry point) are the same files in both venvs: tests/test_engine_properdocs.py then compares
# two builds that differ in the engine only. ProperDocs aliases every `mkdocs.*` import to its
# own modules when `properdocs` starts, so the real MkDocs package beside it is never loaded.
# Installing only ProperDocs also takes seconds, not the minute a second full install takes.
# SETUP_FORCE=1 recreates the venv.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1
VENV=.venv-properdocs
SPEC='properdocs>=1.6,<1.7'

log() { printf '[setup-properdocs] %s\n' "$*" >&2; }

[ -x .venv/bin/python ] || { log "no .venv: run bash scripts/setup.sh first"; exit 1; }
shared=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')

stamp=$VENV/.vinhdanh-setup
want="$SPEC $shared $(.venv/bin/python -c 'import sys; print(sys.version.split()[0])')"
if [ "${SETUP_FORCE:-0}" != 1 ] && [ "$(cat "$stamp" 2>/dev/null || true)" = "$want" ] \
   && "$VENV/bin/properdocs" --version >/dev/null 2>&1; then
  log "$VENV up to date"
else
  rm -rf "$VENV"
  # Made by .venv's interpreter: the shared site-packages hold compiled wheels for its version.
  .venv/bin/python -m venv --without-pip "$VENV"  # .venv's pip installs into it: seconds saved
  own=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
  # addsitedir (not a bare path line) so that .venv's own .pth files run too: vinhdanh is
  # installed there in editable mode through one.
  printf 'import site; site.addsitedir(%s)\n' "$(printf '%s' "$shared" | .venv/bin/python -c 'import sys; print(repr(sys.stdin.read()))')" \
    > "$own/vinhdanh-shared-venv.pth"
  log "pip install '$SPEC' (other libraries come from .venv)"
  .venv/bin/python -m pip --python "$VENV/bin/python" install -q "$SPEC"
  printf '%s\n' "$want" > "$stamp"
fi

# Smoke check: the engine starts and finds Material's theme and our plugin through .venv.
out=$("$VENV/bin/python" - 2>&1 <<'PY'
import properdocs.replacement  # noqa: F401  (what `properdocs` does first)
from properdocs.plugins import get_plugins
from properdocs.utils import get_theme_names

assert "material" in get_theme_names(), "Material's theme is not found"
assert "vinhdanh" in get_plugins(), "the vinhdanh plugin is not found"
PY
) || { log "FAILED: ProperDocs does not see Material or vinhdanh: $out"; log "fix: SETUP_FORCE=1 bash scripts/setup-properdocs.sh"; exit 1; }
log "$("$VENV/bin/properdocs" --version)"

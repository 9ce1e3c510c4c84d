#!/usr/bin/env bash
# The test command (see README): bash scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -f .venv/bin/activate ]; then
  # shellcheck disable=SC1091
  . .venv/bin/activate
fi
exec python -m pytest -q -p no:cacheprovider "$@"

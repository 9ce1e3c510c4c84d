#!/usr/bin/env bash
# The test command (see README): bash scripts/test.sh [pytest args...]
# Style (ruff lint + format) and types (mypy) first: they take seconds, and fail fast.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -f .venv/bin/activate ]; then
  # shellcheck disable=SC1091
  . .venv/bin/activate
fi
python -m ruff check scripts tests benchmarks
python -m ruff format --check scripts tests benchmarks
python -m mypy
exec python -m pytest -q -p no:cacheprovider "$@"

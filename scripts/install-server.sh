#!/usr/bin/env bash
# Install or upgrade vinhdanh on a server (Debian 12 / Ubuntu 22.04+), as root:
#
#   sudo bash scripts/install-server.sh                       # from this repository (builds the wheel)
#   sudo bash install-server.sh --wheel vinhdanh-0.1.0-py3-none-any.whl --wheelhouse ./wheelhouse
#                                                             # offline: the wheel + its dependencies
#   bash scripts/install-server.sh --make-wheelhouse DIR      # on a machine with internet: the files to copy
#
# Only what building and serving need: python3, python3-venv, git, nginx. Not the
# browser, Java, Node or the test tools of scripts/setup.sh (which stays the set-up
# of a developer's machine).
#
# Layout (the same command upgrades in place):
#   /opt/vinhdanh/venvs/<version>-<time>/   one venv per install; the newest two are kept
#   /opt/vinhdanh/current -> venvs/...      switched in one rename once the new venv works
#   /opt/vinhdanh/bin/vinhdanh, /usr/local/bin/vinhdanh   the stable paths units and cron name
# and a system user `vinhdanh` owning /srv/vinhdanh (content) and /var/www/vinhdanh
# (the web root: writable only by it; nginx reads).
set -euo pipefail

PREFIX=/opt/vinhdanh
USER_NAME=vinhdanh
CONTENT_HOME=/srv/vinhdanh
WEB_ROOT=/var/www/vinhdanh
WHEEL="" WHEELHOUSE="" MAKE_WHEELHOUSE="" APT=1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

usage() { sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
die() { echo "Lỗi: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case $1 in
    --wheel) WHEEL=$(realpath "$2"); shift 2 ;;
    --wheelhouse) WHEELHOUSE=$(realpath "$2"); shift 2 ;;
    --make-wheelhouse) MAKE_WHEELHOUSE=$2; shift 2 ;;
    --prefix) PREFIX=$2; shift 2 ;;
    --no-apt) APT=0; shift ;;  # python3-venv, git and nginx are there already
    -h|--help) usage 0 ;;
    *) echo "Không rõ tùy chọn: $1" >&2; usage 2 ;;
  esac
done

repo_root() {  # the repository this script belongs to, when it is run from one
  local root; root=$(cd "$HERE/.." && pwd)
  [ -f "$root/pyproject.toml" ] && grep -q '^name = "vinhdanh"' "$root/pyproject.toml" && echo "$root"
}

if [ -n "$MAKE_WHEELHOUSE" ]; then
  # The wheel of this repository and every dependency, for a server without access to
  # a package registry. Build it on the same Debian/Python as the server (wheels of
  # Pillow and others are per Python version and CPU).
  root=$(repo_root) || die "--make-wheelhouse chạy từ kho mã nguồn vinhdanh."
  mkdir -p "$MAKE_WHEELHOUSE"
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  python3 -m venv "$tmp/venv"
  "$tmp/venv/bin/pip" wheel --quiet --wheel-dir "$MAKE_WHEELHOUSE" "$root" "setuptools>=68" wheel
  echo "Đã ghi $(ls "$MAKE_WHEELHOUSE" | wc -l) tệp vào $MAKE_WHEELHOUSE; chép thư mục này cùng install-server.sh sang máy chủ:"
  echo "  sudo bash install-server.sh --wheel $MAKE_WHEELHOUSE/vinhdanh-*.whl --wheelhouse $MAKE_WHEELHOUSE"
  exit 0
fi

[ "$(id -u)" = 0 ] || die "cần quyền root (sudo bash $0 ...)."

if [ "$APT" = 1 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends python3 python3-venv git nginx ca-certificates >/dev/null
fi

# The account that owns the content and the site, so the nightly build never runs as root.
if ! id "$USER_NAME" >/dev/null 2>&1; then
  useradd --system --home-dir "$CONTENT_HOME" --create-home --shell /usr/sbin/nologin "$USER_NAME"
fi
install -d -o "$USER_NAME" -g "$USER_NAME" -m 0755 "$CONTENT_HOME" "$WEB_ROOT"

pip_source=()
if [ -n "$WHEELHOUSE" ]; then pip_source=(--no-index --find-links "$WHEELHOUSE"); fi

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
if [ -z "$WHEEL" ]; then
  root=$(repo_root) || die "cần --wheel TỆP.whl (hoặc chạy từ kho mã nguồn vinhdanh)."
  python3 -m venv "$tmp/build"
  "$tmp/build/bin/pip" wheel --quiet --no-deps "${pip_source[@]}" --wheel-dir "$tmp/dist" "$root"
  WHEEL=$(ls "$tmp"/dist/vinhdanh-*.whl)
  commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "")
else
  [ -f "$WHEEL" ] || die "không thấy tệp $WHEEL."
  commit=""
fi

version=$(basename "$WHEEL" | cut -d- -f2)
stamp=$(date -u +%Y%m%d%H%M%S)
venv="$PREFIX/venvs/$version-$stamp${commit:+-$commit}"
mkdir -p "$PREFIX/venvs" "$PREFIX/bin"
python3 -m venv "$venv"
if ! "$venv/bin/pip" install --quiet --disable-pip-version-check "${pip_source[@]}" "$WHEEL"; then
  rm -rf "$venv"
  die "cài gói không thành công; bản đang chạy giữ nguyên."
fi
"$venv/bin/vinhdanh" --version >/dev/null || { rm -rf "$venv"; die "bản mới không chạy được; bản đang chạy giữ nguyên."; }

# Switch in one rename: a nightly job starting now runs the old or the new, never half.
ln -sfn "$venv" "$PREFIX/current.new" && mv -T "$PREFIX/current.new" "$PREFIX/current"
ln -sfn ../current/bin/vinhdanh "$PREFIX/bin/vinhdanh"
ln -sfn "$PREFIX/bin/vinhdanh" /usr/local/bin/vinhdanh

# Keep the new venv and the one before it (to go back: ln -sfn THAT_VENV /opt/vinhdanh/current).
ls -1dt "$PREFIX"/venvs/*/ 2>/dev/null | tail -n +3 | while read -r old; do
  [ "$(realpath "$old")" = "$(realpath "$PREFIX/current")" ] || rm -rf "$old"
done

echo "Đã cài: $(/usr/local/bin/vinhdanh --version)"
echo "Lệnh: /usr/local/bin/vinhdanh (cũng là $PREFIX/bin/vinhdanh); tài khoản chạy: $USER_NAME; nội dung: $CONTENT_HOME; web: $WEB_ROOT"
echo "Lần đầu: xem docs/van-hanh-may-chu.md (vinhdanh init, vinhdanh deploy)."

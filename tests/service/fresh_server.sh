#!/usr/bin/env bash
# A hospital server's life on a minimal Debian 12, from the repository's committed HEAD:
# install, `vinhdanh init`, build, serve through nginx on 127.0.0.1, an upgrade to a
# newer commit with the generated unit's ExecStart still working, a content error
# pushed that makes the nightly job fail (live site unchanged, alert called), and
# `vinhdanh rollback`. It changes the machine it runs on: run it only through
#
#   flock /tmp/fresh-machine.lock /work/shared/tools/fresh-machine "bash tests/service/fresh_server.sh --throwaway"
#
# (from the project root, as root). Prints "FRESH SERVER: OK" at the end.
set -euo pipefail
[ "${1:-}" = "--throwaway" ] || { echo "runs only on a throwaway machine: see the header" >&2; exit 2; }
REPO=$(pwd)
PORT=${VINHDANH_TEST_PORT:-18$((RANDOM % 900 + 100))}
CONTENT=/srv/vinhdanh/noidung
SITE=/var/www/vinhdanh/site
ALERT_FILE=/srv/vinhdanh/canh-bao.txt
as_vd() { runuser -u vinhdanh -- "$@"; }
step() { printf '\n===== %s\n' "$*"; }
fetch() {  # MODE PATH: "status" or "body" of http://127.0.0.1:$PORT$PATH (no pipe into head: SIGPIPE under pipefail)
  python3 - "$PORT" "$2" "$1" <<'EOF'
import sys, urllib.request, urllib.error
try:
    r = urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}{sys.argv[2]}", timeout=10)
    status, body = r.status, r.read().decode("utf-8", "replace")
except urllib.error.HTTPError as e:
    status, body = e.code, ""
print(f"GET {sys.argv[2]} -> {status}" if sys.argv[3] == "status" else body)
EOF
}
site_hash() { (cd "$SITE" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16); }
cleanup() { [ -f /run/nginx.pid ] && nginx -s quit 2>/dev/null || true; }
trap cleanup EXIT

# A chroot shares the host's network: apt must not start nginx on the host's port 80.
printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d

step "1. install (scripts/install-server.sh) on a minimal Debian 12"
bash scripts/install-server.sh
vinhdanh --version
for tool in chromium java node npm pytest; do ! command -v "$tool" >/dev/null || { echo "unexpected: $tool installed"; exit 1; }; done
echo "no chromium, java, node or test tools"
stat -c '%U:%G %a %n' /srv/vinhdanh /var/www/vinhdanh

step "2. vinhdanh init (as the vinhdanh user)"
as_vd vinhdanh init "$CONTENT" --no-input --name "Bệnh viện Đa khoa tỉnh Thử Nghiệm" --short-name "BVĐK Thử Nghiệm" \
  --address "Số 1 đường Trần Hưng Đạo, thành phố Thử" --base-url "http://127.0.0.1:$PORT/" --unit "Khoa Nhi" --unit "Phòng Tổ chức cán bộ"
# The hospital's shared repository (a bare one here) and an editor's clone of it.
as_vd git clone -q --bare "$CONTENT" /srv/vinhdanh/kho.git
as_vd git -C "$CONTENT" remote add origin /srv/vinhdanh/kho.git
as_vd git -C "$CONTENT" fetch -q origin && as_vd git -C "$CONTENT" branch -q --set-upstream-to=origin/main main
as_vd git clone -q /srv/vinhdanh/kho.git /srv/vinhdanh/bien-tap
as_vd git -C /srv/vinhdanh/bien-tap config user.email bientap@localhost && as_vd git -C /srv/vinhdanh/bien-tap config user.name "Biên tập"
(cd "$CONTENT" && as_vd vinhdanh validate)

step "3. deploy files: nginx on 127.0.0.1:$PORT, systemd units, cron, alert"
as_vd vinhdanh --root "$CONTENT" deploy all --site-dir "$SITE" -o /srv/vinhdanh/deploy --listen "127.0.0.1:$PORT" --alert "cat > $ALERT_FILE"
cp /srv/vinhdanh/deploy/systemd/* /etc/systemd/system/
cp /srv/vinhdanh/deploy/cron/vinhdanh-build /etc/cron.d/vinhdanh-build
grep -E '^(ExecStart|OnFailure|User)=' /etc/systemd/system/vinhdanh-build.service /etc/systemd/system/vinhdanh-build-alert.service
grep -v '^#' /etc/cron.d/vinhdanh-build
echo "server clock: $(date +%Z) — cron hour for 00:10 in Vietnam: $(grep -v -e '^#' -e '^SHELL=' /etc/cron.d/vinhdanh-build | awk '{print $2}')"
rm -f /etc/nginx/sites-enabled/default
cp /srv/vinhdanh/deploy/nginx/vinhdanh-site.conf /etc/nginx/sites-enabled/vinhdanh.conf
nginx -t

step "4. first build, served through nginx"
as_vd vinhdanh --root "$CONTENT" build --site-dir "$SITE"
nginx
fetch status /
echo "home page lines naming the hospital: $(fetch body / | grep -c "Bệnh viện Đa khoa tỉnh Thử Nghiệm")"
fetch status /guong-dien-hinh/bai-mau/   # the sample is a draft: never public
stat -c '%U:%G %a %n' "$SITE"
as_vd vinhdanh --root "$CONTENT" builds --site-dir "$SITE"

step "5. an editor publishes a story (pushed to the shared repository)"
(cd /srv/vinhdanh/bien-tap && as_vd vinhdanh new exemplar "Nguyễn Thị Lan" >/dev/null)
story=$(ls /srv/vinhdanh/bien-tap/content/exemplars/*/nguyen-thi-lan/index.md)
sed -i 's/^status: draft/status: published/; s/^consent:.*/consent: true/' "$story"
as_vd git -C /srv/vinhdanh/bien-tap add -A && as_vd git -C /srv/vinhdanh/bien-tap commit -qm "Bài: Nguyễn Thị Lan" && as_vd git -C /srv/vinhdanh/bien-tap push -q

step "6. upgrade to a newer commit; the unit generated before it still works"
old_venv=$(readlink -f /opt/vinhdanh/current)
sed -i 's/^version = "\(.*\)"/version = "\1.post1"/' "$REPO/pyproject.toml"
git -c user.email=t@localhost -c user.name=t -C "$REPO" commit -qam "test: version bump"
bash scripts/install-server.sh --no-apt
vinhdanh --version
rm -rf "$old_venv" && echo "removed the old venv $old_venv"
exec_start=$(sed -n 's/^ExecStart=//p' /etc/systemd/system/vinhdanh-build.service)
echo "ExecStart=$exec_start"
(cd "$CONTENT" && eval "runuser -u vinhdanh -- $exec_start")
echo "nightly exit: $?"
fetch status /guong-dien-hinh/nguyen-thi-lan/
as_vd vinhdanh --root "$CONTENT" builds --site-dir "$SITE"

step "7. a content error pushed: the nightly job fails, the live site stays, the alert is called"
sed -i 's/^unit: .*/unit: khoa-khong-co/' "$story"
as_vd git -C /srv/vinhdanh/bien-tap commit -qam "Sửa bài (có lỗi)" && as_vd git -C /srv/vinhdanh/bien-tap push -q
before=$(site_hash); page_before=$(fetch body /guong-dien-hinh/nguyen-thi-lan/ | sha256sum | cut -c1-16)
rm -f "$ALERT_FILE"
set +e
(cd "$CONTENT" && eval "runuser -u vinhdanh -- $exec_start")
status=$?
set -e
echo "nightly exit: $status"
[ "$status" != 0 ]
after=$(site_hash); page_after=$(fetch body /guong-dien-hinh/nguyen-thi-lan/ | sha256sum | cut -c1-16)
echo "site files before $before after $after; page over HTTP before $page_before after $page_after"
[ "$before" = "$after" ] && [ "$page_before" = "$page_after" ]
# systemd's way: the service failed, so systemd starts its OnFailure= unit; its ExecStart as systemd runs it.
grep '^OnFailure=' /etc/systemd/system/vinhdanh-build.service
alert_start=$(sed -n 's/^ExecStart=//p' /etc/systemd/system/vinhdanh-build-alert.service)
(cd "$CONTENT" && eval "runuser -u vinhdanh -- $alert_start")
echo "alert file ($ALERT_FILE) from the OnFailure unit:"; cat "$ALERT_FILE"
grep -q "khoa-khong-co" "$ALERT_FILE"
# cron's way: the cron line's command, run by bash as cron.d's SHELL=/bin/bash says.
cron_cmd=$(grep -v -e '^#' -e '^SHELL=' -e '^$' /etc/cron.d/vinhdanh-build | cut -d' ' -f7-)
rm -f "$ALERT_FILE"
set +e
runuser -u vinhdanh -- /bin/bash -c "$cron_cmd"
cron_status=$?
set -e
echo "cron line exit: $cron_status"
[ "$cron_status" != 0 ] && grep -q "khoa-khong-co" "$ALERT_FILE" && echo "cron line: alert file written ($(wc -l < "$ALERT_FILE") lines)"
[ "$(site_hash)" = "$before" ]

step "8. vinhdanh rollback: the build before the nightly one is live again"
as_vd vinhdanh --root "$CONTENT" rollback --site-dir "$SITE"
fetch status /guong-dien-hinh/nguyen-thi-lan/   # the story came with the nightly build: gone again
fetch status /
as_vd vinhdanh --root "$CONTENT" builds --site-dir "$SITE"
as_vd vinhdanh --root "$CONTENT" rollback --site-dir "$SITE" >/dev/null   # and forward again
fetch status /guong-dien-hinh/nguyen-thi-lan/
echo; echo "FRESH SERVER: OK"

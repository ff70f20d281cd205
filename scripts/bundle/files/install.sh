#!/bin/sh
# Installs (or upgrades in place) the Phòng họp số server from this unpacked bundle, with no network at all:
#   sudo ./install.sh
# - checks every file of the bundle against SHA256SUMS;
# - creates the system user `phonghop` and its data folder /var/lib/phonghop (kept as it is on an upgrade);
# - copies this release to /opt/phonghop/releases/<version> and points /opt/phonghop/current at it (one rename, so
#   the service never sees half a release); the previous release stays beside it for a rollback;
# - writes /etc/phonghop/phonghop.env only if it does not exist, installs the systemd unit and /usr/local/bin/phonghop;
# - (re)starts the service, waits until it answers over HTTPS, and prints the setup link on a first install.
# Environment: PHONGHOP_NO_START=1 installs without starting. Details: docs/install.md.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
VERSION=$(cat "$HERE/VERSION")
PREFIX=/opt/phonghop
RELEASE="$PREFIX/releases/$VERSION"
DATA=/var/lib/phonghop
CONF=/etc/phonghop
UNIT=/etc/systemd/system/phonghop.service
SERVICE=phonghop

say() { printf '[install] %s\n' "$*" >&2; }
die() { printf '[install] error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run it as root: sudo ./install.sh"
[ "$(uname -m)" = x86_64 ] || die "this bundle is for x86_64 (linux-x64); this machine is $(uname -m)"
[ -d /run/systemd/system ] || die "systemd is not running here; the server is installed as a systemd service"

say "Phòng họp số $VERSION: checking the bundle's files (SHA256SUMS)"
(cd "$HERE" && sha256sum --check --quiet --strict SHA256SUMS) || die "the bundle is damaged or incomplete: copy it again"

if ! getent passwd "$SERVICE" >/dev/null; then
  say "creating the system user $SERVICE"
  useradd --system --user-group --home-dir "$DATA" --no-create-home --shell /usr/sbin/nologin \
    --comment "Phong hop so server" "$SERVICE"
fi
install -d -m 0750 -o "$SERVICE" -g "$SERVICE" "$DATA"
install -d -m 0755 "$PREFIX" "$PREFIX/releases"
install -d -m 0750 -o root -g "$SERVICE" "$CONF"

first_install=yes
[ -e "$PREFIX/current" ] && first_install=no
previous=$(readlink "$PREFIX/current" 2>/dev/null || true)

say "copying the release to $RELEASE"
staging="$PREFIX/releases/.$VERSION.new-$$"
rm -rf "$staging"
cp -a "$HERE" "$staging"
rm -f "$staging/install.sh"
chown -R root:root "$staging"
chmod -R go-w "$staging"
chmod 0755 "$staging"

if [ ! -e "$CONF/phonghop.env" ]; then
  say "writing the settings file $CONF/phonghop.env (edit it, then: systemctl restart $SERVICE)"
  install -m 0640 -o root -g "$SERVICE" "$staging/etc/phonghop.env" "$CONF/phonghop.env"
else
  say "keeping the settings in $CONF/phonghop.env"
fi

if systemctl is-active --quiet "$SERVICE"; then
  say "stopping $SERVICE for the upgrade (the data in $DATA stays as it is)"
  systemctl stop "$SERVICE"
fi

# Reinstalling the same version replaces its folder; the one it replaces goes only once the new one is in place.
if [ -e "$RELEASE" ]; then mv "$RELEASE" "$RELEASE.old-$$"; fi
mv "$staging" "$RELEASE"
ln -sfn "releases/$VERSION" "$PREFIX/current.new-$$"
mv -T "$PREFIX/current.new-$$" "$PREFIX/current"
rm -rf "$RELEASE.old-$$"
ln -sfn "$PREFIX/current/bin/phonghop" /usr/local/bin/phonghop
install -m 0644 "$RELEASE/etc/phonghop.service" "$UNIT"
systemctl daemon-reload
systemctl enable --quiet "$SERVICE"

# Keep this release and the one before it; older ones go.
for old in "$PREFIX"/releases/*; do
  name=$(basename "$old")
  [ "releases/$name" = "releases/$VERSION" ] && continue
  [ -n "$previous" ] && [ "releases/$name" = "$previous" ] && continue
  say "removing the old release $name"
  rm -rf "$old"
done

if [ "${PHONGHOP_NO_START:-}" = 1 ]; then
  say "installed; not started (PHONGHOP_NO_START=1): systemctl start $SERVICE"
  exit 0
fi

say "starting $SERVICE (the first start creates the database and the HTTPS certificates; it waits until /healthz answers)"
if ! systemctl start "$SERVICE"; then
  systemctl status --no-pager "$SERVICE" >&2 || true
  journalctl -u "$SERVICE" -n 40 --no-pager -o cat >&2 || true
  die "$SERVICE did not start; see above"
fi
systemctl status --no-pager --lines=0 "$SERVICE" >&2 || true
if [ "$first_install" = yes ]; then
  link=$(/usr/local/bin/phonghop setup-link || true)
  if [ -n "$link" ]; then
    say "first-run setup link (single use, valid 24 hours; also in: journalctl -u $SERVICE):"
    printf '%s\n' "$link"
    say "set PUBLIC_URL in $CONF/phonghop.env so that links carry the address people use"
  fi
fi
say "done: Phòng họp số $VERSION is running (phonghop health, journalctl -u $SERVICE)"

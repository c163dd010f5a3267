#!/usr/bin/env bash
# What `make test` needs beyond Python: Chromium (browser tests), PostgreSQL
# (the second database run), redis-server (the cache outage and two-instance
# tests), the DejaVu fonts the charts and PDF use and GNU gettext (the
# catalog check). As root on Debian
# the missing ones are installed with apt-get; otherwise this says what is
# missing and what the suite will skip (with CI=true a skip is a failure).
set -euo pipefail

missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core)
command -v xgettext >/dev/null 2>&1 || missing+=(gettext)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages the suite needs: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

echo "Not installed here (install them with apt-get as root): ${missing[*]}"
for package in "${missing[@]}"; do
  case "$package" in
    chromium) echo "  - without chromium the browser tests (tests/browser) are skipped" ;;
    postgresql) echo "  - without postgresql the PostgreSQL run is skipped (SQLite only)" ;;
    redis-server) echo "  - without redis-server the cache outage and two-instance tests are skipped" ;;
    fonts-dejavu-core) echo "  - without DejaVu fonts, charts and the PDF fall back to other fonts" ;;
    gettext) echo "  - without gettext the check that the catalogs hold every marked string is skipped" ;;
  esac
done
if [ "${CI:-}" = "true" ]; then
  echo "CI=true: these are required." >&2
  exit 1
fi

#!/bin/sh
# The browser tests (test/browser) drive Debian's Chromium through playwright-core.
# CI: run this before `npm test`. Installs chromium with apt-get only when /usr/bin/chromium is absent.
set -eu
if [ -x /usr/bin/chromium ]; then
  echo "chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium
/usr/bin/chromium --version

#!/usr/bin/env bash
# CI: Debian's Chromium for the console's browser tests (tests/console/test_console_browser.py,
# driven by Playwright with executable_path=/usr/bin/chromium; `playwright install` is never
# needed). Does nothing when Chromium is already there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version

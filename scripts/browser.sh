#!/usr/bin/env bash
# Debian's Chromium and its driver for the browser tests (tests/test_ui_browser.py).
# Idempotent: does nothing when /usr/bin/chromium and /usr/bin/chromedriver exist.
# Playwright's and Selenium's own browser downloads are not used (they fail here).
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  echo "browser: $(/usr/bin/chromium --version 2>/dev/null | head -n1)"
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  echo "browser: apt-get not found; install chromium and chromium-driver yourself" >&2
  exit 1
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver
echo "browser: $(/usr/bin/chromium --version 2>/dev/null | head -n1)"

#!/usr/bin/env bash
# Installs headless Chromium and its WebDriver (Debian packages `chromium` and
# `chromium-driver`) for the dashboard's real-browser test (crates/server/tests/browser.rs).
# Run as root; does nothing when both are already there. Exits 0 either way: the browser test
# itself says clearly that it skipped when chromium is still missing.
set -uo pipefail
have() { command -v "$1" >/dev/null 2>&1; }
if have chromium && have chromedriver; then
  exit 0
fi
echo "installing Debian chromium + chromium-driver for the browser test"
if ! apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null 2>&1; then
  apt-get update -q >/dev/null 2>&1 \
    && apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null 2>&1
fi
if have chromium && have chromedriver; then
  echo "chromium: $(chromium --version 2>/dev/null); chromedriver: $(chromedriver --version 2>/dev/null)"
else
  echo "note: chromium/chromium-driver could not be installed; the browser test will skip"
fi
exit 0

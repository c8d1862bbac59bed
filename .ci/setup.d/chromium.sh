# Sourced by .ci/run: headless Chromium for ShowcaseIT's status-page test (it draws the analytics charts in a real
# browser). Installs Debian's chromium package when /usr/bin/chromium is absent; if that fails, the test is
# skipped with its reason and the rest of the suite runs.
if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Chromium (Debian package 'chromium') for the showcase page test"
  if [ "$(id -u)" = 0 ]; then apt_get="apt-get"; else apt_get="sudo apt-get"; fi
  if ! { $apt_get update -qq && DEBIAN_FRONTEND=noninteractive $apt_get install -y -qq chromium >/dev/null; }; then
    echo "!! CI: Chromium could not be installed; ShowcaseIT's browser test will be skipped" >&2
  fi
fi

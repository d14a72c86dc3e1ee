# Shared by run.sh and test.sh: install what is missing, build.
# Sourced, not run. Works as root or through sudo on Debian 12.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BRIEFDESK_BUILD_DIR:-$ROOT/build}"

# The Debian packages BriefDesk builds with (shared/DEBIAN12.md); the
# container images build with these alone (scripts/image.sh).
BUILD_PACKAGES=(
  build-essential cmake pkg-config ccache ca-certificates
  libboost1.81-dev libboost-json1.81-dev
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libhiredis-dev libpqxx-dev libpq-dev
  libspdlog-dev libabsl-dev
  libsodium-dev libssl-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
  libkainjow-mustache-dev libdtl-dev
  libboost-url1.81-dev libicu-dev libyaml-cpp-dev
  libcurl4-openssl-dev tzdata
)
# With the servers the run and test commands start, and the test libraries.
PACKAGES=(
  "${BUILD_PACKAGES[@]}" git curl redis-server postgresql
  libgtest-dev libgmock-dev libbenchmark-dev
)
# What only the tests need: a browser and PDF tools for the page tests, and
# Debian's Python with PyYAML, whose strict parsers read the feed and the
# Markdown front matter back; clang-format for the format check; aiosmtpd,
# the real SMTP server the e-mail tests start.
TEST_PACKAGES=(chromium poppler-utils fonts-dejavu-core python3-yaml clang-format
  python3-aiosmtpd)

# kubectl renders the Kubernetes overlays in the tests. Debian 12 packages it
# as kubernetes-client; a machine may have a newer kubectl already.
install_kubectl() {
  if command -v kubectl >/dev/null 2>&1; then return; fi
  install_only kubernetes-client
}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# install_packages [extra packages...]: PACKAGES and these, when missing.
install_packages() {
  install_only "${PACKAGES[@]}" "$@"
}

# install_only packages...: these, when missing.
install_only() {
  local wanted=("$@") missing=()
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
      missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "All ${#wanted[@]} Debian packages are installed"
    return
  fi
  say "Installing ${#missing[@]} Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    --no-install-recommends "${missing[@]}"
}

# The OpenAPI tools the tests use (validator, linters, Prism, the generated
# TypeScript client), pinned by tests/openapi/package-lock.json, and the
# browser suites' playwright-core and axe-core, pinned by
# tests/browser/package-lock.json; from the npm registry. Node and npm come
# from Debian when absent.
install_node_tools() {
  if ! command -v npm >/dev/null 2>&1; then
    say "Installing Node.js and npm from Debian"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm
  fi
  # Node trusts its own CA list, not the system's: give it Debian's bundle,
  # which holds any CA the machine's administrator installed.
  if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f /etc/ssl/certs/ca-certificates.crt ]; then
    export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
  fi
  say "Installing the OpenAPI tools (npm ci in tests/openapi)"
  # SCARF_ANALYTICS: Prism's install step would otherwise report to a
  # third party; nothing here calls out.
  if ! (cd "$ROOT/tests/openapi" &&
        SCARF_ANALYTICS=false npm ci --no-audit --no-fund --loglevel=error); then
    say "WARNING: the OpenAPI tools could not be installed from npm;" \
        "the OpenAPI schema, lint and contract tests will be reported as skipped"
  fi
  # playwright-core downloads no browser: the suites drive Debian's chromium.
  say "Installing the browser test tools (npm ci in tests/browser)"
  if ! (cd "$ROOT/tests/browser" &&
        npm ci --no-audit --no-fund --loglevel=error); then
    say "WARNING: playwright-core and axe-core could not be installed from npm;" \
        "the web app's browser suites will be reported as skipped"
  fi
}

# build [targets...]: everything (tests included) when none are named.
build() {
  say "Configuring in $BUILD_DIR"
  cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBRIEFDESK_TESTS=ON >/dev/null
  say "Building ${*:-everything} with $(nproc) jobs (ccache: ${CCACHE_DIR:-$HOME/.ccache})"
  local targets=()
  for t in "$@"; do targets+=(--target "$t"); done
  cmake --build "$BUILD_DIR" -j "$(nproc)" "${targets[@]}"
}

# The folder of PostgreSQL's server programs (not on PATH on Debian).
pg_bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$d/initdb" ] || { echo "PostgreSQL server programs not found" >&2; return 1; }
  echo "$d"
}

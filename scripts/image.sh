#!/usr/bin/env bash
# The steps of the container images (services/*/Dockerfile), kept here so the
# five Dockerfiles stay alike and so they can be tried without Docker:
#
#   scripts/image.sh deps                  install the build packages
#   scripts/image.sh build SERVICE OUT     build SERVICE (Release, no tests)
#                                          into OUT/SERVICE, and list in
#                                          OUT/runtime-packages the Debian
#                                          packages of its shared libraries
#                                          and of the data files it reads
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# The Debian packages that hold the shared libraries `binary` loads.
runtime_packages() {
  local binary="$1" lib real pkg
  ldd "$binary" | awk '/=> \//{print $3} /^\t\/lib/{print $1}' | sort -u |
    while read -r lib; do
      real="$(readlink -f "$lib")"
      # Merged /usr: dpkg may know the file under /lib or under /usr/lib.
      pkg="$(dpkg -S "$lib" 2>/dev/null || dpkg -S "$real" 2>/dev/null ||
             dpkg -S "/usr$lib" 2>/dev/null || dpkg -S "${real#/usr}" 2>/dev/null ||
             true)"
      if [ -z "$pkg" ]; then
        echo "no Debian package holds $lib (needed by $binary)" >&2
        return 1
      fi
      echo "${pkg%%:*}"
    done | sort -u
}

# Packages no shared library names: the data files `service` reads.
data_packages() {
  case "$1" in
    # IANA time zones from /usr/share/zoneinfo (absl::LoadTimeZone).
    courses) echo tzdata ;;
  esac
}

case "${1:-}" in
  deps)
    install_only "${BUILD_PACKAGES[@]}"
    ;;
  build)
    service="$2" out="$3"
    build_dir="${BRIEFDESK_IMAGE_BUILD_DIR:-$ROOT/build-image}"
    cmake -S "$ROOT" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release \
      -DBRIEFDESK_TESTS=OFF >/dev/null
    cmake --build "$build_dir" -j "$(nproc)" --target "$service"
    mkdir -p "$out"
    install -m 0755 "$build_dir/services/$service/$service" "$out/$service"
    # ca-certificates: webhooks over HTTPS verify their receivers.
    { runtime_packages "$out/$service"; echo ca-certificates
      data_packages "$service"; } |
      sort -u >"$out/runtime-packages"
    say "$service: $(wc -l <"$out/runtime-packages") runtime packages:" \
        "$(tr '\n' ' ' <"$out/runtime-packages")"
    ;;
  *)
    sed -n '2,10p' "$0" >&2
    exit 2
    ;;
esac

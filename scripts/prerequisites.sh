#!/usr/bin/env bash
# Installs what building and testing DeepMiner needs on a Debian machine, once; later runs find it
# installed and return at once. Sourced by run-demo.sh and run-tests.sh.
set -euo pipefail

deepminer_packages=(
  openjdk-17-jdk-headless maven        # the build
  libpixelmed-java libpixelmed-imageio-java  # the DICOM toolkit (not on Maven Central)
  dicom3tools                          # dciodvfy: DICOM validity of what we write
)

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "deepminer: need root (or sudo) to install: $*" >&2; return 1; fi
}

install_prerequisites() {
  local missing=()
  for p in "${deepminer_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "deepminer: installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

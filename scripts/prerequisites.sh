#!/usr/bin/env bash
# Installs what building and testing DeepMiner needs on a Debian machine, once; later runs find it
# installed and return at once. Sourced by run-demo.sh and run-tests.sh.
set -euo pipefail

deepminer_packages=(
  openjdk-17-jdk-headless maven        # the build
  libpixelmed-java libpixelmed-imageio-java  # the DICOM toolkit (not on Maven Central)
  dicom3tools                          # dciodvfy: DICOM validity of what we write
  chromium chromium-driver fonts-dejavu-core  # the annotation web UI's browser tests (Selenium, headless)
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
  install_pixelmed_into_maven
}

# PixelMed is not on Maven Central: put Debian's jars into the local Maven repository as
# com.pixelmed:pixelmed and com.pixelmed:pixelmed-imageio. The version comes from the jar's file name
# (pixelmed-20220618.jar), so a newer Debian package installs under its own version; when the root
# pom pins another version, the jar is installed under that one too (with a note), so the build goes on.
install_pixelmed_into_maven() {
  local repo="${DEEPMINER_MAVEN_REPO:-$HOME/.m2/repository}"
  local root; root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  _deepminer_install_jar "$repo" "$root/pom.xml" /usr/share/java/pixelmed.jar pixelmed pixelmed libpixelmed-java
  _deepminer_install_jar "$repo" "$root/pom.xml" /usr/share/java/pixelmed_imageio.jar pixelmed_imageio pixelmed-imageio \
    libpixelmed-imageio-java
}

# _deepminer_install_jar REPO POM JAR DEBIAN_BASENAME ARTIFACT_ID DEBIAN_PACKAGE
_deepminer_install_jar() {
  local repo="$1" pom="$2" link="$3" base="$4" artifact="$5" package="$6"
  local jar version pinned v
  jar="$(readlink -f "$link")" || { echo "deepminer: $link missing (package $package)" >&2; return 1; }
  [ -f "$jar" ] || { echo "deepminer: $link missing (package $package)" >&2; return 1; }
  version="$(basename "$jar" .jar)"; version="${version#"$base"-}"
  if [ "$version" = "$(basename "$jar" .jar)" ]; then
    # unversioned file name: take the Debian version without its +dfsg / revision suffix
    version="$(dpkg-query -W -f='${Version}' "$package")"; version="${version#*:}"; version="${version%%[+~-]*}"
  fi
  pinned="$(sed -n "s|.*<artifactId>$artifact</artifactId><version>\([^<]*\)</version>.*|\1|p" "$pom" 2>/dev/null | head -n 1)"
  for v in $version ${pinned:+$pinned}; do
    local target="$repo/com/pixelmed/$artifact/$v/$artifact-$v.jar"
    if [ -f "$target" ] && cmp -s "$jar" "$target"; then continue; fi
    if [ "$v" != "$version" ]; then
      echo "deepminer: pom.xml pins com.pixelmed:$artifact:$v but Debian ships $version; installing it as $v too (update pom.xml)" >&2
    fi
    echo "deepminer: installing $jar into the local Maven repository as com.pixelmed:$artifact:$v"
    # from a folder without a pom, so that no project is loaded
    (cd "${TMPDIR:-/tmp}" && mvn -q -B -Dmaven.repo.local="$repo" \
      org.apache.maven.plugins:maven-install-plugin:3.1.3:install-file -Dfile="$jar" -DgroupId=com.pixelmed \
      -DartifactId="$artifact" -Dversion="$v" -Dpackaging=jar -DgeneratePom=true)
  done
}

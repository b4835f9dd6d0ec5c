#!/usr/bin/env bash
# Sets everything up (Debian packages, Maven build) and runs the DeepMiner main job.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/prerequisites.sh
install_prerequisites
if [ ! -x runtime/target/deepminer/bin/deepminer ] || [ -n "$(find bundles runtime/src features cnf pom.xml -newer runtime/target/deepminer/bin/deepminer -type f 2>/dev/null | head -1)" ]; then
  echo "deepminer: building (mvn install, tests skipped; ./run-tests.sh runs them)"
  mvn -B -q install -DskipTests
fi
exec runtime/target/deepminer/bin/deepminer -c "deepminer:status" "$@"

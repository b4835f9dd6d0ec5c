#!/usr/bin/env bash
# Sets everything up (Debian packages, Maven build) and runs the DeepMiner main job. Until the end-to-end
# mining demo exists, the main job starts the runtime, lists what runs, generates a synthetic phantom data
# set under out/, counts it with its reader, and draws one of its mammograms with its lesions.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/prerequisites.sh
install_prerequisites
dist=runtime/target/deepminer
if [ ! -x $dist/bin/deepminer ] || [ -n "$(find bundles runtime/src features cnf pom.xml -newer $dist/bin/deepminer -type f -not -path '*/target/*' 2>/dev/null | head -1)" ]; then
  echo "deepminer: building (mvn install, tests skipped; ./run-tests.sh runs them)"
  mvn -B -q install -DskipTests
fi
out=$(pwd)/out
mkdir -p "$out"
$dist/bin/deepminer --features data -c "deepminer:status; deepminer:phantom --cases 60 --seed 123 $out/phantom; deepminer:dataset phantom $out/phantom"
sample=$(ls "$out/phantom/reports" | grep -m1 -v normal | sed 's/\.json$//')
$dist/bin/deepminer --features data -c "deepminer:show phantom $out/phantom $sample $out/$sample.png"
echo "deepminer: the phantom data set is in $out/phantom; $out/$sample.png shows one of its mammograms"

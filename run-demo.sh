#!/usr/bin/env bash
# The DeepMiner main job on a fresh machine: installs what it needs (Debian packages, Maven dependencies),
# builds, starts the runtime and runs demo.gosh: a synthetic phantom, the two demo models mined, units
# labelled automatically, the test split explained and evaluated against the reports. Everything lands in
# out/ (report.html first). A second run reuses the build and what is already computed.
set -euo pipefail
cd "$(dirname "$0")"
start=$(date +%s)
. scripts/prerequisites.sh
install_prerequisites
dist=runtime/target/deepminer
if [ ! -x $dist/bin/deepminer ] || [ -n "$(find bundles runtime/src features cnf pom.xml -newer $dist/bin/deepminer -type f -not -path '*/target/*' 2>/dev/null | head -1)" ]; then
  echo "deepminer: building (mvn install, tests skipped; ./run-tests.sh runs them)"
  mvn -B -q install -DskipTests
  touch $dist/bin/deepminer
fi
mkdir -p out
echo "deepminer: running demo.gosh (progress below; the steps are explained in the script)"
JAVA_OPTS="${JAVA_OPTS:-} -Ddeepminer.annotations=$(pwd)/out/annotations" $dist/bin/deepminer --features explain demo.gosh
cat <<MSG

deepminer: done in $(( $(date +%s) - start )) s. What it wrote:
  out/report.html                      the evaluation report (open it in a browser; prints well)
  out/evaluation.json                  every figure with its baselines and ceilings
  out/runs/demo-concepts/units.csv     the unit table (ranking, best concept, IoU, ceiling, lift); montages/ beside it
  out/runs/demo/units.csv              the same for the class-only model
  out/explanations/                    one explanation per test image: .txt .json .png .html, .dcm (DICOM SR)
  out/phantom/                         the synthetic data set (DICOM, masks, reports)
MSG

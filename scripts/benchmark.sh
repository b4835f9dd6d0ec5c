#!/usr/bin/env bash
# DeepMiner's speed in one run, every figure beside a baseline measured in the same run:
#   start-up to the first command (median of 5 launches) against the bare JVM (java -version);
#   deepminer:benchmark: inference per backend (ONNX Runtime with the demo model; Deeplearning4j with a
#   network of the same architecture trained here for one short epoch), mining / inference, explanation
#   latency against its forward pass, peak heap and resident memory.
# Needs the build (./run-demo.sh or mvn install) and a phantom in out/phantom (made here when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
dist=runtime/target/deepminer
bin=$dist/bin/deepminer
[ -x $bin ] || { echo "benchmark: build first (./run-demo.sh or mvn install -DskipTests)" >&2; exit 2; }
work=out/benchmark
mkdir -p $work
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
java=$(command -v java)
floor=$(for i in 1 2 3 4 5; do ms $java -version; done | median)
startup=$(for i in 1 2 3 4 5; do ms $bin --features core -c deepminer:status; done | median)
echo "start-up, launch to the first command result (core feature): median ${startup} ms; bare JVM (java -version) ${floor} ms"
$bin --features data -c "deepminer:phantom --cases 1000 --seed 123 --size 512 out/phantom" >/dev/null
if [ ! -f $work/dl4j-small.zip ]; then
  echo "benchmark: training a Deeplearning4j network of the demo architecture for one short epoch (its speed, not its skill)"
  # a small phantom of its own: the network's speed does not depend on how much it saw
  $bin --features data,dl4j -c "deepminer:phantom --cases 30 --seed 7 --size 512 $work/phantom-small; deepminer:train --epochs 1 --epoch-patches 400 --patch 0.125 --size 32 --seed 1 --out $work/dl4j-small.jar phantom $work/phantom-small" >/dev/null
  (cd $work && unzip -o -q -j dl4j-small.jar "model/dl4j-small.zip")  # the network is named after the jar
fi
$bin --features explain,dl4j -c "deepminer:benchmark --images ${IMAGES:-64} --size 256 --dl4j $work/dl4j-small.zip --out $work/run demo-concepts phantom out/phantom"

#!/usr/bin/env bash
# Runs the whole DeepMiner test suite: unit tests, OSGi integration tests in Felix, launcher tests.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/prerequisites.sh
install_prerequisites
exec mvn -B verify "$@"

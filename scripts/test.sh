#!/usr/bin/env bash
# The project's test entry point (`npm test`). Runs every vitest suite; the
# integration tests talk to a private Docker engine started here and removed
# afterwards. Arguments go to vitest: `npm test -- test/integration`.
# `npm run test:unit` runs the suites that need no engine, without Docker.
set -euo pipefail
cd "$(dirname "$0")/.."

# Type errors in tests and scripts count as failures too (the build only checks src/).
npx tsc -p tsconfig.check.json

bash scripts/engine.sh ensure-installed
bash scripts/engine.sh reap

dir=$(mktemp -d "${TMPDIR:-/tmp}/hullcheck-engine.XXXXXX")
echo $$ >"$dir/owner"
cleanup() { bash scripts/engine.sh stop "$dir" && rm -rf "$dir"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bash scripts/engine.sh start "$dir"
export HULLCHECK_TEST_DOCKER_HOST="unix://$dir/docker.sock"
npx vitest run "$@"

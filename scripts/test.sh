#!/usr/bin/env bash
# The test command: unit tests, then integration tests against real servers on loopback
# (docker-registry in three variants, notary-server, SoftHSM2, the local signing service) and real
# `dotnet publish` runs of generated projects that consume the packed nupkg.
# Ends with one line "N passed, N failed[, N skipped]".
# Extra arguments go to both `dotnet test` runs, e.g. scripts/test.sh --filter "FullyQualifiedName~Notary".
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
results="$root/artifacts/test-results"
rm -rf "$results" "$root/artifacts/fault-injection" && mkdir -p "$results"

"$root/scripts/install-prereqs.sh"

echo "==> build (Release, warnings as errors)"
dotnet build "$root/SignPath.Docker.Build.sln" -c Release -nologo -v:q

echo "==> pack (integration tests consume the nupkg like a user)"
SIGNPATH_DOCKER_BUILD_VERSION=$("$root/scripts/pack.sh")
export SIGNPATH_DOCKER_BUILD_VERSION
export SIGNPATH_DOCKER_BUILD_PACKAGES="$root/artifacts/packages"

# One CA for the TLS registry of the run. OpenSSL reads SSL_CERT_FILE when a process starts, so it
# is set here, before the test host and the `dotnet publish` processes it spawns exist.
"$root/scripts/rig/registry.sh" tls-material "$root/.rig/tls" >/dev/null
export SSL_CERT_FILE="$root/.rig/tls/ca-bundle.crt"

status=0
run() {
  local name=$1 project=$2
  echo "==> $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" "${@:3}" || status=1
}
run unit "$root/tests/SignPath.Docker.Build.Tests" "$@"
run integration "$root/tests/SignPath.Docker.Build.IntegrationTests" "$@"

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get notExecuted)))
done
# The fault sweeps (tests/…/Faults) leave one summary line per flow.
sweeps=$(cat "$root"/artifacts/fault-injection/*.txt 2>/dev/null | grep -E '^(cosign|notary|token-service|before-push) ' | paste -sd';' - | sed 's/;/; /g' || true)
[[ -n "$sweeps" ]] && echo "fault injection: $sweeps"
echo "$passed passed, $failed failed, $skipped skipped"
if [[ $failed -gt 0 || $passed -eq 0 ]]; then
  status=1
fi
exit $status

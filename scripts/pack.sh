#!/usr/bin/env bash
# Packs SignPath.Docker.Build into artifacts/packages with a version unique to this run, so a
# consumer's restore never picks an older copy of the same version from the NuGet cache.
# Prints the version on stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=${SIGNPATH_DOCKER_BUILD_VERSION:-0.1.0-local.$(date -u +%Y%m%d%H%M%S)}
rm -f "$root"/artifacts/packages/SignPath.Docker.Build.*.nupkg
dotnet pack "$root/src/SignPath.Docker.Build.Tasks" -c Release -p:Version="$version" -o "$root/artifacts/packages" -v:q -nologo >&2
echo "$version"

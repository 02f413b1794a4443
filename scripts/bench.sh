#!/usr/bin/env bash
# The benchmark (issue 6): builds, packs the nupkg like scripts/test.sh, then runs
# bench/SignPath.Docker.Build.Benchmarks, which starts its own docker-registry, notary-server + notary-signer
# and LocalSigner (no approval delay) on free loopback ports, measures, stops them and prints one table.
# Extra arguments go to the benchmark: --rounds N (publish rounds, default 7), --dct-rounds N (default 7),
# --images N (default 50), --dct-tags 1,10,100, --only publish|dct|many.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

"$root/scripts/install-prereqs.sh"
# The peak working set comes from GNU time (Debian package "time"), not the shell keyword.
if [[ ! -x /usr/bin/time ]]; then
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends time >/dev/null
fi

echo "==> build (Release)" >&2
dotnet build "$root/SignPath.Docker.Build.sln" -c Release -nologo -v:q >&2

echo "==> pack" >&2
SIGNPATH_DOCKER_BUILD_VERSION=$("$root/scripts/pack.sh")
export SIGNPATH_DOCKER_BUILD_VERSION
export SIGNPATH_DOCKER_BUILD_PACKAGES="$root/artifacts/packages"

dotnet "$root/bench/SignPath.Docker.Build.Benchmarks/bin/Release/net10.0/SignPath.Docker.Build.Benchmarks.dll" "$@"

#!/usr/bin/env bash
# The demo: on a fresh Debian machine with the .NET SDK, install what is missing, start a local
# registry and the local SignPath-compatible signing service on loopback, build a tiny base image,
# publish samples/HelloContainer with signing on, verify the signatures independently (curl, jq,
# openssl), print what happened, and stop everything that was started.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rig="$root/.rig/demo"
registry_port=${DEMO_REGISTRY_PORT:-5055}
signer_port=${DEMO_SIGNER_PORT:-5056}
# The .NET SDK falls back to plain HTTP for "localhost:<port>", not for "127.0.0.1:<port>".
registry="localhost:$registry_port"
repository=samples/hello-container

step() { printf '\n==> %s\n' "$*"; }
cleanup() {
  "$root/scripts/rig/signer.sh" stop "$rig/signer" >/dev/null 2>&1 || true
  "$root/scripts/rig/registry.sh" stop "$rig/registry" >/dev/null 2>&1 || true
}
trap cleanup EXIT

step "Installing missing Debian packages (docker-registry, skopeo, openssl, jq, ...)"
"$root/scripts/install-prereqs.sh"

step "Packing SignPath.Docker.Build"
version=$("$root/scripts/pack.sh")
echo "package version $version in artifacts/packages"

rm -rf "$rig" && mkdir -p "$rig"
step "Starting docker-registry on $registry"
"$root/scripts/rig/registry.sh" start "$rig/registry" "$registry_port"

step "Pushing a tiny base image (MCR is not reachable here)"
"$root/scripts/rig/base-image.sh" "$rig/base" "docker://$registry/base:latest" --dest-tls-verify=false >/dev/null

step "Starting the local SignPath-compatible signing service on 127.0.0.1:$signer_port"
# The token is made up for this run and only ever passed through the environment.
SIGNPATH_API_TOKEN=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
export SIGNPATH_API_TOKEN
"$root/scripts/rig/signer.sh" start "$rig/signer" "$signer_port" SIGNPATH_API_TOKEN

step "dotnet publish -t:PublishContainer -p:SignContainer=true"
start=$(date +%s.%N)
dotnet publish "$root/samples/HelloContainer" -c Release -t:PublishContainer -nologo -v:m \
  -p:SignPathDockerBuildVersion="$version" \
  -p:RuntimeIdentifier=linux-x64 \
  -p:ContainerBaseImage="$registry/base:latest" \
  -p:ContainerRegistry="$registry" \
  -p:SignContainer=true \
  -p:SignPathApiUrl="http://127.0.0.1:$signer_port/api/" \
  -p:SignPathOrganizationId=00000000-0000-0000-0000-000000000000 \
  -p:SignPathProjectSlug=containers \
  -p:SignPathSigningPolicySlug=release-signing \
  -p:SignPathCosignArtifactConfigurationSlug=cosign \
  -p:CosignPublicKey="$rig/signer/cosign.pub"
end=$(date +%s.%N)

step "Verifying independently (curl + jq + openssl, as cosign verify --key would)"
for tag in 1.0 latest; do
  digest=$(curl -fsS -o /dev/null -D - -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "http://$registry/v2/$repository/manifests/$tag" | tr -d '\r' | awk -F': ' 'tolower($1)=="docker-content-digest"{print $2}')
  echo "$registry/$repository:$tag -> $digest"
  "$root/scripts/verify-cosign.sh" "$registry" "$repository" "$digest" "$rig/signer/cosign.pub"
done

step "Done"
printf 'Published and signed %s/%s (tags 1.0, latest) in %.1f s.\n' "$registry" "$repository" "$(awk "BEGIN{print $end - $start}")"
echo "With cosign installed you would check it with: cosign verify --key $rig/signer/cosign.pub --insecure-ignore-tlog --allow-insecure-registry $registry/$repository:1.0"
echo "The servers started for the demo are stopped now."

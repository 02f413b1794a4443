#!/usr/bin/env bash
# The demo: on a fresh Debian machine with the .NET SDK, install what is missing, start a local
# registry, a Notary server (https, with notary-signer) and the local SignPath-compatible signing
# service on loopback, set up Docker Content Trust for the sample's repository with the package's
# own targets (root key on a SoftHSM2 token), publish samples/HelloContainer once signed for cosign
# and Notary, verify both independently (curl + jq + openssl, the notary CLI, docker trust inspect),
# print what happened, and stop everything that was started. Every key and certificate stays under
# .rig/demo.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rig="$root/.rig/demo"
registry_port=${DEMO_REGISTRY_PORT:-5055}
signer_port=${DEMO_SIGNER_PORT:-5056}
# notary-signer (gRPC) listens on the next port.
notary_port=${DEMO_NOTARY_PORT:-5057}
# The .NET SDK falls back to plain HTTP for "localhost:<port>", not for "127.0.0.1:<port>".
registry="localhost:$registry_port"
repository=samples/hello-container
gun="$registry/$repository"
# The rig's server certificates name IP:127.0.0.1 only.
notary_url="https://127.0.0.1:$notary_port"
token_label=demo-root-keys

step() { printf '\n==> %s\n' "$*"; }
elapsed() { awk "BEGIN{printf \"%.1f\", $2 - $1}"; }
cleanup() {
  "$root/scripts/rig/signer.sh" stop "$rig/signer" >/dev/null 2>&1 || true
  "$root/scripts/rig/notary.sh" stop "$rig/notary" >/dev/null 2>&1 || true
  "$root/scripts/rig/registry.sh" stop "$rig/registry" >/dev/null 2>&1 || true
}
trap cleanup EXIT

step "Installing missing Debian packages (docker-registry, notary, softhsm2, skopeo, openssl, jq, ...)"
"$root/scripts/install-prereqs.sh"

rm -rf "$rig" && mkdir -p "$rig"
step "Starting notary-server on $notary_url (TLS, with notary-signer on port $((notary_port + 1)))"
"$root/scripts/rig/notary.sh" start "$rig/notary" "$notary_port" --tls >/dev/null
echo "rig CA: $rig/notary/ca.crt"
# .NET (OpenSSL) reads SSL_CERT_FILE once, when a process starts: export the bundle with the rig's
# CA before the first dotnet process, and keep MSBuild from reusing nodes started with another bundle.
system_ca=${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}
{ [ -f "$system_ca" ] && cat "$system_ca"; echo; cat "$rig/notary/ca.crt"; } >"$rig/ca-bundle.crt"
export SSL_CERT_FILE="$rig/ca-bundle.crt"
export MSBUILDDISABLENODEREUSE=1

step "Packing SignPath.Docker.Build"
version=$("$root/scripts/pack.sh")
echo "package version $version in artifacts/packages"

step "Starting docker-registry on $registry"
"$root/scripts/rig/registry.sh" start "$rig/registry" "$registry_port"

step "Pushing a tiny base image (MCR is not reachable here)"
"$root/scripts/rig/base-image.sh" "$rig/base" "docker://$registry/base:latest" --dest-tls-verify=false >/dev/null

step "Starting the local SignPath-compatible signing service on 127.0.0.1:$signer_port"
# The token is made up for this run and only ever passed through the environment.
SIGNPATH_API_TOKEN=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
export SIGNPATH_API_TOKEN
mkdir -p "$rig/signer/notary-roots"
"$root/scripts/rig/signer.sh" start "$rig/signer" "$signer_port" SIGNPATH_API_TOKEN \
  --notary-delegation-key "$rig/signer/signpath.key" --notary-roots "$rig/signer/notary-roots"

step "Creating a SoftHSM2 token '$token_label' in $rig/softhsm"
# The PIN is made up for this run and reaches the setup targets only through PKCS11_PIN.
PKCS11_PIN=$(head -c 12 /dev/urandom | base64 | tr -d '/+=')
export PKCS11_PIN
SOFTHSM2_CONF=$("$root/scripts/rig/softhsm.sh" init "$rig/softhsm" "$token_label" "$PKCS11_PIN" "so-$PKCS11_PIN" 2>/dev/null)
export SOFTHSM2_CONF

setup_properties=(
  -p:SignPathDockerBuildVersion="$version"
  -p:NotaryUrl="$notary_url"
  -p:ContainerRegistry="$registry"
  -p:ContainerRepository="$repository"
  -p:Pkcs11Library=/usr/lib/softhsm/libsofthsm2.so
  -p:Pkcs11TokenLabel="$token_label"
  -p:NotaryRootCertificateFile="$rig/notary-root.crt"
)
step "Setting up Docker Content Trust for $gun: InitializeDockerSigning, AddDelegationCertificate"
setup_start=$(date +%s.%N)
dotnet msbuild "$root/samples/HelloContainer" -restore -t:InitializeDockerSigning -nologo -v:m \
  "${setup_properties[@]}" -p:LocalSignerUrl="http://127.0.0.1:$signer_port/"
dotnet msbuild "$root/samples/HelloContainer" -t:AddDelegationCertificate -nologo -v:m \
  "${setup_properties[@]}" -p:NotaryDelegationCertificate="$rig/signer/signpath.crt"
setup_end=$(date +%s.%N)
echo "root certificate: $rig/notary-root.crt ($(openssl x509 -in "$rig/notary-root.crt" -noout -subject))"

step "dotnet publish -t:PublishContainer -p:SignContainer=true -p:ContainerSignatureFormats=\"cosign;notary\""
publish_start=$(date +%s.%N)
dotnet publish "$root/samples/HelloContainer" -c Release -t:PublishContainer -nologo -v:m \
  -p:SignPathDockerBuildVersion="$version" \
  -p:RuntimeIdentifier=linux-x64 \
  -p:ContainerBaseImage="$registry/base:latest" \
  -p:ContainerRegistry="$registry" \
  -p:SignContainer=true \
  -p:ContainerSignatureFormats='"cosign;notary"' \
  -p:SignPathApiUrl="http://127.0.0.1:$signer_port/api/" \
  -p:SignPathOrganizationId=00000000-0000-0000-0000-000000000000 \
  -p:SignPathProjectSlug=containers \
  -p:SignPathSigningPolicySlug=release-signing \
  -p:SignPathCosignArtifactConfigurationSlug=cosign \
  -p:SignPathNotaryArtifactConfigurationSlug=notary \
  -p:CosignPublicKey="$rig/signer/cosign.pub" \
  -p:NotaryUrl="$notary_url" \
  -p:NotaryRootCertificate="$rig/notary-root.crt" \
  -p:NotaryTrustDirectory="$rig/notary-trust"
publish_end=$(date +%s.%N)

step "Verifying cosign independently (curl + jq + openssl, as cosign verify --key would)"
declare -A digests sizes
for tag in 1.0 latest; do
  headers=$(curl -fsS -o /dev/null -D - -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "http://$registry/v2/$repository/manifests/$tag" | tr -d '\r')
  digests[$tag]=$(awk -F': ' 'tolower($1)=="docker-content-digest"{print $2}' <<<"$headers")
  sizes[$tag]=$(awk -F': ' 'tolower($1)=="content-length"{print $2}' <<<"$headers")
  echo "$registry/$repository:$tag -> ${digests[$tag]} (${sizes[$tag]} bytes)"
  "$root/scripts/verify-cosign.sh" "$registry" "$repository" "${digests[$tag]}" "$rig/signer/cosign.pub"
done

step "Verifying Docker Content Trust with the notary CLI (a trust directory of its own)"
listed=$(notary -s "$notary_url" --tlscacert "$rig/notary/ca.crt" -d "$rig/notary-cli" list "$gun")
echo "$listed"
for tag in 1.0 latest; do
  if ! awk -v t="$tag" -v d="${digests[$tag]#sha256:}" -v s="${sizes[$tag]}" \
      '$1==t && $2==d && $3==s {found=1} END{exit !found}' <<<"$listed"; then
    echo "notary list does not show $tag with ${digests[$tag]} and ${sizes[$tag]} bytes" >&2
    exit 1
  fi
done
echo "OK: 1.0 and latest carry the manifest's sha256 and size"

step "Verifying Docker Content Trust with docker trust inspect (docker's own DCT code, no daemon)"
# docker reads the server's CA from $DOCKER_CONFIG/tls/<host:port>/ca.crt; a config of the demo's
# own keeps ~/.docker untouched.
mkdir -p "$rig/docker-config/tls/127.0.0.1:$notary_port"
cp "$rig/notary/ca.crt" "$rig/docker-config/tls/127.0.0.1:$notary_port/ca.crt"
inspected=$(DOCKER_CONFIG="$rig/docker-config" DOCKER_CONTENT_TRUST_SERVER="$notary_url" \
  docker trust inspect --pretty "$gun:1.0")
echo "$inspected"
if ! awk -v d="${digests[1.0]#sha256:}" '$1=="1.0" && $2==d && /signpath/ {found=1} END{exit !found}' <<<"$inspected"; then
  echo "docker trust inspect does not show 1.0 signed by signpath" >&2
  exit 1
fi
echo "OK: 1.0 is signed by signpath"

step "Sign before push: dotnet publish -p:SignContainer=true -p:SignContainerBeforePush=true (notation;cosign)"
bp_repository="$repository-signed-before-push"
"$root/scripts/verify/install.sh"
dotnet publish "$root/samples/HelloContainer" -c Release -t:PublishContainer -nologo -v:m \
  -p:SignPathDockerBuildVersion="$version" \
  -p:RuntimeIdentifier=linux-x64 \
  -p:ContainerBaseImage="$registry/base:latest" \
  -p:ContainerRegistry="$registry" \
  -p:ContainerRepository="$bp_repository" \
  -p:SignContainer=true \
  -p:SignContainerBeforePush=true \
  -p:ContainerSignatureFormats='"notation;cosign"' \
  -p:SignPathApiUrl="http://127.0.0.1:$signer_port/api/" \
  -p:SignPathOrganizationId=00000000-0000-0000-0000-000000000000 \
  -p:SignPathProjectSlug=containers \
  -p:SignPathSigningPolicySlug=release-signing \
  -p:SignPathOciLayoutArtifactConfigurationSlug=oci-layout \
  -p:CosignPublicKey="$rig/signer/cosign.pub" \
  -p:NotationRootCertificate="$rig/signer/notation/notation-root.crt"

step "Verifying both signatures independently (@sigstore/verify for the cosign bundle, jose + openssl for Notation)"
bp_headers=$(curl -fsS -o /dev/null -D - -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
  "http://$registry/v2/$bp_repository/manifests/1.0" | tr -d '\r')
bp_digest=$(awk -F': ' 'tolower($1)=="docker-content-digest"{print $2}' <<<"$bp_headers")
bp_size=$(awk -F': ' 'tolower($1)=="content-length"{print $2}' <<<"$bp_headers")
echo "$registry/$bp_repository:1.0 -> $bp_digest"
referrers=$(curl -fsS -H 'Accept: application/vnd.oci.image.index.v1+json' "http://$registry/v2/$bp_repository/manifests/${bp_digest/:/-}")
for signature in $(jq -r '.manifests[].digest' <<<"$referrers"); do
  manifest=$(curl -fsS -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$registry/v2/$bp_repository/manifests/$signature")
  layer=$(jq -r '.layers[0].digest' <<<"$manifest")
  curl -fsS "http://$registry/v2/$bp_repository/blobs/$layer" -o "$rig/signature.blob"
  case "$(jq -r '.artifactType // .config.mediaType' <<<"$manifest")" in
    application/vnd.cncf.notary.signature)
      # The envelope may be JWS or COSE (SignPath's choice is not documented): each has its own independent verifier.
      verifier=notation.mjs; [[ $(jq -r '.layers[0].mediaType' <<<"$manifest") == application/cose ]] && verifier=notation-cose.mjs
      node "$root/scripts/verify/$verifier" "$rig/signature.blob" "$rig/signer/notation/notation-root.crt" \
        application/vnd.oci.image.manifest.v1+json "$bp_digest" "$bp_size" ;;
    application/vnd.dev.sigstore.bundle*)
      node "$root/scripts/verify/cosign-bundle.mjs" "$rig/signature.blob" "$rig/signer/cosign.pub" "$bp_digest" ;;
  esac
done
cat >"$rig/trustpolicy.json" <<POLICY
{"version":"1.0","trustPolicies":[{"name":"signpath","registryScopes":["$registry/$bp_repository"],
 "signatureVerification":{"level":"strict"},"trustStores":["ca:signpath"],"trustedIdentities":["*"]}]}
POLICY
echo "With notation and cosign installed a user would run:"
echo "  notation cert add --type ca --store signpath $rig/signer/notation/notation-root.crt"
echo "  notation policy import $rig/trustpolicy.json"
echo "  notation verify --insecure-registry $registry/$bp_repository@$bp_digest"
echo "  cosign verify --key $rig/signer/cosign.pub --insecure-ignore-tlog=true --allow-insecure-registry $registry/$bp_repository@$bp_digest"

step "Done"
printf 'Docker Content Trust set up for %s in %s s (root key on the SoftHSM2 token, delegation signpath).\n' \
  "$gun" "$(elapsed "$setup_start" "$setup_end")"
printf 'Published and signed %s (tags 1.0, latest; cosign and Notary) in %s s.\n' \
  "$gun" "$(elapsed "$publish_start" "$publish_end")"
echo "With cosign installed you would check it with: cosign verify --key $rig/signer/cosign.pub --insecure-ignore-tlog --allow-insecure-registry $registry/$repository:1.0"
echo "Keys and certificates of the run are under $rig; the servers started for the demo are stopped now."

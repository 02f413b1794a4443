#!/usr/bin/env bash
# Verifies cosign signatures the way `cosign verify --key` does, with curl, jq and openssl only
# (no code of this project): for the image digest, read the sha256-<hex>.sig manifest, and for each
# layer check the blob's digest, the signature over the exact blob bytes with the public key, and
# that the payload's docker-manifest-digest is the image digest.
#
#   verify-cosign.sh <registry> <repository> <image-digest> <public-key.pem> [curl options...]
# Prints one line per signature layer; exits non-zero unless at least one layer verifies and none fails.
set -euo pipefail
registry=$1 repository=$2 digest=$3 key=$4
shift 4
curl_opts=("$@")
scheme=${VERIFY_SCHEME:-http}
base="$scheme://$registry/v2/$repository"
tag="${digest/:/-}.sig"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

curl -fsS "${curl_opts[@]}" -H 'Accept: application/vnd.oci.image.manifest.v1+json' "$base/manifests/$tag" -o "$work/manifest.json"
count=$(jq '.layers | length' "$work/manifest.json")
verified=0
for ((i = 0; i < count; i++)); do
  layer_digest=$(jq -r ".layers[$i].digest" "$work/manifest.json")
  jq -r ".layers[$i].annotations[\"dev.cosignproject.cosign/signature\"]" "$work/manifest.json" | base64 -d > "$work/sig"
  curl -fsS "${curl_opts[@]}" "$base/blobs/$layer_digest" -o "$work/payload"
  actual="sha256:$(sha256sum "$work/payload" | cut -d' ' -f1)"
  [[ "$actual" == "$layer_digest" ]] || { echo "layer $i: payload digest $actual != $layer_digest" >&2; exit 1; }
  claimed=$(jq -r '.critical.image["docker-manifest-digest"]' "$work/payload")
  [[ "$claimed" == "$digest" ]] || { echo "layer $i: payload claims $claimed, not $digest" >&2; exit 1; }
  if openssl dgst -sha256 -verify "$key" -signature "$work/sig" "$work/payload" >/dev/null 2>&1; then
    echo "verified: $repository@$digest layer $i ($layer_digest) identity $(jq -r '.critical.identity["docker-reference"]' "$work/payload")"
    verified=$((verified + 1))
  else
    echo "other key: $repository@$digest layer $i ($layer_digest) does not verify with $key"
  fi
done
[[ $verified -gt 0 ]] || { echo "no signature of $repository@$digest verifies with $key" >&2; exit 1; }
echo "$verified of $count signature(s) on $repository:$tag verify with $key"

#!/usr/bin/env bash
# Builds a tiny multi-platform base image by hand (no MCR, no daemon) and pushes it with skopeo.
#
#   base-image.sh <workdir> <dest image ref> [skopeo dest flags...]
#   e.g. base-image.sh /tmp/base docker://127.0.0.1:5000/base:latest --dest-tls-verify=false
#
# The OCI layout in <workdir>/layout holds an image index with linux/amd64 and linux/arm64 manifests
# sharing one gzip layer (/app, /tmp, /etc/passwd); only the configs differ. The image contains no
# executables, which is enough for `dotnet publish -t:PublishContainer` (it never runs the base image).
set -euo pipefail

die() { echo "base-image.sh: $*" >&2; exit 1; }
[[ $# -ge 2 ]] || die "usage: base-image.sh <workdir> <dest image ref> [skopeo dest flags...]"
workdir="$1"; dest="$2"; shift 2
command -v skopeo >/dev/null || die "skopeo is not installed"

mkdir -p "$workdir"
workdir="$(cd "$workdir" && pwd)"
layout="$workdir/layout"
blobs="$layout/blobs/sha256"
rm -rf "$layout" "$workdir/rootfs"
mkdir -p "$blobs" "$workdir/rootfs/app" "$workdir/rootfs/tmp" "$workdir/rootfs/etc"
chmod 1777 "$workdir/rootfs/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:1654:1654:app:/app:/sbin/nologin\n' > "$workdir/rootfs/etc/passwd"

# Fixed owner, order and mtime so the layer digest is the same on every run.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2024-01-01 00:00:00Z' \
  -C "$workdir/rootfs" -cf "$workdir/layer.tar" app tmp etc
diff_id="sha256:$(sha256sum "$workdir/layer.tar" | cut -d' ' -f1)"
gzip -n -9 -c "$workdir/layer.tar" > "$workdir/layer.tar.gz"
layer_hex="$(sha256sum "$workdir/layer.tar.gz" | cut -d' ' -f1)"
layer_size="$(stat -c %s "$workdir/layer.tar.gz")"
cp "$workdir/layer.tar.gz" "$blobs/$layer_hex"

# Writes $1 into the layout as a blob and prints "<hex> <size>".
put_blob() {
  local file="$workdir/tmp.blob" hex
  printf '%s' "$1" > "$file"
  hex="$(sha256sum "$file" | cut -d' ' -f1)"
  mv "$file" "$blobs/$hex"
  echo "$hex $(stat -c %s "$blobs/$hex")"
}

manifests=""
for arch in amd64 arm64; do
  config="{\"architecture\":\"$arch\",\"os\":\"linux\",\"config\":{\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"],\"WorkingDir\":\"/app\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"$diff_id\"]},\"history\":[{\"created\":\"2024-01-01T00:00:00Z\",\"created_by\":\"scripts/rig/base-image.sh\"}]}"
  read -r config_hex config_size < <(put_blob "$config")
  manifest="{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:$config_hex\",\"size\":$config_size},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$layer_hex\",\"size\":$layer_size}]}"
  read -r manifest_hex manifest_size < <(put_blob "$manifest")
  manifests+="${manifests:+,}{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:$manifest_hex\",\"size\":$manifest_size,\"platform\":{\"architecture\":\"$arch\",\"os\":\"linux\"}}"
done

index="{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[$manifests]}"
read -r index_hex index_size < <(put_blob "$index")
printf '{"imageLayoutVersion":"1.0.0"}' > "$layout/oci-layout"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"latest"}}]}' \
  "$index_hex" "$index_size" > "$layout/index.json"
rm -f "$workdir/layer.tar" "$workdir/layer.tar.gz"

skopeo copy --quiet --all "$@" "oci:$layout:latest" "$dest" >&2 || die "skopeo copy to $dest failed"
echo "sha256:$index_hex"

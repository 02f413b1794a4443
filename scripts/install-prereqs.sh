#!/usr/bin/env bash
# Installs the Debian packages the demo and the tests need, only when something is missing.
# CI (CI=true) always runs `apt-get update` first, as a fresh machine needs it.
set -euo pipefail

packages=(docker-registry skopeo notary softhsm2 opensc apache2-utils openssl curl jq)
commands=(docker-registry skopeo notary notary-server softhsm2-util pkcs11-tool htpasswd openssl curl jq)

missing=0
for c in "${commands[@]}"; do
  command -v "$c" >/dev/null 2>&1 || missing=1
done

if [[ $missing -eq 0 && "${CI:-}" != "true" ]]; then
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
fi

echo "Installing Debian packages: ${packages[*]}" >&2
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null

#!/usr/bin/env bash
# Regenerates the Notation vectors with tools independent of this project: openssl makes the certificate chain,
# npm `jose` makes the JWS envelopes (make-jws.mjs) and npm `cbor` + node:crypto the COSE ones (make-cose.mjs).
# Needs: openssl, node, and `jose@6.2.17` and `cbor@10.0.12` installed in $NODE_MODULES_DIR (scripts/verify has both:
# NODE_MODULES_DIR=scripts/verify). Keys are written to a temp dir and discarded.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
cat > ext.cnf <<'CNF'
[root]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
[intermediate]
basicConstraints=critical,CA:TRUE,pathlen:0
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
[leaf]
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=codeSigning
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
[tls]
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
CNF
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out root.key 2>/dev/null
openssl req -x509 -new -key root.key -sha384 -days 36500 -subj "/C=US/O=Vectors/CN=Vector Root CA" -extensions root -config <(cat /etc/ssl/openssl.cnf ext.cnf) -out root.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out intermediate.key
openssl req -new -key intermediate.key -subj "/C=US/O=Vectors/CN=Vector Intermediate CA" -out intermediate.csr
openssl x509 -req -in intermediate.csr -CA root.pem -CAkey root.key -CAcreateserial -sha384 -days 36500 -extfile ext.cnf -extensions intermediate -out intermediate.pem 2>/dev/null
for leaf in leaf-p256:EC:P-256 leaf-rsa2048:RSA:2048 tls-p256:EC:P-256; do
  IFS=: read -r name type size <<<"$leaf"
  if [[ $type == EC ]]; then openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:$size -out $name.key
  else openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:$size -out $name.key 2>/dev/null; fi
  openssl req -new -key $name.key -subj "/C=US/O=Vectors/CN=Vector $name" -out $name.csr
  ext=leaf; [[ $name == tls-* ]] && ext=tls
  openssl x509 -req -in $name.csr -CA intermediate.pem -CAkey intermediate.key -CAcreateserial -sha256 -days 36500 -extfile ext.cnf -extensions $ext -out $name.pem 2>/dev/null
done
cp root.pem intermediate.pem leaf-p256.pem leaf-rsa2048.pem tls-p256.pem "$here/"
NODE_PATH="$NODE_MODULES_DIR/node_modules" node "$here/make-jws.mjs" "$work" "$here"
NODE_PATH="$NODE_MODULES_DIR/node_modules" node "$here/make-cose.mjs" "$work" "$here"

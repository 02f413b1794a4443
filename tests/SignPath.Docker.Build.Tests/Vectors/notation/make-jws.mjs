// Signs Notary Project JWS envelopes with npm `jose` (6.2.17), the way the specification describes them
// (signature-envelope-jws.md): flattened JSON, protected header with crit/cty/signingScheme/signingTime, x5c chain.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { createSign } from 'node:crypto';
const require = createRequire(process.env.NODE_PATH + '/');
const { FlattenedSign, importPKCS8 } = await import(require.resolve('jose'));
const [work, out] = process.argv.slice(2);
const der = (name) => readFileSync(`${work}/${name}.pem`, 'utf8').replace(/-----[^-]+-----|\s/g, '');
const target = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: 'sha256:' + 'ab'.repeat(32), size: 1234 };
const signingTime = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const b64url = (b) => Buffer.from(b).toString('base64url');
async function envelope(name, leaf, alg, { header = {}, payload = { targetArtifact: target } } = {}) {
  const key = await importPKCS8(readFileSync(`${work}/${leaf}.key`, 'utf8').replace('BEGIN EC PRIVATE', 'BEGIN PRIVATE'), alg).catch(async () => {
    const { createPrivateKey } = await import('node:crypto');
    return createPrivateKey(readFileSync(`${work}/${leaf}.key`));
  });
  const protectedHeader = { alg, crit: ['io.cncf.notary.signingScheme'], cty: 'application/vnd.cncf.notary.payload.v1+json',
    'io.cncf.notary.signingScheme': 'notary.x509', 'io.cncf.notary.signingTime': signingTime, ...header };
  const jws = await new FlattenedSign(Buffer.from(JSON.stringify(payload)))
    .setProtectedHeader(protectedHeader)
    .setUnprotectedHeader({ x5c: [der(leaf), der('intermediate'), der('root')], 'io.cncf.notary.signingAgent': 'jose/6.2.17' })
    .sign(key, { crit: { 'io.cncf.notary.signingScheme': true, 'io.cncf.notary.expiry': true } });
  const ordered = { payload: jws.payload, protected: jws.protected, header: jws.header, signature: jws.signature };
  writeFileSync(`${out}/${name}.jws`, JSON.stringify(ordered));
  return ordered;
}
await envelope('es256', 'leaf-p256', 'ES256');
await envelope('ps256', 'leaf-rsa2048', 'PS256');
await envelope('es256-expired', 'leaf-p256', 'ES256', { header: { crit: ['io.cncf.notary.signingScheme', 'io.cncf.notary.expiry'], 'io.cncf.notary.expiry': new Date(Date.parse(signingTime) + 1000).toISOString().replace('.000Z', 'Z') } });
await envelope('es256-tls-leaf', 'tls-p256', 'ES256');
// The same ES256 signature, but DER-encoded as cosign would write it: a Notation verifier must refuse it.
const good = JSON.parse(readFileSync(`${out}/es256.jws`, 'utf8'));
const signer = createSign('SHA256'); signer.update(`${good.protected}.${good.payload}`);
writeFileSync(`${out}/es256-der.jws`, JSON.stringify({ ...good, signature: b64url(signer.sign({ key: readFileSync(`${work}/leaf-p256.key`), dsaEncoding: 'der' })) }));
writeFileSync(`${out}/target.json`, JSON.stringify(target));

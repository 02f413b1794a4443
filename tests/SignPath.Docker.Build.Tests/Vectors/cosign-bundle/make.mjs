// Writes cosign v3-style signature bundles with node:crypto only (an implementation independent of this project):
// DSSE PAE over an in-toto statement for the image digest, ECDSA P-256 SHA-256, DER signature (what cosign writes).
// Check them with: node ../../../../scripts/verify/cosign-bundle.mjs bundle.json cosign.pub <digest>
import { generateKeyPairSync, sign, createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
const digest = 'sha256:' + createHash('sha256').update('vector image manifest').digest('hex');
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
const spki = publicKey.export({ type: 'spki', format: 'der' });
function bundle(statement, dsaEncoding = 'der', payloadType = 'application/vnd.in-toto+json') {
  const payload = Buffer.from(JSON.stringify(statement));
  const pae = Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(payloadType)} ${payloadType} ${payload.length} `), payload]);
  const sig = sign('sha256', pae, { key: privateKey, dsaEncoding });
  return JSON.stringify({
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: { publicKey: { hint: createHash('sha256').update(spki).digest('base64') } },
    dsseEnvelope: { payload: payload.toString('base64'), payloadType, signatures: [{ sig: sig.toString('base64') }] },
  });
}
const statement = (d, predicateType = 'https://sigstore.dev/cosign/sign/v1') =>
  ({ _type: 'https://in-toto.io/Statement/v1', subject: [{ digest: { sha256: d.slice(7) } }], predicateType, predicate: {} });
writeFileSync('bundle.json', bundle(statement(digest)));
writeFileSync('bundle-p1363.json', bundle(statement(digest), 'ieee-p1363'));
writeFileSync('bundle-other-image.json', bundle(statement('sha256:' + 'cd'.repeat(32))));
writeFileSync('bundle-attestation.json', bundle(statement(digest, 'https://slsa.dev/provenance/v1')));
writeFileSync('cosign.pub', publicKey.export({ type: 'spki', format: 'pem' }));
writeFileSync('other.pub', other.export({ type: 'spki', format: 'pem' }));
writeFileSync('digest.txt', digest);

// Verifies a cosign v3 signature bundle (Sigstore bundle v0.3, DSSE in-toto statement) for an image digest with a
// public key, using Sigstore's own JS verifier (@sigstore/verify) and no code of this project.
// Usage: node cosign-bundle.mjs <bundle.json> <cosign.pub> <sha256:image-digest>   (exit 0 = verified)
import { readFileSync } from 'node:fs';
import { createPublicKey } from 'node:crypto';
import { bundleFromJSON } from '@sigstore/bundle';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

const [bundlePath, keyPath, digest] = process.argv.slice(2);
const bundle = bundleFromJSON(JSON.parse(readFileSync(bundlePath, 'utf8')));
const publicKey = createPublicKey(readFileSync(keyPath, 'utf8'));
const emptyRoot = { certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [] };
// cosign ignores the unauthenticated hint and uses --key; so does this key finder.
const trust = toTrustMaterial(emptyRoot, () => ({ publicKey, validFor: () => true }));
new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify(toSignedEntity(bundle));

// cosign verify --check-claims: the statement must name the image digest (the verifier above checks only the signature).
const statement = JSON.parse(Buffer.from(bundle.content.dsseEnvelope.payload).toString('utf8'));
const [algorithm, hex] = digest.split(':');
if (statement._type !== 'https://in-toto.io/Statement/v1' || !statement.subject.some((s) => s.digest?.[algorithm] === hex)) {
  console.error(`statement does not name ${digest}`);
  process.exit(1);
}
if (statement.predicateType !== 'https://sigstore.dev/cosign/sign/v1') {
  console.error(`unexpected predicateType ${statement.predicateType}`);
  process.exit(1);
}
console.log(`cosign bundle verified: ${digest}`);

// Verifies a Notary Project JWS signature envelope for an image without any code of this project: npm `jose` checks
// the JWS (alg, crit, signature over the signing input), `openssl verify` checks the x5c chain up to the given root,
// and the rest of the specification's rules that a verifier must apply are checked in notation-rules.mjs.
// Usage: node notation.mjs <envelope.jws> <root.pem> <mediaType> <sha256:digest> <size>   (exit 0 = verified)
// Spec: https://github.com/notaryproject/specifications/blob/main/specs/signature-envelope-jws.md.
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { flattenedVerify, importX509 } from 'jose';
import { algorithmFor, checkRest, fail, pem } from './notation-rules.mjs';

const [envelopePath, rootPath, mediaType, digest, size] = process.argv.slice(2);
const envelope = JSON.parse(readFileSync(envelopePath, 'utf8'));
const chain = (envelope.header?.x5c ?? fail('no x5c')).map((b64) => Buffer.from(b64, 'base64'));
const alg = algorithmFor(new X509Certificate(pem(chain[0])));
const { payload, protectedHeader } = await flattenedVerify(envelope, await importX509(pem(chain[0]), alg), {
  algorithms: [alg],
  crit: { 'io.cncf.notary.signingScheme': true, 'io.cncf.notary.expiry': true },
}).catch((e) => fail(e.message));
if (protectedHeader.cty !== 'application/vnd.cncf.notary.payload.v1+json') fail(`cty ${protectedHeader.cty}`);
if (protectedHeader['io.cncf.notary.signingScheme'] !== 'notary.x509') fail('signing scheme');
const signingTime = new Date(protectedHeader['io.cncf.notary.signingTime'] ?? fail('no signingTime'));
if (protectedHeader['io.cncf.notary.expiry'] && new Date(protectedHeader['io.cncf.notary.expiry']) < new Date()) fail('expired');
checkRest({ payload, chain, signingTime, rootPath, mediaType, digest, size });

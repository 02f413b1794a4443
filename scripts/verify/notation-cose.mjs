// Verifies a Notary Project COSE_Sign1 signature envelope for an image without any code of this project: npm `cbor`
// decodes the message (tag 18) and its protected header, node:crypto checks the signature over the COSE Sig_structure
// ["Signature1", protected, h'', payload] (RFC 9052 §4.4), and notation-rules.mjs applies the payload, certificate and
// chain rules (`openssl verify` up to the given root).
// Usage: node notation-cose.mjs <envelope.cose> <root.pem> <mediaType> <sha256:digest> <size>   (exit 0 = verified)
// Spec: https://github.com/notaryproject/specifications/blob/main/specs/signature-envelope-cose.md.
import { readFileSync } from 'node:fs';
import { X509Certificate, verify, constants } from 'node:crypto';
import cbor from 'cbor';
import { algorithmFor, checkRest, fail, pem } from './notation-rules.mjs';

const [envelopePath, rootPath, mediaType, digest, size] = process.argv.slice(2);
const decode = (bytes) => { try { return cbor.decodeFirstSync(bytes, { preferMap: true }); } catch (e) { return fail(`not CBOR: ${e.message}`); } };
const message = decode(readFileSync(envelopePath));
if (!(message instanceof cbor.Tagged) || message.tag !== 18 || !Array.isArray(message.value) || message.value.length !== 4) fail('not a COSE_Sign1_Tagged message');
const [protectedBytes, unprotected, payload, signature] = message.value;
if (!Buffer.isBuffer(protectedBytes) || !(unprotected instanceof Map) || !Buffer.isBuffer(payload) || !Buffer.isBuffer(signature)) fail('malformed COSE_Sign1 (or a detached payload)');
const header = decode(protectedBytes);
if (!(header instanceof Map)) fail('the protected header is not a map');

// Protected header rules (signature-envelope-cose.md; notation-core-go signature/cose/envelope.go).
const chain = unprotected.get(33);
if (!Array.isArray(chain) || chain.length === 0 || !chain.every(Buffer.isBuffer)) fail('x5chain (label 33) is not an array of certificates');
const alg = algorithmFor(new X509Certificate(pem(chain[0])));
const algName = { [-7]: 'ES256', [-35]: 'ES384', [-36]: 'ES512', [-37]: 'PS256', [-38]: 'PS384', [-39]: 'PS512' }[header.get(1)];
if (algName !== alg) fail(`alg ${header.get(1)} is not ${alg}, the leaf key's algorithm`);
if (header.get(3) !== 'application/vnd.cncf.notary.payload.v1+json') fail(`content type ${header.get(3)}`);
if (header.get('io.cncf.notary.signingScheme') !== 'notary.x509') fail('signing scheme');
const crit = header.get(2);
if (!Array.isArray(crit) || !crit.includes('io.cncf.notary.signingScheme')) fail('crit must list io.cncf.notary.signingScheme');
const known = [1, 2, 3, 'io.cncf.notary.signingScheme', 'io.cncf.notary.signingTime', 'io.cncf.notary.expiry'];
for (const label of crit) {
  if (!header.has(label)) fail(`critical header ${label} is not present`);
  if (!known.includes(label)) fail(`critical header ${label} is not supported`);
}
const time = (label) => {
  const value = header.get(label);
  if (value !== undefined && !(value instanceof Date)) fail(`${label} is not a tag 1 date/time`);
  return value;
};
const signingTime = time('io.cncf.notary.signingTime') ?? fail('no signingTime');
const expiry = time('io.cncf.notary.expiry');
if (expiry && !crit.includes('io.cncf.notary.expiry')) fail('expiry is not marked critical');
if (expiry && expiry < new Date()) fail('expired');

// The signature over Sig_structure, r||s for ECDSA and PSS with a salt as long as the hash for RSA (RFC 9053, RFC 8230).
const toBeSigned = cbor.encode(['Signature1', protectedBytes, Buffer.alloc(0), payload]);
const hash = `sha${alg.slice(2)}`;
const key = new X509Certificate(pem(chain[0])).publicKey;
const options = alg.startsWith('ES')
  ? { key, dsaEncoding: 'ieee-p1363' }
  : { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 };
if (!verify(hash, toBeSigned, options, signature)) fail('the signature does not verify with the leaf key');
checkRest({ payload, chain, signingTime, rootPath, mediaType, digest, size });

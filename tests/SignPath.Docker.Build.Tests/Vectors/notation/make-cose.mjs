// Signs Notary Project COSE_Sign1 envelopes with npm `cbor` (10.0.12) and node:crypto, the way the specification
// describes them (signature-envelope-cose.md): tag 18, protected alg/crit/content type/signingScheme/signingTime (tag 1),
// unprotected x5chain (label 33, leaf → root) and signingAgent, signature over ["Signature1", protected, h'', payload].
// Spec: https://github.com/notaryproject/specifications/blob/main/specs/signature-envelope-cose.md.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { createPrivateKey, sign, constants } from 'node:crypto';
const require = createRequire(process.env.NODE_PATH + '/');
const cbor = require('cbor');
const [work, out] = process.argv.slice(2);
const der = (name) => Buffer.from(readFileSync(`${work}/${name}.pem`, 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64');
const target = JSON.parse(readFileSync(`${out}/target.json`, 'utf8'));
const signingTime = Math.floor(Date.now() / 1000);
const algorithms = { ES256: -7, ES384: -35, PS256: -37 };
function envelope(name, leaf, alg, { protectedEntries = [], crit = ['io.cncf.notary.signingScheme'], cty = 'application/vnd.cncf.notary.payload.v1+json', tagged = true } = {}) {
  const header = new Map([[1, algorithms[alg]], [2, crit], [3, cty], ['io.cncf.notary.signingScheme', 'notary.x509'],
    ['io.cncf.notary.signingTime', new cbor.Tagged(1, signingTime)], ...protectedEntries]);
  const protectedBytes = cbor.encode(header);
  const payload = Buffer.from(JSON.stringify({ targetArtifact: target }));
  const toBeSigned = cbor.encode(['Signature1', protectedBytes, Buffer.alloc(0), payload]);
  const key = createPrivateKey(readFileSync(`${work}/${leaf}.key`));
  const signature = alg.startsWith('ES')
    ? sign(`sha${alg.slice(2)}`, toBeSigned, { key, dsaEncoding: 'ieee-p1363' })
    : sign(`sha${alg.slice(2)}`, toBeSigned, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 });
  const unprotected = new Map([[33, [der(leaf), der('intermediate'), der('root')]], ['io.cncf.notary.signingAgent', 'cbor/10.0.12']]);
  const message = [protectedBytes, unprotected, payload, signature];
  writeFileSync(`${out}/${name}.cose`, cbor.encode(tagged ? new cbor.Tagged(18, message) : message));
}
envelope('es256', 'leaf-p256', 'ES256');
envelope('ps256', 'leaf-rsa2048', 'PS256');
envelope('es256-expired', 'leaf-p256', 'ES256', { crit: ['io.cncf.notary.signingScheme', 'io.cncf.notary.expiry'], protectedEntries: [['io.cncf.notary.expiry', new cbor.Tagged(1, signingTime + 1)]] });
envelope('es256-tls-leaf', 'tls-p256', 'ES256');
envelope('es256-wrong-alg', 'leaf-p256', 'ES384');
envelope('es256-expiry-not-critical', 'leaf-p256', 'ES256', { protectedEntries: [['io.cncf.notary.expiry', new cbor.Tagged(1, signingTime + 3600 * 24 * 365 * 90)]] });
envelope('es256-unknown-critical', 'leaf-p256', 'ES256', { crit: ['io.cncf.notary.signingScheme', 'com.example.policy'], protectedEntries: [['com.example.policy', 'strict']] });
envelope('es256-wrong-content-type', 'leaf-p256', 'ES256', { cty: 'application/json' });
envelope('es256-untagged', 'leaf-p256', 'ES256', { tagged: false });

// Verifies a Notary Project JWS signature envelope for an image without any code of this project: npm `jose` checks
// the JWS (alg, crit, signature over the signing input), `openssl verify` checks the x5c chain up to the given root,
// and the rest of the specification's rules that a verifier must apply are checked here.
// Usage: node notation.mjs <envelope.jws> <root.pem> <mediaType> <sha256:digest> <size>   (exit 0 = verified)
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flattenedVerify, importX509 } from 'jose';

const [envelopePath, rootPath, mediaType, digest, size] = process.argv.slice(2);
const fail = (message) => { console.error(`notation signature refused: ${message}`); process.exit(1); };
const envelope = JSON.parse(readFileSync(envelopePath, 'utf8'));
const pem = (b64) => `-----BEGIN CERTIFICATE-----\n${b64.match(/.{1,64}/g).join('\n')}\n-----END CERTIFICATE-----\n`;
const chain = envelope.header?.x5c ?? fail('no x5c');
const leaf = new X509Certificate(pem(chain[0]));

// The alg the leaf key allows (signature-specification.md, "Algorithm Selection").
const key = leaf.publicKey.asymmetricKeyDetails;
const alg = leaf.publicKey.asymmetricKeyType === 'ec'
  ? { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' }[key.namedCurve]
  : { 2048: 'PS256', 3072: 'PS384', 4096: 'PS512' }[key.modulusLength];
const { payload, protectedHeader } = await flattenedVerify(envelope, await importX509(pem(chain[0]), alg), {
  algorithms: [alg],
  crit: { 'io.cncf.notary.signingScheme': true, 'io.cncf.notary.expiry': true },
}).catch((e) => fail(e.message));
if (protectedHeader.cty !== 'application/vnd.cncf.notary.payload.v1+json') fail(`cty ${protectedHeader.cty}`);
if (protectedHeader['io.cncf.notary.signingScheme'] !== 'notary.x509') fail('signing scheme');
const signingTime = new Date(protectedHeader['io.cncf.notary.signingTime'] ?? fail('no signingTime'));
if (protectedHeader['io.cncf.notary.expiry'] && new Date(protectedHeader['io.cncf.notary.expiry']) < new Date()) fail('expired');

const target = JSON.parse(Buffer.from(payload).toString('utf8')).targetArtifact;
if (target?.mediaType !== mediaType || target?.digest !== digest || String(target?.size) !== String(size)) {
  fail(`targetArtifact ${JSON.stringify(target)} is not ${mediaType} ${digest} ${size}`);
}

// Leaf rules: digitalSignature key usage, no EKU other than code signing, not a CA; valid at signing time.
const leafText = execFileSync('openssl', ['x509', '-noout', '-ext', 'keyUsage,extendedKeyUsage,basicConstraints'], { input: pem(chain[0]) }).toString();
if (!/Key Usage: critical\s+Digital Signature\s*$/m.test(leafText)) fail('leaf key usage must be critical digitalSignature only');
if (/TLS Web|E-mail Protection|Time Stamping|OCSP Signing/.test(leafText)) fail('leaf extended key usage is not for code signing');
if (/CA:TRUE/.test(leafText)) fail('leaf is a CA');
if (signingTime < new Date(leaf.validFrom) || signingTime > new Date(leaf.validTo)) fail('leaf not valid at signing time');

// Chain: x5c must end in the trusted root and every certificate must be issued by the next.
const work = mkdtempSync(join(tmpdir(), 'notation-verify-'));
try {
  const root = readFileSync(rootPath, 'utf8');
  if (new X509Certificate(pem(chain.at(-1))).fingerprint256 !== new X509Certificate(root).fingerprint256) fail('x5c does not end in the trusted root');
  writeFileSync(join(work, 'root.pem'), root);
  writeFileSync(join(work, 'untrusted.pem'), chain.slice(1, -1).map(pem).join(''));
  writeFileSync(join(work, 'leaf.pem'), pem(chain[0]));
  const args = ['verify', '-x509_strict', '-CAfile', join(work, 'root.pem')];
  if (chain.length > 2) args.push('-untrusted', join(work, 'untrusted.pem'));
  execFileSync('openssl', [...args, join(work, 'leaf.pem')], { stdio: 'pipe' });
} catch (e) {
  fail(`certificate chain: ${e.stderr?.toString().trim() ?? e.message}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`notation signature verified: ${digest} signed by ${leaf.subject.replace(/\n/g, ', ')}`);

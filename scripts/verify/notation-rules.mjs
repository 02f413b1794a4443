// The Notary Project rules a verifier applies beyond the envelope's own encoding, shared by notation.mjs (JWS) and
// notation-cose.mjs (COSE) so both check the same things without any code of this project: the alg the leaf key allows,
// the payload's targetArtifact, the leaf certificate rules, and the chain up to the trusted root with `openssl verify`.
// Spec: https://github.com/notaryproject/specifications/blob/main/specs/signature-specification.md.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const fail = (message) => { console.error(`notation signature refused: ${message}`); process.exit(1); };
export const pem = (der) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').match(/.{1,64}/g).join('\n')}\n-----END CERTIFICATE-----\n`;

/** The only alg a leaf key may sign with (signature-specification.md, "Algorithm Selection"). */
export function algorithmFor(leaf) {
  const key = leaf.publicKey.asymmetricKeyDetails;
  return leaf.publicKey.asymmetricKeyType === 'ec'
    ? { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' }[key.namedCurve]
    : { 2048: 'PS256', 3072: 'PS384', 4096: 'PS512' }[key.modulusLength];
}

/** Payload, leaf and chain rules; `chain` is DER buffers leaf → root. */
export function checkRest({ payload, chain, signingTime, rootPath, mediaType, digest, size }) {
  const target = JSON.parse(Buffer.from(payload).toString('utf8')).targetArtifact;
  if (target?.mediaType !== mediaType || target?.digest !== digest || String(target?.size) !== String(size)) {
    fail(`targetArtifact ${JSON.stringify(target)} is not ${mediaType} ${digest} ${size}`);
  }

  // Leaf rules: digitalSignature key usage, no EKU other than code signing, not a CA; valid at signing time.
  const leaf = new X509Certificate(pem(chain[0]));
  const leafText = execFileSync('openssl', ['x509', '-noout', '-ext', 'keyUsage,extendedKeyUsage,basicConstraints'], { input: pem(chain[0]) }).toString();
  if (!/Key Usage: critical\s+Digital Signature\s*$/m.test(leafText)) fail('leaf key usage must be critical digitalSignature only');
  if (/TLS Web|E-mail Protection|Time Stamping|OCSP Signing/.test(leafText)) fail('leaf extended key usage is not for code signing');
  if (/CA:TRUE/.test(leafText)) fail('leaf is a CA');
  if (signingTime < new Date(leaf.validFrom) || signingTime > new Date(leaf.validTo)) fail('leaf not valid at signing time');

  // Chain: it must end in the trusted root and every certificate must be issued by the next.
  const work = mkdtempSync(join(tmpdir(), 'notation-verify-'));
  try {
    const root = readFileSync(rootPath, 'utf8');
    if (new X509Certificate(pem(chain.at(-1))).fingerprint256 !== new X509Certificate(root).fingerprint256) fail('the chain does not end in the trusted root');
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
}

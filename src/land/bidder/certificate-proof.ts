/**
 * Proof that a caller holds a certificate's private key (CA数字证书 sign-in and bidder self-registration):
 * a nonce from certificateChallenge, signed by the certificate's key (SM3withSM2 for SM2 keys, SHA-256 for RSA and
 * ECDSA; DER, raw r‖s or CMS, see pki/signature.ts); the certificate must chain to a trusted CA, be valid at the
 * server's time and not be revoked by a loaded CRL; the nonce is used up by one conditional UPDATE, so it works
 * once across every instance on the database.
 */
import { randomBytes } from 'node:crypto';
import { DomainError, ErrorCode } from '../../common/errors';
import type { Context } from '../../common/request/context';
import { verifyCertificateChain, type ParsedCertificate } from './certificate';
import { revocationProblem } from './pki/revocation.service';
import { verifyBidderSignature } from './pki/signature';
import type { X509 } from './pki/x509';
import { CertificateChallengeNonce } from './certificate-challenge.entity';
import { CertificateChallenge } from './certificate-sign-in.types';

/** how long a nonce may be used after it was handed out */
export const CHALLENGE_TTL_MS = 2 * 60 * 1000;

const NONCE = /^[A-Za-z0-9_-]{43}$/;

/** Why a proof failed: logged for operators, never told to the caller. */
export class ProofFailure extends Error {}

export interface PossessionProof {
  certificatePem: string;
  nonce: string;
  signature: string;
}

/** One answer for every failed certificate sign-in: nothing tells which check failed. */
export const certificateRefused = (): DomainError =>
  new DomainError(
    ErrorCode.UNAUTHENTICATED,
    'certificate sign-in failed: ask for a new challenge and sign it with the key of a certificate the server accepts',
  );

export async function issueChallenge(ctx: Context): Promise<CertificateChallenge> {
  const now = ctx.clock.now();
  const em = ctx.em.fork();
  // expired nonces prove nothing any more (a used one that has not expired yet must stay, to refuse replays)
  await em.nativeDelete(CertificateChallengeNonce, { expiresAt: { $lte: now } });
  const nonce = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_MS);
  await em.insert(CertificateChallengeNonce, { nonce, expiresAt, usedAt: null, createdAt: now });
  return Object.assign(new CertificateChallenge(), { nonce, expiresAt });
}

/** true when `signature` (base64) is the certificate key's signature of the nonce's UTF-8 bytes. */
export const signatureMatches = (certificatePem: string, nonce: string, signature: string): boolean =>
  verifyBidderSignature({ certificatePem, data: Buffer.from(nonce, 'utf8'), signature }).valid;

/**
 * Checks the proof and uses the nonce up; returns what the certificate says. Throws ProofFailure (the
 * reason) for anything the caller got wrong; other errors (the database) pass through.
 */
export async function provePossession(
  ctx: Context,
  proof: PossessionProof,
  trustedCas: X509[],
): Promise<ParsedCertificate> {
  const now = ctx.clock.now();
  if (!NONCE.test(proof.nonce)) throw new ProofFailure('the nonce is malformed');
  let parsed: ParsedCertificate;
  try {
    parsed = verifyCertificateChain(proof.certificatePem, trustedCas, now);
  } catch (error) {
    throw new ProofFailure(error instanceof Error ? error.message : 'the certificate was refused');
  }
  const check = verifyBidderSignature({
    certificatePem: parsed.pem,
    data: Buffer.from(proof.nonce, 'utf8'),
    signature: proof.signature,
  });
  if (!check.valid) throw new ProofFailure(`${check.reason} (certificate ${parsed.fingerprint})`);
  const revoked = await revocationProblem(ctx, parsed.path);
  if (revoked) throw new ProofFailure(`${revoked} (certificate ${parsed.fingerprint})`);
  const used = await ctx.em
    .fork()
    .nativeUpdate(
      CertificateChallengeNonce,
      { nonce: proof.nonce, usedAt: null, expiresAt: { $gt: now } },
      { usedAt: now },
    );
  if (used !== 1)
    throw new ProofFailure(`the nonce is unknown, expired or used (certificate ${parsed.fingerprint})`);
  return parsed;
}

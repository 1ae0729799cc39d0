/**
 * Proof that a caller holds a certificate's private key (CA数字证书 sign-in and bidder self-registration):
 * a nonce from certificateChallenge, signed with SHA-256 by the certificate's key (RSA or EC), checked with
 * node:crypto; the certificate must chain to a trusted CA and be valid at the server's time; the nonce is used
 * up by one conditional UPDATE, so it works once across every instance on the database.
 */
import { randomBytes, verify, type X509Certificate } from 'node:crypto';
import { DomainError, ErrorCode } from '../../common/errors';
import type { Context } from '../../common/request/context';
import { loadCertificate, verifyCertificateChain, type ParsedCertificate } from './certificate';
import { CertificateChallengeNonce } from './certificate-challenge.entity';
import { CertificateChallenge } from './certificate-sign-in.types';

/** how long a nonce may be used after it was handed out */
export const CHALLENGE_TTL_MS = 2 * 60 * 1000;

const NONCE = /^[A-Za-z0-9_-]{43}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const MAX_SIGNATURE_LENGTH = 2048;

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

/** true when `signature` (base64) is the certificate key's SHA-256 signature of the nonce's UTF-8 bytes. */
export function signatureMatches(cert: X509Certificate, nonce: string, signature: string): boolean {
  if (signature.length > MAX_SIGNATURE_LENGTH || !BASE64.test(signature)) return false;
  try {
    return verify('sha256', Buffer.from(nonce, 'utf8'), cert.publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false; // a key type that does not sign with SHA-256 (e.g. Ed25519), or a malformed signature
  }
}

/**
 * Checks the proof and uses the nonce up; returns what the certificate says. Throws ProofFailure (the
 * reason) for anything the caller got wrong; other errors (the database) pass through.
 */
export async function provePossession(
  ctx: Context,
  proof: PossessionProof,
  trustedCas: X509Certificate[],
): Promise<ParsedCertificate> {
  const now = ctx.clock.now();
  if (!NONCE.test(proof.nonce)) throw new ProofFailure('the nonce is malformed');
  let parsed: ParsedCertificate;
  try {
    parsed = verifyCertificateChain(proof.certificatePem, trustedCas, now);
  } catch (error) {
    throw new ProofFailure(error instanceof Error ? error.message : 'the certificate was refused');
  }
  if (!signatureMatches(loadCertificate(proof.certificatePem), proof.nonce, proof.signature))
    throw new ProofFailure(`the signature does not verify (certificate ${parsed.fingerprint})`);
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

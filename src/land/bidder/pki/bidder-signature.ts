/**
 * A registered bidder's signature over some bytes (a document's SHA-256, …), judged now: the certificate registered
 * with the bidder must still chain to a trusted CA at the server's time, must not be revoked by a loaded CRL
 * (STALE_CRL_POLICY applies), and its key must have made the signature (verifyBidderSignature: SM3withSM2 with the
 * standard ID for SM2, SHA-256 for RSA/ECDSA; DER, raw r‖s or CMS). The same checks as a certificate sign-in.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../../../config';
import type { Bidder } from '../bidder.entity';
import { ChainProblem, verifyChain } from './chain';
import { revocationProblem } from './revocation.service';
import { verifyBidderSignature, type SignatureCheck, type SignatureEncoding } from './signature';
import type { X509 } from './x509';

export interface RegisteredSignature {
  data: Uint8Array;
  /** base64 text or the bytes */
  signature: string | Uint8Array;
  encoding?: SignatureEncoding;
}

export async function verifyRegisteredBidderSignature(
  ctx: {
    em: EntityManager;
    clock: { now(): Date };
    config: Pick<Config, 'staleCrlPolicy'>;
    log?: (message: string) => void;
  },
  bidder: Pick<Bidder, 'certificatePem' | 'certificateChainPem' | 'certificateRevokedAt'>,
  trustedCas: X509[],
  signed: RegisteredSignature,
): Promise<SignatureCheck> {
  const pem = bidder.certificateChainPem ?? bidder.certificatePem;
  if (!pem) return { valid: false, reason: 'the bidder has no registered certificate' };
  if (bidder.certificateRevokedAt)
    return {
      valid: false,
      reason: `the bidder's certificate was revoked on ${bidder.certificateRevokedAt.toISOString()}`,
    };
  let path: X509[];
  try {
    path = verifyChain(pem, trustedCas, ctx.clock.now()).path;
  } catch (error) {
    if (error instanceof ChainProblem) return { valid: false, reason: error.message };
    throw error;
  }
  const revoked = await revocationProblem(ctx, path);
  if (revoked) return { valid: false, reason: revoked };
  return verifyBidderSignature({ certificatePem: path[0].pem, ...signed });
}

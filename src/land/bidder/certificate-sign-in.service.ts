/** Bidders sign in with their CA数字证书: a challenge nonce, signed with the certificate's key, for a JWT. */
import { Role, type Viewer } from '../../common/viewer';
import type { Context } from '../../common/request/context';
import { signToken } from '../../auth/token';
import { noteAuditActor } from '../../common/request/audit-log';
import { ViewerType } from '../../auth/viewer.type';
import { Bidder } from './bidder.entity';
import { trustedCas } from './bidder.service';
import { AuthPayload } from '../../auth/auth.types';
import { certificateRefused, provePossession, ProofFailure } from './certificate-proof';
import type { CertificateSignInInput } from './certificate-sign-in.types';

/** How long a bidder's token lasts. */
export const BIDDER_TOKEN_SECONDS = 8 * 3600;

export const bidderSubject = (bidderId: string): string => `bidder:${bidderId}`;

export async function signInWithCertificate(
  ctx: Context,
  input: CertificateSignInInput,
): Promise<AuthPayload> {
  let bidder: Bidder | null;
  try {
    const certificate = await provePossession(ctx, input, trustedCas(ctx.config));
    bidder = await ctx.em.fork().findOne(Bidder, { certificateFingerprint: certificate.fingerprint });
    if (!bidder)
      throw new ProofFailure(
        `no bidder is registered with certificate ${certificate.fingerprint} (register it first)`,
      );
  } catch (error) {
    if (!(error instanceof ProofFailure)) throw error;
    ctx.log?.(`certificate sign-in refused from ${ctx.origin.ip}: ${error.message}`);
    throw certificateRefused();
  }
  const viewer: Viewer = { subject: bidderSubject(bidder.id), roles: [Role.BIDDER], bidderId: bidder.id };
  noteAuditActor({ subject: viewer.subject, roles: viewer.roles, bidderId: bidder.id });
  const { token, expiresAt } = signToken(
    ctx.config.jwtSecret,
    { sub: viewer.subject!, roles: viewer.roles, bidderId: bidder.id },
    BIDDER_TOKEN_SECONDS,
    ctx.clock.now(),
  );
  return Object.assign(new AuthPayload(), { token, expiresAt, viewer: ViewerType.of(viewer) });
}

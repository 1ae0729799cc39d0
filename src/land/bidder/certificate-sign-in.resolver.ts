import { Arg, Ctx, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import type { Context } from '../../common/request/context';
import { RateLimit } from '../../common/request/rate-limit.middleware';
import { AuthPayload } from '../../auth/auth.types';
import { issueChallenge } from './certificate-proof';
import { signInWithCertificate } from './certificate-sign-in.service';
import { CertificateChallenge, CertificateSignInInput } from './certificate-sign-in.types';

@Resolver()
export class CertificateSignInResolver {
  @Mutation(() => CertificateChallenge, { description: 'CA数字证书 sign-in, step 1' })
  // per IP (callers have no subject yet)
  @UseMiddleware(RateLimit('signIn', { subject: () => null }))
  certificateChallenge(@Ctx() ctx: Context): Promise<CertificateChallenge> {
    return issueChallenge(ctx);
  }

  @Mutation(() => AuthPayload, {
    description:
      'CA数字证书 sign-in, step 2: a JWT for the bidder holding the certificate. UNAUTHENTICATED for an untrusted or unregistered certificate, a bad signature or a used/expired nonce; RATE_LIMITED',
  })
  // per IP, and per certificate tried (whoever tries it)
  @UseMiddleware(
    RateLimit('signIn', {
      subject: ({ args }) =>
        `certificate:${String((args.input as CertificateSignInInput).certificatePem).trim()}`,
    }),
  )
  signInWithCertificate(
    @Arg('input', () => CertificateSignInInput, { description: 'the certificate and the signed nonce' })
    input: CertificateSignInInput,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    return signInWithCertificate(ctx, input);
  }
}

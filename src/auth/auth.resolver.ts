import { Arg, Ctx, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import type { Context } from '../common/request/context';
import { RateLimit } from '../common/request/rate-limit.middleware';
import { AuthPayload } from './auth.types';
import { signIn } from './staff-account.service';

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, {
    description:
      'staff sign-in (accounts with TRADING_CENTER, LAND_BUREAU, BANK, ORG_ADMIN, ORG_DEPARTMENT or ANALYST roles); returns a JWT. UNAUTHENTICATED for a wrong username or password or an account that cannot sign in now (locked after failed attempts, disabled); RATE_LIMITED',
  })
  // per IP, and per username tried (whoever tries it)
  @UseMiddleware(
    RateLimit('signIn', { subject: ({ args }) => `username:${String(args.username).trim().toLowerCase()}` }),
  )
  signIn(
    @Arg('username', { description: 'the staff account’s username' }) username: string,
    @Arg('password', { description: 'its password (redacted in the audit trail)' }) password: string,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    return signIn(ctx, username, password);
  }
}

import { Arg, Ctx, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import type { Context } from '../server/context';
import { RateLimit } from '../server/rate-limit';
import { AuthPayload } from './auth.types';
import { signIn } from './staff-account.service';

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: 'staff sign-in; returns a JWT' })
  // per IP, and per username tried (whoever tries it)
  @UseMiddleware(
    RateLimit('signIn', { subject: ({ args }) => `username:${String(args.username).trim().toLowerCase()}` }),
  )
  signIn(
    @Arg('username') username: string,
    @Arg('password') password: string,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    return signIn(ctx, username, password);
  }
}

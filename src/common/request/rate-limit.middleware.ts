/** The resolver's side of the rate limits (./rate-limit.ts): one line on a query or mutation. */
import type { MiddlewareFn, ResolverData } from 'type-graphql';
import type { RateLimitBucket } from '../../config';
import type { Context } from './context';

export interface RateLimitOptions {
  /** what counts as the subject; default: the viewer's subject (anonymous callers count per IP only) */
  subject?: (data: ResolverData<Context>) => string | null | undefined;
  /** count only the calls for which this holds (default: every call) */
  when?: (data: ResolverData<Context>) => boolean;
}

/** type-graphql middleware: `@UseMiddleware(RateLimit('analytics'))` on a query or mutation. */
export function RateLimit(bucket: RateLimitBucket, options: RateLimitOptions = {}): MiddlewareFn<Context> {
  return async (data, next) => {
    const { context } = data;
    if (options.when && !options.when(data)) return next();
    const subject = options.subject ? options.subject(data) : context.viewer.subject;
    await context.rateLimiter.consume(bucket, { subject: subject ?? null, ip: context.origin.ip });
    return next();
  };
}

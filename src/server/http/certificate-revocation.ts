/**
 * A bidder whose certificate (or a CA above it) a CRL revoked after it signed in loses its session: every request
 * with its token is refused with the same UNAUTHENTICATED as a bad token (the reason goes to the log only), over
 * HTTP here and when a WebSocket connects. Stale CRLs are reported by /readyz.
 */
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/core';
import { DomainError, ErrorCode, withHttpStatus } from '../../common/errors';
import type { Context } from '../../common/request/context';
import type { Viewer } from '../../common/viewer';
import { bidderRevokedCached, staleCrls } from '../../land';

export const revokedSession = (): DomainError =>
  withHttpStatus(
    new DomainError(ErrorCode.UNAUTHENTICATED, 'the token is no longer valid: sign in again'),
    401,
  );

/**
 * true when the viewer acts as a bidder whose certificate has been revoked since it signed in. Answered from the
 * instance's memory of what it read (bidderRevokedCached: a CRL load on any instance forgets it), on the ORM's
 * root EntityManager — forking one per request would be for nothing. Every HTTP operation (the plugin below) and
 * every WebSocket connection asks it.
 */
export async function viewerRevoked(
  services: Parameters<typeof bidderRevokedCached>[0],
  viewer: Viewer,
  log?: (message: string) => void,
): Promise<boolean> {
  if (!viewer.bidderId || !(await bidderRevokedCached(services, viewer.bidderId))) return false;
  log?.(`request refused: the certificate of bidder ${viewer.bidderId} has been revoked (${viewer.subject})`);
  return true;
}

export function refuseRevokedBidders(): ApolloServerPlugin<Context> {
  const listener: GraphQLRequestListener<Context> = {
    async didResolveOperation({ contextValue: ctx }) {
      const services = { em: ctx.orm.em, publisher: ctx.publisher, clock: ctx.clock };
      if (await viewerRevoked(services, ctx.viewer, ctx.log)) throw revokedSession();
    },
  };
  return {
    // only a bidder's certificate can be revoked: other requests are not listened to at all
    async requestDidStart({ contextValue }) {
      return contextValue.viewer.bidderId ? listener : undefined;
    },
  };
}

/** /readyz detail: CRLs past their next update (readiness itself does not depend on them) */
export async function crlReadiness(em: EntityManager, now: Date) {
  try {
    const stale = await staleCrls(em, now);
    return { stale };
  } catch {
    return { stale: 'unknown' as const };
  }
}

/**
 * A bidder whose certificate (or a CA above it) a CRL revoked after it signed in loses its session: every request
 * with its token is refused with the same UNAUTHENTICATED as a bad token (the reason goes to the log only), over
 * HTTP here and when a WebSocket connects. Stale CRLs are reported by /readyz.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/core';
import { DomainError, ErrorCode, withHttpStatus } from '../../common/errors';
import type { Context } from '../../common/request/context';
import type { Viewer } from '../../common/viewer';
import { bidderRevoked, bidderRevokedCached, staleCrls } from '../../land';

export const revokedSession = (): DomainError =>
  withHttpStatus(
    new DomainError(ErrorCode.UNAUTHENTICATED, 'the token is no longer valid: sign in again'),
    401,
  );

/** true when the viewer acts as a bidder whose certificate has been revoked since it signed in */
export async function viewerRevoked(
  em: EntityManager,
  viewer: Viewer,
  log?: (message: string) => void,
): Promise<boolean> {
  if (!viewer.bidderId || !(await bidderRevoked(em, viewer.bidderId))) return false;
  log?.(`request refused: the certificate of bidder ${viewer.bidderId} has been revoked (${viewer.subject})`);
  return true;
}

/**
 * Every HTTP operation of a bidder: answered from the instance's memory of what it read (bidderRevokedCached: a
 * CRL load on any instance forgets it), on the ORM's root EntityManager — reading `ctx.em` would fork one per
 * request for nothing.
 */
export function refuseRevokedBidders(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue: ctx }) {
          const bidderId = ctx.viewer.bidderId;
          if (
            !bidderId ||
            !(await bidderRevokedCached(
              { em: ctx.orm.em, publisher: ctx.publisher, clock: ctx.clock },
              bidderId,
            ))
          )
            return;
          ctx.log?.(
            `request refused: the certificate of bidder ${bidderId} has been revoked (${ctx.viewer.subject})`,
          );
          throw revokedSession();
        },
      };
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

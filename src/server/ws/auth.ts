/**
 * Who a WebSocket connection is, decided once in connection_init (graphql-ws's recipe), and what happens
 * when its token runs out.
 *
 * A token that has expired is not "forbidden": the client only has to refresh it and reconnect. graphql-ws
 * retries 4403 Forbidden blindly (five times, about 37 s, with the same token), so an expired token closes
 * the socket with its own code, `LiveCloseCode.TokenExpired` (4440, "refresh and reconnect"), both at
 * connection_init and when a connected socket's token expires. Any other bad token is 4403 as before.
 */
import jwt from 'jsonwebtoken';
import type { Context as WsContext } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { Clock } from '../../common/clock';
import type { Viewer } from '../../common/viewer';
import { secretKeyOf, viewerFromAuthorization } from '../../auth/token';
import { LiveCloseCode } from './connections';

type AuthContext = WsContext<{ authorization?: unknown }, { viewer?: Viewer } & Extra>;

/** the `exp` claim of a Bearer token whose signature is ours (expired or not), else undefined */
function expiryOf(authorization: string, jwtSecret: string): number | undefined {
  const token = /^Bearer (.+)$/.exec(authorization.trim())?.[1];
  if (!token) return undefined;
  try {
    const claims = jwt.verify(token, secretKeyOf(jwtSecret), {
      algorithms: ['HS256'],
      ignoreExpiration: true,
    });
    return typeof claims === 'object' && typeof claims.exp === 'number' ? claims.exp : undefined;
  } catch {
    return undefined; // forged or malformed: not "expired"
  }
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** onConnect for graphql-ws: sets ctx.extra.viewer, or closes the socket (4440 expired, 4403 other). */
export function authenticateSocket(ctx: AuthContext, jwtSecret: string, clock: Clock): boolean {
  const auth = ctx.connectionParams?.authorization;
  if (auth !== undefined && typeof auth !== 'string') return false;
  const socket = ctx.extra.socket;
  try {
    ctx.extra.viewer = viewerFromAuthorization(auth, jwtSecret, clock.now());
  } catch {
    const exp = auth ? expiryOf(auth, jwtSecret) : undefined;
    if (exp !== undefined && exp * 1000 <= clock.now().getTime()) {
      socket.close(LiveCloseCode.TokenExpired, TOKEN_EXPIRED_REASON);
    }
    return false; // graphql-ws closes with 4403 Forbidden (ignored when the socket is closing already)
  }
  const exp = auth ? expiryOf(auth, jwtSecret) : undefined;
  if (exp !== undefined) {
    const timer = setTimeout(
      () => socket.close(LiveCloseCode.TokenExpired, TOKEN_EXPIRED_REASON),
      Math.min(MAX_TIMER_MS, Math.max(0, exp * 1000 - clock.now().getTime())),
    );
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  }
  return true;
}

export const TOKEN_EXPIRED_REASON = 'token expired: refresh the token and reconnect';

/**
 * graphql-ws on a `ws` server, with the connection policy live viewers need (issue 4, item 3). It follows
 * graphql-ws's own `useServer` (graphql-ws/use/ws, "feel free to copy the code over and adjust it"), with
 * these differences:
 *
 * - Sending never waits for the client. Every socket has a bounded send buffer: when more than
 *   `maxBufferedBytes` are waiting to go out (`socket.bufferedAmount`), the client is not keeping up and is
 *   closed with 4008 and a reason that says so; a client that does not finish the closing handshake within
 *   `slowConsumerGraceMs` is dropped. One slow viewer therefore holds at most that much memory and never
 *   delays anyone else (stock useServer awaits each write, so a stalled reader only stalls itself, but is
 *   never told).
 * - Keep-alive: one timer pings every socket every `keepAliveMs`; a socket that has not answered the
 *   previous ping is terminated.
 * - At most `maxSubscriptionsPerConnection` operations at once per connection; one more gets a
 *   RATE_LIMITED error (the connection and its other operations go on).
 * - `connectionInitWaitTimeoutMs`: a socket that does not send connection_init in time is closed (4408).
 * - dispose(): every socket is closed with 1001 Going Away; any still open shortly after is dropped.
 */
import { getOperationAST, GraphQLError, type ExecutionArgs } from 'graphql';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import { ErrorCode } from '../../common/errors';
import { metrics } from '../../common/telemetry/metrics';

export interface ConnectionPolicy {
  /** server ping interval; a socket that has not answered the previous ping is terminated (0: off) */
  keepAliveMs: number;
  /** how long a new socket may take to send connection_init */
  connectionInitWaitTimeoutMs: number;
  /** operations running at once on one connection */
  maxSubscriptionsPerConnection: number;
  /** bytes that may wait to be sent on one socket before it counts as a slow consumer */
  maxBufferedBytes: number;
  /** how long a slow consumer's closing handshake may take before the socket is dropped (default 5 s) */
  slowConsumerGraceMs?: number;
}

/** Close codes of the live endpoint beyond graphql-ws's own (4400 bad request, 4403 forbidden, 4408 init timeout …). */
export const LiveCloseCode = {
  GoingAway: 1001,
  /** the client did not read what it was sent fast enough */
  SlowConsumer: 4008,
  /**
   * the connection's token has expired (at connection_init, or while connected): refresh the token and
   * reconnect. Distinct from 4403 (a token that is bad, which a retry with the same token cannot fix).
   */
  TokenExpired: 4440,
} as const;

export interface ConnectionStats {
  open: number;
  peakOpen: number;
  opened: number;
  slowConsumersClosed: number;
  deadPeersTerminated: number;
  refusedOperations: number;
}

export interface GraphqlWsServer {
  stats(): ConnectionStats;
  /** closes every socket with 1001 and stops accepting */
  dispose(): Promise<void>;
}

export function serveGraphqlWs<P extends Record<string, unknown> | undefined, E extends Extra>(
  wsServer: WebSocketServer,
  options: ServerOptions<P, E>,
  policy: ConnectionPolicy,
  log: (message: string) => void = () => undefined,
): GraphqlWsServer {
  const stats: ConnectionStats = {
    open: 0,
    peakOpen: 0,
    opened: 0,
    slowConsumersClosed: 0,
    deadPeersTerminated: 0,
    refusedOperations: 0,
  };
  const graceMs = policy.slowConsumerGraceMs ?? 5000;
  /** per connection: the operations that began, by id, with their metric labels (for when they end) */
  const begun = new WeakMap<object, Map<string, { name: string | null; type: string }>>();
  const server = makeServer<P, E>({
    ...options,
    connectionInitWaitTimeout: policy.connectionInitWaitTimeoutMs,
    async onSubscribe(ctx, id, payload) {
      // ctx.subscriptions already holds this operation
      if (Object.keys(ctx.subscriptions).length > policy.maxSubscriptionsPerConnection) {
        stats.refusedOperations++;
        const { name, type } = namedIn(payload);
        metrics.wsOperationStarted(name, type, ErrorCode.RATE_LIMITED);
        return [
          new GraphQLError(
            `too many operations at once on this connection (at most ${policy.maxSubscriptionsPerConnection}); complete one first`,
            { extensions: { code: ErrorCode.RATE_LIMITED, limit: policy.maxSubscriptionsPerConnection } },
          ),
        ];
      }
      const args = await options.onSubscribe?.(ctx, id, payload);
      if (Array.isArray(args)) {
        // refused before it ran: the document did not parse, validate or pass the limits
        const code = (args as readonly GraphQLError[])[0]?.extensions?.code;
        const { name, type } = namedIn(payload);
        metrics.wsOperationStarted(name, type, String(code ?? 'error'));
      }
      return args;
    },
    async onOperation(ctx, id, payload, args, result) {
      const { name, type } = operationOf(args);
      const refused = 'errors' in result && !('data' in result && result.data) ? result.errors : undefined;
      if (refused?.length) {
        // subscribe() answered with errors (e.g. the viewer may not follow that auction): it never streamed
        metrics.wsOperationStarted(name, type, String(refused[0].extensions?.code ?? 'error'));
      } else {
        metrics.wsOperationStarted(name, type, 'ok');
        let running = begun.get(ctx);
        if (!running) begun.set(ctx, (running = new Map()));
        running.set(id, { name, type });
      }
      return options.onOperation?.(ctx, id, payload, args, result);
    },
    // graphql-ws calls this for every operation still running when a socket closes, too
    onComplete(ctx, id, payload) {
      const running = begun.get(ctx)?.get(id);
      if (running) {
        begun.get(ctx)!.delete(id);
        metrics.wsOperationEnded(running.name, running.type);
      }
      return options.onComplete?.(ctx, id, payload);
    },
  });

  wsServer.options.handleProtocols = handleProtocols;
  wsServer.on('error', (error) => log(`internal error on the WebSocket server: ${error.message}`));

  const answeredPing = new WeakMap<WebSocket, boolean>();
  const heartbeat =
    policy.keepAliveMs > 0
      ? setInterval(() => {
          for (const socket of wsServer.clients) {
            if (answeredPing.get(socket) === false) {
              stats.deadPeersTerminated++;
              socket.terminate();
              continue;
            }
            answeredPing.set(socket, false);
            try {
              socket.ping();
            } catch {
              // closing already
            }
          }
        }, policy.keepAliveMs)
      : undefined;
  heartbeat?.unref();

  const closeSlowConsumer = (socket: WebSocket) => {
    stats.slowConsumersClosed++;
    socket.close(
      LiveCloseCode.SlowConsumer,
      `slow consumer: more than ${policy.maxBufferedBytes} bytes waiting to be sent`,
    );
    setTimeout(() => socket.terminate(), graceMs).unref();
  };

  wsServer.on('connection', (socket, request) => {
    stats.open++;
    stats.opened++;
    stats.peakOpen = Math.max(stats.peakOpen, stats.open);
    answeredPing.set(socket, true);
    socket.on('pong', () => answeredPing.set(socket, true));
    socket.on('error', (error) => {
      // ws closes the socket itself after a protocol error (e.g. 1009 for a message over maxPayload)
      log(`WebSocket error: ${error.message}`);
      if (socket.readyState === socket.OPEN)
        socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send(data) {
          if (socket.readyState !== socket.OPEN) return;
          if (socket.bufferedAmount + data.length > policy.maxBufferedBytes) {
            closeSlowConsumer(socket);
            return;
          }
          socket.send(data);
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (data) => {
            try {
              await handle(String(data));
            } catch (error) {
              log(`error handling a WebSocket message: ${error instanceof Error ? error.message : error}`);
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      { socket, request } as E,
    );
    socket.once('close', (code, reason) => {
      stats.open--;
      void closed(code, String(reason));
    });
  });

  return {
    stats: () => ({ ...stats }),
    async dispose() {
      if (heartbeat) clearInterval(heartbeat);
      for (const socket of wsServer.clients) socket.close(LiveCloseCode.GoingAway, 'server shutting down');
      // a client that does not answer the closing handshake does not hold up the shutdown
      setTimeout(() => {
        for (const socket of wsServer.clients) socket.terminate();
      }, 2000).unref();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

/** The operation's name and type, as the metrics label them. */
function operationOf(args: ExecutionArgs): { name: string | null; type: string } {
  const operation = getOperationAST(args.document, args.operationName);
  return {
    name: operation?.name?.value ?? args.operationName ?? null,
    type: operation?.operation ?? 'unknown',
  };
}

const LEADING_OPERATION = /^\s*(query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)/;

/**
 * The name and type of an operation refused before it parsed: its operationName, or the first words of its
 * document (a look at the start only, never a parse: the document may be what was refused).
 */
function namedIn(payload: { operationName?: string | null; query?: string }): {
  name: string | null;
  type: string;
} {
  const match =
    typeof payload.query === 'string' ? LEADING_OPERATION.exec(payload.query.slice(0, 200)) : null;
  return { name: payload.operationName ?? match?.[2] ?? null, type: match?.[1] ?? 'unknown' };
}

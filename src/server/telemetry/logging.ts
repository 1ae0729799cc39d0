/**
 * Structured logs (pino): one JSON object per line, `time` in ISO with +08:00, a request id on every request
 * line (also sent back in the `X-Request-Id` header and in every GraphQL error's `extensions.requestId`).
 * Secrets and personal data never reach a line: requests are logged by route, status, timing, operation name
 * and error codes only (never headers, variables or bodies), and every message is scrubbed of what still looks
 * like a token, a password assignment, an ID-card number (身份证号) or a mobile number.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import pino, { type Logger as PinoLogger } from 'pino';
import { toShanghaiIso } from '../../common/time';

export const REQUEST_ID_HEADER = 'x-request-id';
/** a caller's own request id is kept when it looks like one (a proxy's), else a new one is made */
const GOOD_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
/** requests slower than this are logged at info even when they succeed */
const SLOW_MS = 1000;

const SCRUBBERS: [RegExp, string][] = [
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[token]'],
  [/\b(Bearer)\s+\S+/gi, '$1 [redacted]'],
  [/("?(?:password|secret|token|signature|nonce)"?\s*[:=]\s*)("[^"]*"|'[^']*'|\S+)/gi, '$1[redacted]'],
  [/(?<!\d)\d{17}[\dXx](?!\d)/g, '[id-number]'],
  [/(?<!\d)1[3-9]\d{9}(?!\d)/g, '[phone]'],
];

/** Takes out of a free-text message whatever looks like a secret or personal data. */
/**
 * Codes that make a request's line worth an operator's attention (info): access refusals, limits, requests
 * that did not parse or validate, and faults. A refusal by a domain rule (BID_TOO_LOW, DEPOSIT_LATE …) is an
 * answer like any other and goes out at debug: in the last minute of timed bidding almost every placeBid is
 * one, and a line each would cost the race its CPU.
 */
const NOTEWORTHY_CODES: ReadonlySet<string> = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'INTERNAL_SERVER_ERROR',
  'SERVICE_UNAVAILABLE',
  'UNKNOWN',
]);

export function scrub(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SCRUBBERS) out = out.replace(pattern, replacement);
  return out;
}

export interface ServerLogging {
  logger: PinoLogger;
  /** the plain `log(message)` the domains and workers are given */
  log(message: string): void;
  /** Express middleware: request id in and out, one line per finished request */
  http(req: Request, res: Response, next: NextFunction): void;
  /** the same for a request answered outside Express (the POST /graphql fast path), given its path */
  track(req: IncomingMessage, res: ServerResponse, path: string): void;
  /** adds the request id to every GraphQL error and the operation to the request's line */
  apolloPlugin: ApolloServerPlugin;
}

/** LOG_FORMAT=text: the same lines for a person at a terminal, `time LEVEL message key=value …` */
function textLines(out: NodeJS.WritableStream): pino.DestinationStream {
  return {
    write(line: string) {
      try {
        const { time, level, msg, ...rest } = JSON.parse(line) as Record<string, unknown>;
        const fields = Object.entries(rest)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(' ');
        out.write(`${time} ${String(level).toUpperCase()} ${msg}${fields ? ` ${fields}` : ''}\n`);
      } catch {
        out.write(line);
      }
    },
  };
}

export function createLogger(
  options: { level?: string; format?: 'json' | 'text'; destination?: NodeJS.WritableStream } = {},
): PinoLogger {
  const out = options.destination ?? process.stdout;
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      messageKey: 'msg',
      timestamp: () => `,"time":"${toShanghaiIso(new Date())}"`,
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>,
          );
        },
      },
      // belt and braces for structured fields someone might add later
      redact: {
        paths: [
          'authorization',
          'password',
          'token',
          'variables',
          'headers',
          '*.authorization',
          '*.password',
        ],
        censor: '[redacted]',
      },
    },
    options.format === 'text' ? textLines(out) : (out as pino.DestinationStream),
  );
}

interface Pending {
  operation?: string;
  codes?: string[];
}
/** what the GraphQL layer learnt about a request, by request id, until its line is written */
const pending = new Map<string, Pending>();

export function createServerLogging(logger: PinoLogger): ServerLogging {
  const track: ServerLogging['track'] = (req, res, path) => {
    const given = req.headers[REQUEST_ID_HEADER];
    const requestId = typeof given === 'string' && GOOD_REQUEST_ID.test(given) ? given : randomUUID();
    // the GraphQL layer reads it from the request's headers, as it would a proxy's
    req.headers[REQUEST_ID_HEADER] = requestId;
    res.setHeader('X-Request-Id', requestId);
    const started = performance.now();
    res.once('close', () => {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      const learnt = pending.get(requestId) ?? {};
      pending.delete(requestId);
      const failed = res.statusCode >= 500 || (learnt.codes ?? []).some((c) => NOTEWORTHY_CODES.has(c));
      const level = res.statusCode >= 500 ? 'error' : failed || ms >= SLOW_MS ? 'info' : 'debug';
      logger[level](
        {
          reqId: requestId,
          method: req.method,
          path: path.startsWith('/live/') ? '/live' : path,
          status: res.statusCode,
          ms,
          operation: learnt.operation,
          errors: learnt.codes,
        },
        'request',
      );
    });
  };

  return {
    logger,
    track,
    log: (message) => logger.info(message),
    http(req, res, next) {
      track(req, res, req.path);
      next();
    },
    apolloPlugin: {
      // one listener for every request: it keeps no state of its own
      async requestDidStart() {
        return requestLine;
      },
    },
  };
}

/**
 * The GraphQL layer's part of a request's line: the request id on every error sent (mutated in place), the
 * operation and the codes. Apollo's requests through the plugin below; the direct query path calls it itself.
 */
export function noteGraphqlOutcome(
  requestId: string | null | undefined,
  operation: string | null | undefined,
  sent: readonly { extensions?: Record<string, unknown> }[] | undefined,
  requestErrors?: readonly { extensions?: Record<string, unknown> }[],
): void {
  if (!requestId) return;
  for (const error of sent ?? []) {
    (error as { extensions?: Record<string, unknown> }).extensions = { ...error.extensions, requestId };
  }
  const codes = (sent ?? requestErrors ?? []).map((e) => String(e.extensions?.code ?? 'UNKNOWN'));
  pending.set(requestId, { operation: operation ?? undefined, codes: codes.length ? codes : undefined });
}

const requestLine: GraphQLRequestListener<BaseContext> = {
  async willSendResponse({ request, response, operation, errors }) {
    const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
    noteGraphqlOutcome(
      request.http?.headers.get(REQUEST_ID_HEADER),
      operation?.name?.value ?? request.operationName,
      body?.errors,
      errors,
    );
  },
};

/**
 * The one place errors become responses: rule violations keep their ErrorCode and extensions; GraphQL's own
 * request errors keep their message; anything else is logged and answered with a bare internal error, so no
 * stack trace, SQL text or data outside the viewer's scope ever leaves the server.
 */
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError } from '../../common/errors';

const PASSED_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
]);
const CONNECTION_MESSAGES =
  /Connection terminated|Connection ended unexpectedly|Transaction query already complete|Timeout acquiring a connection|connection timeout|Client has encountered a connection error|Connection is closed|^timeout expired$/i; // the last: pg's connectionTimeoutMillis

/** A failure of the connection to the database rather than of the request: the client may simply retry. */
function unavailable(error: unknown): boolean {
  for (
    let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    if (typeof e.code === 'string' && (CONNECTION_CODES.has(e.code) || e.code.startsWith('08'))) return true;
    if (typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return true;
    e = e.cause as typeof e;
  }
  return false;
}

export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (message: string) => void = (m) => console.error(m),
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) {
    const { http: _http, stacktrace: _stack, ...extensions } = original.extensions as Record<string, unknown>;
    return { message: original.message, locations: formatted.locations, path: formatted.path, extensions };
  }
  const code = formatted.extensions?.code;
  if (
    typeof code === 'string' &&
    PASSED_THROUGH.has(code) &&
    (original instanceof GraphQLError || !(original instanceof Error))
  ) {
    return {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code },
    };
  }
  if (unavailable(original)) {
    return {
      message: 'the service is briefly unavailable (its database does not answer); try again shortly',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    };
  }
  log(
    `internal error${formatted.path ? ` at ${formatted.path.join('.')}` : ''}: ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`,
  );
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

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

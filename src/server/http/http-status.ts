/**
 * HTTP status codes per the GraphQL-over-HTTP spec, where Apollo's defaults differ:
 * - a client that accepts only the legacy `application/json` gets 200 for a well-formed request whose
 *   document fails to parse, validate or coerce its variables (the errors are in the body); clients of
 *   `application/graphql-response+json` keep Apollo's 400;
 * - a response that is nothing but RATE_LIMITED errors is 429 with Retry-After.
 * The media type is chosen exactly as Apollo chooses it (same negotiator, same candidates).
 */
import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import Negotiator from 'negotiator';
import { ErrorCode } from '../../common/errors';
import { Lru } from '../../common/lru';

const APPLICATION_JSON = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json; charset=utf-8';
const JSON_CALLBACK = 'application/json; callbackSpec=1.0; charset=utf-8';

/** the media type per Accept header: clients send a handful of them, each over and over */
const negotiated = new Lru<string, string | null>(64);

/**
 * The media type Apollo answers a single result with (its `chooseContentTypeForSingleResultResponse`):
 * `application/json` without an Accept header, else the client's preferred of the three, or null (Apollo's 406).
 */
export function singleResultMediaType(accept: string | null | undefined): string | null {
  if (!accept) return APPLICATION_JSON;
  let type = negotiated.get(accept);
  if (type === undefined) {
    type =
      new Negotiator({ headers: { accept } }).mediaType([
        APPLICATION_JSON,
        GRAPHQL_RESPONSE_JSON,
        JSON_CALLBACK,
      ]) ?? null;
    negotiated.set(accept, type);
  }
  return type;
}

/** true when the response will be legacy `application/json` (no Accept header counts as that). */
export const respondsWithLegacyJson = (accept: string | null | undefined): boolean =>
  singleResultMediaType(accept) === APPLICATION_JSON;

/** The media type Apollo answers with (application/json when the client accepts neither). */
export const responseMediaType = (accept: string | null | undefined): string =>
  respondsWithLegacyJson(accept) || !accept
    ? APPLICATION_JSON
    : new Negotiator({ headers: { accept } }).mediaType([APPLICATION_JSON, GRAPHQL_RESPONSE_JSON]) ===
        GRAPHQL_RESPONSE_JSON
      ? GRAPHQL_RESPONSE_JSON
      : APPLICATION_JSON;

/** The status of a GraphQL request error (a document that fails to parse, validate or pass the limits). */
export const requestErrorStatus = (accept: string | null | undefined): number =>
  respondsWithLegacyJson(accept) ? 200 : 400;

/** errors about the GraphQL document and its variables, as opposed to a malformed HTTP request (BAD_REQUEST) */
const DOCUMENT_ERRORS = new Set<string>([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.QUERY_TOO_COMPLEX,
]);

interface SentError {
  extensions?: Record<string, unknown>;
}

/**
 * The status a single result goes out with, given the one Apollo chose: 429 (with Retry-After, in seconds) for a
 * response that is nothing but RATE_LIMITED errors; 200 instead of 400 for document errors sent to a client
 * that accepts only the legacy `application/json`; else Apollo's.
 */
export function resultStatus(
  status: number | undefined,
  data: unknown,
  errors: readonly SentError[] | undefined,
  accept: string | null | undefined,
): { status: number | undefined; retryAfter?: string } {
  if (
    errors?.length &&
    (data === null || data === undefined) &&
    errors.every((e) => e.extensions?.code === ErrorCode.RATE_LIMITED)
  ) {
    const retry = Math.max(
      1,
      ...errors.map((e) => Number(e.extensions?.retryAfterSeconds ?? 1)).filter(Number.isFinite),
    );
    return { status: 429, retryAfter: String(retry) };
  }
  if (
    status === 400 &&
    errors?.every((e) => DOCUMENT_ERRORS.has(String(e.extensions?.code))) &&
    respondsWithLegacyJson(accept)
  ) {
    return { status: 200 };
  }
  return { status };
}

export function httpStatusPlugin(): ApolloServerPlugin {
  // one listener for every request: it keeps no state of its own
  const listener: GraphQLRequestListener<BaseContext> = {
    async willSendResponse({ request, response }) {
      if (response.body.kind !== 'single') return;
      const { data, errors } = response.body.singleResult;
      const { status, retryAfter } = resultStatus(
        response.http.status,
        data,
        errors,
        request.http?.headers.get('accept'),
      );
      response.http.status = status;
      if (retryAfter) response.http.headers.set('retry-after', retryAfter);
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}

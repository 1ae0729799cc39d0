/**
 * A request refused before GraphQL runs (cross-site, unknown trusted document, oversized batch, a document over
 * the limits, an unreadable body): its status and GraphQL-shaped body, decided by plain functions and written
 * the same way by the Express routes and by the POST /graphql fast path (graphql-post.ts).
 */
import type { ServerResponse } from 'node:http';

export interface Refusal {
  status: number;
  /** the JSON body */
  body: string;
  /** the media type, charset included */
  type: string;
}

const APPLICATION_JSON = 'application/json; charset=utf-8';

/** `{ errors: [{ message, extensions: { code, …extra } }] }` as application/json */
export function graphqlRefusal(
  status: number,
  message: string,
  code: string,
  extra: Record<string, unknown> = {},
): Refusal {
  return {
    status,
    body: JSON.stringify({ errors: [{ message, extensions: { code, ...extra } }] }),
    type: APPLICATION_JSON,
  };
}

export function sendRefusal(res: ServerResponse, refusal: Refusal): void {
  res.statusCode = refusal.status;
  res.setHeader('content-type', refusal.type);
  res.setHeader('content-length', Buffer.byteLength(refusal.body));
  res.end(refusal.body);
}

/** The message for a body that cannot be read (body-parser's error types), as a 4xx GraphQL error. */
export function unreadableBody(status: number, type: string | undefined): Refusal {
  const message =
    type === 'entity.too.large'
      ? 'the request body is too large'
      : type === 'entity.parse.failed'
        ? 'the request body is not valid JSON'
        : type === 'charset.unsupported' || type === 'encoding.unsupported'
          ? 'the request body must be UTF-8 JSON'
          : 'the request could not be read';
  return graphqlRefusal(status, message, 'BAD_REQUEST');
}

/** Batched requests with more operations than allowed (Apollo refuses all batches when none are allowed). */
export function oversizedBatch(maxBatchSize: number, body: unknown): Refusal | undefined {
  return maxBatchSize > 0 && Array.isArray(body) && body.length > maxBatchSize
    ? graphqlRefusal(400, `a batch may hold at most ${maxBatchSize} operations`, 'BAD_REQUEST')
    : undefined;
}

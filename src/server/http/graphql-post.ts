/**
 * POST /graphql with a JSON body, answered without Express: the request every client sends, and the one
 * whose Express routing, body parser and integration cost ~7 % of a read's CPU. Every other request (GET,
 * other paths, other content types or encodings, bodies without a Content-Length or over the limit, and all
 * requests while tracing is on) goes to Express unchanged.
 *
 * The steps are the ones Express runs for that request, in the same order and through the same functions:
 * metrics and the request log (request id in and out), the cross-site check, the body read as body-parser reads
 * it (strict JSON: an object or an array; an empty body is `{}`), trusted documents, the batch size, the
 * document shape limits, then a query the direct path takes (direct-query.ts) or else Apollo Server (whose
 * plugins do the rest: revocation, complexity, audit, statuses). Refusals are the same bodies and statuses
 * (refusal.ts). The response is Apollo's, written as the Express integration writes it, less Express's ETag (a
 * POST response is never revalidated).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Context } from '../../common/request/context';
import { crossSiteRefusal } from './csrf';
import type { DirectAnswer } from './direct-query';
import { graphqlRefusal, sendRefusal, unreadableBody, type Refusal } from './refusal';

export const GRAPHQL_PATH = '/graphql';

export interface GraphqlPostOptions {
  apollo: ApolloServer<Context>;
  maxBodyBytes: number;
  /** what Express's app-wide middlewares do for every request (metrics, the request log) */
  track: ((req: IncomingMessage, res: ServerResponse, path: string) => void)[];
  /** the checks run on the parsed body before Apollo, in order (trusted documents, batch size, shape limits) */
  checks: ((req: IncomingMessage, body: unknown) => { body: unknown } | Refusal | undefined)[];
  /** the request's context (a bad token throws, as Express's route does) */
  context(req: IncomingMessage): Context;
  /** answers the requests it takes without Apollo (direct-query.ts); undefined: Apollo answers */
  direct?(req: IncomingMessage, body: unknown, context: () => Context): Promise<DirectAnswer | undefined>;
}

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
/** JSON's whitespace (space, tab, line feed, carriage return), then the first character */
const FIRST_CHAR = /^[ \t\n\r]*(.)/s;

/** true when this request is the fast path's (checked on the head alone, before any byte is read) */
export function takesFastPath(req: IncomingMessage, maxBodyBytes: number): boolean {
  if (req.method !== 'POST' || req.url !== GRAPHQL_PATH) return false;
  const type = req.headers['content-type'];
  if (!type || !JSON_TYPE.test(type)) return false;
  const encoding = req.headers['content-encoding'];
  if (encoding && encoding.toLowerCase() !== 'identity') return false;
  const length = req.headers['content-length'];
  return length !== undefined && Number(length) <= maxBodyBytes;
}

/** The JSON body as body-parser's strict json() gives it, or undefined when it does not parse. */
export function parseJsonBody(raw: string): { value: unknown } | undefined {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (text.length === 0) return { value: {} };
  const first = FIRST_CHAR.exec(text)?.[1];
  if (first !== '{' && first !== '[') return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () =>
      resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')),
    );
    req.once('error', reject);
  });
}

/** A whole response: its status, headers and body, with the body's length. */
function sendComplete(
  res: ServerResponse,
  status: number,
  headers: Iterable<[string, string]>,
  body: string,
): void {
  res.statusCode = status;
  for (const [key, value] of headers) res.setHeader(key, value);
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}

/** The handler: answers the request and returns true, or returns false for Express to take it. */
export function graphqlPostFastPath(options: GraphqlPostOptions) {
  const { apollo, maxBodyBytes } = options;
  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const track of options.track) track(req, res, GRAPHQL_PATH);
    const crossSite = crossSiteRefusal(req.method!, req.headers);
    if (crossSite) return sendRefusal(res, crossSite);
    let raw: string;
    try {
      raw = await readBody(req);
    } catch {
      return sendRefusal(res, unreadableBody(400, 'request.aborted'));
    }
    const parsed = parseJsonBody(raw);
    if (!parsed) return sendRefusal(res, unreadableBody(400, 'entity.parse.failed'));
    let body = parsed.value;
    for (const check of options.checks) {
      const outcome = check(req, body);
      if (!outcome) continue;
      if ('status' in outcome) return sendRefusal(res, outcome);
      body = outcome.body;
    }
    const direct = await options.direct?.(req, body, () => options.context(req));
    if (direct) return sendComplete(res, direct.status, direct.headers, direct.body);
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: '', body },
      context: async () => options.context(req),
    });
    if (response.body.kind === 'complete')
      return sendComplete(res, response.status ?? 200, response.headers, response.body.string);
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (!takesFastPath(req, maxBodyBytes)) return false;
    answer(req, res).catch(() => {
      if (res.headersSent) res.destroy();
      else sendRefusal(res, graphqlRefusal(500, 'internal error', 'INTERNAL_SERVER_ERROR'));
    });
    return true;
  };
}

/**
 * CSRF prevention with a refusal that says what to send. Apollo Server's own check (csrfPrevention) stays on;
 * this runs first with the same rule and a message a front-end team can act on: a request that a browser
 * could send cross-site without a CORS preflight (any GET, or a POST whose content-type is missing or one of
 * the three "simple" ones) must carry a header that forces a preflight. urql sends queries as GET by
 * default: give it `preferGetMethod: false`, or `fetchOptions: { headers: { 'apollo-require-preflight':
 * 'true' } }`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { graphqlRefusal, sendRefusal, type Refusal } from './refusal';

/** the header to send with GET queries (any non-empty value) */
export const PREFLIGHT_HEADER = 'apollo-require-preflight';
const PREFLIGHT_HEADERS = [PREFLIGHT_HEADER, 'x-apollo-operation-name'];
const SIMPLE_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

export const CSRF_REFUSAL =
  `this request could come from another site (a GET, or a POST without a JSON content-type): ` +
  `send the header "${PREFLIGHT_HEADER}: true" (or "x-apollo-operation-name"), or POST with ` +
  `"content-type: application/json". urql: preferGetMethod: false, or fetchOptions: { headers: ` +
  `{ "${PREFLIGHT_HEADER}": "true" } }`;

function needsPreflightHeader(method: string, headers: IncomingHttpHeaders): boolean {
  if (method !== 'GET' && method !== 'POST') return false;
  const type = headers['content-type']?.split(';')[0].trim().toLowerCase();
  if (method === 'POST' && type && !SIMPLE_TYPES.has(type)) return false;
  return !PREFLIGHT_HEADERS.some((h) => (headers[h] ?? '') !== '');
}

/** The refusal of a request a browser could send cross-site without a preflight, or undefined. */
export function crossSiteRefusal(method: string, headers: IncomingHttpHeaders): Refusal | undefined {
  return needsPreflightHeader(method, headers)
    ? graphqlRefusal(400, CSRF_REFUSAL, 'BAD_REQUEST', { requiredHeader: PREFLIGHT_HEADER })
    : undefined;
}

export function refuseCrossSiteRequests() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const refused = crossSiteRefusal(req.method, req.headers);
    if (refused) sendRefusal(res, refused);
    else next();
  };
}

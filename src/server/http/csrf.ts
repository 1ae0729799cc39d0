/**
 * CSRF prevention with a refusal that says what to send. Apollo Server's own check (csrfPrevention) stays on;
 * this runs first with the same rule and a message a front-end team can act on: a request that a browser
 * could send cross-site without a CORS preflight (any GET, or a POST whose content-type is missing or one of
 * the three "simple" ones) must carry a header that forces a preflight. urql sends queries as GET by
 * default: give it `preferGetMethod: false`, or `fetchOptions: { headers: { 'apollo-require-preflight':
 * 'true' } }`.
 */
import type { NextFunction, Request, Response } from 'express';

/** the header to send with GET queries (any non-empty value) */
export const PREFLIGHT_HEADER = 'apollo-require-preflight';
const PREFLIGHT_HEADERS = [PREFLIGHT_HEADER, 'x-apollo-operation-name'];
const SIMPLE_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

export const CSRF_REFUSAL =
  `this request could come from another site (a GET, or a POST without a JSON content-type): ` +
  `send the header "${PREFLIGHT_HEADER}: true" (or "x-apollo-operation-name"), or POST with ` +
  `"content-type: application/json". urql: preferGetMethod: false, or fetchOptions: { headers: ` +
  `{ "${PREFLIGHT_HEADER}": "true" } }`;

function needsPreflightHeader(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'POST') return false;
  const type = req.headers['content-type']?.split(';')[0].trim().toLowerCase();
  if (req.method === 'POST' && type && !SIMPLE_TYPES.has(type)) return false;
  return !PREFLIGHT_HEADERS.some((h) => (req.headers[h] ?? '') !== '');
}

export function refuseCrossSiteRequests() {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!needsPreflightHeader(req)) {
      next();
      return;
    }
    res.status(400).json({
      errors: [
        {
          message: CSRF_REFUSAL,
          extensions: { code: 'BAD_REQUEST', requiredHeader: PREFLIGHT_HEADER },
        },
      ],
    });
  };
}

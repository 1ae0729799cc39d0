/**
 * Trusted documents (persisted operations): the SDK's operations are published as a manifest
 * (packages/client/persisted-operations.json, @apollo/generate-persisted-query-manifest's format: id =
 * SHA-256 of the body). With TRUSTED_DOCUMENTS=accept or enforce a client may send an id instead of the text
 * — `extensions.persistedQuery.sha256Hash` (Apollo's persisted-queries link, urql's persistedExchange) or
 * `documentId: "sha256:<id>"` — over HTTP (POST or GET) and WebSocket. With enforce, anonymous viewers and
 * bidders run only those documents (and the live page's own); other roles (analysts, the trading centre …)
 * keep ad-hoc queries.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { NextFunction, Request, Response } from 'express';
import { graphqlRefusal, sendRefusal, type Refusal } from './refusal';
import { GraphQLError } from 'graphql';
import type { Clock } from '../../common/clock';
import { DomainError, ErrorCode } from '../../common/errors';
import { Role, type Viewer } from '../../common/viewer';
import type { TrustedDocumentsConfig } from '../../config';
import { viewerFromAuthorization } from '../../auth/token';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export const PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND';
export const TRUSTED_ONLY_MESSAGE =
  'this server runs only trusted documents for anonymous viewers and bidders: send the id of one of ' +
  "@land-party/client's operations (persisted-operations.json) instead of a document";

export interface TrustedDocuments {
  readonly mode: TrustedDocumentsConfig['mode'];
  /** the body of a trusted document, by id */
  body(id: string): string | undefined;
  /** whether the viewer may run this document text (enforce: trusted ones only, for the restricted) */
  allows(viewer: Viewer, query: string): boolean;
}

interface Manifest {
  format: string;
  version: number;
  operations: { id: string; body: string }[];
}

/** anonymous viewers and bidders: the public and the bidders' own front ends */
const restricted = (viewer: Viewer) => viewer.roles.every((role) => role === Role.BIDDER);

export function loadTrustedDocuments(
  config: TrustedDocumentsConfig,
  ownDocuments: readonly string[] = [],
): TrustedDocuments {
  const bodies = new Map<string, string>();
  if (config.mode !== 'off') {
    let manifest: Manifest;
    try {
      manifest = JSON.parse(readFileSync(config.manifestFile, 'utf8')) as Manifest;
    } catch (error) {
      throw new Error(
        `TRUSTED_DOCUMENTS=${config.mode} needs the manifest ${config.manifestFile}: ${(error as Error).message}`,
      );
    }
    if (manifest.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1) {
      throw new Error(`${config.manifestFile} is not an apollo-persisted-query-manifest, version 1`);
    }
    for (const op of manifest.operations) {
      if (sha256(op.body) !== op.id)
        throw new Error(`${config.manifestFile}: ${op.id} is not the hash of its body`);
      bodies.set(op.id, op.body);
    }
  }
  const trustedText = new Set([...bodies.values(), ...ownDocuments]);
  return {
    mode: config.mode,
    body: (id) => bodies.get(id),
    allows: (viewer, query) => config.mode !== 'enforce' || !restricted(viewer) || trustedText.has(query),
  };
}

export type Params = { query?: unknown; documentId?: unknown; extensions?: unknown };

/** the persisted id a request names, if any (documentId "sha256:<hex>" or extensions.persistedQuery) */
function persistedId(params: Params): string | undefined {
  if (typeof params.documentId === 'string') return params.documentId.replace(/^sha256:/, '');
  const extensions = params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined;
  const hash = extensions?.persistedQuery?.sha256Hash;
  return typeof hash === 'string' ? hash : undefined;
}

function withoutPersisted(params: Params, body: string): Params {
  const { persistedQuery: _dropped, ...extensions } = (params.extensions ?? {}) as Record<string, unknown>;
  const { documentId: _id, extensions: _all, ...rest } = params;
  return Object.keys(extensions).length ? { ...rest, query: body, extensions } : { ...rest, query: body };
}

/**
 * One request's parameters through the trusted documents: `{ params }` to run (an id replaced by its
 * document), or the refusal. `undefined` params (a GET's extensions that do not parse) pass unchanged.
 */
export function trustedParams(
  trusted: TrustedDocuments,
  params: Params,
  authorization: string | undefined,
  jwtSecret: string,
  clock: Clock,
): { params: Params; replaced: boolean } | Refusal {
  const id = persistedId(params);
  if (id !== undefined) {
    const body = trusted.body(id);
    if (!body) return graphqlRefusal(400, 'PersistedQueryNotFound', PERSISTED_QUERY_NOT_FOUND);
    return { params: withoutPersisted(params, body), replaced: true };
  }
  if (trusted.mode !== 'enforce' || typeof params.query !== 'string') return { params, replaced: false };
  let viewer: Viewer;
  try {
    viewer = viewerFromAuthorization(authorization, jwtSecret, clock.now());
  } catch {
    return { params, replaced: false }; // a bad token: Apollo's context refuses it with 401
  }
  if (!trusted.allows(viewer, params.query))
    return graphqlRefusal(403, TRUSTED_ONLY_MESSAGE, ErrorCode.FORBIDDEN);
  return { params, replaced: false };
}

/** A POST body through the trusted documents (see trustedParams); bodies that are not one object pass. */
export function trustedPostBody(
  trusted: TrustedDocuments,
  body: unknown,
  authorization: string | undefined,
  jwtSecret: string,
  clock: Clock,
): { body: unknown } | Refusal {
  if (trusted.mode === 'off' || !body || typeof body !== 'object' || Array.isArray(body)) return { body };
  const outcome = trustedParams(trusted, body as Params, authorization, jwtSecret, clock);
  return 'status' in outcome ? outcome : { body: outcome.params };
}

/** HTTP: ids become their documents; with enforce, other documents are refused for the restricted. */
export function trustedDocumentsMiddleware(trusted: TrustedDocuments, jwtSecret: string, clock: Clock) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (trusted.mode === 'off') return next();
    if (req.method !== 'GET') {
      const outcome = trustedPostBody(trusted, req.body, req.headers.authorization, jwtSecret, clock);
      if ('status' in outcome) return sendRefusal(res, outcome);
      req.body = outcome.body;
      return next();
    }
    const url = new URL(req.url, 'http://server');
    let extensions: unknown;
    try {
      extensions = url.searchParams.has('extensions')
        ? JSON.parse(url.searchParams.get('extensions')!)
        : undefined;
    } catch {
      return next(); // Apollo says what is wrong with it
    }
    const params: Params = {
      query: url.searchParams.get('query') ?? undefined,
      documentId: url.searchParams.get('documentId') ?? undefined,
      extensions,
    };
    const outcome = trustedParams(trusted, params, req.headers.authorization, jwtSecret, clock);
    if ('status' in outcome) return sendRefusal(res, outcome);
    if (outcome.replaced) {
      const replaced = outcome.params;
      url.searchParams.delete('documentId');
      url.searchParams.set('query', replaced.query as string);
      if (replaced.extensions) url.searchParams.set('extensions', JSON.stringify(replaced.extensions));
      else url.searchParams.delete('extensions');
      req.url = `${url.pathname}${url.search}`;
    }
    next();
  };
}

/** WebSocket: the document text of a subscribe payload, or the error to answer with. */
export function trustedSubscribeQuery(
  trusted: TrustedDocuments,
  payload: Params & { query: string },
  viewer: Viewer,
): string | GraphQLError {
  const id = trusted.mode === 'off' ? undefined : persistedId(payload);
  if (id !== undefined) {
    const body = trusted.body(id);
    return (
      body ?? new GraphQLError('PersistedQueryNotFound', { extensions: { code: PERSISTED_QUERY_NOT_FOUND } })
    );
  }
  if (!trusted.allows(viewer, payload.query)) {
    return new DomainError(ErrorCode.FORBIDDEN, TRUSTED_ONLY_MESSAGE);
  }
  return payload.query;
}

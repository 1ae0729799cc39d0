/**
 * A query answered without Apollo Server's request pipeline: the request most clients send most often (one
 * query, a document seen before, variables that coerce), whose pipeline — the hooks of ten plugins awaited in
 * turn, header maps, the request context Apollo builds — cost as much CPU as the reads themselves
 * (bench/queries: 15–30 % of a small read's server CPU). Every step that pipeline takes for such a request is
 * taken here, through the same functions: the document parsed (with the token limit) and validated (with the
 * introspection rule) once per text and kept, the operation chosen by name, the complexity limit
 * (`complexityChecker`), the revoked-bidder check, the read-only flag, the compiled execution (`executor.ts`),
 * errors normalised as Apollo normalises them and passed through the same `formatError`, the statuses of
 * http-status.ts, `cache-control: no-store`, the metrics and the request log.
 *
 * Anything else goes to Apollo, which answers it as always: a batch, a body with `extensions` or of another
 * shape, a document that does not parse or validate, a mutation or subscription, an operation that cannot be
 * chosen, one over the complexity limit, an Accept header that takes no JSON, a context that throws (a bad
 * token), a revoked bidder, variables that do not coerce, a document jit does not compile. Refusals are
 * Apollo's, so they are worded and logged once, there.
 */
import type { IncomingMessage } from 'node:http';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  getOperationAST,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import { Lru } from '../../common/lru';
import type { Context } from '../../common/request/context';
import type { QueryLimits } from '../../config';
import type { CompiledExecutor } from './executor';
import { resultStatus, singleResultMediaType } from './http-status';
import { complexityChecker } from './limits';

/** documents kept, by their text */
export const DIRECT_DOCUMENTS = 1000;

export interface DirectQueryOptions {
  schema: GraphQLSchema;
  limits: QueryLimits;
  /** the validation rules Apollo and the WebSocket endpoint use (graphql's, and no introspection when it is off) */
  validationRules: readonly ValidationRule[];
  executor: CompiledExecutor;
  /** Apollo Server's `formatError` */
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
  /** true when the viewer is a bidder whose certificate was revoked (without logging: Apollo refuses and logs) */
  revoked(context: Context): Promise<boolean>;
  /** what the metrics and request-log plugins do once the answer is known */
  answered: ((outcome: DirectOutcome) => void)[];
}

export interface DirectOutcome {
  req: IncomingMessage;
  operation: OperationDefinitionNode;
  operationName: string | null;
  /** the errors as sent (formatted); a listener may add to their extensions, as Apollo's plugins may */
  errors: GraphQLFormattedError[] | undefined;
  seconds: number;
}

export interface DirectAnswer {
  status: number;
  headers: [string, string][];
  body: string;
}

export interface DirectQueryStats {
  answered: number;
  /** requests handed to Apollo */
  passed: number;
  documents: number;
}

interface KnownDocument {
  document: DocumentNode;
  /** Apollo's query hash (sha-256 of the text, hex): the compiled executor and the complexity check key on it */
  queryHash: string;
}

interface QueryRequest {
  query: string;
  operationName: string | null;
  variables: Record<string, unknown> | undefined;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{ query, operationName?, variables? }` with the types Apollo expects, or undefined */
function queryRequest(body: unknown): QueryRequest | undefined {
  if (!isPlainObject(body) || typeof body.query !== 'string') return undefined;
  for (const key in body)
    if (key !== 'query' && key !== 'operationName' && key !== 'variables') return undefined;
  const { operationName, variables } = body;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
    return undefined;
  if (variables !== undefined && variables !== null && !isPlainObject(variables)) return undefined;
  return { query: body.query, operationName: operationName ?? null, variables: variables ?? undefined };
}

interface HttpHead {
  status?: number;
  headers: Map<string, string>;
}

/** An execution error as Apollo sends it before `formatError` (code defaulted, `extensions.http` taken out). */
function normalised(error: GraphQLError, head: HttpHead): GraphQLFormattedError {
  const extensions: Record<string, unknown> = {
    ...error.extensions,
    code: error.extensions.code ?? 'INTERNAL_SERVER_ERROR',
  };
  const http = extensions.http as { status?: unknown; headers?: unknown } | undefined;
  if (
    http &&
    typeof http === 'object' &&
    (!('status' in http) || typeof http.status === 'number') &&
    (!('headers' in http) || http.headers instanceof Map)
  ) {
    if (typeof http.status === 'number') head.status = http.status;
    if (http.headers instanceof Map) for (const [k, v] of http.headers) head.headers.set(k, String(v));
    delete extensions.http;
  }
  return { ...error.toJSON(), extensions };
}

export function directQueries(options: DirectQueryOptions) {
  const { schema, limits, executor } = options;
  const rules = options.validationRules;
  const complexity = complexityChecker(limits);
  const documents = new Lru<string, KnownDocument | 'apollo'>(DIRECT_DOCUMENTS);
  const figures = { answered: 0, passed: 0 };

  /** the text's document when it parses and validates (kept either way), else undefined */
  const documentFor = (query: string): KnownDocument | undefined => {
    let known = documents.get(query);
    if (known === undefined) {
      try {
        const document = parse(query, { maxTokens: limits.maxTokens });
        known = validate(schema, document, rules).length
          ? 'apollo'
          : { document, queryHash: createHash('sha256').update(query).digest('hex') };
      } catch {
        known = 'apollo';
      }
      documents.set(query, known);
    }
    return known === 'apollo' ? undefined : known;
  };

  const formatErrors = (errors: readonly GraphQLError[], head: HttpHead): GraphQLFormattedError[] =>
    errors.map((error) => {
      try {
        return options.formatError(normalised(error, head), error);
      } catch {
        return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
      }
    });

  const answer = async (
    req: IncomingMessage,
    body: unknown,
    context: () => Context,
  ): Promise<DirectAnswer | undefined> => {
    const started = performance.now();
    const request = queryRequest(body);
    if (!request) return undefined;
    const contentType = singleResultMediaType(req.headers.accept);
    if (!contentType) return undefined;
    const known = documentFor(request.query);
    if (!known) return undefined;
    const operation = getOperationAST(known.document, request.operationName);
    if (!operation || operation.operation !== 'query') return undefined;
    const { document, queryHash } = known;
    if (complexity(schema, document, queryHash, request.operationName, request.variables)) return undefined;
    let ctx: Context;
    try {
      ctx = context();
    } catch {
      return undefined;
    }
    if (ctx.viewer.bidderId && (await options.revoked(ctx))) return undefined;
    ctx.readOnly = true; // one query, not batched: it cannot write (read-only.ts)
    const result = await executor.run({
      document,
      queryHash,
      operationName: request.operationName,
      variables: request.variables,
      context: ctx,
    });
    if (!result) return undefined;

    const head: HttpHead = { headers: new Map() };
    const errors = result.errors?.length ? formatErrors(result.errors, head) : undefined;
    const outcome: DirectOutcome = {
      req,
      operation,
      operationName: request.operationName,
      errors,
      seconds: (performance.now() - started) / 1000,
    };
    for (const listener of options.answered) listener(outcome);
    const { status, retryAfter } = resultStatus(head.status, result.data, errors, req.headers.accept);
    const headers: [string, string][] = [...head.headers];
    headers.push(['cache-control', 'no-store'], ['content-type', contentType]);
    if (retryAfter) headers.push(['retry-after', retryAfter]);
    return {
      status: status ?? 200,
      headers,
      body: `${JSON.stringify({ errors, data: result.data })}\n`,
    };
  };

  return {
    /** the answer to a request this path takes, or undefined for Apollo to answer it */
    async answer(req: IncomingMessage, body: unknown, context: () => Context) {
      const answered = await answer(req, body, context);
      if (answered) figures.answered++;
      else figures.passed++;
      return answered;
    },
    stats: (): DirectQueryStats => ({ ...figures, documents: documents.size }),
  };
}

export type DirectQueries = ReturnType<typeof directQueries>;

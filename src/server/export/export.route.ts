/**
 * POST /export.csv (JSON body) and GET /export.csv (query string): { query, variables, operationName, path } →
 * the CSV of exportCsv as a download. The request runs as the GraphQL query exportCsv through the same Apollo
 * server (limits, rate limits, error formatting) with the same context factory as /graphql, so the file holds
 * exactly the `csv` field. The file starts with a UTF-8 byte order mark: Excel reads UTF-8 CSV without one in the
 * local ANSI code page (GBK on Chinese Windows), which garbles Chinese. Errors are the GraphQL errors as JSON,
 * with a matching HTTP status.
 */
import type { ApolloServer } from '@apollo/server';
import express, { type Express, type Request, type Response } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode } from '../../common/errors';
import type { Context } from '../../common/request/context';
import { formatError } from '../http/errors';
import { EXPORT_FIELD } from './export.service';

const DOWNLOAD = `query ExportCsvDownload($query: String!, $variables: JSONObject, $operationName: String, $path: String) {
  ${EXPORT_FIELD}(query: $query, variables: $variables, operationName: $operationName, path: $path) { filename csv }
}`;

const BOM = '\uFEFF';

const STATUS: Record<string, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.RATE_LIMITED]: 429,
  INTERNAL_SERVER_ERROR: 500,
};

function sendErrors(res: Response, errors: readonly GraphQLFormattedError[]): void {
  const code = String(errors[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  const status = STATUS[code] ?? 400;
  if (status === 429) res.set('retry-after', String(errors[0].extensions?.retryAfterSeconds ?? 1));
  res.status(status).set('cache-control', 'no-store').json({ errors });
}

const badRequest = (message: string): GraphQLFormattedError => ({
  message,
  extensions: { code: 'BAD_REQUEST' },
});

/** The export request of a JSON body or a query string (whose variables are a JSON text). */
function exportVariables(req: Request): Record<string, unknown> | GraphQLFormattedError {
  const source = (req.method === 'GET' ? req.query : req.body) as Record<string, unknown> | undefined;
  if (!source || typeof source !== 'object') return badRequest('send { query, variables, path } as JSON');
  const { query, operationName, path } = source;
  let variables = source.variables;
  if (typeof query !== 'string' || query === '') return badRequest('query must be a GraphQL document');
  for (const [name, value] of Object.entries({ operationName, path }))
    if (value !== undefined && value !== null && typeof value !== 'string')
      return badRequest(`${name} must be a string`);
  if (typeof variables === 'string' && req.method === 'GET') {
    try {
      variables = variables === '' ? undefined : JSON.parse(variables);
    } catch {
      return badRequest('variables must be a JSON object');
    }
  }
  if (
    variables !== undefined &&
    variables !== null &&
    (typeof variables !== 'object' || Array.isArray(variables))
  )
    return badRequest('variables must be a JSON object');
  return { query, variables: variables ?? null, operationName: operationName ?? null, path: path ?? null };
}

export function mountCsvExport(
  app: Express,
  options: {
    apollo: ApolloServer<Context>;
    /** the /graphql context factory; throws UNAUTHENTICATED (HTTP 401) for a bad token */
    context: (req: Request) => Context;
    maxBodyBytes: number;
    log: (message: string) => void;
  },
): void {
  const download = async (req: Request, res: Response) => {
    const variables = exportVariables(req);
    if ('message' in variables) return sendErrors(res, [variables as GraphQLFormattedError]);
    let contextValue: Context;
    try {
      contextValue = options.context(req);
    } catch (error) {
      const refused =
        error instanceof DomainError ? error : new DomainError(ErrorCode.UNAUTHENTICATED, 'bad token');
      return sendErrors(res, [formatError(refused.toJSON(), refused, options.log)]);
    }
    const response = await options.apollo.executeOperation({ query: DOWNLOAD, variables }, { contextValue });
    if (response.body.kind !== 'single')
      return sendErrors(res, [badRequest('unexpected incremental result')]);
    const { data, errors } = response.body.singleResult;
    if (errors?.length) return sendErrors(res, errors);
    const file = (data as Record<string, { filename: string; csv: string }>)[EXPORT_FIELD];
    res
      .status(200)
      .set({
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${file.filename}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      })
      .send(BOM + file.csv);
  };
  app.get('/export.csv', download);
  app.post('/export.csv', express.json({ limit: options.maxBodyBytes }), download);
}

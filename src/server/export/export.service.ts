/**
 * exportCsv: runs a client's query operation against the same schema with the same context — the same viewer,
 * so every scope and role rule holds as if the client had asked for it directly — and turns one list of the
 * result into CSV. Limits, validation and errors are those of /graphql: an export of what the viewer may not
 * read fails with the code the query itself would get.
 */
import {
  execute,
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  visit,
  BREAK,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { badInput, DomainError, ErrorCode } from '../../common/errors';
import { shanghaiDate } from '../../common/time';
import type { Context } from '../../common/request/context';
import { checkComplexity, checkDocumentShape } from '../http/limits';
import { toCsv } from './csv';

/** At most this many rows per export (connections give one page: first ≤ 100, then `after: endCursor`). */
export const MAX_EXPORT_ROWS = 10_000;
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
export const EXPORT_FIELD = 'exportCsv';

export interface ExportRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  path?: string | null;
}

export interface CsvExportResult {
  filename: string;
  contentType: string;
  rowCount: number;
  columns: string[];
  csv: string;
  hasNextPage: boolean | null;
  endCursor: string | null;
}

type Found = { path: string[]; value: unknown };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** a Relay connection: its rows are edges[].node */
const isConnection = (v: unknown): v is { edges: unknown[]; pageInfo?: Record<string, unknown> } =>
  isObject(v) && Array.isArray(v.edges);

/** The outermost lists and connections of a result, in selection order. */
function listsIn(value: unknown, path: string[] = []): Found[] {
  if (Array.isArray(value) || isConnection(value)) return [{ path, value }];
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, v]) => listsIn(v, [...path, key]));
}

function listAt(data: Record<string, unknown>, path: string | null | undefined): Found {
  if (path === null || path === undefined || path.trim() === '') {
    const found = listsIn(data);
    if (found.length === 1) return found[0];
    if (found.length === 0) throw badInput('the result holds no list to export');
    throw badInput(
      `the result holds several lists; name one with path: ${found.map((f) => f.path.join('.')).join(', ')}`,
    );
  }
  const segments = path.trim().split('.');
  let value: unknown = data;
  for (const key of segments) {
    if (Array.isArray(value) && /^\d+$/.test(key)) value = value[Number(key)];
    else if (isObject(value) && key in value) value = value[key];
    else
      throw badInput(
        `path ${path} is not in the result (the response keys, aliases included, joined by dots)`,
      );
  }
  if (value !== null && !Array.isArray(value) && !isConnection(value))
    throw badInput(`path ${path} is not a list or a connection`);
  return { path: segments, value };
}

function rowsOf(found: Found): { rows: unknown[]; hasNextPage: boolean | null; endCursor: string | null } {
  const { value } = found;
  if (value === null || value === undefined) return { rows: [], hasNextPage: null, endCursor: null };
  if (Array.isArray(value)) return { rows: value, hasNextPage: null, endCursor: null };
  const connection = value as { edges: unknown[]; pageInfo?: Record<string, unknown> };
  const rows = connection.edges.map((e) => (isObject(e) && 'node' in e ? e.node : e));
  const info = connection.pageInfo;
  return {
    rows,
    hasNextPage: typeof info?.hasNextPage === 'boolean' ? info.hasNextPage : null,
    endCursor: typeof info?.endCursor === 'string' ? info.endCursor : null,
  };
}

/** The operation to run: a query (mutations and subscriptions are refused), with no export inside it. */
function queryOperation(
  document: DocumentNode,
  operationName: string | null | undefined,
): OperationDefinitionNode {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation)
    throw badInput(
      operationName
        ? `the document has no operation named ${operationName}`
        : 'the document must hold exactly one operation, or name one with operationName',
    );
  if (operation.operation !== 'query')
    throw badInput(`only a query can be exported, not a ${operation.operation}`);
  let nested = false;
  visit(document, {
    Field(node) {
      if (node.name.value !== EXPORT_FIELD) return undefined;
      nested = true;
      return BREAK;
    },
  });
  if (nested) throw badInput(`an export cannot contain ${EXPORT_FIELD}`);
  return operation;
}

/** The error the export answers with: rule violations keep their code; anything else stays internal. */
function exportError(error: GraphQLError): Error {
  const original = error.originalError;
  if (original instanceof DomainError) return original;
  if (original) return original; // the formatter logs it and answers INTERNAL_SERVER_ERROR
  // a request error (variables that do not coerce): about the client's input
  return badInput(error.message);
}

const safeName = (name: string) => name.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 80) || 'export';

/** operations that have started an export: each export may cost as much as a whole operation */
const exporting = new WeakSet<Context>();

export async function exportCsv(
  ctx: Context,
  schema: GraphQLSchema,
  request: ExportRequest,
): Promise<CsvExportResult> {
  if (exporting.has(ctx))
    throw new DomainError(ErrorCode.QUERY_TOO_COMPLEX, `an operation may hold one ${EXPORT_FIELD}`, {
      limit: 'exports',
      maximum: 1,
    });
  exporting.add(ctx);
  const limits = ctx.config.limits;
  let document: DocumentNode;
  try {
    document = parse(request.query, { maxTokens: limits.maxTokens });
  } catch (error) {
    throw badInput(
      `the query does not parse: ${error instanceof GraphQLError ? error.message : 'syntax error'}`,
    );
  }
  const shape = checkDocumentShape(document, limits);
  if (shape) throw shape;
  const rules = ctx.config.introspection
    ? specifiedRules
    : [...specifiedRules, NoSchemaIntrospectionCustomRule];
  const invalid = validate(schema, document, rules, { maxErrors: 10 });
  if (invalid.length) throw badInput(`the query is not valid: ${invalid[0].message}`);
  const operation = queryOperation(document, request.operationName);
  const variables = request.variables ?? {};
  const complex = checkComplexity(schema, document, operation.name?.value, variables, limits);
  if (complex) throw complex;

  const result = await execute({
    schema,
    document,
    operationName: operation.name?.value,
    variableValues: variables,
    contextValue: ctx,
  });
  // never a partial export: the first error is the export's
  if (result.errors?.length) throw exportError(result.errors[0]);
  const found = listAt((result.data ?? {}) as Record<string, unknown>, request.path);
  const { rows, hasNextPage, endCursor } = rowsOf(found);
  if (rows.length > MAX_EXPORT_ROWS)
    throw badInput(`the list has ${rows.length} rows; an export holds at most ${MAX_EXPORT_ROWS}`, {
      maximum: MAX_EXPORT_ROWS,
    });
  const { columns, csv } = toCsv(rows);
  const name = found.path.filter((p) => !/^\d+$/.test(p)).join('.') || operation.name?.value || 'export';
  return {
    filename: `${safeName(name)}-${shanghaiDate(ctx.clock.now())}.csv`,
    contentType: CSV_CONTENT_TYPE,
    rowCount: rows.length,
    columns,
    csv,
    hasNextPage,
    endCursor,
  };
}

/**
 * What one operation may ask for. Cheap shape checks (depth, aliases, root fields) run before GraphQL's own
 * validation, whose cost grows faster than the document; the complexity score runs once the operation and its
 * variables are known. Both transports (HTTP through the Apollo plugin, WebSocket through graphql-ws's
 * onSubscribe) apply the same checks. Breaches are QUERY_TOO_COMPLEX.
 */
import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isInterfaceType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  parse,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import {
  fieldExtensionsEstimator,
  getComplexity,
  simpleEstimator,
  type ComplexityEstimator,
} from 'graphql-query-complexity';
import { DomainError, ErrorCode } from '../../common/errors';
import { DEFAULT_PAGE_SIZE } from '../../common/pagination';
import type { QueryLimits } from '../../config';
import { formatError } from './errors';
import { requestErrorStatus, responseMediaType } from './http-status';
import { sendRefusal, type Refusal } from './refusal';

/** Assumed length of a list field that has no `first` argument. */
export const ASSUMED_LIST_SIZE = 10;

export interface DocumentShape {
  depth: number;
  aliases: number;
  rootFields: number;
  /** every field selection, fragments expanded */
  fields: number;
  /** nesting below __schema / __type, which GraphiQL's introspection query takes deeper than any API query */
  introspectionDepth: number;
}

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);
export const MAX_INTROSPECTION_DEPTH = 20;

/**
 * Depth, aliases, root fields and fields of an operation, with fragments expanded (each spread counts again,
 * so a fragment spread many times cannot hide its weight). Fragment cycles count as empty: validation refuses
 * them.
 */
export function measureOperation(
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
): DocumentShape {
  type Measure = {
    depth: number;
    aliases: number;
    level: number;
    fields: number;
    introspectionDepth: number;
  };
  const empty = (): Measure => ({ depth: 0, aliases: 0, level: 0, fields: 0, introspectionDepth: 0 });
  const memo = new Map<string, Measure>();
  const active = new Set<string>();

  const measureSet = (set: SelectionSetNode | undefined): Measure => {
    const total = empty();
    if (!set) return total;
    for (const selection of set.selections) {
      let inner: Measure;
      if (selection.kind === Kind.FIELD) {
        const sub = measureSet(selection.selectionSet);
        const introspection = INTROSPECTION_ROOTS.has(selection.name.value);
        inner = {
          depth: introspection ? 0 : sub.depth + 1,
          introspectionDepth: introspection ? sub.depth + 1 : sub.introspectionDepth,
          aliases: sub.aliases + (selection.alias ? 1 : 0),
          level: 1,
          fields: sub.fields + 1,
        };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = measureSet(selection.selectionSet);
      } else {
        const name = selection.name.value;
        const known = memo.get(name);
        if (known) inner = known;
        else if (active.has(name) || !fragments.has(name)) inner = empty();
        else {
          active.add(name);
          inner = measureSet(fragments.get(name)!.selectionSet);
          active.delete(name);
          memo.set(name, inner);
        }
      }
      total.depth = Math.max(total.depth, inner.depth);
      total.introspectionDepth = Math.max(total.introspectionDepth, inner.introspectionDepth);
      total.aliases += inner.aliases;
      total.level += inner.level;
      total.fields += inner.fields;
    }
    return total;
  };

  const root = measureSet(operation.selectionSet);
  return {
    depth: root.depth,
    aliases: root.aliases,
    rootFields: root.level,
    fields: root.fields,
    introspectionDepth: root.introspectionDepth,
  };
}

const tooComplex = (message: string, extensions: Record<string, unknown> = {}) =>
  new DomainError(ErrorCode.QUERY_TOO_COMPLEX, message, extensions);

/** The first limit an operation of the document breaks, or null. */
export function checkDocumentShape(document: DocumentNode, limits: QueryLimits): DomainError | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const shape = measureOperation(d, fragments);
    const checks: [keyof DocumentShape, number, string][] = [
      ['depth', limits.maxDepth, 'nests {n} levels deep'],
      ['introspectionDepth', MAX_INTROSPECTION_DEPTH, 'nests its introspection {n} levels deep'],
      ['aliases', limits.maxAliases, 'uses {n} aliases'],
      ['rootFields', limits.maxRootFields, 'selects {n} root fields'],
      ['fields', limits.maxFields, 'selects {n} fields'],
    ];
    for (const [limit, maximum, what] of checks) {
      if (shape[limit] > maximum)
        return tooComplex(`the operation ${what.replace('{n}', String(shape[limit]))}; at most ${maximum}`, {
          limit,
          maximum,
        });
    }
  }
  return null;
}

/**
 * Connections cost their page size (`first`, default DEFAULT_PAGE_SIZE) times their children; other lists of
 * objects cost ASSUMED_LIST_SIZE times their children. Fields may set their own `complexity` (type-graphql's
 * `@Field({ complexity })`), which wins.
 */
const pagedEstimator: ComplexityEstimator = ({ type: parent, field, args, childComplexity }) => {
  // introspection is bounded by the schema's size (and its nesting by graphql's MaxIntrospectionDepthRule),
  // a connection's edges by its page size
  if (parent.name.startsWith('__') || parent.name.endsWith('Connection')) return 1 + childComplexity;
  if (field.args.some((a) => a.name === 'first')) {
    const first = typeof args.first === 'number' ? Math.max(0, args.first) : DEFAULT_PAGE_SIZE;
    return 1 + childComplexity * Math.max(1, first);
  }
  const type = getNullableType(field.type);
  if (isListType(type) && !isLeafType(getNamedType(type))) return 1 + childComplexity * ASSUMED_LIST_SIZE;
  return undefined;
};

export const complexityEstimators: ComplexityEstimator[] = [
  fieldExtensionsEstimator(),
  pagedEstimator,
  simpleEstimator({ defaultComplexity: 1 }),
];

/**
 * The complexity score of the operation, or null when the variables do not fit it (execution then reports
 * the variables as GraphQL does).
 */
export function operationComplexity(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  maxNodes: number,
): number | null {
  try {
    return getComplexity({
      schema,
      query: document,
      operationName: operationName ?? undefined,
      variables: variables ?? {},
      estimators: complexityEstimators,
      maxQueryNodes: maxNodes,
    });
  } catch (error) {
    if (error instanceof Error && /maximum allowed number of nodes/.test(error.message))
      return Number.POSITIVE_INFINITY;
    return null;
  }
}

export function checkComplexity(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  limits: QueryLimits,
): DomainError | null {
  return complexityRefusal(
    operationComplexity(schema, document, operationName, variables, limits.maxTokens),
    limits,
  );
}

/** QUERY_TOO_COMPLEX for a score above the limit, else null (null scores are left to execution). */
function complexityRefusal(score: number | null, limits: QueryLimits): DomainError | null {
  if (score === null || score <= limits.maxComplexity) return null;
  return tooComplex(
    Number.isFinite(score)
      ? `the operation's complexity is ${score}; at most ${limits.maxComplexity}`
      : 'the operation selects too many fields',
    {
      limit: 'complexity',
      maximum: limits.maxComplexity,
      ...(Number.isFinite(score) ? { complexity: score } : {}),
    },
  );
}

/**
 * The most recent keys that passed a check (a repeated document is not checked again): at most `size` keys,
 * none longer than `maxLength`, oldest forgotten first.
 */
export class RecentlySeen {
  private readonly keys = new Set<string>();
  constructor(
    private readonly size: number,
    private readonly maxLength: number,
  ) {}

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(key: string): void {
    if (key.length > this.maxLength || this.keys.has(key)) return;
    if (this.keys.size >= this.size) this.keys.delete(this.keys.values().next().value!);
    this.keys.add(key);
  }
}

/**
 * The shape checks, before Apollo sees the request: GraphQL's validation of a document with thousands of
 * repeated fields costs seconds, so such a document must be refused before it is validated. Documents that do
 * not parse are left to Apollo, which reports them as usual.
 */
/**
 * The shape limits checked on the raw documents of a request (GET: its query parameters; POST: the body or
 * batch) before Apollo sees them; the refusal to send, or undefined.
 */
export function documentPrecheck(limits: QueryLimits, log: (message: string) => void) {
  const passed = new RecentlySeen(1000, 20_000);
  return (payloads: unknown[], accept: string | undefined): Refusal | undefined => {
    for (const payload of payloads) {
      const query =
        payload && typeof payload === 'object' ? (payload as { query?: unknown }).query : undefined;
      if (typeof query !== 'string' || passed.has(query)) continue;
      let document: DocumentNode;
      try {
        document = parse(query, { maxTokens: limits.maxTokens });
      } catch {
        continue;
      }
      const refused = checkDocumentShape(document, limits);
      if (refused) {
        return {
          status: requestErrorStatus(accept),
          type: responseMediaType(accept),
          body: JSON.stringify({ errors: [formatError(refused.toJSON(), refused, log)] }),
        };
      }
      passed.add(query);
    }
    return undefined;
  };
}

/** Express: documentPrecheck over a request's documents */
export function precheckDocuments(check: ReturnType<typeof documentPrecheck>) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const payloads: unknown[] =
      req.method === 'GET' ? [req.query] : Array.isArray(req.body) ? req.body : [req.body];
    const refused = check(payloads, req.headers.accept);
    if (refused) sendRefusal(res, refused);
    else next();
  };
}

const fieldsScoreThemselves = new WeakMap<GraphQLSchema, boolean>();

/** true when a field of the schema sets its own `complexity`, which may read any of its arguments */
function hasOwnFieldComplexity(schema: GraphQLSchema): boolean {
  let own = fieldsScoreThemselves.get(schema);
  if (own === undefined) {
    own = Object.values(schema.getTypeMap()).some(
      (type) =>
        (isObjectType(type) || isInterfaceType(type)) &&
        Object.values(type.getFields()).some((field) => field.extensions?.complexity !== undefined),
    );
    fieldsScoreThemselves.set(schema, own);
  }
  return own;
}

const scoredVariables = new WeakMap<DocumentNode, string[]>();

/**
 * The variables a document's complexity score can depend on: those inside a `first` argument (the page size
 * the estimators multiply by) and inside directive arguments (`@include`/`@skip` drop selections). No other
 * argument reaches an estimator (complexityEstimators), so another variable — a bid's amount, an idempotency
 * key — cannot change the score. Apollo hands the same DocumentNode for a repeated document (its document
 * store), so this walk runs once per document.
 */
export function variablesScoredIn(document: DocumentNode): string[] {
  let names = scoredVariables.get(document);
  if (!names) {
    const found = new Set<string>();
    let inside = 0;
    visit(document, {
      Argument: {
        enter: (node) => void (node.name.value === 'first' && inside++),
        leave: (node) => void (node.name.value === 'first' && inside--),
      },
      Directive: { enter: () => void inside++, leave: () => void inside-- },
      Variable: (node) => void (inside > 0 && found.add(node.name.value)),
      // a variable's definition names it without using it
      VariableDefinition: () => false,
    });
    names = [...found].sort();
    scoredVariables.set(document, names);
  }
  return names;
}

/** What a complexity score depends on: the document, the operation, and the variables it can read. */
export function complexityKey(
  schema: GraphQLSchema,
  document: DocumentNode,
  queryHash: string,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
): string {
  const vars = variables ?? {};
  const scored = hasOwnFieldComplexity(schema)
    ? vars
    : variablesScoredIn(document).map((name) => (Object.hasOwn(vars, name) ? [vars[name]] : []));
  return `${queryHash}:${operationName ?? ''}:${JSON.stringify(scored)}`;
}

/**
 * The complexity limit, scored once the operation and its variables are known: a refusal (QUERY_TOO_COMPLEX,
 * status 400) or undefined. Keys that passed are remembered (the score depends on the document, the operation
 * and the variables it reads only), so a repeated request is not scored again.
 */
export function complexityChecker(limits: QueryLimits) {
  const accepted = new RecentlySeen(1000, 2_000);
  return (
    schema: GraphQLSchema,
    document: DocumentNode,
    queryHash: string,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | undefined,
  ): DomainError | undefined => {
    const key = complexityKey(schema, document, queryHash, operationName, variables);
    if (accepted.has(key)) return undefined;
    const score = operationComplexity(schema, document, operationName, variables, limits.maxTokens);
    // kept only once scored: variables that do not coerce (left to execution) say nothing of the next ones
    if (score !== null && score <= limits.maxComplexity) accepted.add(key);
    const refused = complexityRefusal(score, limits);
    if (!refused) return undefined;
    Object.assign(refused.extensions, { http: { status: 400 } });
    return refused;
  };
}

/**
 * The complexity limit as an Apollo plugin; and subscriptions, which only WebSocket serves, refused on HTTP.
 */
export function complexityPlugin(limits: QueryLimits): ApolloServerPlugin {
  const check = complexityChecker(limits);
  // one listener for every request: what it keeps is per document, not per request
  const listener: GraphQLRequestListener<BaseContext> = {
    async didResolveOperation(requestContext) {
      if (requestContext.operation?.operation === 'subscription') {
        throw new GraphQLError('subscriptions are served over WebSocket (graphql-transport-ws) at /graphql', {
          extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
        });
      }
      const { schema, document, queryHash, operationName, request } = requestContext;
      const refused = check(schema, document, queryHash, operationName, request.variables);
      if (refused) throw refused;
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}

/**
 * A compiled executor behind Apollo Server (HTTP only; graphql-ws keeps graphql-js's own execution).
 *
 * Apollo Server parses, validates, runs every plugin hook and formats errors as always; only the execution of a
 * validated document is handed to this executor, through Apollo's gateway interface (`load()` → `executor`),
 * the one way Apollo Server 5 takes a custom executor. Each (document, operation) is compiled by graphql-jit
 * once and kept in a bounded LRU keyed by Apollo's query hash; later requests run the compiled function.
 *
 * Where graphql-jit cannot answer exactly as graphql-js would, graphql-js runs instead:
 * - a document jit cannot compile (it then stays on graphql-js, remembered in the same LRU);
 * - a document with a variable inside a list or object literal given to a scalar: jit does not hand such variables to a custom
 *   scalar's parseLiteral (`exportCsv(variables: { scopeId: $scopeId })` came out as "not provided");
 * - variables that do not coerce: jit refuses before any resolver runs and without the `nodes` Apollo reads to
 *   tag the error BAD_USER_INPUT with status 400, so graphql-js executes the request again and gives its errors;
 * - a request with Apollo's per-field instrumentation on (`willResolveField`, the tracing plugin): the wrapping
 *   of the schema's resolvers is graphql-js's business.
 * Resolver errors keep their message, path, locations and `originalError` (and with it the code and
 * extensions the error formatter reads).
 */
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  BREAK,
  execute,
  getNamedType,
  GraphQLError,
  isLeafType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/** how many compiled (document, operation) pairs are kept */
export const COMPILED_DOCUMENTS = 1000;

type Compiled = CompiledQuery | 'interpret';

export interface CompiledExecutorStats {
  compiled: number;
  interpreted: number;
  hits: number;
  kept: number;
}

export interface CompiledRequest {
  document: DocumentNode;
  /** what identifies the document's text (Apollo's query hash: sha-256 of it, hex) */
  queryHash: string;
  operationName: string | null;
  variables: Record<string, unknown> | undefined;
  context: object;
}

export interface CompiledExecutor {
  gateway: GatewayInterface;
  /**
   * The compiled execution of a validated document, or undefined where graphql-js must answer instead (a
   * document jit does not take, field instrumentation on, variables that do not coerce): the direct query path's
   * entry (direct-query.ts); Apollo's goes through `gateway`.
   */
  run(request: CompiledRequest): Promise<ExecutionResult | undefined>;
  stats(): CompiledExecutorStats;
}

/** A variable inside a list or object literal given to a scalar (JSON-like arguments, as `exportCsv` has). */
function variableInsideScalarLiteral(schema: GraphQLSchema, document: DocumentNode): boolean {
  const types = new TypeInfo(schema);
  let found = false;
  let depth = 0;
  const literal = {
    enter() {
      if (depth > 0 || isLeafType(getNamedType(types.getInputType()))) depth++;
    },
    leave() {
      if (depth > 0) depth--;
    },
  };
  visit(
    document,
    visitWithTypeInfo(types, {
      [Kind.LIST]: literal,
      [Kind.OBJECT]: literal,
      [Kind.VARIABLE]() {
        if (depth === 0) return undefined;
        found = true;
        return BREAK;
      },
    }),
  );
  return found;
}

/**
 * A resolver's error as graphql-js would give it. Two places where jit differs:
 * - an error the resolver threw already located (a GraphQLError with a path: a mutation field's refusal,
 *   audit.recorder.ts) is passed through by graphql-js's locatedError; jit wraps it once more;
 * - jit leaves `extensions` undefined on the error of a resolver whose error has none (a driver's failure, say),
 *   where graphql-js always gives an object; Apollo reads `extensions.code` before our formatter runs, so such an
 *   error came out as a bare "Internal server error" without its path, unlogged and never SERVICE_UNAVAILABLE.
 */
function asGraphqlJsError(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  if (original instanceof GraphQLError && original.path) return original;
  if (error.extensions) return error;
  const rebuilt = new GraphQLError(error.message, { path: error.path, originalError: original });
  // jit gives locations, not the nodes graphql-js derives them from
  (rebuilt as { locations: GraphQLError['locations'] }).locations = error.locations;
  return rebuilt;
}

/** The key Apollo attaches to a context when some plugin instruments every field resolver. */
function fieldInstrumentationOn(context: object): boolean {
  return Object.getOwnPropertySymbols(context).some(
    (s) => s.description === 'apolloServerExecutionDispatcherWillResolveField',
  );
}

export function compiledExecutor(schema: GraphQLSchema, capacity = COMPILED_DOCUMENTS): CompiledExecutor {
  const lru = new Map<string, Compiled>();
  const figures = { compiled: 0, interpreted: 0, hits: 0 };

  const compiledFor = (key: string, compile: () => Compiled): Compiled => {
    const found = lru.get(key);
    if (found) {
      figures.hits++;
      lru.delete(key);
      lru.set(key, found);
      return found;
    }
    const made = compile();
    lru.set(key, made);
    if (lru.size > capacity) lru.delete(lru.keys().next().value!);
    return made;
  };

  /**
   * Executes a validated document: compiled when it can be, else graphql-js. Answers undefined when the variables
   * did not coerce and nothing ran (jit gives no data then; the caller has graphql-js word the errors).
   */
  const run = async (request: CompiledRequest): Promise<ExecutionResult | undefined> => {
    const { document, context, operationName, variables } = request;
    if (fieldInstrumentationOn(context)) return undefined;
    const compiled = compiledFor(`${request.queryHash}\u0000${operationName ?? ''}`, () => {
      try {
        if (variableInsideScalarLiteral(schema, document)) throw new Error('kept on graphql-js');
        const made = compileQuery(schema, document, operationName ?? undefined, {
          disablingCapturingStackErrors: true,
        });
        if (isCompiledQuery(made)) {
          figures.compiled++;
          return made;
        }
      } catch {
        // fall through: graphql-js answers this document
      }
      figures.interpreted++;
      return 'interpret';
    });
    if (compiled === 'interpret') return undefined;
    const result = (await compiled.query(undefined, context, variables ?? {})) as ExecutionResult;
    // no data at all: the variables did not coerce and nothing ran
    if (!('data' in result)) return undefined;
    if (!result.errors?.length) return result;
    return { ...result, errors: result.errors.map(asGraphqlJsError) };
  };

  const executor: GatewayExecutor = async (request) => {
    const { document, context } = request;
    const operationName = request.request.operationName ?? null;
    const variables = request.request.variables;
    const compiled = await run({ document, context, operationName, variables, queryHash: request.queryHash });
    return (
      compiled ??
      execute({ schema, document, contextValue: context, variableValues: variables, operationName })
    );
  };

  const gateway: GatewayInterface = {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    load: async () => ({ executor }),
    stop: async () => {
      lru.clear();
    },
  };
  return { gateway, run, stats: () => ({ ...figures, kept: lru.size }) };
}

/**
 * Fan-out that costs little per viewer (issue 4, item 4): graphql-js runs the whole execution once per
 * subscriber per event; here subscribers whose results must be equal share one ExecutionResult per event.
 *
 * Two results are equal when they come from
 * - the same document and operation, with the arguments that only choose the source stream left out
 *   (a subscription field lists them in its `liveSourceOnlyArgs` extension, e.g. `afterSequence`: two viewers
 *   resuming from different sequences still get the same result for event 42);
 * - the same values of the variables the rest of the document uses;
 * - the same visibility class of viewer (anonymous viewers share; results that depend on who is asking are
 *   never shared across classes — the class function decides, conservatively);
 * - the same source event, as named by `markShareable` (events not marked are executed per subscriber).
 *
 * Each shared execution gets a fresh context from `eventContext` (subscriptions load fresh data per event,
 * never through the long-lived context of one subscriber). Parsing and validation are cached too, so
 * 10,000 identical subscribe messages cost one parse and one validation.
 */
import {
  createSourceEventStream,
  execute,
  getOperationAST,
  Kind,
  parse as graphqlParse,
  print,
  validate as graphqlValidate,
  visit,
  type DefinitionNode,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { Lru } from '../lru';

/** Field extension: arguments of a subscription field that only choose the source stream. */
export const SOURCE_ONLY_ARGS = 'liveSourceOnlyArgs';

const shareKeys = new WeakMap<object, string>();

/** Names a source event that is the same for every subscriber (e.g. `AUCTION_EVENT:<auctionId>:<sequence>`). */
export function markShareable<T extends object>(event: T, key: string): T {
  shareKeys.set(event, key);
  return event;
}

export function shareKeyOf(event: unknown): string | undefined {
  return typeof event === 'object' && event !== null ? shareKeys.get(event) : undefined;
}

export interface SharedExecutionOptions {
  /** viewers of one class see the same data; a result is shared only within a class */
  visibilityClass: (contextValue: unknown) => string;
  /** the context a shared per-event execution runs with (default: the subscriber's own) */
  eventContext?: (subscriptionContext: unknown) => unknown;
  /** results kept (default 5000), and for how long (default 60 s) */
  maxResults?: number;
  resultTtlMs?: number;
  /** parsed documents kept (default 1000); documents longer than maxDocumentLength are not kept */
  maxDocuments?: number;
  maxDocumentLength?: number;
}

export interface SharedExecutionStats {
  /** per-event executions run */
  executions: number;
  /** per-event results served from another subscriber's execution */
  shared: number;
  /** per-event executions of events that are not marked shareable */
  unshareable: number;
  parses: number;
  parseHits: number;
  validations: number;
}

export interface SharedExecution {
  /** graphql-ws `parse` */
  parse: typeof graphqlParse;
  /** graphql-ws `validate` */
  validate: typeof graphqlValidate;
  /** graphql-ws `subscribe` */
  subscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult>;
  stats(): SharedExecutionStats;
}

interface DocumentShape {
  /** interned id of the document text with source-only arguments left out */
  id: number;
  /** variables that text uses */
  variables: string[];
}

export function createSharedExecution(options: SharedExecutionOptions): SharedExecution {
  const maxDocumentLength = options.maxDocumentLength ?? 20_000;
  const ttl = options.resultTtlMs ?? 60_000;
  const documents = new Lru<string, DocumentNode>(options.maxDocuments ?? 1000);
  const validations = new WeakMap<DocumentNode, { schema: GraphQLSchema; errors: readonly GraphQLError[] }>();
  const shapes = new WeakMap<DocumentNode, Map<string, DocumentShape>>();
  const texts = new Lru<string, number>(options.maxDocuments ?? 1000);
  let nextTextId = 1;
  // insertion order is enough here: entries live for seconds, and a hit need not move its entry
  const results = new Map<
    string,
    {
      at: number;
      result: Promise<IteratorResult<ExecutionResult>>;
      settled?: IteratorResult<ExecutionResult>;
    }
  >();
  const maxResults = options.maxResults ?? 5000;
  const stats: SharedExecutionStats = {
    executions: 0,
    shared: 0,
    unshareable: 0,
    parses: 0,
    parseHits: 0,
    validations: 0,
  };

  const parse = ((source, parseOptions) => {
    if (typeof source !== 'string' || parseOptions || source.length > maxDocumentLength) {
      stats.parses++;
      return graphqlParse(source, parseOptions);
    }
    const known = documents.get(source);
    if (known) {
      stats.parseHits++;
      return known;
    }
    stats.parses++;
    const document = graphqlParse(source);
    documents.set(source, document);
    return document;
  }) as typeof graphqlParse;

  const validate = ((schema, document, ...rest: unknown[]) => {
    if (rest.length)
      return (graphqlValidate as (...a: unknown[]) => readonly GraphQLError[])(schema, document, ...rest);
    const known = validations.get(document);
    if (known && known.schema === schema) return known.errors;
    stats.validations++;
    const errors = graphqlValidate(schema, document);
    validations.set(document, { schema, errors });
    return errors;
  }) as typeof graphqlValidate;

  function shapeOf(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName?: string | null,
  ): DocumentShape {
    let byOperation = shapes.get(document);
    const name = operationName ?? '';
    const known = byOperation?.get(name);
    if (known) return known;
    const operation = getOperationAST(document, operationName);
    const stripped = withoutSourceOnlyArgs(schema, document, operation);
    const variables = new Set<string>();
    visit(stripped, {
      VariableDefinition: () => false,
      Variable: (node) => {
        variables.add(node.name.value);
      },
    });
    // variables only the source used are no part of the result (their definitions go too)
    const text = print(
      visit(stripped, {
        VariableDefinition: (node) => (variables.has(node.variable.name.value) ? undefined : null),
      }),
    );
    let id = texts.get(text);
    if (id === undefined) {
      id = nextTextId++;
      texts.set(text, id);
    }
    const shape = { id, variables: [...variables].sort() };
    if (!byOperation) shapes.set(document, (byOperation = new Map()));
    byOperation.set(name, shape);
    return shape;
  }

  async function subscribe(
    args: ExecutionArgs,
  ): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source;
    const shape = shapeOf(args.schema, args.document, args.operationName);
    const values = args.variableValues ?? {};
    const variables = shape.variables
      .map((name) => (name in values ? JSON.stringify(values[name]) : '-'))
      .join(',');
    const prefix = `${shape.id}|${variables}|${options.visibilityClass(args.contextValue)}|`;

    const run = (event: unknown): Promise<IteratorResult<ExecutionResult>> =>
      Promise.resolve(
        execute({
          ...args,
          rootValue: event,
          contextValue: options.eventContext ? options.eventContext(args.contextValue) : args.contextValue,
        }),
      ).then((value) => ({ done: false, value }));

    // what every subscriber of the class gets for this event: the very same iterator result, handed over
    // as a plain value once it is known (a promise returned from a then() costs two more turns)
    const resultFor = (
      event: unknown,
    ): IteratorResult<ExecutionResult> | Promise<IteratorResult<ExecutionResult>> => {
      const eventKey = shareKeyOf(event);
      if (eventKey === undefined) {
        stats.unshareable++;
        return run(event);
      }
      const key = prefix + eventKey;
      const now = Date.now();
      const cached = results.get(key);
      if (cached && now - cached.at <= ttl) {
        stats.shared++;
        return cached.settled ?? cached.result;
      }
      stats.executions++;
      const entry: {
        at: number;
        result: Promise<IteratorResult<ExecutionResult>>;
        settled?: IteratorResult<ExecutionResult>;
      } = {
        at: now,
        result: run(event),
      };
      entry.result.then(
        (settled) => (entry.settled = settled),
        () => results.delete(key),
      );
      results.delete(key);
      results.set(key, entry);
      if (results.size > maxResults) results.delete(results.keys().next().value as string);
      return entry.result;
    };

    const iterator = source[Symbol.asyncIterator]();
    const mapped: AsyncIterableIterator<ExecutionResult> = {
      [Symbol.asyncIterator]: () => mapped,
      next() {
        return iterator
          .next()
          .then((item) => (item.done ? { done: true as const, value: undefined } : resultFor(item.value)));
      },
      async return() {
        await iterator.return?.();
        return { done: true, value: undefined };
      },
      async throw(error?: unknown) {
        await iterator.return?.();
        throw error;
      },
    };
    return mapped;
  }

  return { parse, validate, subscribe, stats: () => ({ ...stats }) };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown>)?.[Symbol.asyncIterator] === 'function';
}

/** The document with only the given operation, its root fields stripped of their source-only arguments. */
function withoutSourceOnlyArgs(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode | null | undefined,
): DocumentNode {
  if (!operation) return document;
  const root = schema.getRootType(operation.operation);
  const selections = operation.selectionSet.selections.map((selection) => {
    if (selection.kind !== Kind.FIELD || !selection.arguments?.length) return selection;
    const sourceOnly = root?.getFields()[selection.name.value]?.extensions?.[SOURCE_ONLY_ARGS];
    if (!Array.isArray(sourceOnly) || !sourceOnly.length) return selection;
    return { ...selection, arguments: selection.arguments.filter((a) => !sourceOnly.includes(a.name.value)) };
  });
  const stripped: OperationDefinitionNode = {
    ...operation,
    selectionSet: { ...operation.selectionSet, selections },
  };
  const definitions: DefinitionNode[] = document.definitions
    .filter((d) => d.kind !== Kind.OPERATION_DEFINITION || d === operation)
    .map((d) => (d === operation ? stripped : d));
  return { kind: Kind.DOCUMENT, definitions };
}

/** Identical subscribers share one execution per event; viewers of different classes never do. */
import {
  GraphQLInt,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  type ExecutionResult,
} from 'graphql';
import {
  createSharedExecution,
  markShareable,
  SOURCE_ONLY_ARGS,
} from '../../src/common/live/shared-execution';
import { FakeBus, take, ticks } from '../helpers/live-fakes';

interface Event {
  sequence: number;
}

function testSchema(bus: FakeBus<Event>, counters: { resolved: number }) {
  const Tick = new GraphQLObjectType({
    name: 'Tick',
    fields: {
      sequence: { type: new GraphQLNonNull(GraphQLInt) },
      seenBy: { type: GraphQLString, resolve: (_e, _a, ctx: { viewer: string }) => ctx.viewer },
      label: {
        type: GraphQLString,
        args: { prefix: { type: GraphQLString } },
        resolve: (e: Event, args: { prefix?: string }) => `${args.prefix ?? ''}${e.sequence}`,
      },
    },
  });
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLInt, resolve: () => 1 } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        ticks: {
          type: Tick,
          args: { streamId: { type: GraphQLString }, afterSequence: { type: GraphQLInt } },
          extensions: { [SOURCE_ONLY_ARGS]: ['afterSequence'] },
          subscribe: () => bus.subscribe(),
          resolve: (event: Event) => {
            counters.resolved++;
            return event;
          },
        },
        unmarked: {
          type: Tick,
          subscribe: () => bus.subscribe(),
          resolve: (event: Event) => event,
        },
      },
    }),
  });
}

function setup() {
  const bus = new FakeBus<Event>();
  const counters = { resolved: 0 };
  const schema = testSchema(bus, counters);
  const execution = createSharedExecution({
    visibilityClass: (ctx) =>
      (ctx as { viewer: string }).viewer === 'anonymous' ? 'anonymous' : 'signed-in',
    eventContext: (ctx) => ({ ...(ctx as object), fresh: true }),
  });
  const subscribe = async (
    query: string,
    variableValues: Record<string, unknown> = {},
    viewer = 'anonymous',
  ) => {
    const result = await execution.subscribe({
      schema,
      document: execution.parse(query),
      variableValues,
      contextValue: { viewer },
    });
    if (!(Symbol.asyncIterator in result)) throw new Error(JSON.stringify(result));
    return result as AsyncIterableIterator<ExecutionResult>;
  };
  /** publishes an event object that every subscriber sees as the same event */
  const publish = (sequence: number) => bus.publish(markShareable({ sequence }, `T:${sequence}`));
  return { bus, counters, execution, subscribe, publish };
}

const QUERY = `subscription S($s: String, $after: Int) { ticks(streamId: $s, afterSequence: $after) { sequence label } }`;

describe('createSharedExecution', () => {
  it('runs one execution per event for a thousand identical subscribers', async () => {
    const { counters, execution, subscribe, publish } = setup();
    const subs = await Promise.all(Array.from({ length: 1000 }, () => subscribe(QUERY, { s: 'a' })));
    for (let sequence = 1; sequence <= 3; sequence++) publish(sequence);
    const results = await Promise.all(subs.map((s) => take(s, 3)));
    expect(results[999].map((r) => r.data)).toEqual(
      [1, 2, 3].map((n) => ({ ticks: { sequence: n, label: `${n}` } })),
    );
    expect(results.every((r) => r[0] === results[0][0])).toBe(true); // literally one result object
    expect(counters.resolved).toBe(3);
    expect(execution.stats()).toMatchObject({ executions: 3, shared: 2997, parses: 1, parseHits: 999 });
  });

  it('shares across different afterSequence values (a source-only argument), literal or variable', async () => {
    const { counters, subscribe, publish } = setup();
    const a = await subscribe(QUERY, { s: 'a', after: 0 });
    const b = await subscribe(QUERY, { s: 'a', after: 17 });
    const c = await subscribe(
      `subscription S($s: String) { ticks(streamId: $s, afterSequence: 3) { sequence label } }`,
      {
        s: 'a',
      },
    );
    publish(1);
    await Promise.all([take(a, 1), take(b, 1), take(c, 1)]);
    expect(counters.resolved).toBe(1);
  });

  it('does not share across variables the result depends on', async () => {
    const { counters, subscribe, publish } = setup();
    const q = `subscription S($p: String) { ticks { sequence label(prefix: $p) } }`;
    const a = await subscribe(q, { p: '#' });
    const b = await subscribe(q, { p: 'No.' });
    const c = await subscribe(q, { p: '#' });
    publish(5);
    const [[ra], [rb], [rc]] = await Promise.all([take(a, 1), take(b, 1), take(c, 1)]);
    expect(ra.data).toEqual({ ticks: { sequence: 5, label: '#5' } });
    expect(rb.data).toEqual({ ticks: { sequence: 5, label: 'No.5' } });
    expect(rc).toBe(ra);
    expect(counters.resolved).toBe(2);
  });

  it('never shares a result across visibility classes, and runs each with a fresh context', async () => {
    const { subscribe, publish } = setup();
    const q = `subscription { ticks { sequence seenBy } }`;
    const anonymous = await subscribe(q, {}, 'anonymous');
    const alice = await subscribe(q, {}, 'alice');
    publish(1);
    const [[ra], [rb]] = await Promise.all([take(anonymous, 1), take(alice, 1)]);
    expect(ra.data).toEqual({ ticks: { sequence: 1, seenBy: 'anonymous' } });
    expect(rb.data).toEqual({ ticks: { sequence: 1, seenBy: 'alice' } });
  });

  it('executes events nobody marked shareable once per subscriber', async () => {
    const { bus, execution, subscribe } = setup();
    const a = await subscribe(`subscription { unmarked { sequence } }`);
    const b = await subscribe(`subscription { unmarked { sequence } }`);
    bus.publish({ sequence: 1 });
    const [[ra], [rb]] = await Promise.all([take(a, 1), take(b, 1)]);
    expect(ra).toEqual(rb);
    expect(ra).not.toBe(rb);
    expect(execution.stats()).toMatchObject({ unshareable: 2, executions: 0 });
  });

  it('keeps documents with different selections apart', async () => {
    const { subscribe, publish } = setup();
    const a = await subscribe(`subscription { ticks { sequence } }`);
    const b = await subscribe(`subscription { ticks { sequence label } }`);
    publish(2);
    const [[ra], [rb]] = await Promise.all([take(a, 1), take(b, 1)]);
    expect(ra.data).toEqual({ ticks: { sequence: 2 } });
    expect(rb.data).toEqual({ ticks: { sequence: 2, label: '2' } });
  });

  it('validates a document once and returns errors as the plain validate would', async () => {
    const { bus, execution } = setup();
    const schema = testSchema(bus, { resolved: 0 });
    const good = execution.parse(QUERY);
    expect(execution.validate(schema, good)).toEqual([]);
    expect(execution.validate(schema, good)).toEqual([]);
    const bad = execution.parse(`subscription { ticks { nope } }`);
    expect(execution.validate(schema, bad).map((e) => e.message)).toEqual([
      'Cannot query field "nope" on type "Tick".',
    ]);
    expect(execution.stats().validations).toBe(2);
  });

  it('returns the source stream when the consumer leaves', async () => {
    const { bus, subscribe } = setup();
    const a = await subscribe(QUERY, { s: 'a' });
    const pending = a.next();
    await ticks();
    expect(bus.subscribers.size).toBe(1);
    await a.return!();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(bus.unsubscribed).toBe(1);
  });
});

/**
 * A hidden stand-in for the land domain's event log, for the live-subscription tests and the fan-out
 * benchmark while the auction tables do not exist yet. Never part of the served contract: only tests and
 * bench/fanout/server.ts pass it to startApp({ extraModules }).
 *
 * It does what the land engineer's services will do: append an event under the next per-stream sequence
 * in one transaction, then, after the commit, publish the tiny notice `{ streamId, sequence }` on its
 * topic; and it reads the log through `ctx.live.log(...)`, the way `auctionEvents` will:
 *
 *   land:    ctx.publisher.publish('AUCTION_EVENT', auctionId, { auctionId, sequence })
 *            ctx.live.log('AUCTION_EVENT', auctionEventLog).stream(auctionId, afterSequence)
 *   harness: ctx.publisher.publish('LIVE_HARNESS', streamId, { streamId, sequence })
 *            ctx.live.log('LIVE_HARNESS', harnessEventLog).stream(streamId, afterSequence)
 */
import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/knex';
import {
  Arg,
  Ctx,
  Extensions,
  Field,
  Float,
  Int,
  Mutation,
  ObjectType,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
} from 'type-graphql';
import type { DomainModule, SeedContext } from '../../src/common/module';
import { dialectOf } from '../../src/db/orm';
import type { Context } from '../../src/common/request/context';
import type { EventLogSource } from '../../src/common/live/live';
import { SOURCE_ONLY_ARGS } from '../../src/common/live/shared-execution';

export const HARNESS_TOPIC = 'LIVE_HARNESS';
const TABLE = 'live_harness_event';

@ObjectType('LiveHarnessEvent', { description: 'test harness: one synthetic log entry' })
export class LiveHarnessEvent {
  @Field(() => String)
  streamId!: string;

  @Field(() => Int)
  sequence!: number;

  @Field(() => String)
  payload!: string;

  @Field(() => Float, { description: 'server time of the append, ms since the epoch' })
  appendedAtMs!: number;
}

interface Row {
  stream_id: string;
  sequence: number | string;
  payload: string;
  appended_at_ms: number | string;
}

const sql = (em: EntityManager) => em as unknown as SqlEntityManager;

const toEvent = (row: Row): LiveHarnessEvent =>
  Object.assign(new LiveHarnessEvent(), {
    streamId: row.stream_id,
    sequence: Number(row.sequence),
    payload: row.payload,
    appendedAtMs: Number(row.appended_at_ms),
  });

/** How the harness log is read: what `loadEventsAfter` will be for the auction event log. */
export const harnessEventLog: EventLogSource<LiveHarnessEvent> = {
  async loadAfter(em, streamId, afterSequence, limit) {
    const rows = await sql(em).execute<Row[]>(
      `select stream_id, sequence, payload, appended_at_ms from ${TABLE}
        where stream_id = ? and sequence > ? order by sequence limit ?`,
      [streamId, afterSequence, limit],
    );
    return rows.map(toEvent);
  },
  async lastSequence(em, streamId) {
    const [row] = await sql(em).execute<{ last: number | string | null }[]>(
      `select max(sequence) as last from ${TABLE} where stream_id = ?`,
      [streamId],
    );
    return Number(row?.last ?? 0);
  },
};

/** Appends one event under the next sequence of its stream; resolves after the commit. */
export async function appendHarnessEvent(
  em: EntityManager,
  streamId: string,
  payload: string,
): Promise<number> {
  const postgres = dialectOf(em) === 'postgresql';
  return sql(em).transactional(async (tx) => {
    // one writer per stream at a time keeps the sequence gapless (SQLite has one writer anyway)
    if (postgres) await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [streamId]);
    const [row] = await tx.execute<{ sequence: number | string }[]>(
      `insert into ${TABLE} (stream_id, sequence, payload, appended_at_ms)
       select ?, coalesce(max(sequence), 0) + 1, ?, ? from ${TABLE} where stream_id = ?
       returning sequence`,
      [streamId, payload, Date.now(), streamId],
    );
    return Number(row.sequence);
  });
}

async function createTable({ em }: SeedContext): Promise<void> {
  const ddl = `create table if not exists ${TABLE} (
    stream_id varchar(100) not null,
    sequence integer not null,
    payload text not null,
    appended_at_ms double precision not null,
    primary key (stream_id, sequence))`;
  try {
    await sql(em).execute(ddl);
  } catch (error) {
    // two instances creating it at once on PostgreSQL: one wins, which is all we need
    await sql(em)
      .execute(`select 1 from ${TABLE} limit 1`)
      .catch(() => {
        throw error;
      });
  }
}

@Resolver()
export class LiveHarnessResolver {
  @Mutation(() => [Int], {
    description: 'test harness: appends events to a stream, each announced after its commit',
  })
  async liveHarnessAppend(
    @Arg('streamId', () => String) streamId: string,
    @Arg('count', () => Int, { defaultValue: 1 }) count: number,
    @Arg('payloadBytes', () => Int, { defaultValue: 0 }) payloadBytes: number,
    @Ctx() ctx: Context,
  ): Promise<number[]> {
    const sequences: number[] = [];
    const payload = 'x'.repeat(Math.max(0, Math.min(payloadBytes, 1_000_000)));
    for (let i = 0; i < Math.max(1, Math.min(count, 10_000)); i++) {
      const sequence = await appendHarnessEvent(ctx.orm.em.fork(), streamId, payload);
      ctx.publisher.publish(HARNESS_TOPIC, streamId, { streamId, sequence });
      sequences.push(sequence);
    }
    return sequences;
  }

  @Subscription(() => LiveHarnessEvent, {
    description: 'test harness: the stream, replayed after afterSequence, then live',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, HarnessArgs, Context>) =>
      context.live.log(HARNESS_TOPIC, harnessEventLog).stream(args.streamId, args.afterSequence),
  })
  @Extensions({ [SOURCE_ONLY_ARGS]: ['afterSequence'] })
  liveHarnessEvents(
    @Root() event: LiveHarnessEvent,
    @Arg('streamId', () => String) _streamId: string,
    @Arg('afterSequence', () => Int, { nullable: true }) _afterSequence?: number,
  ): LiveHarnessEvent {
    return event;
  }
}

interface HarnessArgs {
  streamId: string;
  afterSequence?: number | null;
}

export const liveHarnessModule: DomainModule = {
  name: 'live-harness',
  harness: true,
  entities: [],
  resolvers: [LiveHarnessResolver],
  seed: createTable,
};

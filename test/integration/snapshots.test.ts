/**
 * Read-only snapshots (src/db/snapshots.ts) carry exactly the values a managed entity would: every land entity's
 * rows, read raw and mapped, are compared property by property with the same rows loaded through the
 * EntityManager, on each database.
 */
import { RawQueryFragment, wrap, type EntityMetadata, type EntityProperty } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { seedBulkLand } from '../../bench/queries/seed';
import { byIdJoined, countRows, findSnapshots, pageSnapshots, snapshotMapper } from '../../src/db/reads';
import { containsText } from '../../src/common/orm-types';
import { LandParcel } from '../../src/land/parcel/parcel.entity';
import { Auction } from '../../src/land/auction/auction.entity';
import { Bid } from '../../src/land/bid/bid.entity';
import { AuctionResult } from '../../src/land/result/auction-result.entity';
import { modules } from '../../src/server/modules';
import { SQLITE_MMAP_BYTES } from '../../src/db/orm';
import { testDatabases } from '../helpers/environment';
import { startTestServer, type TestServer } from '../helpers/server';

/** a property's value in a comparable form: instants as epoch ms, references as their primary key */
function comparable(prop: EntityProperty, value: unknown): unknown {
  if (value == null) return null;
  if (value instanceof Date) return { date: value.getTime() };
  if (prop.kind === 'm:1' || prop.kind === '1:1') return { ref: (value as { id: string }).id };
  return value;
}

describe.each(testDatabases())('row snapshots on %s', (db) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ db, workers: false });
    await seedBulkLand(server.app.orm.em.fork(), {
      auctions: 6,
      bidsPerAuction: 4,
      applicationsPerAuction: 3,
      tag: 'snap',
    });
  });
  afterAll(() => server?.close());

  it('map every land and party entity row to the values of its managed entity', async () => {
    const em = server.app.orm.em.fork() as SqlEntityManager;
    let compared = 0;
    const supported: string[] = [];
    for (const entity of modules.flatMap((m) => m.entities)) {
      const meta: EntityMetadata = em.getMetadata().get((entity as { name: string }).name);
      const mapper = snapshotMapper(em, meta.className);
      if (!mapper) continue;
      supported.push(meta.className);
      const rows: Record<string, unknown>[] = await em
        .getConnection()
        .execute(`select * from ${meta.tableName}`);
      const managed = await em.fork().find(meta.className, {});
      // keyed by the primary key, whole (DutyLastMetDay's is a pair: record and day)
      const keyOf = (o: Record<string, unknown>) => meta.primaryKeys.map((k) => String(o[k])).join('\u0000');
      const byId = new Map(
        managed.map((m) => [keyOf(m as Record<string, unknown>), m as Record<string, unknown>]),
      );
      expect(rows).toHaveLength(managed.length);
      for (const row of rows) {
        const snapshot = mapper(row) as Record<string, unknown>;
        expect(Object.isFrozen(snapshot)).toBe(true);
        expect(snapshot instanceof (meta.class as new () => unknown)).toBe(true);
        const entity = byId.get(keyOf(snapshot))!;
        expect(wrap(entity).isInitialized()).toBe(true);
        for (const prop of meta.props) {
          if (prop.name.endsWith('__inverse')) {
            expect(snapshot[prop.name]).toBeUndefined(); // MikroORM's hidden inverse side: not snapshotted
            continue;
          }
          expect([meta.className, prop.name, comparable(prop, snapshot[prop.name])]).toEqual([
            meta.className,
            prop.name,
            comparable(prop, entity[prop.name]),
          ]);
        }
        compared++;
      }
    }
    // the entities the hot reads use are all supported, and the seed gave each of them rows
    expect(supported).toEqual(
      expect.arrayContaining([
        'Auction',
        'Bid',
        'AuctionResult',
        'LandParcel',
        'Application',
        'PartyMember',
        'PartyOrganization',
        'MobilityRecord',
        'DutyRecord',
      ]),
    );
    expect(compared).toBeGreaterThan(50);
  });

  it('read a filtered, ordered page as the EntityManager would', async () => {
    const em = server.app.orm.em.fork();
    // a filter on a relation (joined) and a page in a two-key order
    const where = {
      status: { $ne: 'DRAFT' },
      code: { $like: 'BULK-%' },
      parcel: { code: { $ne: '' } },
    } as never;
    const options = { orderBy: [{ quoteEnd: 'desc' }, { id: 'desc' }], limit: 4, offset: 1 } as never;
    const snapshots = await findSnapshots(em, Auction, where, options);
    const managed = await em.fork().find(Auction, where, options);
    expect(snapshots.map((a) => a.id)).toEqual(managed.map((a) => a.id));
    expect(snapshots).toHaveLength(4);
    // nothing entered the identity map
    expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
  });

  it('read and count again with kept SQL, each filter its own answer', async () => {
    const em = server.app.orm.em.fork();
    for (let round = 0; round < 2; round++) {
      for (const status of ['AWARDED', 'QUOTING', 'NO_SUCH_STATUS']) {
        const where = { status, code: { $like: 'BULK-%' } } as never;
        const managed = await em.fork().find(Auction, where, { orderBy: { id: 'asc' } });
        const snapshots = await findSnapshots(em, Auction, where, { orderBy: { id: 'asc' } });
        expect(snapshots.map((a) => a.id)).toEqual(managed.map((a) => a.id));
        expect(await countRows(em, Auction, where)).toBe(await em.fork().count(Auction, where));
      }
    }
    // raw() fragments are never kept: a new fragment each time, the right answer each time
    for (const text of ['2024C', 'no such parcel']) {
      const expected = await em.fork().count(LandParcel, containsText('code', text) as never);
      expect(await countRows(em, LandParcel, containsText('code', text) as never)).toBe(expected);
    }
  });

  it('read a page and its count in one statement, as em.findAndCount answers them', async () => {
    const em = server.app.orm.em.fork();
    const knex = (em as SqlEntityManager).getKnex();
    // each filter made anew for each read: a raw() fragment is single-use
    const filters = [
      () => ({ status: { $ne: 'DRAFT' }, code: { $like: 'BULK-%' }, parcel: { code: { $ne: '' } } }), // joined
      () => ({ status: 'NO_SUCH_STATUS' }), // nothing matches
      () => containsText('code', 'BULK'), // a raw() fragment: never kept
    ];
    const total = await em.fork().count(Auction, filters[0]() as never);
    expect(total).toBeGreaterThan(4);
    const fragmentsKept = RawQueryFragment.checkCacheSize();
    for (const where of filters)
      for (const [limit, offset] of [
        [4, 0],
        [4, 4],
        [100, 0],
        [4, total + 10], // past the end: the count alone
        [0, 0], // no rows asked for: the count alone
      ]) {
        const options = { orderBy: [{ quoteEnd: 'desc' }, { id: 'desc' }], limit, offset } as never;
        const [expected, expectedTotal] = await em.fork().findAndCount(Auction, where() as never, options);
        const statements: string[] = [];
        const listener = (query: { sql: string }) => statements.push(query.sql);
        knex.on('query', listener);
        const { items: snapshots, total: count } = await pageSnapshots(
          em,
          Auction,
          where() as never,
          options,
        );
        knex.off('query', listener);
        expect([limit, offset, snapshots.map((a) => a.id), count]).toEqual([
          limit,
          offset,
          expected.map((a) => a.id),
          expectedTotal,
        ]);
        // one statement; two for an empty page past the first (its rows carry no count, so the count follows)
        expect(statements).toHaveLength(limit > 0 && offset > 0 && expected.length === 0 ? 2 : 1);
        for (const snapshot of snapshots) {
          expect(Object.isFrozen(snapshot)).toBe(true);
          expect(Object.keys(snapshot)).not.toContain('page_total__');
        }
      }
    expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
    expect(RawQueryFragment.checkCacheSize()).toBe(fragmentsKept); // every fragment used was let go
  });

  it('read the rows of a page or of ids with their joined rows, each the values of its managed entity', async () => {
    const em = server.app.orm.em.fork();
    const joins = [
      { property: 'parcel', entity: LandParcel },
      { property: 'leadingBidId', entity: Bid },
    ];
    const where = { code: { $like: 'BULK-%' } } as never;
    const options = { orderBy: [{ quoteEnd: 'desc' }, { id: 'desc' }], limit: 4, offset: 1 } as never;
    const page = await pageSnapshots(em, Auction, where, options, joins);
    const [expected, total] = await em.fork().findAndCount(Auction, where, options);
    expect(page.items.map((a) => a.id)).toEqual(expected.map((a) => a.id));
    expect(page.total).toBe(total);
    const byIds = await byIdJoined(
      em,
      Auction,
      expected.map((a) => a.id),
      joins,
    );
    expect(byIds!.items.map((a) => a.id).sort()).toEqual(expected.map((a) => a.id).sort());
    for (const read of [page, byIds!]) {
      // the auctions' own values, whole: the joined columns were taken off
      for (const auction of read.items)
        expectManaged(Auction.name, auction, await em.fork().findOneOrFail(Auction, auction.id));
      // each joined row once, with the values of its managed entity
      const parcelIds = [...new Set(expected.map((a) => a.parcel.id))];
      const bidIds = expected.flatMap((a) => (a.leadingBidId ? [a.leadingBidId] : []));
      expect(bidIds.length).toBeGreaterThan(0);
      expect(read.joined[0].map((p) => (p as LandParcel).id).sort()).toEqual(parcelIds.sort());
      expect(read.joined[1].map((b) => (b as Bid).id).sort()).toEqual([...bidIds].sort());
      for (const parcel of read.joined[0] as LandParcel[])
        expectManaged(LandParcel.name, parcel, await em.fork().findOneOrFail(LandParcel, parcel.id));
      for (const bid of read.joined[1] as Bid[])
        expectManaged(Bid.name, bid, await em.fork().findOneOrFail(Bid, bid.id));
    }
    expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
  });

  it('read windows of children and one-to-one rows along a page, each the values of its managed entity (PostgreSQL)', async () => {
    const em = server.app.orm.em.fork();
    const window = { order: 'sequence', direction: 'asc' as const, offset: 1, limit: 2 };
    const joins = [
      { property: 'auction', entity: Bid, window },
      { property: 'auction', entity: AuctionResult, inverse: true },
      {
        property: 'auction',
        entity: Bid,
        window: { ...window, direction: 'desc' as const, offset: 0, limit: 9 },
      },
    ];
    const where = { code: { $like: 'BULK-%' } } as never;
    const options = { orderBy: [{ quoteEnd: 'desc' }, { id: 'desc' }], limit: 5, offset: 0 } as never;
    const page = await pageSnapshots(em, Auction, where, options, joins);
    const byIds = await byIdJoined(
      em,
      Auction,
      page.items.map((a) => a.id),
      joins,
    );
    if (db !== 'postgresql') {
      // SQLite reads no window along: the page comes alone, by ids there is no joined read
      expect(page.joined).toEqual([]);
      expect(byIds).toBeNull();
      return;
    }
    expect(page.items).toHaveLength(5);
    for (const read of [page, byIds!]) {
      const items = read.items;
      expect(read.joined[0]).toHaveLength(items.length);
      let results = 0;
      for (const [n, auction] of items.entries()) {
        const all = await em.fork().find(Bid, { auction: auction.id }, { orderBy: { sequence: 'asc' } });
        expect(all.length).toBeGreaterThan(2);
        for (const [w, slice] of [
          [0, all.slice(1, 3)],
          [2, [...all].reverse().slice(0, 9)],
        ] as const) {
          const got = (read.joined[w] as unknown as { items: Bid[]; total: number }[])[n];
          expect(got.total).toBe(all.length);
          expect(got.items.map((b) => b.sequence)).toEqual(slice.map((b) => b.sequence));
          got.items.forEach((bid, i) => expectManaged(Bid.name, bid, slice[i]));
        }
        const result = await em.fork().findOne(AuctionResult, { auction: auction.id });
        const along = (read.joined[1] as AuctionResult[]).filter((r) => r.auction.id === auction.id);
        expect(along).toHaveLength(result ? 1 : 0);
        if (result) {
          results++;
          expectManaged(AuctionResult.name, along[0], result);
        }
      }
      expect(results).toBeGreaterThan(0);
      expect((read.joined[1] as AuctionResult[]).length).toBe(results);
    }
    expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
  });

  /** a snapshot holds exactly its managed entity's values, property by property */
  function expectManaged(entityName: string, snapshot: object, managed: object) {
    const meta: EntityMetadata = server.app.orm.em.getMetadata().get(entityName);
    expect(Object.isFrozen(snapshot)).toBe(true);
    expect(Object.keys(snapshot).filter((k) => k.includes('__'))).toEqual([]);
    for (const prop of meta.props) {
      if (prop.name.endsWith('__inverse')) continue;
      expect([
        entityName,
        prop.name,
        comparable(prop, (snapshot as Record<string, unknown>)[prop.name]),
      ]).toEqual([entityName, prop.name, comparable(prop, (managed as Record<string, unknown>)[prop.name])]);
    }
  }

  if (db === 'sqlite') {
    it('reads SQLite through a memory map of the file', async () => {
      const [row] = await server.app.orm.em.fork().getConnection().execute('pragma mmap_size');
      expect(Object.values(row as object)[0]).toBe(SQLITE_MMAP_BYTES);
    });

    it("reads SQLite's idle connection without the pool, and waits in the pool while a transaction holds it", async () => {
      const orm = server.app.orm;
      const client = (orm.em.fork() as SqlEntityManager).getKnex().client as {
        acquireConnection(): Promise<unknown>;
      };
      const acquire = client.acquireConnection.bind(client);
      let acquired = 0;
      client.acquireConnection = () => {
        acquired++;
        return acquire();
      };
      try {
        // idle: the read runs on the connection at once, the pool untouched
        const before = await findSnapshots(orm.em.fork(), LandParcel, {}, { limit: 500 });
        expect(before.length).toBeGreaterThan(0);
        expect(acquired).toBe(0);

        // a transaction holds the connection with a row written and not committed
        let finish!: (commit: boolean) => void;
        const decided = new Promise<boolean>((resolve) => (finish = resolve));
        const district = `idle-${Date.now()}`;
        const writing = orm.em
          .fork()
          .transactional(async (em) => {
            await (em as SqlEntityManager).execute('update land_parcel set district = ? where id = ?', [
              district,
              before[0].id,
            ]);
            if (!(await decided)) throw new Error('rolled back');
          })
          .catch(() => 'rolled back');
        while (acquired === 0) await new Promise((resolve) => setImmediate(resolve));
        const reading = findSnapshots(orm.em.fork(), LandParcel, { district }, {});
        let settled = false;
        void reading.then(() => (settled = true));
        await new Promise((resolve) => setTimeout(resolve, 50));
        // the read waits for the connection: it neither ran inside the transaction nor saw its row
        expect(settled).toBe(false);
        expect(acquired).toBe(2);
        finish(false);
        expect(await writing).toBe('rolled back');
        expect(await reading).toEqual([]);
      } finally {
        client.acquireConnection = acquire;
      }
    });
  }

  it('a code path that tried to change a snapshot fails instead of silently writing nothing', async () => {
    const [auction] = await findSnapshots(server.app.orm.em.fork(), Auction, {}, { limit: 1 });
    expect(() => {
      (auction as { title: string }).title = 'changed';
    }).toThrow(TypeError);
  });
});

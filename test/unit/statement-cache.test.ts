/** The SQLite statement cache (src/db/statement-cache.ts) on a real better-sqlite3 database. */
import { createRequire } from 'node:module';
import { cacheStatements, readStatement } from '../../src/db/statement-cache';

// better-sqlite3 ships no types; what these tests use of it
interface Statement {
  run(): unknown;
  all(): unknown[];
}
interface Db {
  prepare(sql: string): Statement;
  close(): void;
}
const Database = createRequire(__filename)('better-sqlite3') as new (path: string) => Db;

describe('statement cache', () => {
  let db: Db;
  beforeEach(() => {
    db = new Database(':memory:');
  });
  afterEach(() => db.close());

  it('reuses a statement for the same text and still reads current data', () => {
    const stats = cacheStatements(db, { size: 10, maxSqlLength: 1000 });
    db.prepare('create table t (a integer)').run();
    db.prepare('insert into t (a) values (1)').run();
    const first = db.prepare('select a from t order by a');
    expect(first.all()).toEqual([{ a: 1 }]);
    db.prepare('insert into t (a) values (2)').run();
    const again = db.prepare('select a from t order by a');
    expect(again).toBe(first);
    expect(again.all()).toEqual([{ a: 1 }, { a: 2 }]);
    expect(stats.hits).toBe(1);
  });

  it('answers with the new shape after the schema changed under a kept statement', () => {
    cacheStatements(db, { size: 10, maxSqlLength: 1000 });
    db.prepare('create table t (a integer)').run();
    db.prepare('insert into t (a) values (1)').run();
    expect(db.prepare('select * from t').all()).toEqual([{ a: 1 }]);
    db.prepare('alter table t add column b text').run();
    expect(db.prepare('select * from t').all()).toEqual([{ a: 1, b: null }]);
  });

  it('forgets the least recently used statement beyond its size, and never keeps long texts', () => {
    const stats = cacheStatements(db, { size: 2, maxSqlLength: 20 });
    const one = db.prepare('select 1');
    db.prepare('select 2');
    db.prepare('select 1'); // 1 is now the most recent
    db.prepare('select 3'); // forgets 2
    expect(stats.size()).toBe(2);
    expect(db.prepare('select 1')).toBe(one);
    const misses = stats.misses;
    db.prepare('select 2');
    expect(stats.misses).toBe(misses + 1);
    const long = `select ${'1 + '.repeat(10)}1`;
    expect(db.prepare(long)).not.toBe(db.prepare(long));
  });

  describe('statements of the read path', () => {
    it('answer the row objects better-sqlite3 would, from raw rows', () => {
      cacheStatements(db, { size: 10, maxSqlLength: 1000 });
      db.prepare(
        'create table t (id text, n integer, x real, b blob, "odd name" text, __proto__ text)',
      ).run();
      db.prepare(
        `insert into t values ('a', 1, 1.5, x'00ff', 'o', 'p'), ('b', null, null, null, null, null)`,
      ).run();
      for (const sql of [
        'select id, n, x, b, "odd name" from t order by id',
        'select id, n, n as id from t order by id', // a name twice: the last one, as better-sqlite3 answers
        'select * from t order by id', // a column named __proto__: as the driver answers it
        'select count(*) as c from t where id = ?',
      ]) {
        const values = sql.includes('?') ? ['a'] : [];
        const expected = db.prepare(`${sql} `).all(...(values as [])) as Record<string, unknown>[];
        const read = readStatement(db, sql);
        expect(read.reader).toBe(true);
        const rows = read.all(...values);
        expect(rows).toEqual(expected);
        expect(rows.map((r) => Object.getPrototypeOf(r))).toEqual(
          expected.map((r) => Object.getPrototypeOf(r)),
        );
        expect(readStatement(db, sql)).toBe(read); // kept
      }
    });

    it('run a statement that reads nothing, and read again after the schema changed', () => {
      cacheStatements(db, { size: 10, maxSqlLength: 1000 });
      db.prepare('create table t (a integer)').run();
      const insert = readStatement(db, 'insert into t (a) values (?)');
      expect(insert.reader).toBe(false);
      insert.run(1);
      const select = readStatement(db, 'select * from t');
      expect(select.all()).toEqual([{ a: 1 }]);
      // DDL through the connection: the read path's statements are made anew
      db.prepare('alter table t add column b text').run();
      expect(readStatement(db, 'select * from t')).not.toBe(select);
      expect(readStatement(db, 'select * from t').all()).toEqual([{ a: 1, b: null }]);
      // a statement kept across a change it did not see (another connection): its column list is read again
      select.all(); // still answers (SQLite prepares it anew)
      expect(select.all()).toEqual([{ a: 1, b: null }]);
    });

    it('prepare texts longer than kept each time, answering row objects all the same', () => {
      cacheStatements(db, { size: 10, maxSqlLength: 20 });
      const long = `select ${'1 + '.repeat(10)}1 as n`;
      expect(readStatement(db, long)).not.toBe(readStatement(db, long));
      expect(readStatement(db, long).all()).toEqual([{ n: 11 }]);
    });
  });
});

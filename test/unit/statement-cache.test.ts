/** The SQLite statement cache (src/db/statement-cache.ts) on a real better-sqlite3 database. */
import { createRequire } from 'node:module';
import { cacheStatements } from '../../src/db/statement-cache';

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
});

/**
 * The audit trail's group insert by hand, on the driver's own connection: the entries of one batch in one
 * statement (PostgreSQL: one INSERT … SELECT FROM unnest, prepared once per connection) or in one transaction
 * of prepared single-row INSERTs (SQLite, on its one connection). No unit of work, no query builder: in a bid
 * race every refusal leaves an entry, and the ORM's insertMany cost more than the rest of the refusal's write.
 * The columns and their stored forms are those of AuditEntry (roles ",A,B,", the summary as JSON, SQLite's
 * datetime as milliseconds since the epoch, as the ORM stores them).
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Role } from '../../common/viewer';
import { dialectOf, type Orm } from '../../db/orm';

export interface AuditInsertRow {
  id: string;
  occurredAt: Date;
  subject?: string | null;
  roles: Role[];
  scopeOrganizationId?: string | null;
  bidderId?: string | null;
  memberId?: string | null;
  operationName?: string | null;
  field: string;
  domain: string;
  argumentsSummary: Record<string, unknown>;
  outcome: string;
  ip: string;
}

interface KnexClient<C> {
  acquireConnection(): Promise<C>;
  releaseConnection(connection: C): Promise<unknown>;
}

interface PgClient {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<unknown>;
}

interface SqliteConnection {
  prepare(sql: string): { run(...params: unknown[]): unknown };
  inTransaction: boolean;
}

const COLUMNS = `id, occurred_at, subject, roles, scope_organization_id, bidder_id, member_id, operation_name,
                 field, domain, arguments_summary, outcome, ip`;

const PG_INSERT = `insert into audit_entry (${COLUMNS})
  select id, occurred_at, subject, roles, scope_organization_id, bidder_id, member_id, operation_name, field,
         domain, arguments_summary::jsonb, outcome, ip
    from unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
      as r(id, occurred_at, subject, roles, scope_organization_id, bidder_id, member_id, operation_name, field,
           domain, arguments_summary, outcome, ip)`;

const SQLITE_INSERT = `insert into audit_entry (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const rolesText = (roles: readonly Role[]): string => `,${roles.join(',')},`;

const clientOf = <C>(orm: Orm): KnexClient<C> =>
  (orm.em as SqlEntityManager).getKnex().client as unknown as KnexClient<C>;

/** Stores the rows (all or none). */
export async function insertAuditRows(orm: Orm, rows: readonly AuditInsertRow[]): Promise<void> {
  if (rows.length === 0) return;
  const pool = clientOf<PgClient & SqliteConnection>(orm);
  const connection = await pool.acquireConnection();
  try {
    if (dialectOf(orm.em) === 'sqlite') insertOnSqlite(connection, rows);
    else await insertOnPg(connection, rows);
  } finally {
    await pool.releaseConnection(connection);
  }
}

async function insertOnPg(client: PgClient, rows: readonly AuditInsertRow[]): Promise<void> {
  const column = <T>(f: (r: AuditInsertRow) => T): T[] => rows.map(f);
  await client.query({
    name: 'audit_insert_rows',
    text: PG_INSERT,
    values: [
      column((r) => r.id),
      column((r) => r.occurredAt),
      column((r) => r.subject ?? null),
      column((r) => rolesText(r.roles)),
      column((r) => r.scopeOrganizationId ?? null),
      column((r) => r.bidderId ?? null),
      column((r) => r.memberId ?? null),
      column((r) => r.operationName ?? null),
      column((r) => r.field),
      column((r) => r.domain),
      column((r) => JSON.stringify(r.argumentsSummary)),
      column((r) => r.outcome),
      column((r) => r.ip),
    ],
  });
}

function insertOnSqlite(db: SqliteConnection, rows: readonly AuditInsertRow[]): void {
  // the pool hands the one connection out only between transactions of the ORM
  if (db.inTransaction) throw new Error('the SQLite connection was handed out inside a transaction');
  const insert = db.prepare(SQLITE_INSERT);
  db.prepare('begin').run();
  try {
    for (const r of rows) {
      insert.run(
        r.id,
        r.occurredAt.getTime(),
        r.subject ?? null,
        rolesText(r.roles),
        r.scopeOrganizationId ?? null,
        r.bidderId ?? null,
        r.memberId ?? null,
        r.operationName ?? null,
        r.field,
        r.domain,
        JSON.stringify(r.argumentsSummary),
        r.outcome,
        r.ip,
      );
    }
    db.prepare('commit').run();
  } catch (error) {
    db.prepare('rollback').run();
    throw error;
  }
}

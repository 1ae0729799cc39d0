/**
 * Per-operation DataLoaders for the party graph: every nested field goes through one of these, so a page of
 * members, records or organizations costs one query per field, never one per row. They read through the one
 * read path (src/db/reads.ts): frozen snapshots in a read-only query, managed entities otherwise.
 */
import type { EntityClass } from '@mikro-orm/core';
import { read } from '../db/reads';
import type { PartyContext } from './party.context';
import { PartyOrganization } from './organization/organization.entity';
import { MobilityRecord } from './mobility/mobility.entity';
import { DutyRecord } from './duty/duty.entity';
import { rawRows } from './party.support';

type WithId = { id: string };

/** Any party entity by id (null when missing). */
export function loadById<T extends WithId>(
  ctx: PartyContext,
  entity: EntityClass<T>,
  id: string,
): Promise<T | null> {
  return ctx.loaders
    .get<string, T | null>(`party:byId:${entity.name}`, async (ids) => {
      const rows = await read.where(ctx, entity, 'id', ids);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    })
    .load(id);
}

/** A reference's entity, loaded (references of ManyToOne are ids until loaded). */
export async function loadRef<T extends WithId>(
  ctx: PartyContext,
  entity: EntityClass<T>,
  ref: { id: string } | null | undefined,
): Promise<T | null> {
  return ref ? loadById(ctx, entity, ref.id) : null;
}

export const loadOrganization = (ctx: PartyContext, id: string) => loadById(ctx, PartyOrganization, id);

/** Rows of `entity` whose `column` is one of the keys, grouped by key, in `orderBy` order. */
export function loadMany<T extends object>(
  ctx: PartyContext,
  entity: EntityClass<T>,
  property: string,
  key: string,
  orderBy: Record<string, 'asc' | 'desc'>,
): Promise<T[]> {
  return ctx.loaders
    .get<string, T[]>(`party:many:${entity.name}.${property}`, async (keys) => {
      const rows = await read.where(ctx, entity, property, keys, orderBy);
      const grouped = new Map<string, T[]>(keys.map((k) => [k, []]));
      for (const row of rows) {
        const value = (row as Record<string, unknown>)[property];
        const id = typeof value === 'object' && value !== null ? (value as WithId).id : String(value);
        grouped.get(id)?.push(row);
      }
      return keys.map((k) => grouped.get(k) ?? []);
    })
    .load(key);
}

/** The member's active mobility record, if any. */
export function loadActiveRecord(ctx: PartyContext, memberId: string): Promise<MobilityRecord | null> {
  return ctx.loaders
    .get<string, MobilityRecord | null>('party:activeRecord', async (ids) => {
      const rows = await read.where(ctx, MobilityRecord, 'activeKey', ids);
      const byMember = new Map(rows.map((r) => [r.activeKey!, r]));
      return ids.map((id) => byMember.get(id) ?? null);
    })
    .load(memberId);
}

export const loadDutyRecords = (ctx: PartyContext, recordId: string): Promise<DutyRecord[]> =>
  loadMany(ctx, DutyRecord, 'mobilityRecord', recordId, { performedAt: 'asc', id: 'asc' });

/**
 * A batched scalar per key from one SQL statement: `sqlFor(key)` gives a `select … as n` statement for one
 * key, and the batch runs them as one UNION ALL.
 */
export function loadScalar(
  ctx: PartyContext,
  loaderKey: string,
  key: string,
  sqlFor: (key: string) => { sql: string; params: unknown[] },
): Promise<number> {
  return ctx.loaders
    .get<string, number>(`party:scalar:${loaderKey}`, async (keys) => {
      const parts = keys.map((k, i) => {
        const q = sqlFor(k);
        return { sql: `select ${i} as k, (${q.sql}) as n`, params: q.params };
      });
      const rows = await rawRows<{ k: number | string; n: number | string }>(
        ctx,
        parts.map((p) => p.sql).join(' union all '),
        parts.flatMap((p) => p.params),
      );
      const values = new Map(rows.map((r) => [Number(r.k), Number(r.n)]));
      return keys.map((_, i) => values.get(i) ?? 0);
    })
    .load(key);
}

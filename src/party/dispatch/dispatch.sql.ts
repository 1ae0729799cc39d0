/**
 * 工作调度 roll-up: one SQL statement that counts the active mobility records of a subtree by the base committee
 * (具有审批预备党员权限的基层党（工）委) each record's organization belongs to.
 *
 * 1. `j` (duty.sql.ts): one row per record active on the day whose outflow or inflow organization is in scope.
 * 2. `outs` / `ins`: the counters of the outflow side and of the inflow side, each grouped in one pass by the
 *    committee of the record's outflow (inflow) path: the deepest organization with can_approve_probationary
 *    among the path's own prefixes below the scope, else the scope itself — one hash join per depth with
 *    `committees` (the scope's committees, a few hundred rows) on the path's prefix of that depth.
 * 3. (The committees' sums of both sides.)
 * 4. Every committee below the scope, and the scope (what lies under no committee below it), with its sums.
 *
 * Member duties (the 5 list) count with the outflow side, as in the analytics. Values are inlined as literals
 * only after validation (a date, a digit path, a UUID).
 */
import { addDays, addMonths } from '../../common/time';
import { isUuid } from '../../common/ids';
import { DutyHolder, type DutySpec } from '../duty/duty.catalog';
import {
  count,
  day,
  dutyConditions,
  inSubtree,
  perRecord,
  reportedBy,
  type SqlDialect,
} from '../duty/duty.sql';

export interface RollupOptions {
  /** 失联: no contact for more than this many days (LOST_CONTACT_DAYS) */
  lostContactDays: number;
  /** 应转尽转: reported to one inflow organization at least this many months (TRANSFER_SUGGEST_MONTHS) */
  transferSuggestMonths: number;
  dialect: SqlDialect;
}

export interface RollupScope {
  id: string;
  path: string;
  depth: number;
}

/** the sum over a list (7 outflow / 6 inflow / 5 member duties) of its overdue duties, one per record and duty */
function overdueOf(catalog: readonly DutySpec[], holder: DutyHolder, d: string): string {
  const terms = catalog
    .filter((s) => s.holder === holder)
    .map((s) => {
      const c = dutyConditions(s, d);
      return count(`${c.applicable} and ${c.overdue}`);
    });
  return terms.length ? terms.join(' + ') : '0';
}

/** 失联 as of `d`: as of today the record's lastContactOn; before, the latest contact on or before `d` */
function lostContact(d: string, latest: boolean, days: number): string {
  const threshold = day(addDays(d, -days));
  if (latest) return `last_contact_on < ${threshold}`;
  const before = (column: string) => `(${column} is null or ${column} < ${threshold})`;
  return [
    `registered_on < ${threshold}`,
    `(reported_on is null or reported_on < ${threshold} or reported_on > ${day(d)})`,
    before('l_outflow_2'),
    before('l_inflow_2'),
    before('l_member_3'),
  ].join(' and ');
}

/** 预备党员转正到期: probation has ended by `d` and OUTFLOW_3 is not met (no decision since) */
function conversionDue(catalog: readonly DutySpec[], d: string): string {
  const spec = catalog.find((s) => s.code === 'OUTFLOW_3');
  if (!spec) return '1 = 0';
  const c = dutyConditions(spec, d);
  return `${c.applicable} and not (${c.fulfilled}) and probation_ends_on <= ${day(d)}`;
}

export function rollupSql(
  catalog: readonly DutySpec[],
  scope: RollupScope,
  maxDepth: number,
  d: string,
  latest: boolean,
  options: RollupOptions,
): string {
  if (!isUuid(scope.id) || !/^\d+$/.test(scope.path)) throw new RangeError('bad scope');
  const prefixLengths: number[] = [];
  for (let depth = scope.depth + 1; depth <= maxDepth; depth++) prefixLengths.push(5 * (depth + 1));
  // a record's committee: a hash join with the scope's committees per depth below the scope, on the prefix of
  // that depth of the record's path (paths are 5 digits a level); the deepest found wins, else the scope itself
  const nearest = (column: string) => ({
    id: `coalesce(${[...prefixLengths]
      .reverse()
      .map((n) => `c${n}.id`)
      .concat(`'${scope.id}'`)
      .join(', ')})`,
    joins: prefixLengths
      .map((n) => `\n  left join committees c${n} on c${n}.path = substr(j.${column}, 1, ${n})`)
      .join(''),
  });
  const outs = nearest('outflow_path');
  const ins = nearest('inflow_path');
  const transferBy = day(addMonths(d, -options.transferSuggestMonths));
  return `${perRecord(catalog, scope.path, d, latest, options.dialect, [
    'outflow_path',
    'inflow_path',
    'last_contact_on',
  ])},
committees as (
  select c.id, c.path from party_organization c
  where c.can_approve_probationary = true and ${inSubtree('c.path', scope.path)}
),
outs as (
  select ${outs.id} as committee_id,
    count(*) as outflow_active,
    ${count(`not ${reportedBy(d, 'j')}`)} as unreported,
    ${count(lostContact(d, latest, options.lostContactDays))} as lost_contact,
    ${overdueOf(catalog, DutyHolder.OUTFLOW_ORGANIZATION, d)} as overdue_outflow,
    ${overdueOf(catalog, DutyHolder.MEMBER, d)} as overdue_member,
    ${count(conversionDue(catalog, d))} as conversions_due,
    ${count(`reported_on is not null and reported_on <= ${transferBy}`)} as should_transfer
  from j${outs.joins}
  where o = 1 group by 1
),
ins as (
  select ${ins.id} as committee_id,
    count(*) as inflow_active,
    ${overdueOf(catalog, DutyHolder.INFLOW_ORGANIZATION, d)} as overdue_inflow
  from j${ins.joins}
  where i = 1 group by 1
),
attributed as (
  select committee_id, outflow_active, unreported, lost_contact, overdue_outflow,
    overdue_member, conversions_due, should_transfer, 0 as inflow_active, 0 as overdue_inflow
  from outs
  union all
  select committee_id, 0, 0, 0, 0, 0, 0, 0, inflow_active, overdue_inflow
  from ins
)
select g.id, g.path,
  coalesce(sum(a.outflow_active), 0) as outflow_active,
  coalesce(sum(a.inflow_active), 0) as inflow_active,
  coalesce(sum(a.unreported), 0) as unreported,
  coalesce(sum(a.lost_contact), 0) as lost_contact,
  coalesce(sum(a.overdue_outflow), 0) as overdue_outflow,
  coalesce(sum(a.overdue_inflow), 0) as overdue_inflow,
  coalesce(sum(a.overdue_member), 0) as overdue_member,
  coalesce(sum(a.conversions_due), 0) as conversions_due,
  coalesce(sum(a.should_transfer), 0) as should_transfer
from party_organization g left join attributed a on a.committee_id = g.id
where g.id = '${scope.id}' or (g.can_approve_probationary = true and ${inSubtree('g.path', scope.path)})
group by g.id, g.path
order by g.path`;
}

/** the deepest organization below the scope, so the roll-up probes no more prefixes than paths can have */
export const maxDepthSql = (path: string): string =>
  `select max(depth) as d from party_organization where ${inSubtree('path', path)}`;

/**
 * The three party analytics as single SQL statements over one subtree, with no recursion; the per-record duty
 * arithmetic is src/party/duty/duty.sql.ts (it mirrors src/party/duty/duty.rules.ts term by term).
 */
import {
  count,
  day,
  dutyConditions,
  inflowIn,
  outflowIn,
  perRecord,
  reportedBy,
  activeOn,
  type SqlDialect,
} from '../party/duty/duty.sql';
import type { DutySpec } from '../party/duty/duty.catalog';

/** `latest`: the day is today or later, so the cached last-met days apply */
export function summarySql(
  catalog: readonly DutySpec[],
  path: string,
  d: string,
  latest: boolean,
  dialect: SqlDialect,
): string {
  const anyOverdue = catalog
    .map((s) => {
      const c = dutyConditions(s, d);
      return `(${c.applicable} and ${c.overdue})`;
    })
    .join('\n    or ');
  return `${perRecord(catalog, path, d, latest, dialect)}
select
  ${count('o = 1')} as outflow_active,
  ${count('i = 1')} as inflow_active,
  ${count(`o = 1 and mobile_from <= ${day(d)}`)} as mobile_members,
  ${count(`o = 1 and not ${reportedBy(d, 'j')}`)} as unreported,
  ${count(`o = 1 and outflow_contact_since is not null and outflow_contact_since <= ${day(d)}`)} as contact_assigned,
  ${count(anyOverdue)} as with_overdue
from j`;
}

export function complianceSql(
  catalog: readonly DutySpec[],
  path: string,
  d: string,
  latest: boolean,
  dialect: SqlDialect,
): string {
  const columns = catalog.flatMap((s, k) => {
    const c = dutyConditions(s, d);
    return [
      `${count(c.applicable)} as a${k}`,
      `${count(`${c.applicable} and ${c.fulfilled}`)} as f${k}`,
      `${count(`${c.applicable} and ${c.late}`)} as l${k}`,
      `${count(`${c.applicable} and ${c.overdue}`)} as o${k}`,
    ];
  });
  return `${perRecord(catalog, path, d, latest, dialect)}
select
  ${columns.join(',\n  ')}
from j`;
}

export type BreakdownKey =
  | 'DESTINATION_REGION'
  | 'OUTFLOW_ORGANIZATION'
  | 'INFLOW_ORGANIZATION'
  | 'REASON'
  | 'DEPARTURE_MONTH'
  | 'STATUS';

export function breakdownSql(by: BreakdownKey, path: string, d: string): string {
  const side = by === 'INFLOW_ORGANIZATION' ? inflowIn(path, d) : outflowIn(path);
  const where = `where ${activeOn(d)} and ${side}`;
  const grouped = (key: string) =>
    `select ${key} as k, null as label, count(*) as n from mobility_record r ${where} ` +
    `group by 1 order by 3 desc, 1 asc`;
  // the organization's name is looked up per group (a few hundred), not joined to every record of the scope
  const named = (column: string) =>
    `select s.k, (select g.name from party_organization g where g.id = s.k) as label, s.n from ` +
    `(select r.${column} as k, count(*) as n from mobility_record r ${where} group by 1) s order by 3 desc, 1 asc`;
  switch (by) {
    case 'DESTINATION_REGION':
      return grouped('r.destination_region_code');
    case 'OUTFLOW_ORGANIZATION':
      return named('outflow_organization_id');
    case 'INFLOW_ORGANIZATION':
      return named('inflow_organization_id');
    case 'REASON':
      return grouped('r.reason');
    case 'DEPARTURE_MONTH':
      return grouped('substr(r.departed_on, 1, 7)');
    case 'STATUS':
      return grouped(`case when ${reportedBy(d)} then 'REPORTED' else 'REGISTERED' end`);
  }
}

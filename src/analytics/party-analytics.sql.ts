/**
 * The three party analytics as single SQL statements over one subtree, with no recursion: the subtree is an
 * index range on the organization paths copied onto mobility_record, and a day is a string compared with the
 * stored YYYY-MM-DD columns (date arithmetic is done in code). The duty arithmetic mirrors
 * src/party/duty/duty.rules.ts term by term; a test checks that both agree.
 *
 * Values are inlined as literals only after validation (a date, a digit path), which also lets the planner see
 * the actual ranges.
 */
import { addDays, isValidIsoDate } from '../common/time';
import { DutyAppliesFrom, DutyHolder, type DutySpec } from '../party/duty/duty.catalog';
import { yearBounds } from '../party/duty/duty.rules';
import { lastMetColumn } from '../party/mobility/mobility.entity';
import { subtreeRange } from '../party/organization/organization.rules';

const day = (value: string): string => {
  if (!isValidIsoDate(value)) throw new RangeError(`not a date: ${value}`);
  return `'${value}'`;
};

function inSubtree(column: string, path: string): string {
  const { from, to } = subtreeRange(path); // digits only
  return to === null ? `${column} >= '${from}'` : `(${column} >= '${from}' and ${column} < '${to}')`;
}

const activeOn = (d: string) =>
  `r.registered_on <= ${day(d)} and (r.ended_on is null or r.ended_on > ${day(d)})`;
const reportedBy = (d: string, alias = 'r') =>
  `(${alias}.reported_on is not null and ${alias}.reported_on <= ${day(d)})`;
const outflowIn = (path: string) => inSubtree('r.outflow_path', path);
const inflowIn = (path: string, d: string) => `(${reportedBy(d)} and ${inSubtree('r.inflow_path', path)})`;

const lastColumn = (spec: DutySpec) => `l_${spec.code.toLowerCase()}`;

const START: Record<DutyAppliesFrom, string> = {
  [DutyAppliesFrom.REGISTRATION]: 'registered_on',
  [DutyAppliesFrom.DEPARTURE]: 'departed_on',
  [DutyAppliesFrom.REPORT]: 'reported_on',
};

/** applicable / fulfilled (on time or late) / late / overdue of one duty, as SQL conditions over the row `j`. */
export function dutyConditions(
  spec: DutySpec,
  d: string,
): { applicable: string; fulfilled: string; late: string; overdue: string } {
  const last = lastColumn(spec);
  const start = START[spec.appliesFrom];
  const applicable = [
    spec.holder === DutyHolder.INFLOW_ORGANIZATION ? 'i = 1' : 'o = 1',
    spec.appliesFrom === DutyAppliesFrom.REPORT ? reportedBy(d, 'j') : null,
    spec.probationaryOnly ? 'probation_ends_on is not null' : null,
    spec.kind === 'YEARLY' ? `mobile_from <= ${day(d)}` : null,
  ]
    .filter(Boolean)
    .join(' and ');
  switch (spec.kind) {
    case 'DUE': {
      const due = spec.due!;
      const base = due.from === 'PROBATION_END' ? 'probation_ends_on' : START[due.from];
      const met = spec.probationaryOnly
        ? `(${last} is not null and (probation_extended_on is null or ${last} > probation_extended_on))`
        : `${last} is not null`;
      return {
        applicable,
        fulfilled: met,
        late: spec.lateAfterDue ? `${met} and ${last} > ${spec.lateAfterDue.dueColumn}` : '1 = 0',
        overdue: `not ${met} and ${base} < ${day(addDays(d, -due.days))}`,
      };
    }
    case 'YEARLY': {
      const y = yearBounds(d);
      return {
        applicable,
        fulfilled: `${last} >= ${day(y.thisYearStart)}`,
        late: '1 = 0',
        overdue:
          `(${last} is null or ${last} < ${day(y.lastYearStart)}) and ` +
          `mobile_from <= ${day(y.lastYearEnd)} and registered_on <= ${day(y.lastYearEnd)}`,
      };
    }
    case 'EVENTS':
      return { applicable, fulfilled: `${last} >= ${start}`, late: '1 = 0', overdue: '1 = 0' };
    case 'CADENCE': {
      const threshold = day(addDays(d, -spec.cadenceDays!));
      const since = spec.needsContact === 'OUTFLOW' ? 'outflow_contact_since' : 'inflow_contact_since';
      const contact = spec.needsContact ? `(${since} is not null and ${since} <= ${day(d)})` : '1 = 1';
      const noContact = spec.needsContact ? `(${since} is null or ${since} > ${day(d)})` : '1 = 0';
      return {
        applicable,
        fulfilled: `${contact} and ${last} >= ${start} and ${last} >= ${threshold}`,
        late: '1 = 0',
        overdue: `${start} < ${threshold} and (${noContact} or ${last} is null or ${last} < ${threshold})`,
      };
    }
  }
}

/**
 * `j`: one row per active record in scope as of the day, with o / i (outflow / inflow organization in scope)
 * and the last day each duty was met.
 */
function perRecord(catalog: readonly DutySpec[], path: string, d: string, latest: boolean): string {
  const recs = (
    extra: string,
  ) => `select r.id, r.registered_on, r.departed_on, r.reported_on, r.probation_ends_on,
    r.probation_extended_on, r.know_outflow_due_on,
    r.mobile_from, r.outflow_contact_since, r.inflow_contact_since,
    case when ${outflowIn(path)} then 1 else 0 end as o,
    case when ${inflowIn(path, d)} then 1 else 0 end as i${extra}
  from mobility_record r
  where ${activeOn(d)} and (${outflowIn(path)} or ${inflowIn(path, d)})`;
  if (latest) {
    // as of today or later, the last day each duty was met is cached on the record (mobility.entity.ts)
    const cached = catalog.map((s) => `,\n    r.${lastMetColumn(s.code)} as ${lastColumn(s)}`).join('');
    return `with j as (${recs(cached)})`;
  }
  const lasts = catalog
    .map((s) => `max(x.performed_on) filter (where x.duty_code = '${s.code}') as ${lastColumn(s)}`)
    .join(',\n    ');
  return `with recs as (${recs('')}),
lasts as (
  select x.mobility_record_id as rid,
    ${lasts}
  from duty_record x join recs on recs.id = x.mobility_record_id
  where x.performed_on <= ${day(d)}
  group by x.mobility_record_id
),
j as (select recs.*, lasts.* from recs left join lasts on lasts.rid = recs.id)`;
}

// aggregate FILTER clauses (PostgreSQL, SQLite ≥ 3.30) cost about a third less than sum(case …) at a city's scale
const count = (condition: string) => `count(*) filter (where ${condition})`;

/** `latest`: the day is today or later, so the cached last-met days apply */
export function summarySql(catalog: readonly DutySpec[], path: string, d: string, latest = false): string {
  const anyOverdue = catalog
    .map((s) => {
      const c = dutyConditions(s, d);
      return `(${c.applicable} and ${c.overdue})`;
    })
    .join('\n    or ');
  return `${perRecord(catalog, path, d, latest)}
select
  ${count('o = 1')} as outflow_active,
  ${count('i = 1')} as inflow_active,
  ${count(`o = 1 and mobile_from <= ${day(d)}`)} as mobile_members,
  ${count(`o = 1 and not ${reportedBy(d, 'j')}`)} as unreported,
  ${count(`o = 1 and outflow_contact_since is not null and outflow_contact_since <= ${day(d)}`)} as contact_assigned,
  ${count(anyOverdue)} as with_overdue
from j`;
}

export function complianceSql(catalog: readonly DutySpec[], path: string, d: string, latest = false): string {
  const columns = catalog.flatMap((s, k) => {
    const c = dutyConditions(s, d);
    return [
      `${count(c.applicable)} as a${k}`,
      `${count(`${c.applicable} and ${c.fulfilled}`)} as f${k}`,
      `${count(`${c.applicable} and ${c.late}`)} as l${k}`,
      `${count(`${c.applicable} and ${c.overdue}`)} as o${k}`,
    ];
  });
  return `${perRecord(catalog, path, d, latest)}
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
  const grouped = (key: string, join = '', label?: string) =>
    `select ${key} as k, ${label ?? 'null'} as label, count(*) as n from mobility_record r ${join} ${where} ` +
    `group by ${label ? '1, 2' : '1'} order by 3 desc, 1 asc`;
  switch (by) {
    case 'DESTINATION_REGION':
      return grouped('r.destination_region_code');
    case 'OUTFLOW_ORGANIZATION':
      return grouped(
        'r.outflow_organization_id',
        'join party_organization g on g.id = r.outflow_organization_id',
        'g.name',
      );
    case 'INFLOW_ORGANIZATION':
      return grouped(
        'r.inflow_organization_id',
        'join party_organization g on g.id = r.inflow_organization_id',
        'g.name',
      );
    case 'REASON':
      return grouped('r.reason');
    case 'DEPARTURE_MONTH':
      return grouped('substr(r.departed_on, 1, 7)');
    case 'STATUS':
      return grouped(`case when ${reportedBy(d)} then 'REPORTED' else 'REGISTERED' end`);
  }
}

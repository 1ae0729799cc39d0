/**
 * The duty arithmetic of duty.rules.ts as SQL conditions over one active mobility record per row, shared by the
 * analytics (src/analytics/) and the county roll-up (../dispatch/). The subtree is an index range on the
 * organization paths copied onto mobility_record, and a day is a string compared with the stored YYYY-MM-DD
 * columns (date arithmetic is done in code). A test checks that this SQL and the rules agree.
 *
 * Values are inlined as literals only after validation (a date, a digit path), which also lets the planner see
 * the actual ranges.
 */
import { addDays, isValidIsoDate } from '../../common/time';
import type { DatabaseConfig } from '../../config';
import { DutyAppliesFrom, DutyHolder, type DutySpec } from './duty.catalog';
import { yearBounds } from './duty.rules';
import { lastMetColumn } from '../mobility/mobility.entity';
import { subtreeRange } from '../organization/organization.rules';

export const day = (value: string): string => {
  if (!isValidIsoDate(value)) throw new RangeError(`not a date: ${value}`);
  return `'${value}'`;
};

export function inSubtree(column: string, path: string): string {
  const { from, to } = subtreeRange(path); // digits only
  return to === null ? `${column} >= '${from}'` : `(${column} >= '${from}' and ${column} < '${to}')`;
}

export const activeOn = (d: string) =>
  `r.registered_on <= ${day(d)} and (r.ended_on is null or r.ended_on > ${day(d)})`;
export const reportedBy = (d: string, alias = 'r') =>
  `(${alias}.reported_on is not null and ${alias}.reported_on <= ${day(d)})`;
export const outflowIn = (path: string) => inSubtree('r.outflow_path', path);
export const inflowIn = (path: string, d: string) =>
  `(${reportedBy(d)} and ${inSubtree('r.inflow_path', path)})`;

export const lastColumn = (spec: DutySpec) => `l_${spec.code.toLowerCase()}`;

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

/** the SQL dialect a statement is written for (the as-of-a-past-day lookup differs) */
export type SqlDialect = DatabaseConfig['kind'];

/**
 * `j`: one row per active record in scope as of the day, with o / i (outflow / inflow organization in scope)
 * and the last day each duty was met.
 */
export function perRecord(
  catalog: readonly DutySpec[],
  path: string,
  d: string,
  latest: boolean,
  dialect: SqlDialect,
  /** further columns of mobility_record `r` the caller needs on `j` (the roll-up's paths) */
  extraColumns: readonly string[] = [],
): string {
  const more = extraColumns.map((c) => `, r.${c}`).join('');
  const recs = (
    extra: string,
  ) => `select r.id, r.registered_on, r.departed_on, r.reported_on, r.probation_ends_on,
    r.probation_extended_on, r.know_outflow_due_on,
    r.mobile_from, r.outflow_contact_since, r.inflow_contact_since,
    case when ${outflowIn(path)} then 1 else 0 end as o,
    case when ${inflowIn(path, d)} then 1 else 0 end as i${more}${extra}
  from mobility_record r
  where ${activeOn(d)} and (${outflowIn(path)} or ${inflowIn(path, d)})`;
  if (latest) {
    // as of today or later, the last day each duty was met is cached on the record (mobility.entity.ts)
    const cached = catalog.map((s) => `,\n    r.${lastMetColumn(s.code)} as ${lastColumn(s)}`).join('');
    // PostgreSQL: a statement reading `j` twice (the roll-up's two sides) scans the table twice rather than
    // storing every row of `j` first (a tenth less CPU at a city's scale)
    return `with j as ${dialect === 'postgresql' ? 'not materialized ' : ''}(${recs(cached)})`;
  }
  // before today, from duty_last_met_day (src/analytics/duty-history.entity.ts): the record's row with the
  // greatest day on or before `d` holds each duty's last day met as of `d` — one row per record, found by its
  // primary key (a lateral probe on PostgreSQL; SQLite looks the day up first)
  const lasts = catalog.map((s) => `h.${lastMetColumn(s.code)} as ${lastColumn(s)}`).join(',\n    ');
  const history =
    dialect === 'postgresql'
      ? `left join lateral (
    select * from duty_last_met_day h where h.mobility_record_id = recs.id and h.day <= ${day(d)}
    order by h.day desc limit 1
  ) h on true`
      : `left join duty_last_met_day h on h.mobility_record_id = recs.id and h.day = (
    select max(h2.day) from duty_last_met_day h2 where h2.mobility_record_id = recs.id and h2.day <= ${day(d)}
  )`;
  // PostgreSQL probes in id order, so consecutive probes walk the primary key's pages in order (a quarter less CPU
  // at a city's scale than probing in the records' physical order)
  const probeOrder = dialect === 'postgresql' ? '\n  order by r.id' : '';
  return `with recs as (${recs('')}${probeOrder}),
j as (
  select recs.*,
    ${lasts}
  from recs ${history}
)`;
}

// aggregate FILTER clauses (PostgreSQL, SQLite ≥ 3.30) cost about a third less than sum(case …) at a city's scale
export const count = (condition: string) => `count(*) filter (where ${condition})`;

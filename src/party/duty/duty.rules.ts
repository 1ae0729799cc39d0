/**
 * Whether a duty is met, pending or overdue for a mobility record as of a day — pure, and the reference for the
 * SQL of duty.sql.ts (a test compares the two over the same data).
 *
 * Days are Asia/Shanghai calendar dates (YYYY-MM-DD). "Within N days of X" means up to and including X + N:
 * a duty is overdue from the day after its deadline.
 */
import { addDays } from '../../common/time';
import { percent } from '../../common/decimal';
import { DutyAppliesFrom, DutyHolder, type DutySpec } from './duty.catalog';

/** What the rules need to know about a mobility record. */
export interface RecordFacts {
  registeredOn: string;
  departedOn: string;
  reportedOn: string | null;
  endedOn: string | null;
  /** the member's probationEndsAt at registration; null for a full member */
  probationEndsOn: string | null;
  /** the day the probation was extended (EXTEND); OUTFLOW_3 is then met only by a later decision */
  probationExtendedOn: string | null;
  outflowContactSince: string | null;
  inflowContactSince: string | null;
}

export interface DutyEvent {
  dutyCode: string;
  performedOn: string;
}

/** LATE: met, but after the due day (a DUE duty with lateAfterDue) */
export type DutyState = 'NOT_APPLICABLE' | 'PENDING' | 'FULFILLED' | 'LATE' | 'OVERDUE';

/** The calendar-year bounds a YEARLY duty is judged by, as of a day. */
export function yearBounds(day: string): {
  thisYearStart: string;
  lastYearStart: string;
  lastYearEnd: string;
} {
  const year = Number(day.slice(0, 4));
  return {
    thisYearStart: `${year}-01-01`,
    lastYearStart: `${year - 1}-01-01`,
    lastYearEnd: `${year - 1}-12-31`,
  };
}

export interface YearlyFacts {
  registeredOn: string;
  mobileFrom: string;
}

/** registered on or before the day and not ended by it */
export const isActiveOn = (r: Pick<RecordFacts, 'registeredOn' | 'endedOn'>, day: string): boolean =>
  r.registeredOn <= day && (r.endedOn === null || r.endedOn > day);

/** reported to an inflow organization on or before the day */
export const isReportedOn = (r: Pick<RecordFacts, 'reportedOn'>, day: string): boolean =>
  r.reportedOn !== null && r.reportedOn <= day;

function startOf(from: DutyAppliesFrom, r: RecordFacts, day: string): string | null {
  switch (from) {
    case DutyAppliesFrom.REGISTRATION:
      return r.registeredOn;
    case DutyAppliesFrom.DEPARTURE:
      return r.departedOn;
    case DutyAppliesFrom.REPORT:
      return isReportedOn(r, day) ? r.reportedOn : null;
  }
}

/** the day a DUE duty falls due (null: not applicable) */
function dueOf(spec: DutySpec, r: RecordFacts, day: string): string | null {
  const due = spec.due!;
  const base = due.from === 'PROBATION_END' ? r.probationEndsOn : startOf(due.from, r, day);
  return base === null ? null : addDays(base, due.days);
}

/** The latest day each duty was met on or before `day`. */
export function lastMet(events: readonly DutyEvent[], day: string): Map<string, string> {
  const last = new Map<string, string>();
  for (const e of events) {
    if (e.performedOn > day) continue;
    const seen = last.get(e.dutyCode);
    if (seen === undefined || e.performedOn > seen) last.set(e.dutyCode, e.performedOn);
  }
  return last;
}

/**
 * - DUE: met by any event on or before the day (for OUTFLOW_3 after an EXTEND: by one after the extension);
 *   overdue when unmet after the due day; with lateAfterDue, LATE when met after the due day.
 * - YEARLY: see duty.catalog.ts; needs the record's mobileFrom.
 * - CADENCE with cadence c: met when the last event on or after the start is at most c days old (and, for the
 *   contact duties, a named contact of that side is assigned); overdue when more than c days have passed since
 *   the later of the start and the last event (or, with no contact assigned, since the start); else pending.
 * - EVENTS: met by any event since the start; never overdue.
 */
export function judgeDuty(
  spec: DutySpec,
  r: RecordFacts & Partial<YearlyFacts>,
  lastOn: string | null,
  day: string,
): DutyState {
  if (!isActiveOn(r, day)) return 'NOT_APPLICABLE';
  const start = startOf(spec.appliesFrom, r, day);
  if (start === null) return 'NOT_APPLICABLE';
  if (spec.probationaryOnly && r.probationEndsOn === null) return 'NOT_APPLICABLE';

  switch (spec.kind) {
    case 'DUE': {
      const due = dueOf(spec, r, day);
      const extended = spec.probationaryOnly ? r.probationExtendedOn : null;
      const met = lastOn !== null && (extended === null || lastOn > extended);
      if (met) return spec.lateAfterDue && due !== null && lastOn > due ? 'LATE' : 'FULFILLED';
      return due !== null && day > due ? 'OVERDUE' : 'PENDING';
    }
    case 'YEARLY': {
      const mobileFrom = r.mobileFrom ?? '9999-12-31';
      if (mobileFrom > day) return 'NOT_APPLICABLE';
      const y = yearBounds(day);
      if (lastOn !== null && lastOn >= y.thisYearStart) return 'FULFILLED';
      const owedLastYear = mobileFrom <= y.lastYearEnd && r.registeredOn <= y.lastYearEnd;
      return owedLastYear && (lastOn === null || lastOn < y.lastYearStart) ? 'OVERDUE' : 'PENDING';
    }
    case 'EVENTS':
      return lastOn !== null && lastOn >= start ? 'FULFILLED' : 'PENDING';
    case 'CADENCE': {
      const threshold = addDays(day, -spec.cadenceDays!); // "x + c < day" ⇔ "x < day − c"
      const contactSince =
        spec.needsContact === 'OUTFLOW'
          ? r.outflowContactSince
          : spec.needsContact === 'INFLOW'
            ? r.inflowContactSince
            : start;
      const hasContact = contactSince !== null && contactSince <= day;
      const recent = lastOn !== null && lastOn >= start && lastOn >= threshold;
      if (hasContact && recent) return 'FULFILLED';
      const lapsed = start < threshold && (!hasContact || lastOn === null || lastOn < threshold);
      return lapsed ? 'OVERDUE' : 'PENDING';
    }
  }
}

/** Every duty's state for one record as of a day. */
export function judgeRecord(
  catalog: readonly DutySpec[],
  r: RecordFacts & Partial<YearlyFacts>,
  events: readonly DutyEvent[],
  day: string,
): Map<string, DutyState> {
  const last = lastMet(events, day);
  return new Map(catalog.map((spec) => [spec.code, judgeDuty(spec, r, last.get(spec.code) ?? null, day)]));
}

export function overdueDuties(
  catalog: readonly DutySpec[],
  r: RecordFacts & Partial<YearlyFacts>,
  events: readonly DutyEvent[],
  day: string,
): DutySpec[] {
  const states = judgeRecord(catalog, r, events, day);
  return catalog.filter((spec) => states.get(spec.code) === 'OVERDUE');
}

/** 失联: no contact recorded on either side for more than `days` days. */
export const isLostContact = (lastContactOn: string, today: string, days: number): boolean =>
  lastContactOn < addDays(today, -days);

/**
 * A record seen from an analytics scope: outflow and member duties count for the scope that holds the outflow
 * organization, inflow duties for the scope that holds the inflow organization (reported by the day).
 */
export interface ScopedRecord extends RecordFacts, YearlyFacts {
  outflowInScope: boolean;
  inflowInScope: boolean;
  events: readonly DutyEvent[];
}

export const holderInScope = (spec: DutySpec, r: ScopedRecord): boolean =>
  spec.holder === DutyHolder.INFLOW_ORGANIZATION ? r.inflowInScope : r.outflowInScope;

export interface ComplianceCount {
  code: string;
  applicable: number;
  /** met, on time or late */
  fulfilled: number;
  /** met after the due day (OUTFLOW_1) */
  late: number;
  overdue: number;
  /** (applicable − overdue − late) / applicable: the share not in breach; pending counts as compliant */
  compliancePercent: string;
}

/** dutyCompliance and withOverdueDuties, computed in code. */
export function compliance(
  catalog: readonly DutySpec[],
  records: readonly ScopedRecord[],
  day: string,
): { rows: ComplianceCount[]; withOverdueDuties: number } {
  const counts = new Map(catalog.map((s) => [s.code, { applicable: 0, fulfilled: 0, late: 0, overdue: 0 }]));
  let withOverdueDuties = 0;
  for (const r of records) {
    const states = judgeRecord(catalog, r, r.events, day);
    let anyOverdue = false;
    for (const spec of catalog) {
      const state = states.get(spec.code)!;
      if (state === 'NOT_APPLICABLE' || !holderInScope(spec, r)) continue;
      const c = counts.get(spec.code)!;
      c.applicable++;
      if (state === 'FULFILLED' || state === 'LATE') c.fulfilled++;
      if (state === 'LATE') c.late++;
      if (state === 'OVERDUE') {
        c.overdue++;
        anyOverdue = true;
      }
    }
    if (anyOverdue) withOverdueDuties++;
  }
  return {
    rows: catalog.map((s) => {
      const c = counts.get(s.code)!;
      const compliancePercent = percent(c.applicable - c.overdue - c.late, c.applicable);
      return { code: s.code, ...c, compliancePercent };
    }),
    withOverdueDuties,
  };
}

/**
 * The day a duty that is not yet met falls due as of `day` (the next deadline of a cadence, 31 December for a
 * yearly duty); null when it never falls due (EVENTS) or does not apply. For reminders of duties coming due.
 */
export function nextDueOn(
  spec: DutySpec,
  r: RecordFacts & Partial<YearlyFacts>,
  lastOn: string | null,
  day: string,
): string | null {
  const start = startOf(spec.appliesFrom, r, day);
  if (start === null) return null;
  switch (spec.kind) {
    case 'DUE':
      return dueOf(spec, r, day);
    case 'YEARLY':
      return `${day.slice(0, 4)}-12-31`;
    case 'EVENTS':
      return null;
    case 'CADENCE': {
      const contactSince =
        spec.needsContact === 'OUTFLOW'
          ? r.outflowContactSince
          : spec.needsContact === 'INFLOW'
            ? r.inflowContactSince
            : start;
      const counted = contactSince !== null && lastOn !== null && lastOn >= start ? lastOn : start;
      return addDays(counted, spec.cadenceDays!);
    }
  }
}

/** Which reminders a mobility record should have open on a day (DOMAIN.md §2.6a 督促). Pure. */
import { addDays } from '../../common/time';
import { DutyHolder, type DutySpec } from '../duty/duty.catalog';
import { judgeDuty, nextDueOn, type RecordFacts, type YearlyFacts } from '../duty/duty.rules';
import { ReminderKind } from './reminder.types';

export interface WantedReminder {
  /** record:kind:duty — at most one open reminder per key */
  key: string;
  kind: ReminderKind;
  dutyCode: string | null;
  holder: 'OUTFLOW' | 'INFLOW';
  dueOn: string | null;
}

export interface ReminderFacts extends RecordFacts, YearlyFacts {
  id: string;
  reported: boolean;
  /** the last day each duty was met (the record's cached last-met days; valid as of today) */
  lastMet: (code: string) => string | null;
}

export const reminderKey = (recordId: string, kind: ReminderKind, dutyCode: string | null): string =>
  `${recordId}:${kind}:${dutyCode ?? '-'}`;

/**
 * UNREPORTED when the member has not reported more than `unreportedDays` after departure (for the outflow
 * organization); for every duty an organization holds: OVERDUE when overdue, DUE_SOON when it falls due within
 * `dueSoonDays` (today included). Member duties are the member's own and open no reminder.
 */
export function wantedReminders(
  catalog: readonly DutySpec[],
  r: ReminderFacts,
  day: string,
  days: { unreportedDays: number; dueSoonDays: number },
): WantedReminder[] {
  const wanted: WantedReminder[] = [];
  const add = (
    kind: ReminderKind,
    dutyCode: string | null,
    holder: 'OUTFLOW' | 'INFLOW',
    dueOn: string | null,
  ) => wanted.push({ key: reminderKey(r.id, kind, dutyCode), kind, dutyCode, holder, dueOn });
  if (!r.reported && r.departedOn < addDays(day, -days.unreportedDays)) {
    add(ReminderKind.UNREPORTED, null, 'OUTFLOW', addDays(r.departedOn, days.unreportedDays));
  }
  const soon = addDays(day, days.dueSoonDays);
  for (const spec of catalog) {
    if (spec.holder === DutyHolder.MEMBER) continue;
    const holder = spec.holder === DutyHolder.INFLOW_ORGANIZATION ? 'INFLOW' : 'OUTFLOW';
    if (holder === 'INFLOW' && !r.reported) continue;
    const last = r.lastMet(spec.code);
    const state = judgeDuty(spec, r, last, day);
    if (state === 'OVERDUE') add(ReminderKind.OVERDUE, spec.code, holder, nextDueOn(spec, r, last, day));
    if (state !== 'PENDING') continue;
    const due = nextDueOn(spec, r, last, day);
    if (due !== null && due >= day && due <= soon) add(ReminderKind.DUE_SOON, spec.code, holder, due);
  }
  return wanted;
}

/** The 流动党员 definition and the checks of registration, reporting, contacts and ending. Pure. */
import { badInput, DomainError, ErrorCode } from '../../common/errors';
import { addMonths, daysBetween, shanghaiDate } from '../../common/time';
import { checkRegionCode } from '../organization/organization.rules';
import { optionalText, text } from '../party.input';
import { checkContactPhone } from '../member/member.rules';
import { isLostContact } from '../duty/duty.rules';
import { MobilityStatus, type RegisterOutflowInput, type UpdateMobilityInput } from './mobility.types';

/** 连续 6 个月以上: the member counts as mobile from departedOn + 6 calendar months (31 Aug → 28/29 Feb). */
export const MOBILE_AFTER_MONTHS = 6;
export const mobileFromOf = (departedOn: string): string => addMonths(departedOn, MOBILE_AFTER_MONTHS);

interface RecordState {
  status: MobilityStatus;
  mobileFrom: string;
  departedOn: string;
  lastContactOn: string;
}

export const isActive = (r: { status: MobilityStatus }): boolean => r.status !== MobilityStatus.ENDED;

/** an active record whose member has been away six months or more by `today` */
export const isMobileToday = (r: RecordState, today: string): boolean => isActive(r) && today >= r.mobileFrom;

export const lostContactToday = (r: RecordState, today: string, lostContactDays: number): boolean =>
  isActive(r) && isLostContact(r.lastContactOn, today, lostContactDays);

/** days since departure while not reported; null once reported or ended */
export const daysUnreported = (r: RecordState, today: string): number | null =>
  r.status === MobilityStatus.REGISTERED ? daysBetween(r.departedOn, today) : null;

/** An action that needs an active record. */
export function requireActive(r: { status: MobilityStatus }): void {
  if (!isActive(r)) {
    throw new DomainError(ErrorCode.NOT_MOBILE_ELIGIBLE, 'the mobility record has ended');
  }
}

export function validateOutflow(input: RegisterOutflowInput, today: string) {
  if (input.departedOn > today)
    throw badInput('departedOn must not be in the future', { field: 'departedOn' });
  return {
    departedOn: input.departedOn,
    reason: input.reason,
    destinationRegionCode: checkRegionCode(input.destinationRegionCode, 'destinationRegionCode'),
    destinationAddress: optionalText(input.destinationAddress, 'destinationAddress', 500),
    destinationUnit: optionalText(input.destinationUnit, 'destinationUnit', 200),
    reportedBeforeLeaving: input.reportedBeforeLeaving,
    mobileFrom: mobileFromOf(input.departedOn),
  };
}

/** 报到: an active record not yet reported, at a time between departure and now. */
export function checkReport(r: RecordState, reportedAt: Date, now: Date): string {
  requireActive(r);
  if (r.status === MobilityStatus.REPORTED) {
    throw new DomainError(ErrorCode.CONFLICT, 'the member has already reported to an inflow organization');
  }
  const reportedOn = shanghaiDate(reportedAt);
  if (reportedAt.getTime() > now.getTime())
    throw badInput('reportedAt must not be in the future', { field: 'reportedAt' });
  if (reportedOn < r.departedOn)
    throw badInput('reportedAt must not be before departedOn', { field: 'reportedAt' });
  return reportedOn;
}

export function validateContact(input: { name: string; phone: string }) {
  return { name: text(input.name, 'name', 100), phone: checkContactPhone(input.phone) };
}

export function validateMobilityUpdate(input: UpdateMobilityInput) {
  const changes: {
    destinationRegionCode?: string;
    destinationAddress?: string | null;
    destinationUnit?: string | null;
  } = {};
  if (input.destinationRegionCode != null) {
    changes.destinationRegionCode = checkRegionCode(input.destinationRegionCode, 'destinationRegionCode');
  }
  if (input.destinationAddress != null) {
    changes.destinationAddress = optionalText(input.destinationAddress, 'destinationAddress', 500);
  }
  if (input.destinationUnit != null)
    changes.destinationUnit = optionalText(input.destinationUnit, 'destinationUnit', 200);
  const note = optionalText(input.note, 'note', 1000);
  if (Object.keys(changes).length === 0 && !note) throw badInput('report at least one change or a note');
  return { changes, note };
}

/** 结束: between registration (or departure) and today. */
export function checkEnd(r: RecordState & { registeredOn: string }, endedOn: string, today: string): void {
  requireActive(r);
  if (endedOn > today) throw badInput('endedOn must not be in the future', { field: 'endedOn' });
  if (endedOn < r.registeredOn)
    throw badInput('endedOn must not be before the registration', { field: 'endedOn' });
}

/**
 * An organization acts for the inflow side of a record when it is the inflow organization or below it, or above
 * it without also being above the outflow organization (a street committee over the community that took the
 * member in, but not the province over both).
 */
export function onInflowSide(
  orgPath: string,
  r: { outflowPath: string; inflowPath?: string | null },
): boolean {
  if (!r.inflowPath) return false;
  if (orgPath.startsWith(r.inflowPath)) return true;
  return r.inflowPath.startsWith(orgPath) && !r.outflowPath.startsWith(orgPath);
}

/**
 * Which side of a member an organization acts for: its inflow side (see onInflowSide) or its formal side (the
 * formal organization or above); null when it is neither and so may not act for the member.
 */
export function memberSide(
  orgPath: string,
  member: { formalPath: string },
  active: { outflowPath: string; inflowPath?: string | null } | null,
): 'INFLOW' | 'FORMAL' | null {
  if (active && onInflowSide(orgPath, active)) return 'INFLOW';
  if (member.formalPath.startsWith(orgPath)) return 'FORMAL';
  return null;
}

/** The digits that name a region: 2 for a province code (440000), 4 for a city (440300), 6 for a county (440305). */
export function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/**
 * 流入地党组织在流向地: an inflow organization lies in the destination's region when its region code is the
 * destination's, or lies within it (a city or province destination), or covers it (the city or province of a
 * county destination: a 北京市 mobile-member branch takes in members bound for 朝阳区).
 */
export const inDestinationRegion = (destination: string, organizationRegion: string): boolean =>
  organizationRegion.startsWith(regionPrefix(destination)) ||
  destination.startsWith(regionPrefix(organizationRegion));

/**
 * 应转尽转: an active record reported to its (one) inflow organization at least `months` months ago — its member
 * has been with that organization for all of that time and should transfer the relationship there.
 */
export const shouldTransferFrom = (today: string, months: number): string => addMonths(today, -months);
export const shouldTransferToday = (
  r: { status: MobilityStatus; reportedOn?: string | null },
  today: string,
  months: number,
): boolean =>
  r.status === MobilityStatus.REPORTED && !!r.reportedOn && r.reportedOn <= shouldTransferFrom(today, months);

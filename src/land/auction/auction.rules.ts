/**
 * The listing's state machine and its clock (DOMAIN.md §1.5–§1.7), as pure functions: given the auction's state,
 * the time and a command, the change to make or a DomainError. auction.service.ts loads, asks, and persists.
 */
import { divideRounded, toScaled } from '../../common/decimal';
import { badInput, DomainError, ErrorCode } from '../../common/errors';
import type { Fen } from '../../common/money';
import { addDays, shanghaiDate, startOfShanghaiDay } from '../../common/time';
import { requiredText } from '../land.input';
import {
  AuctionEventType,
  AuctionStatus,
  DocumentKind,
  SCHEDULE_FIELDS,
  type AuctionPartyInput,
  type CreateAuctionInput,
  type Schedule,
} from './auction.types';

/** 4-minute rounds, as in the Jiangsu land-trading systems */
export const DEFAULT_ROUND_SECONDS = 240;
export const DEFAULT_DOCUMENT_UPLOAD_DAYS = 5;
export const MAX_ROUND_SECONDS = 3600;
export const MAX_DOCUMENT_UPLOAD_DAYS = 90;

/** States whose phase ends at a stored instant (phaseEndsAt) that the clock acts on. */
export const CLOCKED_STATUSES: readonly AuctionStatus[] = [
  AuctionStatus.ANNOUNCED,
  AuctionStatus.QUOTING,
  AuctionStatus.TIMED_BIDDING,
  AuctionStatus.AWARDED,
];

export const FINAL_STATUSES: readonly AuctionStatus[] = [
  AuctionStatus.FAILED,
  AuctionStatus.DEFAULTED,
  AuctionStatus.CONFIRMED,
  AuctionStatus.TERMINATED,
  AuctionStatus.IMPORTED,
];

/** From AWARDED on, a result exists and the winner's name is public (成交公示). */
export const AWARDED_STATUSES: readonly AuctionStatus[] = [
  AuctionStatus.AWARDED,
  AuctionStatus.DOCUMENTS_SUBMITTED,
  AuctionStatus.CONFIRMED,
  AuctionStatus.DEFAULTED,
];

/** What the rules read of an auction. */
export interface AuctionState extends Schedule {
  status: AuctionStatus;
  phaseEndsAt: Date | null;
  startingPrice: Fen;
  increment: Fen;
  reservePrice: Fen | null;
  timedBiddingRoundSeconds: number;
  documentUploadDays: number;
  currentPrice: Fen | null;
  leadingApplicationId: string | null;
  suspendedFrom: AuctionStatus | null;
  suspendedAt: Date | null;
}

export type AuctionChanges = Partial<
  Pick<AuctionState, 'status' | 'phaseEndsAt' | 'suspendedFrom' | 'suspendedAt' | keyof Schedule>
> & { statusReason?: string | null };

/** A change of state and the event that records it. */
export interface Transition {
  changes: AuctionChanges;
  event: { type: AuctionEventType; occurredAt: Date; reason?: string | null };
}

const plusSeconds = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);

function scheduleError(message: string): DomainError {
  return new DomainError(ErrorCode.INVALID_SCHEDULE, message);
}

/** §1.7: the schedule must be in order; every window is half-open. */
export function validateSchedule(s: Schedule): Schedule {
  for (const f of SCHEDULE_FIELDS) {
    if (!(s[f] instanceof Date) || Number.isNaN(s[f].getTime())) throw scheduleError(`${f} is missing`);
  }
  const t = (f: keyof Schedule) => s[f].getTime();
  const order: [keyof Schedule, '<=' | '<', keyof Schedule][] = [
    ['announcementStart', '<=', 'applicationStart'],
    ['applicationStart', '<=', 'applicationEnd'],
    ['applicationEnd', '<=', 'quoteEnd'],
    ['depositDeadline', '<=', 'applicationEnd'],
    ['quoteStart', '<', 'quoteEnd'],
    ['announcementStart', '<=', 'announcementEnd'],
    ['announcementEnd', '<=', 'quoteStart'],
  ];
  for (const [a, op, b] of order) {
    if (op === '<=' ? t(a) > t(b) : t(a) >= t(b)) {
      throw scheduleError(`${a} must be ${op === '<' ? 'before' : 'at or before'} ${b}`);
    }
  }
  const out = {} as Schedule;
  for (const f of SCHEDULE_FIELDS) out[f] = new Date(s[f].getTime());
  return out;
}

/** An operator's reason for suspending or terminating. */
export function reasonText(reason: string): string {
  return requiredText(reason, 'reason', 1000);
}

function party(p: AuctionPartyInput, field: string) {
  const contacts = (p.contacts ?? []).map((c, i) => ({
    name: requiredText(c.name, `${field}.contacts.${i}.name`, 100),
    phone: requiredText(c.phone, `${field}.contacts.${i}.phone`, 50),
  }));
  if (contacts.length > 20) throw badInput(`${field} lists more than 20 contacts`, { field });
  return {
    name: requiredText(p.name, `${field}.name`, 200),
    address: p.address?.trim() ? requiredText(p.address, `${field}.address`, 500) : null,
    contacts,
  };
}

function positive(value: Fen, field: string): Fen {
  if (!Number.isSafeInteger(value) || value <= 0) throw badInput(`${field} must be above 0`, { field });
  return value;
}

function wholeIn(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badInput(`${field} must be a whole number from ${min} to ${max}`, { field });
  }
  return value;
}

/** Checks a new listing: text and money give BAD_USER_INPUT, the schedule INVALID_SCHEDULE. */
export function validateAuctionInput(input: CreateAuctionInput) {
  return {
    code: requiredText(input.code, 'code', 64),
    title: requiredText(input.title, 'title', 500),
    seller: party(input.seller, 'seller'),
    tradingCenter: party(input.tradingCenter, 'tradingCenter'),
    startingPrice: positive(input.startingPrice, 'startingPrice'),
    increment: positive(input.increment, 'increment'),
    deposit: positive(input.deposit, 'deposit'),
    reservePrice: input.reservePrice == null ? null : positive(input.reservePrice, 'reservePrice'),
    timedBiddingRoundSeconds: wholeIn(
      input.timedBiddingRoundSeconds ?? DEFAULT_ROUND_SECONDS,
      'timedBiddingRoundSeconds',
      1,
      MAX_ROUND_SECONDS,
    ),
    jointApplicationAllowed: input.jointApplicationAllowed ?? false,
    documentUploadDays: wholeIn(
      input.documentUploadDays ?? DEFAULT_DOCUMENT_UPLOAD_DAYS,
      'documentUploadDays',
      1,
      MAX_DOCUMENT_UPLOAD_DAYS,
    ),
    ...validateSchedule(input.schedule),
  };
}

/** true while a bid can be accepted (QUOTING or TIMED_BIDDING; SUSPENDED is neither). */
export const biddingOpen = (state: Pick<AuctionState, 'status'>): boolean =>
  state.status === AuctionStatus.QUOTING || state.status === AuctionStatus.TIMED_BIDDING;

/** startingPrice before any bid, else currentPrice + increment — in every state. */
export const nextMinimumBid = (
  state: Pick<AuctionState, 'startingPrice' | 'increment' | 'currentPrice'>,
): Fen => (state.currentPrice === null ? state.startingPrice : state.currentPrice + state.increment);

/** Has the clock passed the end of the current phase? */
export const isDue = (state: Pick<AuctionState, 'status' | 'phaseEndsAt'>, now: Date): boolean =>
  CLOCKED_STATUSES.includes(state.status) &&
  state.phaseEndsAt !== null &&
  state.phaseEndsAt.getTime() <= now.getTime();

/** The step the clock takes next, if it is due. */
export type ClockStep = 'OPEN_QUOTING' | 'END_QUOTING' | 'END_ROUND' | 'DEFAULT';

export function dueStep(state: Pick<AuctionState, 'status' | 'phaseEndsAt'>, now: Date): ClockStep | null {
  if (!isDue(state, now)) return null;
  switch (state.status) {
    case AuctionStatus.ANNOUNCED:
      return 'OPEN_QUOTING';
    case AuctionStatus.QUOTING:
      return 'END_QUOTING';
    case AuctionStatus.TIMED_BIDDING:
      return 'END_ROUND';
    default:
      return 'DEFAULT';
  }
}

/** ANNOUNCED → QUOTING at quoteStart. */
export function openQuoting(state: AuctionState): Transition {
  return {
    changes: { status: AuctionStatus.QUOTING, phaseEndsAt: state.quoteEnd },
    event: { type: AuctionEventType.QUOTING_OPENED, occurredAt: state.phaseEndsAt ?? state.quoteStart },
  };
}

/** A qualified application that bid, with its highest bid. */
export interface Contender {
  applicationId: string;
  highestAmount: Fen;
}

export type Outcome =
  | { kind: 'FAILED'; transition: Transition }
  | { kind: 'TIMED_BIDDING'; transition: Transition }
  | { kind: 'AWARDED'; winner: Contender; at: Date };

function leaderOf(contenders: Contender[]): Contender | null {
  return contenders.reduce<Contender | null>(
    (best, c) => (best === null || c.highestAmount > best.highestAmount ? c : best),
    null,
  );
}

function failAt(at: Date): Outcome {
  return {
    kind: 'FAILED',
    transition: {
      changes: { status: AuctionStatus.FAILED, phaseEndsAt: null },
      event: { type: AuctionEventType.FAILED, occurredAt: at },
    },
  };
}

/** The leader wins, unless a reserve price is set and not reached (§1.5). */
function awardOrFail(leader: Contender | null, reservePrice: Fen | null, at: Date): Outcome {
  if (leader === null) return failAt(at);
  if (reservePrice !== null && leader.highestAmount < reservePrice) return failAt(at);
  return { kind: 'AWARDED', winner: leader, at };
}

/**
 * At quoteEnd: no quote → FAILED (流拍); quotes from one application → AWARDED to it; from two or more →
 * TIMED_BIDDING, whose first round ends quoteEnd + timedBiddingRoundSeconds.
 * `contenders`: the QUALIFIED applications that quoted during quoting.
 */
export function endQuoting(state: AuctionState, contenders: Contender[]): Outcome {
  const at = state.phaseEndsAt ?? state.quoteEnd;
  if (contenders.length >= 2) {
    const phaseEndsAt = plusSeconds(at, state.timedBiddingRoundSeconds);
    return {
      kind: 'TIMED_BIDDING',
      transition: {
        changes: { status: AuctionStatus.TIMED_BIDDING, phaseEndsAt },
        event: { type: AuctionEventType.TIMED_BIDDING_STARTED, occurredAt: at },
      },
    };
  }
  return awardOrFail(leaderOf(contenders), state.reservePrice, at);
}

/** A timed round passed with no bid: the leader at its end wins. */
export function endRound(state: AuctionState, contenders: Contender[]): Outcome {
  const at = state.phaseEndsAt as Date;
  return awardOrFail(leaderOf(contenders), state.reservePrice, at);
}

/**
 * 24:00 Asia/Shanghai at the end of the n-th calendar day after the award day (the day of the award is not
 * counted): an award at 2024-12-12 15:00 with 5 days is due by 2024-12-18 00:00+08:00.
 */
export function documentsDueAt(awardedAt: Date, documentUploadDays: number): Date {
  return startOfShanghaiDay(addDays(shanghaiDate(awardedAt), documentUploadDays + 1));
}

export function award(state: AuctionState, at: Date): Transition {
  return {
    changes: { status: AuctionStatus.AWARDED, phaseEndsAt: documentsDueAt(at, state.documentUploadDays) },
    event: { type: AuctionEventType.AWARDED, occurredAt: at },
  };
}

/** AWARDED → DEFAULTED when documentsDueAt passes without documents. */
export function defaultWinner(state: AuctionState): Transition {
  return {
    changes: { status: AuctionStatus.DEFAULTED, phaseEndsAt: null },
    event: { type: AuctionEventType.DEFAULTED, occurredAt: state.phaseEndsAt as Date },
  };
}

function invalidTransition(state: Pick<AuctionState, 'status'>, action: string): DomainError {
  return new DomainError(
    ErrorCode.INVALID_TRANSITION,
    `cannot ${action} an auction that is ${state.status}`,
    {
      status: state.status,
    },
  );
}

/** DRAFT → ANNOUNCED. A schedule whose quoting has already ended cannot be published. */
export function publish(state: AuctionState, now: Date): Transition {
  if (state.status !== AuctionStatus.DRAFT) throw invalidTransition(state, 'publish');
  if (state.quoteEnd.getTime() <= now.getTime()) throw scheduleError('quoting would already have ended');
  return {
    changes: { status: AuctionStatus.ANNOUNCED, phaseEndsAt: state.quoteStart },
    event: { type: AuctionEventType.PUBLISHED, occurredAt: now },
  };
}

const SUSPENDABLE: readonly AuctionStatus[] = [
  AuctionStatus.ANNOUNCED,
  AuctionStatus.QUOTING,
  AuctionStatus.TIMED_BIDDING,
];

/** 中止: nothing can be bid and the clock of the phase stops. */
export function suspend(state: AuctionState, now: Date, reason: string): Transition {
  if (!SUSPENDABLE.includes(state.status)) throw invalidTransition(state, 'suspend');
  const why = reasonText(reason);
  return {
    changes: {
      status: AuctionStatus.SUSPENDED,
      suspendedFrom: state.status,
      suspendedAt: now,
      phaseEndsAt: null,
      statusReason: why,
    },
    event: { type: AuctionEventType.SUSPENDED, occurredAt: now, reason: why },
  };
}

/** Where the phase a resumed auction returns to ends. */
function phaseEnd(status: AuctionStatus, schedule: Schedule, now: Date, roundSeconds: number): Date {
  if (status === AuctionStatus.ANNOUNCED) return schedule.quoteStart;
  if (status === AuctionStatus.QUOTING) return schedule.quoteEnd;
  return plusSeconds(now, roundSeconds); // a timed round restarts in full
}

/**
 * SUSPENDED → the state it left. Every deadline still ahead when it was suspended moves later by the time spent
 * suspended (the clock of the phase stopped); a timed round restarts in full. A new schedule replaces the old one,
 * only for an auction suspended before quoting started.
 */
export function resume(
  state: AuctionState,
  now: Date,
  newSchedule?: Schedule | null,
  reason?: string | null,
): Transition {
  if (state.status !== AuctionStatus.SUSPENDED || !state.suspendedFrom || !state.suspendedAt) {
    throw invalidTransition(state, 'resume');
  }
  const back = state.suspendedFrom;
  let schedule: Schedule;
  if (newSchedule) {
    if (back !== AuctionStatus.ANNOUNCED) {
      throw new DomainError(
        ErrorCode.INVALID_TRANSITION,
        'a new schedule is allowed only for an auction suspended before quoting started',
        { status: state.status },
      );
    }
    schedule = validateSchedule(newSchedule);
    if (schedule.quoteEnd.getTime() <= now.getTime()) throw scheduleError('quoting would already have ended');
  } else {
    const stoppedAt = state.suspendedAt.getTime();
    const pause = Math.max(0, now.getTime() - stoppedAt);
    schedule = {} as Schedule;
    for (const f of SCHEDULE_FIELDS) {
      const t = state[f].getTime();
      schedule[f] = new Date(t >= stoppedAt ? t + pause : t);
    }
  }
  const why = reason?.trim() ? reasonText(reason) : null;
  return {
    changes: {
      ...schedule,
      status: back,
      suspendedFrom: null,
      suspendedAt: null,
      phaseEndsAt: phaseEnd(back, schedule, now, state.timedBiddingRoundSeconds),
    },
    event: { type: AuctionEventType.RESUMED, occurredAt: now, reason: why },
  };
}

const TERMINABLE: readonly AuctionStatus[] = [AuctionStatus.DRAFT, ...SUSPENDABLE, AuctionStatus.SUSPENDED];

/** 终止: final; every accepted deposit becomes due back. */
export function terminate(state: AuctionState, now: Date, reason: string): Transition {
  if (!TERMINABLE.includes(state.status)) throw invalidTransition(state, 'terminate');
  const why = reasonText(reason);
  return {
    changes: {
      status: AuctionStatus.TERMINATED,
      phaseEndsAt: null,
      suspendedFrom: null,
      suspendedAt: null,
      statusReason: why,
    },
    event: { type: AuctionEventType.TERMINATED, occurredAt: now, reason: why },
  };
}

/** (finalPrice − startingPrice) / startingPrice × 100, half-up to 2 decimals. */
export function premiumRatePercent(finalPrice: Fen, startingPrice: Fen): string {
  return divideRounded(BigInt(finalPrice - startingPrice) * 100n, BigInt(startingPrice), 2);
}

/** 楼面地价: finalPrice / (areaSqm × floorAreaRatioMax), in fen per m² rounded half-up; null without a ratio. */
export function floorPricePerSqm(
  finalPrice: Fen,
  areaSqm: string,
  floorAreaRatioMax: string | null | undefined,
): Fen | null {
  if (floorAreaRatioMax == null) return null;
  const scale = 10;
  const floorArea = toScaled(areaSqm, scale) * toScaled(floorAreaRatioMax, scale); // × 10^20
  if (floorArea <= 0n) return null;
  const numerator = BigInt(finalPrice) * 10n ** 20n;
  return Number((numerator * 2n + floorArea) / (2n * floorArea));
}

export interface DocumentDraft {
  kind: DocumentKind;
  fileName: string;
  sha256: string;
  sizeBytes: number;
}

/** At least one BIDDING_DOCUMENTS; names, hashes and sizes well formed. */
export function validateDocuments(documents: DocumentDraft[]): DocumentDraft[] {
  if (documents.length === 0 || documents.length > 50) {
    throw badInput('submit from 1 to 50 documents', { field: 'documents' });
  }
  if (!documents.some((d) => d.kind === DocumentKind.BIDDING_DOCUMENTS)) {
    throw badInput('the bidding documents (BIDDING_DOCUMENTS) are required', { field: 'documents' });
  }
  return documents.map((d, i) => {
    if (!/^[0-9a-fA-F]{64}$/.test(d.sha256)) {
      throw badInput('sha256 must be 64 hex digits', { field: `documents.${i}.sha256` });
    }
    if (!Number.isInteger(d.sizeBytes) || d.sizeBytes <= 0) {
      throw badInput('sizeBytes must be above 0', { field: `documents.${i}.sizeBytes` });
    }
    return {
      kind: d.kind,
      fileName: requiredText(d.fileName, `documents.${i}.fileName`, 255),
      sha256: d.sha256.toLowerCase(),
      sizeBytes: d.sizeBytes,
    };
  });
}

/**
 * The winner's documents: the first submission before documentsDueAt moves AWARDED → DOCUMENTS_SUBMITTED (null
 * is returned for a resubmission, which replaces them until the seller signs); too late is DOCUMENTS_OVERDUE.
 */
export function submitDocuments(state: AuctionState, now: Date): Transition | null {
  if (state.status === AuctionStatus.DOCUMENTS_SUBMITTED) return null;
  const overdue =
    state.status === AuctionStatus.DEFAULTED ||
    (state.status === AuctionStatus.AWARDED && state.phaseEndsAt !== null && now >= state.phaseEndsAt);
  if (overdue) {
    throw new DomainError(ErrorCode.DOCUMENTS_OVERDUE, 'the documents were due by documentsDueAt');
  }
  if (state.status !== AuctionStatus.AWARDED) throw invalidTransition(state, 'submit documents for');
  return {
    changes: { status: AuctionStatus.DOCUMENTS_SUBMITTED, phaseEndsAt: null },
    event: { type: AuctionEventType.DOCUMENTS_SUBMITTED, occurredAt: now },
  };
}

/** The seller signs the 《成交确认书》: DOCUMENTS_SUBMITTED → CONFIRMED. */
export function confirm(state: AuctionState, now: Date): Transition {
  if (state.status !== AuctionStatus.DOCUMENTS_SUBMITTED) throw invalidTransition(state, 'confirm');
  return {
    changes: { status: AuctionStatus.CONFIRMED },
    event: { type: AuctionEventType.CONFIRMED, occurredAt: now },
  };
}

/** Deposits (DOMAIN.md §1.3, §1.6), pure: which transfer is kept, and what becomes of a kept one. */
import { DomainError, ErrorCode } from '../../common/errors';
import type { Fen } from '../../common/money';
import { ApplicationStatus, DepositState } from '../application/application.types';
import { AuctionStatus } from '../auction/auction.types';

export interface TransferFacts {
  amount: Fen;
  /** the bank's arrival time: what counts against the deadline */
  arrivedAt: Date;
}

export interface AccountFacts {
  applicationStatus: ApplicationStatus;
  auctionStatus: AuctionStatus;
  amountDue: Fen;
  depositDeadline: Date;
  quoteEnd: Date;
  /** an earlier transfer was already kept */
  alreadyAccepted: boolean;
  /** the transfer came from the lead applicant's registered basic account (基本户: name and number match) */
  fromBasicAccount: boolean;
}

export type TransferVerdict = { accepted: true } | { accepted: false; rejectionCode: ErrorCode };

/**
 * The deposit counts only if one transfer of at least the full amount arrives before the deadline
 * (arrivedAt < depositDeadline), from the applicant's basic account (基本户; DEPOSIT_WRONG_PAYER otherwise).
 * Anything reported once quoting has ended is late. A transfer that is not kept
 * is recorded with its reason, and is due back.
 */
export function judgeTransfer(transfer: TransferFacts, account: AccountFacts, now: Date): TransferVerdict {
  const live =
    account.applicationStatus === ApplicationStatus.DEPOSIT_PENDING ||
    account.applicationStatus === ApplicationStatus.QUALIFIED;
  if (!live || account.auctionStatus === AuctionStatus.TERMINATED) {
    return { accepted: false, rejectionCode: ErrorCode.APPLICATION_CLOSED };
  }
  if (
    now.getTime() >= account.quoteEnd.getTime() ||
    transfer.arrivedAt.getTime() >= account.depositDeadline.getTime()
  ) {
    return { accepted: false, rejectionCode: ErrorCode.DEPOSIT_LATE };
  }
  if (!account.fromBasicAccount) return { accepted: false, rejectionCode: ErrorCode.DEPOSIT_WRONG_PAYER };
  if (transfer.amount < account.amountDue)
    return { accepted: false, rejectionCode: ErrorCode.DEPOSIT_INSUFFICIENT };
  // one transfer counts; a second full one is not needed and goes back
  if (account.alreadyAccepted) return { accepted: false, rejectionCode: ErrorCode.CONFLICT };
  return { accepted: true };
}

interface TransferReport {
  accountNumber: string;
  amount: Fen;
  arrivedAt: Date;
  payerAccountName: string;
  payerAccountNumber?: string | null;
}

/** Is a repeated report the same transfer? */
export function sameTransfer(a: TransferReport, b: TransferReport): boolean {
  return (
    a.accountNumber === b.accountNumber &&
    (a.payerAccountNumber ?? null) === (b.payerAccountNumber ?? null) &&
    a.amount === b.amount &&
    a.arrivedAt.getTime() === b.arrivedAt.getTime() &&
    a.payerAccountName === b.payerAccountName
  );
}

export interface DepositFacts {
  applicationStatus: ApplicationStatus;
  auctionStatus: AuctionStatus;
  hasAcceptedPayment: boolean;
  acceptedPaymentRefunded: boolean;
  isWinner: boolean;
}

const WINNING: readonly AuctionStatus[] = [
  AuctionStatus.AWARDED,
  AuctionStatus.DOCUMENTS_SUBMITTED,
  AuctionStatus.CONFIRMED,
];
const STILL_TRADING: readonly AuctionStatus[] = [
  AuctionStatus.DRAFT,
  AuctionStatus.ANNOUNCED,
  AuctionStatus.QUOTING,
  AuctionStatus.TIMED_BIDDING,
  AuctionStatus.SUSPENDED,
];

/**
 * The winner's deposit is credited against the price (forfeited if it defaults); every other kept deposit is
 * due back once it is no longer needed: withdrawn, rejected, terminated, failed, or another application won.
 */
export function depositState(f: DepositFacts): DepositState {
  if (!f.hasAcceptedPayment) return DepositState.NONE;
  if (f.acceptedPaymentRefunded) return DepositState.REFUNDED;
  const live = f.applicationStatus === ApplicationStatus.QUALIFIED;
  if (live && STILL_TRADING.includes(f.auctionStatus)) return DepositState.HELD;
  if (live && f.isWinner && WINNING.includes(f.auctionStatus)) return DepositState.CREDITED;
  if (live && f.isWinner && f.auctionStatus === AuctionStatus.DEFAULTED) return DepositState.FORFEITED;
  return DepositState.REFUND_DUE;
}

/** A transfer may be reported returned when it was not kept, or when its deposit is due back. */
export function checkRefund(payment: { accepted: boolean }, state: DepositState): void {
  if (!payment.accepted || state === DepositState.REFUND_DUE) return;
  throw new DomainError(ErrorCode.INVALID_TRANSITION, `a deposit that is ${state} is not due back`);
}

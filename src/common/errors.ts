import { GraphQLError } from 'graphql';
import { registerEnumType } from 'type-graphql';

/** Every extensions.code that a rule violation can carry (the contract's ErrorCode). */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  INVALID_SCHEDULE = 'INVALID_SCHEDULE',
  APPLICATION_CLOSED = 'APPLICATION_CLOSED',
  JOINT_APPLICATION_NOT_ALLOWED = 'JOINT_APPLICATION_NOT_ALLOWED',
  DEPOSIT_INSUFFICIENT = 'DEPOSIT_INSUFFICIENT',
  DEPOSIT_LATE = 'DEPOSIT_LATE',
  NOT_QUALIFIED = 'NOT_QUALIFIED',
  AUCTION_NOT_OPEN = 'AUCTION_NOT_OPEN',
  BID_TOO_LOW = 'BID_TOO_LOW',
  BID_NOT_ON_INCREMENT = 'BID_NOT_ON_INCREMENT',
  ALREADY_LEADING = 'ALREADY_LEADING',
  NOT_IN_TIMED_BIDDING = 'NOT_IN_TIMED_BIDDING',
  DOCUMENTS_OVERDUE = 'DOCUMENTS_OVERDUE',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  NOT_MOBILE_ELIGIBLE = 'NOT_MOBILE_ELIGIBLE',
  APPROVER_LEVEL_TOO_LOW = 'APPROVER_LEVEL_TOO_LOW',
  INSUFFICIENT_FUNDS = 'INSUFFICIENT_FUNDS',
}

registerEnumType(ErrorCode, {
  name: 'ErrorCode',
  description: 'Every extensions.code that a rule violation can carry.',
});

/**
 * A rule violation: a value with a code, mapped to a GraphQL error in one formatter.
 * Extensions carry what a client needs to recover (e.g. nextMinimumBid); never internals.
 */
export class DomainError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.code = code;
    this.name = 'DomainError';
  }
}

/** A refusal that decides the HTTP status of the whole response (e.g. 401 for a bad token). */
export function withHttpStatus(error: DomainError, status: number): DomainError {
  Object.assign(error.extensions, { http: { status } });
  return error;
}

export const notFound = (what: string): DomainError =>
  new DomainError(ErrorCode.NOT_FOUND, `${what} not found`);
export const forbidden = (message = 'not allowed for this viewer'): DomainError =>
  new DomainError(ErrorCode.FORBIDDEN, message);
export const unauthenticated = (message = 'sign in first'): DomainError =>
  new DomainError(ErrorCode.UNAUTHENTICATED, message);
export const badInput = (message: string, extensions: Record<string, unknown> = {}): DomainError =>
  new DomainError(ErrorCode.BAD_USER_INPUT, message, extensions);

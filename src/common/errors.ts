import { GraphQLError, type ASTNode } from 'graphql';
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
  DEPOSIT_WRONG_PAYER = 'DEPOSIT_WRONG_PAYER',
  INTEGRITY_PROFILE_INCOMPLETE = 'INTEGRITY_PROFILE_INCOMPLETE',
  DOCUMENT_TOO_LARGE = 'DOCUMENT_TOO_LARGE',
  DOCUMENT_TYPE_NOT_ALLOWED = 'DOCUMENT_TYPE_NOT_ALLOWED',
  DOCUMENT_EMPTY = 'DOCUMENT_EMPTY',
  DOCUMENT_HASH_MISMATCH = 'DOCUMENT_HASH_MISMATCH',
  DOCUMENT_SIGNATURE_INVALID = 'DOCUMENT_SIGNATURE_INVALID',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
}

registerEnumType(ErrorCode, {
  name: 'ErrorCode',
  description: '错误代码 — every extensions.code that a rule violation can carry.',
  valuesConfig: {
    UNAUTHENTICATED: { description: 'not signed in, or the token is invalid or expired' },
    FORBIDDEN: { description: 'signed in, but this role or scope may not do this' },
    BAD_USER_INPUT: {
      description: 'malformed or inconsistent input (e.g. a bad Money string, shares not adding to 100 %)',
    },
    NOT_FOUND: { description: 'no such record, or it is outside what the viewer may see' },
    CONFLICT: {
      description:
        'clashes with existing data (a duplicate, a second live application or active record, a reused key with other data)',
    },
    RATE_LIMITED: { description: 'too many requests; extensions.retryAfterSeconds says when to try again' },
    QUERY_TOO_COMPLEX: { description: 'the operation exceeds the depth, size or cost limits of the server' },
    INVALID_SCHEDULE: {
      description:
        '挂牌时间安排 out of order — the auction schedule’s instants are not in the required order',
    },
    APPLICATION_CLOSED: {
      description:
        '不在挂牌申请时间内 — applications are not taken now (outside the window, or the auction is suspended)',
    },
    JOINT_APPLICATION_NOT_ALLOWED: {
      description: '不接受联合申请 — this auction takes sole applications only',
    },
    DEPOSIT_INSUFFICIENT: {
      description: '保证金不足 — a transfer below the full deposit; recorded, not accepted',
    },
    DEPOSIT_LATE: {
      description:
        '保证金逾期 — a transfer that arrived at or after the deposit deadline (or was reported after quoting ended); recorded, not accepted',
    },
    NOT_QUALIFIED: {
      description: '未取得竞买资格 — the bidder has no qualified application for this auction',
    },
    AUCTION_NOT_OPEN: {
      description: 'the auction is not taking bids (not quoting or in timed bidding, or suspended)',
    },
    BID_TOO_LOW: {
      description: 'the bid is not above the current price; extensions carry the nextMinimumBid',
    },
    BID_NOT_ON_INCREMENT: {
      description: 'the bid is not the starting price plus a whole number of increments (竞价增加幅度)',
    },
    ALREADY_LEADING: {
      description: 'the bidder’s application already holds the leading bid and may not raise it',
    },
    NOT_IN_TIMED_BIDDING: {
      description: '限时竞价 — only applications that quoted during quoting may bid in timed bidding',
    },
    DOCUMENTS_OVERDUE: { description: '竞买资料 submitted after documentsDueAt' },
    INVALID_TRANSITION: { description: 'the action is not allowed from the record’s current state' },
    NOT_MOBILE_ELIGIBLE: {
      description: 'the member has no active mobility record (流动党员登记), or it has ended',
    },
    APPROVER_LEVEL_TOO_LOW: {
      description:
        'a mobile-member party organization needs the approval of a party committee at county level or above',
    },
    INSUFFICIENT_FUNDS: {
      description: 'the expense exceeds the remaining balance of the party-fee allocation',
    },
    DEPOSIT_WRONG_PAYER: {
      description:
        '非基本户缴纳 — the transfer did not come from the applicant’s registered basic account (基本户); recorded, not accepted, due back',
    },
    INTEGRITY_PROFILE_INCOMPLETE: {
      description: '诚信库信息未完善 — the bidder must complete its integrity record before applying',
    },
    DOCUMENT_TOO_LARGE: {
      description: '文件过大 — the upload exceeds the largest allowed size (MAX_UPLOAD_BYTES); nothing kept',
    },
    DOCUMENT_TYPE_NOT_ALLOWED: {
      description:
        '文件类型不允许 — the bytes are not a PDF, JPEG, PNG or OFD file (sniffed, not declared); nothing kept',
    },
    DOCUMENT_EMPTY: { description: '空文件 — the upload has no bytes; nothing kept' },
    DOCUMENT_HASH_MISMATCH: {
      description:
        '摘要不符 — the SHA-256 (or size) the server computed differs from the one the client declared; nothing kept',
    },
    DOCUMENT_SIGNATURE_INVALID: {
      description:
        '签名无效 — the signature over the document’s SHA-256 is missing or does not verify with the bidder’s registered CA certificate; nothing kept',
    },
    SERVICE_UNAVAILABLE: {
      description:
        'the database (or Redis) does not answer right now; nothing was changed; try again shortly',
    },
  },
});

/**
 * A rule violation: a value with a code, mapped to a GraphQL error in one formatter.
 * Extensions carry what a client needs to recover (e.g. nextMinimumBid); never internals.
 *
 * A refusal is an answer, not a fault: no stack trace is captured for it (most decisions of a bid race are
 * refusals, and capturing and formatting a trace was most of what one cost). Its `stack` is a plain value,
 * "DomainError: <message>", so graphql-js, which copies the stack of every error it locates, reads a string
 * instead of formatting a trace. Internal errors are ordinary Errors and keep their traces (formatError logs
 * them); no stack ever reaches a client (formatError answers with code and message only).
 */
export class DomainError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(message, { extensions: { ...extensions, code } });
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.code = code;
    this.name = 'DomainError';
    Object.defineProperty(this, 'stack', {
      value: `DomainError: ${message}`,
      writable: true,
      configurable: true,
    });
  }
}

/**
 * The error graphql-js would make of a refusal thrown by a field (its locatedError: the same message, the
 * field's nodes and path, the refusal as originalError), made here without capturing a stack trace. graphql-js
 * passes an error that already has a path through unchanged. Anything but a DomainError is returned as it is.
 */
export function locatedRefusal(
  error: unknown,
  nodes: readonly ASTNode[],
  path: readonly (string | number)[],
): unknown {
  if (!(error instanceof DomainError) || Array.isArray(error.path)) return error;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new GraphQLError(error.message, { nodes, path, originalError: error });
  } finally {
    Error.stackTraceLimit = limit;
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

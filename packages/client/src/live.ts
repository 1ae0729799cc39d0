/**
 * Following an auction live over graphql-ws, resumably.
 *
 * `liveClientOptions()` gives graphql-ws's `createClient` what a live viewer needs: retries for as long as
 * it takes with exponential backoff and jitter, the token read for every connection attempt, and a token
 * refresh through your callback when the server closes with 4440 (`LiveCloseCode.TokenExpired`: "refresh
 * and reconnect"); 4400/4403/4500-style closes are not retried.
 *
 * `followAuction()` subscribes to `auctionEvents` from `afterSequence` and remembers the last sequence it
 * delivered: every (re)subscription — graphql-ws re-sends the subscription after each reconnect — carries
 * that sequence as `afterSequence`, so the server replays exactly what was missed: no gap, no repeat. It
 * ends when the server completes the stream, after the event that ends trading (AWARDED, FAILED,
 * TERMINATED). graphql-ws is an optional peer dependency: this module only needs a client's interface.
 */
import type { Client, ClientOptions, SubscribePayload } from 'graphql-ws';
import type { GraphQLFormattedError } from 'graphql';
import { print } from 'graphql';
import { AuctionEventsDocument, type AuctionEventsSubscription, type AuctionStatus } from './generated.js';

/** Close codes of the live endpoint besides graphql-ws's own. */
export const LiveCloseCode = {
  /** the server is shutting down: reconnect (to another instance) */
  GoingAway: 1001,
  /** the client did not read fast enough: reconnect and resume */
  SlowConsumer: 4008,
  /** the token has expired: refresh it and reconnect */
  TokenExpired: 4440,
} as const;

/** Closes a retry cannot fix (bad request, bad token, server error, protocol mismatch). */
const FATAL_CLOSE_CODES = new Set([4400, 4401, 4403, 4406, 4409, 4429, 4500]);

/** Statuses after which an auction has nothing more to say live. */
export const TRADING_OVER_STATUSES: readonly AuctionStatus[] = [
  'IMPORTED',
  'AWARDED',
  'DOCUMENTS_SUBMITTED',
  'CONFIRMED',
  'FAILED',
  'DEFAULTED',
  'TERMINATED',
];

type MaybePromise<T> = T | Promise<T>;

export interface BackoffOptions {
  /** the first wait (default 500 ms) */
  baseMs?: number;
  /** the longest wait (default 30 s) */
  maxMs?: number;
  /** a number in [0, 1) (default Math.random) */
  random?: () => number;
}

/** Exponential backoff with "equal jitter": between half and all of min(max, base·2^attempt). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const cap = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return Math.round(cap / 2 + (cap / 2) * (options.random ?? Math.random)());
}

interface CloseEventLike {
  code: number;
  reason?: string;
}
const isCloseEvent = (value: unknown): value is CloseEventLike =>
  typeof value === 'object' && value !== null && typeof (value as CloseEventLike).code === 'number';

export interface LiveClientOptions
  extends Omit<ClientOptions, 'connectionParams' | 'shouldRetry' | 'retryWait'> {
  /** the current token (a JWT), read for every connection attempt; omit for anonymous viewing */
  token?: string | (() => MaybePromise<string | null | undefined>);
  /** called when the server closes with 4440 (token expired); the token it returns is used from then on */
  refreshToken?: () => MaybePromise<string>;
  /** reconnect attempts in a row before giving up (default: no limit) */
  retryAttempts?: number;
  backoff?: BackoffOptions;
}

/** Options for graphql-ws's createClient: retries with backoff and jitter, token refresh on 4440. */
export function liveClientOptions(options: LiveClientOptions): ClientOptions {
  const { token, refreshToken, backoff, on, ...rest } = options;
  let refreshed: string | undefined;
  let refreshing: Promise<void> | undefined;
  const currentToken = async () =>
    refreshed ?? (typeof token === 'function' ? await token() : token) ?? undefined;
  return {
    lazy: true,
    ...rest,
    retryAttempts: options.retryAttempts ?? Number.POSITIVE_INFINITY,
    async connectionParams() {
      await refreshing;
      const t = await currentToken();
      return t ? { authorization: `Bearer ${t}` } : {};
    },
    shouldRetry(errOrCloseEvent) {
      if (!isCloseEvent(errOrCloseEvent)) return true; // a network error: try again
      if (errOrCloseEvent.code === LiveCloseCode.TokenExpired) return !!refreshToken;
      return !FATAL_CLOSE_CODES.has(errOrCloseEvent.code);
    },
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, backoffDelay(retries, backoff))),
    on: {
      ...on,
      closed(event) {
        if (refreshToken && isCloseEvent(event) && event.code === LiveCloseCode.TokenExpired) {
          refreshing = (async () => {
            refreshed = await refreshToken();
          })().catch(() => undefined); // the next attempt gets 4440 again and asks again
        }
        on?.closed?.(event);
      },
    },
  };
}

export type LiveAuctionEvent = AuctionEventsSubscription['auctionEvents'];

export interface FollowAuctionOptions {
  /** the last sequence already seen (0, the default: the whole log) */
  afterSequence?: number;
  /** every event, in order, each once */
  onEvent: (event: LiveAuctionEvent) => void;
  /** after a client gives up or an error that is not about the connection: wait and resubscribe? (default: yes, 10 times) */
  resubscribeAttempts?: number;
  backoff?: BackoffOptions;
}

export interface FollowResult {
  /** the last sequence delivered */
  lastSequence: number;
  /** the status the auction ended in, when the stream ended because trading ended */
  finalStatus: AuctionStatus | null;
}

export interface Following {
  /** resolves when the stream ends (trading over, or stop()); rejects on a GraphQL error (e.g. NOT_FOUND) */
  readonly done: Promise<FollowResult>;
  /** the last sequence delivered so far */
  readonly lastSequence: number;
  stop(): void;
}

/** Thrown (through `done`) when the server answers the subscription with GraphQL errors. */
export class LiveSubscriptionError extends Error {
  constructor(readonly errors: readonly GraphQLFormattedError[]) {
    super(errors.map((e) => e.message).join('; ') || 'the subscription failed');
    this.name = 'LiveSubscriptionError';
  }
}

/**
 * Follows an auction's log from `afterSequence` until trading ends, across reconnects: no gap, no repeat.
 * Give it a client made with `createClient(liveClientOptions(...))` for retries and token refresh.
 */
export function followAuction(
  client: Pick<Client, 'subscribe'>,
  auctionId: string,
  options: FollowAuctionOptions,
): Following {
  let last = options.afterSequence ?? 0;
  let finalStatus: AuctionStatus | null = null;
  let stopped = false;
  let unsubscribe: (() => void) | undefined;
  let resolveDone!: (result: FollowResult) => void;
  let rejectDone!: (error: unknown) => void;
  const done = new Promise<FollowResult>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  const finish = () => {
    stopped = true;
    unsubscribe?.();
    resolveDone({ lastSequence: last, finalStatus });
  };
  // read when graphql-ws (re)sends the subscription: every attempt resumes after the last delivered event
  const variables = {
    auctionId,
    get afterSequence() {
      return last;
    },
  };
  const payload: SubscribePayload = {
    operationName: 'AuctionEvents',
    query: print(AuctionEventsDocument),
    variables,
  };
  const maxResubscribes = options.resubscribeAttempts ?? 10;
  let resubscribes = 0;

  const subscribe = () => {
    if (stopped) return;
    unsubscribe = client.subscribe<AuctionEventsSubscription>(payload, {
      next(result) {
        if (stopped) return;
        if (result.errors?.length) {
          stopped = true;
          unsubscribe?.();
          rejectDone(new LiveSubscriptionError(result.errors));
          return;
        }
        const event = result.data?.auctionEvents;
        if (!event || event.sequence <= last) return; // never twice
        last = event.sequence;
        resubscribes = 0;
        options.onEvent(event);
        if (TRADING_OVER_STATUSES.includes(event.status)) finalStatus = event.status;
      },
      error(error) {
        if (stopped) return;
        if (Array.isArray(error)) {
          stopped = true;
          rejectDone(new LiveSubscriptionError(error as GraphQLFormattedError[]));
          return;
        }
        const fatal = isCloseEvent(error) && FATAL_CLOSE_CODES.has(error.code);
        if (fatal || resubscribes >= maxResubscribes) {
          stopped = true;
          rejectDone(error);
          return;
        }
        // the client gave up on the connection: try again later, from where we are
        setTimeout(subscribe, backoffDelay(resubscribes++, options.backoff));
      },
      complete() {
        if (!stopped) finish();
      },
    });
  };
  subscribe();
  return {
    done,
    get lastSequence() {
      return last;
    },
    stop: () => {
      if (!stopped) finish();
    },
  };
}

/**
 * What the domains and common code report to the operator's metrics, without knowing how they are kept:
 * the server installs a recorder (src/server/metrics/) at start-up; until then, and in tools and unit tests,
 * every call is a no-op. Labels are closed sets (statuses, bucket names, error codes), never ids.
 */
export interface MetricsRecorder {
  /** a rate-limited request refused (bucket: signIn, placeBid, analytics) */
  rateLimitRefused(bucket: string): void;
  /** a deadline transition the scheduler applied (reads apply due transitions too; those are not counted) */
  schedulerTransitions(count: number): void;
  /** an announced event handed to this instance's live streams, `seconds` after its commit was published */
  fanoutDelivered(seconds: number): void;
  /**
   * a WebSocket operation (subscription, or a query/mutation sent over the socket) began: `outcome` is `ok`,
   * or the error code it was refused with before it ran (too many on the connection, validation, access)
   */
  wsOperationStarted(operation: string | null, type: string, outcome: string): void;
  /** a WebSocket operation that began `ok` ended: completed by either side, or its socket closed */
  wsOperationEnded(operation: string | null, type: string): void;
}

const noop: MetricsRecorder = {
  rateLimitRefused: () => undefined,
  schedulerTransitions: () => undefined,
  fanoutDelivered: () => undefined,
  wsOperationStarted: () => undefined,
  wsOperationEnded: () => undefined,
};

let current: MetricsRecorder = noop;

/** The recorder in use. */
export const metrics: MetricsRecorder = {
  rateLimitRefused: (bucket) => current.rateLimitRefused(bucket),
  schedulerTransitions: (count) => current.schedulerTransitions(count),
  fanoutDelivered: (seconds) => current.fanoutDelivered(seconds),
  wsOperationStarted: (operation, type, outcome) => current.wsOperationStarted(operation, type, outcome),
  wsOperationEnded: (operation, type) => current.wsOperationEnded(operation, type),
};

/** Installs a recorder; returns a function that restores the one before (a server's close). */
export function useMetricsRecorder(recorder: MetricsRecorder): () => void {
  const before = current;
  current = recorder;
  return () => {
    if (current === recorder) current = before;
  };
}

/** The key a published live message carries its publish time under (ms since the epoch). */
export const PUBLISHED_AT = 'publishedAt';

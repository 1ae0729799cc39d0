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
}

const noop: MetricsRecorder = {
  rateLimitRefused: () => undefined,
  schedulerTransitions: () => undefined,
  fanoutDelivered: () => undefined,
};

let current: MetricsRecorder = noop;

/** The recorder in use. */
export const metrics: MetricsRecorder = {
  rateLimitRefused: (bucket) => current.rateLimitRefused(bucket),
  schedulerTransitions: (count) => current.schedulerTransitions(count),
  fanoutDelivered: (seconds) => current.fanoutDelivered(seconds),
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

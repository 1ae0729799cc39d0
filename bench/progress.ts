/**
 * Progress for a person watching a long benchmark: one line per step, the time since the start first
 * (`[queries 2:05] …`). Written to stderr, so stdout keeps only the results.
 */

/** m:ss (or h:mm:ss) of a duration */
export function mmss(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** 12345 → "12,345" */
export const count = (n: number): string => Math.round(n).toLocaleString('en-US');

export type Step = (message: string) => void;

export function progress(
  label: string,
  write: (line: string) => void = (l) => process.stderr.write(l),
): Step {
  const started = Date.now();
  return (message) => write(`[${label} ${mmss(Date.now() - started)}] ${message}\n`);
}

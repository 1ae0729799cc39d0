/**
 * How far the JavaScript heap may grow before V8 collects it in full. Left to itself, V8 lets the old generation
 * of a busy server grow to several times what is live (measured under bench/queries: ~60 MB live, a heap of
 * 230–270 MB and an RSS near 340 MB), because full collections are cheap next to the work between them. A
 * fixed factor over the live set keeps the heap near what the server holds (RSS ~190 MB in the same runs) at
 * a cost within the noise of those runs: the live set is small, and marking is concurrent. A process-wide
 * setting: the last server started in a process decides it (tests start several with the same value).
 */
import { setFlagsFromString } from 'node:v8';

/** `percent` over the live set; 0 leaves the setting as it is (V8's own heuristics, unless set before) */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${Math.floor(percent)}`);
}

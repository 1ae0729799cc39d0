/**
 * Which of an auction's writes this process has in flight, and when the last one began or ended, on one
 * counter shared by all. Readers that keep what they read (the bid path's view of committed state,
 * src/land/bid/bid.view.ts) take a stamp before they read and keep the result only while nothing was in flight
 * and nothing began or ended since: then no write of this process can have changed what they read.
 *
 * `lockedWrites` marks every withAuction (every in-process change of an auction, its applications, deposits,
 * bids on the locked path and clock steps runs there); the bid path marks its own acceptances in a second
 * tracker. Process-wide on purpose: two servers in one process (tests) see each other's writes.
 */
export class WriteTracker {
  private static counter = 0;
  private readonly last = new Map<string, number>();
  private readonly open = new Map<string, number>();
  private readonly counts = new Map<string, number>();
  private anyLast = 0;
  private anyOpen = 0;
  /** changes before this stamp are forgotten (the maps are cleared now and then): older reads count as stale */
  private floor = 0;

  /** A stamp for a read about to start. */
  static stamp(): number {
    return ++WriteTracker.counter;
  }

  begin(key: string): void {
    if (this.last.size > 10_000 && this.anyOpen === 0) {
      this.last.clear();
      this.open.clear();
      this.counts.clear();
      this.floor = WriteTracker.stamp();
    }
    const s = WriteTracker.stamp();
    this.last.set(key, s);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.open.set(key, (this.open.get(key) ?? 0) + 1);
    this.anyLast = s;
    this.anyOpen++;
  }

  end(key: string): void {
    const s = WriteTracker.stamp();
    this.last.set(key, s);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    const open = (this.open.get(key) ?? 1) - 1;
    if (open > 0) this.open.set(key, open);
    else this.open.delete(key);
    this.anyLast = s;
    this.anyOpen--;
  }

  /** How many writes under `key` began or ended so far (a writer tells by it whether another ran beside it). */
  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** No write under `key` is in flight, and none began or ended since `stamp`. */
  unchanged(key: string, stamp: number): boolean {
    return stamp > this.floor && !this.open.has(key) && (this.last.get(key) ?? 0) < stamp;
  }

  /** The same over every key. */
  anyUnchanged(stamp: number): boolean {
    return stamp > this.floor && this.anyOpen === 0 && this.anyLast < stamp;
  }

  /** Runs fn as a write under `key`. */
  async around<T>(key: string, fn: () => Promise<T>): Promise<T> {
    this.begin(key);
    try {
      return await fn();
    } finally {
      this.end(key);
    }
  }
}

export const lockedWrites = new WriteTracker();

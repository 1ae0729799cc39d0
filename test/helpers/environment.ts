/**
 * What the suites can reach here. SQLite always; PostgreSQL, Redis and Chromium only when configured
 * (TEST_DATABASE_URL, TEST_REDIS_URL, CHROMIUM_PATH or /usr/bin/chromium). .ci/run sets them all.
 */
import { existsSync } from 'node:fs';

export type DbKind = 'sqlite' | 'postgresql';

export const testPostgresUrl = (): string | undefined => process.env.TEST_DATABASE_URL || undefined;
export const testRedisUrl = (): string | undefined => process.env.TEST_REDIS_URL || undefined;
export const chromiumPath = (): string | undefined =>
  [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p): p is string => !!p && existsSync(p));

/** Databases every integration suite runs on. */
export function testDatabases(): DbKind[] {
  return testPostgresUrl() ? ['sqlite', 'postgresql'] : ['sqlite'];
}

/** describe() when the condition holds, else a skipped describe whose name says why. */
export function describeIf(condition: boolean, reason: string): jest.Describe {
  if (condition) return describe;
  const skipped = ((name: string, fn: () => void) =>
    describe.skip(`${name} [skipped: ${reason}]`, fn)) as jest.Describe;
  return skipped;
}

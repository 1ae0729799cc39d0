#!/usr/bin/env node
// npm test: builds the server (the process tests start dist/src/main.js), then runs every jest suite.
// Suites that need PostgreSQL, Redis or Chromium run when those are configured and are skipped, with a
// notice, where they are not (a newcomer's laptop). .ci/run configures all of them.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const env = process.env;
const skipped = [];
if (!env.TEST_DATABASE_URL)
  skipped.push(
    'PostgreSQL variants of the integration suites (set TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test)',
  );
if (!env.TEST_REDIS_URL)
  skipped.push('Redis fan-out and multi-instance suites (set TEST_REDIS_URL=redis://127.0.0.1:6379)');
if (![env.CHROMIUM_PATH, '/usr/bin/chromium'].some((p) => p && existsSync(p)))
  skipped.push('headless-browser suites (apt-get install chromium, or set CHROMIUM_PATH)');

const run = (cmd, args) =>
  spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;

if (run('npx', ['tsc', '-p', 'tsconfig.build.json']) !== 0) process.exit(1);
const report = join(tmpdir(), `jest-totals-${process.pid}.json`);
env.JEST_TOTALS_FILE = report;
// the reporters go last: jest's --reporters would swallow test paths that follow it
const status = run('npx', [
  'jest',
  ...process.argv.slice(2),
  '--reporters=default',
  `--reporters=${fileURLToPath(new URL('./jest-totals.cjs', import.meta.url))}`,
]);
let totals = null;
try {
  totals = JSON.parse(readFileSync(report, 'utf8'));
  rmSync(report, { force: true });
} catch {
  // jest did not get far enough to write its report; its own output says why
}

if (skipped.length) {
  console.log('\nSkipped here:');
  for (const s of skipped) console.log(`  - ${s}`);
} else {
  console.log('\nEvery suite ran: SQLite, PostgreSQL, Redis and headless Chromium.');
}
if (totals) console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals && totals.passed === 0 ? 1 : status);

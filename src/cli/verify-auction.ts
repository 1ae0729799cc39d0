/**
 * npm run verify:auction -- <auction code> [--url http://localhost:4000]
 * Recomputes the auction's hash-chained event log from the public events, checks the signed head against the
 * server's keys; prints `OK n events, head …` (exit 0) or the first bad link (exit 1).
 */
import { runVerifier, verifyAuction } from './verify';

void runVerifier(
  'usage: npm run verify:auction -- <auction code> [--url URL]',
  process.argv.slice(2),
  verifyAuction,
);

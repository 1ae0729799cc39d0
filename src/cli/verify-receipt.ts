/**
 * npm run verify:receipt -- <receipt> [--url http://localhost:4000]
 * Checks a bid receipt's signature against the server's keys (GET /.well-known/jwks.json, old keys included)
 * and that the auction's public log holds the event it names, with the same hash and bid.
 */
import { runVerifier, verifyReceipt } from './verify';

void runVerifier(
  'usage: npm run verify:receipt -- <receipt> [--url URL]',
  process.argv.slice(2),
  verifyReceipt,
);

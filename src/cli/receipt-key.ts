/**
 * npm run receipt-key -- <key file>
 * Adds a fresh Ed25519 signing key FIRST in a RECEIPT_SIGNING_KEY_FILE (a JWK set; created when missing), so
 * it signs from the next start on while the keys after it keep verifying the receipts they signed. Prints the
 * new kid. Rotation: run it, restart the instances; remove an old key only once its receipts no longer matter.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { newPrivateJwk, parseKeyFile } from '../land/trust/trust.keys';

function main(): void {
  const file = process.argv[2];
  if (!file || process.argv.length !== 3) {
    console.error('usage: npm run receipt-key -- <key file>');
    process.exitCode = 2;
    return;
  }
  let keys: object[] = [];
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    parseKeyFile(text); // refuse to touch a file that does not hold keys
    const set = JSON.parse(text.trim().startsWith('{') ? text : 'null') as { keys: object[] } | null;
    if (!set) throw new Error(`${file} holds PEM keys: convert them to a JWK set first`);
    keys = set.keys;
  }
  const jwk = newPrivateJwk();
  writeFileSync(file, `${JSON.stringify({ keys: [jwk, ...keys] }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  console.log(`${jwk.kid} now signs; ${keys.length} older key(s) keep verifying`);
}

main();

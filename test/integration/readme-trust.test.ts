/**
 * README, "Receipts and the verifiable auction log": every `sh` command of the section runs, as written, against
 * a live server holding an awarded auction — only the server's address, the receipt, the auction code and the
 * key file's path are put in. What they print is checked (the commands run the built CLI: npm run build first).
 * They run asynchronously: the server answering them lives in this process.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newPrivateJwk } from '../../src/land/trust/trust.keys';
import { auctionInQuoting, award } from '../helpers/land-flow';
import { startTestServer, type TestServer } from '../helpers/server';

const repo = join(__dirname, '..', '..');

function sectionCommands(): string[] {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const start = readme.indexOf('### Receipts and the verifiable auction log');
  const end = readme.indexOf('\n### ', start + 1);
  return [...readme.slice(start, end).matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].trim());
}

const BID = `mutation ReadmeTrustBid($input: PlaceBidInput!) { placeBid(input: $input) { receipt } }`;

describe('README: Receipts and the verifiable auction log', () => {
  let server: TestServer;
  let dir: string;
  let keyFile: string;
  let code: string;
  let receipt: string;
  const commands = sectionCommands();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'readme-trust-'));
    keyFile = join(dir, 'receipt-keys.json');
    const first = newPrivateJwk();
    writeFileSync(keyFile, JSON.stringify({ keys: [first] }));
    server = await startTestServer({ db: 'sqlite', config: { receipts: { enabled: true, keyFile } } });
    const auction = await auctionInQuoting(server, 'README-TRUST');
    code = auction.code;
    const placed = await server.data<{ placeBid: { receipt: string } }>(
      BID,
      { input: { auctionId: auction.auctionId, amount: '754180000.00', idempotencyKey: 'readme-1' } },
      { token: auction.bidders[0].token },
    );
    receipt = placed.placeBid.receipt;
    await server.data(
      BID,
      { input: { auctionId: auction.auctionId, amount: '766180000.00', idempotencyKey: 'readme-2' } },
      { token: auction.bidders[1].token },
    );
    await award(server, auction.auctionId);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (command: string) => {
    const origin = new URL(server.url).origin;
    const filled = command
      .replace(/http:\/\/localhost:4000/g, origin)
      .replace('<receipt>', receipt)
      .replace('<auction code>', code)
      .replace('data/receipt-keys.json', keyFile);
    return promisify(execFile)('bash', ['-c', filled], { cwd: repo, encoding: 'utf8' }).then((r) => r.stdout);
  };

  it('has the three commands', () => {
    expect(commands).toEqual([
      expect.stringMatching(/^npm run verify:receipt -- <receipt>/),
      expect.stringMatching(/^npm run verify:auction -- <auction code>/),
      expect.stringMatching(/^npm run receipt-key -- /),
    ]);
  });

  it('verify:receipt says OK for a receipt the server gave', async () => {
    expect(await run(commands[0])).toMatch(
      /^OK receipt of bid 1 by \S+, 75418000000 fen, README-TRUST event \d+/m,
    );
  });

  it('verify:auction says OK with the head of the awarded auction', async () => {
    expect(await run(commands[1])).toMatch(/^OK \d+ events, head \d+ [0-9a-f]{64} \(signed by [\w-]+\)$/m);
  });

  it('receipt-key puts a new key first and keeps the old one', async () => {
    const before = JSON.parse(readFileSync(keyFile, 'utf8')).keys;
    const out = await run(commands[2]);
    const after = JSON.parse(readFileSync(keyFile, 'utf8')).keys;
    expect(after).toHaveLength(2);
    expect(after[1]).toEqual(before[0]);
    expect(out).toMatch(new RegExp(`^${after[0].kid} now signs; 1 older key\\(s\\) keep verifying`, 'm'));
  });
});

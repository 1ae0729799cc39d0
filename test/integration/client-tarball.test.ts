/**
 * The SDK as a front-end team gets it: `npm pack` the package, install the tarball into an empty project,
 * type-check a small TypeScript file against its .d.ts (and see a wrong one refused), then run it against
 * a live server whose side of the socket is killed mid-stream: every event once, in order, to the award.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { auctionInQuoting, award, placeBid, type QuotingAuction } from '../helpers/land-flow';
import { range, until } from '../helpers/live';
import { startTestServer, type TestServer } from '../helpers/server';

const repo = join(__dirname, '..', '..');
const packageDir = join(repo, 'packages', 'client');
const version = (name: string) =>
  (JSON.parse(readFileSync(join(repo, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
    .version;
const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');

function run(cmd: string, args: string[], cwd: string) {
  const result = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_loglevel: 'error' },
  });
  return { status: result.status, stdout: result.stdout, output: `${result.stdout}${result.stderr}` };
}

const CONSUMER = `
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import {
  AuctionListDocument,
  followAuction,
  liveClientOptions,
  typePolicies,
  type AuctionListQuery,
  type LiveAuctionEvent,
} from '@land-party/client';

const [url, auctionId] = [process.env.WS_URL!, process.env.AUCTION_ID!];
const firstAuction: AuctionListQuery['auctions']['edges'][number]['node'] | undefined = undefined;
void firstAuction;
void AuctionListDocument;
const keyOfResult: readonly string[] | false | undefined = typePolicies.AuctionResult.keyFields;
console.log(JSON.stringify({ keyOfResult }));

const client = createClient(
  liveClientOptions({
    url,
    webSocketImpl: WebSocket,
    backoff: { baseMs: 20, maxMs: 200 },
    on: { connected: () => console.log(JSON.stringify({ connected: true })) },
  }),
);
const following = followAuction(client, auctionId, {
  afterSequence: 0,
  onEvent: (event: LiveAuctionEvent) => {
    const price: string | null = event.currentPrice;
    console.log(JSON.stringify({ sequence: event.sequence, type: event.type, price }));
  },
});
const result = await following.done;
console.log(JSON.stringify({ done: result }));
await client.dispose();
`;

const WRONG = `
import { followAuction } from '@land-party/client';
declare const client: Parameters<typeof followAuction>[0];
followAuction(client, 'x', { onEvent: (event) => { const n: number = event.currentPrice; void n; } });
`;

describe('the packed @land-party/client in an empty project', () => {
  let dir: string;
  let server: TestServer;
  let auction: QuotingAuction;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'land-party-consumer-'));
    const packed = run('npm', ['pack', '--pack-destination', dir, '--json'], packageDir);
    if (packed.status !== 0) throw new Error(packed.output);
    const [{ filename }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as {
      filename: string;
    }[];
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    const installed = run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        `./${filename}`,
        `graphql@${version('graphql')}`,
        `graphql-ws@${version('graphql-ws')}`,
        `ws@${version('ws')}`,
        `@types/ws@${version('@types/ws')}`,
        `@types/node@${version('@types/node')}`,
      ],
      dir,
    );
    if (installed.status !== 0) throw new Error(installed.output);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          outDir: 'out',
          types: ['node'],
        },
        files: ['consumer.ts'],
      }),
    );
    writeFileSync(join(dir, 'consumer.ts'), CONSUMER);
    writeFileSync(join(dir, 'wrong.ts'), WRONG);
  }, 300_000);

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ships ESM, .d.ts, the exports map and the manifest, depending on graphql and typed-document-node only', () => {
    const manifest = JSON.parse(
      readFileSync(join(dir, 'node_modules', '@land-party', 'client', 'package.json'), 'utf8'),
    ) as Record<string, Record<string, unknown>>;
    expect(Object.keys(manifest.dependencies).sort()).toEqual([
      '@graphql-typed-document-node/core',
      'graphql',
    ]);
    expect(Object.keys(manifest.peerDependencies)).toEqual(['graphql-ws']);
    expect(manifest.exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js' });
    const listed = run(
      'tar',
      [
        '-tzf',
        run('ls', [dir], dir)
          .output.split('\n')
          .find((f) => f.endsWith('.tgz'))!,
      ],
      dir,
    )
      .output.split('\n')
      .filter(Boolean);
    expect(listed).toEqual(
      expect.arrayContaining([
        'package/dist/index.js',
        'package/dist/index.d.ts',
        'package/dist/live.js',
        'package/persisted-operations.json',
      ]),
    );
    expect(listed.some((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))).toBe(false);
  });

  it('type-checks a consumer against the .d.ts, and refuses a wrong one', () => {
    const ok = run(process.execPath, [tsc, '-p', 'tsconfig.json'], dir);
    expect(ok.output).toBe('');
    expect(ok.status).toBe(0);
    const wrong = run(
      process.execPath,
      [tsc, '--noEmit', '--strict', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', 'wrong.ts'],
      dir,
    );
    expect(wrong.status).not.toBe(0);
    expect(wrong.output).toMatch(/wrong\.ts.*Type 'string \| null' is not assignable to type 'number'/);
  });

  it('follows the auction across a server-side socket kill: no gap, no repeat, ends at the award', async () => {
    // started here, not in beforeAll: its idle keep-alive sockets would time out while tsc runs
    server = await startTestServer({ db: 'sqlite' });
    auction = await auctionInQuoting(server, 'TARBALL-1');
    let placed = 0;
    const bid = () =>
      placeBid(server, auction.bidders[placed % 2].token, auction.auctionId, yuanOf(placed++));
    for (let i = 0; i < 5; i++) await bid();
    const child = spawn(process.execPath, ['out/consumer.js'], {
      cwd: dir,
      env: { ...process.env, WS_URL: server.wsUrl, AUCTION_ID: auction.auctionId },
    });
    const lines: Record<string, unknown>[] = [];
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    createInterface({ input: child.stdout }).on('line', (line) => lines.push(JSON.parse(line)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const events = () => lines.filter((l) => typeof l.sequence === 'number');
    const connects = () => lines.filter((l) => l.connected).length;

    await until(() => events().length >= 7, 20_000, 'the replay');
    expect(server.app.dropLiveConnections()).toBe(1);
    for (let i = 0; i < 10; i++) await bid();
    await until(() => connects() >= 2, 20_000, 'the reconnect');
    for (let i = 0; i < 5; i++) await bid();
    await award(server, auction.auctionId);
    expect(await exited).toBe(0);
    expect(stderr).toBe('');

    expect(lines[0]).toEqual({ keyOfResult: ['auctionId'] });
    const sequences = events().map((l) => l.sequence);
    const done = lines.find((l) => l.done)?.done as { lastSequence: number; finalStatus: string };
    expect(done.finalStatus).toBe('AWARDED');
    expect(sequences).toEqual(range(1, done.lastSequence));
    expect(events().filter((l) => l.type === 'BID_PLACED')).toHaveLength(20);
    expect(events().at(-1)?.type).toBe('AWARDED');
    expect(connects()).toBe(2);
  });
});

function yuanOf(k: number): string {
  const fen = 75_418_000_000n + BigInt(k) * 1_200_000_000n;
  return `${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`;
}

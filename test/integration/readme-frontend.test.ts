/**
 * README, "For front-end teams": every `ts` snippet of the section runs, as written, against a live server
 * (TRUSTED_DOCUMENTS=accept) with `auctionId` an awarded auction and `session` a token store whose token has
 * expired — only the server's address is put in. What they print is checked.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManualClock } from '../../src/common/clock';
import { auctionInQuoting, award, placeBid } from '../helpers/land-flow';
import { clientTrustedDocuments, startTestServer, type TestServer } from '../helpers/server';

const repo = join(__dirname, '..', '..');
const snippetDir = join(__dirname, '..', '.readme-snippets');

function frontEndSnippets(): string[] {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const start = readme.indexOf('## For front-end teams');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end);
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** the snippet as a module: its imports on top, the rest in an async function given the README's names */
function asModule(snippet: string, base: string): string {
  const lines = snippet
    .replace(/http:\/\/localhost:4000/g, base)
    .replace(/ws:\/\/localhost:4000/g, base.replace(/^http/, 'ws'))
    .split('\n');
  const imports: string[] = [];
  const body: string[] = [];
  let inImport = false;
  for (const line of lines) {
    if (line.startsWith('import ') || inImport) {
      imports.push(line);
      inImport = !line.includes(' from ') && !line.endsWith(';') ? true : !/;\s*(\/\/.*)?$/.test(line);
    } else body.push(line);
  }
  return `${imports.join('\n')}
export default async function run(scope: { auctionId: string; session: { token: string; refresh(): string } }) {
  const { auctionId, session } = scope;
  void auctionId;
  void session;
${body.join('\n')}
}
`;
}

describe('README: For front-end teams', () => {
  let server: TestServer;
  let auctionId: string;
  let session: { token: string; refresh(): string; refreshed: number };

  beforeAll(async () => {
    server = await startTestServer({
      db: 'sqlite',
      config: {
        trustedDocuments: clientTrustedDocuments('accept'),
      },
    });
    const auction = await auctionInQuoting(server, 'README-1');
    auctionId = auction.auctionId;
    const stale = server.token({ roles: [] as never[] }, 60); // expires while the auction is awarded
    await placeBid(server, auction.bidders[0].token, auctionId, '754180000.00');
    await placeBid(server, auction.bidders[1].token, auctionId, '766180000.00');
    await award(server, auctionId);
    session = {
      token: stale,
      refreshed: 0,
      refresh() {
        this.refreshed++;
        this.token = server.token({ roles: [] as never[] }, 3600);
        return this.token;
      },
    };
    expect((server.clock as ManualClock).now().getTime()).toBeGreaterThan(0);
    mkdirSync(snippetDir, { recursive: true });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(snippetDir, { recursive: true, force: true });
  });

  const snippets = frontEndSnippets();
  it('has the four snippets: Apollo, urql, followAuction, trusted documents', () => {
    expect(snippets).toHaveLength(4);
  });

  it.each(snippets.map((s, i) => [i + 1, s] as const))('snippet %i runs', async (n, snippet) => {
    const file = join(snippetDir, `snippet-${n}.ts`);
    writeFileSync(file, asModule(snippet, server.url.replace('/graphql', '')));
    const printed: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      printed.push(args.map(String).join(' '));
    });
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const run = (require(file) as { default: (scope: unknown) => Promise<void> }).default;
      await run({ auctionId, session });
    } finally {
      spy.mockRestore();
    }
    const out = printed.join('\n');
    if (snippet.includes('AuctionDetailDocument')) expect(out).toMatch(/^README-1 766180000\.00 \d+$/m);
    if (snippet.includes('graphcacheKeys')) expect(out).toContain('README-1');
    if (snippet.includes('followAuction')) {
      expect(out).toMatch(/trading ended: AWARDED after event \d+/);
      expect(out).toMatch(/^1 PUBLISHED/m);
      expect(session.refreshed).toBe(1); // the expired token was refreshed once (4440)
    }
    if (snippet.includes('createPersistedQueryLink')) expect(out).toMatch(/^ \d{4}-/m);
  });
});

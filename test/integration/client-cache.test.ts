/**
 * Cache identity (issue 18, finding 4): Apollo Client fetches AuctionList then AuctionDetail — the SDK's own
 * operations — over HTTP from the real server. With the SDK's typePolicies the cache holds one normalized
 * AuctionResult per auction and Apollo says nothing; with a bare InMemoryCache (what a team got before)
 * the two operations overwrite each other's `result` and Apollo warns.
 */
import type * as ApolloCore from '@apollo/client/core' with { 'resolution-mode': 'import' };
import type * as ApolloDev from '@apollo/client/dev' with { 'resolution-mode': 'import' };
import { cacheExchange } from '@urql/exchange-graphcache';
import { Client as UrqlClient, fetchExchange } from '@urql/core';
import {
  AuctionDetailDocument,
  AuctionListDocument,
  graphcacheKeys,
  typePolicies,
} from '../../packages/client/src/index';
import { testDatabases } from '../helpers/environment';
import { auctionInQuoting, award, placeBid } from '../helpers/land-flow';
import { startTestServer, type TestServer } from '../helpers/server';

// Apollo Client 3 is ESM-typed with CommonJS builds: the types are imported, the code required
/* eslint-disable @typescript-eslint/no-require-imports */
const { ApolloClient, HttpLink, InMemoryCache } = require('@apollo/client/core') as typeof ApolloCore;
const { loadDevMessages, loadErrorMessages } = require('@apollo/client/dev') as typeof ApolloDev;
/* eslint-enable @typescript-eslint/no-require-imports */
type InMemoryCache = ApolloCore.InMemoryCache;

// the full text of Apollo's warnings, as a front-end team sees them in development
loadDevMessages();
loadErrorMessages();

/** what Apollo writes to the console while `work` runs */
async function consoleOutput(work: () => Promise<void>): Promise<string[]> {
  const said: string[] = [];
  const spies = (['warn', 'error', 'log'] as const).map((level) =>
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      said.push(args.map(String).join(' '));
    }),
  );
  try {
    await work();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return said;
}

describe.each(testDatabases())('client caches on %s', (db) => {
  let server: TestServer;
  let auctionId: string;

  beforeAll(async () => {
    server = await startTestServer({ db });
    const auction = await auctionInQuoting(server, `CACHE-${db}`);
    auctionId = auction.auctionId;
    await placeBid(server, auction.bidders[0].token, auctionId, '754180000.00');
    await placeBid(server, auction.bidders[1].token, auctionId, '766180000.00');
    await award(server, auctionId);
  });
  afterAll(() => server?.close());

  const apollo = (cache: InMemoryCache) =>
    new ApolloClient({ link: new HttpLink({ uri: server.url }), cache, devtools: { enabled: false } });

  it('Apollo with the shipped typePolicies: AuctionList, AuctionDetail, AuctionList again: no warning, one normalized result', async () => {
    const cache = new InMemoryCache({ typePolicies });
    const client = apollo(cache);
    const said = await consoleOutput(async () => {
      await client.query({ query: AuctionListDocument, variables: { first: 50 } });
      const detail = await client.query({ query: AuctionDetailDocument, variables: { id: auctionId } });
      expect(detail.data.auction?.result?.winnerBiddingNumber).toMatch(/^\d+$/);
      // back to the list page: fetched again, merged into the one result, nothing replaced
      const list = await client.query({
        query: AuctionListDocument,
        variables: { first: 50 },
        fetchPolicy: 'network-only',
      });
      const listed = list.data.auctions.edges.find((e) => e.node.id === auctionId)?.node;
      expect(listed?.result?.finalPrice).toBe(detail.data.auction?.result?.finalPrice);
    });
    expect(said).toEqual([]);
    const stored = cache.extract() as Record<string, Record<string, unknown>>;
    const results = Object.keys(stored).filter((key) => key.startsWith('AuctionResult:'));
    expect(results).toEqual([`AuctionResult:{"auctionId":"${auctionId}"}`]);
    expect(stored[`Auction:${auctionId}`].result).toEqual({ __ref: results[0] });
    expect(stored[results[0]].awardedAt).toBeDefined(); // the detail's fields survive the list refetch
    expect(Object.keys(stored[results[0]]).sort()).toEqual(
      expect.arrayContaining(['auctionId', 'awardedAt', 'finalPrice', 'winnerBiddingNumber', 'winnerName']),
    );
  });

  it('Apollo without them (before): the list refetch replaces the result the detail page stored', async () => {
    const cache = new InMemoryCache();
    const client = apollo(cache);
    const said = await consoleOutput(async () => {
      await client.query({ query: AuctionListDocument, variables: { first: 50 } });
      await client.query({ query: AuctionDetailDocument, variables: { id: auctionId } });
      await client.query({
        query: AuctionListDocument,
        variables: { first: 50 },
        fetchPolicy: 'network-only',
      });
    });
    const stored = cache.extract() as Record<string, Record<string, Record<string, unknown>>>;
    expect(Object.keys(stored).some((key) => key.startsWith('AuctionResult'))).toBe(false);
    // the detail page's fields are gone: its next render goes back to the network
    expect(stored[`Auction:${auctionId}`].result.awardedAt).toBeUndefined();
    // Apollo says so once per process and field (the first database's run sees it)
    if (said.length) expect(said.join('\n')).toMatch(/Cache data may be lost when replacing/);
  });

  it('urql Graphcache with the shipped keys: no missing-key warning, the result keyed by its auction', async () => {
    const client = new UrqlClient({
      url: server.url,
      exchanges: [cacheExchange({ keys: graphcacheKeys }), fetchExchange],
      preferGetMethod: false,
    });
    const said = await consoleOutput(async () => {
      const list = await client.query(AuctionListDocument, { first: 50 }).toPromise();
      expect(list.error).toBeUndefined();
      const detail = await client.query(AuctionDetailDocument, { id: auctionId }).toPromise();
      expect(detail.error).toBeUndefined();
      expect(detail.data?.auction?.result?.auctionId).toBe(auctionId);
    });
    expect(said).toEqual([]);
  });
});

/** placeBid counts per bidder (subject) and per IP; auctionSummary is in the analytics bucket. */
import { ManualClock } from '../../../src/common/clock';
import { Role } from '../../../src/common/viewer';
import { loadConfig } from '../../../src/config';
import { codes, startTestServer, type TestServer } from '../../helpers/server';
import { Land } from '../../helpers/land';

describe('land rate limits', () => {
  let server: TestServer;
  let clock: ManualClock;
  let land: Land;

  beforeAll(async () => {
    clock = new ManualClock('2025-09-01T09:00:00+08:00');
    server = await startTestServer({
      db: 'sqlite',
      clock,
      config: {
        rateLimits: {
          ...loadConfig({}).rateLimits,
          placeBid: { perSubject: 2, perIp: 1000, windowSeconds: 10 },
          analytics: { perSubject: 2, perIp: 3, windowSeconds: 60 },
        },
      },
    });
    land = new Land(server);
  });
  afterAll(() => server?.close());

  it('limits placeBid per bidder: a third bid in the window is RATE_LIMITED, another bidder still bids', async () => {
    const auctionId = await land.auction();
    const a = await land.bidder('甲');
    const b = await land.bidder('乙');
    await land.qualify(a, auctionId);
    await land.qualify(b, auctionId);
    clock.advance(10 * 60_000);
    await land.placed(a, auctionId, '100');
    // a refused attempt counts too
    expect(codes(await land.bid(a, auctionId, '105'))).toEqual(['ALREADY_LEADING']);
    const limited = await land.bid(a, auctionId, '105');
    expect(codes(limited)).toEqual(['RATE_LIMITED']);
    expect(limited.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(0);
    await land.placed(b, auctionId, '105');
    clock.advance(10_000); // the next window
    await land.placed(a, auctionId, '110');
  });

  it('limits auctionSummary per subject and per IP (the analytics bucket)', async () => {
    const query = '{ auctionSummary { auctions totalBids } }';
    const analyst = server.token({ roles: [Role.ANALYST], sub: 'analyst-1' });
    expect((await server.request(query, {}, { token: analyst })).errors).toBeUndefined();
    expect((await server.request(query, {}, { token: analyst })).errors).toBeUndefined();
    expect(codes(await server.request(query, {}, { token: analyst }))).toEqual(['RATE_LIMITED']);
    expect(codes(await server.request(query))).toEqual(['RATE_LIMITED']); // the IP's fourth
  });
});

/**
 * The live page in headless Chromium with no internet, against a stand-in backend built from the contract
 * schema itself (../shared/contract/schema.graphql): the page's own files, its queries and its subscription
 * are the real ones; only the auction behind them is fake, until the land domain exists (the suite in
 * live-page-land.test.ts runs the same page against the real server then).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EntityManager } from '@mikro-orm/core';
import express from 'express';
import { graphql, type GraphQLFieldConfig, type GraphQLSchema } from 'graphql';
import { WebSocketServer } from 'ws';
import { createPublisher } from '../../src/common/pubsub';
import { serveGraphqlWs, type GraphqlWsServer } from '../../src/server/ws/connections';
import { createLive, type EventLogSource, type Live } from '../../src/common/live/live';
import { mountLivePage } from '../../src/server/http/live-page';
import { createSharedExecution, SOURCE_ONLY_ARGS } from '../../src/common/live/shared-execution';
import { openOfflineBrowser } from '../helpers/browser';
import { contractAvailable, contractSchema } from '../helpers/contract';
import { chromiumPath, describeIf } from '../helpers/environment';

interface BidView {
  sequence: number;
  amount: string;
  phase: 'QUOTING' | 'TIMED';
  placedAt: string;
  biddingNumber: string;
}

interface EventView {
  auctionId: string;
  sequence: number;
  type: string;
  occurredAt: string;
  status: string;
  bid: BidView | null;
  currentPrice: string | null;
  phaseEndsAt: string | null;
  reason: string | null;
}

const AUCTION_ID = '2f0c7c7e-5f55-4c5c-9d7c-3b1d7d7f0a01';
const FEN_STEP = 1_200_000_000; // 1200 万元 in fen
const START_FEN = 75_418_000_000; // 75418 万元
const money = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** A contract-shaped backend: one auction in quoting, its event log, a server clock two hours behind. */
class FakeAuctionBackend {
  readonly serverOffsetMs = -2 * 3600_000;
  readonly events: EventView[] = [];
  readonly subscribeVariables: Record<string, unknown>[] = [];
  status = 'QUOTING';
  phaseEndsAt = new Date(Date.now() + this.serverOffsetMs + 10 * 60_000).toISOString();
  bids: BidView[] = [];
  private readonly publisher = createPublisher();
  private readonly live: Live = createLive({ bus: this.publisher.bus, fork: () => ({}) as EntityManager });
  private httpServer!: Server;
  ws!: GraphqlWsServer;
  wsServer!: WebSocketServer;
  url = '';

  private readonly log: EventLogSource<EventView> = {
    loadAfter: async (_em, _id, after, limit) =>
      this.events.filter((e) => e.sequence > after).slice(0, limit),
    lastSequence: async () => this.events.length,
  };

  serverNow(): Date {
    return new Date(Date.now() + this.serverOffsetMs);
  }

  append(type: string, bid: BidView | null = null): void {
    const event: EventView = {
      auctionId: AUCTION_ID,
      sequence: this.events.length + 1,
      type,
      occurredAt: this.serverNow().toISOString(),
      status: this.status,
      bid,
      currentPrice: this.bids.length ? this.bids[this.bids.length - 1].amount : null,
      phaseEndsAt: this.phaseEndsAt,
      reason: null,
    };
    this.events.push(event);
    this.publisher.publish('AUCTION_EVENT', AUCTION_ID, { auctionId: AUCTION_ID, sequence: event.sequence });
  }

  placeBid(biddingNumber: string): BidView {
    const bid: BidView = {
      sequence: this.bids.length + 1,
      amount: money(START_FEN + this.bids.length * FEN_STEP),
      phase: this.status === 'TIMED_BIDDING' ? 'TIMED' : 'QUOTING',
      placedAt: this.serverNow().toISOString(),
      biddingNumber,
    };
    this.bids.push(bid);
    this.append('BID_PLACED', bid);
    return bid;
  }

  private snapshot() {
    const last = this.bids.at(-1);
    return {
      id: AUCTION_ID,
      code: '2024C-5-LIVE',
      title: '城东区夏都大街以北 2024C-5 号宗地（演示）',
      status: this.status,
      phaseEndsAt: this.phaseEndsAt,
      currentPrice: last?.amount ?? null,
      nextMinimumBid: last ? money(START_FEN + this.bids.length * FEN_STEP) : money(START_FEN),
      startingPrice: money(START_FEN),
      increment: money(FEN_STEP),
      bidCount: this.bids.length,
      bids: { edges: this.bids.map((node) => ({ cursor: String(node.sequence), node })) },
    };
  }

  async start(): Promise<this> {
    const schema: GraphQLSchema = contractSchema();
    const field = schema.getSubscriptionType()!.getFields().auctionEvents as unknown as GraphQLFieldConfig<
      unknown,
      { live: Live },
      { auctionId: string; afterSequence?: number }
    >;
    field.subscribe = (_root, args, ctx) =>
      ctx.live.log('AUCTION_EVENT', this.log).stream(args.auctionId, args.afterSequence);
    field.resolve = (event) => event;
    field.extensions = { [SOURCE_ONLY_ARGS]: ['afterSequence'] };
    const rootValue = {
      serverTime: () => this.serverNow().toISOString(),
      auctionByCode: ({ code }: { code: string }) => (code === '2024C-5-LIVE' ? this.snapshot() : null),
    };
    const app = express();
    mountLivePage(app);
    app.post('/graphql', express.json(), async (req, res) => {
      res.json(
        await graphql({ schema, source: req.body.query, variableValues: req.body.variables, rootValue }),
      );
    });
    this.httpServer = createServer(app);
    this.wsServer = new WebSocketServer({ server: this.httpServer, path: '/graphql' });
    const execution = createSharedExecution({ visibilityClass: () => 'anonymous' });
    this.ws = serveGraphqlWs(
      this.wsServer,
      {
        schema,
        parse: execution.parse,
        validate: execution.validate,
        subscribe: execution.subscribe,
        context: () => ({ live: this.live }),
        onSubscribe: (_ctx, _id, payload) => {
          this.subscribeVariables.push({ ...payload.variables });
        },
      },
      {
        keepAliveMs: 0,
        connectionInitWaitTimeoutMs: 3000,
        maxSubscriptionsPerConnection: 5,
        maxBufferedBytes: 1 << 20,
      },
    );
    await new Promise<void>((resolve) => this.httpServer.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.httpServer.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    await this.ws.dispose();
    this.live.close();
    await new Promise((resolve) => this.httpServer.close(resolve));
  }
}

const available = !!chromiumPath() && contractAvailable();
if (process.env.CI === 'true' && !chromiumPath())
  throw new Error('CI must run the browser tests: Chromium is missing (.ci/run installs it)');

describeIf(available, 'needs Chromium and the contract beside the checkout')(
  'the live page in headless Chromium',
  () => {
    let backend: FakeAuctionBackend;
    beforeAll(async () => {
      backend = await new FakeAuctionBackend().start();
      backend.append('PUBLISHED');
      backend.append('QUOTING_OPENED');
      backend.placeBid('0007');
    });
    afterAll(() => backend?.close());

    it('shows price, next minimum bid, phase and countdown on server time, then bids live and across a reconnect', async () => {
      const { browser, page, blocked } = await openOfflineBrowser();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        const response = await page.goto(`${backend.url}/live/2024C-5-LIVE`, { waitUntil: 'load' });
        expect(response?.status()).toBe(200);
        const text = (id: string) => page.locator(`[data-testid="${id}"]`).textContent();
        await page.waitForFunction(
          () => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'open',
        );
        await page.waitForFunction(
          () => document.querySelector('[data-testid="last-sequence"]')?.textContent === '3',
        );

        expect(await text('status')).toBe('挂牌报价期');
        expect(await text('current-price')).toBe('754,180,000.00 元');
        expect(await text('next-minimum-bid')).toBe('766,180,000.00 元');
        expect(await text('bid-count')).toBe('1');
        // ten minutes left on the server's clock, which runs two hours behind this machine's
        expect(await text('countdown')).toMatch(/^00:(09:[0-5]\d|10:00)$/);

        backend.placeBid('0012');
        await page.waitForFunction(
          () => document.querySelector('[data-testid="bid-count"]')?.textContent === '2',
        );
        expect(await text('current-price')).toBe('766,180,000.00 元');
        expect(await text('next-minimum-bid')).toBe('778,180,000.00 元');
        expect(
          await page.locator('[data-testid="bids"] li').first().getAttribute('data-bidding-number'),
        ).toBe('0012');

        // the connection drops; two bids land before the page is back
        for (const socket of backend.wsServer.clients) socket.terminate();
        backend.placeBid('0007');
        backend.placeBid('0012');
        await page.waitForFunction(
          () => document.querySelector('[data-testid="bid-count"]')?.textContent === '4',
          undefined,
          {
            timeout: 15_000,
          },
        );
        backend.status = 'TIMED_BIDDING';
        backend.phaseEndsAt = new Date(backend.serverNow().getTime() + 240_000).toISOString();
        backend.append('TIMED_BIDDING_STARTED');
        await page.waitForFunction(
          () => document.querySelector('[data-testid="status"]')?.textContent === '限时竞价',
        );
        expect(await text('countdown')).toMatch(/^00:0(3:[0-5]\d|4:00)$/);
        expect(await text('last-sequence')).toBe('7');

        const sequences = await page
          .locator('[data-testid="bids"] li')
          .evaluateAll((items) => items.map((li) => Number((li as HTMLElement).dataset.sequence)));
        expect(sequences).toEqual([4, 3, 2, 1]);
        expect(await text('current-price')).toBe('790,180,000.00 元');
        expect(await text('next-minimum-bid')).toBe('802,180,000.00 元');
        // this backend offers only the contract: the page's first subscription, with the hash chain, was refused
        // and it followed the contract's from the start; then it resumed from the last event it had shown
        expect(backend.subscribeVariables.map((v) => v.afterSequence)).toEqual([0, 0, 4]);
        expect(await page.locator('[data-testid="log-verified"]').isVisible()).toBe(false);
        expect(blocked).toEqual([]);
        expect(errors).toEqual([]);
        if (process.env.LIVE_PAGE_SCREENSHOT)
          await page.screenshot({ path: process.env.LIVE_PAGE_SCREENSHOT });
      } finally {
        await browser.close();
      }
    });

    it('says so when there is no such auction', async () => {
      const { browser, page } = await openOfflineBrowser();
      try {
        await page.goto(`${backend.url}/live/NO-SUCH`, { waitUntil: 'load' });
        await page.waitForFunction(() => !!document.querySelector('[data-testid="error"]')?.textContent);
        expect(await page.locator('[data-testid="error"]').textContent()).toContain('NO-SUCH');
      } finally {
        await browser.close();
      }
    });
  },
);

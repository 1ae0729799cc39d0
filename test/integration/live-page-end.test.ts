/**
 * The live page to the end, in headless Chromium against the real server (issue 18): the price rises, the
 * server drops the page's socket once, more bids land meanwhile, then the award — 成交, the winning bidding
 * number and the 成交价 in large type, no next minimum bid — with every bid in the shown log exactly once.
 * The page's CJK font and favicon come from the server (the browser reaches nothing else).
 * WRITE_SCREENSHOTS=1 writes the awarded state to docs/img/live-awarded.png (the README shows it).
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { openOfflineBrowser } from '../helpers/browser';
import { chromiumPath, describeIf } from '../helpers/environment';
import { auctionInQuoting, award, placeBid, type QuotingAuction } from '../helpers/land-flow';
import { range } from '../helpers/live';
import { startTestServer, type TestServer } from '../helpers/server';

const yuanOf = (k: number) => {
  const fen = 75_418_000_000n + BigInt(k) * 1_200_000_000n;
  return `${fen / 100n}.${(fen % 100n).toString().padStart(2, '0')}`;
};
const digits = (text: string | null) => (text ?? '').replace(/[^\d.]/g, '');

describeIf(!!chromiumPath(), 'no Chromium (apt-get install chromium)')('the live page to the end', () => {
  let server: TestServer;
  let auction: QuotingAuction;
  beforeAll(async () => {
    server = await startTestServer({ db: 'sqlite' });
    auction = await auctionInQuoting(server, '2024C-5-LIVE');
  });
  afterAll(() => server?.close());

  it('shows the price rising, survives a dropped socket with no gap, then the award with the winner', async () => {
    let placed = 0;
    const bid = () =>
      placeBid(server, auction.bidders[placed % 2].token, auction.auctionId, yuanOf(placed++));
    const { browser, page, blocked } = await openOfflineBrowser();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.setViewportSize({ width: 1400, height: 1000 });
      const base = server.url.replace('/graphql', '');
      await page.goto(`${base}/live/${encodeURIComponent(auction.code)}`);
      await page.waitForFunction(
        () => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'open',
      );
      const shownPrice = async () =>
        digits(await page.locator('[data-testid="current-price"]').textContent());
      const waitForBids = (n: number) =>
        page.waitForFunction(
          (count) => document.querySelector('[data-testid="bid-count"]')?.textContent === String(count),
          n,
        );
      const prices: string[] = [];
      for (let i = 0; i < 3; i++) {
        await bid();
        await waitForBids(placed);
        prices.push(await shownPrice());
      }
      expect(prices.map((p) => p.replace(/,/g, ''))).toEqual([yuanOf(0), yuanOf(1), yuanOf(2)]);

      expect(server.app.dropLiveConnections()).toBe(1);
      for (let i = 0; i < 4; i++) await bid(); // while the page reconnects
      await page.waitForFunction(
        () => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'open',
      );
      await waitForBids(placed);
      await bid();
      await waitForBids(placed);
      expect(await page.locator('[data-testid="next-minimum-bid-section"]').isVisible()).toBe(true);

      await award(server, auction.auctionId);
      await page.waitForFunction(
        () => document.querySelector('[data-testid="outcome"]')?.getAttribute('data-outcome') === 'AWARDED',
      );
      await page.waitForFunction(() => document.querySelector('[data-testid="winner"]')?.textContent !== '—');
      const winner = auction.bidders[(placed - 1) % 2].biddingNumber;
      expect(await page.locator('[data-testid="outcome-title"]').textContent()).toBe('成交');
      expect(await page.locator('[data-testid="winner"]').textContent()).toBe(winner);
      expect(digits(await page.locator('[data-testid="final-price"]').textContent()).replace(/,/g, '')).toBe(
        yuanOf(placed - 1),
      );
      expect(await page.locator('[data-testid="status"]').textContent()).toBe('成交');
      expect(await page.locator('[data-testid="next-minimum-bid-section"]').isVisible()).toBe(false);
      await page.waitForFunction(
        () => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'closed',
      ); // the server completed the stream

      // the shown log: every bid once, newest first, no gap
      const shown = await page
        .locator('[data-testid="bids"] li')
        .evaluateAll((items) => items.map((li) => Number((li as HTMLElement).dataset.sequence)));
      expect(shown).toEqual(range(1, placed).reverse());
      // every event's link was recomputed in the page, across the reconnect, and held
      expect(await page.locator('[data-testid="log-verified"]').isVisible()).toBe(true);

      // large type that never wraps, in the served CJK font, with a favicon
      const layout = await page.evaluate(() => {
        const box = (id: string) => {
          const el = document.querySelector(`[data-testid="${id}"]`) as HTMLElement;
          const style = getComputedStyle(el);
          const range = document.createRange();
          range.selectNodeContents(el);
          return {
            whiteSpace: style.whiteSpace,
            lines: new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size,
            fits: el.scrollWidth <= el.parentElement!.clientWidth,
            fontSize: parseFloat(style.fontSize),
          };
        };
        return {
          finalPrice: box('final-price'),
          currentPrice: box('current-price'),
          font: document.fonts.check('32px "Noto Sans SC"', '成交价'),
        };
      });
      expect(layout.finalPrice.whiteSpace).toBe('nowrap');
      expect(layout.finalPrice.lines).toBe(1);
      expect(layout.finalPrice.fits).toBe(true);
      expect(layout.currentPrice.lines).toBe(1);
      expect(layout.currentPrice.fits).toBe(true);
      expect(layout.finalPrice.fontSize).toBeGreaterThanOrEqual(32);
      expect(layout.currentPrice.whiteSpace).toBe('nowrap');
      await page.evaluate(() => document.fonts.ready);
      expect(await page.evaluate(() => document.fonts.check('32px "Noto Sans SC"', '成交价'))).toBe(true);
      const favicon = await page.request.get(`${base}/favicon.ico`);
      expect(favicon.status()).toBe(200);
      expect(favicon.headers()['content-type']).toContain('image/svg+xml');

      const shot = process.env.WRITE_SCREENSHOTS
        ? join(__dirname, '..', '..', 'docs', 'img', 'live-awarded.png')
        : join(tmpdir(), `live-awarded-${process.pid}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      expect(blocked).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

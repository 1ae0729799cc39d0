/** GraphiQL in a real headless browser with no internet: it loads from the server alone and runs a query. */
import { chromiumPath, describeIf } from '../helpers/environment';
import { openOfflineBrowser } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';

const mustRun = process.env.CI === 'true';
const available = !!chromiumPath();
if (mustRun && !available)
  throw new Error('CI must run the browser tests: Chromium is missing (.ci/run installs it)');

describeIf(available, 'no Chromium (apt-get install chromium)')('GraphiQL in headless Chromium', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ db: 'sqlite' });
  });
  afterAll(() => server?.close());

  it('loads offline, runs the first example tab and shows parcel 2024C-5', async () => {
    const { browser, page, blocked } = await openOfflineBrowser();
    try {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const response = await page.goto(server.url, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-type']).toContain('text/html');
      await page.waitForSelector('.graphiql-execute-button', { timeout: 30_000 });
      await page.click('.graphiql-execute-button');
      await page.waitForFunction(
        () => document.querySelector('.graphiql-response')?.textContent?.includes('2024C-5'),
        undefined,
        { timeout: 30_000 },
      );
      const text = await page.textContent('.graphiql-response');
      expect(text).toContain('86788.68');
      expect(text).toContain('199613.96');
      expect(blocked).toEqual([]);
      expect(errors).toEqual([]);
      // Chinese in the answer is set in the CJK font served with the page, not in boxes of a missing system font
      const font = await page.evaluate(async () => {
        await document.fonts.load('16px "Noto Sans SC"', '宗地');
        return {
          loaded: Array.from(document.fonts as unknown as Iterable<FontFace>).filter(
            (f) => f.family.replace(/"/g, '') === 'Noto Sans SC' && f.status === 'loaded',
          ).length,
          family: getComputedStyle(document.querySelector('.graphiql-container')!).fontFamily,
        };
      });
      expect(font.loaded).toBeGreaterThan(0);
      expect(font.family).toContain('Noto Sans SC');
    } finally {
      await browser.close();
    }
  });

  it('still answers API clients on GET /graphql', async () => {
    const response = await fetch(`${server.url}?query=${encodeURIComponent('{ serverTime }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ data: { serverTime: expect.any(String) } });
  });
});

import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumPath } from './environment';

/** Headless Chromium that can reach only loopback: every other request is aborted and recorded. */
export async function openOfflineBrowser(): Promise<{ browser: Browser; page: Page; blocked: string[] }> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no Chromium: install the chromium package or set CHROMIUM_PATH');
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage();
  const blocked: string[] = [];
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return route.continue();
    blocked.push(url.toString());
    return route.abort('blockedbyclient');
  });
  return { browser, page, blocked };
}

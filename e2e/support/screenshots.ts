import type { Page } from 'playwright-core';

/**
 * Screenshots for people to look at: /tmp/takt-<name>.png, the whole page. The viewport grows
 * to the page's height first, so the app shell's fixed navbar reaches the bottom as on screen.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = `/tmp/takt-${name}.png`;
  const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await page.waitForTimeout(150); // let the shell lay out at the new height
  await page.screenshot({ path });
  await page.setViewportSize(viewport);
  return path;
}

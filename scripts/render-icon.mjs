// Renders media/icon.svg to media/icon.png (128×128, transparent corners) with Debian's chromium,
// the same browser the tests use. Run it after changing the SVG: `node scripts/render-icon.mjs`.
// The PNG is committed: the Marketplace and Open VSX take no SVG icon, and packaging needs no browser.
import fs from 'node:fs';
import { launchBrowser } from './code-server.mjs';

const svg = fs.readFileSync('media/icon.svg', 'utf8');
const browser = await launchBrowser();
try {
  const { page } = browser;
  await page.setViewportSize({ width: 128, height: 128 });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: 'media/icon.png', omitBackground: true });
} finally {
  await browser.close();
}
console.log('media/icon.png written');

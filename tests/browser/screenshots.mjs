// Screenshots of a built site, for looking at the theme (not a test).
//
//   node tests/browser/screenshots.mjs OUT_DIR SITE_DIR [ARTICLE_PATH] [ENTITY_PATH]
//
// Writes PNGs at phone (390x844) and desktop (1366x900) sizes, light and dark:
// an article with a card open (hovered on desktop, tapped on the phone), an
// entity page and the index; plus card-open.png, the desktop article with its
// card open cropped just below the card (the README's picture, docs/card-open.png).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expectNoProblems, launch, newPage, serve } from './lib.mjs';

const [outDir, siteDir, article = '/articles/ceasefire-talks-egypt/', entity = '/entities/antony-blinken/'] = process.argv.slice(2);
if (!outDir || !siteDir) {
  console.error('usage: node tests/browser/screenshots.mjs OUT_DIR SITE_DIR [ARTICLE_PATH] [ENTITY_PATH]');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const SIZES = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true },
  desktop: { viewport: { width: 1366, height: 900 }, deviceScaleFactor: 1 },
};

const problems = [];
const site = await serve(siteDir);
const browser = await launch();
const written = [];

async function shot(page, name, options = {}) {
  const path = join(outDir, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled', ...options });
  written.push(path);
}

try {
  for (const scheme of ['light', 'dark']) {
    for (const [size, options] of Object.entries(SIZES)) {
      const context = await browser.newContext({ ...options, colorScheme: scheme, reducedMotion: 'reduce' });
      const page = await newPage(context, site.origin, problems);
      const suffix = `${size}${scheme === 'dark' ? '-dark' : ''}`;

      await page.goto(site.origin + article, { waitUntil: 'load' });
      const mention = page.locator('.article-body .gloss-mention').first();
      const cardId = (await mention.getAttribute('aria-describedby')).split(/\s+/)[0];
      // Scroll only if the card would not fit below the mention: the page's top stays in the picture.
      await page.evaluate(() => {
        const m = document.querySelector('.article-body .gloss-mention');
        const top = m.getBoundingClientRect().top;
        if (top > window.innerHeight * 0.55) window.scrollBy(0, top - window.innerHeight * 0.3);
      });
      if (options.hasTouch) await mention.tap();
      else await mention.hover();
      await page.locator(`#${cardId}`).waitFor({ state: 'visible', timeout: 2000 });
      await page.waitForTimeout(200);
      await shot(page, `article-card-${suffix}`);
      if (size === 'desktop' && scheme === 'light') {
        // The README picture: the top of the page down to just below the open card.
        const bottom = await page.evaluate((id) => document.getElementById(id).getBoundingClientRect().bottom, cardId);
        const height = Math.round(Math.min(900, Math.max(560, bottom + 40)));
        await shot(page, 'card-open', { clip: { x: 0, y: 0, width: 1366, height } });
      }

      await page.goto(site.origin + entity, { waitUntil: 'load' });
      await shot(page, `entity-${suffix}`);
      await page.goto(site.origin + '/', { waitUntil: 'load' });
      await shot(page, `index-${suffix}`);
      await context.close();
    }
  }
  expectNoProblems(problems, 'screenshots');
} finally {
  await browser.close();
  await site.close();
}
for (const path of written) console.log(path);

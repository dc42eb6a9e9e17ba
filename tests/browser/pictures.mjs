// Pictures and embeds in a browser (issue 17): a page with a lead picture,
// inline pictures and an embed does not move while it loads, sends nothing
// to another host until the reader asks for the embed, and puts the player
// in place on a click.
//
//   node tests/browser/pictures.mjs SITE_OUT ARTICLE_PATH [SCREENSHOT_DIR]
//
// With SCREENSHOT_DIR, saves the article at 390 and 1366 px there.

import { join } from 'node:path';
import { AXE_SOURCE, Checks, expect, expectNoProblems, launch, newPage, serve, sleep } from './lib.mjs';

const [dir, article, shots] = process.argv.slice(2);
if (!dir || !article) {
  console.error('usage: node tests/browser/pictures.mjs SITE_OUT ARTICLE_PATH [SCREENSHOT_DIR]');
  process.exit(2);
}

const checks = new Checks('browser pictures');
const problems = [];
const site = await serve(dir);
const browser = await launch();

const SIZES = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1366, height: 900 }, deviceScaleFactor: 1 },
};

/** Scrolls through the page, then sums its layout shifts. */
async function layoutShift(page) {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 300) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 30));
    }
    window.scrollTo(0, 0);
  });
  await sleep(300);
  return page.evaluate(() => new Promise((resolve) => {
    let total = 0;
    const sources = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.hadRecentInput) continue;
        total += entry.value;
        for (const s of entry.sources || []) sources.push(s.node ? s.node.outerHTML.slice(0, 80) : '?');
      }
    }).observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => resolve({ total, sources }), 200);
  }));
}

try {
  for (const [size, options] of Object.entries(SIZES)) {
    await checks.check(`the page with pictures and an embed does not move while it loads (${size})`, async () => {
      const context = await browser.newContext(options);
      const page = await newPage(context, site.origin, problems);
      await page.goto(site.origin + article, { waitUntil: 'load' });
      const shift = await layoutShift(page);
      expect(shift.total === 0, `cumulative layout shift ${shift.total.toFixed(4)}: ${shift.sources.join(' | ')}`);
      const loaded = await page.$$eval('picture img', (imgs) => imgs.filter((i) => i.complete && i.naturalWidth > 0).map((i) => i.currentSrc));
      expect(loaded.length >= 2, `pictures shown: ${loaded.length}`);
      expect(loaded.every((src) => src.endsWith('.webp')), `WebP chosen: ${loaded.join(', ')}`);
      if (shots) {
        const fig = await page.$('figure.lead-picture');
        await page.screenshot({ path: join(shots, `pictures-${size}.png`) });
        await page.$eval('figure.embed', (e) => e.scrollIntoView({ block: 'center' }));
        await page.screenshot({ path: join(shots, `embed-${size}.png`) });
        await page.$eval('.factbox', (e) => e.scrollIntoView({ block: 'start' }));
        await page.screenshot({ path: join(shots, `shortcodes-${size}.png`) });
        expect(fig, 'no lead picture');
      }
      expectNoProblems(problems, article);
      await context.close();
      return `CLS 0, ${loaded.length} pictures as WebP`;
    });
  }

  await checks.check('nothing is asked of another host before the click; the click puts the player in place', async () => {
    const context = await browser.newContext(SIZES.desktop);
    const outside = [];
    // Nothing may leave this machine: requests to other hosts are noted and refused.
    await context.route((url) => !url.href.startsWith(site.origin + '/'), (route) => {
      outside.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    await page.goto(site.origin + article, { waitUntil: 'load' });
    await sleep(500);
    expect(outside.length === 0, `requests before the click: ${outside.join(', ')}`);
    expect((await page.$$('iframe')).length === 0, 'a player before the click');
    const button = page.locator('figure.embed button.embed-load');
    expect(await button.isVisible(), 'the load button is hidden');
    expect((await button.textContent()) === 'Load the video from youtube.com', `button: ${await button.textContent()}`);
    await button.click();
    const frame = page.locator('figure.embed iframe');
    await frame.waitFor({ timeout: 2000 });
    const src = await frame.getAttribute('src');
    expect(src.startsWith('https://www.youtube-nocookie.com/embed/'), `player: ${src}`);
    expect((await frame.getAttribute('title')) === 'Blinken arrives in Cairo', 'the player has the title');
    await sleep(300);
    expect(outside.every((url) => url.startsWith('https://www.youtube-nocookie.com/')), `after the click: ${outside.join(', ')}`);
    await context.close();
    return `after the click: ${outside.length} request(s), all to the player's host (refused here)`;
  });

  for (const scheme of ['light', 'dark']) {
    await checks.check(`axe finds no violation at all on the page, before and after the click (${scheme})`, async () => {
      const context = await browser.newContext({ ...SIZES.phone, colorScheme: scheme });
      await context.route((url) => !url.href.startsWith(site.origin + '/'), (route) => route.abort());
      const page = await context.newPage();
      await page.goto(site.origin + article, { waitUntil: 'load' });
      await page.evaluate(AXE_SOURCE());
      const audit = () => page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const result = await axe.run(document, { resultTypes: ['violations'] });
        return result.violations.map((v) => `${v.impact} ${v.id}: ${v.help} on ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      const before = await audit();
      expect(before.length === 0, `before the click:\n${before.join('\n')}`);
      await page.locator('figure.embed button.embed-load').click();
      await page.locator('figure.embed iframe').waitFor({ timeout: 2000 });
      const after = await audit();
      expect(after.length === 0, `after the click:\n${after.join('\n')}`);
      await context.close();
    });
  }

  for (const [size, options] of Object.entries(SIZES)) {
    await checks.check(`an entity's picture is small on its card, beside the words the card takes from the who's who (${size})`, async () => {
      const context = await browser.newContext(options);
      const page = await newPage(context, site.origin, problems);
      await page.goto(site.origin + article, { waitUntil: 'load' });
      await page.locator('.article-body .gloss-mention').first().focus();
      const card = page.locator('.gloss-card:popover-open, .gloss-card.is-open').first();
      await card.waitFor({ timeout: 1500 });
      const order = await card.evaluate((c) => Array.from(c.children).map((e) => e.className));
      expect(order[0] === 'gloss-card-picture' && order[1] === 'gloss-card-kind', `card children: ${order.join(', ')}`);
      const img = card.locator('.gloss-card-picture img');
      await img.evaluate((i) => i.decode());
      const box = await img.boundingBox();
      const cardBox = await card.boundingBox();
      expect(box.width <= 72 && box.width >= 48, `picture ${box.width} px wide`);
      expect(box.x + box.width <= cardBox.x + cardBox.width && box.y >= cardBox.y, 'the picture leaves the card');
      if (shots) await page.screenshot({ path: join(shots, `card-picture-${size}.png`) });
      expectNoProblems(problems, article);
      await context.close();
      return `${Math.round(box.width)} px, first in the card`;
    });
  }

  await checks.check('without script, the embed is a plain link to the video', async () => {
    const context = await browser.newContext({ ...SIZES.phone, javaScriptEnabled: false });
    const page = await newPage(context, site.origin, problems);
    await page.goto(site.origin + article, { waitUntil: 'load' });
    expect(!(await page.locator('figure.embed button').isVisible()), 'the button shows without script');
    const href = await page.locator('figure.embed a.embed-link').getAttribute('href');
    expect(href === 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', `link: ${href}`);
    expectNoProblems(problems, article);
    await context.close();
  });
} finally {
  await browser.close();
  await site.close();
}
checks.finish();

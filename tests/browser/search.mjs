// Offline search in real Chromium: typing a name (or an alias) shows the
// entity first, as a card (kind, name, summary), then the explainers that
// mention it; the keyboard moves through the results; nothing is fetched
// from any other host.
//
//   node tests/browser/search.mjs SITE_OUT

import { Checks, expect, expectNoProblems, launch, newPage, serve } from './lib.mjs';

const [siteDir] = process.argv.slice(2);
if (!siteDir) {
  console.error('usage: node tests/browser/search.mjs SITE_OUT');
  process.exit(2);
}

const checks = new Checks('search');
const problems = [];
const site = await serve(siteDir);
const browser = await launch();

const hits = (page) =>
  page.$$eval('.search-results:not([hidden]) .search-hit', (links) =>
    links.map((a) => ({
      href: a.getAttribute('href'),
      entity: a.classList.contains('search-entity'),
      kind: a.dataset.kind || 'article',
      title: a.querySelector('.search-title')?.textContent ?? '',
      text: a.textContent,
    })),
  );

async function search(page, query) {
  await page.fill('#site-search-input', query);
  await page.waitForFunction(
    (q) => document.querySelector('.search-status')?.textContent.includes(q),
    query,
    { timeout: 10000 },
  );
  return hits(page);
}

try {
  for (const size of [{ width: 1366, height: 900 }, { width: 390, height: 844 }]) {
    const context = await browser.newContext({ viewport: size });
    // Offline: every request to another host fails (and is reported).
    await context.route('**/*', (route) =>
      route.request().url().startsWith(site.origin) ? route.continue() : route.abort(),
    );
    const page = await newPage(context, site.origin, problems);
    await page.goto(`${site.origin}/articles/ceasefire-talks-egypt/`);
    const at = `${size.width}px`;

    await checks.check(`${at}: the search box shows when JavaScript runs`, async () => {
      expect(await page.isVisible('#site-search-input'), 'no visible search box');
    });

    await checks.check(`${at}: an alias finds the entity, as a card, then its explainers`, async () => {
      const found = await search(page, 'Thomas-Greenfield');
      expect(found.length >= 2, () => `too few results: ${JSON.stringify(found)}`);
      const [first] = found;
      expect(first.entity && first.href === '/entities/linda-thomas-greenfield/', () => `first result: ${JSON.stringify(first)}`);
      expect(first.kind === 'person' && first.title === 'Linda Thomas-Greenfield', () => `card: ${JSON.stringify(first)}`);
      expect(/diplomat/.test(first.text), () => `no summary on the card: ${first.text}`);
      const explainers = found.filter((h) => !h.entity).map((h) => h.href);
      expect(explainers.includes('/articles/un-vote-on-occupation/'), () => `explainers: ${explainers}`);
      const box = await page.locator('.search-results').boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= size.width + 0.5, () => `results leave the viewport: ${JSON.stringify(box)}`);
    });

    await checks.check(`${at}: a name in the text finds the explainers that mention it`, async () => {
      const found = await search(page, 'pagers');
      const explainers = found.filter((h) => !h.entity).map((h) => h.href);
      expect(explainers.includes('/articles/pager-explosions-hezbollah/'), () => `explainers: ${explainers}`);
      expect(await page.$('.search-excerpt mark'), 'no highlighted passage');
    });

    await checks.check(`${at}: an initialism is one word, with or without its dots`, async () => {
      for (const query of ['U.N.', 'UN vote']) {
        const found = await search(page, query);
        const explainers = found.filter((h) => !h.entity).map((h) => h.href);
        expect(explainers.includes('/articles/un-vote-on-occupation/'), () => `${query}: ${explainers}`);
      }
    });

    await checks.check(`${at}: the keyboard moves through the results and Escape closes them`, async () => {
      await search(page, 'Blinken');
      await page.focus('#site-search-input');
      await page.keyboard.press('ArrowDown');
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('href'));
      expect(focused === '/entities/antony-blinken/', () => `focused ${focused}`);
      await page.keyboard.press('Escape');
      expect(await page.isHidden('.search-results'), 'results still open after Escape');
      await search(page, 'Blinken');
      await page.focus('#site-search-input');
      await page.keyboard.press('ArrowDown');
      await Promise.all([page.waitForURL('**/entities/antony-blinken/'), page.keyboard.press('Enter')]);
    });

    await checks.check(`${at}: a search with no match says so`, async () => {
      await page.goto(`${site.origin}/`);
      const found = await search(page, 'zzqxj');
      expect(found.length === 0, 'results for nonsense');
      expect(await page.isVisible('.search-empty'), 'no "nothing found" message');
    });

    await checks.check(`${at}: no request left the site and nothing failed`, async () => {
      expectNoProblems(problems, 'search');
    });
    await context.close();
  }
} finally {
  await browser.close();
  await site.close();
}
checks.finish();

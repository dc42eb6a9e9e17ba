// Search across editions and scripts in real Chromium: a reader gets the
// results of their own edition first, then the other editions' explainers,
// each marked with its language, read only after their own showed; a
// Chinese word typed without spaces finds the Chinese article; Arabic typed
// with or without its marks finds the Arabic one.
//
//   node tests/browser/search-editions.mjs EXAMPLE_OUT SCRIPTS_OUT
//
// EXAMPLE_OUT is the example site (English, Arabic, Spanish); SCRIPTS_OUT a
// site in English, Chinese and Arabic with one story in each.

import { Checks, expect, expectNoProblems, launch, newPage, serve } from './lib.mjs';

const [exampleDir, scriptsDir] = process.argv.slice(2);
if (!exampleDir || !scriptsDir) {
  console.error('usage: node tests/browser/search-editions.mjs EXAMPLE_OUT SCRIPTS_OUT');
  process.exit(2);
}

const checks = new Checks('search-editions');
const problems = [];
const browser = await launch();

// Every result shown, in order, with the language it is marked with.
const hits = (page) =>
  page.$$eval('.search-results:not([hidden]) .search-item', (items) =>
    items.map((li) => ({
      href: li.querySelector('a').getAttribute('href'),
      lang: li.getAttribute('lang'),
      label: li.querySelector('.search-lang')?.textContent ?? null,
      marks: [...li.querySelectorAll('mark')].map((m) => m.textContent).join(''),
    })),
  );

// Types `query` and waits until the results of every edition are in: the
// search's requests have settled with the status naming the query.
async function search(page, query, settled = () => true) {
  await page.fill('#site-search-input', query);
  await page.waitForFunction(
    (q) => document.querySelector('.search-status')?.textContent.includes(q),
    query,
    { timeout: 10000 },
  );
  await page.waitForLoadState('networkidle');
  const deadline = Date.now() + 10000;
  let found = await hits(page);
  while (!settled(found) && Date.now() < deadline) {
    await page.waitForTimeout(100);
    found = await hits(page);
  }
  return found;
}

// When the status first said something, on the page's clock.
const WATCH_STATUS = () => {
  window.statusShownAt = null;
  const status = document.querySelector('.search-status');
  new MutationObserver(() => {
    if (window.statusShownAt === null && status.textContent) window.statusShownAt = performance.now();
  }).observe(status, { childList: true, characterData: true, subtree: true });
};

async function withSite(dir, run) {
  const site = await serve(dir);
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await context.route('**/*', (route) =>
    route.request().url().startsWith(site.origin) ? route.continue() : route.abort(),
  );
  try {
    await run(site, await newPage(context, site.origin, problems));
  } finally {
    await context.close();
    await site.close();
  }
}

try {
  await withSite(exampleDir, async (site, page) => {
    await page.goto(`${site.origin}/es/articles/ceasefire-talks-egypt/`);
    await page.evaluate(WATCH_STATUS);

    await checks.check('the reader’s own edition comes first, then the others, each marked with its language', async () => {
      const found = await search(page, 'Blinken', (list) => list.some((h) => h.lang));
      const own = found.filter((h) => !h.lang);
      const others = found.filter((h) => h.lang);
      expect(own.length >= 2 && others.length >= 1, () => `results: ${JSON.stringify(found)}`);
      expect(own.every((h) => h.href.startsWith('/es/')), () => `own results outside /es/: ${JSON.stringify(own)}`);
      const lastOwn = found.findLastIndex((h) => !h.lang);
      const firstOther = found.findIndex((h) => h.lang);
      expect(lastOwn < firstOther, () => `other editions' results before the reader's own: ${JSON.stringify(found)}`);
      for (const h of others) {
        expect(['en', 'ar'].includes(h.lang), () => `marked ${h.lang}: ${JSON.stringify(h)}`);
        const folder = h.lang === 'en' ? '/articles/' : '/ar/articles/';
        expect(h.href.startsWith(folder), () => `an ${h.lang} result at ${h.href}`);
        expect(h.label === { en: 'English', ar: 'العربية' }[h.lang], () => `label ${h.label} for ${h.lang}`);
      }
    });

    await checks.check('the other editions’ indexes are read only after the reader’s own results show', async () => {
      const { shownAt, others } = await page.evaluate(() => ({
        shownAt: window.statusShownAt,
        others: performance
          .getEntriesByType('resource')
          .filter((e) => /^\/(ar\/)?search\//.test(new URL(e.name).pathname))
          .map((e) => [new URL(e.name).pathname, e.startTime]),
      }));
      expect(shownAt !== null, 'the status never changed');
      expect(others.length > 0, 'no other edition was searched');
      const early = others.filter(([, at]) => at < shownAt);
      expect(early.length === 0, () => `read before the results showed (${shownAt} ms): ${JSON.stringify(early)}`);
    });
  });

  await withSite(scriptsDir, async (site, page) => {
    await page.goto(`${site.origin}/zh/articles/talks/`);

    await checks.check('a two-character Chinese word finds the Chinese article, marked in its passage', async () => {
      const found = await search(page, '开罗');
      const [first] = found;
      expect(first && first.href === '/zh/articles/talks/' && !first.lang, () => `results: ${JSON.stringify(found)}`);
      expect(first.marks.includes('开罗'), () => `marked: ${first.marks}`);
    });

    await checks.check('a Chinese name of three characters is found, and nonsense is not', async () => {
      const found = await search(page, '布林肯');
      expect(found.some((h) => h.href === '/zh/articles/talks/'), () => `results: ${JSON.stringify(found)}`);
      const none = await search(page, '肯布');
      expect(none.every((h) => h.href !== '/zh/articles/talks/'), () => `肯布 found: ${JSON.stringify(none)}`);
    });

    await checks.check('from the English edition a Chinese query finds the Chinese article, marked 中文', async () => {
      await page.goto(`${site.origin}/`);
      const found = await search(page, '开罗', (list) => list.some((h) => h.lang));
      const zh = found.find((h) => h.href === '/zh/articles/talks/');
      expect(zh && zh.lang === 'zh' && zh.label === '中文', () => `results: ${JSON.stringify(found)}`);
    });

    await checks.check('Arabic is found with or without tashkeel and alef forms', async () => {
      await page.goto(`${site.origin}/ar/articles/talks/`);
      for (const query of ['انتوني بلينكن', 'أَنْتُونِي بِلينكن', 'القاهره']) {
        const found = await search(page, query);
        expect(found[0]?.href === '/ar/articles/talks/' && !found[0].lang, () => `${query}: ${JSON.stringify(found)}`);
      }
    });
  });

  await checks.check('no request left the site and nothing failed', async () => {
    expectNoProblems(problems, 'search-editions');
  });
} finally {
  await browser.close();
}
checks.finish();

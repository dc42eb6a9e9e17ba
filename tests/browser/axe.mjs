// axe-core audits of the built example site in real Chromium, light and dark.
//
//   node tests/browser/axe.mjs EXAMPLE_SITE_OUT
//
// Fails on any violation of impact "serious" or "critical"; prints the
// moderate and minor ones as notes.

import { AXE_SOURCE, Checks, expect, expectNoProblems, launch, newPage, serve } from './lib.mjs';

const [siteDir] = process.argv.slice(2);
if (!siteDir) {
  console.error('usage: node tests/browser/axe.mjs EXAMPLE_SITE_OUT');
  process.exit(2);
}

const PAGES = [
  ['the index', '/'],
  ['an article', '/articles/ceasefire-talks-egypt/'],
  ['an article with a card open', '/articles/ceasefire-talks-egypt/', 'open-card'],
  ['an entity page', '/entities/antony-blinken/'],
  ['the entity index', '/entities/'],
  ['the Arabic index', '/ar/'],
  ['an Arabic article', '/ar/articles/ceasefire-talks-egypt/'],
  ['an Arabic article with a card open', '/ar/articles/ceasefire-talks-egypt/', 'open-card'],
  ['an Arabic entity page', '/ar/entities/antony-blinken/'],
  ['the Arabic entity index', '/ar/entities/'],
];
// The Arabic edition must have no violation at all, of any impact.
const STRICT = (path) => path.startsWith('/ar/');
const SIZES = [['1366x900', { width: 1366, height: 900 }]];

const axeSource = AXE_SOURCE();
const checks = new Checks('axe-core audit');
const problems = [];
const site = await serve(siteDir);
const browser = await launch();
const notes = [];

try {
  for (const scheme of ['light', 'dark']) {
    for (const [sizeName, viewport] of SIZES) {
      const context = await browser.newContext({ viewport, colorScheme: scheme, reducedMotion: 'reduce' });
      for (const [what, path, state] of PAGES) {
        await checks.check(`axe ${scheme} ${sizeName}: ${what} (${path}) has no serious or critical violation`, async () => {
          const page = await newPage(context, site.origin, problems);
          const response = await page.goto(site.origin + path, { waitUntil: 'load' });
          expect(response && response.ok(), `GET ${path} answered ${response && response.status()}`);
          const dark = await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
          expect(dark === (scheme === 'dark'), `prefers-color-scheme is not ${scheme}`);
          if (state === 'open-card') {
            await page.locator('.article-body .gloss-mention').first().focus();
            await page.waitForSelector('.gloss-card:popover-open, .gloss-card.is-open', { timeout: 1000 });
          }
          await page.evaluate(axeSource);
          const violations = await page.evaluate(async () => {
            // eslint-disable-next-line no-undef
            const result = await axe.run(document, { resultTypes: ['violations'] });
            return result.violations.map((v) => ({
              id: v.id,
              impact: v.impact,
              help: v.help,
              nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${(n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 240)}`),
            }));
          });
          await page.close();
          const bad = violations.filter((v) => STRICT(path) || v.impact === 'serious' || v.impact === 'critical');
          for (const v of violations.filter((v) => !bad.includes(v))) {
            notes.push(`${scheme} ${sizeName} ${path}${state ? ` (${state})` : ''}: ${v.impact} ${v.id} (${v.help}) on ${v.nodes.length} node(s)`);
          }
          expect(bad.length === 0, () => bad.map((v) =>
            `${v.impact} ${v.id}: ${v.help} (${v.nodes.length} node(s))\n` + v.nodes.slice(0, 5).map((n) => `    ${n}`).join('\n')).join('\n'));
          expectNoProblems(problems, path);
          return violations.length ? `${violations.length} minor/moderate` : 'no violations';
        });
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await site.close();
}

if (notes.length) {
  console.log('\nmoderate and minor findings (not failures):');
  for (const n of notes) console.log(`  ${n}`);
}
checks.finish();

// The information without JavaScript (SPEC section 4): every mention is a
// link to its entity page, no card shows, and "Who's who" lists every
// annotation with its summary.
//
//   node tests/browser/no-script.mjs SITE_OUT ANNOTATIONS_JSON [SITE_OUT ANNOTATIONS_JSON ...]
//
// ANNOTATIONS_JSON (written by tests/browser.rs from the Markdown sources) is
// [{ "title": "...", "annotations": [{ "kind": "entity" | "term", "slug": "..." }] }]
// for every article that is built.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Checks, expect, expectNoProblems, launch, newPage, serve, sitemapPaths } from './lib.mjs';

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2) {
  console.error('usage: node tests/browser/no-script.mjs SITE_OUT ANNOTATIONS_JSON [SITE_OUT ANNOTATIONS_JSON ...]');
  process.exit(2);
}

const checks = new Checks('without JavaScript');
const problems = [];
const browser = await launch();

try {
  for (let i = 0; i < args.length; i += 2) await checkSite(args[i], JSON.parse(readFileSync(args[i + 1], 'utf8')));
} finally {
  await browser.close();
}
checks.finish();

function norm(s) {
  return s.replace(/\s+/g, " ").trim();
}

async function checkSite(dir, articles) {
  const site = await serve(dir);
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const page = await newPage(context, site.origin, problems);
  const exists = (path) => existsSync(join(dir, decodeURIComponent(path), path.endsWith('/') ? 'index.html' : ''));
  const expected = new Map(articles.map((a) => [norm(a.title), a]));
  const seen = new Set();
  let others = 0;
  try {
    const paths = sitemapPaths(dir);
    for (const path of paths) {
      const response = await page.goto(site.origin + path, { waitUntil: 'load' });
      const title = norm((await page.locator('h1').first().textContent().catch(() => '')) || '');
      const found = expected.get(title);
      const article = found && found.annotations.length ? found : null;
      const hasMentions = (await page.locator('.gloss-mention').count()) > 0;
      if (!article && !hasMentions) {
        if (!response || !response.ok()) problems.push(`GET ${path} answered ${response && response.status()}`);
        others++;
        continue;
      }
      if (article) seen.add(article.title);
      await checks.check(`no script: ${path}: mentions are links, cards hidden, "Who's who" lists every annotation`, async () => {
        expect(response && response.ok(), `GET ${path} answered ${response && response.status()}`);
        const failures = [];
        const state = await page.evaluate(() => {
          const shown = (el) => {
            const st = getComputedStyle(el);
            const r = el.getBoundingClientRect();
            return st.display !== 'none' && st.visibility !== 'hidden' && r.width > 0 && r.height > 0;
          };
          return {
            mentions: [...document.querySelectorAll('.gloss-mention')].map((m) => ({
              text: m.textContent,
              tag: m.tagName,
              href: m.getAttribute('href'),
              entity: m.getAttribute('data-entity'),
              term: m.getAttribute('data-term'),
              shown: shown(m),
            })),
            cards: [...document.querySelectorAll('.gloss-card')].map((c) => ({ id: c.id, shown: shown(c) })),
            whosWho: (() => {
              // By its class, in any edition's language; else by its English heading.
              const section = document.querySelector('section.whos-who')
                || [...document.querySelectorAll('section, aside')].find((s) => /who.s who/i.test(s.querySelector('h2, h3')?.textContent || ''));
              if (!section) return null;
              return {
                shown: shown(section),
                entries: [...section.querySelectorAll('[id^="who-"]')].map((w) => ({
                  id: w.id,
                  shown: shown(w),
                  text: w.textContent.replace(/\s+/g, ' ').trim(),
                  links: [...w.querySelectorAll('a[href]')].map((a) => new URL(a.href).pathname),
                })),
              };
            })(),
          };
        });
        // Mentions: links to their entity pages (terms: to their "Who's who" entry).
        for (const m of state.mentions) {
          const label = `mention "${m.text}"`;
          if (!m.shown) failures.push(`${label} is not visible`);
          if (m.entity) {
            const want = `/entities/${m.entity}/`;
            if (m.tag !== 'A' || !m.href) failures.push(`${label} is a <${m.tag.toLowerCase()}> without href, not a link`);
            else {
              const target = new URL(m.href, site.origin + path).pathname;
              if (!target.endsWith(want)) failures.push(`${label} links to ${m.href}, not to ${want}`);
              else if (!exists(target)) failures.push(`${label} links to ${target}, which was not built`);
            }
          } else if (m.term) {
            if (m.href && m.href.startsWith('#') && !state.whosWho?.entries.some((w) => `#${w.id}` === m.href)) {
              failures.push(`term ${label} links to ${m.href}, which is not on the page`);
            }
          } else failures.push(`${label} has neither data-entity nor data-term`);
        }
        // Cards: present (one per annotation) but not shown.
        for (const c of state.cards.filter((c) => c.shown)) failures.push(`card #${c.id} is visible without script`);
        // Who's who: every annotation of the source, and every mention's entity or term.
        const ww = state.whosWho;
        if (!ww) failures.push(`no "Who's who" section`);
        else {
          if (!ww.shown) failures.push(`the "Who's who" section is not visible`);
          const want = new Map();
          for (const a of article ? article.annotations : []) want.set(a.kind === 'term' ? `who-term-${a.slug}` : `who-${a.slug}`, a);
          for (const m of state.mentions) {
            if (m.entity) want.set(`who-${m.entity}`, { kind: 'entity', slug: m.entity });
            if (m.term) want.set(`who-term-${m.term}`, { kind: 'term', slug: m.term });
          }
          for (const [id, a] of want) {
            const w = ww.entries.find((e) => e.id === id);
            if (!w) { failures.push(`"Who's who" has no entry for the ${a.kind} ${a.slug} (#${id})`); continue; }
            if (!w.shown) failures.push(`"Who's who" entry #${id} is not visible`);
            if (w.text.length < 12) failures.push(`"Who's who" entry #${id} has no summary ("${w.text}")`);
            if (a.kind === 'entity' && !w.links.some((l) => l.endsWith(`/entities/${a.slug}/`))) {
              failures.push(`"Who's who" entry #${id} does not link to /entities/${a.slug}/`);
            }
          }
          if (article && ww.entries.length !== article.annotations.length) {
            failures.push(`"Who's who" has ${ww.entries.length} entries for ${article.annotations.length} annotations`);
          }
        }
        expect(failures.length === 0, () => failures.join('\n'));
        expectNoProblems(problems, path);
        return `${state.mentions.length} mentions, ${ww ? ww.entries.length : 0} who's who entries`;
      });
    }
    await checks.check(`no script: the ${others} other pages of ${dir} load without errors or requests to other hosts`, async () => {
      expectNoProblems(problems, 'other pages');
    });
    await checks.check(`no script: every built article of ${dir} with annotations was checked`, async () => {
      const missing = articles.filter((a) => a.annotations.length && !seen.has(a.title)).map((a) => a.title);
      expect(missing.length === 0, () => `not found in sitemap.xml (by title): ${missing.join('; ')}`);
      return `${seen.size} articles`;
    });
  } finally {
    await context.close();
    await site.close();
  }
}

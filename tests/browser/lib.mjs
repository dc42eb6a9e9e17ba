// Shared helpers for gloss's browser tests: a static file server for a built
// site, one headless Chromium per script, pages that record every request,
// console error and page error, and a tiny check runner that reports all
// failures and exits non-zero when any check failed.

import { createServer } from 'node:http';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.error('playwright-core is not installed: run `npm ci --prefix tests/browser`');
  process.exit(2);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* ------------------------------------------------------------------ server */

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves `dir` on 127.0.0.1 on a free port. Resolves to { origin, close, served }. */
export async function serve(dir) {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`${root} has no index.html: is it a built site?`);
  }
  const served = []; // [status, path]
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let path;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      path = url.pathname;
    }
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end('forbidden');
      served.push([403, url.pathname]);
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
    } catch {
      /* handled below */
    }
    let status = 200;
    if (!existsSync(file) || !statSync(file).isFile()) {
      status = 404;
      file = join(root, '404.html');
    }
    served.push([status, url.pathname]);
    const body = existsSync(file) ? readFileSync(file) : Buffer.from('not found');
    res.writeHead(status, {
      'content-type': TYPES[extname(file)] || 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    served,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}

/* ----------------------------------------------------------------- browser */

export const CHROMIUM = process.env.GLOSS_CHROMIUM || '/usr/bin/chromium';

export async function launch() {
  if (!existsSync(CHROMIUM)) {
    console.error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set GLOSS_CHROMIUM`);
    process.exit(2);
  }
  try {
    // Playwright gives every launch a fresh, empty profile.
    return await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  } catch (error) {
    console.error(`could not start Chromium (${CHROMIUM}): ${error.message}`);
    process.exit(2);
  }
}

/**
 * A new page in `context` that records, for the page's whole life, requests to
 * any host but `origin`, failed or >= 400 responses, console errors and page
 * errors into `problems` (an array of strings, checked by the caller).
 */
export async function newPage(context, origin, problems) {
  const page = await context.newPage();
  watch(page, origin, problems);
  return page;
}

export function watch(page, origin, problems) {
  const where = () => {
    try {
      return new URL(page.url()).pathname;
    } catch {
      return page.url();
    }
  };
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('about:') || url.startsWith('blob:')) return;
    if (!url.startsWith(origin + '/')) problems.push(`request to another host from ${where()}: ${url}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && response.url().startsWith(origin + '/')) {
      problems.push(`HTTP ${response.status()} for ${response.url().slice(origin.length)} (from ${where()})`);
    }
  });
  page.on('requestfailed', (request) => {
    const url = request.url();
    // A navigation that the page itself cancels (e.g. a tap turned into a card) is fine.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed from ${where()}: ${url} (${request.failure()?.errorText})`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'assert') {
      problems.push(`console.${message.type()} on ${where()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error on ${where()}: ${error.message}`));
}

/* ----------------------------------------------------------------- checks */

export class Checks {
  constructor(title) {
    this.title = title;
    this.passed = 0;
    this.failed = [];
    this.started = Date.now();
  }

  /** Runs one named check; a thrown error (or a failed `expect`) fails it. */
  async check(name, fn) {
    const t0 = Date.now();
    try {
      const note = await fn();
      this.passed++;
      console.log(`ok   ${name} (${Date.now() - t0} ms)${note ? ` — ${note}` : ''}`);
    } catch (error) {
      this.failed.push(name);
      console.log(`FAIL ${name} (${Date.now() - t0} ms)`);
      for (const line of String(error?.message ?? error).split('\n')) console.log(`     ${line}`);
    }
  }

  /** Prints the summary and sets the exit code. */
  finish() {
    const secs = ((Date.now() - this.started) / 1000).toFixed(1);
    console.log('');
    if (this.failed.length) {
      console.log(`${this.title}: failed checks:`);
      for (const name of this.failed) console.log(`  - ${name}`);
    }
    console.log(`${this.title}: ${this.passed} passed, ${this.failed.length} failed (${secs} s)`);
    process.exitCode = this.failed.length ? 1 : 0;
  }
}

export class CheckError extends Error {}

export function expect(condition, message) {
  if (!condition) throw new CheckError(typeof message === 'function' ? message() : message);
}

/** Fails with every collected problem, then empties the list. */
export function expectNoProblems(problems, what = 'page') {
  const list = problems.splice(0);
  expect(list.length === 0, () => `${what}: ${list.length} problem(s):\n` + [...new Set(list)].map((p) => `  ${p}`).join('\n'));
}

/* --------------------------------------------------------------- site data */

/** Every page path of a built site, from its sitemap.xml (any host is mapped to local paths). */
export function sitemapPaths(siteDir) {
  const locs = (file) => [...readFileSync(file, 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)]
    .map((m) => new URL(m[1].replace(/&amp;/g, '&'), 'http://localhost').pathname);
  // In a site of several editions, `sitemap.xml` is the index of each
  // edition's sitemap (`sitemap-en.xml`, `ar/sitemap.xml`).
  const root = join(siteDir, 'sitemap.xml');
  const isIndex = readFileSync(root, 'utf8').includes('<sitemapindex');
  const sitemaps = isIndex ? locs(root).map((path) => join(siteDir, path)) : [root];
  const paths = sitemaps.flatMap(locs);
  expect(paths.length > 0, `${siteDir}/sitemap.xml lists no page`);
  return [...new Set(paths)];
}

export const AXE_SOURCE = () => readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/* ------------------------------------------------------------ page helpers */

/**
 * In-page: is element `el` shown? (display, visibility, size; opacity ignored
 * so an opening animation counts as shown.)
 */
export const IS_SHOWN = `(el) => {
  if (!el || !el.isConnected) return false;
  if (typeof el.checkVisibility === 'function' && !el.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true })) return false;
  const style = getComputedStyle(el);
  if (style.display === 'none' || style.visibility === 'hidden') return false;
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}`;

/** The card named by a mention's aria-describedby, as a CSS id selector. */
export async function cardIdOf(mention) {
  const ids = ((await mention.getAttribute('aria-describedby')) || '').split(/\s+/).filter(Boolean);
  return ids.find((id) => id.startsWith('gloss-card-') || id.startsWith('gloss-term-')) || null;
}

/** State of the card with id `cardId`: shown, its rect, the viewport size. */
export async function cardState(page, cardId) {
  return page.evaluate(
    ({ cardId, isShown }) => {
      const shown = new Function(`return (${isShown})`)();
      const card = document.getElementById(cardId);
      const r = card ? card.getBoundingClientRect() : null;
      const root = document.documentElement;
      return {
        exists: !!card,
        shown: shown(card),
        rect: r && { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height },
        vw: Math.min(window.innerWidth, root.clientWidth || window.innerWidth),
        vh: Math.min(window.innerHeight, root.clientHeight || window.innerHeight),
        open: [...document.querySelectorAll('.gloss-card')].filter((c) => shown(c)).map((c) => c.id),
      };
    },
    { cardId, isShown: IS_SHOWN },
  );
}

/** Describes a rect relative to a viewport, for failure messages. */
export function describeRect(r, vw, vh) {
  const f = (n) => Math.round(n * 10) / 10;
  return `card at left ${f(r.left)}, top ${f(r.top)}, right ${f(r.right)}, bottom ${f(r.bottom)} in a ${vw}x${vh} viewport`;
}

export function insideViewport(r, vw, vh, slack = 0.5) {
  return r.left >= -slack && r.top >= -slack && r.right <= vw + slack && r.bottom <= vh + slack;
}

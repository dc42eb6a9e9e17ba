// Live reload of `gloss serve` in real Chromium: an edit to an article's
// Markdown reloads the open page by itself and keeps the scroll position; a
// broken file shows the error overlay over the last good page; fixing it
// removes the overlay.
//
//   node tests/browser/reload.mjs SERVER_URL ARTICLE_FILE
//
// SERVER_URL is a running `gloss serve` of a copy of the example site (e.g.
// http://127.0.0.1:40123/), ARTICLE_FILE that copy's
// content/articles/ceasefire-talks-egypt.md, which this script edits and
// restores. The test never navigates after the first `goto`: every reload
// must come from the page's live-reload script. Exits non-zero when any
// check fails.

import { readFileSync, renameSync, writeFileSync, appendFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Checks, IS_SHOWN, expect, expectNoProblems, launch, newPage, sleep } from './lib.mjs';

const [serverUrl, articleFile] = process.argv.slice(2);
if (!serverUrl || !articleFile) {
  console.error('usage: node tests/browser/reload.mjs SERVER_URL ARTICLE_FILE');
  process.exit(2);
}

const origin = new URL(serverUrl).origin;
const ARTICLE = '/articles/ceasefire-talks-egypt/';
const SOURCE = 'content/articles/ceasefire-talks-egypt.md';
const DESKTOP = { width: 1366, height: 900 };
const SCROLL_TO = 1200; // px
const SCROLL_SLACK = 50; // px
const RELOAD_WITHIN = 10_000; // ms: from the file change to the reloaded page

const original = readFileSync(articleFile, 'utf8');
const SENTENCE = `Live reload check ${process.pid}-${Date.now()}: this paragraph was appended while the page was open.`;

/* ------------------------------------------------------------- helpers */

/**
 * Replaces the file in one step (write a hidden temporary file, rename it
 * over), as many editors save: the server never sees a half-written file.
 */
function replaceFile(text) {
  const temporary = join(dirname(articleFile), `.${basename(articleFile)}.reload-test`);
  writeFileSync(temporary, text);
  renameSync(temporary, articleFile);
}

/**
 * Polls `fn` (run in the page) until it returns a truthy value; survives the
 * page reloading in between. Resolves to that value, or null after `timeout`.
 */
async function waitInPage(page, fn, arg = undefined, timeout = RELOAD_WITHIN) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    try {
      const value = await page.evaluate(fn, arg);
      if (value) return value;
    } catch {
      /* the page is between documents: try again */
    }
    await sleep(50);
  }
  return null;
}

/** Page state that the checks compare: marker, scroll, overlay, article text. */
async function snapshot(page) {
  return page.evaluate(({ sentence, isShown }) => {
    const shown = new Function(`return (${isShown})`)();
    const overlay = document.getElementById('gloss-error-overlay');
    const body = document.querySelector('.article-body') || document.querySelector('main') || document.body;
    return {
      marker: window.__glossReloadMarker ?? null,
      readyState: document.readyState,
      scrollY: Math.round(window.scrollY),
      overlayShown: shown(overlay),
      overlayText: overlay ? overlay.innerText : '',
      title: document.querySelector('h1')?.textContent.trim() ?? '',
      hasSentence: body.textContent.includes(sentence),
      bodyLength: body.textContent.length,
    };
  }, { sentence: SENTENCE, isShown: IS_SHOWN });
}

/** Marks the current document, so that a new one (after a reload) is told apart. */
async function mark(page, value) {
  await page.evaluate((v) => { window.__glossReloadMarker = v; }, value);
}

/** Waits for a new document (marker gone) that is fully loaded and for which `ok(state)` (described by `want`) holds. */
async function waitForReloaded(page, what, want, ok) {
  const t0 = Date.now();
  const found = await waitInPage(page, () => window.__glossReloadMarker == null && document.readyState === 'complete');
  expect(found, `${what}: the page did not reload by itself within ${RELOAD_WITHIN / 1000} s of the file change`);
  // The build may send more than one reload for one save: let it settle, then require `ok`.
  let state;
  const end = t0 + RELOAD_WITHIN;
  do {
    await sleep(150);
    try {
      await page.waitForLoadState('load');
      state = await snapshot(page);
      if (state.marker == null && state.readyState === 'complete' && ok(state)) return { state, ms: Date.now() - t0 };
    } catch {
      /* between documents */
    }
  } while (Date.now() < end);
  throw new Error(`${what}: the page reloaded, but ${want} within ${RELOAD_WITHIN / 1000} s; last state: ${JSON.stringify(state && { ...state, overlayText: state.overlayText.slice(0, 600) })}`);
}

/* ------------------------------------------------------------------ run */

const checks = new Checks('live reload');
const problems = []; // requests to other hosts, console and page errors
let navigations = 0;
let stepOk = true;

/** Runs a check only when every earlier step passed (they build on each other). */
async function step(name, fn) {
  if (!stepOk) {
    await checks.check(name, async () => { throw new Error('not run: an earlier step failed'); });
    return;
  }
  const before = checks.failed.length;
  await checks.check(name, fn);
  if (checks.failed.length !== before) stepOk = false;
}

async function main() {
  const browser = await launch();
  let page;
  try {
    const context = await browser.newContext({ viewport: DESKTOP });
    page = await newPage(context, origin, problems);
    page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) navigations++; });

    await step(`${ARTICLE} opens at 1366x900 with the live-reload script connected, scrolled to ${SCROLL_TO} px`, async () => {
      const events = page.waitForResponse((r) => r.url().endsWith('/__gloss/events'), { timeout: 10_000 });
      const response = await page.goto(origin + ARTICLE, { waitUntil: 'load' });
      expect(response && response.ok(), `GET ${ARTICLE} answered ${response && response.status()}`);
      const sse = await events.catch(() => null);
      expect(sse && sse.ok(), 'the page did not open /__gloss/events (is /__gloss/live.js injected?)');
      expect(await page.locator('script[src="/__gloss/live.js"]').count() === 1, 'no <script src="/__gloss/live.js"> in the served page');
      await page.evaluate((y) => window.scrollTo(0, y), SCROLL_TO);
      await sleep(100);
      const s = await snapshot(page);
      expect(Math.abs(s.scrollY - SCROLL_TO) <= 1, `could not scroll to ${SCROLL_TO} px (at ${s.scrollY}): the page is too short`);
      expect(!s.overlayShown, `an error overlay is shown before any change:\n${s.overlayText}`);
      expect(!s.hasSentence, 'the new sentence is on the page before it was written');
      expectNoProblems(problems, ARTICLE);
      navigations = 0;
      await mark(page, 'before-append');
      return `title "${s.title}"`;
    });

    await step('appending a paragraph to the Markdown reloads the page by itself, shows it, keeps the scroll position, no console error', async () => {
      appendFileSync(articleFile, `\n${SENTENCE}\n`);
      const { state, ms } = await waitForReloaded(page, 'after appending a paragraph', 'never showed the new paragraph (without an overlay)', (s) => s.hasSentence && !s.overlayShown);
      expect(Math.abs(state.scrollY - SCROLL_TO) <= SCROLL_SLACK, `the reloaded page is at scrollY ${state.scrollY}, want ${SCROLL_TO} ± ${SCROLL_SLACK}`);
      expect(navigations >= 1, 'no navigation was seen');
      expectNoProblems(problems, `${ARTICLE} after the reload`);
      return `reloaded in ${ms} ms (${navigations} navigation(s)), scrollY ${state.scrollY}`;
    });

    await step(`breaking the front matter (date: not-a-date) shows #gloss-error-overlay naming ${SOURCE}:LINE and the YYYY-MM-DD help, over the last good page`, async () => {
      await mark(page, 'before-break');
      navigations = 0;
      const broken = original.replace(/^date: .*$/m, 'date: not-a-date') + `\n${SENTENCE}\n`;
      expect(broken !== original + `\n${SENTENCE}\n`, `${articleFile} has no "date: " line to break`);
      replaceFile(broken);
      const { state, ms } = await waitForReloaded(page, 'after breaking the date', 'never showed #gloss-error-overlay', (s) => s.overlayShown);
      const location = new RegExp(`${SOURCE.replace(/[.]/g, '\\.')}:(\\d+)(:\\d+)?`);
      const where = state.overlayText.match(location);
      expect(where, `the overlay does not name ${SOURCE}:LINE:\n${state.overlayText}`);
      expect(where[1] === '3', `the overlay names line ${where[1]}, the date is on line 3:\n${state.overlayText}`);
      expect(state.overlayText.includes('YYYY-MM-DD'), `the overlay has no YYYY-MM-DD help:\n${state.overlayText}`);
      expect(state.overlayText.includes('not-a-date'), `the overlay does not quote the bad value:\n${state.overlayText}`);
      expect(state.hasSentence, 'the page behind the overlay is not the last good version (the appended paragraph is missing)');
      expect(state.title.length > 0 && state.bodyLength > 1000, `the page behind the overlay has no article (title "${state.title}", ${state.bodyLength} characters)`);
      expectNoProblems(problems, `${ARTICLE} with the overlay`);
      return `overlay after ${ms} ms, names ${where[0]}`;
    });

    await step('restoring the file removes the overlay and shows the article again', async () => {
      await mark(page, 'before-fix');
      navigations = 0;
      replaceFile(original);
      const { state, ms } = await waitForReloaded(page, 'after restoring the file', 'the overlay (or the appended paragraph) did not go away', (s) => !s.overlayShown && !s.hasSentence);
      expect(state.overlayText === '', 'the overlay element is still in the page (hidden)');
      expect(state.title.length > 0 && state.bodyLength > 1000, `no article on the page (title "${state.title}", ${state.bodyLength} characters)`);
      expectNoProblems(problems, `${ARTICLE} after the fix`);
      return `overlay gone after ${ms} ms, title "${state.title}"`;
    });
  } finally {
    // Whatever happened, the article is as it was.
    try {
      replaceFile(original);
    } catch (error) {
      console.error(`could not restore ${articleFile}: ${error.message}`);
      process.exitCode = 1;
    }
    await browser.close();
  }
}

await main();
const exitCode = process.exitCode;
checks.finish();
if (exitCode) process.exitCode = exitCode;

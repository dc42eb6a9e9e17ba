// Glossary cards in real Chromium (SPEC section 4, "Behaviour in a browser").
//
//   node tests/browser/behaviour.mjs EXAMPLE_SITE_OUT EDGES_SITE_OUT
//
// EXAMPLE_SITE_OUT is the built example site (the repository root),
// EDGES_SITE_OUT the built tests/fixtures/browser-edges site. Exits non-zero
// when any check fails, after running all of them.

import {
  Checks, IS_SHOWN, cardIdOf, cardState, describeRect, expect, expectNoProblems,
  insideViewport, launch, newPage, serve, sitemapPaths, sleep,
} from './lib.mjs';

const [exampleDir, edgesDir] = process.argv.slice(2);
if (!exampleDir || !edgesDir) {
  console.error('usage: node tests/browser/behaviour.mjs EXAMPLE_SITE_OUT EDGES_SITE_OUT');
  process.exit(2);
}

// The article the interaction checks run on: the English original, then
// its Arabic translation (right to left), where every check runs again.
let ARTICLE = '/articles/ceasefire-talks-egypt/';
const ARABIC_ARTICLE = '/ar/articles/ceasefire-talks-egypt/';
const EDGES = '/articles/edges/';
const OPEN_WITHIN = 300; // ms: hover shows the card within this (SPEC 4)
const FOCUS_WITHIN = 100; // ms: keyboard focus, Escape and blur act "at once"
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 360, height: 640 };



/* ------------------------------------------------------------- helpers */

async function open(context, origin, path) {
  const page = await newPage(context, origin, problems);
  const response = await page.goto(origin + path, { waitUntil: 'load' });
  expect(response && response.ok(), `GET ${path} answered ${response && response.status()}`);
  // A lead picture can push the text below the fold: scroll to the text
  // as a reader would, so that the mentions are on screen.
  await page.evaluate(() => {
    const first = document.querySelector('.article-body .gloss-mention');
    if (first && first.getBoundingClientRect().bottom > window.innerHeight) {
      document.querySelector('.article-body').scrollIntoView({ block: 'start' });
    }
  });
  return page;
}

/** The n-th mention of the article body. */
function mentionAt(page, n) {
  return page.locator('.article-body .gloss-mention').nth(n);
}

async function box(locator) {
  const b = await locator.boundingBox();
  expect(b, 'element has no box (not rendered?)');
  return b;
}

const center = (b) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

/** The centre of the first line box of an inline element (a mention may wrap). */
async function firstRectCenter(locator) {
  const p = await locator.evaluate((el) => {
    const r = el.getClientRects()[0];
    return r ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : null;
  });
  expect(p, 'element has no line box (not rendered?)');
  return p;
}

/** A point over plain page background: not on a mention, a card or a link. */
async function neutralPoint(page) {
  const p = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const h = window.innerHeight;
    const candidates = [];
    for (const fx of [0.01, 0.99, 0.5]) for (const fy of [0.5, 0.1, 0.9, 0.3, 0.7]) candidates.push([Math.round(w * fx), Math.round(h * fy)]);
    for (const [x, y] of candidates) {
      const el = document.elementFromPoint(x, y);
      if (el && !el.closest('.gloss-mention, .gloss-card, a, button, input')) return { x, y };
    }
    return null;
  });
  expect(p, 'no point over plain background found');
  return p;
}

/** Arms in-page timers: when the pointer enters `mention`, when its card shows. */
async function armOpenTimer(page, mention, cardId) {
  await mention.evaluate((m, { cardId, isShown }) => {
    const shown = new Function(`return (${isShown})`)();
    const card = document.getElementById(cardId);
    const t = (window.__glossTiming = { enter: null, open: null });
    m.addEventListener('pointerenter', function onEnter() {
      m.removeEventListener('pointerenter', onEnter);
      t.enter = performance.now();
      const poll = () => {
        if (shown(card)) t.open = performance.now();
        else if (performance.now() - t.enter < 5000) setTimeout(poll, 4);
      };
      poll();
    });
  }, { cardId, isShown: IS_SHOWN });
}

/** Arms in-page timers: when the pointer leaves `target`, when the card hides. */
async function armCloseTimer(page, target, cardId) {
  await target.evaluate((el, { cardId, isShown }) => {
    const shown = new Function(`return (${isShown})`)();
    const card = document.getElementById(cardId);
    const t = (window.__glossTiming = { leave: null, close: null, shownAt100: null });
    el.addEventListener('pointerleave', function onLeave() {
      el.removeEventListener('pointerleave', onLeave);
      t.leave = performance.now();
      setTimeout(() => { t.shownAt100 = shown(card); }, 100);
      const poll = () => {
        if (!shown(card)) t.close = performance.now();
        else if (performance.now() - t.leave < 5000) setTimeout(poll, 4);
      };
      poll();
    });
  }, { cardId, isShown: IS_SHOWN });
}

/**
 * Arms an in-page timer: from the next `event` (for key events only `key`)
 * until card `cardId` is `until` ('shown' | 'hidden'). The listener sits on
 * window in the bubbling phase, so it runs after the page's own handlers: a
 * card that opens or closes during the event itself counts as 0 ms. Otherwise
 * it polls; measured inside the page, so slow test plumbing cannot skew it.
 */
async function armTimer(page, { event, key = null, cardId, until }) {
  await page.evaluate(({ event, key, cardId, until, isShown }) => {
    const shown = new Function(`return (${isShown})`)();
    const card = document.getElementById(cardId);
    const t = (window.__glossTiming = { start: null, end: null });
    const done = () => shown(card) === (until === 'shown');
    const on = (e) => {
      if (key && e.key !== key) return;
      window.removeEventListener(event, on);
      t.start = performance.now();
      if (done()) { t.end = t.start; return; }
      const poll = () => {
        if (done()) t.end = performance.now();
        else if (performance.now() - t.start < 5000) setTimeout(poll, 2);
      };
      setTimeout(poll, 0);
    };
    window.addEventListener(event, on);
  }, { event, key, cardId, until, isShown: IS_SHOWN });
}

/** Waits for the timer armed by `armTimer`; fails unless it ended within `limit` ms. */
async function expectWithin(page, limit, what) {
  const t = await timing(page, 'end', 3000);
  expect(t.start !== null, `${what}: the triggering event never happened`);
  expect(t.end !== null, `${what}: did not happen within 3 s`);
  const ms = Math.round(t.end - t.start);
  expect(ms <= limit, `${what}: took ${ms} ms (limit ${limit} ms)`);
  return ms;
}

async function timing(page, key, timeout = 2000) {
  await page.waitForFunction((k) => window.__glossTiming && window.__glossTiming[k] !== null, key, { timeout, polling: 10 })
    .catch(() => {});
  return page.evaluate(() => window.__glossTiming);
}

/** Moves the mouse like a person: `steps` moves, `pause` ms apart. */
async function glide(page, from, to, steps = 10, pause = 16) {
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(from.x + ((to.x - from.x) * i) / steps, from.y + ((to.y - from.y) * i) / steps);
    if (pause) await sleep(pause);
  }
}

async function expectShown(page, cardId, what) {
  const s = await cardState(page, cardId);
  expect(s.exists, `#${cardId} is not in the page`);
  expect(s.shown, `${what}: card #${cardId} is not shown (open cards: ${s.open.join(', ') || 'none'})`);
  return s;
}

async function expectHidden(page, cardId, what) {
  const s = await cardState(page, cardId);
  expect(!s.shown, `${what}: card #${cardId} is still shown`);
  return s;
}

async function waitShown(page, cardId, timeout = 2000) {
  return page.waitForFunction(
    ({ cardId, isShown }) => new Function(`return (${isShown})`)()(document.getElementById(cardId)),
    { cardId, isShown: IS_SHOWN }, { timeout, polling: 10 },
  ).then(() => true, () => false);
}

async function waitHidden(page, cardId, timeout = 2000) {
  return page.waitForFunction(
    ({ cardId, isShown }) => !new Function(`return (${isShown})`)()(document.getElementById(cardId)),
    { cardId, isShown: IS_SHOWN }, { timeout, polling: 10 },
  ).then(() => true, () => false);
}

/** With reduced motion the card must not slide in (it would be measured mid-way). */
async function expectNoAnimation(page, cardId) {
  const running = await page.evaluate((id) => document.getElementById(id).getAnimations().filter((a) => a.playState === 'running').length, cardId);
  expect(running === 0, `#${cardId} still animates under prefers-reduced-motion: reduce`);
}

async function expanded(mention) {
  return mention.getAttribute('aria-expanded');
}

/* --------------------------------------------------------------- markup */

async function markupChecks(context, origin, path) {
  await checks.check(`markup: every mention on ${path} is a link (terms: focusable) whose aria-describedby names its card`, async () => {
    const page = await open(context, origin, path);
    const failures = await page.evaluate(() => {
      const out = [];
      const mentions = [...document.querySelectorAll('.gloss-mention')];
      if (!mentions.length) out.push('no .gloss-mention on the page');
      for (const m of mentions) {
        const label = `mention "${m.textContent}"`;
        const entity = m.getAttribute('data-entity');
        const term = m.getAttribute('data-term');
        const want = entity ? `gloss-card-${entity}` : term ? `gloss-term-${term}` : null;
        if (!want) { out.push(`${label} has neither data-entity nor data-term`); continue; }
        if (entity && !(m.tagName === 'A' && m.getAttribute('href'))) out.push(`${label} is not a link`);
        if (term && m.tabIndex < 0) out.push(`${label} (a term) is not focusable`);
        const ids = (m.getAttribute('aria-describedby') || '').split(/\s+/);
        if (!ids.includes(want)) out.push(`${label}: aria-describedby="${m.getAttribute('aria-describedby')}" does not name #${want}`);
        const card = document.getElementById(want);
        if (!card || !card.classList.contains('gloss-card')) out.push(`${label}: no .gloss-card#${want} on the page`);
        if (m.getAttribute('aria-expanded') !== 'false') out.push(`${label}: aria-expanded="${m.getAttribute('aria-expanded')}" while closed, want "false"`);
      }
      return out;
    });
    expect(failures.length === 0, () => failures.join('\n'));
    await page.close();
  });
}

async function cardContentChecks(context, origin, path) {
  await checks.check(`markup: every card on ${path} shows its "Who's who" entry (kind, name, role, summary, note), and the page carries each summary once`, async () => {
    const page = await open(context, origin, path);
    const failures = await page.evaluate(() => {
      const out = [];
      const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : null);
      const cards = [...document.querySelectorAll('.gloss-card')];
      if (!cards.length) out.push('no .gloss-card on the page');
      for (const card of cards) {
        const who = document.getElementById(card.dataset.who || '');
        if (!who) { out.push(`#${card.id}: no "Who's who" entry #${card.dataset.who}`); continue; }
        const pairs = [
          ['.gloss-card-kind', '.kind'],
          ['.gloss-card-name', '.who-name'],
          ['.gloss-card-role', '.role'],
          ['.gloss-card-summary', '.who-summary'],
          ['.gloss-card-note', '.note'],
        ];
        for (const [inCard, inWho] of pairs) {
          if (text(card.querySelector(inCard)) !== text(who.querySelector(inWho))) {
            out.push(`#${card.id} ${inCard} is "${text(card.querySelector(inCard))}", its entry's ${inWho} is "${text(who.querySelector(inWho))}"`);
          }
        }
        if (!text(card.querySelector('.gloss-card-summary'))) out.push(`#${card.id} has no summary`);
        if (card.querySelector('.gloss-card-more') && card.querySelector('.gloss-card-more') !== card.lastElementChild) {
          out.push(`#${card.id}: the "About" link is not the card's last line`);
        }
      }
      return out;
    });
    // The page as served, before any script: each entity's summary appears
    // once (a term's definition is also its JSON-LD description).
    const html = await (await page.request.get(new URL(path, origin).href)).text();
    const summaries = await page.evaluate(() => [...document.querySelectorAll('.who:not([id^="who-term-"]) .who-summary')].map((s) => s.innerHTML));
    if (!summaries.length) failures.push('no entity summary in "Who\'s who"');
    for (const summary of summaries) {
      const count = html.split(summary).length - 1;
      if (count !== 1) failures.push(`a summary is written ${count} times in the page: ${summary.slice(0, 60)}`);
    }
    expect(failures.length === 0, () => failures.join('\n'));
    await page.close();
  });
}

/* ---------------------------------------------------------------- hover */

async function hoverChecks(context) {
  await checks.check(`hover: a mention's card opens within ${OPEN_WITHIN} ms, stays while the pointer moves onto it, and closes after a grace delay (${ARTICLE}, 1366x900)`, async () => {
    const page = await open(context, example.origin, ARTICLE);
    const mention = mentionAt(page, 0);
    const cardId = await cardIdOf(mention);
    expect(cardId, 'the first mention has no aria-describedby naming a gloss card');
    await expectHidden(page, cardId, 'before any interaction');
    expect((await expanded(mention)) === 'false', `aria-expanded before opening is ${await expanded(mention)}, want "false"`);

    const start = await neutralPoint(page);
    await page.mouse.move(start.x, start.y);
    await armOpenTimer(page, mention, cardId);
    const m = await box(mention);
    await glide(page, start, center(m), 6, 0);
    const t = await timing(page, 'open', 1500);
    expect(t.enter !== null, 'the pointer never entered the mention');
    expect(t.open !== null, 'the card did not open within 1.5 s of hovering');
    const openMs = Math.round(t.open - t.enter);
    expect(openMs <= OPEN_WITHIN, `the card opened ${openMs} ms after the pointer entered the mention (limit ${OPEN_WITHIN} ms)`);
    expect((await expanded(mention)) === 'true', `aria-expanded while open is ${await expanded(mention)}, want "true"`);

    // From the mention onto the card, as a person would, across the gap.
    // Down (or up) to the mention's edge, across the gap in one ~16 ms movement, on into the card.
    const s = await expectShown(page, cardId, 'after hovering');
    const below = s.rect.top >= m.y + m.height - 1;
    const x = Math.min(Math.max(m.x + 4, s.rect.left + 12), s.rect.right - 12);
    const edge = { x, y: below ? m.y + m.height - 1 : m.y + 1 };
    const cardCenter = { x, y: below ? s.rect.top + 14 : s.rect.bottom - 14 };
    await glide(page, center(m), edge, 3, 16);
    await glide(page, edge, cardCenter, 2, 16);
    await sleep(600); // longer than any grace delay
    await expectShown(page, cardId, 'pointer moved from the mention onto the card and rested there 600 ms');
    await glide(page, cardCenter, { x: cardCenter.x + 20, y: (s.rect.top + s.rect.bottom) / 2 }, 5, 40);
    await sleep(200);
    await expectShown(page, cardId, 'pointer moving inside the card');

    // Away from both: hidden after the grace delay.
    const card = page.locator(`#${cardId}`);
    await armCloseTimer(page, card, cardId);
    const away = await neutralPoint(page);
    await glide(page, { x: cardCenter.x + 20, y: (s.rect.top + s.rect.bottom) / 2 }, away, 4, 0);
    const c = await timing(page, 'close', 2500);
    expect(c.leave !== null, 'the pointer never left the card');
    expect(c.close !== null, 'the card was still shown 2.5 s after the pointer left it');
    const closeMs = Math.round(c.close - c.leave);
    await sleep(120);
    const c2 = await page.evaluate(() => window.__glossTiming);
    expect(c2.shownAt100 === true, `the card closed ${closeMs} ms after the pointer left: no grace delay to cross the gap back`);
    expect(closeMs <= 1000, `the card closed only ${closeMs} ms after the pointer left (want a grace delay of about 300 ms)`);
    expect((await expanded(mention)) === 'false', `aria-expanded after closing is ${await expanded(mention)}, want "false"`);
    await page.close();
    return `opened in ${openMs} ms, closed ${closeMs} ms after the pointer left`;
  });

  await checks.check('hover: moving off the mention (not onto the card) hides the card after the grace delay', async () => {
    const page = await open(context, example.origin, ARTICLE);
    const mention = mentionAt(page, 1);
    const cardId = await cardIdOf(mention);
    const m = await box(mention);
    await page.mouse.move(center(m).x, center(m).y - 40);
    await glide(page, { x: center(m).x, y: center(m).y - 40 }, center(m), 4, 0);
    expect(await waitShown(page, cardId), 'card did not open on hover');
    await armCloseTimer(page, mention, cardId);
    const away = await neutralPoint(page);
    await glide(page, center(m), away, 4, 0);
    const c = await timing(page, 'close', 2500);
    expect(c.close !== null, 'the card was still shown 2.5 s after the pointer left the mention');
    const ms = Math.round(c.close - c.leave);
    expect(ms <= 1000, `closed ${ms} ms after the pointer left`);
    await page.close();
    return `closed ${ms} ms after the pointer left`;
  });

  await checks.check('hover: Escape dismisses a hovered card while the pointer stays on the mention', async () => {
    const page = await open(context, example.origin, ARTICLE);
    const mention = mentionAt(page, 2);
    const cardId = await cardIdOf(mention);
    // On its first line: a mention that wraps has blank space in the middle of its box.
    const m = await firstRectCenter(mention);
    await page.mouse.move(m.x, m.y);
    expect(await waitShown(page, cardId), 'card did not open on hover');
    await armTimer(page, { event: 'keydown', key: 'Escape', cardId, until: 'hidden' });
    await page.keyboard.press('Escape');
    await expectWithin(page, FOCUS_WITHIN, 'hovered card closing on Escape');
    await sleep(500); // the pointer is still on the mention: the card must not come back by itself
    await expectHidden(page, cardId, 'pointer resting on the mention after Escape');
    expect((await expanded(mention)) === 'false', `aria-expanded after Escape is ${await expanded(mention)}`);
    await page.close();
  });

  await checks.check(`hover: after leaving one mention and lingering on plain text, the next mention's card still opens within ${OPEN_WITHIN} ms`, async () => {
    const page = await open(context, example.origin, ARTICLE);
    // Two mentions of different cards on one line, and a point of plain text
    // between them: to the right of the first in a left-to-right line, to
    // its left in a right-to-left one.
    const plan = await page.evaluate(() => {
      const ms = [...document.querySelectorAll('.article-body .gloss-mention')];
      for (let i = 0; i < ms.length; i++) {
        const a = ms[i].getClientRects()[0];
        for (let j = i + 1; j < ms.length; j++) {
          const b = ms[j].getClientRects()[0];
          if (ms[j].getAttribute('aria-describedby') === ms[i].getAttribute('aria-describedby') || Math.abs(b.top - a.top) >= 2) continue;
          const y = a.top + a.height / 2;
          const [from, to] = b.left >= a.right ? [a.right + 4, b.left - 2] : [b.right + 2, a.left - 4];
          for (let x = from; x < to; x += 2) {
            const el = document.elementFromPoint(x, y);
            if (el && !el.closest('.gloss-mention, .gloss-card')) return { i, j, gap: { x, y }, b: { x: b.left + b.width / 2, y: b.top + b.height / 2 } };
          }
        }
      }
      return null;
    });
    expect(plan, 'no two mentions on one line with plain text between them');
    const a = mentionAt(page, plan.i);
    const ida = await cardIdOf(a);
    const pa = await firstRectCenter(a);
    await page.mouse.move(pa.x, pa.y);
    expect(await waitShown(page, ida), 'first card did not open');
    const b = mentionAt(page, plan.j);
    const idb = await cardIdOf(b);
    await page.mouse.move(plan.gap.x, plan.gap.y, { steps: 2 });
    await sleep(200); // reading the words between the two
    await armOpenTimer(page, b, idb);
    await page.mouse.move(plan.b.x, plan.b.y, { steps: 2 });
    const t = await timing(page, 'open', 1500);
    expect(t.enter !== null, 'the pointer never entered the second mention');
    expect(t.open !== null, `the second mention's card (#${idb}) did not open while the pointer rested on it`);
    const ms = Math.round(t.open - t.enter);
    expect(ms <= OPEN_WITHIN, `the second card opened ${ms} ms after the pointer entered its mention (limit ${OPEN_WITHIN} ms)`);
    await page.close();
    return `opened in ${ms} ms`;
  });

  await checks.check('hover: only one card is open at a time', async () => {
    const page = await open(context, example.origin, ARTICLE);
    const a = mentionAt(page, 0);
    const ida = await cardIdOf(a);
    const pa = await firstRectCenter(a);
    await page.mouse.move(pa.x, pa.y);
    expect(await waitShown(page, ida), 'first card did not open');
    // The next mention that the open card does not cover.
    const j = await page.evaluate((cardId) => {
      const c = document.getElementById(cardId).getBoundingClientRect();
      const ms = [...document.querySelectorAll('.article-body .gloss-mention')];
      return ms.findIndex((m, i) => {
        const r = m.getClientRects()[0];
        return i > 0 && r && r.bottom < window.innerHeight && !(r.right > c.left && r.left < c.right && r.bottom > c.top && r.top < c.bottom)
          && m.getAttribute('aria-describedby') !== ms[0].getAttribute('aria-describedby');
      });
    }, ida);
    expect(j > 0, 'no second mention in view outside the open card');
    const b = mentionAt(page, j);
    const idb = await cardIdOf(b);
    const pb = await firstRectCenter(b);
    await page.mouse.move(pb.x, pb.y, { steps: 3 });
    expect(await waitShown(page, idb), `the card of a second mention (#${j}) did not open on hover`);
    const s = await cardState(page, idb);
    expect(s.open.length === 1, `open cards: ${s.open.join(', ')}`);
    await page.close();
  });
}

/* ------------------------------------------------------------- keyboard */

async function keyboardChecks(context) {
  await checks.check('keyboard: Tab onto a mention opens its card at once, with aria-expanded and a visible focus ring', async () => {
    const page = await open(context, example.origin, ARTICLE);
    const away = await neutralPoint(page);
    await page.mouse.move(away.x, away.y);
    // Tab through the page from the top to the first mention.
    const target = mentionAt(page, 0);
    const cardId = await cardIdOf(target);
    expect(cardId, 'the first mention has no aria-describedby naming its card');
    let presses = 0;
    for (; presses < 60; presses++) {
      const next = await page.evaluate(() => {
        const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')].filter((el) => el.tabIndex >= 0);
        return all[all.indexOf(document.activeElement) + 1]?.classList.contains('gloss-mention') ?? false;
      });
      if (next) break;
      await page.keyboard.press('Tab');
    }
    expect(presses < 60, 'no mention reached with 60 presses of Tab');
    await armTimer(page, { event: 'focusin', cardId, until: 'shown' });
    await page.keyboard.press('Tab');
    const mention = page.locator('.gloss-mention:focus');
    expect(await mention.count() === 1, 'Tab did not focus the mention');
    const ms = await expectWithin(page, FOCUS_WITHIN, 'card opening on keyboard focus');
    expect((await expanded(mention)) === 'true', `aria-expanded is ${await expanded(mention)} while the card is open`);
    const ring = await mention.evaluate((m) => {
      const visible = m.matches(':focus-visible');
      const saved = m.getAttribute('aria-expanded');
      m.removeAttribute('aria-expanded'); // isolate the focus style from the "open" style
      const st = getComputedStyle(m);
      const out = { visible, outlineStyle: st.outlineStyle, outlineWidth: parseFloat(st.outlineWidth), outlineColor: st.outlineColor, boxShadow: st.boxShadow };
      if (saved !== null) m.setAttribute('aria-expanded', saved);
      return out;
    });
    expect(ring.visible, 'the mention does not match :focus-visible after Tab');
    const transparent = /rgba\([^)]*,\s*0\)|transparent/.test(ring.outlineColor);
    const hasOutline = ring.outlineStyle !== 'none' && ring.outlineWidth >= 1 && !transparent;
    expect(hasOutline || (ring.boxShadow && ring.boxShadow !== 'none'),
      `no visible focus ring: outline ${ring.outlineStyle} ${ring.outlineWidth}px ${ring.outlineColor}, box-shadow ${ring.boxShadow}`);
    await page.close();
    return `${presses + 1} Tab presses, opened in ${ms} ms; ring: outline ${ring.outlineStyle} ${ring.outlineWidth}px`;
  });

  await checks.check('keyboard: Escape closes the card and focus stays on the mention', async () => {
    const page = await open(context, example.origin, ARTICLE);
    const mention = mentionAt(page, 0);
    const cardId = await cardIdOf(mention);
    await focusByKeyboard(page, mention);
    expect(await waitShown(page, cardId), 'card not shown on keyboard focus');
    await armTimer(page, { event: 'keydown', key: 'Escape', cardId, until: 'hidden' });
    await page.keyboard.press('Escape');
    const ms = await expectWithin(page, FOCUS_WITHIN, 'card closing on Escape');
    const still = await mention.evaluate((m) => document.activeElement === m);
    expect(still, () => 'focus left the mention after Escape');
    expect((await expanded(mention)) === 'false', `aria-expanded after Escape is ${await expanded(mention)}`);
    await sleep(400);
    await expectHidden(page, cardId, 'focus resting on the mention after Escape');
    await page.close();
    return `closed in ${ms} ms`;
  });

  await checks.check('keyboard: Tab to the next mention moves the card, blur hides it', async () => {
    const page = await open(context, example.origin, ARTICLE);
    const first = mentionAt(page, 0);
    const second = mentionAt(page, 1);
    const [id1, id2] = [await cardIdOf(first), await cardIdOf(second)];
    await focusByKeyboard(page, first);
    expect(await waitShown(page, id1), 'first card not shown on focus');
    // The body's mentions follow one another in tab order.
    await armTimer(page, { event: 'focusout', cardId: id1, until: 'hidden' });
    await page.keyboard.press('Tab');
    expect(await second.evaluate((m) => document.activeElement === m), 'Tab from the first mention did not reach the second');
    await expectWithin(page, FOCUS_WITHIN, 'first card closing when its mention lost focus');
    expect(await waitShown(page, id2), 'second card not shown after Tab');
    expect((await expanded(first)) === 'false', 'first mention still aria-expanded="true"');
    await page.keyboard.press('Shift+Tab');
    expect(await waitShown(page, id1), 'first card not shown after Shift+Tab back');
    expect(await waitHidden(page, id2), 'second card still shown after Shift+Tab');
    await armTimer(page, { event: 'focusout', cardId: id1, until: 'hidden' });
    await first.evaluate((m) => m.blur());
    await expectWithin(page, FOCUS_WITHIN, 'card closing when the mention was blurred');
    await page.close();
  });
}

async function focusByKeyboard(page, mention) {
  // Focus the element just before the mention in tab order, then press Tab.
  await mention.evaluate((m) => {
    const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
      .filter((el) => el.tabIndex >= 0 && !el.closest('.gloss-card'));
    const i = all.indexOf(m);
    if (i > 0) all[i - 1].focus();
    else document.body.focus();
  });
  await page.keyboard.press('Tab');
  expect(await mention.evaluate((m) => document.activeElement === m), 'could not reach the mention with Tab');
}

/* ---------------------------------------------------------------- touch */

async function touchChecks(context) {
  await checks.check('touch: the first tap opens the card instead of navigating; the card links to the entity page; a tap outside closes it; a second tap navigates (360x640)', async () => {
    const page = await open(context, example.origin, ARTICLE);
    const mention = page.locator('.article-body .gloss-mention[data-entity]').first();
    const cardId = await cardIdOf(mention);
    const href = await mention.getAttribute('href');
    const entityUrl = new URL(href, page.url()).href;
    expect(/\/entities\/[^/]+\/$/.test(new URL(entityUrl).pathname), `mention href ${href} is not an entity page`);

    await mention.tap();
    expect(await waitShown(page, cardId), () => `the card did not open on the first tap (now at ${page.url()})`);
    await sleep(300); // a navigation, if the tap started one, would be under way by now
    expect(page.url() === example.origin + ARTICLE, `the first tap navigated to ${page.url()}`);
    const s = await expectShown(page, cardId, 'after the first tap');
    expect(insideViewport(s.rect, s.vw, s.vh), `${describeRect(s.rect, s.vw, s.vh)}: not inside the viewport`);
    expect((await expanded(mention)) === 'true', `aria-expanded after the first tap is ${await expanded(mention)}`);
    const hrefs = await page.locator(`#${cardId} a[href]`).evaluateAll((as) => as.map((a) => a.href));
    expect(hrefs.includes(entityUrl), `the card has no link to ${entityUrl} (links: ${hrefs.join(', ') || 'none'})`);
    const cardLink = page.locator(`#${cardId} a[href="${href}"]`).first();
    expect(await cardLink.isVisible(), 'the card\'s link to the entity page is not visible');

    // A tap outside (on the headline) closes it.
    await page.locator('h1').first().tap();
    expect(await waitHidden(page, cardId), 'the card is still shown after a tap outside it');
    expect(page.url() === example.origin + ARTICLE, `the tap outside navigated to ${page.url()}`);

    // First tap again opens, second tap follows the link.
    await mention.tap();
    expect(await waitShown(page, cardId), 'the card did not open on a new first tap');
    expect(page.url() === example.origin + ARTICLE, 'the new first tap navigated');
    await sleep(100);
    await Promise.all([
      page.waitForURL(entityUrl, { timeout: 3000 }),
      mention.tap(),
    ]).catch(() => {});
    expect(page.url() === entityUrl, `the second tap did not navigate to ${entityUrl} (now at ${page.url()})`);
    await page.close();
  });

  await checks.check('touch: tapping the link inside the open card opens the entity page', async () => {
    const page = await open(context, example.origin, ARTICLE);
    const mention = page.locator('.article-body .gloss-mention[data-entity]').nth(3);
    const cardId = await cardIdOf(mention);
    const href = await mention.getAttribute('href');
    const entityUrl = new URL(href, page.url()).href;
    await mention.tap();
    expect(await waitShown(page, cardId), () => `the card did not open on the first tap (now at ${page.url()})`);
    const cardLink = page.locator(`#${cardId} a[href="${href}"]`).first();
    await Promise.all([page.waitForURL(entityUrl, { timeout: 3000 }), cardLink.tap()]).catch(() => {});
    expect(page.url() === entityUrl, `tapping the card's link did not open ${entityUrl} (now at ${page.url()})`);
    await page.close();
  });

  await checks.check('touch: tapping a different mention swaps the card', async () => {
    const page = await open(context, example.origin, ARTICLE);
    const a = page.locator('.article-body .gloss-mention[data-entity]').nth(0);
    const b = page.locator('.article-body .gloss-mention[data-entity]').nth(2);
    const [ida, idb] = [await cardIdOf(a), await cardIdOf(b)];
    await a.tap();
    expect(await waitShown(page, ida), 'first card did not open');
    await b.tap();
    expect(await waitShown(page, idb), 'second card did not open on its first tap');
    expect(page.url() === example.origin + ARTICLE, `tapping a second mention navigated to ${page.url()}`);
    await expectHidden(page, ida, 'after tapping another mention');
    await page.close();
  });
}

/* ---------------------------------------------------------- containment */

async function containmentChecks(context, sizeName, origin, path) {
  await checks.check(`viewport ${sizeName}: every card on ${path} opened from every mention, scrolled to the top, middle and bottom edge, stays inside the viewport with its entity link in sight`, async () => {
    const page = await open(context, origin, path);
    const result = await page.evaluate(({ isShown }) => {
      const shown = new Function(`return (${isShown})`)();
      const root = document.documentElement;
      const vw = Math.min(window.innerWidth, root.clientWidth);
      const vh = Math.min(window.innerHeight, root.clientHeight);
      const mentions = [...document.querySelectorAll('.gloss-mention')];
      const failures = [];
      let opened = 0;
      mentions.forEach((m, i) => {
        const ids = (m.getAttribute('aria-describedby') || '').split(/\s+/);
        const card = ids.map((id) => document.getElementById(id)).find((el) => el && el.classList.contains('gloss-card'));
        const label = `mention #${i} "${m.textContent}" (${m.parentElement.tagName.toLowerCase()})`;
        if (!card) { failures.push(`${label}: no card named by aria-describedby`); return; }
        for (const where of ['top', 'middle', 'bottom']) {
          const r0 = m.getClientRects()[0];
          const target = where === 'top' ? 2 : where === 'bottom' ? vh - r0.height - 2 : (vh - r0.height) / 2;
          window.scrollBy(0, r0.top - target);
          const r = m.getBoundingClientRect();
          if (r.bottom < 0 || r.top > vh) continue; // cannot be scrolled there
          m.focus({ preventScroll: true });
          if (!shown(card)) { failures.push(`${label} at the ${where}: card not shown on focus`); m.blur(); continue; }
          opened++;
          const c = card.getBoundingClientRect();
          const f = (n) => Math.round(n * 10) / 10;
          if (c.left < -0.5 || c.top < -0.5 || c.right > vw + 0.5 || c.bottom > vh + 0.5) {
            failures.push(`${label} at the ${where} (mention at ${f(r.left)},${f(r.top)}): card at left ${f(c.left)}, top ${f(c.top)}, right ${f(c.right)}, bottom ${f(c.bottom)} leaves the ${vw}x${vh} viewport`);
          }
          const rects = [...m.getClientRects()];
          if (rects.some((q) => q.left < c.right && q.right > c.left && q.top < c.bottom && q.bottom > c.top)) {
            failures.push(`${label} at the ${where}: the card covers its own mention`);
          }
          // The way on to the entity page must be in sight, not scrolled away inside a long card.
          const slug = m.getAttribute('data-entity');
          const link = slug && [...card.querySelectorAll('a[href]')].find((a) => new URL(a.href).pathname.endsWith(`/entities/${slug}/`));
          if (slug && !link) failures.push(`${label}: the card has no link to /entities/${slug}/`);
          if (link) {
            const l = link.getBoundingClientRect();
            const inner = { top: c.top + card.clientTop, bottom: c.top + card.clientTop + card.clientHeight };
            if (l.top < Math.max(0, inner.top) - 0.5 || l.bottom > Math.min(vh, inner.bottom) + 0.5) {
              failures.push(`${label} at the ${where}: the card's link to the entity page is out of sight (link ${f(l.top)}–${f(l.bottom)}, card shows ${f(inner.top)}–${f(inner.bottom)})`);
            }
          }
          if (card.scrollWidth > card.clientWidth + 1) {
            failures.push(`${label}: the card's content is wider than the card (${card.scrollWidth} > ${card.clientWidth})`);
          }
          m.blur();
          if (shown(card)) failures.push(`${label}: card still shown after blur`);
        }
      });
      return { failures, opened, mentions: mentions.length, overflow: root.scrollWidth - root.clientWidth };
    }, { isShown: IS_SHOWN });
    expect(result.mentions > 0, `no mention on ${path}`);
    expect(result.failures.length === 0, () => `${result.failures.length} failure(s):\n  ` + result.failures.slice(0, 25).join('\n  '));
    expect(result.overflow <= 0, `the page scrolls sideways by ${result.overflow}px`);
    await page.close();
    return `${result.mentions} mentions, ${result.opened} placements checked`;
  });

  await checks.check(`viewport ${sizeName}: hovering edge mentions on ${path} — first, last, leftmost, rightmost, in lists, tables and quotes, at the bottom (and top) of the screen — keeps the card inside`, async () => {
    const page = await open(context, origin, path);
    const picks = await page.evaluate(() => {
      const ms = [...document.querySelectorAll('.article-body .gloss-mention')];
      const pick = new Map();
      const add = (why, m) => { if (m) { const i = ms.indexOf(m); if (!pick.has(i)) pick.set(i, why); } };
      add('first', ms[0]);
      add('last', ms[ms.length - 1]);
      let left = null, right = null;
      for (const m of ms) {
        for (const r of m.getClientRects()) {
          if (!left || r.left < left[1]) left = [m, r.left];
          if (!right || r.right > right[1]) right = [m, r.right];
        }
      }
      add('leftmost', left && left[0]);
      add('rightmost', right && right[0]);
      add('in a list', ms.find((m) => m.closest('li')));
      add('last in a list', [...ms].reverse().find((m) => m.closest('li')));
      add('in a table', ms.find((m) => m.closest('td, th')));
      add('last table cell', [...ms].reverse().find((m) => m.closest('td, th')));
      add('in a quote', ms.find((m) => m.closest('blockquote')));
      add('paragraph start', ms.find((m) => m.parentElement.tagName === 'P' && m.parentElement.firstChild === m));
      add('paragraph end', [...ms].reverse().find((m) => { const p = m.parentElement; return p.tagName === 'P' && !(p.textContent.slice(p.textContent.lastIndexOf(m.textContent) + m.textContent.length).trim().length > 1); }));
      return [...pick.entries()];
    });
    const failures = [];
    let hovers = 0;
    const handles = await page.$$('.article-body .gloss-mention');
    for (const [i, why] of picks) {
      const mention = handles[i];
      const cardId = await cardIdOf(mention);
      const text = (await mention.textContent()).trim();
      // At the bottom edge the card must flip above; the top edge is covered for every
      // mention by the sweep above, so real hovers there are spent on the first and last only.
      for (const where of why === 'first' || why === 'last' ? ['bottom', 'top'] : ['bottom']) {
        // Scroll the mention to the edge, park the pointer on plain background.
        const p = await mention.evaluate((m, where) => {
          const vh = Math.min(window.innerHeight, document.documentElement.clientHeight);
          const r0 = m.getClientRects()[0];
          window.scrollBy(0, r0.top - (where === 'top' ? 4 : vh - r0.height - 4));
          const r = m.getClientRects()[0];
          return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
        }, where);
        const away = await neutralPoint(page);
        await page.mouse.move(away.x, away.y);
        await page.mouse.move(p.x, p.y, { steps: 2 });
        hovers++;
        const label = `${why} mention "${text}" at the ${where} of the screen`;
        if (!(await waitShown(page, cardId))) { failures.push(`${label}: card did not open on hover`); continue; }
        await expectNoAnimation(page, cardId);
        const s = await cardState(page, cardId);
        if (!insideViewport(s.rect, s.vw, s.vh)) failures.push(`${label}: ${describeRect(s.rect, s.vw, s.vh)}`);
        if (where === 'bottom') {
          // Scroll while it is open: it must follow its mention or close, never leave the viewport.
          await page.mouse.wheel(0, 150);
          await sleep(120);
          const s2 = await cardState(page, cardId);
          if (s2.shown && !insideViewport(s2.rect, s2.vw, s2.vh)) failures.push(`${label}, after scrolling 150px: ${describeRect(s2.rect, s2.vw, s2.vh)}`);
        }
        await page.keyboard.press('Escape');
        if (!(await waitHidden(page, cardId))) failures.push(`${label}: Escape did not close the card`);
      }
    }
    expect(failures.length === 0, () => failures.join('\n'));
    await page.close();
    return `${hovers} hovers on ${picks.length} mentions: ${picks.map(([, why]) => why).join(', ')}`;
  });
}

/* ------------------------------------------------------------ every page */

async function everyPageChecks(context, name, origin, dir) {
  await checks.check(`every page of the ${name} (from sitemap.xml): no request to another host, no console or page error, no sideways scrolling at 360 px`, async () => {
    const paths = sitemapPaths(dir);
    const overflow = [];
    const page = await newPage(context, origin, problems);
    for (const path of paths) {
      const response = await page.goto(origin + path, { waitUntil: 'load' });
      if (!response || !response.ok()) overflow.push(`GET ${path} answered ${response && response.status()}`);
      const o = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (o > 0) overflow.push(`${path} scrolls sideways by ${o}px`);
    }
    await page.close();
    expectNoProblems(problems, name);
    expect(overflow.length === 0, () => overflow.join('\n'));
    return `${paths.length} pages`;
  });
}

/* ------------------------------------------------------------------ run */

const checks = new Checks('browser behaviour');
// Checks run again on the Arabic edition are named with it.
let EDITION = '';
const checkOnce = checks.check.bind(checks);
checks.check = (name, fn) => checkOnce(EDITION ? `[${EDITION}] ${name}` : name, fn);
const problems = []; // requests to other hosts, console and page errors, from every page
let example, edges;

/** In a right-to-left page a card starts where the line does: its right
 *  edge at its mention's right edge (unless the window's edge is nearer). */
async function rtlPlacementChecks(context) {
  await checks.check(`rtl: every card on ${ARTICLE} opens with its right edge at its mention's right edge, mirrored (1366x900)`, async () => {
    const page = await open(context, example.origin, ARTICLE);
    const dir = await page.evaluate(() => document.documentElement.dir);
    expect(dir === 'rtl', `<html dir> is ${dir}, want rtl`);
    const failures = await page.evaluate(({ isShown }) => {
      const shown = new Function(`return (${isShown})`)();
      const out = [];
      for (const m of document.querySelectorAll('.article-body .gloss-mention')) {
        m.scrollIntoView({ block: 'center' });
        m.focus({ preventScroll: true });
        const card = document.getElementById((m.getAttribute('aria-describedby') || '').split(/\s+/)[0]);
        if (!card || !shown(card)) { out.push(`"${m.textContent}": no card shown`); continue; }
        const c = card.getBoundingClientRect();
        const rects = [...m.getClientRects()];
        const anchor = card.dataset.placement === 'above' ? rects[0] : rects[rects.length - 1];
        const wanted = Math.max(c.width + 8, Math.min(anchor.right, document.documentElement.clientWidth - 8));
        if (Math.abs(c.right - wanted) > 1.5) out.push(`"${m.textContent}": card's right edge at ${c.right.toFixed(1)}, mention's at ${anchor.right.toFixed(1)}`);
        m.blur();
      }
      return out;
    }, { isShown: IS_SHOWN });
    expect(failures.length === 0, () => failures.join('\n'));
    await page.close();
  });
}

async function main() {
  example = await serve(exampleDir);
  edges = await serve(edgesDir);
  const browser = await launch();
  try {
    const desktop = await browser.newContext({ viewport: DESKTOP });
    // Placement checks measure the card where it comes to rest: no opening slide.
    const desktopStill = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
    const narrow = await browser.newContext({ viewport: PHONE, reducedMotion: 'reduce' });
    const touch = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });

    await markupChecks(desktop, example.origin, ARTICLE);
    await markupChecks(desktop, edges.origin, EDGES);
    await cardContentChecks(desktop, example.origin, ARTICLE);
    await cardContentChecks(desktop, edges.origin, EDGES);
    await hoverChecks(desktop);
    await keyboardChecks(desktop);
    await touchChecks(touch);
    for (const [name, context] of [['360x640', narrow], ['1366x900', desktopStill]]) {
      await containmentChecks(context, name, edges.origin, EDGES);
      await containmentChecks(context, name, example.origin, ARTICLE);
    }
    // The Arabic edition: the same behaviour, mirrored.
    EDITION = 'ar, rtl';
    ARTICLE = ARABIC_ARTICLE;
    await markupChecks(desktop, example.origin, ARTICLE);
    await cardContentChecks(desktop, example.origin, ARTICLE);
    await hoverChecks(desktop);
    await keyboardChecks(desktop);
    await touchChecks(touch);
    for (const [name, context] of [['360x640', narrow], ['1366x900', desktopStill]]) {
      await containmentChecks(context, name, example.origin, ARTICLE);
    }
    await rtlPlacementChecks(desktopStill);
    EDITION = '';
    await checks.check('no request to another host, no console or page error during the checks above', async () => {
      expectNoProblems(problems, 'interaction checks');
    });
    await everyPageChecks(narrow, 'example site', example.origin, exampleDir);
    await everyPageChecks(narrow, 'browser-edges fixture', edges.origin, edgesDir);
  } finally {
    await browser.close();
    await example.close();
    await edges.close();
  }
}

await main();
checks.finish();

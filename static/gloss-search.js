// Search box of the built-in theme: reads the index gloss writes into
// /search/ (see src/render/search.rs for its format), so it works offline and
// needs no search service. Every word of the query must match the start of a
// word in the explainer or entity. Entities come first and show as small
// cards; explainers follow with the passage that matched, taken from the page
// itself. In a site of several editions, explainers of the other editions
// follow those of the reader's own, each marked with its language; their
// indexes are read only once the reader's own results show. Without
// JavaScript the box stays hidden.
(() => {
  'use strict';
  const form = document.querySelector('.site-search');
  if (!form) return;
  const input = form.querySelector('input[type="search"]');
  const panel = form.querySelector('.search-results');
  const status = form.querySelector('.search-status');
  const cache = new Map();
  let asked = 0;
  let timer = 0;
  form.hidden = false;

  // Each file is fetched once; a failed fetch is forgotten, so a later
  // query tries again.
  const fetchOnce = (url, read) => {
    if (!cache.has(url)) {
      const pending = fetch(url).then((r) => {
        if (!r.ok) throw new Error(`${url}: ${r.status}`);
        return read(r);
      });
      pending.catch(() => cache.delete(url));
      cache.set(url, pending);
    }
    return cache.get(url);
  };
  // An edition's index: where it is, the site path its document URLs are
  // relative to, and (for another edition) its language.
  const edition = (url, language) => ({
    url,
    root: url.pathname.replace(/\/search\/index\.json$/, ''),
    json: (path) => fetchOnce(new URL(path, url).href, (r) => r.json()),
    language,
  });
  const own = edition(new URL(form.dataset.index, document.baseURI), null);

  // Words as the index keeps them (src/render/search.rs `words`): letters
  // and digits, with Arabic's optional marks (U+064B-U+065F, U+0670);
  // initialisms such as U.N. are one word, "un".
  const L = '[\\p{Alphabetic}\\p{N}\\u064B-\\u065F\\u0670]';
  const INITIALISM = `(?<!${L})${L}(?:\\.${L})+(?!${L})`;
  const WORD = new RegExp(`${INITIALISM}|${L}+`, 'gu');
  // Han and kana, written without spaces: the ranges of `is_cjk` in
  // src/lang/script.rs.
  const CJK = '\\u3040-\\u30FF\\u31F0-\\u31FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\uFF66-\\uFF9D\\u{20000}-\\u{3134F}';
  const SCRIPT_RUN = new RegExp(`[${CJK}]+|[^${CJK}]+`, 'gu');
  const IS_CJK = new RegExp(`^[${CJK}]`, 'u');
  // A passage's words, each CJK character on its own.
  const PASSAGE_WORD = new RegExp(`[${CJK}]|${INITIALISM}|(?:(?![${CJK}])${L})+`, 'gu');
  const fold = (word) =>
    word.normalize('NFKD').replace(/\p{M}/gu, '').replace(/\./g, '').toLowerCase()
      // Arabic as the index folds it (src/lang/script.rs): no tashkeel
      // (marks, above) or tatweel, one alef, ya, ha.
      .replace(/[\u0640\u064B-\u065F\u0670]/g, '').replace(/\u0671/g, '\u0627').replace(/\u0649/g, '\u064A').replace(/\u0629/g, '\u0647');
  // Each pair of neighbouring characters of a CJK run, then its last one
  // (src/render/search.rs `cjk_terms`).
  const cjkTerms = (folded) => {
    const chars = [...folded];
    return chars.map((c, i) => (i + 1 < chars.length ? c + chars[i + 1] : c));
  };
  // The terms of a query, split and folded as the index's are.
  const queryWords = (text) => {
    const terms = [];
    for (const token of text.match(WORD) || []) {
      for (const run of token.match(SCRIPT_RUN)) {
        const folded = fold(run);
        if (IS_CJK.test(run)) terms.push(...cjkTerms(folded));
        else if ([...folded].length >= 2) terms.push(folded);
      }
    }
    return [...new Set(terms)];
  };
  const hex = (text) =>
    [...new TextEncoder().encode(text)].map((b) => b.toString(16).padStart(2, '0')).join('');

  // Documents of an edition matching the start of `word`, with a score each.
  const lookup = async (ed, manifest, word) => {
    const key = hex(word);
    const shards = manifest.shards.filter((k) => key.startsWith(k) || k.startsWith(key));
    const scores = new Map();
    for (const shard of await Promise.all(shards.map((k) => ed.json(`t/${k}.json`)))) {
      let i = lowerBound(shard.terms, word);
      for (; i < shard.terms.length && shard.terms[i].startsWith(word); i++) {
        const postings = shard.postings[i];
        const idf = Math.log(1 + manifest.count / (postings.length / 2));
        const exact = shard.terms[i] === word ? 2 : 1;
        let doc = 0;
        for (let p = 0; p < postings.length; p += 2) {
          doc += postings[p];
          scores.set(doc, (scores.get(doc) || 0) + postings[p + 1] * exact * idf);
        }
      }
    }
    return scores;
  };
  const lowerBound = (sorted, word) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < word) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const manifestOf = async (ed) => {
    const manifest = await ed.json('index.json');
    if (manifest.version !== 1) throw new Error(`search index version ${manifest.version}`);
    return manifest;
  };

  // An edition's documents matching every word of the query, best first.
  const ranked = async (ed, words) => {
    const manifest = await manifestOf(ed);
    const perWord = await Promise.all(words.map((w) => lookup(ed, manifest, w)));
    const [first, ...rest] = perWord.sort((a, b) => a.size - b.size);
    const docs = [...first]
      .filter(([doc]) => rest.every((scores) => scores.has(doc)))
      .map(([doc, score]) => [doc, rest.reduce((sum, s) => sum + s.get(doc), score)])
      .sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return { manifest, docs: docs.map(([doc]) => doc) };
  };
  const doc = async (ed, manifest, n) => {
    const d = (await ed.json(`d/${Math.floor(n / manifest.chunk)}.json`))[n % manifest.chunk];
    return {
      url: ed.root + d.u, title: d.t, kind: d.k, summary: d.s || '', date: d.d, aliases: d.a || [],
      language: ed.language,
    };
  };

  // The best documents of the reader's edition, at most `limit`.
  const search = async (words, limit) => {
    const { manifest, docs } = await ranked(own, words);
    return Promise.all(docs.slice(0, limit).map((n) => doc(own, manifest, n)));
  };

  // The best explainers of each other edition, at most `limit` each, in
  // the order of the editions. Entities are left out: every edition has
  // a page of every entity, and the reader's own shows first. An edition
  // whose index cannot be read is left out too.
  const elsewhere = async (words, limit) => {
    const editions = (await manifestOf(own)).editions || [];
    const found = await Promise.all(editions.map(async (about) => {
      const ed = edition(new URL(about.index, own.url), about);
      const { manifest, docs } = await ranked(ed, words);
      const explainers = [];
      for (const n of docs) {
        if (explainers.length >= limit) break;
        const d = await doc(ed, manifest, n);
        if (d.kind === 'article') explainers.push(d);
      }
      return explainers;
    }).map((p) => p.catch(() => [])));
    return found.flat();
  };

  // Which of a passage's words (`tokens`) a query's terms match: a word
  // that starts with a term, two CJK characters side by side that are a
  // term, and a CJK character that is one (but not the last character of
  // a longer query, which every match of it already marks).
  const matches = (tokens, words) => {
    const pairs = new Set(words.filter((w) => IS_CJK.test(w) && [...w].length === 2));
    const tails = new Set([...pairs].map((w) => [...w][1]));
    const singles = new Set(words.filter((w) => IS_CJK.test(w) && [...w].length === 1 && !tails.has(w)));
    const others = words.filter((w) => !IS_CJK.test(w));
    const hits = new Set();
    tokens.forEach((token, i) => {
      const folded = fold(token[0]);
      if (!IS_CJK.test(token[0])) {
        if (others.some((w) => folded.startsWith(w))) hits.add(i);
        return;
      }
      const next = tokens[i + 1];
      const touching = next && next.index === token.index + token[0].length && IS_CJK.test(next[0]);
      if (touching && pairs.has(folded + fold(next[0]))) {
        hits.add(i);
        hits.add(i + 1);
      } else if (singles.has(folded)) {
        hits.add(i);
      }
    });
    return hits;
  };

  // The passage of an explainer around the first word that matches, with
  // <mark> around matches; built as text nodes, never parsed as markup.
  const passage = async (url, words) => {
    const html = await fetchOnce(url, (r) => r.text());
    const page = new DOMParser().parseFromString(html, 'text/html');
    const body = page.querySelector('.article-body') || page.querySelector('main') || page.body;
    if (!body) return null;
    // Blocks and table cells are separate words even where the markup
    // puts no space between them.
    for (const el of body.querySelectorAll('p,li,td,th,h1,h2,h3,h4,h5,h6,blockquote,dd,dt,br')) el.append(' ');
    const text = body.textContent.replace(/\s+/g, ' ');
    const tokens = [...text.matchAll(PASSAGE_WORD)];
    const hits = matches(tokens, words);
    if (!hits.size) return null;
    const at = Math.min(...hits);
    const from = tokens[Math.max(0, at - 12)].index;
    const last = tokens[Math.min(tokens.length - 1, at + 24)];
    const out = document.createElement('span');
    out.className = 'search-excerpt';
    let pos = from;
    if (at > 12) out.append('… ');
    for (let i = Math.max(0, at - 12); i < Math.min(tokens.length, at + 25); i++) {
      if (!hits.has(i)) continue;
      const token = tokens[i];
      out.append(text.slice(pos, token.index));
      const mark = document.createElement('mark');
      mark.textContent = token[0];
      out.append(mark);
      pos = token.index + token[0].length;
    }
    const end = last.index + last[0].length;
    out.append(text.slice(pos, end));
    if (end < text.length) out.append(' …');
    return out;
  };

  const element = (tag, className, text) => {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  };

  const hit = (data) => {
    const kind = data.kind;
    const link = element('a', 'search-hit');
    link.href = data.url;
    if (kind === 'article') {
      link.append(element('span', 'search-title', data.title));
      if (data.date) link.append(element('span', 'search-date', data.date));
      link.append(data.excerpt || element('span', 'search-excerpt', data.summary));
    } else {
      // An entity shows as its card does: kind, name, summary.
      link.classList.add('search-entity');
      link.dataset.kind = kind;
      link.append(element('span', `kind kind-${kind}`, kind));
      link.append(element('span', 'search-title', data.title));
      if (data.aliases.length) link.append(element('span', 'search-aliases', `Also: ${data.aliases.join(', ')}`));
      link.append(element('span', 'search-summary', data.summary));
    }
    const item = element('li', 'search-item');
    if (data.language) {
      // Another edition's explainer: in its language, and labelled with it.
      item.classList.add('search-elsewhere');
      item.lang = data.language.lang;
      item.dir = data.language.dir;
      link.hreflang = data.language.lang;
      link.prepend(element('span', 'search-lang', data.language.name));
    }
    item.append(link);
    return item;
  };

  const found = (count, query) => count
    ? `${count} result${count === 1 ? '' : 's'} for “${query}”`
    : `Nothing found for “${query}”`;

  const show = (list, query) => {
    panel.replaceChildren();
    const count = list.length;
    status.textContent = found(count, query);
    if (count) {
      const ol = element('ol', 'search-list');
      for (const data of list) ol.append(hit(data));
      panel.append(ol);
    } else {
      panel.append(element('p', 'search-empty', status.textContent));
    }
    panel.hidden = false;
  };

  // The other editions' explainers, after the reader's own results.
  const showMore = (list, query) => {
    if (!list.length) return;
    panel.querySelector('.search-empty')?.remove();
    let ol = panel.querySelector('.search-list');
    if (!ol) {
      ol = element('ol', 'search-list');
      panel.append(ol);
    }
    for (const data of list) ol.append(hit(data));
    status.textContent = found(ol.children.length, query);
  };

  const close = () => {
    panel.hidden = true;
    status.textContent = '';
  };

  const run = async () => {
    const query = input.value.trim();
    const mine = ++asked;
    if (!query) return close();
    try {
      const words = queryWords(query);
      const hits = words.length ? await search(words, 10) : [];
      // Explainers show the passage that matched; a page that cannot be
      // read shows its summary instead.
      await Promise.all(hits.filter((d) => d.kind === 'article').map(async (d) => {
        d.excerpt = await passage(d.url, words).catch(() => null);
      }));
      if (mine !== asked) return; // a newer query is under way
      const entities = hits.filter((d) => d.kind !== 'article');
      const articles = hits.filter((d) => d.kind === 'article');
      show([...entities, ...articles], query);
      if (!words.length) return;
      const more = await elsewhere(words, 5);
      if (mine === asked) showMore(more, query);
    } catch (err) {
      if (mine !== asked) return;
      status.textContent = 'Search is not available here (open the site from a web server).';
      panel.hidden = true;
      console.warn('gloss search:', err);
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run().then(() => panel.querySelector('a')?.focus());
  });
  form.addEventListener('keydown', (event) => {
    const links = [...panel.querySelectorAll('a')];
    const at = links.indexOf(document.activeElement);
    if (event.key === 'Escape') {
      close();
      input.focus();
    } else if (event.key === 'ArrowDown' && links.length) {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === 'ArrowUp' && at >= 0) {
      event.preventDefault();
      (at === 0 ? input : links[at - 1]).focus();
    }
  });
  document.addEventListener('click', (event) => {
    if (!form.contains(event.target)) close();
  });
})();

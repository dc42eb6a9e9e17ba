// Search box of the built-in theme: reads the index gloss writes into
// /search/ (see src/render/search.rs for its format), so it works offline and
// needs no search service. Every word of the query must match the start of a
// word in the explainer or entity. Entities come first and show as small
// cards; explainers follow with the passage that matched, taken from the page
// itself. Without JavaScript the box stays hidden.
(() => {
  'use strict';
  const form = document.querySelector('.site-search');
  if (!form) return;
  const input = form.querySelector('input[type="search"]');
  const panel = form.querySelector('.search-results');
  const status = form.querySelector('.search-status');
  const indexUrl = new URL(form.dataset.index, document.baseURI);
  // The site's root: document URLs in the index are relative to it.
  const root = indexUrl.pathname.replace(/\/search\/index\.json$/, '');
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
  const json = (path) => fetchOnce(new URL(path, indexUrl).href, (r) => r.json());

  // Words as the index keeps them: letters and digits, lower case, no
  // accents; initialisms such as U.N. are one word, "un".
  const WORD = /(?<![\p{Alphabetic}\p{N}])[\p{Alphabetic}\p{N}](?:\.[\p{Alphabetic}\p{N}])+(?![\p{Alphabetic}\p{N}])|[\p{Alphabetic}\p{N}]+/gu;
  const fold = (word) =>
    word.normalize('NFKD').replace(/\p{M}/gu, '').replace(/\./g, '').toLowerCase()
      // Arabic as the index folds it (src/lang/script.rs): no tatweel, one alef, ya, ha.
      .replace(/\u0640/g, '').replace(/\u0671/g, '\u0627').replace(/\u0649/g, '\u064A').replace(/\u0629/g, '\u0647');
  const queryWords = (text) =>
    [...new Set((text.match(WORD) || []).map(fold).filter((w) => [...w].length >= 2))];
  const hex = (text) =>
    [...new TextEncoder().encode(text)].map((b) => b.toString(16).padStart(2, '0')).join('');

  // Documents matching the start of `word`, with a score each.
  const lookup = async (manifest, word) => {
    const key = hex(word);
    const shards = manifest.shards.filter((k) => key.startsWith(k) || k.startsWith(key));
    const scores = new Map();
    for (const shard of await Promise.all(shards.map((k) => json(`t/${k}.json`)))) {
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

  // The best documents for every word of the query, at most `limit`.
  const search = async (words, limit) => {
    const manifest = await json('index.json');
    if (manifest.version !== 1) throw new Error(`search index version ${manifest.version}`);
    const perWord = await Promise.all(words.map((w) => lookup(manifest, w)));
    const [first, ...rest] = perWord.sort((a, b) => a.size - b.size);
    const ranked = [...first]
      .filter(([doc]) => rest.every((scores) => scores.has(doc)))
      .map(([doc, score]) => [doc, rest.reduce((sum, s) => sum + s.get(doc), score)])
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, limit);
    return Promise.all(ranked.map(async ([doc]) => {
      const d = (await json(`d/${Math.floor(doc / manifest.chunk)}.json`))[doc % manifest.chunk];
      return { url: root + d.u, title: d.t, kind: d.k, summary: d.s || '', date: d.d, aliases: d.a || [] };
    }));
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
    const tokens = [...text.matchAll(WORD)];
    const hitAt = (t) => words.some((w) => fold(t[0]).startsWith(w));
    const at = tokens.findIndex(hitAt);
    if (at < 0) return null;
    const from = tokens[Math.max(0, at - 12)].index;
    const last = tokens[Math.min(tokens.length - 1, at + 24)];
    const out = document.createElement('span');
    out.className = 'search-excerpt';
    let pos = from;
    if (at > 12) out.append('… ');
    for (const token of tokens.slice(Math.max(0, at - 12), at + 25)) {
      if (!hitAt(token)) continue;
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
    item.append(link);
    return item;
  };

  const show = (list, query) => {
    panel.replaceChildren();
    const count = list.length;
    status.textContent = count
      ? `${count} result${count === 1 ? '' : 's'} for “${query}”`
      : `Nothing found for “${query}”`;
    if (count) {
      const ol = element('ol', 'search-list');
      for (const data of list) ol.append(hit(data));
      panel.append(ol);
    } else {
      panel.append(element('p', 'search-empty', status.textContent));
    }
    panel.hidden = false;
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
      const found = words.length ? await search(words, 10) : [];
      // Explainers show the passage that matched; a page that cannot be
      // read shows its summary instead.
      await Promise.all(found.filter((d) => d.kind === 'article').map(async (d) => {
        d.excerpt = await passage(d.url, words).catch(() => null);
      }));
      if (mine !== asked) return; // a newer query is under way
      const entities = found.filter((d) => d.kind !== 'article');
      const articles = found.filter((d) => d.kind === 'article');
      show([...entities, ...articles], query);
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

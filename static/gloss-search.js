// Search box of the built-in theme: asks the site's own Pagefind index
// (built by gloss into /pagefind/), so it works offline and needs no search
// service. Entities come first and show as small cards; explainers follow
// with the passage that matched. Without JavaScript the box stays hidden.
(() => {
  'use strict';
  const form = document.querySelector('.site-search');
  if (!form) return;
  const input = form.querySelector('input[type="search"]');
  const panel = form.querySelector('.search-results');
  const status = form.querySelector('.search-status');
  let pagefind = null;
  let asked = 0;
  let timer = 0;
  form.hidden = false;

  const load = async () => {
    if (!pagefind) {
      pagefind = await import(form.dataset.index);
      await pagefind.init();
    }
    return pagefind;
  };

  // Pagefind's excerpts are text with <mark> around the matches; keep
  // exactly that, so no markup from an index file ever reaches the page.
  const excerpt = (html) => {
    const doc = new DOMParser().parseFromString(`<p>${html}</p>`, 'text/html');
    const out = document.createElement('span');
    out.className = 'search-excerpt';
    for (const node of doc.body.firstChild.childNodes) {
      if (node.nodeName === 'MARK') {
        const mark = document.createElement('mark');
        mark.textContent = node.textContent;
        out.append(mark);
      } else {
        out.append(node.textContent);
      }
    }
    return out;
  };

  const element = (tag, className, text) => {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  };

  const hit = (data) => {
    const kind = data.meta.kind || 'article';
    const link = element('a', 'search-hit');
    link.href = data.url;
    if (kind === 'article') {
      link.append(element('span', 'search-title', data.meta.title));
      if (data.meta.date) link.append(element('span', 'search-date', data.meta.date));
      link.append(excerpt(data.excerpt));
    } else {
      // An entity shows as its card does: kind, name, summary.
      link.classList.add('search-entity');
      link.dataset.kind = kind;
      link.append(element('span', `kind kind-${kind}`, kind));
      link.append(element('span', 'search-title', data.meta.title));
      if (data.meta.aliases) link.append(element('span', 'search-aliases', `Also: ${data.meta.aliases}`));
      link.append(element('span', 'search-summary', data.meta.summary));
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
      const index = await load();
      const found = await index.search(query);
      const data = await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
      if (mine !== asked) return; // a newer query is under way
      const entities = data.filter((d) => d.meta.kind && d.meta.kind !== 'article');
      const articles = data.filter((d) => !d.meta.kind || d.meta.kind === 'article');
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

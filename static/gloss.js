/* gloss — glossary cards for annotated mentions.
 *
 * Every `.gloss-mention` (data-entity or data-term) names its card in
 * aria-describedby (`gloss-card-SLUG` / `gloss-term-SLUG`). Without this
 * script a mention is a plain link and the "Who's who" section holds the same
 * information; with it, the card opens as a small floating panel:
 *
 *   - pointer hover opens it after a short dwell, keyboard focus at once;
 *   - it stays open while the pointer is on the mention or on the card, and
 *     closes after a grace period once the pointer has left both;
 *   - Escape closes it and keeps focus on the mention; blur closes it;
 *   - on touch, the first tap opens the card, a second tap follows the link,
 *     a tap elsewhere closes it;
 *   - one card at a time, placed below the mention (above when there is no
 *     room), always inside the viewport (WCAG 2.1 SC 1.4.13).
 *
 * A card names its "Who's who" entry in data-who; its name, kind, role,
 * summary and note are copied from there, so the page carries each summary
 * once.
 *
 * Plain script, no dependencies, no requests.
 */
(function () {
  'use strict';

  var OPEN_DELAY = 150;   // hover dwell before a card opens (ms)
  var CLOSE_DELAY = 300;  // grace after the pointer leaves mention and card (ms)
  var EDGE = 8;           // minimum distance from the viewport edges (px)
  var GAP = 6;            // distance between mention and card (px)
  var TAP_WINDOW = 1500;  // a click this soon after a touch pointerdown is a tap (ms)

  var doc = document;
  var win = window;

  var hasPopover = typeof HTMLElement === 'function' &&
    typeof HTMLElement.prototype.showPopover === 'function';
  var hasPointer = typeof win.PointerEvent === 'function';

  var current = null;        // { mention, card } while a card is open
  var openTimer = 0;
  var pendingMention = null; // mention waiting for its hover dwell
  var closeTimer = 0;
  var hoverMention = null;   // mention under a (non-touch) pointer
  var hoverCard = null;      // card under a (non-touch) pointer
  var lastTap = null;        // { mention, touch, wasOpen, time }
  var ignoreFocus = false;
  var frame = 0;
  var boundCards = [];

  function now() {
    return Date.now();
  }

  function matches(el, selector) {
    try {
      var fn = el.matches || el.msMatchesSelector || el.webkitMatchesSelector;
      return !!(fn && fn.call(el, selector));
    } catch (e) {
      return false;
    }
  }

  function contains(parent, node) {
    return !!(parent && node && node.nodeType && (parent === node || parent.contains(node)));
  }

  function closestMention(node) {
    while (node && node.nodeType !== 1) node = node.parentNode;
    while (node && node.nodeType === 1) {
      if (node.classList && node.classList.contains('gloss-mention')) return node;
      node = node.parentNode;
    }
    return null;
  }

  /* The card of a mention: the .gloss-card named in aria-describedby, else
     the conventional id built from data-entity / data-term. */
  function cardFor(mention) {
    var ids = (mention.getAttribute('aria-describedby') || '').split(/\s+/);
    for (var i = 0; i < ids.length; i++) {
      if (!ids[i]) continue;
      var el = doc.getElementById(ids[i]);
      if (el && el.classList && el.classList.contains('gloss-card')) return el;
    }
    var slug = mention.getAttribute('data-entity');
    var card = slug ? doc.getElementById('gloss-card-' + slug) : null;
    if (!card) {
      slug = mention.getAttribute('data-term');
      card = slug ? doc.getElementById('gloss-term-' + slug) : null;
    }
    return card && card.classList && card.classList.contains('gloss-card') ? card : null;
  }

  function isLink(mention) {
    return mention.tagName === 'A' && mention.hasAttribute('href');
  }

  /* aria-expanded is only valid on some roles; never make markup invalid. */
  var EXPANDABLE_ROLES = /^(button|link|menuitem|tab|treeitem|combobox|checkbox|gridcell|row|rowheader|application|listbox)$/;
  function canExpand(mention) {
    var role = mention.getAttribute('role');
    if (role) return EXPANDABLE_ROLES.test(role);
    return isLink(mention) || mention.tagName === 'BUTTON';
  }

  function setExpanded(mention, open) {
    if (canExpand(mention)) mention.setAttribute('aria-expanded', open ? 'true' : 'false');
  }

  function isFocusVisible(el) {
    try {
      return el.matches(':focus-visible');
    } catch (e) {
      return true;
    }
  }

  /* ----------------------------------------------------------- show / hide */

  function showCard(card) {
    if (hasPopover && card.hasAttribute('popover')) {
      try {
        if (!matches(card, ':popover-open')) card.showPopover();
        return;
      } catch (e) {
        /* not connected, or not a valid popover: use the class instead */
      }
    }
    card.classList.add('is-open');
  }

  function hideCard(card) {
    if (hasPopover) {
      try {
        if (matches(card, ':popover-open')) card.hidePopover();
      } catch (e) {
        /* already hidden */
      }
    }
    card.classList.remove('is-open');
  }

  function cancelOpen() {
    if (openTimer) win.clearTimeout(openTimer);
    openTimer = 0;
    pendingMention = null;
  }

  function cancelClose() {
    if (closeTimer) win.clearTimeout(closeTimer);
    closeTimer = 0;
  }

  function open(mention) {
    cancelOpen();
    cancelClose();
    if (current && current.mention === mention) {
      place();
      return;
    }
    var card = cardFor(mention);
    if (!card) return;
    if (current) close(false);
    showCard(card);
    current = { mention: mention, card: card };
    setExpanded(mention, true);
    place();
  }

  /* Closing the open card leaves a pending open of another mention alone:
     the pointer may already rest on the next mention when the grace period
     of the previous one runs out. */
  function close(restoreFocus) {
    cancelClose();
    if (!current) return;
    var was = current;
    current = null;
    var focusWasInCard = contains(was.card, doc.activeElement);
    hideCard(was.card);
    if (hoverCard === was.card) hoverCard = null;
    setExpanded(was.mention, false);
    if (restoreFocus && focusWasInCard) {
      ignoreFocus = true;
      try {
        was.mention.focus();
      } catch (e) {
        /* not focusable */
      }
      ignoreFocus = false;
    }
  }

  /* Should the open card stay? Yes while the pointer is on the mention or the
     card, while focus is inside the card, or while the mention has keyboard
     focus. */
  function shouldStay() {
    if (!current) return false;
    if (hoverMention === current.mention || hoverCard === current.card) return true;
    var active = doc.activeElement;
    if (contains(current.card, active)) return true;
    if (active === current.mention && isFocusVisible(active)) return true;
    return false;
  }

  function scheduleOpen(mention) {
    cancelOpen();
    pendingMention = mention;
    openTimer = win.setTimeout(function () {
      openTimer = 0;
      pendingMention = null;
      open(mention);
    }, OPEN_DELAY);
  }

  function scheduleClose() {
    cancelClose();
    closeTimer = win.setTimeout(function () {
      closeTimer = 0;
      if (!shouldStay()) close(false);
    }, CLOSE_DELAY);
  }

  /* -------------------------------------------------------------- placement */

  function viewport() {
    var root = doc.documentElement;
    return {
      width: root.clientWidth || win.innerWidth,
      height: root.clientHeight || win.innerHeight
    };
  }

  function place() {
    if (!current) return;
    var mention = current.mention;
    var card = current.card;
    if (!mention.isConnected && !contains(doc.documentElement, mention)) {
      close(false);
      return;
    }
    var rects = mention.getClientRects();
    if (!rects.length) {
      close(false);
      return;
    }
    var first = rects[0];
    var last = rects[rects.length - 1];
    var vp = viewport();

    var style = card.style;
    style.position = 'fixed';
    style.margin = '0';
    style.maxHeight = '';
    style.maxWidth = 'min(22rem, ' + Math.max(0, vp.width - 2 * EDGE) + 'px)';
    style.top = '0px';
    style.left = '0px';
    style.right = 'auto';
    style.bottom = 'auto';

    var width = card.offsetWidth;
    var height = card.offsetHeight;
    var roomBelow = vp.height - last.bottom - GAP - EDGE;
    var roomAbove = first.top - GAP - EDGE;
    var placement;
    var top;

    if (height <= roomBelow) {
      placement = 'below';
    } else if (height <= roomAbove) {
      placement = 'above';
    } else {
      /* no room either way: take the larger side and let the card scroll */
      placement = roomBelow >= roomAbove ? 'below' : 'above';
      var room = Math.max(placement === 'below' ? roomBelow : roomAbove, 96);
      style.maxHeight = Math.min(room, vp.height - 2 * EDGE) + 'px';
      height = card.offsetHeight;
    }

    top = placement === 'below' ? last.bottom + GAP : first.top - GAP - height;
    top = Math.min(top, vp.height - EDGE - height);
    top = Math.max(EDGE, top);

    /* The card starts where the line of text starts: at the mention's left
       edge in a left-to-right page, at its right edge in a right-to-left one
       (Arabic), so that it reads from the mention onward and mirrors with
       the page. Either way it is then kept inside the viewport. */
    var anchor = placement === 'below' ? last : first;
    var rtl = win.getComputedStyle(mention).direction === 'rtl';
    var left = rtl ? anchor.right - width : anchor.left;
    left = Math.min(left, vp.width - EDGE - width);
    left = Math.max(EDGE, left);

    style.top = Math.round(top) + 'px';
    style.left = Math.round(left) + 'px';
    card.setAttribute('data-placement', placement);
  }

  function onViewportChange(event) {
    if (!current) return;
    if (event && event.type === 'scroll' && contains(current.card, event.target)) return;
    if (frame) return;
    var raf = win.requestAnimationFrame || function (fn) { return win.setTimeout(fn, 16); };
    frame = raf(function () {
      frame = 0;
      if (!current) return;
      var rects = current.mention.getClientRects();
      var vp = viewport();
      if (!rects.length || rects[rects.length - 1].bottom < 0 || rects[0].top > vp.height) {
        close(false); /* the mention scrolled out of view */
        return;
      }
      place();
    });
  }

  /* ----------------------------------------------------------------- events */

  function isTouch(event) {
    return event.pointerType === 'touch';
  }

  function onMentionEnter(event) {
    if (isTouch(event)) return;
    var mention = event.currentTarget;
    hoverMention = mention;
    if (current && current.mention === mention) {
      cancelClose();
      return;
    }
    scheduleOpen(mention);
  }

  function onMentionLeave(event) {
    if (isTouch(event)) return;
    var mention = event.currentTarget;
    if (hoverMention === mention) hoverMention = null;
    if (pendingMention === mention) cancelOpen();
    if (current && current.mention === mention) scheduleClose();
  }

  function onMentionFocus(event) {
    if (ignoreFocus) return;
    open(event.currentTarget);
  }

  function onMentionBlur(event) {
    var mention = event.currentTarget;
    if (pendingMention === mention && hoverMention !== mention) cancelOpen();
    if (!current || current.mention !== mention) return;
    var to = event.relatedTarget;
    if (to && contains(current.card, to)) return;
    if (hoverMention === mention || hoverCard === current.card) return;
    close(false);
  }

  function onMentionClick(event) {
    var mention = event.currentTarget;
    var tap = lastTap;
    lastTap = null;
    var touched = !!(tap && tap.touch && tap.mention === mention && now() - tap.time < TAP_WINDOW);

    if (!isLink(mention)) {
      /* a focusable non-link mention: click or tap toggles its card */
      if (touched && tap.wasOpen) close(false);
      else open(mention);
      return;
    }
    if (touched && !tap.wasOpen) {
      /* first tap: show the card instead of following the link */
      event.preventDefault();
      open(mention);
    }
    /* otherwise (second tap, mouse click, Enter) the link is followed */
  }

  function onCardEnter(event) {
    if (isTouch(event)) return;
    var card = event.currentTarget;
    hoverCard = card;
    if (current && current.card === card) cancelClose();
  }

  function onCardLeave(event) {
    if (isTouch(event)) return;
    var card = event.currentTarget;
    if (hoverCard === card) hoverCard = null;
    if (current && current.card === card) scheduleClose();
  }

  function onCardFocusOut(event) {
    var card = event.currentTarget;
    if (!current || current.card !== card) return;
    var to = event.relatedTarget;
    if (to && (contains(card, to) || to === current.mention)) return;
    if (hoverCard === card || hoverMention === current.mention) return;
    close(false);
  }

  function recordTap(target, touch) {
    var mention = closestMention(target);
    lastTap = mention ? {
      mention: mention,
      touch: touch,
      wasOpen: !!(current && current.mention === mention),
      time: now()
    } : null;
    /* a press anywhere outside the open card and its mention closes it */
    if (current && mention !== current.mention && !contains(current.card, target)) {
      close(false);
    }
  }

  function onPointerDown(event) {
    recordTap(event.target, isTouch(event));
  }

  function onTouchStart(event) {
    recordTap(event.target, true);
  }

  function onKeyDown(event) {
    var key = event.key;
    if (key !== 'Escape' && key !== 'Esc') return;
    if (pendingMention) cancelOpen();
    if (!current) return;
    close(true);
  }

  /* ------------------------------------------------------------------- init */

  function listen(el, type, fn, options) {
    el.addEventListener(type, fn, options || false);
  }

  function bindCard(card) {
    if (boundCards.indexOf(card) !== -1) return;
    boundCards.push(card);
    listen(card, hasPointer ? 'pointerenter' : 'mouseenter', onCardEnter);
    listen(card, hasPointer ? 'pointerleave' : 'mouseleave', onCardLeave);
    listen(card, 'focusout', onCardFocusOut);
  }

  /* A paragraph of a card, with class `name`, holding `content`. */
  function paragraph(name, content) {
    var p = doc.createElement('p');
    p.className = name;
    p.appendChild(content);
    return p;
  }

  function childrenOf(el) {
    var copy = doc.createDocumentFragment();
    for (var node = el.firstChild; node; node = node.nextSibling) copy.appendChild(node.cloneNode(true));
    return copy;
  }

  /* Fills a card from its "Who's who" entry, ahead of what the card holds. */
  function completeCard(card) {
    var who = doc.getElementById(card.getAttribute('data-who') || '');
    if (!who) return;
    var parts = doc.createDocumentFragment();
    var kind = who.querySelector('.kind');
    var name = who.querySelector('.who-name');
    var role = who.querySelector('.role');
    var summary = who.querySelector('.who-summary');
    var note = who.querySelector('.note');
    if (kind) parts.appendChild(paragraph('gloss-card-kind', kind.cloneNode(true)));
    if (name) parts.appendChild(paragraph('gloss-card-name', doc.createTextNode(name.textContent)));
    if (role) {
      var line = parts.appendChild(paragraph('gloss-card-role', doc.createTextNode(role.textContent)));
      line.setAttribute('data-status', role.getAttribute('data-status') || '');
    }
    if (summary) parts.appendChild(paragraph('gloss-card-summary', childrenOf(summary)));
    if (note) parts.appendChild(paragraph('gloss-card-note', childrenOf(note)));
    // After the entity's picture, which floats beside the words.
    var picture = card.querySelector('.gloss-card-picture');
    card.insertBefore(parts, picture ? picture.nextSibling : card.firstChild);
  }

  function init() {
    var cards = doc.querySelectorAll('.gloss-card[data-who]');
    for (var c = 0; c < cards.length; c++) completeCard(cards[c]);
    var mentions = doc.querySelectorAll('.gloss-mention');
    var bound = 0;
    for (var i = 0; i < mentions.length; i++) {
      var mention = mentions[i];
      var card = cardFor(mention);
      if (!card) continue;
      bound++;
      setExpanded(mention, false);
      listen(mention, hasPointer ? 'pointerenter' : 'mouseenter', onMentionEnter);
      listen(mention, hasPointer ? 'pointerleave' : 'mouseleave', onMentionLeave);
      listen(mention, 'focus', onMentionFocus);
      listen(mention, 'blur', onMentionBlur);
      listen(mention, 'click', onMentionClick);
      bindCard(card);
    }
    if (!bound) return;

    if (hasPointer) {
      listen(doc, 'pointerdown', onPointerDown, true);
    } else {
      listen(doc, 'mousedown', onPointerDown, true);
      listen(doc, 'touchstart', onTouchStart, { capture: true, passive: true });
    }
    listen(doc, 'keydown', onKeyDown, true);
    listen(win, 'scroll', onViewportChange, { capture: true, passive: true });
    listen(win, 'resize', onViewportChange);
    if (win.visualViewport) listen(win.visualViewport, 'resize', onViewportChange);
  }

  if (doc.readyState === 'loading') {
    doc.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();

/* gloss — embeds that load nothing from another host until the reader asks.
 *
 * An embed (`.embed`) holds a local poster, a link to the video or post on
 * its host (all a reader without script gets) and a hidden button naming
 * the host. This script shows the button; a click puts the host's player
 * in place of the poster. The player's address is read from the button and
 * used only when it starts with one of the players gloss writes.
 */
(function () {
  'use strict';

  var PLAYERS = [
    'https://www.youtube-nocookie.com/embed/',
    'https://player.vimeo.com/video/',
    'https://geo.dailymotion.com/player.html?video=',
    'https://platform.twitter.com/embed/Tweet.html?id=',
    'https://www.instagram.com/p/'
  ];

  function known(address) {
    for (var i = 0; i < PLAYERS.length; i++) {
      if (address.indexOf(PLAYERS[i]) === 0) return true;
    }
    return false;
  }

  function load(event) {
    var button = event.currentTarget;
    var frame = document.createElement('iframe');
    frame.src = button.getAttribute('data-player');
    frame.title = button.getAttribute('data-title') || 'Embedded player';
    frame.className = 'embed-frame';
    frame.setAttribute('allow', 'autoplay; encrypted-media; fullscreen; picture-in-picture');
    frame.setAttribute('allowfullscreen', '');
    frame.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
    frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-presentation allow-popups');
    var box = button.parentNode;
    while (box.firstChild) box.removeChild(box.firstChild);
    box.appendChild(frame);
    frame.focus();
  }

  function init() {
    var buttons = document.querySelectorAll('.embed .embed-load');
    for (var i = 0; i < buttons.length; i++) {
      var button = buttons[i];
      if (!known(button.getAttribute('data-player') || '')) continue;
      button.hidden = false;
      button.addEventListener('click', load);
      var figure = button.closest('.embed');
      if (figure) figure.classList.add('embed-ready');
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();

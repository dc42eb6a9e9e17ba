// Live reload for `gloss serve` (never part of `gloss build` output): reload
// when the server says the site was rebuilt, and keep the scroll position.
(function () {
  'use strict';
  var key = 'gloss-scroll:' + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved) {
    sessionStorage.removeItem(key);
    var pos = JSON.parse(saved);
    var restore = function () { window.scrollTo(pos[0], pos[1]); };
    if (document.readyState === 'complete') restore();
    else window.addEventListener('load', restore);
  }
  var source = new EventSource('/__gloss/events');
  source.addEventListener('reload', function () {
    sessionStorage.setItem(key, JSON.stringify([window.scrollX, window.scrollY]));
    source.close();
    location.reload();
  });
})();

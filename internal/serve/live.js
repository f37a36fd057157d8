// Live reload for dateline serve. It listens to the server's events and
// reloads the page after each rebuild, refreshes stylesheets when only they
// changed, and shows build errors in an overlay. Pages built by
// "dateline build" never load it.
(function () {
  "use strict";
  var script = document.currentScript;
  var events = new URL("events", script ? script.src : location.href).href;
  var scrollKey = "dateline-scroll:" + location.pathname;
  var overlayId = "dateline-errors";
  var version = null; // the build this page shows, from the first "ok"
  // The page serve shows until the site first builds, listing the problems;
  // it is no page of the site, so any good build must replace it.
  var placeholder = !!(script && script.hasAttribute("data-placeholder"));

  restoreScroll();

  function restoreScroll() {
    var saved = sessionStorage.getItem(scrollKey);
    if (saved === null) return;
    sessionStorage.removeItem(scrollKey);
    var xy = saved.split(",");
    window.addEventListener("load", function () {
      window.scrollTo(Number(xy[0]) || 0, Number(xy[1]) || 0);
    });
  }

  function reload() {
    sessionStorage.setItem(scrollKey, window.scrollX + "," + window.scrollY);
    location.reload();
  }

  function refreshStylesheets() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("dateline", String(Date.now()));
      links[i].href = url.href;
    }
  }

  function removeOverlay() {
    var old = document.getElementById(overlayId);
    if (old) old.remove();
  }

  // showOverlay lists the problems with DOM nodes and textContent only, so
  // nothing in a message or source line is ever parsed as HTML.
  function showOverlay(problems) {
    removeOverlay();
    var box = document.createElement("div");
    box.id = overlayId;
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,0,0,.92);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2em;";
    var title = document.createElement("h2");
    title.textContent = placeholder ? "Build failed: the site has not built yet" :
      "Build failed: the page shows the last good build";
    title.style.cssText = "margin:0 0 1em;font:bold 18px sans-serif;color:#ffb4b4;";
    box.appendChild(title);
    problems.forEach(function (p) {
      var item = document.createElement("div");
      item.style.cssText = "margin:0 0 1.2em;";
      var head = document.createElement("div");
      head.textContent = (p.pos ? p.pos + ": " : "") + p.msg;
      item.appendChild(head);
      if (p.line) {
        var code = document.createElement("pre");
        code.textContent = p.line;
        code.style.cssText = "margin:.3em 0 0;padding:.4em .8em;background:#000;color:#ddd;white-space:pre-wrap;";
        item.appendChild(code);
      }
      box.appendChild(item);
    });
    (document.body || document.documentElement).appendChild(box);
  }

  function versionOf(e) {
    try { return JSON.parse(e.data).version; } catch (err) { return null; }
  }

  var source = new EventSource(events);
  // "ok" is the first message of every connection when the site builds. A
  // different version than the page's means the site was rebuilt while the
  // page was not listening (or serve restarted), so the page is stale.
  // On the placeholder any "ok" means the site built after the page was
  // served (before the stream opened, else "reload" would have come).
  source.addEventListener("ok", function (e) {
    var v = versionOf(e);
    if (placeholder || (version !== null && v !== version)) { reload(); return; }
    version = v;
    removeOverlay();
  });
  source.addEventListener("reload", function () { reload(); });
  source.addEventListener("css", function (e) {
    if (placeholder) { reload(); return; }
    version = versionOf(e);
    removeOverlay();
    refreshStylesheets();
  });
  source.addEventListener("error", function (e) {
    // EventSource also fires a plain "error" Event when the connection
    // drops; only a server message carries data. The browser reconnects.
    if (typeof e.data !== "string") return;
    try { showOverlay(JSON.parse(e.data)); } catch (err) { /* malformed: ignore */ }
  });
})();

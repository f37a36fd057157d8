// dateline.js: the one script of a Dateline site. Every page works
// without it; it only adds two things the HTML already holds, hidden:
//
// - the filters of a list page (form[data-filters]), which hide the
//   events that do not match at once, keep their state in the address
//   (?status=confirmed&tag=rail) and take it back on load and on Back;
// - "Show times in" (form[data-time-zone]), which rewrites each time
//   shown with a clock from its <time datetime>, kept in localStorage
//   and the address (?tz=utc or ?tz=mine).
//
// It reads only the page and its own address, and sends nothing anywhere.
(function () {
  "use strict";

  var filterNames = ["timeline", "status", "tag", "person"];
  // Where each filter's values are on a card or line (data-*).
  var attrs = { timeline: "timelines", status: "status", tag: "tags", person: "people" };
  var filters = document.querySelector("form[data-filters]");
  var zoneForm = document.querySelector("form[data-time-zone]");
  var storeKey = "dateline-tz";

  // --- The address ---------------------------------------------------

  // state is what the address asks for: each filter's values and the zone.
  function state() {
    var q = new URLSearchParams(location.search);
    var s = { tz: q.get("tz") || "" };
    filterNames.forEach(function (n) { s[n] = q.getAll(n).filter(Boolean); });
    return s;
  }

  // remember puts the form's state in the address, keeping any other
  // parameters. Filters add an entry to the history, so that Back undoes
  // one; the zone, a preference rather than a place, replaces it.
  function remember(push) {
    var q = new URLSearchParams(location.search);
    if (filters) {
      filterNames.forEach(function (n) {
        q.delete(n);
        chosen(n).forEach(function (v) { q.append(n, v); });
      });
    }
    if (zoneForm) {
      q.delete("tz");
      if (zoneForm.elements.tz.value) q.set("tz", zoneForm.elements.tz.value);
    }
    var search = q.toString();
    var url = location.pathname + (search ? "?" + search : "") + location.hash;
    if (url === location.pathname + location.search + location.hash) return;
    history[push ? "pushState" : "replaceState"](null, "", url);
  }

  // --- Filters -------------------------------------------------------

  function controls(name) {
    return filters ? Array.prototype.slice.call(filters.querySelectorAll("[name=" + name + "]")) : [];
  }

  // chosen is the values the form selects for one filter.
  function chosen(name) {
    return controls(name).filter(function (c) {
      return c.type === "checkbox" ? c.checked : c.value !== "";
    }).map(function (c) { return c.value; });
  }

  // choose sets the form from the address's state.
  function choose(s) {
    filterNames.forEach(function (n) {
      controls(n).forEach(function (c) {
        if (c.type === "checkbox") {
          c.checked = s[n].indexOf(c.value) >= 0;
        } else {
          var known = Array.prototype.some.call(c.options, function (o) { return o.value === s[n][0]; });
          c.value = known ? s[n][0] : "";
        }
      });
    });
  }

  // apply hides each event whose card lacks a chosen value of some
  // filter (values of one filter are alternatives, filters add up), each
  // day left empty, and the gaps between events, which measure from
  // events that may now be hidden; then says how many events show.
  function apply(announce) {
    var items = Array.prototype.slice.call(document.querySelectorAll(".events > li"));
    var want = {};
    var active = false;
    filterNames.forEach(function (n) {
      want[n] = chosen(n);
      active = active || want[n].length > 0;
    });
    // Events are counted once however many lists show them: the home
    // page shows an event on two timelines twice, as "<timeline>_event-<id>"
    // the second time.
    var all = {}, shownIDs = {};
    items.forEach(function (li) {
      var card = li.querySelector(".event, .event-line");
      var ok = filterNames.every(function (n) {
        if (!want[n].length) return true;
        var have = card ? (card.getAttribute("data-" + attrs[n]) || "").split(" ") : [];
        return want[n].some(function (v) { return have.indexOf(v) >= 0; });
      });
      li.hidden = !ok;
      var id = card ? card.id.replace(/^[^_]*_/, "") : "";
      all[id] = true;
      if (ok) shownIDs[id] = true;
    });
    var total = Object.keys(all).length, shown = Object.keys(shownIDs).length;
    Array.prototype.forEach.call(document.querySelectorAll(".days > .day"), function (day) {
      day.hidden = !day.querySelector(".events > li:not([hidden])");
    });
    Array.prototype.forEach.call(document.querySelectorAll(".events .gap"), function (gap) {
      gap.hidden = active;
    });
    var count = filters.querySelector(".filter-count");
    if (active) {
      count.textContent = shown + " of " + total + " events shown";
    } else if (announce) {
      count.textContent = "All " + total + " events shown";
    } else {
      count.textContent = "";
    }
  }

  if (filters) {
    filters.hidden = false;
    filters.addEventListener("submit", function (e) { e.preventDefault(); });
    filters.addEventListener("change", function () {
      apply(true);
      remember(true);
    });
    filters.addEventListener("reset", function () {
      // The form is reset after this event; act on the reset state.
      setTimeout(function () {
        apply(true);
        remember(true);
      }, 0);
    });
  }

  // --- Times ---------------------------------------------------------

  // A time with a clock carries its offset: "2025-09-02T16:00+08:00".
  var withClock = /T\d\d:\d\d(:\d\d)?(Z|[+-]\d\d:\d\d)$/;
  // Only texts that show a clock are rewritten: a date, or the words
  // written for a time ("at dawn"), stay as the author put them.
  var times = Array.prototype.filter.call(document.querySelectorAll("time[datetime]"), function (t) {
    return withClock.test(t.getAttribute("datetime")) && /\d:\d\d/.test(t.textContent);
  });
  times.forEach(function (t) { t.setAttribute("data-local", t.textContent); });
  var lang = document.documentElement.lang || undefined;

  // dayOf is the calendar day of d in zone as YYYY-MM-DD, to compare with
  // the day heading a time is shown under.
  function dayOf(d, zone) {
    var p = {};
    new Intl.DateTimeFormat("en", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: zone })
      .formatToParts(d).forEach(function (x) { p[x.type] = x.value; });
    return p.year + "-" + p.month + "-" + p.day;
  }

  // showTimes writes each time on the clock of mode: "" the event's own
  // (the text the page was built with), "utc", or "mine" (the reader's).
  // The date is added unless the day heading above already gives it.
  function showTimes(mode) {
    var zone = mode === "utc" ? "UTC" : undefined;
    times.forEach(function (t) {
      var local = t.getAttribute("data-local");
      if (!mode) {
        t.textContent = local;
        return;
      }
      var datetime = t.getAttribute("datetime");
      var d = new Date(datetime);
      var clock = { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone, timeZoneName: "short" };
      if (/T\d\d:\d\d:\d\d/.test(datetime)) clock.second = "2-digit";
      var text = new Intl.DateTimeFormat(lang, clock).format(d);
      var day = t.closest(".day");
      var heading = day && day.querySelector(".day-heading time");
      if (!heading || heading.getAttribute("datetime") !== dayOf(d, zone)) {
        var date = new Intl.DateTimeFormat(lang, { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: zone }).format(d);
        text = date + ", " + text;
      }
      if (/^c\. /.test(local)) text = "c. " + text;
      t.textContent = text;
    });
  }

  function storedZone() {
    try {
      return localStorage.getItem(storeKey) || "";
    } catch (e) {
      return ""; // storage refused (private mode, blocked cookies)
    }
  }

  function setZone(mode) {
    var select = zoneForm.elements.tz;
    select.value = mode;
    if (select.value !== mode) select.value = "";
    showTimes(select.value);
  }

  if (zoneForm && times.length) {
    zoneForm.hidden = false;
    zoneForm.addEventListener("submit", function (e) { e.preventDefault(); });
    zoneForm.elements.tz.addEventListener("change", function () {
      var mode = zoneForm.elements.tz.value;
      try {
        localStorage.setItem(storeKey, mode);
      } catch (e) { /* the address still keeps it */ }
      showTimes(mode);
      remember(false);
    });
  } else {
    zoneForm = null;
  }

  // restore takes the state from the address (the zone from storage when
  // the address names none), on load and when Back or Forward changes it.
  function restore() {
    var s = state();
    if (filters) {
      choose(s);
      apply(false);
    }
    if (zoneForm) setZone(s.tz || storedZone());
  }
  window.addEventListener("popstate", restore);
  restore();
})();

/* Service worker part: offline pages and drafts (imported by /sw.js after drafts.js).

   Pages: network first. A page is kept only when the server marks it as the person's own
   (Simpul-Offline: keep, see portal/offline.py), in a cache named after the person
   (Simpul-User); any answer for someone else, or for nobody (logged out), drops the
   kept pages of everyone else. Never a POST answer, a fragment, or an unmarked page.
   Offline, a kept page is shown with its "Tersimpan pukul 09.30, tidak tersambung" note.
   Drafts: Background Sync sends them (drafts.js), then tells the open pages. */
"use strict";

var PAGES = "simpul-pages-";

self.addEventListener("install", function () {
  self.skipWaiting(); // drafts live in IndexedDB: a new worker loses nothing
});
self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

// The person whose cache this answer may go to, or null when it is not to be kept.
function keeperOf(request, response) {
  if (request.method !== "GET" || request.mode !== "navigate") {
    return null;
  }
  if (response.status !== 200 || response.type !== "basic") {
    return null;
  }
  var user = response.headers.get("Simpul-User");
  var html = (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;
  return html && user && response.headers.get("Simpul-Offline") === "keep" ? user : null;
}

// Whose pages this answer says are on screen now: the person, "" for nobody, or
// undefined when the answer says nothing (a redirect, an error, another type).
function viewerOf(response) {
  var html = (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;
  if (response.type !== "basic" || !html || response.status >= 500) {
    return undefined;
  }
  return response.headers.get("Simpul-User") || "";
}

function forgetOthers(user) {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PAGES) === 0 && name !== PAGES + user;
    }).map(function (name) { return caches.delete(name); }));
  });
}

function remember(request, response) {
  var viewer = viewerOf(response);
  if (viewer === undefined) {
    return Promise.resolve();
  }
  var keeper = keeperOf(request, response);
  return forgetOthers(viewer).then(function () {
    if (!keeper) {
      return null;
    }
    return response.text().then(function (body) {
      var kept = new Response(body, {
        status: 200,
        headers: {
          "Content-Type": response.headers.get("Content-Type"),
          "Simpul-User": keeper,
          "Simpul-Saved-At": String(Date.now()),
        },
      });
      return caches.open(PAGES + keeper).then(function (cache) {
        return cache.put(request.url.split("#")[0], kept);
      });
    });
  });
}

function clock(ms) {
  var d = new Date(ms);
  return ("0" + d.getHours()).slice(-2) + "." + ("0" + d.getMinutes()).slice(-2);
}

// The kept page as it is shown offline: the note visible with its time, and without
// the one-time notices ("Kegiatan disimpan.") it was first shown with.
function shownOffline(kept) {
  var savedAt = Number(kept.headers.get("Simpul-Saved-At"));
  return kept.text().then(function (body) {
    body = body
      .replace(/<p class="flash flash-(?:success|info|error)"[^>]*>[\s\S]*?<\/p>/g, "")
      .replace("data-offline-note hidden>", "data-offline-note>")
      .replace("{time}", clock(savedAt));
    return new Response(body, {
      status: 200,
      headers: { "Content-Type": kept.headers.get("Content-Type") },
    });
  });
}

function keptPage(request) {
  return caches.keys().then(function (names) {
    var mine = names.filter(function (name) { return name.indexOf(PAGES) === 0; });
    if (mine.length !== 1) {
      return null; // nobody's, or a change of person under way: show nothing
    }
    return caches.open(mine[0]).then(function (cache) {
      return cache.match(request.url.split("#")[0], { ignoreVary: true });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.mode !== "navigate") {
    return; // everything else goes to the network as if there were no worker
  }
  event.respondWith(fetch(request).then(function (response) {
    event.waitUntil(remember(request, response.clone()).catch(function () {}));
    return response;
  }, function (error) {
    return keptPage(request).then(function (kept) {
      if (!kept) {
        throw error;
      }
      return shownOffline(kept);
    });
  }));
});

function tellPages(results) {
  return self.clients.matchAll({ type: "window" }).then(function (windows) {
    windows.forEach(function (client) {
      client.postMessage({ type: "drafts-changed", count: results.length });
    });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag === "simpul-drafts") {
    // A failure (no signal yet) rejects, and the browser tries again later.
    event.waitUntil(self.SimpulDrafts.sendAll().then(tellPages));
  }
});

// For the tests of the caching rules (tests/e2e): the rules without a network.
self.simpulOfflineRules = { keeperOf: keeperOf, viewerOf: viewerOf };

/* Forms kept on the phone until the signal returns (IndexedDB "simpul", store "drafts"),
   and their sending. Shared by the pages (offline.js) and the service worker (sw.js
   imports it for Background Sync). A draft is
   {id, user, kind, url, fields: [[name, value, filename?]], title, savedAt, error}:
   an activity's id is its submission id, so a resend makes one activity. */
(function (scope) {
  "use strict";

  var DB = "simpul";
  var STORE = "drafts";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id" });
      };
      request.onsuccess = function () {
        var db = request.result;
        db.onversionchange = function () { db.close(); }; // logout deletes the database
        resolve(db);
      };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var request = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(request && request.result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function put(draft) { return run("readwrite", function (s) { return s.put(draft); }); }
  function remove(id) { return run("readwrite", function (s) { return s.delete(id); }); }
  function get(id) { return run("readonly", function (s) { return s.get(id); }); }
  function mine(user) {
    return run("readonly", function (s) { return s.getAll(); }).then(function (drafts) {
      return (drafts || []).filter(function (d) { return d.user === user; })
        .sort(function (a, b) { return a.savedAt - b.savedAt; });
    });
  }

  // Who is logged in now, and a CSRF token of this session: a draft kept before a new
  // login still goes out, and only as the person who wrote it.
  function session() {
    return fetch("/", { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      var user = response.headers.get("Simpul-User");
      return response.text().then(function (html) {
        var token = /"X-CSRFToken": "([^"]+)"/.exec(html);
        return user && token ? { user: user, token: token[1] } : null;
      });
    });
  }

  function text(html) {
    return html.replace(/<[^>]+>/g, " ").replace(/&#39;/g, "'").replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")
      .replace(/\s+/g, " ").trim();
  }

  // The server's reasons, as its page shows them (inline errors and error notices).
  function reasons(html) {
    var found = [];
    var pattern = /<p[^>]*class="[^"]*\b(?:error|flash-error)\b[^"]*"[^>]*>([\s\S]*?)<\/p>/g;
    var match;
    while ((match = pattern.exec(html))) {
      var reason = text(match[1]);
      if (reason && found.indexOf(reason) < 0) {
        found.push(reason);
      }
    }
    return found.join(" ");
  }

  // "sent", or "refused" (the draft stays, with the server's message); throws when the
  // signal or the server failed, so the draft is tried again later.
  function send(draft, now) {
    var body = new FormData();
    draft.fields.forEach(function (field) {
      if (field[0] === "csrf_token") {
        return;
      }
      if (field.length > 2) {
        body.append(field[0], field[1], field[2]);
      } else {
        body.append(field[0], field[1]);
      }
    });
    body.append("csrf_token", now.token);
    return fetch(draft.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": now.token },
    }).then(function (response) {
      if (response.headers.get("Simpul-User") !== draft.user) {
        throw new Error("not logged in as the draft's author");
      }
      if (response.status >= 500 || response.status === 429) {
        throw new Error("server " + response.status);
      }
      if (response.ok) {
        return remove(draft.id).then(function () { return "sent"; });
      }
      return response.text().then(function (html) {
        draft.error = reasons(html) || String(response.status);
        return put(draft).then(function () { return "refused"; });
      });
    });
  }

  function waiting() {
    return run("readonly", function (s) { return s.getAll(); }).then(function (drafts) {
      return (drafts || []).some(function (d) { return !d.error; });
    });
  }

  // Send every waiting draft of the person logged in; one sender at a time, in every tab
  // and the service worker (Web Locks), so two tabs never send a draft twice at once.
  function sendAll() {
    function go() {
      return waiting().then(function (any) {
        return any ? session() : null; // no drafts: no request at all
      }).then(function (now) {
        if (!now) {
          return [];
        }
        return mine(now.user).then(function (drafts) {
          var results = [];
          return drafts.filter(function (d) { return !d.error; }).reduce(function (done, draft) {
            return done.then(function () {
              return send(draft, now).then(function (result) {
                results.push({ draft: draft, result: result });
              });
            });
          }, Promise.resolve()).then(function () { return results; });
        });
      });
    }
    var locks = scope.navigator && scope.navigator.locks;
    return locks ? locks.request("simpul-drafts", go) : go();
  }

  scope.SimpulDrafts = { put: put, get: get, remove: remove, mine: mine, sendAll: sendAll, reasons: reasons };
})(self);

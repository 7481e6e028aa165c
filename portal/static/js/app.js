/* Behaviour every page shares. Everything here is an enhancement: every page and form
   works without JavaScript. htmx's own settings (which answers it swaps, including the
   422 form with its errors and the 413 too-large page) are in base.html's htmx-config. */
(function () {
  "use strict";

  // CSS shows and hides what only makes sense with or without JavaScript (.js).
  document.documentElement.classList.add("js");

  // The page's texts in the reader's language (portal/offline.py TEXTS).
  var textsMeta = document.querySelector('meta[name="simpul-texts"]');
  var TEXTS = textsMeta ? JSON.parse(textsMeta.content) : {};
  window.simpulTexts = TEXTS;

  // The offline drafts come after the page has loaded (base.html, data-later), in order.
  // htmx comes at the first touch, key or focus, or after the load where the page refreshes
  // itself (data-htmx-now); it then finds the document complete and starts at once. A
  // reader who only reads never downloads it (18.8 KB on 3G); a form sent before it has
  // arrived waits for it, a link followed before then is an ordinary link.
  var self = document.currentScript;
  var data = self ? self.dataset : {};
  function addScript(src, done) {
    var script = document.createElement("script");
    script.src = src;
    script.async = false;
    script.onload = done || null;
    script.onerror = done || null;
    document.head.appendChild(script);
  }
  var FIRST_USE = ["pointerdown", "touchstart", "keydown", "focusin"];
  function loadHtmx() {
    FIRST_USE.forEach(function (type) {
      document.removeEventListener(type, loadHtmx, true);
    });
    // htmx starts when it finds the document complete (before that, it waits for a
    // DOMContentLoaded that has already passed): a touch during the load waits for it.
    if (document.readyState !== "complete") {
      loadHtmx.wanted = true;
      return;
    }
    if (data.htmx && !window.htmx && !loadHtmx.started) {
      loadHtmx.started = true;
      addScript(data.htmx, function () {
        typedMeanwhile();
        changedMeanwhile();
        sendHeld();
      });
    }
  }
  // A form htmx sends, submitted before htmx has arrived (the tap that started the
  // download), is held and sent once htmx is here, by htmx; if htmx cannot come (no
  // signal), it goes as a plain form, which offline.js keeps as a draft where it can.
  var held = null;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (window.htmx || !data.htmx || form.dataset.plain || !form.matches("[hx-post], [hx-get]")) {
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    held = { form: form, submitter: event.submitter };
    loadHtmx();
  }, true);
  function sendHeld() {
    var next = held;
    held = null;
    if (!next) {
      return;
    }
    if (!window.htmx) {
      next.form.dataset.plain = "1";
    } else if (next.submitter) {
      // htmx learns which button was pressed (Setujui or Tolak) from its focus or click.
      next.submitter.dispatchEvent(new FocusEvent("focusin", { bubbles: true }));
    }
    next.form.requestSubmit(next.submitter || undefined);
  }
  // What was typed into a search while htmx was on its way is searched once it is here
  // (htmx takes the value it finds as the unchanged one).
  function typedMeanwhile() {
    var field = document.activeElement;
    var form = field && field.form;
    if (form && form.matches("[hx-get]") && field.value !== field.defaultValue) {
      form.requestSubmit();
    }
  }
  // A list that asks htmx for another (kecamatan -> its desa, organisation -> its activity
  // types), changed while htmx was on its way: its change is sent now that htmx is here.
  function changedMeanwhile() {
    document.querySelectorAll('select[hx-get][hx-trigger="change"]').forEach(function (list) {
      var first = 0;  // what the page came with: the option marked selected, or the first
      Array.prototype.some.call(list.options, function (option, index) {
        first = option.defaultSelected ? index : first;
        return option.defaultSelected;
      });
      if (list.selectedIndex !== first) {
        window.htmx.trigger(list, "change");
      }
    });
  }
  if (data.htmx && data.htmxNow === undefined) {
    FIRST_USE.forEach(function (type) {
      document.addEventListener(type, loadHtmx, { capture: true, passive: true });
    });
  }
  // The one service worker (/sw.js): push notifications, the person's pages and drafts
  // offline, so only for a logged-in person (nothing in it serves anyone else; once there,
  // it stays until logging out clears it).
  var someone = document.querySelector('meta[name="simpul-user"]');
  if (someone && "serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js").catch(function () {});
  }
  // The enhancements come after the load and after the first paint (the browser's
  // first-contentful-paint entry), so that on a slow phone the page shows before they
  // download and run. A page in a background tab, which paints nothing, takes them at once;
  // a browser without paint timing, after two frames or at the latest a second.
  function afterFirstPaint(then) {
    var done = false;
    function once() {
      if (!done) {
        done = true;
        setTimeout(then, 0);
      }
    }
    if (document.visibilityState === "hidden") {
      once();
      return;
    }
    var paint = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
    if (paint && paint.indexOf("paint") !== -1) {
      new PerformanceObserver(function (list, observer) {
        if (list.getEntriesByName("first-contentful-paint").length) {
          observer.disconnect();
          once();
        }
      }).observe({ type: "paint", buffered: true });
    } else {
      requestAnimationFrame(function () {
        requestAnimationFrame(once);
      });
    }
    setTimeout(once, 1000);
  }
  window.addEventListener("load", function () {
    afterFirstPaint(function () {
      (data.later ? data.later.split(" ") : []).forEach(function (src) {
        if (src) {
          addScript(src);
        }
      });
      if (data.htmxNow !== undefined || loadHtmx.wanted) {
        loadHtmx();
      }
    });
  });

  // Print buttons: hidden in the markup, since only JavaScript can print.
  function showPrintButtons() {
    document.querySelectorAll("[data-print][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }
  document.addEventListener("DOMContentLoaded", showPrintButtons);
  document.addEventListener("htmx:afterSettle", showPrintButtons);
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) {
      event.preventDefault();
      window.print();
    }
  });

  // A form marked data-once is sent once: a second tap while the slow network carries
  // the first submission does nothing. The same guard serves plain and htmx forms: it
  // listens in the capture phase, before htmx's own submit handler on the form.
  // Its buttons look busy (aria-busy, styled in app.css) until the answer comes.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-once]") || event.defaultPrevented) {
      return;
    }
    if (form.dataset.sent === "1") {
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    form.dataset.sent = "1";
    form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (button) {
      button.setAttribute("aria-busy", "true");
    });
  }, true);
  // An htmx form that is still on the page after its answer can be sent again.
  function release(form) {
    delete form.dataset.sent;
    form.querySelectorAll("[aria-busy]").forEach(function (button) {
      button.removeAttribute("aria-busy");
    });
    var progress = form.querySelector(".upload-progress");
    if (progress) {
      progress.remove();
    }
  }
  window.simpulRelease = release;
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form[data-once]");
    if (form) {
      release(form);
    }
  });

  // Uploads (photos, spreadsheets) say how far they are: "Mengirim 45 %…".
  document.addEventListener("htmx:beforeSend", function (event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form");
    var xhr = event.detail.xhr;
    if (!form || !xhr || !xhr.upload || !hasFiles(form)) {
      return;
    }
    var status = form.querySelector(".upload-progress");
    if (!status) {
      status = document.createElement("p");
      status.className = "upload-progress";
      status.setAttribute("role", "status");
      var button = form.querySelector("button[type=submit], button:not([type])");
      (button ? button.parentNode : form).insertBefore(status, button ? button.nextSibling : null);
    }
    function show(loaded, total) {
      var percent = total ? Math.min(100, Math.floor((loaded / total) * 100)) : 0;
      status.textContent = (TEXTS.progress || "{n} %").replace("{n}", percent);
    }
    show(0, 1);
    xhr.upload.addEventListener("progress", function (progress) {
      if (progress.lengthComputable) {
        show(progress.loaded, progress.total);
      }
    });
  });
  function hasFiles(form) {
    return Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) {
      return input.files && input.files.length > 0;
    });
  }

  // Never fail silently: a request htmx could not send, or a server error, shows one
  // visible message with "Coba lagi", which repeats the request. Offline drafts
  // (offline.js) take over the forms they can keep on the phone.
  var problem = null;
  function showProblem(message, retry) {
    if (!problem) {
      problem = document.createElement("div");
      problem.className = "flash flash-error connection-problem";
      problem.setAttribute("role", "alert");
      problem.appendChild(document.createElement("p"));
      var button = document.createElement("button");
      button.type = "button";
      button.className = "small";
      button.textContent = TEXTS.retry || "Coba lagi";
      problem.appendChild(button);
      document.body.appendChild(problem);
    }
    problem.firstChild.textContent = message;
    problem.lastChild.onclick = function () {
      hideProblem();
      retry();
    };
    problem.hidden = false;
  }
  function hideProblem() {
    if (problem) {
      problem.hidden = true;
    }
  }
  function retryOf(detail) {
    var elt = detail.elt;
    var form = elt.closest && elt.closest("form");
    var config = detail.requestConfig || {};
    return function () {
      if (form && config.triggeringEvent && config.triggeringEvent.type === "submit") {
        form.requestSubmit(config.triggeringEvent.submitter || undefined);
      } else {
        window.htmx.ajax(config.verb || "get", config.path, { source: elt, target: detail.target });
      }
    };
  }
  document.addEventListener("htmx:sendError", function (event) {
    if (window.simpulOffline && window.simpulOffline.keep(event.detail)) {
      return;
    }
    showProblem(TEXTS.offline, retryOf(event.detail));
  });
  document.addEventListener("htmx:responseError", function (event) {
    if (event.detail.xhr && event.detail.xhr.status >= 500) {
      showProblem(TEXTS.server, retryOf(event.detail));
    }
  });
  document.addEventListener("htmx:afterOnLoad", function (event) {
    if (event.detail.successful) {
      hideProblem();
    }
  });

  // Logging out leaves nothing on the phone: every cache and every unsent draft goes
  // (the server also answers with Clear-Site-Data). Unsent drafts are named first.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-logout]") || form.dataset.cleared) {
      return;
    }
    event.preventDefault();
    var pending = window.simpulOffline ? window.simpulOffline.count() : Promise.resolve(0);
    pending.then(function (count) {
      if (count && !window.confirm((TEXTS.logout_drafts || "").replace("{n}", count))) {
        return;
      }
      clearPhone().then(function () {
        form.dataset.cleared = "1";
        form.submit();
      });
    });
  });
  function clearPhone() {
    var jobs = [];
    if (window.caches) {
      jobs.push(caches.keys().then(function (names) {
        return Promise.all(names.map(function (name) { return caches.delete(name); }));
      }));
    }
    if (window.indexedDB) {
      jobs.push(new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase("simpul");
        request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      }));
    }
    return Promise.all(jobs).catch(function () {});
  }

  // Back to a page kept in the browser's cache: its forms can be sent again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-once][data-sent]").forEach(release);
  });
})();

/* Weak signal: forms marked data-draft (an activity, an RSVP) are kept on the phone when
   they cannot be sent, listed under "Menunggu dikirim", and sent when the signal returns
   (Background Sync where the browser has it, else on "online" and on opening a page).
   A check-in (data-draft="checkin") needs the server: it waits and is tried again.
   Logged-in pages only; app.js calls simpulOffline.keep() when htmx could not send. */
(function () {
  "use strict";

  var T = window.simpulTexts || {};
  var userMeta = document.querySelector('meta[name="simpul-user"]');
  var USER = userMeta && userMeta.content;
  var Drafts = window.SimpulDrafts;
  if (!USER || !Drafts || !window.indexedDB) {
    return;
  }

  function newSubmissionId() {
    var bytes = new Uint8Array(18);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function say(where, message, kind) {
    var note = where.querySelector(":scope > .draft-note");
    if (!note) {
      note = document.createElement("p");
      note.className = "draft-note";
      note.setAttribute("role", "status");
      where.insertBefore(note, where.firstChild);
    }
    note.className = "draft-note flash flash-" + (kind || "success");
    note.textContent = message;
    return note;
  }

  // Keep a form that cannot be sent now. Photos are kept too, unless the phone's storage
  // has no room for them: then the text is kept and the person is told.
  function keepForm(form, submitter) {
    var kind = form.dataset.draft;
    var data = new FormData(form, submitter || undefined);
    var fields = [];
    var files = [];
    data.forEach(function (value, name) {
      if (value instanceof File) {
        if (value.size) {
          files.push([name, value, value.name]);
        }
      } else {
        fields.push([name, value]);
      }
    });
    var draft = {
      id: kind === "rsvp" ? "rsvp:" + form.action : data.get("submission_id") || newSubmissionId(),
      user: USER,
      kind: kind,
      url: form.action,
      form: location.pathname,
      fields: fields.concat(files),
      title: form.dataset.draftTitle || data.get("title") || "",
      savedAt: Date.now(),
    };
    var message = kind === "rsvp" ? T.kept_rsvp : T.kept;
    return Drafts.put(draft).catch(function () {
      draft.fields = fields;
      message = T.no_room;
      return Drafts.put(draft);
    }).then(function () {
      if (window.simpulRelease) {
        window.simpulRelease(form);
      }
      if (kind === "activity") {
        form.reset();
        var id = form.querySelector("input[name=submission_id]");
        if (id) {
          id.value = newSubmissionId(); // the next activity is another one
        }
        form.querySelectorAll("[aria-live]").forEach(function (status) { status.textContent = ""; });
        say(form.parentNode, message, message === T.no_room ? "warning" : "success").scrollIntoView();
      } else {
        say(form.closest(".rsvp") || form, message);
      }
      askForSync();
      showPending();
    }).then(function () { return true; }, function () { return false; });
  }

  function askForSync() {
    if (navigator.serviceWorker && window.SyncManager) {
      navigator.serviceWorker.ready.then(function (registration) {
        return registration.sync.register("simpul-drafts");
      }).catch(function () {});
    }
  }

  // Offline: the form does not even try. Lie-fi: htmx's failed send lands in keep().
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-draft]") || navigator.onLine) {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    if (form.dataset.draft === "checkin") {
      waitForSignal(form);
    } else {
      keepForm(form, event.submitter);
    }
  }, true);

  window.simpulOffline = {
    keep: function (detail) {
      var form = detail.elt && detail.elt.closest && detail.elt.closest("form[data-draft]");
      var trigger = detail.requestConfig && detail.requestConfig.triggeringEvent;
      if (!form || form.dataset.draft === "checkin") {
        return false;
      }
      keepForm(form, trigger && trigger.submitter);
      return true;
    },
    count: function () {
      return Drafts.mine(USER).then(function (d) { return d.length; }, function () { return 0; });
    },
  };

  // A check-in is decided by the server (the code): keep the code on the page and send
  // it again as soon as there is a signal; the server says whether it is still valid.
  function waitForSignal(form) {
    if (window.simpulRelease) {
      window.simpulRelease(form);
    }
    say(form, T.checkin_offline, "warning");
    if (form.dataset.waiting) {
      return;
    }
    form.dataset.waiting = "1";
    function retry() {
      if (navigator.onLine && document.body.contains(form)) {
        window.removeEventListener("online", retry);
        clearInterval(timer);
        delete form.dataset.waiting;
        form.requestSubmit();
      }
    }
    var timer = setInterval(retry, 15000);
    window.addEventListener("online", retry);
  }

  // "Menunggu dikirim": the drafts of this person on this phone.
  function time(ms) {
    var d = new Date(ms);
    return ("0" + d.getHours()).slice(-2) + "." + ("0" + d.getMinutes()).slice(-2);
  }

  function showPending() {
    var box = document.querySelector("[data-pending]");
    if (!box) {
      return Promise.resolve();
    }
    return Drafts.mine(USER).then(function (drafts) {
      box.textContent = "";
      box.hidden = drafts.length === 0;
      if (box.hidden) {
        return; // nothing waits: not even the heading
      }
      var heading = document.createElement("h2");
      heading.id = "pending-h";
      heading.textContent = T.pending;
      var list = document.createElement("ul");
      list.className = "plain";
      box.appendChild(heading);
      box.appendChild(list);
      drafts.forEach(function (draft) {
        var item = document.createElement("li");
        item.className = "draft" + (draft.error ? " refused" : "");
        var title = document.createElement("strong");
        title.textContent = draft.title || T.answer;
        item.appendChild(title);
        item.appendChild(document.createTextNode(" · " + time(draft.savedAt)));
        if (draft.error) {
          var why = document.createElement("p");
          why.className = "error";
          why.textContent = T.refused + " " + draft.error;
          item.appendChild(why);
          if (draft.kind === "activity") {
            var open = document.createElement("a");
            open.href = draft.form + "#draft=" + encodeURIComponent(draft.id);
            open.textContent = T.open;
            item.appendChild(open);
            item.appendChild(document.createTextNode(" "));
          }
          var discard = document.createElement("button");
          discard.type = "button";
          discard.className = "small secondary";
          discard.textContent = T.discard;
          discard.addEventListener("click", function () {
            Drafts.remove(draft.id).then(showPending);
          });
          item.appendChild(discard);
        }
        list.appendChild(item);
      });
    }).catch(function () {});
  }

  function sendWaiting() {
    if (!navigator.onLine) {
      return showPending();
    }
    return Drafts.sendAll().then(function (results) {
      results.forEach(function (r) {
        if (r.result === "sent") {
          var box = document.querySelector("[data-pending]");
          if (box) {
            say(box.parentNode, T.sent.replace("{title}", r.draft.title || T.answer));
          }
        }
      });
    }).catch(function () {}).then(showPending);
  }

  // A refused activity opened again: its fields, photos and the server's message.
  function reopen() {
    var match = /#draft=([^&]+)/.exec(location.hash);
    var form = document.querySelector('form[data-draft="activity"]');
    if (!match || !form) {
      return;
    }
    Drafts.get(decodeURIComponent(match[1])).then(function (draft) {
      if (!draft || draft.user !== USER) {
        return;
      }
      var photos = {};
      form.querySelectorAll("input[type=checkbox], input[type=radio]").forEach(function (box) {
        box.checked = false;
      });
      draft.fields.forEach(function (field) {
        var name = field[0];
        var value = field[1];
        if (name === "csrf_token") {
          return;
        }
        if (field.length > 2) {
          (photos[name] = photos[name] || new DataTransfer()).items.add(new File([value], field[2], { type: value.type }));
          return;
        }
        form.querySelectorAll('[name="' + CSS.escape(name) + '"]').forEach(function (input) {
          if (input.type === "checkbox" || input.type === "radio") {
            if (input.value === value) {
              input.checked = true;
            }
          } else if (input.type !== "file") {
            input.value = value;
          }
        });
      });
      Object.keys(photos).forEach(function (name) {
        var input = form.querySelector('input[type=file][name="' + CSS.escape(name) + '"]');
        if (input) {
          input.files = photos[name].files;
        }
      });
      if (draft.error) {
        say(form.parentNode, T.refused + " " + draft.error, "error");
      }
    });
  }

  // Sent online (a refused draft corrected): the draft of that submission is done.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest('form[data-draft="activity"]');
    var id = form && form.querySelector("input[name=submission_id]");
    if (id && event.detail.xhr && event.detail.xhr.status === 200) {
      Drafts.remove(id.value).catch(function () {});
    }
  });

  // A page kept on the phone and shown offline holds an old submission id: a new one,
  // so that two activities logged offline stay two.
  var note = document.querySelector("[data-offline-note]");
  if (note && !note.hidden) {
    var id = document.querySelector('form[data-draft="activity"] input[name=submission_id]');
    if (id) {
      id.value = newSubmissionId();
    }
  }

  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "drafts-changed") {
        showPending();
      }
    });
  }
  window.addEventListener("online", sendWaiting);
  reopen();
  sendWaiting();
})();

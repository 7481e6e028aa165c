/* Turn web push on or off for this device, on the notification settings page.
   Without JavaScript (or without push in this browser) the section stays hidden and the
   page says how to turn it on. */
"use strict";
(function () {
  var box = document.querySelector("[data-push]");
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window) || !window.isSecureContext) {
    return;
  }
  var status = box.querySelector("[data-push-status]");
  var on = box.querySelector("[data-push-on]");
  var off = box.querySelector("[data-push-off]");
  var csrf = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
  var texts = {
    on: box.getAttribute("data-text-on") || "",
    off: box.getAttribute("data-text-off") || "",
    denied: box.getAttribute("data-text-denied") || "",
    failed: box.getAttribute("data-text-failed") || ""
  };
  box.hidden = false;

  function key(base64) {
    var padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function show(subscribed, message) {
    on.hidden = subscribed;
    off.hidden = !subscribed;
    status.textContent = message;
  }

  function send(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(data.error || texts.failed);
        return data;
      });
    });
  }

  navigator.serviceWorker.ready.then(function (registration) {
    registration.pushManager.getSubscription().then(function (existing) {
      show(!!existing, existing ? texts.on : "");
    });

    on.addEventListener("click", function () {
      on.disabled = true;
      Notification.requestPermission()
        .then(function (permission) {
          if (permission !== "granted") throw new Error(texts.denied);
          return registration.pushManager.subscribe({
            userVisibleOnly: true,
            applicationServerKey: key(box.getAttribute("data-key"))
          });
        })
        .then(function (subscription) {
          return send(box.getAttribute("data-subscribe"), subscription.toJSON());
        })
        .then(function (data) {
          show(true, data.message || texts.on);
        })
        .catch(function (error) {
          show(false, error.message || texts.failed);
        })
        .then(function () {
          on.disabled = false;
        });
    });

    off.addEventListener("click", function () {
      registration.pushManager.getSubscription().then(function (subscription) {
        if (!subscription) return show(false, texts.off);
        var endpoint = subscription.endpoint;
        return subscription.unsubscribe().then(function () {
          return send(box.getAttribute("data-unsubscribe"), { endpoint: endpoint });
        }).then(function () {
          show(false, texts.off);
        });
      }).catch(function (error) {
        status.textContent = error.message || texts.failed;
      });
    });
  });
})();

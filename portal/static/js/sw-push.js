/* Service worker part: web push notifications (imported by /sw.js).
   The portal sends {title, body, url, tag} (portal/notifications/push.py); a tap opens
   the page the notice links to, in a tab of the portal that is already open if any. */
"use strict";

self.addEventListener("push", function (event) {
  var data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (e) {
    data = { body: event.data ? event.data.text() : "" };
  }
  var url = data.url || "/";
  event.waitUntil(
    self.registration.showNotification(data.title || "Simpul", {
      body: data.body || "",
      tag: data.tag || undefined,
      icon: "/static/img/favicon.svg",
      lang: data.lang || "id",
      data: { url: url }
    })
  );
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
  if (target.origin !== self.location.origin) {
    target = new URL("/", self.location.origin);
  }
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (tabs) {
      for (var i = 0; i < tabs.length; i++) {
        if (tabs[i].url === target.href && "focus" in tabs[i]) {
          return tabs[i].focus();
        }
      }
      return self.clients.openWindow(target.href);
    })
  );
});

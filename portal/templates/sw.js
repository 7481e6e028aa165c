/* Simpul's service worker, served at /sw.js (main.service_worker) so that its scope is
   the whole portal. Each part lives in a static file of its own:
   - js/sw-push.js: web push notifications (show, open on tap);
   - js/drafts.js (shared with the pages) and js/sw-offline.js: offline pages, and drafts
     sent when the signal returns. */
importScripts(
  "{{ static_url('js/sw-push.js') }}",
  "{{ static_url('js/drafts.js') }}",
  "{{ static_url('js/sw-offline.js') }}"
);

// Meetings: let htmx swap 422 answers into the page. They carry the form or the row with
// its inline message in Bahasa Indonesia; htmx 2 leaves 4xx answers unswapped by default.
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr.status === 422) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// The daftar hadir's "Cetak" button exists only where JavaScript can print.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
});

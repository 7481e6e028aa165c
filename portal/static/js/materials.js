// Publish form: refuse a file over the limit before it is sent over slow mobile data.
// The server checks again (a 413 page); this only spares the upload.
(function () {
  "use strict";
  function check(input) {
    var max = parseInt(input.getAttribute("data-max-bytes"), 10);
    var note = document.getElementById("attachment-too-big");
    var tooBig = input.files && input.files[0] && max && input.files[0].size > max;
    input.setCustomValidity(tooBig && note ? note.textContent : "");
    if (note) note.hidden = !tooBig;
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[type=file][data-max-bytes]")) {
      check(event.target);
    }
  });
  document.addEventListener("submit", function (event) {
    var input = event.target.querySelector("input[type=file][data-max-bytes]");
    if (input && input.files && input.files[0] && !input.checkValidity()) {
      event.preventDefault();
      input.focus();
    }
  }, true);
})();

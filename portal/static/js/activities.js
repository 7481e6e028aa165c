/* Activities: shrink photos in the browser before upload.
   An enhancement only; the server checks and shrinks every photo anyway. */
(function () {
  "use strict";

  var QUALITY = 0.85;
  var SMALL_ENOUGH = 400 * 1024;

  function sizeText(bytes) {
    return bytes >= 1048576
      ? (bytes / 1048576).toFixed(1).replace(".", ",") + " MB"
      : Math.round(bytes / 1024) + " KB";
  }

  function shrink(file, maxSide) {
    if (!/^image\/(jpeg|png|webp)$/.test(file.type)) {
      return Promise.resolve(file);
    }
    return createImageBitmap(file, { imageOrientation: "from-image" })
      .then(function (bitmap) {
        var scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
        if (scale === 1 && file.size <= SMALL_ENOUGH) {
          bitmap.close();
          return file;
        }
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(bitmap.width * scale);
        canvas.height = Math.round(bitmap.height * scale);
        var context = canvas.getContext("2d");
        context.fillStyle = "#fff"; // a transparent PNG becomes white, as on the server
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        bitmap.close();
        return new Promise(function (resolve) {
          canvas.toBlob(
            function (blob) {
              if (!blob || blob.size >= file.size) {
                resolve(file);
                return;
              }
              var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
              resolve(new File([blob], name, { type: "image/jpeg", lastModified: Date.now() }));
            },
            "image/jpeg",
            QUALITY
          );
        });
      })
      .catch(function () {
        return file; // the server checks and shrinks it anyway
      });
  }

  function onPhotosChosen(input) {
    if (!window.DataTransfer || !window.createImageBitmap || !input.files.length) {
      return;
    }
    var status = document.getElementById(input.id + "-status");
    var buttons = input.form ? input.form.querySelectorAll("button[type=submit]") : [];
    var files = Array.prototype.slice.call(input.files);
    var before = files.reduce(function (sum, f) { return sum + f.size; }, 0);
    var maxSide = parseInt(input.getAttribute("data-downscale"), 10) || 1600;
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
    if (status) {
      status.textContent = input.getAttribute("data-msg-working");
    }
    Promise.all(files.map(function (f) { return shrink(f, maxSide); })).then(function (shrunk) {
      var transfer = new DataTransfer();
      shrunk.forEach(function (f) { transfer.items.add(f); });
      input.files = transfer.files; // does not fire "change" again
      var after = shrunk.reduce(function (sum, f) { return sum + f.size; }, 0);
      if (status) {
        status.textContent = input
          .getAttribute("data-msg-done")
          .replace("{before}", sizeText(before))
          .replace("{after}", sizeText(after));
      }
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
    });
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches("input[type=file][data-downscale]")) {
      onPhotosChosen(input);
    }
  });
})();

// Confirmation before irreversible acts (publish, finalise, resolve, send): forms carry data-confirm.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message = (submitter && submitter.dataset.confirm) || (form && form.dataset && form.dataset.confirm);
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
})();

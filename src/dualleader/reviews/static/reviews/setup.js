// The Organization Department's review set-up pages: a confirm before irreversible acts (forms with
// data-confirm), and the rubric editor (add, remove, reorder criteria; the live full-marks total).
// The server checks everything again.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message = (submitter && submitter.dataset.confirm) || (form.dataset && form.dataset.confirm);
    if (message && !window.confirm(message)) event.preventDefault();
  });

  var list = document.getElementById("criteria");
  var total = document.getElementById("rubric-total");
  if (!list || !total) return;

  function number(value) {
    var n = parseFloat(String(value || "").trim());
    return isFinite(n) ? n : 0;
  }
  function recount() {
    var sum = 0;
    list.querySelectorAll("[data-criterion]").forEach(function (card) {
      sum += number(card.querySelector("[data-points]").value) * number(card.querySelector("[data-weight]").value);
    });
    total.textContent = sum.toFixed(2);
  }
  list.addEventListener("input", recount);
  list.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var card = button.closest("[data-criterion]");
    if (button.hasAttribute("data-remove")) {
      card.remove();
    } else if (button.dataset.move === "up" && card.previousElementSibling) {
      list.insertBefore(card, card.previousElementSibling);
    } else if (button.dataset.move === "down" && card.nextElementSibling) {
      list.insertBefore(card.nextElementSibling, card);
    }
    recount();
  });
  var add = document.getElementById("add-criterion");
  var template = document.getElementById("criterion-template");
  if (add && template) {
    add.addEventListener("click", function () {
      list.appendChild(template.content.cloneNode(true));
      var cards = list.querySelectorAll("[data-criterion]");
      cards[cards.length - 1].querySelector("input[name=name]").focus();
      recount();
    });
  }
  recount();
})();

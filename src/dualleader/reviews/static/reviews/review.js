// The reviewer's scoring card: live weighted total, bounds hints, autosave a few seconds after the last
// change and when a field loses focus, and a confirm before submitting. The server checks everything again.
(function () {
  "use strict";
  var form = document.getElementById("dl-review");
  if (!form) return;
  var editable = form.dataset.editable === "1";
  var statusEl = document.getElementById("dl-autosave-status");
  var totalEl = document.getElementById("dl-total");
  var lockInput = form.querySelector("[name=lock_version]");
  var timer = null;
  var dirty = false;
  var stale = false;
  var inflight = false;  // one request at a time: each carries the lock_version the previous one returned
  var queued = null;      // a button pressed while an autosave was on its way: pressed again after it
  var confirmed = false;
  var DELAY = 3000;

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }

  // Same rule as scoring.clean_scores: 0..max, at most one decimal place.
  function check(box) {
    var input = box.querySelector(".dl-score");
    var feedback = box.querySelector(".invalid-feedback");
    var text = input.value.trim();
    var max = parseFloat(box.dataset.max);
    var ok = text === "" || (/^\d+(\.\d)?$/.test(text) && parseFloat(text) <= max);
    input.classList.toggle("is-invalid", !ok);
    feedback.classList.toggle("d-block", !ok);
    if (!ok) feedback.textContent = fmt(form.dataset.msgBounds, {max: box.dataset.max});
    return ok;
  }

  function total() {
    var sum = 0;
    form.querySelectorAll("[data-criterion]").forEach(function (box) {
      var value = parseFloat(box.querySelector(".dl-score").value);
      if (!isNaN(value)) sum += value * parseFloat(box.dataset.weight);
    });
    if (totalEl) totalEl.textContent = sum.toFixed(2);
  }

  function save() {
    timer = null;
    if (!dirty || stale || inflight) return;
    var valid = true;
    form.querySelectorAll("[data-criterion]").forEach(function (box) { if (!check(box)) valid = false; });
    if (!valid) return;
    var body = new FormData(form);
    dirty = false;
    inflight = true;
    fetch(form.dataset.autosave, {method: "POST", body: body, credentials: "same-origin",
                                  headers: {"X-Requested-With": "XMLHttpRequest"}})
      .then(function (response) {
        return response.json().then(function (payload) { return {status: response.status, payload: payload}; });
      })
      .then(function (result) {
        inflight = false;
        if (result.status === 200) {
          lockInput.value = result.payload.lock_version;
          if (queued) { var button = queued; queued = null; form.requestSubmit(button); return; }
          if (result.payload.saved_at) statusEl.textContent = fmt(form.dataset.msgSaved, {time: result.payload.saved_at});
          if (dirty) save();
          return;
        }
        queued = null;
        if (result.status === 409) stale = true;
        statusEl.textContent = result.payload.error || form.dataset.msgUnsaved;
        statusEl.classList.add("text-danger");
      })
      .catch(function () { inflight = false; dirty = true; statusEl.textContent = form.dataset.msgUnsaved; });
  }

  function changed() {
    dirty = true;
    total();
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(save, DELAY);
  }

  form.querySelectorAll("[data-criterion]").forEach(function (box) {
    var input = box.querySelector(".dl-score");
    input.addEventListener("input", function () { check(box); changed(); });
    input.addEventListener("blur", function () { if (timer) { window.clearTimeout(timer); } save(); });
  });
  var comment = document.getElementById("dl-comment");
  if (comment && editable) {
    comment.addEventListener("input", changed);
    comment.addEventListener("blur", function () { if (timer) { window.clearTimeout(timer); } save(); });
  }
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.dataset.confirm && !confirmed) {
      if (!window.confirm(form.dataset.msgConfirm)) { event.preventDefault(); return; }
      confirmed = true;
    }
    if (timer) window.clearTimeout(timer);
    dirty = false;
    if (inflight) { event.preventDefault(); queued = submitter || null; }
  });
  total();
})();

// The application editor: assembles the form into one JSON field, counts characters, keeps table rows and
// totals, autosaves to the server every few seconds after a change and keeps a copy in this browser so
// an expired session loses nothing. The server validates everything again.
(function () {
  "use strict";
  var form = document.getElementById("dl-editor");
  if (!form) return;
  var appId = form.dataset.app;
  var lock = form.dataset.lock;
  var editable = form.dataset.editable === "1";
  var storageKey = "dl-application-" + appId + "-v" + lock;
  var statusEl = document.getElementById("dl-autosave-status");
  var CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/g;
  var WORD = /[A-Za-z0-9]+(?:[.'’-][A-Za-z0-9]+)*/g;

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }

  // Same rule as formschema.word_count: each Chinese character or full-width mark is one, a Latin word is one.
  function wordCount(text) {
    var cjk = (text.match(CJK) || []).length;
    var words = (text.replace(CJK, " ").match(WORD) || []).length;
    return cjk + words;
  }

  function collect() {
    var data = {};
    form.querySelectorAll("[data-field]").forEach(function (el) {
      data[el.dataset.field] = el.querySelector(".dl-input").value;
    });
    form.querySelectorAll("table[data-table]").forEach(function (table) {
      var rows = [];
      table.querySelectorAll("tbody tr[data-row]").forEach(function (tr) {
        var row = {};
        tr.querySelectorAll("[data-col]").forEach(function (td) {
          row[td.dataset.col] = td.querySelector(".dl-input").value;
        });
        rows.push(row);
      });
      var key = table.dataset.table;
      if (table.dataset.year) {
        data[key] = data[key] || {};
        data[key][table.dataset.year] = rows;
      } else {
        data[key] = rows;
      }
    });
    return data;
  }

  function updateCount(input) {
    var counter = input.parentElement.querySelector(".dl-count");
    if (!counter) return;
    var max = parseInt(counter.dataset.maxWords, 10);
    var n = wordCount(input.value);
    counter.textContent = fmt(form.dataset.msgCount, {n: n, max: max});
    counter.classList.toggle("text-danger", n > max);
    counter.classList.toggle("fw-semibold", n > max);
  }

  function updateTotals() {
    form.querySelectorAll("table[data-total]").forEach(function (table) {
      var total = 0;
      table.querySelectorAll('tbody [data-col="' + table.dataset.total + '"] .dl-input').forEach(function (el) {
        var v = parseFloat(el.value);
        if (!isNaN(v)) total += v;
      });
      var out = table.querySelector(".dl-total");
      if (out) out.textContent = total.toFixed(2);
    });
  }

  var saved = JSON.stringify(collect());
  var timer = null;

  function keepLocal(data) {
    try {
      localStorage.setItem(storageKey, JSON.stringify({data: data, savedAt: new Date().toISOString()}));
    } catch (e) { /* storage full or disabled: the server copy still exists */ }
  }

  function autosave() {
    var data = collect();
    var json = JSON.stringify(data);
    if (json === saved) return;
    keepLocal(data);
    var body = new FormData();
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    body.append("lock_version", lock);
    body.append("data", json);
    fetch(form.dataset.autosaveUrl, {method: "POST", body: body, redirect: "manual", credentials: "same-origin",
                                     headers: {"X-Requested-With": "XMLHttpRequest"}})
      .then(function (res) {
        if (res.type === "opaqueredirect" || res.status === 302 || res.status === 403 || res.status === 401) {
          document.getElementById("dl-expired").classList.remove("d-none");
          return null;
        }
        return res.ok ? res.json() : null;
      })
      .then(function (payload) {
        if (payload && payload.saved_at) statusEl.textContent = fmt(form.dataset.msgSaved, {time: payload.saved_at});
      })
      .catch(function () { statusEl.textContent = form.dataset.msgUnsaved; });
  }

  function changed(event) {
    if (event && event.target.classList.contains("dl-input")) updateCount(event.target);
    updateTotals();
    if (!editable) return;
    statusEl.textContent = form.dataset.msgUnsaved;
    keepLocal(collect());
    clearTimeout(timer);
    timer = setTimeout(autosave, 5000);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("click", function (event) {
    var add = event.target.closest(".dl-add-row");
    if (add) {
      var wrapper = add.closest("[data-table-field]");
      var template = wrapper.querySelector("template.dl-row-template");
      var table = add.previousElementSibling;
      while (table && !table.querySelector("table[data-table]")) table = table.previousElementSibling;
      if (table) table.querySelector("tbody").appendChild(template.content.cloneNode(true));
      changed();
      return;
    }
    var remove = event.target.closest(".dl-remove-row");
    if (remove && window.confirm(form.dataset.msgConfirmRemove)) {
      remove.closest("tr").remove();
      changed();
    }
  });
  form.addEventListener("submit", function () {
    clearTimeout(timer);
    document.getElementById("dl-data").value = JSON.stringify(collect());
  });

  form.querySelectorAll(".dl-input").forEach(updateCount);
  updateTotals();

  // Server-side unsaved copy: "Discard" deletes it.
  var discard = document.getElementById("dl-discard");
  if (discard) discard.addEventListener("click", function () {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    body.append("discard", "1");
    fetch(form.dataset.autosaveUrl, {method: "POST", body: body, credentials: "same-origin"});
    localStorage.removeItem(storageKey);
    document.getElementById("dl-server-restore").remove();
  });

  // A copy in this browser that differs from what the page shows (e.g. the session expired): offer it.
  var localRaw = null;
  try { localRaw = localStorage.getItem(storageKey); } catch (e) { localRaw = null; }
  var restoring = new URLSearchParams(window.location.search).get("restore") === "1";
  if (localRaw && !restoring && !document.getElementById("dl-server-restore")) {
    var local = JSON.parse(localRaw);
    if (JSON.stringify(local.data) !== saved) {
      var banner = document.getElementById("dl-local-restore");
      document.getElementById("dl-local-text").textContent =
        fmt(form.dataset.msgLocal, {time: new Date(local.savedAt).toLocaleString()});
      banner.classList.remove("d-none");
      document.getElementById("dl-local-apply").addEventListener("click", function () {
        // Hand the copy to the server as the autosave, then let the server render it.
        var body = new FormData();
        body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
        body.append("lock_version", lock);
        body.append("data", JSON.stringify(local.data));
        fetch(form.dataset.autosaveUrl, {method: "POST", body: body, credentials: "same-origin"})
          .then(function () { window.location.search = "?restore=1"; });
      });
      document.getElementById("dl-local-discard").addEventListener("click", function () {
        localStorage.removeItem(storageKey);
        banner.classList.add("d-none");
      });
    } else {
      localStorage.removeItem(storageKey);
    }
  }
  // Older copies of this application (from before a save) are no longer needed.
  try {
    Object.keys(localStorage).forEach(function (k) {
      if (k.indexOf("dl-application-" + appId + "-v") === 0 && k !== storageKey) localStorage.removeItem(k);
    });
  } catch (e) { /* ignore */ }
})();

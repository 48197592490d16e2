// The job page follows its job: every second it asks /app/jobs/{id}/status and moves the
// progress bar, the status and the facts, until the job is finished. Without this file
// the page refreshes itself (a <noscript> refresh) while the job is pending.
(function () {
  "use strict";
  var root = document.querySelector("[data-job-status-url]");
  if (!root || !window.fetch) return;
  var url = root.getAttribute("data-job-status-url");

  function part(name) { return root.querySelector("[data-job-" + name + "]"); }
  function setText(name, text) {
    var element = part(name);
    if (element) element.textContent = text === null || text === undefined || text === "" ? "—" : text;
  }

  function show(job) {
    var status = part("status");
    status.textContent = job.statusLabel;
    status.className = "badge badge--" + job.status;
    var bar = part("progress");
    if (job.barValue === null || job.barValue === undefined) {
      bar.removeAttribute("value");
      bar.textContent = "";
    } else {
      bar.max = job.barMax;
      bar.value = job.barValue;
      bar.textContent = job.percent === null ? "" : job.percent + "%";
    }
    part("progress-text").textContent = (job.percent === null ? "" : job.percent + "% · ") + job.progressText;
    setText("attempts", job.attempts);
    setText("started", job.started);
    setText("finished", job.finished);
    setText("next-attempt", job.nextAttempt);
    setText("error", job.error);
    var cancel = part("cancel");
    if (cancel && !job.canCancel) cancel.hidden = true;
    part("live").textContent = job.summary + (job.pending ? " This page follows it." : "");
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (job) show(job);
        if (!job || job.pending) window.setTimeout(poll, job ? 1000 : 5000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 1000);
})();

// Follows a screening job's progress (GET /screenings/ID with the session cookie) and reloads
// the page when it is done or failed.
(function () {
  var box = document.getElementById("job");
  if (!box) return;
  var state = box.getAttribute("data-state");
  if (state === "done" || state === "failed") return;
  var id = box.getAttribute("data-job");
  var bar = document.getElementById("progress");
  var text = document.getElementById("job-state");
  function poll() {
    fetch("/screenings/" + encodeURIComponent(id), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (job) {
        bar.value = job.percent;
        text.textContent = job.state + (job.total ? ": " + job.done + " of " + job.total + " rows" : "");
        if (job.state === "done" || job.state === "failed") { window.location.reload(); }
        else { setTimeout(poll, 400); }
      })
      .catch(function () { setTimeout(poll, 1500); });
  }
  setTimeout(poll, 300);
})();

// "Export these results" on the diaspora directory (managers): asks the research exports API
// for the diaspora_members data set with every active filter of the directory (the page puts
// them in the payload), then opens the job's page.
(function () {
  "use strict";
  var form = document.getElementById("directory-export");
  var source = document.getElementById("directory-export-payload");
  if (!form || !source) return;
  var payload = JSON.parse(source.textContent);
  var error = document.getElementById("directory-export-error");
  var button = form.querySelector("button[type=submit]");
  var placeholder = "00000000-0000-0000-0000-000000000000";
  form.hidden = false;

  function messages(data) {
    // DRF answers {"field": ["message"]} or {"detail": "message"}.
    if (!data || typeof data !== "object") return form.dataset.failed;
    var parts = [];
    Object.keys(data).forEach(function (key) {
      var value = data[key];
      parts.push(Array.isArray(value) ? value.join(" ") : typeof value === "object" ? messages(value) : String(value));
    });
    return parts.join(" ") || form.dataset.failed;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    error.textContent = "";
    button.disabled = true;
    var body = {
      dataset: payload.dataset,
      filters: payload.filters,
      format: form.elements.format.value,
      anonymised: form.elements.anonymised.checked
    };
    fetch(form.dataset.api, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": form.elements.csrfmiddlewaretoken.value
      },
      body: JSON.stringify(body)
    })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (result) {
        if (result.ok && result.data.id) {
          window.location.assign(form.dataset.job.replace(placeholder, result.data.id));
          return;
        }
        error.textContent = messages(result.data);
        button.disabled = false;
      })
      .catch(function () {
        error.textContent = form.dataset.failed;
        button.disabled = false;
      });
  });
})();

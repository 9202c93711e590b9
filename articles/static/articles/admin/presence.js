// 在编: tell the desk who else has this story open. The change form's #presence element
// carries the address to report to and the words to say it with; the server keeps the state.
(function () {
  "use strict";
  var box = document.getElementById("presence");
  if (!box || !window.fetch) return;
  var form = document.getElementById("article_form");
  var token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
  if (!token) return;
  var url = box.dataset.url;
  var seconds = parseInt(box.dataset.poll, 10) || 20;
  var timer = null;

  function body(extra) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token.value);
    if (extra) data.append(extra, "1");
    return data;
  }

  function show(others) {
    if (!others.length) {
      box.hidden = true;
      box.textContent = "";
      return;
    }
    var names = others.map(function (someone) {
      return someone.name + (someone.editing ? box.dataset.editing : box.dataset.viewing);
    });
    box.textContent = box.dataset.intro + names.join("、") + "。" + box.dataset.advice;
    box.hidden = false;
  }

  function report() {
    fetch(url, {method: "POST", body: body(), credentials: "same-origin",
                headers: {"X-CSRFToken": token.value}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (answer) {
          show(answer.others);
          seconds = answer.poll || seconds;
        }
      })
      .catch(function () { /* offline for a moment: the next heartbeat will tell */ })
      .then(function () { timer = window.setTimeout(report, seconds * 1000); });
  }

  window.addEventListener("pagehide", function () {
    window.clearTimeout(timer);
    if (navigator.sendBeacon) navigator.sendBeacon(url, body("leave"));
  });
  report();
})();

// The supporter code's Share and Copy buttons (Family and friends page).
// Share opens the phone's own share sheet (the Web Share API) and is shown
// only where the browser has one; Copy puts the code on the clipboard (with
// the older selection copy where navigator.clipboard is missing) and says
// so in a status line that screen readers announce. Its words are the
// page's, in its language (my_supporters.html: data-share-title,
// data-share-text with {code}, data-shared, data-share-failed,
// data-copied, data-copy-failed).
(function () {
  "use strict";

  function say(status, message) {
    // Emptied first, so the same words said twice are announced twice.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
      if (status.scrollIntoView) { status.scrollIntoView({ block: "nearest" }); }
    }, 50);
  }

  function copyBySelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.body.removeChild(area);
    return copied;
  }

  function selectCode(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  document.querySelectorAll("[data-share-code]").forEach(function (box) {
    var code = box.getAttribute("data-share-code");
    var status = document.getElementById(box.getAttribute("data-status"));
    var codeElement = document.getElementById("supporter-code");
    var shareButton = box.querySelector("[data-share]");
    var copyButton = box.querySelector("[data-copy]");
    var link = new URL(box.getAttribute("data-share-url"), window.location.href).href;
    function words(name) { return box.getAttribute("data-" + name) || ""; }
    var message = {
      title: words("share-title"),
      text: words("share-text").replace("{code}", code),
      url: link
    };

    if (typeof navigator.share === "function" &&
        (typeof navigator.canShare !== "function" || navigator.canShare(message))) {
      shareButton.hidden = false;
      shareButton.addEventListener("click", function () {
        navigator.share(message).then(function () {
          say(status, words("shared"));
        }).catch(function (error) {
          if (error && error.name === "AbortError") { return; }  // closed by the person
          say(status, words("share-failed"));
        });
      });
    }

    function copied() { say(status, words("copied")); }
    function notCopied() {
      if (codeElement) { selectCode(codeElement); }
      say(status, words("copy-failed"));
    }

    copyButton.hidden = false;
    copyButton.addEventListener("click", function () {
      if (navigator.clipboard && typeof navigator.clipboard.writeText === "function") {
        navigator.clipboard.writeText(code).then(copied, function () {
          if (copyBySelection(code)) { copied(); } else { notCopied(); }
        });
      } else if (copyBySelection(code)) {
        copied();
      } else {
        notCopied();
      }
    });
  });
})();

// htmx leaves the page as it was when an answer is 4xx or 5xx: the officer would see nothing
// happen. The server answers a refusal with its Chinese sentence as the fragment for the
// target (web/errors.py), so every error answer is swapped in like a successful one.
document.addEventListener("htmx:beforeSwap", function (event) {
  var status = event.detail.xhr.status;
  if (status >= 400) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

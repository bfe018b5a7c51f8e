// The next question answered where it is shown: a copy of the form's own field, kept in step
// with it, so the answer goes through the same form (and htmx re-renders the result).
(function () {
  function mount(root) {
    root.querySelectorAll("[data-answers]").forEach(function (slot) {
      var original = document.getElementById(slot.getAttribute("data-answers"));
      if (!original || slot.querySelector("input, select")) { return; }
      var copy = original.cloneNode(true);
      copy.removeAttribute("name");
      copy.id = "answer-" + original.id;
      copy.value = original.value;
      var label = document.createElement("label");
      label.htmlFor = copy.id;
      label.textContent = "在此回答：";
      copy.addEventListener("change", function () {
        original.value = copy.value;
        original.dispatchEvent(new Event("change", { bubbles: true }));
      });
      slot.replaceChildren(label, copy);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { mount(document); });
  document.addEventListener("htmx:afterSettle", function (event) { mount(event.target); });
})();

// A wide table scrolls inside its own region (.table-responsive, casa.css): on a phone its last columns are out of
// sight, and nothing says so. The region that overflows gets the class « deborde », which shows a hint above the
// table (« Faites défiler le tableau → »); measured at load, when the window changes size and after an htmx swap, so
// a table that fits shows nothing. The CSP forbids inline scripts: behaviour lives here.
(function () {
  function mesurer() {
    document.querySelectorAll(".table-responsive").forEach(function (region) {
      region.classList.toggle("deborde", region.scrollWidth > region.clientWidth + 1);
    });
  }
  document.addEventListener("DOMContentLoaded", mesurer);
  window.addEventListener("resize", mesurer);
  document.addEventListener("htmx:afterSettle", mesurer);
})();

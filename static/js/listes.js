// The lists (casa_logement/listes.py). An error summary that a page marks data-focus-au-chargement (the session
// created from the top of the session list, say) gets the focus when the page opens: a keyboard or screen-reader user
// lands on the error instead of the top of the page. The CSP forbids inline scripts: behaviour lives here.
document.addEventListener("DOMContentLoaded", function () {
  var cible = document.querySelector("[data-focus-au-chargement]");
  if (!cible) return;
  var details = cible.closest("details");
  if (details) details.open = true;
  cible.focus();
  cible.scrollIntoView({ block: "center" });
});

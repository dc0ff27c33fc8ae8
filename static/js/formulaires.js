// One submission per form: a double click on « Enregistrer » sends the form once (the second click is ignored and
// the buttons show that the page is working). The clicked button's name and value still go with the form, because
// the buttons are disabled only after the browser has built the request. A form that opts out says
// data-envois-multiples (a search form, say). Without JavaScript the server-side guards still hold.
document.addEventListener("submit", function (evenement) {
  var formulaire = evenement.target;
  if (!(formulaire instanceof HTMLFormElement) || formulaire.hasAttribute("data-envois-multiples")) return;
  if ((formulaire.method || "get").toLowerCase() !== "post" || formulaire.hasAttribute("hx-post")) return;
  if (formulaire.dataset.envoye === "1") {
    evenement.preventDefault();
    return;
  }
  formulaire.dataset.envoye = "1";
  window.setTimeout(function () {
    formulaire.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (bouton) {
      bouton.disabled = true;
      bouton.setAttribute("aria-busy", "true");
    });
  }, 0);
  // A response that does not leave the page (a file downloaded, a slow server): the form works again after 10 s.
  window.setTimeout(function () {
    rearmer(formulaire);
  }, 10000);
});

function rearmer(formulaire) {
  delete formulaire.dataset.envoye;
  formulaire.querySelectorAll("button[aria-busy], input[aria-busy]").forEach(function (bouton) {
    bouton.disabled = false;
    bouton.removeAttribute("aria-busy");
  });
}
// Coming back with the browser's « Précédent » restores a page from its cache: its forms can be sent again.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-envoye]").forEach(rearmer);
});

// Behaviours of select boxes, declared by data attributes (the Content-Security-Policy forbids inline handlers):
// data-envoi-au-choix sends its form when a choice is made; data-vide-au-choix="champ" empties that field of the
// form; data-mois-vers="annee mois" writes a « 2026-11 » choice into the two fields named.
document.addEventListener("change", function (evenement) {
  var champ = evenement.target;
  if (!(champ instanceof HTMLSelectElement) || !champ.form) return;
  if (champ.hasAttribute("data-vide-au-choix")) {
    var cible = champ.form.elements[champ.getAttribute("data-vide-au-choix")];
    if (cible) cible.value = "";
  }
  if (champ.hasAttribute("data-mois-vers")) {
    var noms = champ.getAttribute("data-mois-vers").split(" ");
    var parties = champ.value.split("-");
    champ.form.elements[noms[0]].value = parties[0];
    champ.form.elements[noms[1]].value = parties[1];
  }
  if (champ.hasAttribute("data-envoi-au-choix")) champ.form.requestSubmit();
});

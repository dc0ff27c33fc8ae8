// One submission per form: a double click on « Enregistrer » sends the form once (the second click is ignored and
// the buttons show that the page is working). The clicked button's name and value still go with the form, because
// the buttons are disabled only after the browser has built the request. A form that opts out says
// data-envois-multiples (a search form, say). Without JavaScript the server-side guards still hold.
//
// Progress: while the answer is awaited, the clicked button shows a spinner and « … en cours » (its own text in
// data-en-cours, « Envoi en cours… » by default) and a polite live region tells screen readers the same.
document.addEventListener("submit", function (evenement) {
  var formulaire = evenement.target;
  if (!(formulaire instanceof HTMLFormElement) || formulaire.hasAttribute("data-envois-multiples")) return;
  if ((formulaire.method || "get").toLowerCase() !== "post" || formulaire.hasAttribute("hx-post")) return;
  if (formulaire.dataset.envoye === "1") {
    evenement.preventDefault();
    return;
  }
  formulaire.dataset.envoye = "1";
  var clique = evenement.submitter || formulaire.querySelector("button[type=submit], input[type=submit]");
  window.setTimeout(function () {
    formulaire.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (bouton) {
      bouton.disabled = true;
      bouton.setAttribute("aria-busy", "true");
    });
    if (clique) montrerEnCours(clique);
  }, 0);
  // A response that does not leave the page (a file downloaded, a slow server): the form works again after 10 s.
  window.setTimeout(function () {
    rearmer(formulaire);
  }, 10000);
});

function texteEnCours(bouton) {
  return bouton.getAttribute("data-en-cours") || "Envoi en cours…";
}

function montrerEnCours(bouton) {
  var texte = texteEnCours(bouton);
  if (bouton instanceof HTMLButtonElement) {
    bouton.dataset.contenuAvant = bouton.innerHTML;
    bouton.innerHTML = "";
    var roue = document.createElement("span");
    roue.className = "spinner-border spinner-border-sm me-1";
    roue.setAttribute("aria-hidden", "true");
    bouton.appendChild(roue);
    bouton.appendChild(document.createTextNode(texte));
  } else {
    bouton.dataset.contenuAvant = bouton.value;
    bouton.value = texte;
  }
  annoncer(texte);
}

// The live region is part of the page from its load (a region created at the moment of the news is often not read).
var regionEnCours = null;
document.addEventListener("DOMContentLoaded", function () {
  regionEnCours = document.createElement("div");
  regionEnCours.id = "envoi-en-cours";
  regionEnCours.className = "visually-hidden";
  regionEnCours.setAttribute("role", "status");
  regionEnCours.setAttribute("aria-live", "polite");
  document.body.appendChild(regionEnCours);
});

function annoncer(texte) {
  if (regionEnCours) regionEnCours.textContent = texte;
}

function rearmer(formulaire) {
  delete formulaire.dataset.envoye;
  formulaire.querySelectorAll("button[aria-busy], input[aria-busy]").forEach(function (bouton) {
    bouton.disabled = false;
    bouton.removeAttribute("aria-busy");
    if (bouton.dataset.contenuAvant !== undefined) {
      if (bouton instanceof HTMLButtonElement) bouton.innerHTML = bouton.dataset.contenuAvant;
      else bouton.value = bouton.dataset.contenuAvant;
      delete bouton.dataset.contenuAvant;
    }
  });
  annoncer("");
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

// After a failed submit the page comes back with an error summary (templates/_erreurs_formulaire.html) or an error
// message (templates/base.html), marked data-resume-erreurs and tabindex="-1": the focus moves to it (the first one,
// or a wrapper that a page marks data-focus-au-chargement), opening the <details> that holds it, so that it is read
// first and seen first; a link of the summary puts the focus in its field, its label in view. Also after an htmx
// swap that brings one.
function focaliserResume(racine) {
  var resume = (racine || document).querySelector("[data-focus-au-chargement], [data-resume-erreurs]");
  if (!resume) return;
  var details = resume.closest("details");
  if (details) details.open = true;
  resume.focus();
}
document.addEventListener("DOMContentLoaded", function () {
  focaliserResume(document);
});
document.addEventListener("htmx:afterSettle", function (evenement) {
  focaliserResume(evenement.target);
});
document.addEventListener("click", function (evenement) {
  var lien = evenement.target instanceof Element && evenement.target.closest("[data-resume-erreurs] a[href^='#']");
  if (!lien) return;
  var champ = document.getElementById(decodeURIComponent(lien.hash.slice(1)));
  if (!champ) return;
  evenement.preventDefault();
  var libelle = champ.id && document.querySelector("label[for='" + CSS.escape(champ.id) + "']");
  (libelle || champ).scrollIntoView({ block: "center" });
  champ.focus({ preventScroll: true });
});

// Step 2 of a demand: the household edited in place. « Ajouter une personne » clones the formset's empty form (the
// <template data-menage-modele>, its « __prefix__ » replaced by the next index) and raises TOTAL_FORMS; « Retirer »
// ticks the block's hidden DELETE box and hides it (indexes never move, so the server reads every block it was sent).
// Without JavaScript both buttons are ordinary submit buttons: the server re-renders the step with one block more or
// less, everything typed kept (demandes/views.py, _etape_2_recomposer).
(function () {
  var zone = document.querySelector("[data-menage]");
  if (!zone) return;
  var total = zone.closest("form").querySelector("input[name$='-TOTAL_FORMS']");
  var modele = zone.querySelector("template[data-menage-modele]");
  var blocs = zone.querySelector("[data-menage-blocs]");
  var bouton = zone.querySelector("[data-menage-ajouter]");
  var annonce = zone.querySelector("[data-menage-annonce]");
  var totalAffiche = zone.querySelector("[data-menage-total]");
  var max = parseInt(zone.getAttribute("data-menage-max"), 10) || 14;

  function visibles() {
    return Array.prototype.filter.call(blocs.querySelectorAll("[data-menage-bloc]"), function (b) {
      return !b.hidden;
    });
  }

  function dire(texte) {
    // Emptied first so that the same sentence twice is read twice.
    annonce.textContent = "";
    window.setTimeout(function () {
      annonce.textContent = texte;
    }, 50);
  }

  // Numbers « Personne 1, 2… » on the visible blocks, the household's size (the applicant and every visible block
  // whose link is chosen: a blank block is ignored when saving) and whether one more block may be added.
  function recompter() {
    var liste = visibles();
    liste.forEach(function (b, i) {
      b.querySelectorAll("[data-menage-numero]").forEach(function (e) {
        e.textContent = "Personne " + (i + 1);
      });
      b.querySelectorAll("[data-menage-numero-minuscule]").forEach(function (e) {
        e.textContent = "personne " + (i + 1);
      });
    });
    var personnes =
      1 +
      liste.filter(function (b) {
        var lien = b.querySelector("select[name$='-lien']");
        return lien && lien.value;
      }).length;
    if (totalAffiche) totalAffiche.textContent = personnes + (personnes > 1 ? " personnes" : " personne");
    bouton.disabled = liste.length >= max;
    return liste.length;
  }

  bouton.addEventListener("click", function (evenement) {
    evenement.preventDefault();
    if (visibles().length >= max) {
      dire("Le ménage compte déjà le nombre maximal de personnes.");
      return;
    }
    var index = parseInt(total.value, 10) || 0;
    var html = modele.innerHTML.replace(/__prefix__/g, String(index));
    var conteneur = document.createElement("div");
    conteneur.innerHTML = html.trim();
    var bloc = conteneur.firstElementChild;
    blocs.appendChild(bloc);
    total.value = String(index + 1);
    var rang = recompter();
    var premier = bloc.querySelector("select, input:not([type=hidden]), textarea");
    if (premier) premier.focus();
    dire("Personne " + rang + " ajoutée : choisissez son lien avec le demandeur.");
  });

  zone.addEventListener("click", function (evenement) {
    var retirer = evenement.target.closest("[data-menage-retirer]");
    if (!retirer || !zone.contains(retirer)) return;
    evenement.preventDefault();
    var bloc = retirer.closest("[data-menage-bloc]");
    var nom = bloc.querySelector("[data-menage-numero]").textContent;
    var suppression = bloc.querySelector("input[name$='-DELETE']");
    if (suppression) suppression.checked = true;
    bloc.hidden = true;
    var liste = visibles();
    recompter();
    // Focus goes to the next block still shown, else to « Ajouter une personne ».
    var suivant = liste.find(function (b) {
      return b.compareDocumentPosition(bloc) & Node.DOCUMENT_POSITION_PRECEDING;
    });
    var cible = suivant ? suivant.querySelector("select, input:not([type=hidden])") : bouton;
    if (cible) cible.focus();
    dire(nom + " retirée : le ménage sera enregistré sans elle.");
  });

  zone.addEventListener("change", function (evenement) {
    if (evenement.target.matches("select[name$='-lien']")) recompter();
  });

  recompter();
})();

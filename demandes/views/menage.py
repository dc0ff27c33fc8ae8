"""Step 2 of the registration form: the household. The applicant's resources and whether they live as a couple, then
one block per other person (static/js/menage.js adds one; without JavaScript « Ajouter une personne » and « Retirer »
send the step back with one block more or less, everything typed kept). Saved in one call (services.menage_definir),
whose errors come back on the block and field they concern."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch

from commun import format_fr
from commun.erreurs import ErreurMetier
from commun.saisie import entier as entier_saisi

from .. import services
from ..codes import Lien
from ..forms import MAX_AUTRES_PERSONNES, PersonneFormSet, RessourcesDemandeurForm
from ..models import Demande, Ressource
from ..validation import ErreursValidation

CHAMPS_IDENTITE = [
    "nom",
    "prenom",
    "nom_unique",
    "nom_naissance",
    "sexe",
    "date_naissance",
    "nationalite",
    "titre_sejour",
    "titre_sejour_fin",
    "situation_familiale",
    "telephone",
    "courriel",
    "adresse",
]
CHAMPS_PERSONNE_ETAPE_2 = (
    "lien",
    "nom",
    "prenom",
    "nom_unique",
    "date_naissance",
    "a_charge",
    "handicap",
    "enfant_a_naitre",
)


def personnes_actuelles(demande: Demande) -> list[dict]:
    """The household as saved, in the shape services.menage_definir takes (each person with its resources)."""
    return [
        {
            **{f: getattr(p, f) for f in ["lien", "a_charge", "handicap", "enfant_a_naitre", *CHAMPS_IDENTITE]},
            "ressources": [{"type": r.type, "montant_mensuel": r.montant_mensuel} for r in p.ressources.all()],
        }
        # each person's resources in the order they were typed: the form shows them back so
        for p in demande.personnes.prefetch_related(Prefetch("ressources", queryset=Ressource.objects.order_by("pk")))
    ]


def _ressources(form_data: dict) -> list[dict]:
    """The (up to two) resources typed on a block, each with its kind and amount."""
    return [
        {"type": form_data.get(f"{prefixe}_type"), "montant_mensuel": form_data.get(f"{prefixe}_montant")}
        for prefixe in ("ressource", "ressource2")
        if form_data.get(f"{prefixe}_type") and form_data.get(f"{prefixe}_montant") not in (None, "")
    ]


def _initial_ressources(ressources: list[dict]) -> dict:
    """A person's saved resources as a block's initial values, amounts the French way."""
    initial = {}
    for prefixe, r in zip(("ressource", "ressource2"), ressources, strict=False):
        initial[f"{prefixe}_type"] = r["type"]
        initial[f"{prefixe}_montant"] = format_fr.nombre(r["montant_mensuel"], 2)  # « 1 650,00 », never « 1650.00 »
    return initial


def etape_2(request, demande):
    """Step 2: shown with the saved household, or saved (None) when every block is right."""
    actuelles = personnes_actuelles(demande)
    demandeur = next(p for p in actuelles if p["lien"] == Lien.DEMANDEUR)
    autres = [p for p in actuelles if p["lien"] != Lien.DEMANDEUR]
    if request.method == "POST" and ("ajouter_personne" in request.POST or "retirer_personne" in request.POST):
        return _etape_2_recomposer(request, demande, demandeur)
    form, formset = _formulaires_menage(request, demande, demandeur, autres)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        # Every row with a link is a person (existing rows unchanged included), unless ticked for deletion.
        gardes = [f for f in formset.forms if f.cleaned_data.get("lien") and not f.cleaned_data.get("DELETE")]
        demandeur["ressources"] = _ressources(form.cleaned_data)
        try:
            services.menage_definir(
                par=request.user,
                demande=demande,
                personnes=_personnes_saisies(demandeur, gardes),
                vit_en_couple=form.cleaned_data["vit_en_couple"],
            )
        except ErreursValidation as err:
            _erreurs_menage_reporter(err.erreurs, form, gardes)
        except ErreurMetier as err:
            form.add_error(None, err.message)
        else:
            return None
    return _contexte_menage(demande, form, formset, demandeur)


def _formulaires_menage(request, demande: Demande, demandeur: dict, autres: list[dict]):
    """The applicant's form and the other persons' formset, bound to the POST or filled with the saved household."""
    form = RessourcesDemandeurForm(
        request.POST or None,
        initial={"vit_en_couple": demande.vit_en_couple, **_initial_ressources(demandeur["ressources"])},
    )
    formset = PersonneFormSet(
        request.POST or None,
        prefix="personnes",
        initial=[
            {
                **{k: p[k] for k in CHAMPS_PERSONNE_ETAPE_2},
                **_initial_ressources(p["ressources"]),
            }
            for p in autres
        ],
    )
    return form, formset


def _personnes_saisies(demandeur: dict, gardes: list) -> list[dict]:
    """The household typed: the applicant (identity from step 1, resources from this step), then each block kept."""
    return [demandeur] + [
        {
            **{k: f.cleaned_data.get(k) for k in CHAMPS_PERSONNE_ETAPE_2},
            "nom": f.cleaned_data.get("nom") or "",
            "prenom": f.cleaned_data.get("prenom") or "",
            "ressources": _ressources(f.cleaned_data),
        }
        for f in gardes
    ]


def _erreurs_menage_reporter(erreurs: dict[str, list[str]], form, gardes: list) -> None:
    """The service's errors on the block they concern: `personnes-<i>-<champ>` on person i (0, the applicant, is the
    step's own form; `ressources-<n>-…` on its n-th amount), the others at the top of the step."""
    for champ, liste in erreurs.items():
        parties = champ.split("-")
        if champ in form.fields:
            for m in liste:
                form.add_error(champ, m)
            continue
        if champ == "personnes" or len(parties) < 3:
            for m in liste:
                form.add_error(None, m)
            continue
        index, nom = int(parties[1]), "-".join(parties[2:])
        cible = form if index == 0 else gardes[index - 1]
        if nom.startswith("ressources-"):
            nom = "ressource_montant" if nom.split("-")[1] == "0" else "ressource2_montant"
        for m in liste:
            cible.add_error(nom if nom in cible.fields else None, m)


def _contexte_menage(demande, form, formset, demandeur, focus: int | None = None) -> dict:
    """What step 2 shows: the applicant's resources, one block per other person (those ticked for removal stay in the
    form, hidden), the empty block static/js/menage.js clones, and the household's size as typed."""
    blocs, numero = [], 0
    for i, f in enumerate(formset.forms):
        retiree = bool(f["DELETE"].value())
        numero += 0 if retiree else 1
        if i == focus:
            f.fields["lien"].widget.attrs["autofocus"] = True
        blocs.append({"form": f, "index": i, "numero": numero, "retiree": retiree})
    personnes = 1 + sum(1 for b in blocs if not b["retiree"] and b["form"]["lien"].value())
    return {
        "form": form,
        "formset": formset,
        "demandeur": demandeur,
        "blocs": blocs,
        "personnes_saisies": personnes,
        "max_autres_personnes": MAX_AUTRES_PERSONNES,
        "peut_ajouter": numero < MAX_AUTRES_PERSONNES,
    }


def _etape_2_recomposer(request, demande, demandeur):
    """« Ajouter une personne » or « Retirer » without JavaScript: the step comes back with one block more or less,
    everything typed kept as typed (raw values: nothing is checked nor saved until « Enregistrer »)."""
    form = RessourcesDemandeurForm(request.POST)
    formset = PersonneFormSet(request.POST, prefix="personnes")
    # BoundField.value() is the typed text: no validation runs, so no error shows on a block being filled.
    lignes = [{nom: f[nom].value() for nom in f.fields} for f in formset.forms]
    focus = None
    if "retirer_personne" in request.POST:
        index = entier_saisi(request.POST.get("retirer_personne"), maximum=len(lignes) - 1)
        if index is not None:
            del lignes[index]
            messages.info(request, "Personne retirée du formulaire : « Enregistrer et continuer » confirme le ménage.")
    elif sum(1 for ligne in lignes if not ligne.get("DELETE")) >= MAX_AUTRES_PERSONNES:
        messages.error(
            request, f"Un ménage compte au plus {MAX_AUTRES_PERSONNES + 1} personnes ici, le demandeur compris."
        )
    else:
        lignes.append({})
        focus = len(lignes) - 1
        messages.info(request, "Une personne de plus : remplissez son bloc, puis enregistrez.")
    nouveau = RessourcesDemandeurForm(initial={nom: form[nom].value() for nom in form.fields})
    return _contexte_menage(demande, nouveau, PersonneFormSet(prefix="personnes", initial=lignes), demandeur, focus)

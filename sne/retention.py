"""What the retention purge (demandes/retention/) erases in the SNE import's records of a demand whose data is erased
(docs/conservation.md):

- its SNE document (DocumentSNE): the raw XML, the values it gave (the base of the next comparison) and the children
  in droit de visite are blanked. Kept: the link, the fingerprint (the same document sent again is « inchangée »:
  nothing is written back), the counter's code, the DALO status and its date (a code, as the demand keeps its
  priorities), the paths of the elements not mapped, the import and the last synchronisation;
- its conflicts (ConflitSNE): both values blanked (the household, with names, is one of the fields), the field and
  the state kept; one still open is closed « valeur de l'agent » through its machine, the reason in its log: the
  demand keeps what it holds, there is nothing left to settle;
- the report lines (LigneImportSNE) of the demand, or naming it as a probable duplicate: the SNE's document kept for
  the duplicate (`brut`) blanked, a duplicate still open closed (the local demand it looked like is erased; the SNE's
  demand, if still alive, comes back in its next file and is created then), the values a refused line quotes removed;
- the applied files (ImportSNE.contenu) that carried one of these lines: blanked, a line in the import's log (the
  nightly job, sne/conservation.py, blanks them much earlier; this catches a longer setting).

Kept: the numbers (the NUR stays on the demand, as demandes/retention/donnees_demande.py keeps it), the report's
results, fields changed and events (labels, codes and dates), the states and their logs.

None of these models is audited by pghistory (tests/sne/test_conservation.py checks it): no event table to blank."""

from __future__ import annotations

from django.db.models import Q

from commun.etats import passer
from demandes.retention import effaceur

from . import conservation
from .mise_a_jour import JOURNAL_CONFLIT
from .models import ConflitSNE, DocumentSNE, EtatConflit, EtatImportSNE, ImportSNE, LigneImportSNE, ResultatLigne

MOTIF_CONFLIT_CLOS = "Clos sans décision : données de la demande effacées (durée de conservation)"
MOTIF_DOUBLON_CLOS = "doublon clos sans décision : la demande locale a été effacée (durée de conservation)"
MOTIF_IMPORT = "Fichier effacé avec les données d'une demande qu'il portait (durée de conservation)"


@effaceur("sne")
def effacer(ids: list[int], simulation: bool) -> dict[str, int]:
    """Counts, and unless `simulation` erases, what the SNE import kept of the demands `ids`."""
    documents = DocumentSNE.objects.filter(demande_id__in=ids).exclude(brut="", valeurs={}, hors_menage=[])
    conflits = ConflitSNE.objects.filter(demande_id__in=ids).filter(
        Q(valeur_sne__isnull=False) | Q(valeur_locale__isnull=False)
    )
    lignes = LigneImportSNE.objects.filter(Q(demande_id__in=ids) | Q(doublon_de_id__in=ids))
    bruts = lignes.exclude(brut="")
    ouvertes = lignes.filter(resultat=ResultatLigne.DOUBLON, doublon_tranche=False)
    citations = conservation.lignes_citant_des_valeurs(lignes)
    a_vider = {
        *bruts.values_list("pk", flat=True),
        *ouvertes.values_list("pk", flat=True),
        *citations.values_list("pk", flat=True),
    }
    imports = list(
        ImportSNE.objects.filter(etat=EtatImportSNE.APPLIQUE, lignes__in=lignes)
        .exclude(contenu=b"")
        .values_list("pk", "etat")
        .distinct()
        .order_by("pk")
    )
    compteurs = {
        "documents_sne": documents.count(),
        "conflits_sne": conflits.count(),
        "lignes_sne": len(a_vider),
        "imports_sne": len(imports),
    }
    if simulation:
        return compteurs
    documents.update(brut="", valeurs={}, hors_menage=[])
    _clore_les_conflits(ids)
    conflits.update(valeur_sne=None, valeur_locale=None)
    _clore_les_doublons(ouvertes)
    conservation.effacer_citations(lignes)
    bruts.update(brut="")
    ImportSNE.objects.filter(pk__in=[pk for pk, _ in imports]).update(contenu=b"")
    conservation.noter_au_journal(imports, MOTIF_IMPORT)
    return compteurs


def _clore_les_conflits(ids: list[int]) -> None:
    """The open conflicts of the demands closed through their machine (logged): nothing is left to settle."""
    ouverts = ConflitSNE.objects.select_for_update(of=("self",)).filter(demande_id__in=ids, etat=EtatConflit.OUVERT)
    for conflit in ouverts.order_by("pk"):
        passer(conflit, EtatConflit.VALEUR_LOCALE, **JOURNAL_CONFLIT, motif=MOTIF_CONFLIT_CLOS)


def _clore_les_doublons(ouvertes) -> None:
    """The probable duplicates still open closed, the reason added to the line's reasons (its report says it)."""
    lignes = list(ouvertes.only("pk", "motifs"))
    for ligne in lignes:
        ligne.motifs, ligne.doublon_tranche = [*ligne.motifs, MOTIF_DOUBLON_CLOS], True
    LigneImportSNE.objects.bulk_update(lignes, ["motifs", "doublon_tranche"])

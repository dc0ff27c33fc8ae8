"""Applying one read SNE file to our demands, by batches of LOT demands: each demand known by its NUR is merged
(sne.mise_a_jour), each unknown one is checked (territory, fields, probable duplicates) then created in bulk
(sne.creation). Every demand gets its line of the report (LigneImportSNE).

All or nothing per demand: a batch runs in a savepoint; if the database refuses something in it, the batch is run
again demand by demand, each in its own savepoint, and the one the database refuses gets a « refusée » line with the
reason — the others are written. The whole file runs in the job's transaction (sne.services.importer): a worker
killed in the middle writes nothing, and running the import again does it whole. docs/sne.md « Import »."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.db import DatabaseError, transaction

from demandes import cycle
from demandes import services as demandes_services
from demandes.models import Demande, EffacementDemande

from . import creation, mise_a_jour
from .comparaison import fusionner
from .creation import Cadre
from .interface import DemandeSNE, FichierSNE
from .models import LigneImportSNE
from .models import ResultatLigne as R
from .valeurs import communes_retenues, est_radiee, valeurs_locales, valeurs_sne

LOT = 500


def appliquer_fichier(cadre: Cadre, fichier: FichierSNE, progression: Callable[[int, int], None]) -> Counter:
    """Applies every readable demand of `fichier` and writes the report (the refused ones included); returns the
    count of lines by result."""
    lignes = [
        LigneImportSNE(
            import_sne=cadre.import_sne, position=r.position, nur=r.nur[:40], resultat=R.REFUSEE, motifs=r.motifs
        )
        for r in fichier.refusees
    ]
    demandes, doubles = _une_fois_chacune(cadre, fichier.demandes)
    lignes += doubles
    total = len(demandes)
    for debut in range(0, total, LOT):
        lot = demandes[debut : debut + LOT]
        try:
            with transaction.atomic():
                lignes += appliquer_lot(cadre, lot)
        except DatabaseError:
            for x in lot:  # find the one the database refuses; the others are written
                try:
                    with transaction.atomic():
                        lignes += appliquer_lot(cadre, [x])
                except DatabaseError as e:
                    lignes.append(_refusee(cadre, x, [f"refusée par la base de données ({type(e).__name__})"]))
        progression(min(debut + LOT, total), total)
    LigneImportSNE.objects.bulk_create(lignes, batch_size=2000)
    return Counter(li.resultat for li in lignes)


def _une_fois_chacune(cadre: Cadre, demandes: list[DemandeSNE]) -> tuple[list[DemandeSNE], list[LigneImportSNE]]:
    """A NUR twice in one file: which version holds cannot be told, none is taken (each gets a « refusée » line)."""
    vus = Counter(x.nur for x in demandes)
    doubles = [
        _refusee(
            cadre, x, [f"ce numéro unique figure {vus[x.nur]} fois dans le fichier : aucune version n'est reprise"]
        )
        for x in demandes
        if vus[x.nur] > 1
    ]
    return [x for x in demandes if vus[x.nur] == 1], doubles


def _refusee(cadre: Cadre, x: DemandeSNE, motifs: list[str]) -> LigneImportSNE:
    return LigneImportSNE(
        import_sne=cadre.import_sne, position=x.position, nur=x.nur, resultat=R.REFUSEE, motifs=motifs
    )


def appliquer_lot(cadre: Cadre, lot: list[DemandeSNE]) -> list[LigneImportSNE]:
    """One batch: the known demands merged one by one (locked), the new ones created together."""
    avertissements = {x.position: creation.preparer(cadre, x) for x in lot}
    connues = {
        d.nur: d
        for d in Demande.objects.select_for_update(of=("self",))
        .select_related("document_sne")
        .filter(nur__in=[x.nur for x in lot])
        .order_by("pk")
    }
    lignes, nouvelles = [], []
    effacees = set(
        EffacementDemande.objects.filter(demande_id__in=[d.pk for d in connues.values()]).values_list(
            "demande_id", flat=True
        )
    )
    locales = valeurs_locales(list(connues.values()), {c for x in lot for c in x.champs})
    for x in lot:
        demande = connues.get(x.nur)
        if erreurs := creation.verifier(x):
            ligne = _refusee(cadre, x, erreurs)
            ligne.demande = demande
            lignes.append(ligne)
        elif demande is None:
            nouvelles.append(x)
        elif demande.pk in effacees:  # its personal data erased at the end of its retention: never written back
            lignes.append(
                LigneImportSNE(
                    import_sne=cadre.import_sne,
                    position=x.position,
                    nur=x.nur,
                    demande=demande,
                    resultat=R.IGNOREE,
                    motifs=["demande effacée ici (durée de conservation) : rien n'est repris"],
                )
            )
        else:
            lignes.append(_mettre_a_jour(cadre, demande, x, locales[demande.pk]))
    if nouvelles:
        lignes += _creer(cadre, nouvelles)
    for ligne in lignes:
        ligne.evenements = [*ligne.evenements, *avertissements.get(ligne.position, [])]
    return lignes


def _mettre_a_jour(cadre: Cadre, demande: Demande, x: DemandeSNE, locale: dict) -> LigneImportSNE:
    ligne = LigneImportSNE(import_sne=cadre.import_sne, position=x.position, nur=x.nur, demande=demande)
    document = getattr(demande, "document_sne", None)
    if document is not None and document.empreinte == x.empreinte:
        ligne.resultat = R.INCHANGEE
        return ligne
    if document is not None and _plus_ancien(cadre, document):
        ligne.resultat = R.IGNOREE
        ligne.motifs = [
            f"fichier du {cadre.date_fichier:%d/%m/%Y}, plus ancien que celui de la dernière synchronisation "
            f"({document.date_fichier:%d/%m/%Y}) : rien n'en est repris"
        ]
        return ligne
    communes, ecartees = communes_retenues(x, cadre.communes)
    sne = valeurs_sne(x, communes)
    fusion = fusionner(base=document.valeurs if document else None, locale=locale, sne=sne)
    evenements = mise_a_jour.appliquer(cadre, demande, x, fusion.a_appliquer)
    champs = [c for c in fusion.a_appliquer if c not in ("radiation", "date_renouvellement")]
    mise_a_jour.noter_au_journal(demande, champs)
    mise_a_jour.noter_conflits(cadre, demande, fusion)
    if fusion.a_appliquer:
        demandes_services.demande_recalculer(demande=demande, jour=cadre.jour)
    nouveau = creation.document(cadre, demande, x, sne)
    if document is None:
        nouveau.save()
    else:
        nouveau.pk = document.pk
        nouveau.save(force_update=True)
    ligne.champs = [mise_a_jour.libelle(c) for c in champs]
    ligne.evenements = evenements + _notes(x, demande, ecartees, cadre.jour)
    ligne.motifs = [f"{mise_a_jour.libelle(c)} : valeur de l'agent gardée, à trancher" for c in fusion.conflits]
    ligne.resultat = R.CONFLIT if fusion.conflits else (R.MISE_A_JOUR if fusion.a_appliquer else R.INCHANGEE)
    return ligne


def _plus_ancien(cadre: Cadre, document) -> bool:
    """Whether this file is older than the one the demand's SNE document came from (an older file never undoes a
    newer one: a re-import of last week's transmission, a file sent again)."""
    return bool(cadre.date_fichier and document.date_fichier and cadre.date_fichier < document.date_fichier)


def _notes(x: DemandeSNE, demande: Demande, ecartees: list[str], jour) -> list[str]:
    """What the report adds for the agent: communes left out, a DALO status to check, a validity the SNE says over
    (no renewal known: the nightly job will strike the demand off for non-renewal, docs/demandes.md)."""
    notes = []
    echeance = cycle.echeance_initiale(x.date_renouvellement or x.date_creation)
    if not est_radiee(x) and echeance < jour:
        notes.append(
            f"échéance du {echeance:%d/%m/%Y} dépassée sans renouvellement connu du SNE : sans renouvellement, la "
            "tâche de nuit la radiera pour non-renouvellement un mois après l'échéance (R441-2-7 CCH)"
        )
    if ecartees:
        notes.append("communes non reprises (hors territoire ou au-delà de 8) : " + ", ".join(ecartees))
    if x.dalo and x.dalo[0] == "ACTIF" and "DALO" not in (demande.priorites or []):
        notes.append("DALO actif au SNE : critère à vérifier et saisir avec son justificatif")
    return notes


def _creer(cadre: Cadre, nouvelles: list[DemandeSNE]) -> list[LigneImportSNE]:
    """The demands not known here: ignored (not for the territory, or struck off already), refused (a field out of
    bounds), held as a probable duplicate of a local demand without NUR, or created (flagged when the duplicate has
    another NUR)."""
    lignes, a_creer, drapeaux = [], [], {}
    trouves = creation.doublons(nouvelles)
    for x in nouvelles:
        ligne = LigneImportSNE(import_sne=cadre.import_sne, position=x.position, nur=x.nur)
        communes, ecartees = communes_retenues(x, cadre.communes)
        if not communes:
            ligne.resultat, ligne.motifs = R.IGNOREE, ["aucune commune souhaitée sur le territoire"]
        elif est_radiee(x):
            ligne.resultat, ligne.motifs = R.IGNOREE, ["radiée au SNE et inconnue ici"]
        elif sans_nur := [t for t in trouves.get(x.position, []) if t[1] is None]:
            ligne.resultat, ligne.doublon_de_id, ligne.brut = R.DOUBLON, sans_nur[0][0], x.brut
            ligne.motifs = [f"même personne que la demande locale {sans_nur[0][2]}, sans numéro unique : à trancher"]
        else:
            a_creer.append((x, communes, valeurs_sne(x, communes)))
            autres = trouves.get(x.position, [])
            drapeaux[x.position] = (
                autres[0] if autres else None,
                _notes(x, Demande(priorites=[]), ecartees, cadre.jour),
            )
            continue
        lignes.append(ligne)
    # the same duplicate come back in a later file: the newest line stands for it in the reconciliation queue
    if nurs := [li.nur for li in lignes if li.resultat == R.DOUBLON]:
        LigneImportSNE.objects.filter(resultat=R.DOUBLON, doublon_tranche=False, nur__in=nurs).update(
            doublon_tranche=True
        )
    for d, (x, _, _) in zip(creation.creer(cadre, a_creer), a_creer, strict=True) if a_creer else ():
        autre, notes = drapeaux[x.position]
        ligne = LigneImportSNE(
            import_sne=cadre.import_sne, position=x.position, nur=x.nur, demande=d, resultat=R.CREEE, evenements=notes
        )
        if autre is not None:
            ligne.doublon_de_id = autre[0]
            ligne.motifs = [f"doublon probable de la demande {autre[1] or autre[2]} (autre numéro unique)"]
        lignes.append(ligne)
    return lignes

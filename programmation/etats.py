"""The states of programmation's objects (a programme, a dwelling to fill, a stock import, a réunion réservataires) and
the moves the services allow between them (commun/etats.py), one `MachineAEtats` each. The docs state each table
(docs/programmation.md, « Table des états : … »); tests/projet/test_etats.py compares them with these.

The models (programmation.models) use these choices; their logs are TransitionProgramme, TransitionDisponibilite,
TransitionImportParc and TransitionReunion."""

from __future__ import annotations

from django.db import models

from commun.etats import MachineAEtats


class EtatProgramme(models.TextChoices):
    PROJET = "PROJET", "Projet"
    FINANCE = "FINANCE", "Financé"
    CHANTIER = "CHANTIER", "En chantier"
    LIVRE = "LIVRE", "Livré"


class EtatDisponibilite(models.TextChoices):
    A_POURVOIR = "A_POURVOIR", "À pourvoir"
    POURVU = "POURVU", "Pourvu"
    ANNULE = "ANNULE", "Annulé"


class EtatImport(models.TextChoices):
    RECU = "RECU", "Reçu, en attente de vérification"
    VERIFICATION = "VERIFICATION", "Vérification en cours"
    VERIFIE = "VERIFIE", "Vérifié, prêt à appliquer"
    REJETE = "REJETE", "Refusé (erreurs)"
    APPLIQUE = "APPLIQUE", "Appliqué"
    ECHEC = "ECHEC", "Échec (à relancer)"


class EtatReunion(models.TextChoices):
    CONVOQUEE = "CONVOQUEE", "Convoquée"
    VALIDEE = "VALIDEE", "Répartition validée"


# One step at a time, never back (programmation/livraison.py). Its creation is not logged: the programme's page shows
# its moves only.
MACHINE_PROGRAMME = MachineAEtats(
    "un programme",
    EtatProgramme,
    {
        EtatProgramme.PROJET: (EtatProgramme.FINANCE,),
        EtatProgramme.FINANCE: (EtatProgramme.CHANTIER,),
        EtatProgramme.CHANTIER: (EtatProgramme.LIVRE,),
    },
    initiaux=(EtatProgramme.PROJET,),
)

# Declared by its landlord (or at a programme's delivery); filled by a lease the CAL returns record, or withdrawn.
MACHINE_DISPONIBILITE = MachineAEtats(
    "un logement à pourvoir",
    EtatDisponibilite,
    {EtatDisponibilite.A_POURVOIR: (EtatDisponibilite.POURVU, EtatDisponibilite.ANNULE)},
    initiaux=(EtatDisponibilite.A_POURVOIR,),
)

# A kept file checked then applied by a worker (programmation/import_parc/travaux.py); a failed or interrupted job
# goes back to « reçu » when the landlord asks again (import_parc/services.py, import_relancer).
MACHINE_IMPORT_PARC = MachineAEtats(
    "un import de parc",
    EtatImport,
    {
        EtatImport.RECU: (EtatImport.VERIFICATION,),
        EtatImport.VERIFICATION: (EtatImport.VERIFIE, EtatImport.REJETE, EtatImport.ECHEC, EtatImport.RECU),
        EtatImport.VERIFIE: (EtatImport.APPLIQUE, EtatImport.REJETE, EtatImport.ECHEC),
        EtatImport.ECHEC: (EtatImport.RECU,),
    },
    initiaux=(EtatImport.RECU,),
)

MACHINE_REUNION = MachineAEtats(
    "une réunion réservataires",
    EtatReunion,
    {EtatReunion.CONVOQUEE: (EtatReunion.VALIDEE,)},
    initiaux=(EtatReunion.CONVOQUEE,),
)

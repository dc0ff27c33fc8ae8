"""The settings of the domain rules: the durations, rates and thresholds CASA chooses (or the préfet fixes) that the
apps read as ``settings.CASA_…``. Each says its meaning, its unit and where the rule comes from; the table of every
CASA_* setting (these and the instance's, security's and the API's) is docs/reglages.md.

A value here is the one in force; the code never carries a second default (tests/projet/test_reglages.py fails on a
``getattr(settings, "CASA_…", default)``). Only the settings read from the environment say their variable.
"""

from pathlib import Path

from .env import env_int, env_str

# ------------------------------------------------------------------------------------------------------- demandes

# Months before the due date from which a renewal is accepted (demandes/cycle.py `delais`, docs/demandes.md « États
# et délais »). CASA's setting, not a rule of law: a counter renewing at an appointment need not send the applicant
# back; an earlier renewal would stack a year of validity without the update R441-2-7 CCH asks at each renewal.
CASA_RENOUVELLEMENT_OUVERT_MOIS = 3

# The prefix of the numbers this application gives at registration (CASA-2026-000123, demandes/services/brouillons.py
# `numero_local_suivant`, docs/sne.md « Numéros »): 2 to 10 capitals. The numéro unique belongs to the SNE (L441-2-1
# CCH); ours live in a namespace of their own, with dashes the SNE's never has, until the NUR is known.
CASA_PREFIXE_NUMERO_LOCAL = env_str("CASA_PREFIXE_NUMERO_LOCAL", "CASA")

# Months before today a counter may date a form it received, when it opens the draft (demandes/cycle.py
# `depot_anteriorite_max`, docs/demandes.md « États et délais », « Date de dépôt »). CASA's bound: registration is due
# within one month of the filing (cahier des charges, arrêté du 23 mars 2015, §3); an older date is a CASA
# instructor's correction, with a proof.
CASA_DEPOT_ANTERIORITE_MAX_MOIS = 3

# Calendar months after its radiation when the personal data of a struck-off demand is erased (demandes/retention/
# `conservation_mois`, docs/conservation.md). One year: décret n° 2017-917 du 9 mai 2017, art. 4 (the SNE's rule,
# R441-2-8 CCH; REGLES §12). Between 6 (the reactivation windows of demandes/cycle.py must stay whole) and 12; out of
# these bounds the task and the command stop with ImproperlyConfigured.
CASA_CONSERVATION_APRES_RADIATION_MOIS = env_int("CASA_CONSERVATION_APRES_RADIATION_MOIS", 12)

# -- The attestation d'enregistrement of a demand (R441-2-4 CCH, docs/demandes.md « Attestation d'enregistrement »).
# g) the day from which the applicant may go to the commission de médiation: the filing date plus the « délai
# anormalement long » the préfet des Alpes-Maritimes fixes by arrêté (L441-1-4 CCH), in months. Dated entries
# « AAAA-MM-JJ:mois:arrêté » separated by « | » (the one in force on the day of the attestation applies, read by
# demandes/cycle.py `delais_anormalement_longs`); empty, the attestation says the délai is fixed by arrêté and that the
# counter gives it (a figure is never guessed).
CASA_DELAIS_ANORMALEMENT_LONGS = env_str("CASA_DELAIS_ANORMALEMENT_LONGS", "")
# g) the commission's name and address, as the attestation prints them (demandes/attestation.py).
CASA_COMMISSION_MEDIATION = env_str(
    "CASA_COMMISSION_MEDIATION",
    "Commission de médiation du droit au logement opposable des Alpes-Maritimes, auprès du préfet des Alpes-Maritimes",
)

# --------------------------------------------------------------------------------------------------- programmation

# The thresholds of the résidence watch, over those of programmation/observatoire.py `SEUILS_PAR_DEFAUT` (key → value;
# shares are fractions of 1, « _min » keys counts): part_q1_occupants 0.40, part_prioritaires_occupants 0.35, rotation
# 0.12, vacance 0.05, vacants_min 2, part_q1_attributions 0.50, attributions_min 5, signaux_fragile 2. CASA's settings,
# not legal figures: the Convention Intercommunale d'Attribution names the résidences to watch (docs/programmation.md
# « Observatoire des résidences »). Empty: those defaults.
CASA_SEUILS_FRAGILITE: dict = {}

# ------------------------------------------------------------------------------------------------- positionnements

# The FIRST version of CASA's positioning rules, over the fields of positionnements/regles.py `Parametres` (key →
# value, numbers read as Decimal): taux_effort_max (fraction of the resources, 0.33), reste_a_vivre_min (€ per
# consumption unit and day, 10), tailles (typology → (min, max) persons, TAILLES_PAR_DEFAUT). Written to the base by
# migration positionnements 0009 (and charger_referentiel in a base emptied since) from 01/01/2000; afterwards CASA's
# and each landlord's dated rules are set in their pages (ReglesPositionnement) and the search reads them, this
# setting only as the fallback when the base holds no version of CASA (positionnements/regles_bailleurs.py). CASA's
# settings, not law (REGLES §10; docs/positionnements.md « Les règles de chaque bailleur »). Empty: those defaults.
CASA_POSITIONNEMENT: dict = {}

# The reasons for refusing an offer (codes of positionnements.etats.MotifRefus) that do not count in the cotation's
# malus: the offer was not suited to the household, or the dwelling not fit to let. REGLES §9 allows a malus for
# refusing an *adapted* offer only; the list is CASA's (positionnements/retours_cal/application.py
# `refus_non_decomptes`, docs/cal.md).
CASA_REFUS_NON_DECOMPTES = ("ETAGE_ACCESSIBILITE", "ETAT_LOGEMENT")

# Days after the commission's validation beyond which a CAL decision is awaited (« Décisions attendues » of the CAL
# returns and the home page; positionnements/retours_cal/selectors.py `delai_decision`, docs/cal.md). CASA's setting,
# not a legal delay.
CASA_DELAI_DECISION_CAL_JOURS = 30

# ------------------------------------------------------------------------------------------------------------ suivi

# The targets of the tracking table (suivi/cibles.py, docs/suivi.md « Les objectifs »), fractions of 1. CCH L441-1 (loi
# Égalité et citoyenneté, 2017; REGLES §7): at least 25 % of the attributions outside the QPV go to first-quartile
# households (or households rehoused by urban renewal), and 50 % of those in a QPV to quartiles 2 to 4, unless the
# Convention Intercommunale d'Attribution sets other rates: these settings are the CIA's rates.
CASA_TAUX_CIA_Q1_HORS_QPV = 0.25
CASA_TAUX_CIA_QPV_Q234 = 0.50

# ------------------------------------------------------------------------------------------------------------- sne

# The folder where the exchange with the SNE drops its daily transmission of demands (sne/depot.py, docs/sne.md
# « Transmission »): every .xml or .zip found there is imported by the beat job at 06:40, then moved into traites/ or
# refuses/. Empty: no folder, the files come by the page or the command importer_sne.
CASA_SNE_DOSSIER_DEPOT = env_str("CASA_SNE_DOSSIER_DEPOT", "")

# The largest file of the SNE read, in Mo (2^20 bytes), and the most a ZIP of such files may expand to: checked
# before anything is parsed (sne/interface/lecture.py `taille_max_octets`, sne/interface/depot.py; docs/sne.md « Le
# fichier des demandes du SNE »). A file of 50,000 demands in the shape of bench/fabrique_sne.py weighs 120 Mo and is
# read in under 30 s with about 0.9 Go of memory; the SNE's own demands carry more elements. CASA's bound, not a rule
# of the SNE.
CASA_SNE_TAILLE_MAX_MO = env_int("CASA_SNE_TAILLE_MAX_MO", 400)

# Days the SNE's files are kept here after they were received (ImportSNE.contenu) or sent (FichierEnvoiSNE.contenu,
# once the SNE answered each of its events; RetourSNE.contenu, after it was read): then the nightly jobs blank them
# (sne/conservation.py, envois_sne/conservation.py; docs/conservation.md « Les fichiers du SNE »). Each holds the
# data of many people, outside our territory too. The SNE is the registry that keeps the demands by law (décret
# n° 2017-917 du 9 mai 2017); our copy only serves to run an import again (a failure is seen within days) or to show
# what was received or sent when the SNE or a partner disputes it (the SNE acknowledges within days). 90 days, a
# quarter: CASA's choice, no text fixes it; 30 to 365 (never longer than the year a struck-off demand's data is kept,
# art. 4), else the jobs stop with ImproperlyConfigured.
CASA_SNE_CONSERVATION_FICHIERS_JOURS = env_int("CASA_SNE_CONSERVATION_FICHIERS_JOURS", 90)

# The folder where the outbox's transport writes the day's file for the SNE (envois_sne/transport.py
# `TransportDossier`, docs/sne.md « Envois au SNE »): the exchange with the SNE (a shared folder, an SFTP client run by
# the operator) picks it up from there. A path; created if missing. By default under the local stack's folder, as the
# pieces (MEDIA_ROOT): production names its own.
CASA_SNE_DOSSIER_ENVOIS = env_str(
    "CASA_SNE_DOSSIER_ENVOIS", str(Path(__file__).resolve().parents[2] / ".local" / "sne" / "envois")
)
# The transport of the outbox: a dotted path to a class with `nom`, `deposer(nom, contenu)` and `depuis_reglages()`
# (envois_sne/transport.py `Transport`). The folder is the one transport today; HTTP (the SNE's web services) is for
# later.
CASA_SNE_TRANSPORT = "envois_sne.transport.TransportDossier"

# -- The applicant's space (portail/, docs/portail.md)
# How long a sign-in link stays valid, in minutes (the issue asks 15: long enough to open one's mail on a phone, short
# enough that a forwarded or intercepted mail is soon harmless). Used once in any case.
CASA_PORTAIL_LIEN_MINUTES = env_int("CASA_PORTAIL_LIEN_MINUTES", 15)
# How long the space's session lasts without a page read, in minutes (then a new link is asked); it also ends when the
# browser closes (portail/acces.py).
CASA_PORTAIL_SESSION_MINUTES = env_int("CASA_PORTAIL_SESSION_MINUTES", 30)
# How many links may be asked, per demand number, per e-mail address and per client address (django-ratelimit's
# "n/period"): a few per hour per number or address stops anyone from flooding an applicant's mailbox or trying
# numbers in bulk; the client address allows a counter's public computer some more.
CASA_PORTAIL_DEBITS = {"numero": "5/h", "courriel": "5/h", "adresse": "30/h"}
# « Du nouveau sur votre demande » (portail/avis.py, hourly): the job looks at the demands that moved in the last
# CASA_PORTAIL_AVIS_FENETRE_HEURES hours (more than a day: a job missed for a few hours loses nothing) and writes to a
# demand's holders at most once every CASA_PORTAIL_AVIS_INTERVALLE_HEURES hours (the changes of one day, one e-mail).
CASA_PORTAIL_AVIS_FENETRE_HEURES = env_int("CASA_PORTAIL_AVIS_FENETRE_HEURES", 26)
CASA_PORTAIL_AVIS_INTERVALLE_HEURES = env_int("CASA_PORTAIL_AVIS_INTERVALLE_HEURES", 12)
# The waiting times of the attributions (suivi/delais.py, pages « Délais d'attente »): a commune and typology with
# fewer leases than this over the twelve months shows no figure (« trop peu d'attributions pour un délai fiable »):
# a median of one or two leases is unreliable and would tell a known household's wait. CASA's choice, as the
# statistical offices' small-cell rules (no text sets it).
CASA_DELAIS_ATTRIBUTIONS_MIN = 5

# The reports read from a streaming replica (commun/replique.py, issue 21): when its lag passes this many
# seconds, they read the primary instead, so that a report never shows figures older than that. An operator's choice
# (no text sets it): a minute keeps the monthly table's lists and the exports as good as live.
CASA_REPLIQUE_RETARD_MAX = env_int("CASA_REPLIQUE_RETARD_MAX", 60)

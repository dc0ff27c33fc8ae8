"""A departmental file of the SNE, in the shape of the interface (XML « interfaceNuu » 02.01, docs/sne.md), for the
reading benchmark and the tests: `fichier_departemental(nombre, graine)` gives `nombre` demands of CASA's communes,
with valid and distinct numéros uniques and the variety of the real demand (one to seven persons, co-holders,
dependants, shared custody, expected births, every resource code, current housing, reasons, DALO, renewals).
Deterministic for a `graine`. Not used by the application.

Run as a script, it measures the reader: `.venv/bin/python bench/fabrique_sne.py [--nombre 50000] [--graine 1]`
(the figures of docs/sne.md « Le fichier des demandes du SNE »)."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from xml.sax.saxutils import escape

NS = "http://nuu.application.i2/"
# CASA's 24 communes (INSEE code, 2025 municipal population: ../shared/data/communes_casa.csv), wished in proportion.
COMMUNES_CASA = {
    "06004": 76612, "06155": 28579, "06161": 16729, "06152": 12389, "06018": 10196, "06044": 8143, "06105": 7284,
    "06112": 4198, "06148": 4126, "06038": 3765, "06128": 3190, "06010": 2960, "06089": 2408, "06070": 606,
    "06022": 550, "06050": 545, "06041": 398, "06068": 365, "06037": 322, "06017": 260, "06049": 108, "06047": 99,
    "06061": 93, "06107": 66,
}  # fmt: skip
AUTRES_COMMUNES = ["06088", "06069", "06029", "06083"]  # Nice, Grasse, Cannes, Mougins: a current address elsewhere
NOMS = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
        "Laurent", "Lefebvre", "Michel", "Garcia", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Giraud",
        "Benali", "Nguyen", "Da Silva", "Haddad", "Rossi", "Ferrari", "Mendy", "Traoré", "Kovač"]  # fmt: skip
PRENOMS_F = ["Marie", "Léa", "Inès", "Chloé", "Fatima", "Manon", "Jeanne", "Aïcha", "Sofia", "Lucie", "Éloïse"]
PRENOMS_M = ["Jean", "Lucas", "Mohamed", "Hugo", "Karim", "Louis", "Théo", "Yanis", "Pierre", "Nicolas", "Élie"]
VOIES = ["avenue de Grasse", "chemin des Combes", "rue de la République", "boulevard Wilson", "route de Biot"]
RESSOURCES = ["SAL", "RET", "CHO", "PAR", "PINV", "AF", "AAH", "AEEH", "AJPP", "RSA", "AMV", "PAJE", "BE", "AUT"]
LOGEMENTS = ["HLM", "LP", "RS", "RHVS", "RE", "SLHT", "SH", "CDEFCM", "CPE", "CP", "LTG", "FONC", "POCC", "CAMCAR",
             "HOT", "SD", "SQUAT"]  # fmt: skip
POIDS_LOGEMENTS = [14, 38, 3, 1, 1, 2, 2, 1, 14, 9, 3, 1, 2, 1, 1, 1, 1]
TYPOLOGIES = ["C", "T1", "T2", "T3", "T4", "T5", "T6P"]


def _e(nom: str, valeur: object) -> str:
    return f"<ns1:{nom}>{escape(str(valeur))}</ns1:{nom}>"


def _c(nom: str, code: str) -> str:
    return f'<ns1:{nom} code="{code}"/>'


def _detail(code: str, montant: object) -> str:
    return f"<ns1:detailRessource>{_c('ressource', code)}{_e('montant', montant)}</ns1:detailRessource>"


class _Fabrique:
    def __init__(self, graine: int, jour: dt.date):
        self.h = random.Random(graine)
        self.jour = jour
        self.communes = list(COMMUNES_CASA)
        self.poids = list(COMMUNES_CASA.values())

    def naissance(self, age_min: int, age_max: int) -> dt.date:
        return self.jour - dt.timedelta(days=self.h.randint(age_min * 365 + 1, age_max * 365 + 300))

    def ressources(self, role: str) -> str:
        h = self.h
        codes = {"titulaire": ["SAL"] if h.random() < 0.6 else [h.choice(["RET", "CHO", "RSA", "AAH", "PINV", "AMV"])]}
        choisis = codes.get(role, [])
        choisis += [c for c in RESSOURCES if h.random() < 0.04 and c not in choisis]
        details = "".join(_detail(c, f"{h.uniform(80, 2400):.2f}") for c in choisis)
        texte = f"<ns1:listeRessourceRecue>{details}</ns1:listeRessourceRecue>" if details else ""
        if role == "titulaire" and h.random() < 0.05:
            texte += f"<ns1:listeRessourceVersee>{_detail('PAV', h.randint(80, 450))}</ns1:listeRessourceVersee>"
        return texte

    def titulaire(self, nom: str, *, femme: bool, age: int, lien: str | None) -> str:
        h = self.h
        prenom = h.choice(PRENOMS_F if femme else PRENOMS_M)
        parties = [
            _c("civilite", "2" if femme else "1"),
            _e("nom", nom.upper()),
            _e("prenom", prenom),
            _e("dateNaissance", self.naissance(age, age).isoformat()),
            _c("nationalite", h.choices("123", [80, 8, 12])[0]),
            _c("situationFamiliale", h.choice("CMDSPUV")),
        ]
        if lien:
            parties.append(_c("lienDemandeur", lien))
        else:
            commune = h.choices(self.communes, self.poids)[0] if h.random() < 0.8 else h.choice(AUTRES_COMMUNES)
            parties += [
                _e("telPortable", f"06{h.randrange(10**8):08d}"),
                _e("mel", _courriel(prenom, nom)),
                "<ns1:adressePostale>"
                + _e("etranger", "false")
                + _e("numero", h.randint(1, 240))
                + _e("voie", h.choice(VOIES))
                + _e("codePostal", "06600")
                + _c("commune", commune)
                + "</ns1:adressePostale>",
            ]
        rfr = h.choice([0, h.randint(4000, 38000)])
        parties.append(
            "<ns1:revenuFiscal>"
            + _e("anneeMoins1", self.jour.year - 1)
            + (_e("montantMoins1", int(rfr * h.uniform(0.7, 1.1))) if h.random() < 0.5 else "")
            + _e("anneeMoins2", self.jour.year - 2)
            + _e("montantMoins2", rfr)
            + "</ns1:revenuFiscal>"
        )
        parties.append(self.ressources("titulaire"))
        return "".join(parties)

    def enfants(self, nom: str, nombre: int) -> tuple[str, str, str]:
        """(dependants, children in custody, expected birth) of a household with `nombre` children."""
        h = self.h
        a_charge, garde, naitre = [], [], ""
        for _ in range(nombre):
            femme = h.random() < 0.5
            corps = (
                _e("nom", nom.upper())
                + _e("prenom", h.choice(PRENOMS_F if femme else PRENOMS_M))
                + _e("dateNaissance", self.naissance(0, 17).isoformat())
                + _c("sexe", "F" if femme else "M")
            )
            tirage = h.random()
            if tirage < 0.06:
                garde.append(f"<ns1:personneEnGarde>{corps}{_c('coParentalite', h.choice('GD'))}</ns1:personneEnGarde>")
            else:
                a_charge.append(f"<ns1:personneACharge>{corps}{_c('lienParente', 'E')}</ns1:personneACharge>")
        if h.random() < 0.05:
            prevue = self.jour + dt.timedelta(days=h.randint(20, 240))
            naitre = f"<ns1:personneANaitre>{_e('nombre', 1)}{_e('dateNaissancePrevue', prevue.isoformat())}"
            naitre += "</ns1:personneANaitre>"
        liste = lambda nom_liste, items: f"<ns1:{nom_liste}>{''.join(items)}</ns1:{nom_liste}>" if items else ""  # noqa: E731
        return liste("listePersonneACharge", a_charge), liste("listePersonneEnGarde", garde), naitre

    def souhaits(self, personnes: int) -> str:
        """The wishes (typologies for the household's size, one to five CASA communes), reasons, sometimes DALO."""
        h = self.h
        taille = min(max(personnes - 1, 1), 6)
        types = sorted({TYPOLOGIES[min(taille + d, 6)] for d in (0, 1) if d == 0 or h.random() < 0.5})
        communes = list(dict.fromkeys(h.choices(self.communes, self.poids, k=h.randint(1, 5))))
        parties = [
            "<ns1:logementRecherche>"
            + _e("demandeElargie", "true" if h.random() < 0.3 else "false")
            + "<ns1:listeTypeLogement>" + "".join(_c("typeLogement", t) for t in types) + "</ns1:listeTypeLogement>"
            + "<ns1:listeLocalisationSouhaite>"
            + "".join(f"<ns1:localisationSouhaite>{_c('commune', c)}</ns1:localisationSouhaite>" for c in communes)
            + "</ns1:listeLocalisationSouhaite></ns1:logementRecherche>"
        ]  # fmt: skip
        motifs = sorted({f"{h.randint(1, 23):02d}" for _ in range(h.randint(1, 3))})
        parties.append(
            "<ns1:listeMotifDemande>" + "".join(_c("motifDemande", m) for m in motifs) + "</ns1:listeMotifDemande>"
        )
        if h.random() < 0.03:
            decision = self.jour - dt.timedelta(days=h.randint(10, 700))
            statut = _c("statutDalo", h.choice(["ACTIF", "ACTIF", "ACTREL", "CADUC"]))
            parties.append(f"<ns1:dalo>{statut}{_e('dateDecisionDalo', decision.isoformat())}</ns1:dalo>")
        return "".join(parties)

    def demande(self, rang: int) -> str:
        h = self.h
        creation = self.jour - dt.timedelta(days=h.randint(1, 9 * 365))
        nur = f"006{creation:%m%y}{rang:06d}G{h.randint(1, 9999):04d}"
        nom = h.choice(NOMS)
        couple = h.random() < 0.38
        enfants = h.choices(range(6), [45, 20, 18, 10, 5, 2])[0]
        personnes = 1 + couple + enfants
        parties = [
            _e("numUnique", nur),
            _e("numGuichet", f"G06{h.randint(1, 60):04d}"),
            _e("dateCreationDemande", creation.isoformat()),
        ]
        if creation < self.jour - dt.timedelta(days=365):
            parties.append(_e("dateRenouvellement", (self.jour - dt.timedelta(days=h.randint(1, 360))).isoformat()))
        parties.append(self.souhaits(personnes))
        femme = h.random() < 0.62
        pp = [f"<ns1:demandeur>{self.titulaire(nom, femme=femme, age=h.randint(19, 84), lien=None)}</ns1:demandeur>"]
        if couple:
            co = self.titulaire(nom, femme=not femme, age=h.randint(19, 84), lien=h.choice("MPC"))
            pp.append(f"<ns1:listeCotitulaire><ns1:cotitulaire>{co}</ns1:cotitulaire></ns1:listeCotitulaire>")
        pp.extend(self.enfants(nom, enfants))
        logement = h.choices(LOGEMENTS, POIDS_LOGEMENTS)[0]
        loyer = _e("montantMensuelLoyer", h.randint(250, 1300)) if logement in ("HLM", "LP", "RS", "FONC") else ""
        pp.append(
            f"<ns1:logementActuel><ns1:listeModeleLogement>{_c('modeleLogement', logement)}</ns1:listeModeleLogement>"
            f"{loyer}{_e('nombreHabitant', personnes)}{_e('surface', h.randint(9, 95))}</ns1:logementActuel>"
        )
        parties.append("<ns1:personnePhysique>" + "".join(pp) + "</ns1:personnePhysique>")
        return "<ns1:demande><ns1:demandeLogement>" + "".join(parties) + "</ns1:demandeLogement></ns1:demande>\n"


def _courriel(prenom: str, nom: str) -> str:
    """An address as people write theirs: no accents, no spaces (an accented one is refused by our forms)."""
    brut = f"{prenom}.{nom}".lower().replace(" ", "")
    return unicodedata.normalize("NFKD", brut).encode("ascii", "ignore").decode() + "@exemple.fr"


def fichier_departemental(nombre: int, graine: int = 1, *, jour: dt.date = dt.date(2026, 11, 17)) -> bytes:
    """A file of `nombre` demands (UTF-8 bytes), dated `jour`, the same for the same `graine`."""
    fabrique = _Fabrique(graine, jour)
    entete = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<ns1:interfaceNuu versionInterface="02.01" xmlns:ns1="{NS}">\n'
        f"<ns1:entete>{_e('typeFichier', 'MOD')}{_e('dateFichier', f'{jour.isoformat()}T05:12:00.000+01:00')}"
        "</ns1:entete>\n"
    )
    corps = "".join(fabrique.demande(rang) for rang in range(1, nombre + 1))
    return (entete + corps + "</ns1:interfaceNuu>\n").encode("utf-8")


def _mesurer() -> None:
    import argparse
    import os
    import sys
    import time
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casa_logement.settings.test")
    # The reader touches no database and no cache: addresses that are never used, so that no server is started.
    os.environ.setdefault("DATABASE_URL", "postgres://inutilise/inutilise")
    os.environ.setdefault("REDIS_URL", "redis://inutilise:6379/0")
    import django

    django.setup()
    from sne.interface import lire_fichier

    arguments = argparse.ArgumentParser(description=__doc__)
    arguments.add_argument("--nombre", type=int, default=50_000)
    arguments.add_argument("--graine", type=int, default=1)
    options = arguments.parse_args()
    debut = time.perf_counter()
    contenu = fichier_departemental(options.nombre, options.graine)
    fabrication = time.perf_counter() - debut
    debut = time.perf_counter()
    fichier = lire_fichier(contenu, nom="departemental.xml")
    lecture = time.perf_counter() - debut
    print(
        f"{options.nombre} demandes, {len(contenu) / 2**20:.1f} Mo : fabriquées en {fabrication:.1f} s, lues en "
        f"{lecture:.1f} s ({len(fichier.demandes)} lues, {len(fichier.refusees)} refusées)"
    )


if __name__ == "__main__":
    _mesurer()

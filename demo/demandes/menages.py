"""The household of a demo demand: its persons (applicant, co-applicant, children, an expected child, a relative) drawn
by size and kind, with birth dates, nationality and residence permit, handicap, phone and e-mail."""

from __future__ import annotations

import datetime as dt
import re

from demandes.codes import Lien, Nationalite, SituationFamiliale
from demandes.models import Personne
from demandes.selectors import normaliser

from .tables import DOMAINES, TITRES_SEJOUR
from .tirages import Membre, choix, moins_ans


class FabriqueMenage:
    """Household draws of the demand factory (mixed into `Fabrique`, which holds `hasard`, `faker` and `jour`)."""

    # ------------------------------------------------------------------ small draws

    def _date_naissance(self, age: int) -> dt.date:
        """A birth date giving exactly `age` full years on `jour`."""
        fin = moins_ans(self.jour, age)
        debut = moins_ans(self.jour, age + 1) + dt.timedelta(days=1)
        return debut + dt.timedelta(days=self.hasard.randint(0, (fin - debut).days))

    def _telephone(self, mobile: bool = True) -> str:
        h = self.hasard
        debut = h.choice(["06", "07"]) if mobile else h.choice(["04 93", "04 92", "04 97"])
        chiffres = 4 if mobile else 3
        return " ".join([debut] + [f"{h.randint(0, 99):02d}" for _ in range(chiffres)])

    def _courriel(self, prenom: str, nom: str) -> str:
        h = self.hasard
        local = ".".join(re.sub(r"[^a-z0-9]+", "-", normaliser(x)).strip("-") for x in (prenom, nom))
        suffixe = str(h.randint(1, 99)) if h.random() < 0.35 else ""
        return f"{local}{suffixe}@{h.choice(DOMAINES)}"

    # ------------------------------------------------------------------ household

    def _adulte(
        self, *, lien: str, age: int, sexe: str, nom: str, situation: str, nationalite: str, nom_naissance: str = ""
    ) -> Membre:
        h = self.hasard
        prenom = self.faker.first_name_female() if sexe == "F" else self.faker.first_name_male()
        titre, titre_fin = "", None
        if nationalite == Nationalite.HORS_UE:
            titre, duree, _ = choix(h, [((t, d, p), p) for t, d, p in TITRES_SEJOUR])
            titre_fin = self.jour + dt.timedelta(days=h.randint(20, duree))
        handicap = h.random() < (0.15 if age >= 60 else 0.07)
        personne = Personne(
            lien=lien,
            nom=nom,
            prenom=prenom,
            nom_naissance=nom_naissance,
            date_naissance=self._date_naissance(age),
            sexe=sexe,
            nationalite=nationalite,
            titre_sejour=titre,
            titre_sejour_fin=titre_fin,
            situation_familiale=situation,
            a_charge=lien not in (Lien.DEMANDEUR, Lien.CO_DEMANDEUR) and handicap,
            handicap=handicap,
        )
        return Membre(personne, age)

    def _enfant(self, *, age: int | None, nom: str, nationalite: str) -> Membre:
        h = self.hasard
        if age is None:  # expected child: the expected birth date, no name yet
            naissance = self.jour + dt.timedelta(days=h.randint(15, 250))
            return Membre(
                Personne(lien=Lien.ENFANT, date_naissance=naissance, a_charge=True, enfant_a_naitre=True), None
            )
        sexe = h.choice("FM")
        prenom = self.faker.first_name_female() if sexe == "F" else self.faker.first_name_male()
        return Membre(
            Personne(
                lien=Lien.ENFANT,
                nom=nom,
                prenom=prenom,
                date_naissance=self._date_naissance(age),
                sexe=sexe,
                nationalite=Nationalite.FRANCAISE if nationalite == Nationalite.UE or h.random() < 0.7 else nationalite,
                a_charge=True,
                handicap=h.random() < 0.03,
            ),
            age,
        )

    def _enfants(self, nombre: int, *, age_parent: int, nom: str, nationalite: str, mere_age: int | None):
        """`nombre` children of a parent aged `age_parent`, the youngest maybe expected (mother aged 18-42)."""
        h = self.hasard
        attendu = nombre >= 1 and mere_age is not None and 18 <= mere_age <= 42 and h.random() < 0.09
        nes = nombre - attendu
        ages: list[int] = []
        if nes:
            aine = h.randint(min(nes - 1, 20), max(nes - 1, min(age_parent - 19, 20)))
            ages.append(aine)
            for _ in range(nes - 1):
                ages.append(max(0, ages[-1] - h.randint(1, 4)))
        membres = [self._enfant(age=a, nom=nom, nationalite=nationalite) for a in ages]
        if attendu:
            membres.append(self._enfant(age=None, nom=nom, nationalite=nationalite))
        return membres

    def _menage(self, taille: int) -> tuple[list[Membre], bool, str]:
        """The persons (applicant first), whether applicant and co-applicant are a couple, and the kind of household."""
        h = self.hasard
        nationalite = choix(h, [(Nationalite.FRANCAISE, 76), (Nationalite.UE, 8), (Nationalite.HORS_UE, 16)])
        if taille == 1:
            tranche = choix(h, [((18, 29), 22), ((30, 59), 50), ((60, 92), 28)])
            age = h.randint(*tranche)
            sexe = "F" if h.random() < (0.58 if age >= 60 else 0.48) else "M"
            situation = choix(
                h,
                [(SituationFamiliale.VEUF, 40), (SituationFamiliale.DIVORCE, 30), (SituationFamiliale.CELIBATAIRE, 30)]
                if age >= 65
                else [
                    (SituationFamiliale.CELIBATAIRE, 60),
                    (SituationFamiliale.DIVORCE, 22),
                    (SituationFamiliale.SEPARE, 15),
                    (SituationFamiliale.VEUF, 3),
                ],
            )
            nom = self.faker.last_name()
            demandeur = self._adulte(
                lien=Lien.DEMANDEUR, age=age, sexe=sexe, nom=nom, situation=situation, nationalite=nationalite
            )
            return [demandeur], False, "SEUL"

        if taille == 2:
            genre = choix(h, [("COUPLE", 45), ("MONO", 42), ("AUTRE", 13)])
        else:
            genre = choix(h, [("COUPLE", 60), ("MONO", 34), ("COUPLE_ASCENDANT", 6 if taille >= 4 else 0)])

        if genre == "AUTRE":  # an adult with a parent, a brother or sister, or a friend
            age = h.randint(25, 62)
            sexe = h.choice("FM")
            nom = self.faker.last_name()
            demandeur = self._adulte(
                lien=Lien.DEMANDEUR,
                age=age,
                sexe=sexe,
                nom=nom,
                situation=choix(h, [(SituationFamiliale.CELIBATAIRE, 60), (SituationFamiliale.DIVORCE, 40)]),
                nationalite=nationalite,
            )
            lien = choix(h, [(Lien.ASCENDANT, 50), (Lien.CO_DEMANDEUR, 30), (Lien.AUTRE_PARENT, 20)])
            if lien == Lien.ASCENDANT:
                age2, nom2, situation2 = min(h.randint(age + 20, age + 35), 96), nom, SituationFamiliale.VEUF
            else:
                age2, nom2 = max(18, age + h.randint(-12, 12)), nom
                situation2 = SituationFamiliale.CELIBATAIRE
            autre = self._adulte(
                lien=lien, age=age2, sexe=h.choice("FM"), nom=nom2, situation=situation2, nationalite=nationalite
            )
            return [demandeur, autre], False, "AUTRE"

        if genre == "MONO":
            sexe = "F" if h.random() < 0.85 else "M"
            age = h.randint(19, 56) if taille <= 3 else h.randint(24, 52)
            nom = self.faker.last_name()
            demandeur = self._adulte(
                lien=Lien.DEMANDEUR,
                age=age,
                sexe=sexe,
                nom=nom,
                situation=choix(
                    h,
                    [
                        (SituationFamiliale.SEPARE, 35),
                        (SituationFamiliale.DIVORCE, 30),
                        (SituationFamiliale.CELIBATAIRE, 30),
                        (SituationFamiliale.VEUF, 5),
                    ],
                ),
                nationalite=nationalite,
            )
            nom_enfants = nom if sexe == "M" or h.random() < 0.55 else self.faker.last_name()
            enfants = self._enfants(
                taille - 1,
                age_parent=age,
                nom=nom_enfants,
                nationalite=nationalite,
                mere_age=age if sexe == "F" else None,
            )
            return [demandeur, *enfants], False, "MONO"

        # couple (married, PACS or partners), with children when the household is bigger
        situation = choix(
            h, [(SituationFamiliale.MARIE, 45), (SituationFamiliale.PACSE, 20), (SituationFamiliale.CONCUBIN, 35)]
        )
        age = h.randint(20, 75) if taille == 2 else h.randint(23, 55)
        age2 = max(18, age + h.randint(-8, 6))
        sexe = h.choice("FM")
        sexe2 = ("M" if sexe == "F" else "F") if h.random() < 0.97 else sexe
        nom_homme = self.faker.last_name()
        nom_autre = self.faker.last_name()
        noms = {}
        for qui, s in (("demandeur", sexe), ("co", sexe2)):
            if s == "F" and situation == SituationFamiliale.MARIE and sexe != sexe2 and h.random() < 0.7:
                noms[qui] = (nom_homme, nom_autre)  # took her husband's name, keeps her birth name
            elif (qui == "demandeur") if sexe == sexe2 else s == "M":
                noms[qui] = (nom_homme, "")
            else:
                noms[qui] = (nom_autre, "")
        demandeur = self._adulte(
            lien=Lien.DEMANDEUR,
            age=age,
            sexe=sexe,
            nom=noms["demandeur"][0],
            nom_naissance=noms["demandeur"][1],
            situation=situation,
            nationalite=nationalite,
        )
        co = self._adulte(
            lien=Lien.CO_DEMANDEUR,
            age=age2,
            sexe=sexe2,
            nom=noms["co"][0],
            nom_naissance=noms["co"][1],
            situation=situation,
            nationalite=nationalite,
        )
        membres = [demandeur, co]
        nb_enfants = taille - 2 - (genre == "COUPLE_ASCENDANT")
        if nb_enfants:
            mere = age if sexe == "F" else (age2 if sexe2 == "F" else None)
            membres += self._enfants(
                nb_enfants, age_parent=min(age, age2), nom=nom_homme, nationalite=nationalite, mere_age=mere
            )
        if genre == "COUPLE_ASCENDANT":
            membres.append(
                self._adulte(
                    lien=Lien.ASCENDANT,
                    age=min(h.randint(age + 22, age + 34), 96),
                    sexe=h.choice("FM"),
                    nom=noms["demandeur"][1] or noms["demandeur"][0],
                    situation=SituationFamiliale.VEUF,
                    nationalite=nationalite,
                )
            )
        return membres, True, "COUPLE"

"""One demo demand built in memory (`Fabrique.dossier`): counter and agent, dates of the lifecycle, household,
resources, housing, wishes, income, priorities, what a draft has reached, the figures derived with the pure rules, and
the lifecycle log as the services write it."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from demandes import cycle, eligibilite, reference, services
from demandes.codes import (
    PREUVE_USUELLE,
    CodePriorite,
    EtatDemande,
    Lien,
    LogementActuel,
    MotifRadiation,
    StatutDalo,
    TypeRessource,
)
from demandes.models import CriterePriorite, Demande, SouhaitCommune
from demandes.selectors import normaliser
from territoire.models import Commune, Habilitation, Organisation
from territoire.roles import Role, TypeOrganisation

from .menages import FabriqueMenage
from .ressources import FabriqueRessources
from .situation import FabriqueSituation
from .tables import (
    ANCIENNETE_MAX_JOURS,
    AVEC_BAIL,
    COMMUNES_EXTERIEURES,
    CRITERES_RARES,
    IMPOSABLES,
    PART_QUALIFIEES,
    POIDS_BAILLEUR_REEL,
    POIDS_COMMUNES,
    POIDS_EPCI,
    POIDS_PAR_TYPE,
    PRECISIONS_AUTRE,
    TAILLES,
    M,
)
from .tirages import Dossier, Membre, anniversaire_apres, choix, euros, ouvre


class Fabrique(FabriqueMenage, FabriqueRessources, FabriqueSituation):
    """Builds the demands in memory, one household at a time, from the two seeded generators."""

    def __init__(self, *, hasard: random.Random, faker, jour: dt.date):
        self.hasard = hasard
        self.faker = faker
        self.jour = jour
        self.maintenant = timezone.now()
        self.baremes = reference.baremes_en_vigueur(jour)
        self.annee_regles = next(iter(self.baremes.values())).annee
        self.seuil_q1 = reference.seuil_q1(jour)
        self.communes = list(Commune.objects.order_by("code_insee"))
        self.guichets, self.poids_guichets, self.agents = self._guichets()
        bailleurs = list(Organisation.objects.filter(type=TypeOrganisation.BAILLEUR, active=True).order_by("slug"))
        self.bailleurs = bailleurs
        self.poids_bailleurs = [1 if b.est_demo else POIDS_BAILLEUR_REEL for b in bailleurs]

    # ------------------------------------------------------------------ referential

    def _guichets(self):
        guichets = list(
            Organisation.objects.filter(est_guichet_enregistreur=True, active=True, code_guichet__isnull=False)
            .exclude(code_guichet="")
            .select_related("commune")
            .order_by("slug")
        )
        habilitations = list(
            Habilitation.objects.filter(organisation__in=guichets, active=True, utilisateur__est_compte_api=False)
            .select_related("utilisateur")
            .order_by("organisation__slug", "utilisateur__username", "role")
        )
        population_guichets = sum(g.commune.population for g in guichets if g.type == TypeOrganisation.COMMUNE) or 1
        retenus, poids, agents = [], [], {}
        for guichet in guichets:
            siennes = [h for h in habilitations if h.organisation_id == guichet.pk]
            qui = [h.utilisateur for h in siennes if h.role in (Role.AGENT_GUICHET, Role.INSTRUCTEUR)] or [
                h.utilisateur for h in siennes
            ]
            qui = list({u.pk: u for u in qui}.values())  # one user once, in order
            if not qui:
                continue
            if guichet.type == TypeOrganisation.EPCI:
                p = POIDS_EPCI
            elif guichet.type == TypeOrganisation.COMMUNE:
                p = POIDS_COMMUNES * guichet.commune.population / population_guichets
            elif guichet.type == TypeOrganisation.BAILLEUR and not guichet.est_demo:
                p = POIDS_BAILLEUR_REEL
            else:
                p = POIDS_PAR_TYPE.get(guichet.type, 1)
            retenus.append(guichet)
            poids.append(p)
            agents[guichet.pk] = qui
        if not retenus:
            raise RuntimeError("Aucun guichet enregistreur avec un agent : lancez d'abord le référentiel de démo.")
        return retenus, poids, agents

    def _moment(self, jour: dt.date, apres: dt.datetime | None = None) -> dt.datetime:
        """An office-hours time on `jour`, after `apres` if given, never after now."""
        heure = dt.datetime.combine(jour, dt.time(8, 30)) + dt.timedelta(minutes=self.hasard.randint(0, 510))
        moment = timezone.make_aware(heure)
        if apres is not None and moment <= apres:
            moment = apres + dt.timedelta(minutes=self.hasard.randint(5, 60))
        return min(moment, self.maintenant)

    # ------------------------------------------------------------------ one demand

    def dossier(self, etat: str, motif_radiation: str = "") -> Dossier:
        h, jour = self.hasard, self.jour
        guichet = h.choices(self.guichets, weights=self.poids_guichets)[0]
        agent = h.choice(self.agents[guichet.pk])

        # dates (REGLES §8: registered within a month, valid one year, renewed every year)
        date_radiation = echeance = None
        qualifiee = False
        # (office dates fall on working days: a weekend date moves back to the Friday, never before the filing)
        if etat == EtatDemande.BROUILLON:
            depot = ouvre(jour - dt.timedelta(days=h.randint(0, 45)))
            enregistrement = None
        elif etat == EtatDemande.RADIEE:
            date_radiation = ouvre(jour - dt.timedelta(days=h.randint(1, 400)))
            if motif_radiation == MotifRadiation.RADREN:
                # not renewed: struck off by the daily job one month after the due date (t + 13, docs/demandes.md)
                ans = choix(h, [(1, 60), (2, 25), (3, 15)])
                depot = ouvre(cycle.mois_apres(date_radiation, -1 - 12 * ans))
                echeance = cycle.mois_apres(depot, 12 * ans)
                date_radiation = cycle.mois_apres(echeance, 1)
            else:
                depot = ouvre(date_radiation - dt.timedelta(days=int(h.triangular(60, ANCIENNETE_MAX_JOURS, 500))))
                echeance = anniversaire_apres(depot, date_radiation)
            enregistrement = min(depot + dt.timedelta(days=h.randint(0, 30)), date_radiation - dt.timedelta(days=1))
            enregistrement = ouvre(max(enregistrement, depot))
            qualifiee = motif_radiation == MotifRadiation.RADATT or h.random() < 0.3
        else:
            depot = ouvre(jour - dt.timedelta(days=int(h.triangular(0, ANCIENNETE_MAX_JOURS, 0))))
            enregistrement = ouvre(min(depot + dt.timedelta(days=h.randint(0, 30)), jour))
            echeance = anniversaire_apres(depot, jour)
            qualifiee = h.random() < PART_QUALIFIEES
            if qualifiee:
                etat = EtatDemande.QUALIFIEE
        etape = h.randint(2, 6) if etat == EtatDemande.BROUILLON else 6  # drafts stop at a step

        # household and resources
        taille = choix(h, TAILLES)
        membres, couple, genre = self._menage(taille)
        purs = [
            eligibilite.Personne(
                date_naissance=m.personne.date_naissance,
                lien=m.personne.lien,
                a_charge=m.personne.a_charge,
                handicap=m.personne.handicap,
                enfant_a_naitre=m.personne.enfant_a_naitre,
            )
            for m in membres
        ]
        uc = eligibilite.unites_consommation(purs, jour=jour)
        par_uc = self._ressources(membres, genre, uc)
        demandeur = membres[0]
        age = demandeur.age or 0
        handicap = any(m.personne.handicap for m in membres)
        mineurs = any(m.age is not None and m.age < 18 for m in membres if m.personne.lien == Lien.ENFANT)
        nb_enfants = sum(1 for m in membres if m.personne.lien == Lien.ENFANT)
        ressources_mensuelles = sum((r.montant_mensuel for m in membres for r in m.ressources), Decimal("0"))

        # current housing and reasons
        logement = self._logement(par_uc, age, genre, nb_enfants)
        surface = loyer = None
        if logement in AVEC_BAIL:
            surface = max(12, round((14 + 13 * min(taille, 6)) * h.uniform(0.55, 1.3)))
        suroccupe = surface is not None and surface < 16 + 9 * max(taille - 2, 0)
        if logement == LogementActuel.LP:
            loyer = h.uniform(560, 760) + 165 * (min(taille, 5) - 1)
        elif logement == LogementActuel.HLM:
            loyer = h.uniform(320, 460) + 75 * (min(taille, 5) - 1)
        elif logement in (LogementActuel.RS, LogementActuel.RHVS, LogementActuel.RE):
            loyer = h.uniform(330, 520)
        motifs = self._motifs(logement, genre=genre, handicap=handicap, suroccupe=suroccupe)
        mutation = logement == LogementActuel.HLM
        bailleur = h.choices(self.bailleurs, weights=self.poids_bailleurs)[0] if mutation and self.bailleurs else None

        # where they live now, where they want to go
        communes, toute = self._souhaits()
        tirage = h.random()
        if communes and tirage < 0.6:
            commune_actuelle = communes[0]
        elif tirage < 0.82:
            commune_actuelle = h.choices(self.communes, weights=[c.population for c in self.communes])[0]
        else:
            commune_actuelle = None
        if commune_actuelle is not None:
            nom_commune, code_postal = commune_actuelle.nom, h.choice(commune_actuelle.codes_postaux)
        else:
            nom_commune, code_postal = h.choice(COMMUNES_EXTERIEURES)
        if logement in (LogementActuel.SD, LogementActuel.SQUAT):
            adresse = f"Domiciliation CCAS, {code_postal} {nom_commune}"
        else:
            adresse = f"{self.faker.street_address()}, {code_postal} {nom_commune}"
        p = demandeur.personne
        p.adresse = adresse
        p.telephone = self._telephone(mobile=h.random() < 0.9)
        p.courriel = self._courriel(p.prenom, p.nom) if h.random() < 0.88 else ""
        if couple and h.random() < 0.6:
            membres[1].personne.telephone = self._telephone()

        # income (REGLES §2): the tax income of year N-2 follows the taxable resources of the household
        imposable = sum(float(r.montant_mensuel) for m in membres for r in m.ressources if r.type in IMPOSABLES)
        rfr = round(imposable * 12 * 0.9 * h.uniform(0.85, 1.12))
        revenu_recent, justifie = None, False
        if any(r.type == TypeRessource.CHO for r in demandeur.ressources) and rfr and h.random() < 0.35:
            revenu_recent = round(rfr * h.uniform(0.6, 0.92))
            justifie = h.random() < 0.8
        employeur_nom = employeur_siret = employeur_commune = ""
        if any(r.type == TypeRessource.SAL for r in demandeur.ressources) and (
            guichet.type == TypeOrganisation.ACTION_LOGEMENT or h.random() < 0.25
        ):
            employeur_nom = self.faker.company()
            employeur_siret = f"{h.randrange(10**13, 10**14)}"
            employeur_commune = choix(
                h, [("Valbonne", 30), ("Antibes", 30), ("Biot", 10), ("Nice", 15), ("Cannes", 10), ("Grasse", 5)]
            )

        personnes_total = len(membres)
        bebe = any(m.personne.enfant_a_naitre or (m.age is not None and m.age < 2) for m in membres)
        typologies = self._typologies(personnes_total, bebe)
        loyer_max = None
        if h.random() < 0.3:
            loyer_max = euros(min(max(round(float(ressources_mensuelles) * h.uniform(0.25, 0.4) / 50) * 50, 250), 1200))
        agee = age >= 72
        ascenseur = handicap and h.random() < 0.5 or agee and h.random() < 0.6
        etage_max = h.choice([0, 1, 2, 3]) if (handicap or agee) and h.random() < 0.5 else None
        pmr = handicap and h.random() < 0.25

        # priority criteria (REGLES §6), entered with their evidence by the counter's agent
        criteres: list[CriterePriorite] = []
        candidats = self._criteres_candidats(
            logement=logement,
            motifs=motifs,
            handicap=handicap,
            mineurs=mineurs,
            par_uc=par_uc,
            age=age,
            genre=genre,
            suroccupe=suroccupe,
        )
        if genre != "COUPLE" and p.sexe == "F" and h.random() < 0.004:
            candidats.append(h.choice(CRITERES_RARES))
        codes: list[str] = []
        if candidats and h.random() < 0.43:
            codes = h.sample(candidats, k=min(len(candidats), 1 if h.random() < 0.7 else 2))
        elif h.random() < 0.02:
            codes = [CodePriorite.REPRISE_ACTIVITE if h.random() < 0.5 else CodePriorite.MAL_LOGE_DEFAVORISE]
        fin_vie = date_radiation or jour
        anciennete = (fin_vie - depot).days
        dalo = anciennete > 120 and h.random() < (0.062 if candidats else 0.005)
        if etat == EtatDemande.BROUILLON:
            codes, dalo = [], False
        for code in codes:
            criteres.append(CriterePriorite(code=code, preuve=PREUVE_USUELLE[code], saisi_par=agent, actif=True))
        if dalo:
            decision = ouvre(depot + dt.timedelta(days=h.randint(90, anciennete)))
            criteres.append(
                CriterePriorite(
                    code=CodePriorite.DALO,
                    preuve=PREUVE_USUELLE[CodePriorite.DALO],
                    date_decision=decision,
                    statut_dalo=StatutDalo.ACTIF,
                    saisi_par=agent,
                    actif=True,
                )
            )

        # what a draft has reached: step 2 household, 3 situation, 4 wishes, 5 income
        if etape <= 2:
            membres = membres[:1]
            demandeur.ressources = []
        if etape <= 3:
            logement, motifs, mutation, bailleur, surface, loyer = "", [], False, None, None, None
            nom_commune = ""
        if etape <= 4:
            communes, toute, typologies, loyer_max = [], False, [], None
        if etape <= 5:
            rfr, revenu_recent, justifie = None, None, False
            employeur_nom = employeur_siret = employeur_commune = ""

        demande = Demande(
            etat=etat,
            etape=etape,
            guichet=guichet,
            agent=agent,
            date_depot=depot,
            date_enregistrement=enregistrement,
            date_echeance=echeance,
            # renewed when valid beyond its first year: in the month before the last anniversary (suivi.demo writes
            # the renewals in the history the same way)
            date_dernier_renouvellement=(
                cycle.mois_apres(echeance, -12) - dt.timedelta(days=1 + depot.toordinal() % 30)
                if echeance and depot and echeance > cycle.mois_apres(depot, 12)
                else None
            ),
            date_radiation=date_radiation,
            motif_radiation=motif_radiation,
            vit_en_couple=couple and etape > 2,
            logement_actuel=logement,
            commune_actuelle=nom_commune,
            loyer_actuel=euros(loyer) if loyer is not None else None,
            surface_actuelle=surface,
            motifs=motifs,
            motif_precision=h.choice(PRECISIONS_AUTRE) if M.AUTRE in motifs else "",
            mutation=mutation,
            bailleur_actuel=bailleur,
            perte_autonomie=any(m.personne.handicap for m in membres),
            toute_commune=toute,
            typologies=typologies,
            loyer_max=loyer_max,
            etage_max=etage_max,
            ascenseur_requis=bool(ascenseur),
            accessibilite_pmr=bool(pmr),
            employeur_nom=employeur_nom,
            employeur_siret=employeur_siret,
            employeur_commune=employeur_commune,
            revenu_fiscal_reference=rfr,
            annee_revenu_fiscal=jour.year - 2 if rfr is not None else None,
            revenu_recent=revenu_recent,
            revenu_recent_justifie=justifie,
        )
        for ordre, m in enumerate(membres):
            m.personne.demande = demande
            m.personne.ordre = ordre
        self._deriver(demande, membres, criteres)
        souhaits = [SouhaitCommune(demande=demande, commune=c, rang=r) for r, c in enumerate(communes, start=1)]
        for critere in criteres:
            critere.demande = demande

        # lifecycle log, as the services write it
        ouvert = self._moment(depot)
        transitions = [("", EtatDemande.BROUILLON, agent, "Brouillon ouvert", ouvert)]
        if enregistrement is not None:
            moment = self._moment(enregistrement, ouvert)
            transitions.append((EtatDemande.BROUILLON, EtatDemande.ACTIVE, agent, "Enregistrée", moment))
            if qualifiee:
                limite = date_radiation or jour
                jour_q = ouvre(min(enregistrement + dt.timedelta(days=h.randint(1, 90)), limite))
                moment = self._moment(jour_q, moment)
                transitions.append((EtatDemande.ACTIVE, EtatDemande.QUALIFIEE, agent, "Pièces complètes", moment))
            if etat == EtatDemande.RADIEE:
                avant = EtatDemande.QUALIFIEE if qualifiee else EtatDemande.ACTIVE
                par = None if motif_radiation == MotifRadiation.RADREN else agent
                texte = MotifRadiation(motif_radiation).label
                transitions.append((avant, EtatDemande.RADIEE, par, texte, self._moment(date_radiation, moment)))
        return Dossier(demande, membres, souhaits, criteres, transitions, enregistrement or depot)

    def _deriver(self, demande: Demande, membres: list[Membre], criteres: list[CriterePriorite]) -> None:
        """The figures services.demande_recalculer keeps on the row, computed here with the same rules."""
        personnes = [m.personne for m in membres]
        demande.nom_recherche = normaliser(
            " ".join(f"{p.prenom} {p.nom} {p.nom_naissance}" for p in personnes if p.lien != Lien.ENFANT or p.nom)
        )
        demande.priorites = sorted(c.code for c in criteres if c.actif)
        demande.nombre_personnes = len(personnes) or None
        demande.bebe_jusqu_au = eligibilite.bebe_jusqu_au(personnes)
        if demande.revenu_fiscal_reference is None:
            return
        retenu = eligibilite.revenu_retenu(
            demande.revenu_fiscal_reference, demande.revenu_recent, demande.revenu_recent_justifie
        )
        resultat = eligibilite.evaluer(
            personnes=[
                eligibilite.Personne(
                    date_naissance=p.date_naissance,
                    lien=p.lien,
                    a_charge=p.a_charge,
                    handicap=p.handicap,
                    enfant_a_naitre=p.enfant_a_naitre,
                )
                for p in personnes
            ],
            couple=demande.vit_en_couple,
            jour=self.jour,
            revenu_fiscal_reference=retenu.montant,
            ressources_mensuelles=sum((r.montant_mensuel for m in membres for r in m.ressources), Decimal("0")),
            baremes=self.baremes,
            seuil_q1=self.seuil_q1,
            annee_regles=self.annee_regles,
        )
        services.eligibilite_reporter(demande, resultat)

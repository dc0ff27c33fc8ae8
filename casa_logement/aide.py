"""The help written for the agents: the glossary of the words they meet (from ../shared/domain/GLOSSAIRE.md and
REGLES.md, rewritten in plain French, with the words the application adds) and, for each role, what to do first with a
link to each page. Pure data and two lookups; the pages are casa_logement/views_aide.py (docs/roles.md lists them).

A link is a URL name (reversed when the page is drawn, so a renamed URL fails the tests, not the reader) with an
optional query string."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.urls import reverse

from territoire.roles import Role


@dataclass(frozen=True)
class Terme:
    """A glossary entry: `ancre` is its fragment (/aide/glossaire/#ancre), `voir` anchors of related entries."""

    ancre: str
    terme: str
    definition: str
    voir: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lien:
    libelle: str
    url: str  # a URL name
    requete: str = ""

    @property
    def href(self) -> str:
        return reverse(self.url) + (f"?{self.requete}" if self.requete else "")


@dataclass(frozen=True)
class Tache:
    """One thing to do: what (`titre`), where (`lien`, or none when it is done from another page), how (`detail`)."""

    titre: str
    detail: str
    lien: Lien | None = None


@dataclass(frozen=True)
class Guide:
    role: str
    slug: str
    intro: str
    premieres: tuple[Tache, ...]
    ensuite: tuple[Tache, ...] = ()
    mots: tuple[str, ...] = field(default_factory=tuple)  # glossary anchors worth reading first

    @property
    def libelle(self) -> str:
        return Role(self.role).label


def _cle_tri(texte: str) -> str:
    return unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode().lower()


# ---------------------------------------------------------------------------------------------------- glossary

_TERMES = [
    Terme(
        "action-logement",
        "Action Logement",
        "L'organisme financé par les employeurs qui aide au logement des salariés. Réservataire : il désigne des "
        "candidats pour les logements de son contingent.",
        ("reservataire", "contingent"),
    ),
    Terme(
        "apl",
        "APL",
        "Aide personnalisée au logement, versée par la CAF ou la MSA. Trop complexe pour être calculée ici : l'agent "
        "saisit une APL estimée, utilisée pour le taux d'effort et le reste à vivre.",
        ("taux-effort", "reste-a-vivre"),
    ),
    Terme(
        "attribution",
        "Attribution",
        "La décision de la CAL du bailleur de donner le logement à un candidat. Elle peut être simple, par "
        "classement (rang 1, 2, 3 : le suivant l'obtient si ceux d'avant refusent) ou sous condition suspensive (une "
        "pièce manque, avec une échéance). Elle n'est complète qu'à la signature du bail : la demande est alors "
        "radiée pour attribution.",
        ("cal", "bail", "rang-cal", "condition-suspensive"),
    ),
    Terme(
        "avertissement",
        "Avertissement",
        "Le courrier recommandé qui demande au demandeur de se manifester (adresse inconnue, pièce manquante). Sans "
        "réponse, la demande est radiée deux mois après ; elle peut être réactivée pendant cinq mois.",
        ("radiation",),
    ),
    Terme(
        "avis",
        "Avis de la commission",
        "Ce que la CCPC décide pour chaque candidat proposé : validé (transmis à la CAL du bailleur), ajourné (examiné "
        "à une prochaine séance) ou refusé, avec son motif.",
        ("ccpc", "positionnement"),
    ),
    Terme(
        "bail",
        "Bail signé",
        "La dernière étape d'une attribution : le bailleur indique la date de signature dans son retour de CAL. La "
        "demande est radiée pour attribution, le logement est pourvu et les autres candidats sont libérés.",
        ("attribution", "retour-cal"),
    ),
    Terme(
        "bailleur",
        "Bailleur social",
        "L'organisme qui possède et loue les logements sociaux (entreprise sociale pour l'habitat, office public, "
        "société d'économie mixte). Erilia est le principal bailleur de la CASA.",
        ("cal", "parc"),
    ),
    Terme(
        "cal",
        "CAL (CALEOL)",
        "La commission d'attribution des logements et d'examen de l'occupation des logements du bailleur. Elle examine "
        "au moins trois candidats par logement et décide, seule, qui l'obtient : attribution, non-attribution ou rejet "
        "pour irrecevabilité.",
        ("attribution", "retour-cal", "ccpc"),
    ),
    Terme(
        "casa",
        "CASA",
        "La Communauté d'Agglomération Sophia Antipolis : 24 communes, l'intercommunalité (EPCI) qui tient ce service "
        "avec ses partenaires.",
        ("epci",),
    ),
    Terme(
        "ccpc",
        "CCPC",
        "La commission communautaire de proposition de candidats de la CASA. Ses membres (élus, associations, État, "
        "bailleurs, Action Logement) examinent les candidats proposés et donnent un avis avant la CAL du bailleur.",
        ("avis", "code-de-seance", "seance"),
    ),
    Terme(
        "cerfa",
        "CERFA 14069",
        "Le formulaire national de demande de logement social. Les six étapes de l'enregistrement en reprennent les "
        "rubriques.",
        ("demande",),
    ),
    Terme(
        "cil",
        "CIL, CIA, PPGD",
        "La conférence intercommunale du logement, la convention intercommunale d'attribution et le plan partenarial "
        "de gestion de la demande : les documents par lesquels la CASA fixe sa politique d'attribution et ses "
        "objectifs (suivis chaque mois).",
        ("suivi",),
    ),
    Terme(
        "cle-api",
        "Clé d'API",
        "Le moyen pour le logiciel d'un partenaire d'échanger avec l'application sans personne connectée. Elle agit "
        "pour une organisation, dans une portée (lecture, décisions de CAL…) et jusqu'à une date de fin ; elle n'est "
        "montrée qu'une fois.",
    ),
    Terme(
        "code-de-seance",
        "Code de séance (A1, A2…)",
        "La façon dont les membres de la commission désignent un candidat : ni nom ni numéro de demande dans la "
        "version des membres du dossier et du procès-verbal.",
        ("ccpc", "seance"),
    ),
    Terme(
        "co-demandeur",
        "Co-demandeur",
        "La personne qui signe la demande avec le demandeur : conjoint, partenaire de PACS, concubin, ou proche qui "
        "n'est pas à charge. Un seul par demande.",
        ("menage",),
    ),
    Terme(
        "condition-suspensive",
        "Condition suspensive",
        "Une attribution prononcée sous réserve : une pièce manque, avec une échéance. Le bailleur écrit la pièce et "
        "l'échéance dans la colonne « condition » de son retour de CAL.",
        ("attribution",),
    ),
    Terme(
        "contingent",
        "Contingent",
        "Les logements réservés à un réservataire en échange d'un financement ou d'une garantie. Depuis 2023, "
        "c'est une part des logements libérés chaque année (gestion en flux), plus une liste de logements nommés.",
        ("reservataire", "gestion-en-flux"),
    ),
    Terme(
        "cotation",
        "Cotation",
        "Les points de chaque demande selon la grille de la CASA (priorités, situation de logement, ancienneté…). Une "
        "aide à la décision : elle classe les candidats, la CAL reste souveraine. Le demandeur a le droit de connaître "
        "ses points.",
        ("dalo", "publics-prioritaires"),
    ),
    Terme(
        "dalo",
        "DALO",
        "Droit au logement opposable : le ménage a été reconnu prioritaire et urgent par la commission de médiation. "
        "Il passe avant tous les autres publics prioritaires. Saisissez la date de la décision.",
        ("publics-prioritaires",),
    ),
    Terme(
        "date-de-depot",
        "Date de dépôt",
        "Le jour où le guichet a reçu le formulaire complet (pas le jour de la saisie). Elle fait l'ancienneté, donc "
        "les points et le rang : ni future, ni de plus de trois mois. Fixée à l'enregistrement ; seul un "
        "instructeur de la CASA la corrige ensuite, avec un justificatif.",
        ("demande", "renouvellement"),
    ),
    Terme(
        "demande",
        "Demande de logement social",
        "Le dossier d'un ménage qui cherche un logement social, enregistré par un guichet. Elle vaut un an à partir de "
        "la date de dépôt et se renouvelle chaque année.",
        ("numero-unique", "date-de-depot", "renouvellement", "qualification"),
    ),
    Terme(
        "depot-cal",
        "Dépôt (de décisions de CAL)",
        "Un fichier de décisions envoyé par un bailleur. Chaque ligne est vérifiée et le rapport dit ce qui sera "
        "enregistré ; rien n'est appliqué avant le clic « Appliquer les décisions ».",
        ("retour-cal",),
    ),
    Terme(
        "epci",
        "EPCI",
        "Établissement public de coopération intercommunale : le regroupement de communes qu'est la CASA.",
        ("casa",),
    ),
    Terme(
        "gestion-en-flux",
        "Gestion en flux",
        "Depuis novembre 2023, les droits d'un réservataire sont une part des logements libérés chaque année chez "
        "chaque bailleur, plutôt que des logements nommés. La page « Gestion en flux » montre les objectifs et leur "
        "consommation.",
        ("contingent", "reservataire"),
    ),
    Terme(
        "guichet",
        "Guichet enregistreur",
        "Un service autorisé à enregistrer les demandes : une commune, la CASA, un bailleur, Action Logement. La "
        "demande reste rattachée au guichet qui l'a enregistrée.",
        ("demande",),
    ),
    Terme(
        "habilitation",
        "Habilitation",
        "Le droit d'une personne d'agir pour une organisation dans un rôle, d'une date à une autre. On peut en avoir "
        "plusieurs : l'organisation se choisit alors dans l'en-tête (« Agir pour »). Revue tous les six mois par "
        "l'administrateur de l'organisation.",
    ),
    Terme(
        "irrecevabilite",
        "Irrecevabilité",
        "La décision de la CAL qui constate qu'une condition légale manque (séjour irrégulier, ressources "
        "au-dessus des plafonds). La demande n'est pas radiée tout de suite : un mois après une mise en demeure par "
        "lettre recommandée.",
        ("cal", "radiation"),
    ),
    Terme(
        "lls",
        "LLS",
        "Logement locatif social.",
        ("bailleur",),
    ),
    Terme(
        "menage",
        "Ménage",
        "Toutes les personnes qui vivront dans le logement : le demandeur, le co-demandeur, les personnes à charge et "
        "les autres. Sa taille et ses ressources décident de la catégorie, des plafonds et de la typologie adaptée.",
        ("co-demandeur", "ressources-mensuelles", "revenu-fiscal"),
    ),
    Terme(
        "motifs",
        "Motifs de la demande",
        "Pourquoi le ménage demande un logement, dans la liste nationale (sans logement, logement trop petit, trop "
        "cher, démolition…). Cochez tous ceux qui s'appliquent : certains donnent des points de cotation.",
        ("cotation",),
    ),
    Terme(
        "mutation",
        "Mutation",
        "La demande d'un ménage qui est déjà locataire d'un logement social et veut en changer.",
    ),
    Terme(
        "non-attribution",
        "Non-attribution",
        "La décision de la CAL de ne pas donner le logement à un candidat, avec un motif notifié par écrit. Le "
        "logement reste à pourvoir ; la CASA peut proposer d'autres candidats.",
        ("cal",),
    ),
    Terme(
        "numero-unique",
        "Numéro unique (NUR)",
        "Le numéro de 18 caractères donné à l'enregistrement d'une demande, le même pour tous les partenaires. Dans un "
        "tableur, gardez la colonne au format Texte : sinon les zéros de tête disparaissent.",
        ("demande", "sne"),
    ),
    Terme(
        "parc",
        "Parc",
        "Les résidences et les logements d'un bailleur, avec leur référence chez lui, leur typologie, leur loyer et "
        "leur financement. Le bailleur l'importe depuis un tableur.",
        ("bailleur", "typologie"),
    ),
    Terme(
        "plafonds",
        "Plafonds de ressources (PLAI, PLUS, PLS)",
        "Les revenus maximums pour entrer dans un logement, selon son financement : PLAI (très social), PLUS (social) "
        "et PLS (intermédiaire). Ils dépendent de la catégorie du ménage et changent chaque 1er janvier ; on les "
        "compare au revenu fiscal de référence.",
        ("revenu-fiscal",),
    ),
    Terme(
        "positionnement",
        "Positionnement",
        "Proposer un candidat pour un logement à pourvoir. La CASA propose trois candidats par logement (moins dans "
        "quelques cas prévus), examinés par la CCPC puis par la CAL du bailleur.",
        ("ccpc", "cal", "rang-casa"),
    ),
    Terme(
        "programme",
        "Programme neuf",
        "Un immeuble en projet ou en construction chez un bailleur. Avant la livraison, la CASA réunit les "
        "réservataires pour répartir ses logements ; la livraison crée les logements dans le parc.",
        ("reunion-reservataires",),
    ),
    Terme(
        "publics-prioritaires",
        "Publics prioritaires (L441-1)",
        "Les situations que la loi fait passer en priorité après le DALO : handicap, sans logement, hébergé, violences "
        "au sein du couple, menace d'expulsion, logement indigne… Chaque critère se saisit avec sa pièce "
        "justificative.",
        ("dalo", "cotation"),
    ),
    Terme(
        "qpv",
        "QPV",
        "Quartier prioritaire de la politique de la ville. Un seul dans la CASA : Cœur de Ville – Hauts de Vallauris. "
        "Le suivi compte à part les attributions dans et hors QPV.",
        ("quartile",),
    ),
    Terme(
        "qualification",
        "Qualification",
        "La vérification d'une demande par l'instructeur : pièces reçues, entretien, informations confirmées. Seule "
        "une demande qualifiée est prête à être positionnée.",
        ("demande", "positionnement"),
    ),
    Terme(
        "quartile",
        "Premier quartile",
        "Le quart des demandeurs aux ressources les plus faibles par unité de consommation, selon un seuil fixé "
        "chaque année (12 000 € par an et par UC en 2026 pour la CASA). Au moins 25 % des attributions hors QPV "
        "doivent aller à ces ménages.",
        ("uc", "qpv", "ressources-mensuelles"),
    ),
    Terme(
        "radiation",
        "Radiation",
        "La sortie d'une demande du fichier, toujours avec un motif : attribution (bail signé), renonciation, non-"
        "renouvellement, irrecevabilité, demandeur injoignable. Les données sont effacées un an après.",
        ("renouvellement", "avertissement", "irrecevabilite"),
    ),
    Terme(
        "rang-cal",
        "Rang (de la CAL)",
        "L'ordre dans lequel la CAL classe les candidats d'un même logement : le rang 2 obtient le logement si le rang "
        "1 refuse. À ne pas confondre avec le rang proposé par la CASA.",
        ("attribution", "rang-casa"),
    ),
    Terme(
        "rang-casa",
        "Rang proposé par la CASA",
        "L'ordre des trois candidats proposés pour un logement, selon le classement de la recherche (DALO, priorités, "
        "cotation). Colonne « rang_casa » du fichier pré-rempli de la CAL, pour information.",
        ("positionnement", "rang-cal"),
    ),
    Terme(
        "renouvellement",
        "Renouvellement",
        "La demande vaut un an : le demandeur la renouvelle chaque année, à partir de trois mois avant l'échéance. "
        "Sans renouvellement, elle est radiée un mois après l'échéance et peut être réactivée pendant cinq mois, avec "
        "son ancienneté.",
        ("radiation", "date-de-depot"),
    ),
    Terme(
        "reservataire",
        "Réservataire",
        "Un organisme qui a des droits de réservation sur des logements sociaux en échange d'un financement ou d'une "
        "garantie : l'État (préfecture), la CASA, une commune, Action Logement, le Département, le bailleur lui-même "
        "pour ses logements non réservés.",
        ("contingent", "gestion-en-flux"),
    ),
    Terme(
        "ressources-mensuelles",
        "Ressources mensuelles",
        "Ce que chaque personne du ménage perçoit par mois aujourd'hui (salaire, pension, allocations…), APL non "
        "comprise. Elles servent au premier quartile, au taux d'effort et au reste à vivre ; l'éligibilité, elle, se "
        "juge sur le revenu fiscal de référence.",
        ("revenu-fiscal", "quartile", "taux-effort"),
    ),
    Terme(
        "reste-a-vivre",
        "Reste à vivre",
        "Ce qu'il reste au ménage par jour et par unité de consommation une fois le loyer et les charges payés, APL "
        "comprise.",
        ("taux-effort", "uc"),
    ),
    Terme(
        "retour-cal",
        "Retour de CAL",
        "Le fichier (ou l'appel d'API) par lequel le bailleur transmet les décisions de sa CAL, puis la réponse de "
        "chaque candidat et la date du bail. Partez du fichier pré-rempli : il porte déjà la référence de la "
        "résidence et le numéro de chaque candidat en attente.",
        ("depot-cal", "cal"),
    ),
    Terme(
        "reunion-reservataires",
        "Réunion des réservataires",
        "La réunion que la CASA convoque avant la livraison d'un programme neuf pour répartir ses logements entre les "
        "réservataires ; son compte rendu est produit en PDF.",
        ("programme", "reservataire"),
    ),
    Terme(
        "revenu-fiscal",
        "Revenu fiscal de référence N-2",
        "Le revenu écrit sur l'avis d'imposition, pour l'année N-2 : pour une décision en 2026, les revenus de 2024 "
        "(avis reçu en 2025). On additionne celui de chaque personne qui vivra dans le logement. Si les revenus ont "
        "baissé d'au moins 10 % depuis, saisissez aussi le revenu N-1 ou des 12 derniers mois, avec sa pièce.",
        ("plafonds", "ressources-mensuelles"),
    ),
    Terme(
        "second-facteur",
        "Second facteur",
        "Un code à six chiffres donné par une application d'authentification du téléphone, demandé après le mot de "
        "passe aux comptes qui lisent des données personnelles. Gardez vos codes de secours ; l'administrateur peut "
        "réinitialiser le second facteur.",
        ("habilitation",),
    ),
    Terme(
        "seance",
        "Séance",
        "Une réunion de la CCPC : son ordre du jour (les candidats proposés), ses membres convoqués, leur présence et "
        "le quorum, les avis, puis le procès-verbal.",
        ("ccpc", "avis"),
    ),
    Terme(
        "siad",
        "SIAD",
        "Service d'information et d'accueil des demandeurs : l'accueil commun qui renseigne les demandeurs sur leur "
        "demande et les délais.",
        ("guichet",),
    ),
    Terme(
        "sne",
        "SNE",
        "Système national d'enregistrement : le fichier national des demandes, qui donne le numéro unique.",
        ("numero-unique",),
    ),
    Terme(
        "suivi",
        "Suivi mensuel",
        "Le tableau produit le 1er de chaque mois : attributions, critères de priorité et objectifs légaux, pour le "
        "territoire, chaque bailleur, réservataire et commune. Un mois passé ne bouge plus.",
        ("quartile", "cil"),
    ),
    Terme(
        "taux-effort",
        "Taux d'effort",
        "La part des ressources du ménage consacrée au logement : loyer et charges, moins l'APL, divisés par les "
        "ressources mensuelles. Au-delà de 33 % (réglage de la CASA), le logement est signalé trop cher.",
        ("apl", "reste-a-vivre"),
    ),
    Terme(
        "typologie",
        "Typologie",
        "La taille d'un logement : T1 (une pièce principale), T2 (deux pièces)… jusqu'à T6 et plus. Dans la demande, "
        "cochez celles que le ménage accepte. La recherche des candidats retient les logements adaptés à la taille du "
        "ménage (réglage de la CASA : un T3 pour 2 à 4 personnes).",
        ("menage",),
    ),
    Terme(
        "uc",
        "Unité de consommation (UC)",
        "Le poids de chaque personne pour diviser les ressources du ménage : 1 pour le premier adulte, 0,5 pour chaque "
        "autre personne de 14 ans ou plus, 0,3 pour chaque enfant de moins de 14 ans.",
        ("quartile", "reste-a-vivre"),
    ),
]
GLOSSAIRE: list[Terme] = sorted(_TERMES, key=lambda t: _cle_tri(t.terme))
TERMES = {t.ancre: t for t in GLOSSAIRE}


def lettres() -> list[tuple[str, str]]:
    """(letter, anchor of its first entry) in alphabetical order, for the glossary's index."""
    vues: dict[str, str] = {}
    for t in GLOSSAIRE:
        vues.setdefault(_cle_tri(t.terme)[0].upper(), t.ancre)
    return list(vues.items())


# ----------------------------------------------------------------------------------------------- one guide per role

_DEMANDES = Lien("Demandes", "demandes:liste")
_POSITIONNEMENTS = Lien("Positionnements", "positionnements:travail")
_CAL = Lien("Retours CAL", "positionnements:cal")
_SEANCES = Lien("Commission", "commissions:seances")
_SUIVI = Lien("Suivi", "suivi:tableau")

GUIDES: tuple[Guide, ...] = (
    Guide(
        Role.ADMINISTRATEUR,
        "administrateur",
        "Vous décidez qui, dans votre organisation, peut se connecter, dans quel rôle et jusqu'à quand. À la CASA, "
        "vous administrez aussi les comptes de toutes les organisations et le paramétrage.",
        (
            Tache(
                "Vérifier les comptes de votre organisation",
                "Chaque personne agit par une habilitation (un rôle, une date de début, une date de fin si besoin). "
                "Retirez celle d'une personne partie le jour de son départ.",
                Lien("Utilisateurs", "utilisateurs"),
            ),
            Tache(
                "Créer un compte",
                "Nom, adresse électronique, rôle : la personne reçoit un courriel pour choisir son mot de passe, puis "
                "active son second facteur à sa première connexion.",
                Lien("Nouveau compte", "utilisateur_creer"),
            ),
            Tache(
                "Faire la revue des habilitations",
                "Tous les six mois, confirmez ou terminez chaque habilitation de votre organisation ; un rappel arrive "
                "par courriel.",
                Lien("Revue des habilitations", "revue_habilitations"),
            ),
            Tache(
                "Débloquer un compte ou réinitialiser un second facteur",
                "Depuis la page du compte : après cinq mots de passe faux, la connexion est bloquée 30 minutes ; un "
                "téléphone perdu se règle en réinitialisant le second facteur.",
                Lien("Utilisateurs", "utilisateurs"),
            ),
        ),
        (
            Tache(
                "Donner une clé d'API au logiciel d'un partenaire",
                "Une portée, une date de fin ; la clé n'est montrée qu'une fois.",
                Lien("Clés d'API", "cles_api"),
            ),
            Tache(
                "Répondre au délégué à la protection des données",
                "« Qui voit quoi » : chaque rôle et ce qu'il peut lire, en page, CSV ou XLSX.",
                Lien("Qui voit quoi", "qui_voit_quoi"),
            ),
            Tache(
                "À la CASA : les lectures sensibles et le paramétrage",
                "Qui a lu quelle pièce ou quelle liste de demandes ; les réglages et le journal des modifications.",
                Lien("Lectures sensibles", "lectures_sensibles"),
            ),
        ),
        ("habilitation", "second-facteur", "cle-api"),
    ),
    Guide(
        Role.INSTRUCTEUR,
        "instructeur",
        "Vous vérifiez les demandes, proposez des candidats pour les logements à pourvoir et suivez les décisions des "
        "commissions jusqu'au bail.",
        (
            Tache(
                "Retrouver une demande",
                "Par numéro unique ou par nom (les accents ne comptent pas), puis filtrez par état, commune ou "
                "typologie.",
                _DEMANDES,
            ),
            Tache(
                "Qualifier une demande",
                "Sur sa fiche : recevez les pièces, tenez l'entretien, puis « Qualifier ». Les pièces manquantes sont "
                "dites ; seule une demande qualifiée est prête à être positionnée.",
                _DEMANDES,
            ),
            Tache(
                "Proposer trois candidats pour un logement",
                "Pour chaque logement à pourvoir : les demandes qui conviennent, classées, avec leurs raisons ; "
                "« Pourquoi pas ? » explique l'absence d'une demande. Cochez trois candidats, ou dites pourquoi moins.",
                _POSITIONNEMENTS,
            ),
            Tache(
                "Suivre les décisions des CAL",
                "Décisions attendues (30 jours après l'avis de la commission), réponses attendues, attributions, "
                "irrecevabilités à traiter.",
                _CAL,
            ),
        ),
        (
            Tache(
                "Enregistrer une demande reçue à la CASA",
                "Six étapes, chacune gardée en brouillon.",
                Lien("Nouvelle demande", "demandes:nouvelle"),
            ),
            Tache(
                "Corriger une date de dépôt",
                "Sur la fiche de la demande, avec le justificatif de la date de réception et un motif.",
            ),
            Tache(
                "Les programmes neufs et la réunion des réservataires",
                "Créer le programme, convoquer, répartir les logements, suivre jusqu'à la livraison.",
                Lien("Programmes", "programmation:programmes"),
            ),
            Tache(
                "Le suivi mensuel",
                "Produire le tableau d'un mois, lire la liste derrière chaque chiffre, exporter.",
                _SUIVI,
            ),
        ),
        ("qualification", "positionnement", "cotation", "dalo", "ccpc", "cal"),
    ),
    Guide(
        Role.SECRETARIAT_COMMISSION,
        "secretariat-commission",
        "Vous tenez les séances de la CCPC : de l'ordre du jour au procès-verbal.",
        (
            Tache(
                "Créer la séance",
                "Date, heure et lieu (la date ne peut pas être passée) ; la séance reçoit son numéro.",
                _SEANCES,
            ),
            Tache(
                "Composer l'ordre du jour",
                "Ajoutez les candidats proposés par les instructeurs, logement par logement.",
                _SEANCES,
            ),
            Tache(
                "Convoquer les membres et produire le dossier",
                "Chaque membre reçoit sa convocation par courriel ; le dossier de séance existe en deux versions : "
                "celle de la CASA (nominative) et celle des membres (codes A1, A2…).",
                _SEANCES,
            ),
            Tache(
                "Le jour de la séance",
                "Notez les présences (le quorum est calculé), saisissez l'avis de chaque candidat, puis clôturez : "
                "le procès-verbal est produit.",
                _SEANCES,
            ),
        ),
        (),
        ("ccpc", "seance", "avis", "code-de-seance"),
    ),
    Guide(
        Role.GESTIONNAIRE_BAILLEUR,
        "gestionnaire-bailleur",
        "Vous tenez le parc de votre bailleur, déclarez les logements libérés et transmettez les décisions de votre "
        "CAL.",
        (
            Tache(
                "Vérifier votre parc",
                "Vos résidences et leurs logements, avec vos références. S'il manque des logements, importez le parc.",
                Lien("Parc", "programmation:parc"),
            ),
            Tache(
                "Importer le parc",
                "XLSX, XLS, ODS ou CSV, à partir du modèle : chaque ligne est vérifiée et le rapport lu avant "
                "d'appliquer.",
                Lien("Importer le parc", "programmation:importer"),
            ),
            Tache(
                "Déclarer un logement à pourvoir",
                "Depuis la fiche de la résidence : le logement libéré, sa date de libération, son réservataire. La "
                "CASA propose ensuite trois candidats.",
                Lien("Logements à pourvoir", "programmation:a_pourvoir"),
            ),
            Tache(
                "Transmettre les décisions de votre CAL",
                "Téléchargez le fichier pré-rempli (vos candidats en attente, avec la référence de la résidence), "
                "complétez la décision de chaque candidat examiné, laissez les autres lignes telles quelles, déposez : "
                "rien n'est appliqué avant votre clic.",
                _CAL,
            ),
        ),
        (
            Tache("Voir les candidats positionnés sur vos logements", "Logement par logement.", _POSITIONNEMENTS),
            Tache(
                "Vos programmes neufs",
                "Les faire avancer jusqu'à la livraison.",
                Lien("Programmes", "programmation:programmes"),
            ),
            Tache(
                "Vos objectifs de gestion en flux",
                "La part des logements libérés due à chaque réservataire.",
                Lien("Gestion en flux", "programmation:flux"),
            ),
            Tache("Le suivi de vos attributions", "Chaque mois, contre les objectifs légaux.", _SUIVI),
        ),
        ("retour-cal", "rang-cal", "rang-casa", "attribution", "parc"),
    ),
    Guide(
        Role.AGENT_GUICHET,
        "agent-guichet",
        "Vous enregistrez les demandes reçues au guichet de votre commune et les tenez à jour.",
        (
            Tache(
                "Enregistrer une demande",
                "Six étapes, chacune gardée en brouillon. La date de dépôt est celle où vous avez reçu le formulaire "
                "complet : elle ne se change plus après l'enregistrement.",
                Lien("Nouvelle demande", "demandes:nouvelle"),
            ),
            Tache(
                "Retrouver les demandes de votre guichet",
                "Par numéro unique ou par nom ; les brouillons attendent d'être terminés.",
                _DEMANDES,
            ),
            Tache(
                "Recevoir les pièces et tenir l'entretien",
                "Depuis la fiche de la demande : avis d'imposition, pièce d'identité, justificatifs des priorités.",
                _DEMANDES,
            ),
            Tache(
                "Enregistrer un renouvellement",
                "À partir de trois mois avant l'échéance, sur la fiche. Une demande non renouvelée est radiée un mois "
                "après l'échéance ; on peut la réactiver pendant cinq mois.",
                _DEMANDES,
            ),
        ),
        (Tache("Le suivi de votre commune", "Attributions sur votre territoire, demandes de votre guichet.", _SUIVI),),
        ("date-de-depot", "revenu-fiscal", "ressources-mensuelles", "typologie", "motifs", "renouvellement"),
    ),
    Guide(
        Role.RESERVATAIRE,
        "reservataire",
        "Vous suivez votre contingent, proposez vos candidats et vérifiez que vos droits sont respectés.",
        (
            Tache(
                "Votre contingent",
                "Votre page d'accueil résume vos logements et vos attributions.",
                Lien("Accueil", "accueil"),
            ),
            Tache(
                "Vos objectifs de gestion en flux",
                "Chez chaque bailleur : la part des logements libérés qui vous revient, et sa consommation.",
                Lien("Gestion en flux", "programmation:flux"),
            ),
            Tache(
                "Envoyer votre liste de candidats",
                "Un fichier (ou l'API) ; la CASA la croise avec ses demandes et signale les écarts.",
                Lien("Croisements", "positionnements:croisements"),
            ),
            Tache("Les positionnements sur votre contingent", "Logement par logement.", _POSITIONNEMENTS),
        ),
        (Tache("Le suivi de votre contingent", "Part des ménages DALO et prioritaires.", _SUIVI),),
        ("contingent", "gestion-en-flux", "dalo", "publics-prioritaires"),
    ),
    Guide(
        Role.MEMBRE_COMMISSION,
        "membre-commission",
        "Vous siégez à la CCPC : vous lisez le dossier des séances auxquelles vous êtes convoqué.",
        (
            Tache("Vos séances", "Celles auxquelles vous êtes convoqué, passées et à venir.", _SEANCES),
            Tache(
                "Lire le dossier de séance",
                "Les candidats y sont désignés par un code (A1, A2…) : ni nom ni numéro de demande.",
                _SEANCES,
            ),
            Tache("Lire le procès-verbal", "Après la clôture de la séance, dans la même version.", _SEANCES),
        ),
        (),
        ("ccpc", "avis", "code-de-seance", "seance"),
    ),
    Guide(
        Role.LECTEUR,
        "lecteur",
        "Vous consultez les tableaux de suivi de votre périmètre, sans rien modifier.",
        (
            Tache(
                "Le tableau du mois", "Attributions, priorités et objectifs légaux, avec 12 mois de graphiques.", _SUIVI
            ),
            Tache("Exporter", "Le tableau en XLSX et le rapport en PDF, depuis la même page.", _SUIVI),
            Tache("Les partenaires", "L'annuaire des organisations.", Lien("Partenaires", "annuaire")),
        ),
        (),
        ("suivi", "quartile", "qpv", "cil"),
    ),
)
GUIDES_PAR_SLUG = {g.slug: g for g in GUIDES}
GUIDES_PAR_ROLE = {g.role: g for g in GUIDES}

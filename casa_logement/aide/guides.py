"""Each role's guide: what to do first and then, each task with a link to its page (a URL name, reversed when the
page is drawn: a renamed URL fails the tests, not the reader), and the glossary's words worth reading first."""

from __future__ import annotations

from territoire.roles import Role

from .modeles import Guide, Lien, Tache

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
                "Par numéro (unique ou local) ou par nom (les accents ne comptent pas), puis filtrez par état, "
                "commune ou typologie.",
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
            Tache(
                "Ou tenir la séance à distance",
                "Sur la page d'une séance convoquée, donnez la fenêtre des avis (par exemple 48 heures) : les membres "
                "donnent leurs avis en ligne ; renvoyez un logement en séance en salle s'il le faut ; la séance est "
                "close à la fin de la fenêtre, ou par vous avant.",
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
                "Par numéro (unique ou local) ou par nom ; les brouillons attendent d'être terminés.",
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
            Tache(
                "Donner vos avis à distance",
                "Pour une séance à distance, « Donner mes avis en ligne » sur sa page : un avis par candidat, "
                "modifiable jusqu'à la clôture, et le fil de chaque logement (sans citer de nom).",
                _SEANCES,
            ),
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

"""The demo data of `make demo`: deterministic, idempotent generators sized by ``seed_demo --scale``.

The top layer beside the project (it imports the apps; no app imports it). ``management/commands/seed_demo.py`` runs
them in this order, each with its own seeded generator:

- ``comptes``: the demo accounts (login, role, organisation) and their password, also printed by ``make demo``;
- ``commissions``: the CCPC's members, every college with its substitutes;
- ``parc`` (with ``parc_noms``): the social housing stock, résidences and dwellings;
- ``activite``: the life of the stock (occupations, vacancies, flux objectives, programmes);
- ``demandes/``: the waiting list (households, resources, wishes, priorities, lifecycle logs);
- ``positionnements``: candidates proposed on the most urgent dwellings;
- ``cal``: some of them validated, then decided by the landlords' CALs;
- ``suivi/``: two years of history behind the stock's leases, and the monthly tables.
"""

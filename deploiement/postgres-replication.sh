#!/bin/sh
# Exécuté une fois, à la création de la base principale (docker-entrypoint-initdb.d) : la réplique du profil
# « echelle » se connecte en réplication par le réseau de la pile, avec le mot de passe (docs/deploiement.md).
set -e
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"

"""The applicant's space (« Mon logement », /mon-logement/): what article L441-2-6 CCH gives every applicant the right
to know, read by the applicant signed in without a password (docs/portail.md)."""

"""The pages of the applicant's space: connexion (sign-in), demande (my demand), and one module per section."""

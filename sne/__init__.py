"""The SNE (Système national d'enregistrement) interface: reading its demand file (interface/), the import job that
applies it to our demands, and the reconciliation of conflicts (docs/sne.md)."""

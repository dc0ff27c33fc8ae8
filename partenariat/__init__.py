"""The partners' shared notes on a demand (issue 20, docs/partenaires.md): above positionnements and commissions,
whose organisations decide who may read a note."""

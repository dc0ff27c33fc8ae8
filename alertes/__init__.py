"""The partners' notifications (issue 20, docs/partenaires.md): in the application (django-notifications-community) and
by e-mail, immediate or in a daily digest, and the weekly digest of the steps stalled on each partner's side. Above
every app whose events it tells."""

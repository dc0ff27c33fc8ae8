"""What every app shares, at the bottom of the dependency arrows: French formats, form fields, the business error,
the table intake of partners' files, lists with their exports, confirmations, the progress of long jobs.

A leaf: it imports Django and libraries, never an app of the project nor `casa_logement` (checked by import-linter,
`make lint`)."""

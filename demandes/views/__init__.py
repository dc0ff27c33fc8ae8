"""Pages of demands, by topic. Reads through demandes.selectors, rights through demandes.rules, writes through
demandes.services (one service call per POST).

- `listes`: the list with its filters and exports, the header's search;
- `creation`: the registration form in six steps (`menage`: step 2, the household);
- `fiche`: the demand's page, adding a priority criterion, qualifying;
- `cycle`: renew, warn and note the answer, strike off, correct the filing date;
- `pieces`: the qualification page (interview, pieces), a piece's download and removal;
- `pdf`: the attestation d'enregistrement and the printable demand;
- `outils`: what these pages share.
"""

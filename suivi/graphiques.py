"""Charts of the tracking table as SVG written here: the same drawing in the browser and in the PDF (WeasyPrint draws
SVG), no JavaScript, readable without colour (values written on the bars, the target line labelled). Pure: plain
values in, an SVG string out."""

from __future__ import annotations

from html import escape

BLEU = "#0b4f8a"
BLEU_CLAIR = "#9ec3e6"
ORANGE = "#c2410c"
GRIS = "#6b7280"


def _pct(x: float) -> str:
    return f"{x * 100:.0f} %".replace(".", ",")


def barres_et_taux(
    *,
    titre: str,
    etiquettes: list[str],
    barres: list[int],
    taux: list[float | None] | None = None,
    cible: float | None = None,
    libelle_barres: str = "",
    libelle_taux: str = "",
    largeur: int = 720,
    hauteur: int = 260,
) -> str:
    """Bars (counts, left axis) for each period, and optionally a line of rates (0..1, right axis) with the target
    drawn as a dashed line."""
    marge_g, marge_d, marge_h, marge_b = 40, 50 if taux else 12, 34, 46
    l_utile, h_utile = largeur - marge_g - marge_d, hauteur - marge_h - marge_b
    n = max(len(barres), 1)
    pas = l_utile / n
    maxi = max([*barres, 1])
    echelle_max = 4 * _arrondi_haut(-(-maxi // 4))  # four steps of a round size: whole numbers on the axis

    def y_barre(v: float) -> float:
        return marge_h + h_utile - h_utile * v / echelle_max

    def y_taux(v: float) -> float:
        return marge_h + h_utile - h_utile * v

    morceaux = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {largeur} {hauteur}" width="100%" role="img" '
        f'aria-label="{escape(titre)}" font-family="DejaVu Sans, sans-serif" font-size="11">',
        f"<title>{escape(titre)}</title>",
        f'<text x="{marge_g}" y="16" font-size="13" font-weight="bold" fill="#111">{escape(titre)}</text>',
    ]
    for i in range(5):  # horizontal grid and left axis
        v = echelle_max * i / 4
        y = y_barre(v)
        morceaux.append(f'<line x1="{marge_g}" y1="{y:.1f}" x2="{largeur - marge_d}" y2="{y:.1f}" stroke="#e5e7eb"/>')
        morceaux.append(f'<text x="{marge_g - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{GRIS}">{v:g}</text>')
        if taux:
            morceaux.append(f'<text x="{largeur - marge_d + 6}" y="{y + 4:.1f}" fill="{ORANGE}">{_pct(i / 4)}</text>')
    for i, (etiquette, valeur) in enumerate(zip(etiquettes, barres, strict=True)):
        x = marge_g + i * pas + pas * 0.18
        w = pas * 0.64
        y = y_barre(valeur)
        morceaux.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{marge_h + h_utile - y:.1f}" fill="{BLEU_CLAIR}" '
            f'stroke="{BLEU}"><title>{escape(etiquette)} : {valeur}</title></rect>'
        )
        morceaux.append(f'<text x="{x + w / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" fill="{BLEU}">{valeur}</text>')
        morceaux.append(
            f'<text x="{x + w / 2:.1f}" y="{marge_h + h_utile + 14:.1f}" text-anchor="middle" fill="#111">'
            f"{escape(etiquette)}</text>"
        )
    if taux:
        points = [(marge_g + i * pas + pas / 2, y_taux(v)) for i, v in enumerate(taux) if v is not None]
        if len(points) > 1:
            chemin = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            morceaux.append(f'<polyline points="{chemin}" fill="none" stroke="{ORANGE}" stroke-width="2"/>')
        for (x, y), v in zip(points, [v for v in taux if v is not None], strict=True):
            morceaux.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{ORANGE}"><title>{_pct(v)}</title></circle>'
            )
    if cible is not None and taux:
        y = y_taux(cible)
        morceaux.append(
            f'<line x1="{marge_g}" y1="{y:.1f}" x2="{largeur - marge_d}" y2="{y:.1f}" stroke="{ORANGE}" '
            'stroke-dasharray="6 4" stroke-width="1.5"/>'
        )
        morceaux.append(
            f'<text x="{largeur - marge_d - 4}" y="{y - 5:.1f}" text-anchor="end" fill="{ORANGE}">'
            f"objectif {_pct(cible)}</text>"
        )
    legende_y = hauteur - 8
    morceaux.append(
        f'<rect x="{marge_g}" y="{legende_y - 9}" width="12" height="10" fill="{BLEU_CLAIR}" stroke="{BLEU}"/>'
    )
    morceaux.append(f'<text x="{marge_g + 16}" y="{legende_y}" fill="#111">{escape(libelle_barres)}</text>')
    if taux:
        x = marge_g + 30 + 7 * len(libelle_barres)
        morceaux.append(
            f'<line x1="{x}" y1="{legende_y - 4}" x2="{x + 16}" y2="{legende_y - 4}" stroke="{ORANGE}" '
            'stroke-width="2"/>'
        )
        morceaux.append(f'<text x="{x + 20}" y="{legende_y}" fill="#111">{escape(libelle_taux)}</text>')
    morceaux.append("</svg>")
    return "".join(morceaux)


def _arrondi_haut(v: int) -> int:
    """A round upper bound for the axis: 1, 2, 5 × a power of ten."""
    puissance = 1
    while True:
        for m in (1, 2, 5):
            if m * puissance >= v:
                return m * puissance
        puissance *= 10

"""Charts of the tracking table as SVG written here: the same drawing in the browser and in the PDF (WeasyPrint draws
SVG), no JavaScript, readable without colour (values written on the bars, the target line labelled). Pure: plain
values in, an SVG string out."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

BLEU = "#0b4f8a"
BLEU_CLAIR = "#9ec3e6"
ORANGE = "#c2410c"
GRIS = "#6b7280"


def _pct(x: float) -> str:
    return f"{x * 100:.0f} %".replace(".", ",")


@dataclass(frozen=True)
class _Cadre:
    """The drawing's frame: its size, its margins (room for the axes, the title and the legend) and the top of the
    left axis; `pas` the width given to each period."""

    largeur: int
    hauteur: int
    marge_g: int
    marge_d: int
    marge_h: int
    marge_b: int
    pas: float
    echelle_max: int

    @property
    def h_utile(self) -> int:
        return self.hauteur - self.marge_h - self.marge_b

    @property
    def bas(self) -> float:
        """The y of the horizontal axis."""
        return self.marge_h + self.h_utile

    def y_barre(self, v: float) -> float:
        return self.marge_h + self.h_utile - self.h_utile * v / self.echelle_max

    def y_taux(self, v: float) -> float:
        return self.marge_h + self.h_utile - self.h_utile * v


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
    cadre = _cadre(largeur, hauteur, barres, avec_taux=bool(taux))
    morceaux = [
        *_titre(cadre, titre),
        *_grille(cadre, avec_taux=bool(taux)),
        *_barres(cadre, etiquettes, barres),
    ]
    if taux:
        morceaux += _courbe(cadre, taux)
    if cible is not None and taux:
        morceaux += _objectif(cadre, cible)
    morceaux += _legende(cadre, libelle_barres, libelle_taux if taux else None)
    morceaux.append("</svg>")
    return "".join(morceaux)


def _cadre(largeur: int, hauteur: int, barres: list[int], *, avec_taux: bool) -> _Cadre:
    """The frame for these bars: a right margin for the rates' axis when there are rates; the left axis up to four
    steps of a round size above the highest bar (whole numbers on the axis)."""
    marge_g, marge_d = 40, 50 if avec_taux else 12
    maxi = max([*barres, 1])
    return _Cadre(
        largeur=largeur,
        hauteur=hauteur,
        marge_g=marge_g,
        marge_d=marge_d,
        marge_h=34,
        marge_b=46,
        pas=(largeur - marge_g - marge_d) / max(len(barres), 1),
        echelle_max=4 * _arrondi_haut(-(-maxi // 4)),
    )


def _titre(c: _Cadre, titre: str) -> list[str]:
    """The SVG element, named for screen readers, and the title written above the chart."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {c.largeur} {c.hauteur}" width="100%" role="img" '
        f'aria-label="{escape(titre)}" font-family="DejaVu Sans, sans-serif" font-size="11">',
        f"<title>{escape(titre)}</title>",
        f'<text x="{c.marge_g}" y="16" font-size="13" font-weight="bold" fill="#111">{escape(titre)}</text>',
    ]


def _grille(c: _Cadre, *, avec_taux: bool) -> list[str]:
    """Five horizontal lines with the counts on the left axis and, with rates, the percentages on the right one."""
    morceaux = []
    for i in range(5):
        v = c.echelle_max * i / 4
        y = c.y_barre(v)
        morceaux.append(
            f'<line x1="{c.marge_g}" y1="{y:.1f}" x2="{c.largeur - c.marge_d}" y2="{y:.1f}" stroke="#e5e7eb"/>'
        )
        morceaux.append(f'<text x="{c.marge_g - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{GRIS}">{v:g}</text>')
        if avec_taux:
            morceaux.append(
                f'<text x="{c.largeur - c.marge_d + 6}" y="{y + 4:.1f}" fill="{ORANGE}">{_pct(i / 4)}</text>'
            )
    return morceaux


def _barres(c: _Cadre, etiquettes: list[str], barres: list[int]) -> list[str]:
    """One bar per period, its value written above it and its label below the axis."""
    morceaux = []
    for i, (etiquette, valeur) in enumerate(zip(etiquettes, barres, strict=True)):
        x = c.marge_g + i * c.pas + c.pas * 0.18
        w = c.pas * 0.64
        y = c.y_barre(valeur)
        morceaux.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{c.bas - y:.1f}" fill="{BLEU_CLAIR}" '
            f'stroke="{BLEU}"><title>{escape(etiquette)} : {valeur}</title></rect>'
        )
        morceaux.append(f'<text x="{x + w / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" fill="{BLEU}">{valeur}</text>')
        morceaux.append(
            f'<text x="{x + w / 2:.1f}" y="{c.bas + 14:.1f}" text-anchor="middle" fill="#111">'
            f"{escape(etiquette)}</text>"
        )
    return morceaux


def _courbe(c: _Cadre, taux: list[float | None]) -> list[str]:
    """The line of the rates through the middle of each period's bar (a period without rate is skipped), a dot on
    each with its percentage."""
    points = [(c.marge_g + i * c.pas + c.pas / 2, c.y_taux(v)) for i, v in enumerate(taux) if v is not None]
    morceaux = []
    if len(points) > 1:
        chemin = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        morceaux.append(f'<polyline points="{chemin}" fill="none" stroke="{ORANGE}" stroke-width="2"/>')
    for (x, y), v in zip(points, [v for v in taux if v is not None], strict=True):
        morceaux.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{ORANGE}"><title>{_pct(v)}</title></circle>')
    return morceaux


def _objectif(c: _Cadre, cible: float) -> list[str]:
    """The target rate as a dashed line across the chart, labelled « objectif … »."""
    y = c.y_taux(cible)
    return [
        f'<line x1="{c.marge_g}" y1="{y:.1f}" x2="{c.largeur - c.marge_d}" y2="{y:.1f}" stroke="{ORANGE}" '
        'stroke-dasharray="6 4" stroke-width="1.5"/>',
        f'<text x="{c.largeur - c.marge_d - 4}" y="{y - 5:.1f}" text-anchor="end" fill="{ORANGE}">'
        f"objectif {_pct(cible)}</text>",
    ]


def _legende(c: _Cadre, libelle_barres: str, libelle_taux: str | None) -> list[str]:
    """The legend under the chart: the bars' swatch and label, then the rates' line and label when there are
    rates (`libelle_taux` None otherwise)."""
    legende_y = c.hauteur - 8
    morceaux = [
        f'<rect x="{c.marge_g}" y="{legende_y - 9}" width="12" height="10" fill="{BLEU_CLAIR}" stroke="{BLEU}"/>',
        f'<text x="{c.marge_g + 16}" y="{legende_y}" fill="#111">{escape(libelle_barres)}</text>',
    ]
    if libelle_taux is not None:
        x = c.marge_g + 30 + 7 * len(libelle_barres)
        morceaux.append(
            f'<line x1="{x}" y1="{legende_y - 4}" x2="{x + 16}" y2="{legende_y - 4}" stroke="{ORANGE}" '
            'stroke-width="2"/>'
        )
        morceaux.append(f'<text x="{x + 20}" y="{legende_y}" fill="#111">{escape(libelle_taux)}</text>')
    return morceaux


def _arrondi_haut(v: int) -> int:
    """A round upper bound for the axis: 1, 2, 5 × a power of ten."""
    puissance = 1
    while True:
        for m in (1, 2, 5):
            if m * puissance >= v:
                return m * puissance
        puissance *= 10

"""Organisations and frameworks the importer recognises by name or acronym.

Countries are not listed here: their French and English names come from django-countries
(a maintained ISO 3166 list). ``COUNTRY_VARIANTS`` only adds the spellings pages use that
differ from that list's names (short forms, acronyms, other official forms).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Known:
    name: str
    name_fr: str
    kind: str
    short_name: str = ""
    aliases_en: tuple[str, ...] = ()
    aliases_fr: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = field(default=())
    # English name of the organisation that runs it (``Entity.parent``): PfP is NATO's.
    parent: str = ""


NATO = "North Atlantic Treaty Organization"

ORGANISATIONS = [
    Known(
        "North Atlantic Treaty Organization",
        "Organisation du traité de l'Atlantique nord",
        "organisation",
        "NATO",
        ("Atlantic Alliance", "North Atlantic Alliance"),
        ("Alliance atlantique", "Organisation du Traité de l'Atlantique Nord"),
        ("NATO", "OTAN"),
    ),
    Known("European Union", "Union européenne", "organisation", "EU", (), (), ("EU", "UE")),
    Known(
        "United Nations",
        "Organisation des Nations unies",
        "organisation",
        "UN",
        (),
        ("Nations unies",),
        ("UN", "ONU"),
    ),
    Known(
        "Western European Union",
        "Union de l'Europe occidentale",
        "organisation",
        "WEU",
        (),
        (),
        ("WEU", "UEO"),
    ),
    Known(
        "Organization for Security and Co-operation in Europe",
        "Organisation pour la sécurité et la coopération en Europe",
        "organisation",
        "OSCE",
        ("Organisation for Security and Co-operation in Europe",),
        (),
        ("OSCE",),
    ),
    Known(
        "Permanent Structured Cooperation",
        "Coopération structurée permanente",
        "framework",
        "PESCO",
        (),
        (),
        ("PESCO", "CSP"),
    ),
    Known(
        "United Nations",
        "Organisation des Nations unies",
        "organisation",
        "UN",
        ("United Nations Organization",),
        ("Nations unies",),
        ("UN", "ONU"),
    ),
    Known("African Union", "Union africaine", "organisation", "AU", (), (), ("AU", "UA")),
    Known(
        "Organization for Security and Co-operation in Europe",
        "Organisation pour la sécurité et la coopération en Europe",
        "organisation",
        "OSCE",
        (),
        (),
        ("OSCE",),
    ),
    Known("AUKUS", "AUKUS", "framework", "AUKUS", (), (), ("AUKUS", "Aukus")),
    Known(
        "Euro-Atlantic Partnership Council",
        "Conseil de partenariat euro-atlantique",
        "framework",
        "EAPC",
        (),
        (),
        ("EAPC", "CPEA"),
        parent=NATO,
    ),
    Known(
        "Collective Security Treaty Organization",
        "Organisation du traité de sécurité collective",
        "organisation",
        "CSTO",
        ("Collective Security Treaty Organisation",),
        ("Organisation du Traité de sécurité collective",),
        ("CSTO", "OTSC"),
    ),
    Known(
        "Commonwealth of Independent States",
        "Communauté des États indépendants",
        "organisation",
        "CIS",
        (),
        ("Communauté des Etats indépendants",),
        ("CEI",),
    ),
    Known(
        "Partnership for Peace",
        "Partenariat pour la paix",
        "framework",
        "PfP",
        (),
        (),
        ("PfP", "PFP", "PPP"),
        parent=NATO,
    ),
    Known(
        "Mediterranean Dialogue",
        "Dialogue méditerranéen",
        "framework",
        "MD",
        (),
        (),
        ("MD",),
        parent=NATO,
    ),
    Known(
        "Istanbul Cooperation Initiative",
        "Initiative de coopération d'Istanbul",
        "initiative",
        "ICI",
        (),
        (),
        ("ICI",),
        parent=NATO,
    ),
    Known(
        "Partners across the Globe",
        "Partenaires dans le monde",
        "framework",
        "PatG",
        (),
        (),
        ("PatG",),
        parent=NATO,
    ),
    Known(
        "Enhanced Opportunities Partners",
        "Partenaires nouvelles opportunités",
        "framework",
        "EOP",
        ("Enhanced Partnership Opportunities", "Enhanced Opportunities Programme"),
        (),
        ("EOP",),
        parent=NATO,
    ),
    Known(
        "Defence Capacity Building Initiative",
        "Initiative de renforcement des capacités de défense et des capacités de sécurité "
        "se rapportant à la défense",
        "initiative",
        "DCB",
        ("Defence and Related Security Capacity Building Initiative",),
        ("Initiative de renforcement des capacités de défense",),
        ("DCB",),
        parent=NATO,
    ),
    Known(
        "Berlin Plus arrangements",
        "Arrangements « Berlin plus »",
        "framework",
        "Berlin Plus",
        ("Berlin + arrangements", "Berlin Plus agreement"),
        ("accords Berlin plus",),
        (),
    ),
]

COUNTRY_VARIANTS: dict[str, tuple[str, ...]] = {
    "US": ("United States", "USA", "US", "U.S.", "Etats-Unis", "États-Unis"),
    "GB": ("UK", "Britain", "Great Britain", "Grande-Bretagne"),
    "AE": ("UAE", "EAU", "Emirates", "Émirats"),
    "RU": ("Russian Federation", "Fédération de Russie"),
    "MD": ("République de Moldova", "Moldova", "Moldavie"),
    "IQ": ("Iraq", "Irak"),
    "TR": ("Turkey", "Turquie", "Türkiye"),
    "CZ": ("Czech Republic",),
    "KR": ("Korea",),
    "VN": ("Viet Nam",),
    "MK": ("Macédoine du Nord", "North Macedonia"),
    "CD": ("RDC", "DRC"),
    "CF": ("Centrafrique",),
}
# Names in everyday use where the ISO list gives a formal one (used for display).
COMMON_NAMES: dict[str, tuple[str, str]] = {
    "US": ("United States", "États-Unis"),
}
# Phrases never linked when found in prose.
PROSE_EXCLUDED: set[str] = set()

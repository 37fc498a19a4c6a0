"""Texts of the 13-question bench survey, plain Python so the peer's venv can import them too."""

STATEMENTS = [
    "Ik wist waar ik met mijn vraag terecht kon.",
    "De cliëntondersteuner nam de tijd voor mij.",
    "Ik werd serieus genomen.",
    "De uitleg was duidelijk.",
    "Ik kon zelf meebeslissen.",
    "De ondersteuning paste bij mijn situatie.",
    "Ik weet nu beter wat ik kan doen.",
    "Ik zou de cliëntondersteuner aanraden.",
    "Ik ben tevreden over de hele aanpak.",
]

OPEN_TEXT = "Fijn dat er iemand meedacht. Het duurde wel lang voordat ik een afspraak had."

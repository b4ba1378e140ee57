"""The 98 Danish municipalities (since the 2007 reform): one list for the whole site.

A case's municipality, the library's »?kommune=« filter, a conference registration's
municipality and the anonymous counts kept after the registrations are deleted all store the
same key, so they can be joined: the name in ASCII for use in web addresses (æ → ae, ø → oe,
å → aa), e.g. »faxe« and »hoeje-taastrup«. The label is the municipality's own name for itself,
»Faxe Kommune«, »Bornholms Regionskommune«.
"""

MUNICIPALITY_NAMES = [
    # Region Hovedstaden
    "Albertslund",
    "Allerød",
    "Ballerup",
    "Bornholm",
    "Brøndby",
    "Dragør",
    "Egedal",
    "Fredensborg",
    "Frederiksberg",
    "Frederikssund",
    "Furesø",
    "Gentofte",
    "Gladsaxe",
    "Glostrup",
    "Gribskov",
    "Halsnæs",
    "Helsingør",
    "Herlev",
    "Hillerød",
    "Hvidovre",
    "Høje-Taastrup",
    "Hørsholm",
    "Ishøj",
    "København",
    "Lyngby-Taarbæk",
    "Rudersdal",
    "Rødovre",
    "Tårnby",
    "Vallensbæk",
    # Region Sjælland
    "Faxe",
    "Greve",
    "Guldborgsund",
    "Holbæk",
    "Kalundborg",
    "Køge",
    "Lejre",
    "Lolland",
    "Næstved",
    "Odsherred",
    "Ringsted",
    "Roskilde",
    "Slagelse",
    "Solrød",
    "Sorø",
    "Stevns",
    "Vordingborg",
    # Region Syddanmark
    "Assens",
    "Billund",
    "Esbjerg",
    "Fanø",
    "Fredericia",
    "Faaborg-Midtfyn",
    "Haderslev",
    "Kerteminde",
    "Kolding",
    "Langeland",
    "Middelfart",
    "Nordfyn",
    "Nyborg",
    "Odense",
    "Svendborg",
    "Sønderborg",
    "Tønder",
    "Varde",
    "Vejen",
    "Vejle",
    "Ærø",
    "Aabenraa",
    # Region Midtjylland
    "Favrskov",
    "Hedensted",
    "Herning",
    "Holstebro",
    "Horsens",
    "Ikast-Brande",
    "Lemvig",
    "Norddjurs",
    "Odder",
    "Randers",
    "Ringkøbing-Skjern",
    "Samsø",
    "Silkeborg",
    "Skanderborg",
    "Skive",
    "Struer",
    "Syddjurs",
    "Viborg",
    "Aarhus",
    # Region Nordjylland
    "Brønderslev",
    "Frederikshavn",
    "Hjørring",
    "Jammerbugt",
    "Læsø",
    "Mariagerfjord",
    "Morsø",
    "Rebild",
    "Thisted",
    "Vesthimmerland",
    "Aalborg",
]

_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def municipality_key(name):
    """»Høje-Taastrup« → »hoeje-taastrup«: the key stored and used in addresses."""
    return name.lower().translate(_ASCII)


# The two that do not call themselves »<name> Kommune«.
_OWN_NAMES = {"Bornholm": "Bornholms Regionskommune", "København": "Københavns Kommune"}


def _label(name):
    return _OWN_NAMES.get(name, f"{name} Kommune")


# Danish alphabetical order: æ, ø, å after z, and »aa« counts as »å« (Aabenraa after Ærø).
_DANISH_ORDER = str.maketrans({"æ": "{1", "ø": "{2", "å": "{3"})


def _danish_sort_key(label):
    return label.lower().replace("aa", "å").translate(_DANISH_ORDER)


MUNICIPALITY_CHOICES = sorted(
    ((municipality_key(name), _label(name)) for name in MUNICIPALITY_NAMES),
    key=lambda choice: _danish_sort_key(choice[1]),
)
MUNICIPALITIES = dict(MUNICIPALITY_CHOICES)

assert len(MUNICIPALITIES) == 98, "Denmark has 98 municipalities"  # noqa: S101 - a data check at import

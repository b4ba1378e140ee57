"""Fixed answers in the registration form: role and municipality."""

from django.db import models


class Role(models.TextChoices):
    LEADER = "leder", "Leder"
    EMPLOYEE = "medarbejder", "Medarbejder"
    REPRESENTATIVE = "repraesentant", "Tillidsrepræsentant eller arbejdsmiljørepræsentant"
    HR = "hr", "HR"
    JOBCENTER = "jobcenter", "Jobcenter"
    OTHER = "andet", "Andet"


# Denmark's 98 municipalities (since the 2007 reform), alphabetically as Danish sorts them.
MUNICIPALITY_NAMES = [
    "Albertslund", "Allerød", "Assens", "Ballerup", "Billund", "Bornholm", "Brøndby",
    "Brønderslev", "Dragør", "Egedal", "Esbjerg", "Fanø", "Favrskov", "Faxe", "Fredensborg",
    "Fredericia", "Frederiksberg", "Frederikshavn", "Frederikssund", "Furesø", "Faaborg-Midtfyn",
    "Gentofte", "Gladsaxe", "Glostrup", "Greve", "Gribskov", "Guldborgsund", "Haderslev",
    "Halsnæs", "Hedensted", "Helsingør", "Herlev", "Herning", "Hillerød", "Hjørring", "Holbæk",
    "Holstebro", "Horsens", "Hvidovre", "Høje-Taastrup", "Hørsholm", "Ikast-Brande", "Ishøj",
    "Jammerbugt", "Kalundborg", "Kerteminde", "Kolding", "København", "Køge", "Langeland",
    "Lejre", "Lemvig", "Lolland", "Lyngby-Taarbæk", "Læsø", "Mariagerfjord", "Middelfart",
    "Morsø", "Norddjurs", "Nordfyn", "Nyborg", "Næstved", "Odder", "Odense", "Odsherred",
    "Randers", "Rebild", "Ringkøbing-Skjern", "Ringsted", "Roskilde", "Rudersdal", "Rødovre",
    "Samsø", "Silkeborg", "Skanderborg", "Skive", "Slagelse", "Solrød", "Sorø", "Stevns",
    "Struer", "Svendborg", "Syddjurs", "Sønderborg", "Thisted", "Tønder", "Tårnby", "Vallensbæk",
    "Varde", "Vejen", "Vejle", "Vesthimmerland", "Viborg", "Vordingborg", "Ærø", "Aabenraa",
    "Aalborg", "Aarhus",
]  # fmt: skip

NOT_A_MUNICIPALITY = "ingen"

MUNICIPALITY_CHOICES = [(name, name) for name in MUNICIPALITY_NAMES] + [
    (NOT_A_MUNICIPALITY, "Ikke ansat i en kommune")
]

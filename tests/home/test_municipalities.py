"""One list of municipalities for the whole site (home/municipalities.py)."""

from cases.models import CasePage
from conferences.choices import NOT_A_MUNICIPALITY
from conferences.forms import RegistrationForm
from conferences.models import Registration, RegistrationCount
from home.municipalities import MUNICIPALITIES, MUNICIPALITY_CHOICES, municipality_key


def test_98_municipalities_keyed_for_addresses_and_named_as_they_name_themselves():
    assert len(MUNICIPALITIES) == 98
    assert municipality_key("Høje-Taastrup") == "hoeje-taastrup"
    assert MUNICIPALITIES["faxe"] == "Faxe Kommune"
    assert MUNICIPALITIES["koebenhavn"] == "Københavns Kommune"
    assert MUNICIPALITIES["bornholm"] == "Bornholms Regionskommune"
    labels = [label for _, label in MUNICIPALITY_CHOICES]
    # Danish order: Æ, Ø, Å last, and »Aa« counts as »Å«.
    assert labels[:2] == ["Albertslund Kommune", "Allerød Kommune"]
    assert labels[-4:] == ["Ærø Kommune", "Aabenraa Kommune", "Aalborg Kommune", "Aarhus Kommune"]


def test_cases_and_conferences_store_the_same_keys():
    """So the anonymous registration counts join the library's »?kommune=« filter."""
    case_keys = [key for key, _ in CasePage._meta.get_field("municipality").choices]
    assert case_keys == list(MUNICIPALITIES)
    for model in (Registration, RegistrationCount):
        keys = [key for key, _ in model._meta.get_field("municipality").choices]
        assert keys == [*MUNICIPALITIES, NOT_A_MUNICIPALITY]
    form_keys = [key for key, _ in RegistrationForm.base_fields["municipality"].choices if key]
    assert form_keys == [*MUNICIPALITIES, NOT_A_MUNICIPALITY]

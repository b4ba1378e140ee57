"""Registrations and anonymous counts store a municipality by the key the rest of the site uses
(home/municipalities.py: »aarhus«, »hoeje-taastrup«), not by its name (»Aarhus«), so the counts
can be joined with the library's »?kommune=« filter. »ingen« (not employed by a municipality)
stays as it is. Reversible: the keys go back to the names."""

from django.db import migrations, models

from home.municipalities import MUNICIPALITY_NAMES, municipality_key

MODELS = ("Registration", "RegistrationCount")


def _convert(apps, mapping):
    for name in MODELS:
        model = apps.get_model("conferences", name)
        for old, new in mapping.items():
            model.objects.filter(municipality=old).update(municipality=new)


def names_to_keys(apps, schema_editor):
    _convert(apps, {name: municipality_key(name) for name in MUNICIPALITY_NAMES})


def keys_to_names(apps, schema_editor):
    _convert(apps, {municipality_key(name): name for name in MUNICIPALITY_NAMES})


class Migration(migrations.Migration):

    dependencies = [
        ('conferences', '0006_registration_held_status'),
    ]

    operations = [
        migrations.AlterField(
            model_name='registration',
            name='municipality',
            field=models.CharField(choices=[('albertslund', 'Albertslund Kommune'), ('alleroed', 'Allerød Kommune'), ('assens', 'Assens Kommune'), ('ballerup', 'Ballerup Kommune'), ('billund', 'Billund Kommune'), ('bornholm', 'Bornholms Regionskommune'), ('broendby', 'Brøndby Kommune'), ('broenderslev', 'Brønderslev Kommune'), ('dragoer', 'Dragør Kommune'), ('egedal', 'Egedal Kommune'), ('esbjerg', 'Esbjerg Kommune'), ('fanoe', 'Fanø Kommune'), ('favrskov', 'Favrskov Kommune'), ('faxe', 'Faxe Kommune'), ('fredensborg', 'Fredensborg Kommune'), ('fredericia', 'Fredericia Kommune'), ('frederiksberg', 'Frederiksberg Kommune'), ('frederikshavn', 'Frederikshavn Kommune'), ('frederikssund', 'Frederikssund Kommune'), ('furesoe', 'Furesø Kommune'), ('faaborg-midtfyn', 'Faaborg-Midtfyn Kommune'), ('gentofte', 'Gentofte Kommune'), ('gladsaxe', 'Gladsaxe Kommune'), ('glostrup', 'Glostrup Kommune'), ('greve', 'Greve Kommune'), ('gribskov', 'Gribskov Kommune'), ('guldborgsund', 'Guldborgsund Kommune'), ('haderslev', 'Haderslev Kommune'), ('halsnaes', 'Halsnæs Kommune'), ('hedensted', 'Hedensted Kommune'), ('helsingoer', 'Helsingør Kommune'), ('herlev', 'Herlev Kommune'), ('herning', 'Herning Kommune'), ('hilleroed', 'Hillerød Kommune'), ('hjoerring', 'Hjørring Kommune'), ('holbaek', 'Holbæk Kommune'), ('holstebro', 'Holstebro Kommune'), ('horsens', 'Horsens Kommune'), ('hvidovre', 'Hvidovre Kommune'), ('hoeje-taastrup', 'Høje-Taastrup Kommune'), ('hoersholm', 'Hørsholm Kommune'), ('ikast-brande', 'Ikast-Brande Kommune'), ('ishoej', 'Ishøj Kommune'), ('jammerbugt', 'Jammerbugt Kommune'), ('kalundborg', 'Kalundborg Kommune'), ('kerteminde', 'Kerteminde Kommune'), ('kolding', 'Kolding Kommune'), ('koebenhavn', 'Københavns Kommune'), ('koege', 'Køge Kommune'), ('langeland', 'Langeland Kommune'), ('lejre', 'Lejre Kommune'), ('lemvig', 'Lemvig Kommune'), ('lolland', 'Lolland Kommune'), ('lyngby-taarbaek', 'Lyngby-Taarbæk Kommune'), ('laesoe', 'Læsø Kommune'), ('mariagerfjord', 'Mariagerfjord Kommune'), ('middelfart', 'Middelfart Kommune'), ('morsoe', 'Morsø Kommune'), ('norddjurs', 'Norddjurs Kommune'), ('nordfyn', 'Nordfyn Kommune'), ('nyborg', 'Nyborg Kommune'), ('naestved', 'Næstved Kommune'), ('odder', 'Odder Kommune'), ('odense', 'Odense Kommune'), ('odsherred', 'Odsherred Kommune'), ('randers', 'Randers Kommune'), ('rebild', 'Rebild Kommune'), ('ringkoebing-skjern', 'Ringkøbing-Skjern Kommune'), ('ringsted', 'Ringsted Kommune'), ('roskilde', 'Roskilde Kommune'), ('rudersdal', 'Rudersdal Kommune'), ('roedovre', 'Rødovre Kommune'), ('samsoe', 'Samsø Kommune'), ('silkeborg', 'Silkeborg Kommune'), ('skanderborg', 'Skanderborg Kommune'), ('skive', 'Skive Kommune'), ('slagelse', 'Slagelse Kommune'), ('solroed', 'Solrød Kommune'), ('soroe', 'Sorø Kommune'), ('stevns', 'Stevns Kommune'), ('struer', 'Struer Kommune'), ('svendborg', 'Svendborg Kommune'), ('syddjurs', 'Syddjurs Kommune'), ('soenderborg', 'Sønderborg Kommune'), ('thisted', 'Thisted Kommune'), ('toender', 'Tønder Kommune'), ('taarnby', 'Tårnby Kommune'), ('vallensbaek', 'Vallensbæk Kommune'), ('varde', 'Varde Kommune'), ('vejen', 'Vejen Kommune'), ('vejle', 'Vejle Kommune'), ('vesthimmerland', 'Vesthimmerland Kommune'), ('viborg', 'Viborg Kommune'), ('vordingborg', 'Vordingborg Kommune'), ('aeroe', 'Ærø Kommune'), ('aabenraa', 'Aabenraa Kommune'), ('aalborg', 'Aalborg Kommune'), ('aarhus', 'Aarhus Kommune'), ('ingen', 'Ikke ansat i en kommune')], max_length=40, verbose_name='kommune'),
        ),
        migrations.AlterField(
            model_name='registrationcount',
            name='municipality',
            field=models.CharField(choices=[('albertslund', 'Albertslund Kommune'), ('alleroed', 'Allerød Kommune'), ('assens', 'Assens Kommune'), ('ballerup', 'Ballerup Kommune'), ('billund', 'Billund Kommune'), ('bornholm', 'Bornholms Regionskommune'), ('broendby', 'Brøndby Kommune'), ('broenderslev', 'Brønderslev Kommune'), ('dragoer', 'Dragør Kommune'), ('egedal', 'Egedal Kommune'), ('esbjerg', 'Esbjerg Kommune'), ('fanoe', 'Fanø Kommune'), ('favrskov', 'Favrskov Kommune'), ('faxe', 'Faxe Kommune'), ('fredensborg', 'Fredensborg Kommune'), ('fredericia', 'Fredericia Kommune'), ('frederiksberg', 'Frederiksberg Kommune'), ('frederikshavn', 'Frederikshavn Kommune'), ('frederikssund', 'Frederikssund Kommune'), ('furesoe', 'Furesø Kommune'), ('faaborg-midtfyn', 'Faaborg-Midtfyn Kommune'), ('gentofte', 'Gentofte Kommune'), ('gladsaxe', 'Gladsaxe Kommune'), ('glostrup', 'Glostrup Kommune'), ('greve', 'Greve Kommune'), ('gribskov', 'Gribskov Kommune'), ('guldborgsund', 'Guldborgsund Kommune'), ('haderslev', 'Haderslev Kommune'), ('halsnaes', 'Halsnæs Kommune'), ('hedensted', 'Hedensted Kommune'), ('helsingoer', 'Helsingør Kommune'), ('herlev', 'Herlev Kommune'), ('herning', 'Herning Kommune'), ('hilleroed', 'Hillerød Kommune'), ('hjoerring', 'Hjørring Kommune'), ('holbaek', 'Holbæk Kommune'), ('holstebro', 'Holstebro Kommune'), ('horsens', 'Horsens Kommune'), ('hvidovre', 'Hvidovre Kommune'), ('hoeje-taastrup', 'Høje-Taastrup Kommune'), ('hoersholm', 'Hørsholm Kommune'), ('ikast-brande', 'Ikast-Brande Kommune'), ('ishoej', 'Ishøj Kommune'), ('jammerbugt', 'Jammerbugt Kommune'), ('kalundborg', 'Kalundborg Kommune'), ('kerteminde', 'Kerteminde Kommune'), ('kolding', 'Kolding Kommune'), ('koebenhavn', 'Københavns Kommune'), ('koege', 'Køge Kommune'), ('langeland', 'Langeland Kommune'), ('lejre', 'Lejre Kommune'), ('lemvig', 'Lemvig Kommune'), ('lolland', 'Lolland Kommune'), ('lyngby-taarbaek', 'Lyngby-Taarbæk Kommune'), ('laesoe', 'Læsø Kommune'), ('mariagerfjord', 'Mariagerfjord Kommune'), ('middelfart', 'Middelfart Kommune'), ('morsoe', 'Morsø Kommune'), ('norddjurs', 'Norddjurs Kommune'), ('nordfyn', 'Nordfyn Kommune'), ('nyborg', 'Nyborg Kommune'), ('naestved', 'Næstved Kommune'), ('odder', 'Odder Kommune'), ('odense', 'Odense Kommune'), ('odsherred', 'Odsherred Kommune'), ('randers', 'Randers Kommune'), ('rebild', 'Rebild Kommune'), ('ringkoebing-skjern', 'Ringkøbing-Skjern Kommune'), ('ringsted', 'Ringsted Kommune'), ('roskilde', 'Roskilde Kommune'), ('rudersdal', 'Rudersdal Kommune'), ('roedovre', 'Rødovre Kommune'), ('samsoe', 'Samsø Kommune'), ('silkeborg', 'Silkeborg Kommune'), ('skanderborg', 'Skanderborg Kommune'), ('skive', 'Skive Kommune'), ('slagelse', 'Slagelse Kommune'), ('solroed', 'Solrød Kommune'), ('soroe', 'Sorø Kommune'), ('stevns', 'Stevns Kommune'), ('struer', 'Struer Kommune'), ('svendborg', 'Svendborg Kommune'), ('syddjurs', 'Syddjurs Kommune'), ('soenderborg', 'Sønderborg Kommune'), ('thisted', 'Thisted Kommune'), ('toender', 'Tønder Kommune'), ('taarnby', 'Tårnby Kommune'), ('vallensbaek', 'Vallensbæk Kommune'), ('varde', 'Varde Kommune'), ('vejen', 'Vejen Kommune'), ('vejle', 'Vejle Kommune'), ('vesthimmerland', 'Vesthimmerland Kommune'), ('viborg', 'Viborg Kommune'), ('vordingborg', 'Vordingborg Kommune'), ('aeroe', 'Ærø Kommune'), ('aabenraa', 'Aabenraa Kommune'), ('aalborg', 'Aalborg Kommune'), ('aarhus', 'Aarhus Kommune'), ('ingen', 'Ikke ansat i en kommune')], max_length=40, verbose_name='kommune'),
        ),
        migrations.RunPython(names_to_keys, keys_to_names),
    ]

"""Fixed answers in the registration form: the participant's role at work and municipality."""

from django.db import models

from home.municipalities import MUNICIPALITY_CHOICES


class ParticipantRole(models.TextChoices):
    """What the participant does at work, asked in the registration form. Not the library's
    Role snippet (cases.models.Role: who took part in a case story)."""

    LEADER = "leder", "Leder"
    EMPLOYEE = "medarbejder", "Medarbejder"
    REPRESENTATIVE = "repraesentant", "Tillidsrepræsentant eller arbejdsmiljørepræsentant"
    HR = "hr", "HR"
    JOBCENTER = "jobcenter", "Jobcenter"
    OTHER = "andet", "Andet"


NOT_A_MUNICIPALITY = "ingen"

# The site's one list of municipalities (home/municipalities.py, the keys the library's
# »?kommune=« filter uses), and last, for people who do not work in one.
WORKPLACE_MUNICIPALITY_CHOICES = [*MUNICIPALITY_CHOICES, (NOT_A_MUNICIPALITY, "Ikke ansat i en kommune")]

from .evaluations import Evaluation, EvaluationMailing, EvaluationReceipt, SessionRating
from .pages import ConferenceIndexPage, ConferencePage, RegistrationState
from .registrations import Registration, RegistrationCount, UsedFormToken, Workshop, WorkshopBooking

__all__ = [
    "ConferenceIndexPage",
    "ConferencePage",
    "Evaluation",
    "EvaluationMailing",
    "EvaluationReceipt",
    "SessionRating",
    "Registration",
    "RegistrationCount",
    "RegistrationState",
    "UsedFormToken",
    "Workshop",
    "WorkshopBooking",
]

from .evaluations import Evaluation, EvaluationMailing, EvaluationReceipt, SessionRating
from .messages import ConferenceMessage, MessageReceipt
from .pages import ConferenceIndexPage, ConferencePage, RegistrationState
from .registrations import Registration, RegistrationCount, UsedFormToken, Workshop, WorkshopBooking

__all__ = [
    "ConferenceIndexPage",
    "ConferenceMessage",
    "ConferencePage",
    "Evaluation",
    "EvaluationMailing",
    "EvaluationReceipt",
    "MessageReceipt",
    "SessionRating",
    "Registration",
    "RegistrationCount",
    "RegistrationState",
    "UsedFormToken",
    "Workshop",
    "WorkshopBooking",
]

from .pages import ConferenceIndexPage, ConferencePage, RegistrationState
from .registrations import Registration, UsedFormToken, Workshop, WorkshopBooking

__all__ = [
    "ConferenceIndexPage",
    "ConferencePage",
    "Registration",
    "RegistrationState",
    "UsedFormToken",
    "Workshop",
    "WorkshopBooking",
]

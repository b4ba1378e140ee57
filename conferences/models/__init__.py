from .pages import ConferenceIndexPage, ConferencePage, RegistrationState
from .registrations import Registration, RegistrationCount, UsedFormToken, Workshop, WorkshopBooking

__all__ = [
    "ConferenceIndexPage",
    "ConferencePage",
    "Registration",
    "RegistrationCount",
    "RegistrationState",
    "UsedFormToken",
    "Workshop",
    "WorkshopBooking",
]

"""Crisis and help lines for each region Clearhead can be deployed in.

Numbers differ by country (988 does not work in the UK), so a deployment
shows only its own region's lines (CLEARHEAD_REGION). Each region records
when its numbers were last checked against the services' own pages;
re-check them every quarter. Source notes: shared brief, clinical facts §7.
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Contact:
    """One way to reach a service: a call, a text, or a web page."""

    kind: str  # "call", "text" or "web"
    label: str  # what a person sees, e.g. "Call 988"
    target: str  # what the link opens: tel:988, sms:741741, https://…

    @property
    def href(self) -> str:
        return self.target


@dataclass(frozen=True)
class HelpLine:
    slug: str
    name: str
    when_to_use: str
    hours: str
    contacts: tuple[Contact, ...]
    is_emergency: bool = False
    is_crisis: bool = False
    needs_recheck: bool = False
    # The line to call for help finding treatment (the finders' "nothing matched").
    finds_treatment: bool = False

    @property
    def phone_contacts(self) -> tuple[Contact, ...]:
        """Calls and texts only: what works without a connection to the web."""
        return tuple(contact for contact in self.contacts if contact.kind != "web")


@dataclass(frozen=True)
class RegionHelpLines:
    region: str
    country: str
    emergency_number: str
    last_verified: date
    lines: tuple[HelpLine, ...] = field(default_factory=tuple)

    @property
    def emergency(self) -> HelpLine:
        return next(line for line in self.lines if line.is_emergency)

    @property
    def crisis_lines(self) -> tuple[HelpLine, ...]:
        """The lines to show first when someone may harm themselves."""
        return tuple(line for line in self.lines if line.is_emergency or line.is_crisis)

    @property
    def treatment_line(self) -> HelpLine | None:
        """The line that helps a person find treatment near them, if any."""
        return next((line for line in self.lines if line.finds_treatment), None)


def _call(number: str, dial: str | None = None) -> Contact:
    return Contact("call", f"Call {number}", f"tel:{dial or number.replace(' ', '')}")


def _text(number: str, word: str = "") -> Contact:
    label = f"Text {word} to {number}" if word else f"Text {number}"
    body = f"?body={word}" if word else ""
    return Contact("text", label, f"sms:{number.replace(' ', '')}{body}")


US = RegionHelpLines(
    region="US",
    country="United States",
    emergency_number="911",
    last_verified=date(2026, 11, 22),
    lines=(
        HelpLine(
            slug="emergency",
            name="Emergency services",
            when_to_use=(
                "Someone is unconscious, not breathing normally, having a "
                "seizure, has chest pain, or is in danger right now."
            ),
            hours="Any time",
            contacts=(_call("911"),),
            is_emergency=True,
        ),
        HelpLine(
            slug="988",
            name="988 Suicide & Crisis Lifeline",
            when_to_use=(
                "You are thinking about suicide or harming yourself, or you are "
                "in a mental-health or drug-use crisis. Free and private. "
                "Press 1 for veterans, 2 for Spanish."
            ),
            hours="24 hours a day, every day",
            contacts=(
                _call("988"),
                _text("988"),
                Contact(
                    "web", "Chat at 988lifeline.org", "https://988lifeline.org/chat/"
                ),
            ),
            is_crisis=True,
        ),
        HelpLine(
            slug="samhsa",
            name="SAMHSA National Helpline",
            when_to_use=(
                "Free, private help finding treatment and support groups near "
                "you, in English and Spanish."
            ),
            hours="24 hours a day, every day of the year",
            contacts=(
                _call("1-800-662-4357", "18006624357"),
                Contact("call", "TTY 1-800-487-4889", "tel:18004874889"),
            ),
            finds_treatment=True,
        ),
        HelpLine(
            slug="poison",
            name="Poison Help",
            when_to_use=(
                "Someone has taken too much, or mixed ketamine with alcohol or "
                "other drugs, and is awake and breathing."
            ),
            hours="24 hours a day, every day",
            contacts=(_call("1-800-222-1222", "18002221222"),),
        ),
        HelpLine(
            slug="crisis-text-line",
            name="Crisis Text Line",
            when_to_use="You would rather text than talk.",
            hours="24 hours a day, every day",
            contacts=(_text("741741", "HOME"),),
            is_crisis=True,
        ),
    ),
)

UK = RegionHelpLines(
    region="UK",
    country="United Kingdom",
    emergency_number="999",
    last_verified=date(2026, 11, 22),
    lines=(
        HelpLine(
            slug="emergency",
            name="Emergency services",
            when_to_use=(
                "Someone is unconscious, not breathing normally, having a "
                "seizure, has seriously hurt themselves, or their life is at "
                "risk. Or go to A&E."
            ),
            hours="Any time",
            contacts=(_call("999"),),
            is_emergency=True,
        ),
        HelpLine(
            slug="samaritans",
            name="Samaritans",
            when_to_use=(
                "You are struggling, thinking about suicide or harming yourself. "
                "Free from any phone."
            ),
            hours="24 hours a day, every day",
            contacts=(_call("116 123"),),
            is_crisis=True,
        ),
        HelpLine(
            slug="nhs-111",
            name="NHS 111",
            when_to_use=(
                "You need urgent medical or mental-health help that is not an "
                "emergency. In England, choose the mental-health option."
            ),
            hours="24 hours a day, every day",
            contacts=(
                _call("111"),
                Contact("web", "111.nhs.uk", "https://111.nhs.uk/"),
            ),
            is_crisis=True,
        ),
        HelpLine(
            slug="shout",
            name="Shout",
            when_to_use="You would rather text than talk.",
            hours="24 hours a day, every day",
            contacts=(_text("85258"),),
            is_crisis=True,
        ),
        HelpLine(
            slug="frank",
            name="FRANK",
            when_to_use=(
                "Honest, private information and advice about drugs, including "
                "ketamine, and help finding local support."
            ),
            hours="Phone 24 hours; live chat 2pm to 6pm",
            contacts=(
                _call("0300 123 6600"),
                _text("82111"),
                Contact("web", "talktofrank.com", "https://www.talktofrank.com/"),
            ),
            needs_recheck=True,
            finds_treatment=True,
        ),
    ),
)

REGIONS = {"US": US, "UK": UK}


def help_lines_for(region: str) -> RegionHelpLines:
    """Return the help lines of a region code ("US" or "UK")."""
    return REGIONS[region]

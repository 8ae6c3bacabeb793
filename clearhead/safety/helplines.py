"""Crisis and help lines for each region Clearhead can be deployed in.

Numbers differ by country (988 does not work in the UK), so a deployment
shows only its own region's lines (CLEARHEAD_REGION). Each region records
when its numbers were last checked against the services' own pages;
re-check them every quarter. Source notes: shared brief, clinical facts §7.

What a person reads is translated (gettext_lazy, read when a page is shown);
numbers and the tel:/sms: targets never change. A service's own name (988
Suicide & Crisis Lifeline, SAMHSA National Helpline, Samaritans...) is the
same in every language: `display_name` shows it as written, marked as
English, with our words for what it is after it on a page in another
language. `in_spanish` says how to reach a line in Spanish, only as the
brief records it (§7, verified): nothing more is claimed.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from clearhead.core import languages

Text = str | Promise  # text a person reads: translated when it is shown


@dataclass(frozen=True)
class Contact:
    """One way to reach a service: a call, a text, or a web page."""

    kind: str  # "call", "text" or "web"
    label: Text  # what a person sees, e.g. "Call 988"
    target: str  # what the link opens: tel:988, sms:741741, https://…
    number: str = ""  # the number as written, e.g. "1-800-662-4357"

    @property
    def href(self) -> str:
        return self.target


@dataclass(frozen=True)
class HelpLine:
    slug: str
    name: Text
    when_to_use: Text
    hours: Text
    contacts: tuple[Contact, ...]
    is_emergency: bool = False
    is_crisis: bool = False
    needs_recheck: bool = False
    # The line to call for help finding treatment (the finders' "nothing matched").
    finds_treatment: bool = False
    # `name` is the service's own (not translated); `about` says what it is
    # in the reader's words, after the name on a page not in English.
    proper_name: bool = False
    about: Text = ""
    # How to reach the line in Spanish, as the brief records it; "" if it
    # records nothing (then nothing is said).
    in_spanish: Text = ""

    @property
    def phone_contacts(self) -> tuple[Contact, ...]:
        """Calls and texts only: what works without a connection to the web."""
        return tuple(contact for contact in self.contacts if contact.kind != "web")

    @property
    def call_contacts(self) -> tuple[Contact, ...]:
        """The numbers to call (a line's Spanish option is a call's)."""
        return tuple(contact for contact in self.contacts if contact.kind == "call")

    @property
    def display_name(self) -> SafeString:
        """The name as a page shows it, in the language active now.

        A service's own name stays as written, marked as English and left
        out of machine translation; on a page in another language our words
        for what it is follow it: "<span lang="en" translate="no">Crisis
        Text Line</span>, <span class="helpline__about">línea de crisis por
        mensaje de texto</span>".
        """
        if not self.proper_name:
            return format_html("{}", self.name)
        name = format_html('<span lang="en" translate="no">{}</span>', self.name)
        if self.about and (get_language() or languages.ENGLISH) != languages.ENGLISH:
            return format_html(
                '{}, <span class="helpline__about">{}</span>', name, self.about
            )
        return name


@dataclass(frozen=True)
class RegionHelpLines:
    region: str
    country: Text
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

    @property
    def spanish_lines(self) -> tuple[HelpLine, ...]:
        """The lines the brief records a way to reach in Spanish."""
        return tuple(line for line in self.lines if line.in_spanish)


def _call(number: str, dial: str | None = None) -> Contact:
    return Contact(
        "call",
        format_lazy(_("Call {number}"), number=number),
        f"tel:{dial or number.replace(' ', '')}",
        number,
    )


def _text(number: str, word: str = "") -> Contact:
    if word:
        # `word` is what the service reads: the same in every language.
        label = format_lazy(_("Text {word} to {number}"), word=word, number=number)
    else:
        label = format_lazy(_("Text {number}"), number=number)
    body = f"?body={word}" if word else ""
    return Contact("text", label, f"sms:{number.replace(' ', '')}{body}", number)


# Shared by several lines; one translation each.
ANY_TIME = _("Any time")
ALL_DAY_EVERY_DAY = _("24 hours a day, every day")
BY_TEXT = _("crisis line by text message")
RATHER_TEXT = _("You would rather text than talk.")

US = RegionHelpLines(
    region="US",
    country=_("United States"),
    emergency_number="911",
    last_verified=date(2026, 11, 22),
    lines=(
        HelpLine(
            slug="emergency",
            name=_("Emergency services"),
            when_to_use=_(
                "Someone is unconscious, not breathing normally, having a "
                "seizure, has chest pain, or is in danger right now."
            ),
            hours=ANY_TIME,
            contacts=(_call("911"),),
            is_emergency=True,
        ),
        HelpLine(
            slug="988",
            name="988 Suicide & Crisis Lifeline",
            proper_name=True,
            about=_("national suicide and crisis line"),
            when_to_use=_(
                "You are thinking about suicide or harming yourself, or you are "
                "in a mental-health or drug-use crisis. Free and private. "
                "Press 1 for veterans, 2 for Spanish."
            ),
            hours=ALL_DAY_EVERY_DAY,
            contacts=(
                _call("988"),
                _text("988"),
                Contact(
                    "web",
                    _("Chat at 988lifeline.org"),
                    "https://988lifeline.org/chat/",
                ),
            ),
            is_crisis=True,
            # Brief §7 [V]: "press ... 2 for Spanish" (on a call).
            in_spanish=_("Call 988 and press 2 for Spanish."),
        ),
        HelpLine(
            slug="samhsa",
            name="SAMHSA National Helpline",
            proper_name=True,
            about=_("SAMHSA's national helpline"),
            when_to_use=_(
                "Free, private help finding treatment and support groups near "
                "you, in English and Spanish."
            ),
            hours=_("24 hours a day, every day of the year"),
            contacts=(
                _call("1-800-662-4357", "18006624357"),
                Contact(
                    "call", "TTY 1-800-487-4889", "tel:18004874889", "1-800-487-4889"
                ),
            ),
            finds_treatment=True,
            # Brief §7 [V]: "English & Spanish".
            in_spanish=_("Help in English and Spanish."),
        ),
        HelpLine(
            slug="poison",
            name="Poison Help",
            proper_name=True,
            about=_("help line for poisoning"),
            when_to_use=_(
                "Someone has taken too much, or mixed ketamine with alcohol or "
                "other drugs, and is awake and breathing."
            ),
            hours=ALL_DAY_EVERY_DAY,
            contacts=(_call("1-800-222-1222", "18002221222"),),
        ),
        HelpLine(
            slug="crisis-text-line",
            name="Crisis Text Line",
            proper_name=True,
            about=BY_TEXT,
            when_to_use=RATHER_TEXT,
            hours=ALL_DAY_EVERY_DAY,
            contacts=(_text("741741", "HOME"),),
            is_crisis=True,
        ),
    ),
)

UK = RegionHelpLines(
    region="UK",
    country=_("United Kingdom"),
    emergency_number="999",
    last_verified=date(2026, 11, 22),
    lines=(
        HelpLine(
            slug="emergency",
            name=_("Emergency services"),
            when_to_use=_(
                "Someone is unconscious, not breathing normally, having a "
                "seizure, has seriously hurt themselves, or their life is at "
                "risk. Or go to A&E."
            ),
            hours=ANY_TIME,
            contacts=(_call("999"),),
            is_emergency=True,
        ),
        HelpLine(
            slug="samaritans",
            name="Samaritans",
            proper_name=True,
            about=_("emotional support line"),
            when_to_use=_(
                "You are struggling, thinking about suicide or harming yourself. "
                "Free from any phone."
            ),
            hours=ALL_DAY_EVERY_DAY,
            contacts=(_call("116 123"),),
            is_crisis=True,
        ),
        HelpLine(
            slug="nhs-111",
            name="NHS 111",
            proper_name=True,
            about=_("the NHS line for urgent help that is not an emergency"),
            when_to_use=_(
                "You need urgent medical or mental-health help that is not an "
                "emergency. In England, choose the mental-health option."
            ),
            hours=ALL_DAY_EVERY_DAY,
            contacts=(
                _call("111"),
                Contact("web", "111.nhs.uk", "https://111.nhs.uk/"),
            ),
            is_crisis=True,
        ),
        HelpLine(
            slug="shout",
            name="Shout",
            proper_name=True,
            about=BY_TEXT,
            when_to_use=RATHER_TEXT,
            hours=ALL_DAY_EVERY_DAY,
            contacts=(_text("85258"),),
            is_crisis=True,
        ),
        HelpLine(
            slug="frank",
            name="FRANK",
            proper_name=True,
            about=_("national drugs advice line"),
            when_to_use=_(
                "Honest, private information and advice about drugs, including "
                "ketamine, and help finding local support."
            ),
            hours=_("Phone 24 hours; live chat 2pm to 6pm"),
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

"""What a supporter sees, as far as the consent allows, and who waits for one.

The supporter's page: the last check-in (in the reader's own zone), the
plain trend, which e-mails she will get and why, what to do if the numbers
drop, and help for herself. The patient's home page: who used their code and
waits for them to choose what to share.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from clearhead.care import services as care_services
from clearhead.care.models import Consent
from clearhead.care.time_zones import today_for
from clearhead.flags.definitions import MISSED_CHECKIN_DAYS
from clearhead.recovery.models import DailyCheckIn
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.recovery.tests.test_tools_and_plans import add_checkin
from clearhead.sharing import services

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock

SUPPORTER_HOME = reverse("sharing:supporter_home")
MINE = reverse("sharing:my_supporters")
DASHBOARD = reverse("recovery:dashboard")
# A Sunday evening in London, already Monday morning in Auckland.
SUNDAY_EVENING = datetime(2026, 3, 15, 22, 30, tzinfo=UTC)


def _link(patient, supporter, relation="mum"):
    link, code = services.supporter_invite(actor=patient, relation=relation)
    services.supporter_accept(actor=supporter, code=code)
    link.refresh_from_db()
    return link


def _consent(patient, link, kinds, days=30):
    return care_services.consent_sign(
        actor=patient,
        link=link,
        kinds=kinds,
        purpose="family_support",
        expires_on=today_for(patient) + timedelta(days=days),
        signature="Pat Example",
    )


def _page(client, user, url=SUPPORTER_HOME) -> str:
    client.force_login(user)
    return " ".join(client.get(url).content.decode().split())


@pytest.fixture
def pat(patient_pat):
    onboard(patient_pat, days_ago=30, time_zone="Europe/London")
    return patient_pat


@pytest.fixture
def sunday_evening():
    with time_machine.travel(SUNDAY_EVENING, tick=False):
        yield


def test_the_last_check_in_is_shown_in_the_readers_own_zone(
    client, pat, supporter_sam, sunday_evening
):
    _consent(pat, _link(pat, supporter_sam), ["checkin_adherence"])
    add_checkin(pat, 0, 3)
    supporter_sam.time_zone = "Europe/London"
    supporter_sam.save(update_fields=["time_zone"])
    assert "Last check-in: <strong><time" in _page(client, supporter_sam)
    assert "Sunday 15 March</time>" in _page(client, supporter_sam)
    supporter_sam.time_zone = "Pacific/Auckland"
    supporter_sam.save(update_fields=["time_zone"])
    assert "Monday 16 March</time>" in _page(client, supporter_sam)


def test_the_last_check_in_is_when_it_was_filled_in(
    client, pat, supporter_sam, sunday_evening
):
    # An offline check-in carries the instant it was made on the phone.
    _consent(pat, _link(pat, supporter_sam), ["checkin_adherence"])
    add_checkin(pat, 2, 3)
    DailyCheckIn.objects.update(recorded_at=SUNDAY_EVENING - timedelta(days=2))
    supporter_sam.time_zone = "Europe/London"
    supporter_sam.save(update_fields=["time_zone"])
    assert "Friday 13 March</time>" in _page(client, supporter_sam)


def test_no_check_in_yet_says_so(client, pat, supporter_sam):
    _consent(pat, _link(pat, supporter_sam), ["checkin_adherence"])
    assert "Last check-in: <strong>none yet</strong>" in _page(client, supporter_sam)


def test_the_trend_is_in_plain_words_with_the_counts(
    client, pat, supporter_sam, sunday_evening
):
    _consent(pat, _link(pat, supporter_sam), ["checkin_adherence"])
    for days_ago in (0, 1, 2, 3, 4, 9):
        add_checkin(pat, days_ago, 3)
    page = _page(client, supporter_sam)
    assert "This week: <strong>More check-ins than last week</strong>" in page
    assert "(5 days this week, 1 the week before)" in page


def test_fewer_check_ins_is_said_kindly_with_what_to_do(
    client, pat, supporter_sam, sunday_evening
):
    _consent(pat, _link(pat, supporter_sam), ["checkin_adherence"])
    for days_ago in (0, 7, 8, 9, 10, 11):
        add_checkin(pat, days_ago, 3)
    page = _page(client, supporter_sam)
    assert "Fewer check-ins than last week" in page
    assert "If the numbers drop" in page
    assert "does not always mean something is wrong" in page


def test_the_alert_she_will_get_and_why(client, pat, supporter_sam):
    link = _link(pat, supporter_sam)
    consent = _consent(pat, link, ["missed_checkin_alerts"], days=60)
    page = _page(client, supporter_sam)
    assert (
        "We will e-mail you at <strong>sam@example.org</strong> if Pat goes "
        f"{MISSED_CHECKIN_DAYS} days in a row without a check-in."
    ) in page
    assert "Why: Pat turned this on when they chose what to share with you" in page
    assert f"{consent.expires_on:%-d %B %Y}" in page
    # Revoked: no e-mail, and the page no longer promises one.
    care_services.consent_revoke(actor=pat, consent=consent)
    assert "We will e-mail you" not in _page(client, supporter_sam)


def test_without_the_alert_she_is_told_she_will_not_be_emailed(
    client, pat, supporter_sam
):
    _consent(pat, _link(pat, supporter_sam), ["sober_days"])
    page = _page(client, supporter_sam)
    assert "We will not e-mail you about Pat's check-ins" in page
    assert "We will e-mail you at" not in page


def test_only_what_the_consent_grants(client, pat, supporter_sam, sunday_evening):
    _consent(pat, _link(pat, supporter_sam), ["sober_days"])
    add_checkin(pat, 0, 3)
    page = _page(client, supporter_sam)
    assert "Sober days" in page
    for figure in (
        "Last check-in",
        "This week:",
        "Check-ins in the last",
        "Check-ins since",
    ):
        assert figure not in page


def test_an_ended_consent_shows_nothing(client, pat, supporter_sam, sunday_evening):
    consent = _consent(pat, _link(pat, supporter_sam), ["checkin_adherence"])
    add_checkin(pat, 0, 3)
    Consent.objects.filter(pk=consent.pk).update(
        expires_on=today_for(pat) - timedelta(days=1)
    )
    page = _page(client, supporter_sam)
    assert "Last check-in" not in page
    assert "That is their choice to make." in page


def test_help_for_herself_links_to_family_groups_and_the_family_article(
    client, pat, supporter_sam
):
    _link(pat, supporter_sam)
    page = _page(client, supporter_sam)
    meetings = reverse("directory:meeting_list")
    # The meeting finder's own filter for Al-Anon and Nar-Anon (helper D's).
    assert f'href="{meetings}?family=1"' in page
    assert f'href="{meetings}"' in page
    article = reverse("education:article_detail", args=["for-family-and-friends"])
    assert f'href="{article}"' in page
    assert client.get(f"{meetings}?family=1").status_code == 200


# --- Waiting for a consent -------------------------------------------------


def test_the_patient_sees_on_her_home_that_someone_is_waiting(
    client, pat, supporter_sam
):
    link = _link(pat, supporter_sam)
    home = _page(client, pat, DASHBOARD)
    assert "<strong>Sam</strong> (mum) asked to support you." in home
    assert f'href="{MINE}#supporter-{link.public_id}"' in home
    mine = _page(client, pat, MINE)
    assert f'id="supporter-{link.public_id}"' in mine
    assert "Waiting for you." in mine
    # The supporter is told it is the patient's choice, and waits.
    assert "They will choose what you may see" in _page(client, supporter_sam)


def test_once_the_patient_chose_nobody_is_waiting(client, pat, supporter_sam):
    link = _link(pat, supporter_sam)
    consent = _consent(pat, link, ["sober_days"])
    assert "asked to support you" not in _page(client, pat, DASHBOARD)
    # Revoking is a choice too: she is not asked again.
    care_services.consent_revoke(actor=pat, consent=consent)
    assert "asked to support you" not in _page(client, pat, DASHBOARD)


def test_an_unused_or_cancelled_code_is_not_someone_waiting(client, pat, supporter_sam):
    services.supporter_invite(actor=pat, relation="sister")
    assert "asked to support you" not in _page(client, pat, DASHBOARD)


def test_another_patients_supporter_is_not_shown(
    client, pat, patient_pia, supporter_sam
):
    onboard(patient_pia)
    _link(pat, supporter_sam)
    assert "asked to support you" not in _page(client, patient_pia, DASHBOARD)


# --- The code: Share and Copy ----------------------------------------------


def test_a_new_code_comes_with_share_and_copy_buttons(client, pat):
    client.force_login(pat)
    response = client.post(
        MINE, {"action": "invite", "relation": "mum", "days": "14"}, follow=True
    )
    page = response.content.decode()
    assert 'src="/static/js/share-code.js"' in page
    assert 'data-share-code="' in page
    assert "data-share hidden>Share the code</button>" in page
    assert "data-copy hidden>Copy the code</button>" in page
    assert 'role="status" aria-live="polite"' in page
    assert f'data-share-url="{reverse("accounts:register")}?as=supporter"' in page
    # Shown once: a reload has no code, and no script.
    assert "share-code.js" not in client.get(MINE).content.decode()


def test_only_a_patient_asks_who_waits_for_them(supporter_sam):
    from django.core.exceptions import PermissionDenied

    from clearhead.care.selectors import supporter_links_waiting

    with pytest.raises(PermissionDenied):
        supporter_links_waiting(actor=supporter_sam)


def test_the_patient_reads_the_alert_in_the_words_she_signed(
    client, pat, supporter_sam
):
    """The consent form and the consent listed on "Family and friends" name
    the same number of days, the one definition's."""
    words = f"An e-mail to them if I miss check-ins for {MISSED_CHECKIN_DAYS} days"
    client.force_login(pat)
    link = _link(pat, supporter_sam)
    assert words in _page(client, pat, MINE)  # the form, open for Sam
    _consent(pat, link, ["missed_checkin_alerts"])
    listed = _page(client, pat, MINE)
    assert f"They may see: {words} in a row." in listed


def test_a_new_code_says_it_is_shown_once_and_names_the_zone_of_its_end(client, pat):
    client.force_login(pat)
    response = client.post(
        MINE, {"action": "invite", "relation": "friend"}, follow=True
    )
    page = " ".join(response.content.decode().split())
    assert "It is shown only this once" in page
    assert "GMT" in page or "BST" in page or "London" in page


def test_a_patient_who_joined_lately_is_counted_since_joining(
    client, pat, supporter_sam, sunday_evening
):
    """Joined on Friday (London), checked in on Sunday: one day of three, and
    the page says since when, not "in the last 14 days"."""
    pat.date_joined = SUNDAY_EVENING - timedelta(days=2)
    pat.save(update_fields=["date_joined"])
    _consent(pat, _link(pat, supporter_sam), ["checkin_adherence"])
    add_checkin(pat, 0, 3)
    page = _page(client, supporter_sam)
    assert "Check-ins since 13 March (when they joined): <strong>33%</strong>" in page
    assert "in the last" not in page

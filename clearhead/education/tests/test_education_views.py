from django.urls import reverse

from clearhead.education.models import ArticleFeedback
from clearhead.education.services import FEEDBACK_LIMIT

ARTICLE = "/learn/bladder-and-kidney-health/"


def test_the_library_lists_articles_by_topic_without_sign_in(client, db):
    page = client.get("/learn/").content.decode()
    assert "Learn about ketamine" in page
    assert 'href="/learn/what-is-ketamine/"' in page
    assert "Search the library" in page


def test_an_article_shows_sources_review_date_related_and_feedback(client, db):
    page = client.get(ARTICLE).content.decode()
    assert "Sources" in page
    assert "Last reviewed:" in page
    assert "Related" in page
    assert "Was this page helpful?" in page


def test_an_unknown_article_is_404(client, db):
    assert client.get("/learn/no-such-article/").status_code == 404


def test_search_finds_articles_and_says_how_many(client, db):
    page = client.get("/learn/search/", {"q": "support groups"}).content.decode()
    assert 'href="/learn/support-groups/"' in page
    assert "found for “support groups”" in page


def test_feedback_is_stored_anonymously(client, db):
    response = client.post(
        ARTICLE + "feedback/", {"helpful": "no", "comment": "More on pain, please"}
    )
    assert response.status_code == 302
    feedback = ArticleFeedback.objects.get()
    assert feedback.article_slug == "bladder-and-kidney-health"
    assert feedback.helpful is False
    assert feedback.comment == "More on pain, please"
    assert {f.name for f in ArticleFeedback._meta.fields} == {
        "id",
        "article_slug",
        "helpful",
        "comment",
        "created_at",
    }


def test_feedback_without_an_answer_is_a_form_error(client, db):
    response = client.post(ARTICLE + "feedback/", {"comment": "hm"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not ArticleFeedback.objects.exists()


def test_feedback_is_rate_limited_per_address(client, db):
    for _ in range(FEEDBACK_LIMIT + 3):
        client.post(ARTICLE + "feedback/", {"helpful": "yes"}, REMOTE_ADDR="192.0.2.1")
    assert ArticleFeedback.objects.count() == FEEDBACK_LIMIT
    client.post(ARTICLE + "feedback/", {"helpful": "yes"}, REMOTE_ADDR="192.0.2.2")
    assert ArticleFeedback.objects.count() == FEEDBACK_LIMIT + 1


def test_feedback_for_an_unknown_article_is_404(client, db):
    response = client.post("/learn/nope/feedback/", {"helpful": "yes"})
    assert response.status_code == 404


def test_only_administrators_see_the_feedback_report(
    client, admin_ada, patient_pat, clinician_casey
):
    ArticleFeedback.objects.create(
        article_slug="support-groups", helpful=True, comment="Clear and kind"
    )
    url = reverse("education:feedback_report")
    assert client.get(url).status_code == 302
    for user in (patient_pat, clinician_casey):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(admin_ada)
    page = client.get(url).content.decode()
    assert "Support groups" in page or "support-groups" in page
    assert "Clear and kind" in page

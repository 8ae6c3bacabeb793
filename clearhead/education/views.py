from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST, require_safe

from clearhead.accounts.policies import can_manage_users
from clearhead.audit.decorators import no_patient_data
from clearhead.audit.middleware import client_ip
from clearhead.core.public_cache import public_page
from clearhead.education import library, selectors, services
from clearhead.education.forms import FeedbackForm, SearchForm


@login_not_required
@no_patient_data
@require_safe
def article_list(request: HttpRequest) -> HttpResponse:
    context = {
        "topics": library.articles_by_topic(request.LANGUAGE_CODE),
        "search_form": SearchForm(),
    }
    return render(request, "education/article_list.html", context)


@login_not_required
@no_patient_data
@require_safe
def article_search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context = {
        "search_form": form,
        "query": query,
        "results": library.search(query, request.LANGUAGE_CODE),
    }
    return render(request, "education/article_search.html", context)


def _article_or_404(request: HttpRequest, slug: str) -> library.Article:
    """The article in the reader's language if it is written in it, else English."""
    article = library.get_article(slug, request.LANGUAGE_CODE)
    if article is None:
        raise Http404
    return article


def _article_context(
    request: HttpRequest, article: library.Article, form: FeedbackForm
) -> dict:
    return {
        "article": article,
        "related": library.related_articles(article, request.LANGUAGE_CODE),
        "feedback_form": form,
    }


@login_not_required
@no_patient_data
@require_safe
@public_page(lambda request: library.version())
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = _article_or_404(request, slug)
    context = _article_context(request, article, FeedbackForm())
    return render(request, "education/article_detail.html", context)


@login_not_required
@no_patient_data
@require_POST
def article_feedback(request: HttpRequest, slug: str) -> HttpResponse:
    article = _article_or_404(request, slug)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        context = _article_context(request, article, form)
        return render(request, "education/article_detail.html", context, status=400)
    try:
        services.feedback_create(
            article_slug=article.slug,
            helpful=form.cleaned_data["helpful"],
            comment=form.cleaned_data["comment"],
            client_address=client_ip(request) or "",
        )
    except services.FeedbackRateLimited:
        messages.warning(
            request, gettext("Thank you. We have enough feedback from you for now.")
        )
    else:
        messages.success(request, gettext("Thank you for your feedback."))
    return redirect(f"{request.path.removesuffix('feedback/')}#feedback")


@no_patient_data
@require_safe
def feedback_report(request: HttpRequest) -> HttpResponse:
    if not can_manage_users(request.user):
        raise PermissionDenied
    context = {
        "summary": selectors.feedback_summary(request.LANGUAGE_CODE),
        "comments": selectors.feedback_recent_comments(),
    }
    return render(request, "education/feedback_report.html", context)

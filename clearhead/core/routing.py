from django.contrib.auth.decorators import login_not_required


def public_api_urls(api):
    """Return the API's URLs, exempt from the site-wide sign-in redirect.

    The API authenticates each operation itself and answers 401 in JSON; a
    redirect to the sign-in page would be useless to a client.
    """
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = login_not_required(pattern.callback)
    return patterns, app_name, namespace

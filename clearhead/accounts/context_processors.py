from clearhead.accounts.device_store import device_store_id


def device_store(request):
    """Give every page the signed-in account's device-storage id (or "").

    `base.html` puts it in `<meta name="clearhead-account">`, where
    `static/js/device-store.js` reads it.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"device_store_id": ""}
    return {"device_store_id": device_store_id(user)}

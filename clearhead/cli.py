"""The `clearhead` command: Django's manage.py under the project's own name.

`clearhead help` lists every command. A wrong setting stops here with one
line naming it, instead of a traceback from deep inside Django.
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "clearhead"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clearhead.config.settings")

    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018  (loads and checks the settings)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"clearhead: configuration error: {error}\n")
        return 2
    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())

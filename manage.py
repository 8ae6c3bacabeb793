#!/usr/bin/env python
"""Django's usual entry point; the same as the installed `clearhead` command."""

import sys

from clearhead.cli import main

if __name__ == "__main__":
    sys.exit(main())

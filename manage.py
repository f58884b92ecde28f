#!/usr/bin/env python
"""Django's command-line utility; `rvudesk` is the same entry point."""

from rvudesk.cli import main

if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Same as the ``fazhi`` console script, for those who reach for manage.py."""

from fazhi.cli import main

if __name__ == "__main__":
    main()

"""`python -m helpcenter.cli`: the same as the `helpcenter` command."""

from helpcenter.cli import main

raise SystemExit(main())

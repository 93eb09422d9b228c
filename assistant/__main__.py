"""`python -m assistant` runs the same command line as `boneguide`."""

from assistant.cli import main

raise SystemExit(main())

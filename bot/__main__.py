"""`python -m bot` is the same program as the `copyright-bot` console script."""

from bot.cli.main import main

raise SystemExit(main())

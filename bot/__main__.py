"""`python -m bot` is the same program as the `copyright-bot` console script."""

from bot.cli.main import main

if __name__ == "__main__":  # not when a worker process (a large load's tokeniser) imports this module again
    raise SystemExit(main())

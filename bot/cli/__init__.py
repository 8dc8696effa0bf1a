"""The terminal front end: the same core as the Discord layer, per docs/cli-contract."""

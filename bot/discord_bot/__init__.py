"""The Discord layer: thin cogs, one renderer, views; it calls the core service and never holds SQL."""

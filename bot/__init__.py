"""A Discord bot that answers questions about AI and copyright, citing curated rulings."""

"""The Discord-free core: knowledge, storage, matching and answers. Never imports discord."""

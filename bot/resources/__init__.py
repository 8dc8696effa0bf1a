"""Shipped data (knowledge files, migrations) when the package is installed from a wheel."""

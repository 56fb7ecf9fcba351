"""``python -m newsweave`` runs the command line."""

from .cli import main

main()

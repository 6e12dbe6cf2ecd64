"""``python -m cfg_i18n`` runs the command line."""

from cfg_i18n.cli import main

main()

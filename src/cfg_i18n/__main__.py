"""``python -m cfg_i18n`` runs the command line."""

from cfg_i18n.launch import main

main()

"""makemessages without msgmerge's fuzzy guesses: a new Chinese msgid gets an empty English
entry (which tests/test_i18n.py reports) instead of a neighbour's translation marked fuzzy."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]

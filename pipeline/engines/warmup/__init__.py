"""Imported by the fork server (``supervisor.PRELOAD``): warm the pipeline up once.

The samples beside this file are short plans written for this purpose, one with
full diacritics and one without (so the restoration model is loaded too).
"""

from pipeline.engines.worker import warm_up

SECONDS = warm_up()

"""English as the journal writes it: weeks start on Monday.

The week pages are ISO weeks (Monday to Sunday nights), and German and
Spanish already start their weeks on Monday in Django's own formats; this
makes the calendar widgets and the week pages agree in English too.
"""

FIRST_DAY_OF_WEEK = 1  # Monday

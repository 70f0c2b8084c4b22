"""What the cycles announce, so that the rooms above them (the board's feed) can follow
without the cycles knowing them."""

from django.dispatch import Signal

# Sent inside the saving transaction with `cycle`, `created` (a new cycle, or a later stage
# of one) and `at` (when).
cycle_posted = Signal()

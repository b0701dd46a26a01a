"""What other apps may listen to. `unit_moved` is sent inside the transaction of a move, once
for the unit that got a new parent (its subtree moved with it), with its old and new path."""

from django.dispatch import Signal

unit_moved = Signal()

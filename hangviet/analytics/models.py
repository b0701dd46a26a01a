"""Pre-aggregated counts of confirmed activities, kept exact on every write.

A cell is (unit, reporting month, channel, kind) with the number of activities and the sum of
their quantities; theme cells are the same by theme (an activity with two themes counts once
in each). A reporting month runs from the 15th to the 14th, as the periods of Nghị định 09 do,
so every period code (2026, 2026H1, 2026Q2, 2026M07) is a range of whole buckets. The unit's
materialised path is copied onto the cell, so a subtree is one prefix condition on this small
table, never a scan of the activity table."""

from django.db import models

from hangviet.orgs.models import Unit
from hangviet.plans.models import Channel, Theme


class ActivityCell(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    unit_path = models.CharField(max_length=255)
    month = models.DateField()  # the 14th that ends the reporting month
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    count = models.PositiveIntegerField()
    quantity = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month", "channel", "kind"], name="activity_cell_key"
            )
        ]
        indexes = [models.Index(fields=["month", "unit_path"], name="activity_cell_month_path")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month} {self.channel_id} {self.kind}: {self.count}"


class ThemeCell(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    unit_path = models.CharField(max_length=255)
    month = models.DateField()
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField()
    quantity = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "month", "theme"], name="theme_cell_key")
        ]
        indexes = [models.Index(fields=["month", "unit_path"], name="theme_cell_month_path")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month} theme {self.theme_id}: {self.count}"


class SubtreeCell(models.Model):
    """The same counts rolled up onto every ancestor: the row of a unit holds its whole
    subtree. A dashboard for any unit reads a few hundred of these rows, whatever the number
    of activities below it. Kept by adding each leaf cell's change to its ancestors."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    count = models.BigIntegerField()
    quantity = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month", "channel", "kind"], name="subtree_cell_key"
            )
        ]
        # The subunits of a unit over a period: many units, few months.
        indexes = [models.Index(fields=["month", "unit"], name="subtree_cell_month_unit")]

    def __str__(self) -> str:
        return f"subtree {self.unit_id} {self.month} {self.channel_id} {self.kind}: {self.count}"


class SubtreeTotal(models.Model):
    """The subtree cells summed over channel and kind: one row per unit and month. The
    totals, the months and the subunits of a unit read these — a province over a year is
    ~1,500 rows instead of ~100,000 subtree cells."""

    # No index of its own: the unique (unit, month) and the covering index lead with the unit,
    # and a bare unit index tempted PostgreSQL into reading every month of every subunit.
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField()
    count = models.BigIntegerField()
    quantity = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "month"], name="subtree_total_key")]
        indexes = [
            models.Index(fields=["month", "unit"], name="subtree_total_month_unit"),
            # PostgreSQL answers "these units over these months" from the index alone (the
            # rows of one unit lie scattered over the table); SQLite has no INCLUDE.
            models.Index(
                fields=["unit", "month"], include=["count", "quantity"], name="subtree_total_cover"
            ),
        ]

    def __str__(self) -> str:
        return f"subtree total {self.unit_id} {self.month}: {self.count}"


class GroupTotal(models.Model):
    """What each group of units — departments, localities, press agencies, other bodies, the
    groups of the reporting cycle — logged in a unit's subtree in a month. The row of the
    nation for "press" holds every activity a press agency logged in the country; a few rows
    answer "who does the work" for any unit and period."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField()
    group = models.CharField(max_length=16)
    count = models.BigIntegerField()
    quantity = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "month", "group"], name="group_total_key")
        ]

    def __str__(self) -> str:
        return f"group total {self.unit_id} {self.month} {self.group}: {self.count}"

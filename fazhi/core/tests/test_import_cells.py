"""Cells outside any plausible range are refused in the preview, never a crash at apply."""

from __future__ import annotations

import pytest

from fazhi.core.imports import CellError, DateTime, ParseContext


@pytest.mark.parametrize("value", ["0001-01-01 00:00", "1899-12-31 23:00", "2101-01-01 08:00"])
def test_datetime_cells_outside_1900_to_2100_are_refused(world, value):
    with pytest.raises(CellError, match="1900年至2100年"):
        DateTime().parse(value, ParseContext(world.clerk_a))

"""Two builds of the same data give the same XLSX and zip, byte for byte, wherever and whenever they run."""

from __future__ import annotations

import shutil
import time

from civcas.downloads import data_files
from civcas.validate import validate


def test_the_workbook_and_the_zip_are_byte_identical_from_build_to_build(mini_package, tmp_path):
    first = data_files(validate(mini_package))
    time.sleep(1.1)  # the zip and the workbook carry times to the second: a clock that leaked would show
    elsewhere = tmp_path / "elsewhere" / "copy"
    shutil.copytree(mini_package, elsewhere)
    second = data_files(validate(elsewhere))
    names = [n for n in first if n.endswith((".xlsx", ".zip"))]
    assert len(names) == 2
    assert all(first[n] == second[n] for n in names)

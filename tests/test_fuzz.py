"""Property: whatever is done to a copy of the real package, `civcas validate` ends with exit 0, or exit 1 and
only `path:row:field: message` lines naming a file of the package; never exit 2 or a traceback; and a build of
invalid input leaves the previous output byte for byte as it was.

CI runs a fixed seed and about 200 examples; `make fuzz` runs thousands with a fresh seed.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tempfile
from pathlib import Path

from civcas import cli
from conftest import REAL_PACKAGE
from hypothesis import HealthCheck, given, settings
from mutations import EDITS, apply, examples
from test_build import tree_digest

LINE = re.compile(r"^(?P<path>[^\n]+?):(?P<row>[0-9]*):(?P<field>[^\n]*?): (?P<message>\S[^\n]*)$")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=examples(), deadline=None, derandomize=os.environ.get("CIVCAS_FUZZ_SEED") != "random",
          database=None, suppress_health_check=list(HealthCheck))
@given(edits=EDITS)
def test_no_edit_of_the_package_crashes_the_validator_or_touches_the_output(edits):
    with tempfile.TemporaryDirectory() as work:
        package, outside, previous = Path(work) / "pkg", Path(work) / "outside", Path(work) / "site"
        shutil.copytree(REAL_PACKAGE, package)
        outside.mkdir()
        previous.mkdir()
        (previous / "index.html").write_text("the previous build\n", encoding="utf-8")
        apply(package, edits, outside)
        code, out, err = run("validate", str(package))
        assert "Traceback" not in out + err
        assert code in (0, 1), (code, err)
        if code == 0:
            return
        lines = out.splitlines()
        assert lines, err
        for line in lines:
            match = LINE.match(line)
            assert match, line
            assert match["path"].startswith(str(package)), line
        before = tree_digest(previous)
        code, out, err = run("build", "--package", str(package), "--out", str(previous))
        assert code == 1 and "Traceback" not in out + err, (code, err)
        assert tree_digest(previous) == before

from __future__ import annotations

import subprocess
import sys

import groepsinzicht as gi
from groepsinzicht import errors


def test_public_api_is_exactly_all():
    public = {name for name in dir(gi) if not name.startswith("_")} - {"annotations"}
    # Submodules imported as a side effect are namespaces, not API entries.
    import types

    modules = {n for n in public if isinstance(getattr(gi, n), types.ModuleType)}
    assert public - modules == set(gi.__all__) - modules - {"__version__"}
    for name in gi.__all__:
        assert hasattr(gi, name), name
    assert len(gi.__all__) == len(set(gi.__all__))


def test_import_does_not_import_pyplot():
    code = (
        "import sys, groepsinzicht\n"
        "ds = groepsinzicht.load_sample()\n"
        "print('matplotlib.pyplot' in sys.modules, 'matplotlib' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["False", "False"]


def test_error_tree():
    assert issubclass(errors.FormatError, errors.GroepsinzichtError)
    for sub in (errors.UnknownFormatError, errors.EncodingError,
                errors.MalformedRecordError, errors.UnsafeArchiveError):
        assert issubclass(sub, errors.FormatError)
    assert issubclass(errors.SchemaError, errors.GroepsinzichtError)
    assert issubclass(errors.DataQualityWarning, UserWarning)


def test_error_message_shape_and_shortening():
    err = errors.MalformedRecordError("a.csv", "line 3, column 'Likes'", "a whole number",
                                      errors.shorten("x" * 500))
    text = str(err)
    assert text.startswith("a.csv: line 3, column 'Likes': expected a whole number, got 'xxx")
    assert len(text) < 120
    assert (err.source, err.place) == ("a.csv", "line 3, column 'Likes'")

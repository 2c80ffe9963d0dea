"""``congvan parse``: JSON lines, bad files reported and skipped, stdin, and the corpus accuracy."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from congvan.commands.parse import main

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "documents"
SEED = CORPUS / "01_sttttlangson_congvan_tuyentruyen.txt"
LETTER = CORPUS / "02_ubndquangngai_congvan_kgvx.txt"
# The project's shared scorer lives beside the repository (../shared/tools); CI checks it out there.
SCORER = Path(__file__).resolve().parents[3] / "shared" / "tools" / "score_parse.py"


class TestJsonLines:
    """--json prints one JSON object per line per file, as the schema, in readable Vietnamese."""

    def test_one_object_per_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Two files give two lines, each a complete object naming its source."""
        assert main([str(SEED), str(LETTER), "--json"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert [json.loads(line)["source"] for line in lines] == [str(SEED), str(LETTER)]

    def test_not_ascii_escaped(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Vietnamese letters are printed as themselves (ensure_ascii=False)."""
        main([str(LETTER), "--json"])
        out = capsys.readouterr().out
        assert "ỦY BAN NHÂN DÂN" in out and "\\u" not in out

    def test_stdin(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        """'-' reads the document from standard input."""
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(LETTER.read_bytes())))
        assert main(["-", "--json"]) == 0
        doc = json.loads(capsys.readouterr().out)
        assert (doc["source"], doc["symbol"]) == ("-", "UBND-KGVX")

    def test_human_summary(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --json, a readable summary with Vietnamese labels."""
        assert main([str(LETTER)]) == 0
        out = capsys.readouterr().out
        assert "Ký hiệu: UBND-KGVX" in out and "Người ký:" in out


class TestBadFiles:
    """A bad file is named on stderr (Vietnamese / English), the others are still read, exit is 1."""

    def test_continues_past_bad_files(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Empty and binary files fail; the good file between them is printed."""
        empty, junk = tmp_path / "empty.txt", tmp_path / "junk.bin"
        empty.write_bytes(b"")
        junk.write_bytes(bytes(range(256)) * 20)
        code = main([str(empty), str(LETTER), str(junk), "--json"])
        captured = capsys.readouterr()
        assert code == 1
        assert len(captured.out.splitlines()) == 1
        assert f"{empty}: Tệp rỗng / empty file" in captured.err
        assert str(junk) in captured.err

    def test_missing_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A path that does not exist is an error, not a crash."""
        assert main([str(tmp_path / "nothing.txt")]) == 1
        assert "Không tìm thấy tệp / file not found" in capsys.readouterr().err

    def test_console_script(self, tmp_path: Path) -> None:
        """The installed `congvan parse` dispatches here (through congvan.cli)."""
        bad = tmp_path / "bad.txt"
        bad.write_bytes(b"")
        run = subprocess.run(
            [sys.executable, "-m", "congvan.cli", "parse", "--json", str(LETTER), str(bad)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 1
        assert json.loads(run.stdout.splitlines()[0])["issuer"] == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
        assert "bad.txt" in run.stderr


def _score(folder: Path) -> float:
    """Run the project's scorer over a corpus folder through the real command line."""
    if not SCORER.exists():
        pytest.skip(f"the shared scorer is not at {SCORER}")
    run = subprocess.run(
        [sys.executable, str(SCORER), str(folder), "--cmd", f"{sys.executable} -m congvan.cli parse --json"],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    match = re.search(r"parse accuracy over (\d+) documents \((\d+) without JSON\): ([\d.]+)", run.stdout)
    assert match, run.stdout + run.stderr
    assert match.group(2) == "0", run.stderr
    return float(match.group(3))


@pytest.mark.slow
class TestCorpusAccuracy:
    """Field accuracy on the corpus of real documents (issue 3: >= 0.97 on clean text)."""

    def test_clean_text(self) -> None:
        """Text, Markdown and legacy-encoded documents."""
        assert _score(CORPUS) >= 0.97

    @pytest.mark.parametrize("kind", ["docx", "pdf"], ids=["docx", "pdf-text-layer"])
    def test_laid_out_files(self, kind: str) -> None:
        """The same documents laid out as .docx and as PDF with a text layer."""
        assert _score(CORPUS / kind) >= 0.97

    @pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
    def test_scans(self) -> None:
        """Scans read by OCR: a floor that guards against regressions (measured 0.78, docs/parser.md)."""
        assert _score(CORPUS / "scan") >= 0.6

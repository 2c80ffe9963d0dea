"""``congvan render FILE.json -o OUT.pdf|OUT.docx`` (issue 4, Layout)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from congvan import cli
from congvan.commands import render
from congvan.vbhc.layout import sample_document


def write_json(tmp_path: Path, data: Any, name: str = "letter.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def letter_json(tmp_path: Path) -> Path:
    return write_json(tmp_path, sample_document())


def test_renders_a_pdf(letter_json: Path, tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    assert render.main([str(letter_json), "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")


def test_renders_a_docx(letter_json: Path, tmp_path: Path) -> None:
    out = tmp_path / "letter.docx"
    assert render.main([str(letter_json), "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"PK")


def test_reads_the_document_from_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """So that `congvan parse X --json | congvan render - -o X.pdf` works: one JSON line on stdin."""
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(sample_document(), ensure_ascii=False) + "\n"))
    out = tmp_path / "piped.pdf"
    assert render.main(["-", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")


def test_format_option_overrides_the_suffix(letter_json: Path, tmp_path: Path) -> None:
    out = tmp_path / "letter.bin"
    assert render.main([str(letter_json), "-o", str(out), "--format", "docx"]) == 0
    assert out.read_bytes().startswith(b"PK")


def test_is_routed_by_the_congvan_command(letter_json: Path, tmp_path: Path) -> None:
    out = tmp_path / "routed.pdf"
    assert cli.main(["render", str(letter_json), "-o", str(out)]) == 0
    assert out.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "không phải JSON hợp lệ"),
        ("[1, 2]", "phải là một đối tượng JSON"),
        ('{"a": 1}\n{"b": 2}\n', "chứa 2 văn bản"),
        ('{"recipients": "Báo Lạng Sơn"}', "recipients"),
    ],
    ids=["invalid-json", "not-an-object", "two-documents", "wrong-field-type"],
)
def test_bad_input_fails_with_a_vietnamese_then_english_message(
    content: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bad.json"
    source.write_text(content, encoding="utf-8")
    out = tmp_path / "out.pdf"
    assert render.main([str(source), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert message in err and " / " in err
    assert not out.exists()


def test_a_missing_file_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert render.main([str(tmp_path / "nope.json"), "-o", str(tmp_path / "x.pdf")]) == 1
    assert "Không tìm thấy tệp" in capsys.readouterr().err


def test_an_unknown_output_suffix_is_reported(
    letter_json: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert render.main([str(letter_json), "-o", str(tmp_path / "x.txt")]) == 1
    assert ".pdf hoặc .docx" in capsys.readouterr().err


def test_output_is_required(letter_json: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        render.main([str(letter_json)])
    assert exit_info.value.code == 2

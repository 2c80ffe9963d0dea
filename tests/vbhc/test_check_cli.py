"""``congvan check FILE...`` (issue 4, Format check): findings per file, --json, exit status 1 on errors."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from congvan import cli
from congvan.commands import check
from congvan.vbhc.layout import render_docx, sample_document


def make_doc(**overrides: Any) -> dict[str, Any]:
    doc = sample_document()
    doc.update(overrides)
    return doc


def write_json(tmp_path: Path, doc: dict[str, Any], name: str) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    return write_json(tmp_path, make_doc(), "clean.json")


@pytest.fixture
def faulty(tmp_path: Path) -> Path:
    return write_json(tmp_path, make_doc(number="5"), "faulty.json")


@pytest.fixture
def fake_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("congvan.vbhc.reader")
    module.parse_text = lambda text, source: make_doc(number="7")  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "congvan.vbhc.reader", module)


def test_a_clean_document_passes_with_status_0(clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check.main([str(clean)]) == 0
    assert "đạt" in capsys.readouterr().out


def test_an_error_gives_status_1_and_names_the_rule(faulty: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check.main([str(faulty)]) == 1
    out = capsys.readouterr().out
    assert "number-leading-zero (Điều 15 khoản 1" in out and "lỗi" in out


def test_warnings_alone_keep_status_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_json(tmp_path, make_doc(distribution=["Như trên", "Lưu: VT"]), "warn.json")
    assert check.main([str(path)]) == 0
    assert "cảnh báo" in capsys.readouterr().out


def test_each_file_is_reported(clean: Path, faulty: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check.main([str(clean), str(faulty)]) == 1
    out = capsys.readouterr().out
    assert f"{clean}: đạt" in out and f"{faulty}: 1 lỗi" in out


def test_json_output_is_one_object_per_document(
    clean: Path, faulty: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    check.main(["--json", str(clean), str(faulty)])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["source"], r["errors"]) for r in records] == [(str(clean), 0), (str(faulty), 1)]
    assert records[1]["findings"][0]["code"] == "number-leading-zero"
    assert set(records[1]["findings"][0]) >= {"rule", "level", "message", "field"}


def test_parse_json_lines_are_checked_one_by_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [json.dumps(make_doc(source=name), ensure_ascii=False) for name in ("a.txt", "b.txt")]
    path = tmp_path / "parsed.json"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert check.main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "a.txt: đạt" in out and "b.txt: đạt" in out


def test_agency_and_units_options_check_the_symbol(clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check.main([str(clean), "--agency", "SNV", "--units", "VP,TCCB"]) == 1
    out = capsys.readouterr().out
    assert "symbol-agency" in out and "symbol-unit" in out


def test_a_text_document_goes_through_the_reader(
    tmp_path: Path, fake_reader: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "letter.txt"
    path.write_text("Số: 7/STTTT-TTBCXB\n", encoding="utf-8")
    assert check.main([str(path)]) == 1
    assert "number-leading-zero" in capsys.readouterr().out


def test_a_docx_document_goes_through_the_reader(
    tmp_path: Path, fake_reader: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "letter.docx"
    path.write_bytes(render_docx(make_doc()))
    assert check.main([str(path)]) == 1
    assert "number-leading-zero" in capsys.readouterr().out


def test_without_a_reader_a_text_file_cannot_be_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "congvan.vbhc.reader", types.ModuleType("congvan.vbhc.reader"))
    path = tmp_path / "letter.txt"
    path.write_text("Số: 7/STTTT-TTBCXB\n", encoding="utf-8")
    assert check.main([str(path)]) == 2
    assert "bộ đọc văn bản" in capsys.readouterr().err


def test_a_missing_file_gives_status_2(
    tmp_path: Path, clean: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check.main([str(tmp_path / "nope.json"), str(clean)]) == 2
    captured = capsys.readouterr()
    assert "Không tìm thấy tệp" in captured.err and "đạt" in captured.out


def test_invalid_json_gives_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{nope", encoding="utf-8")
    assert check.main([str(path)]) == 2
    assert "không phải JSON hợp lệ" in capsys.readouterr().err


def test_is_routed_by_the_congvan_command(faulty: Path) -> None:
    assert cli.main(["check", str(faulty)]) == 1

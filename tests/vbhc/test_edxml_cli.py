"""``congvan edxml``: inspect (JSON and readable), build, validate; errors in Vietnamese then English, exit 1."""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess
import sys

import jsonschema
import pytest

from congvan.cli import main as congvan_main
from congvan.commands.edxml import main

FIXTURES = pathlib.Path(__file__).parents[1] / "fixtures" / "edxml"
REFERENCE = FIXTURES / "reference"
SCHEMA = json.loads((FIXTURES / "edxml-message.schema.json").read_text(encoding="utf-8"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


class TestInspectJson:
    @pytest.mark.parametrize("name", ["edoc-new-sample", "status-03-sample"], ids=["edoc", "status"])
    def test_reference_messages(self, capsys, name: str) -> None:
        """inspect --json prints what .expected.json holds for the two reference messages (DESIGN §4)."""
        status, out, _ = run(capsys, "inspect", "--json", str(REFERENCE / f"{name}.edxml"))
        want = json.loads((REFERENCE / f"{name}.expected.json").read_text(encoding="utf-8"))
        got = json.loads(out)
        assert status == 0
        assert {key: got[key] for key in want} == want

    @pytest.mark.parametrize("name", ["late-namespace.edxml", "unaccented.edxml", "status-unprefixed.edxml"])
    def test_one_object_following_the_schema(self, capsys, name: str) -> None:
        """The output is exactly one JSON object, valid against spec/edxml-message.schema.json."""
        status, out, _ = run(capsys, "inspect", str(FIXTURES / name), "--json")
        assert status == 0
        jsonschema.Draft202012Validator(SCHEMA).validate(json.loads(out))

    def test_unicode_unescaped(self, capsys) -> None:
        """Vietnamese is printed as UTF-8 text, not \\u escapes, so people can read the JSON."""
        _, out, _ = run(capsys, "inspect", "--json", str(FIXTURES / "late-namespace.edxml"))
        assert "Lạng Sơn" in out


class TestInspectSummary:
    @pytest.mark.parametrize(
        ("name", "expected"),
        [("reference/edoc-new-sample.edxml", "Trích yếu:"), ("reference/status-03-sample.edxml", "03 — Đã tiếp nhận"),
         ("unaccented.edxml", "Lưu ý:"), ("late-namespace.edxml", "ghi-chu.txt (26 byte, text/plain)")],
        ids=["edoc-subject", "status-label", "warnings-shown", "attachment-line"],
    )  # fmt: skip
    def test_readable_summary(self, capsys, name: str, expected: str) -> None:
        """Without --json, a labelled Vietnamese summary a clerk can read."""
        status, out, _ = run(capsys, "inspect", str(FIXTURES / name))
        assert status == 0 and expected in out
        assert not out.lstrip().startswith("{")


class TestErrors:
    @pytest.mark.parametrize(
        ("argv", "fragment"),
        [(["inspect", str(FIXTURES / "broken-tag.edxml")], "dòng 7"),
         (["inspect", str(FIXTURES / "not-edxml.xml"), "--json"], "edXML"),
         (["inspect", str(FIXTURES / "does-not-exist.edxml")], "không mở được tệp")],
        ids=["malformed", "not-edxml", "missing-file"],
    )  # fmt: skip
    def test_vietnamese_then_english_exit_1(self, capsys, argv: list[str], fragment: str) -> None:
        """Errors go to stderr, Vietnamese first ('Lỗi:') then English ('Error:'), exit status 1, stdout empty."""
        status, out, err = run(capsys, *argv)
        assert status == 1 and out == ""
        lines = err.splitlines()
        assert lines[0].startswith("Lỗi:") and fragment in lines[0]
        assert lines[1].startswith("Error:")

    @pytest.mark.parametrize(
        "argv", [[], ["frobnicate"], ["inspect"]], ids=["nothing", "unknown-command", "no-file"]
    )
    def test_usage_errors(self, capsys, argv: list[str]) -> None:
        """Wrong arguments are reported the same way: usage, then Vietnamese and English, exit status 1."""
        status, _, err = run(capsys, *argv)
        assert status == 1 and "Lỗi: tham số không hợp lệ" in err and "Error: invalid arguments" in err

    def test_unsafe_message_reported(self, capsys, tmp_path: pathlib.Path) -> None:
        """A refused XXE message is reported like any error, without the file's content."""
        path = tmp_path / "xxe.edxml"
        path.write_text('<!DOCTYPE edXML [<!ENTITY x SYSTEM "file:///etc/passwd">]><edXML>&x;</edXML>')
        status, _, err = run(capsys, "inspect", str(path))
        assert status == 1 and "DOCTYPE" in err and "root:" not in err


class TestBuild:
    def test_build_from_inspect_output(self, capsys, tmp_path: pathlib.Path) -> None:
        """build writes an edoc from inspect's JSON (attachment bytes from 'path'); it reads back the same."""
        _, out, _ = run(capsys, "inspect", "--json", str(FIXTURES / "late-namespace.edxml"))
        document = json.loads(out)
        (tmp_path / "ghi-chu.txt").write_bytes("Ghi chú tuyên truyền.\n".encode())
        document["attachments"][0]["path"] = "ghi-chu.txt"
        (tmp_path / "doc.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        output = tmp_path / "out.edxml"
        assert run(capsys, "build", str(tmp_path / "doc.json"), "-o", str(output))[0] == 0
        _, again, _ = run(capsys, "inspect", "--json", str(output))
        assert json.loads(again) == document | {"attachments": json.loads(again)["attachments"]}
        assert json.loads(again)["attachments"][0]["sha256"] == document["attachments"][0]["sha256"]

    def test_build_from_short_form(self, capsys, tmp_path: pathlib.Path) -> None:
        """build also takes the schema's flat keys alone, for hand-written input; the result validates."""
        document = {
            "kind": "edoc",
            "from": {"organ_id": "000.00.18.H34", "name": "Sở TT&TT Lạng Sơn"},
            "to": [{"organ_id": "000.00.32.H34", "name": "Báo Lạng Sơn"}],
            "number": "412",
            "notation": "STTTT-TTBCXB",
            "date": "2024-04-08",
            "subject": "V/v tuyên truyền",
            "attachments": [{"name": "a.txt", "data_base64": "YQ=="}],
        }
        (tmp_path / "doc.json").write_text(json.dumps(document), encoding="utf-8")
        output = tmp_path / "out.edxml"
        assert run(capsys, "build", str(tmp_path / "doc.json"), "-o", str(output))[0] == 0
        assert run(capsys, "validate", str(output))[0] == 0

    @pytest.mark.parametrize(
        ("content", "fragment"),
        [("{not json", "JSON"), ('{"kind": "edoc", "to": []}', "OrganId"), ("[]", "JSON")],
        ids=["not-json", "incomplete", "not-object"],
    )
    def test_build_errors(self, capsys, tmp_path: pathlib.Path, content: str, fragment: str) -> None:
        """Bad build input is an error in both languages with exit status 1."""
        (tmp_path / "doc.json").write_text(content, encoding="utf-8")
        status, _, err = run(capsys, "build", str(tmp_path / "doc.json"), "-o", str(tmp_path / "o.edxml"))
        assert status == 1 and err.startswith("Lỗi:") and fragment in err


class TestValidate:
    def test_reference_edoc_is_not_in_our_order(self, capsys) -> None:
        """validate checks our XSD, which is strict about order: the reference edoc (ToPlaces after
        SteeringType) does not pass, though it reads."""
        status, _, err = run(capsys, "validate", str(REFERENCE / "edoc-new-sample.edxml"))
        assert status == 1 and "ToPlaces" in err


class TestDispatcher:
    def test_routed_by_congvan_cli(self, capsys) -> None:
        """`congvan edxml ...` reaches this module through the CLI dispatcher."""
        assert congvan_main(["edxml", "inspect", str(REFERENCE / "status-03-sample.edxml")]) == 0
        assert "Mã trạng thái" in capsys.readouterr().out

    @pytest.mark.skipif(
        shutil.which("congvan", path=str(pathlib.Path(sys.executable).parent)) is None, reason="not installed"
    )
    def test_console_script(self) -> None:
        """The installed console script prints one JSON object and exits 0."""
        exe = shutil.which("congvan", path=str(pathlib.Path(sys.executable).parent))
        assert exe
        done = subprocess.run(
            [exe, "edxml", "inspect", "--json", str(REFERENCE / "status-03-sample.edxml")],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0 and json.loads(done.stdout)["status"]["code"] == "03"

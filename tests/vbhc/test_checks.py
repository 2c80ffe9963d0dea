"""Format findings of Nghị định 30/2020/NĐ-CP: each class is one rule, its docstring the article."""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest

from congvan.vbhc.checks import (
    ERROR,
    WARNING,
    Finding,
    ReaderUnavailableError,
    check_date_line,
    check_document,
    check_text,
)
from congvan.vbhc.layout import sample_document


def make_doc(**overrides: Any) -> dict[str, Any]:
    """The sample letter (which has no findings) with some fields changed."""
    doc = sample_document()
    doc.update(overrides)
    return doc


def make_signature(
    authority: str | None, title: str | None, name: str | None = "Lê Hải Yến"
) -> dict[str, Any]:
    return {"authority": authority, "title": title, "name": name}


def codes(findings: list[Finding], level: str | None = None) -> list[str]:
    return [f.code for f in findings if level is None or f.level == level]


def test_the_sample_letter_has_no_findings() -> None:
    assert check_document(sample_document(), agency_abbreviation="STTTT", unit_codes={"TTBCXB", "VP"}) == []


def test_a_finding_names_its_rule_with_the_article() -> None:
    (finding,) = check_document(make_doc(number="5"))
    assert finding.rule == "number-leading-zero (Điều 15 khoản 1; Phụ lục I mục II.3.c)"
    assert finding.to_dict()["field"] == "number"


def test_errors_come_before_warnings() -> None:
    findings = check_document(make_doc(number="5", place="lạng Sơn"))
    assert [f.level for f in findings] == [ERROR, WARNING]


class TestNumber:
    """Điều 15 khoản 1, Phụ lục I II.3.c: numbers from 01; below 10 written with a leading 0."""

    @pytest.mark.parametrize("number", ["1", "9"], ids=["one", "nine"])
    def test_a_number_below_ten_without_its_zero_is_an_error(self, number: str) -> None:
        assert codes(check_document(make_doc(number=number)), ERROR) == ["number-leading-zero"]

    @pytest.mark.parametrize(
        "number", ["01", "09", "10", "219", None], ids=["01", "09", "10", "219", "blank-draft"]
    )
    def test_a_well_written_or_blank_number_passes(self, number: str | None) -> None:
        assert check_document(make_doc(number=number)) == []

    @pytest.mark.parametrize("number", ["0", "12a"], ids=["zero", "letters"])
    def test_a_number_that_is_not_a_register_number_is_an_error(self, number: str) -> None:
        assert codes(check_document(make_doc(number=number)), ERROR) == ["number-format"]


class TestSymbol:
    """Phụ lục I II.3.b-c and Phụ lục III: công văn = agency-unit; a named type = type abbreviation-agency."""

    @pytest.mark.parametrize(
        ("doc_type", "symbol"),
        [
            ("Quyết định", "QĐ-STTTT"),
            ("Kế hoạch", "KH-STTTT"),
            ("Tờ trình", "TTr-STTTT"),
            ("Công văn", "STTTT-VP"),
        ],
        ids=["quyet-dinh", "ke-hoach", "to-trinh", "cong-van"],
    )
    def test_symbols_matching_the_type_table_pass(self, doc_type: str, symbol: str) -> None:
        doc = make_doc(type=doc_type, symbol=symbol)
        assert "symbol-type" not in codes(check_document(doc, agency_abbreviation="STTTT", unit_codes={"VP"}))

    @pytest.mark.parametrize(
        ("doc_type", "symbol"),
        [("Quyết định", "QD-STTTT"), ("Kế hoạch", "TB-STTTT"), ("Công văn", "QĐ-STTTT")],
        ids=["quyet-dinh-without-d-stroke", "ke-hoach-as-thong-bao", "cong-van-with-a-type"],
    )
    def test_a_symbol_contradicting_the_type_table_is_an_error(self, doc_type: str, symbol: str) -> None:
        assert "symbol-type" in codes(check_document(make_doc(type=doc_type, symbol=symbol)), ERROR)

    @pytest.mark.parametrize(
        ("doc_type", "symbol"),
        [("Công văn", "SNV-VP"), ("Quyết định", "QĐ-UBND")],
        ids=["cong-van", "quyet-dinh"],
    )
    def test_another_agencys_abbreviation_is_an_error(self, doc_type: str, symbol: str) -> None:
        doc = make_doc(type=doc_type, symbol=symbol)
        assert codes(check_document(doc, agency_abbreviation="STTTT"), ERROR) == ["symbol-agency"]

    def test_an_unknown_drafting_unit_is_an_error(self) -> None:
        findings = check_document(make_doc(symbol="STTTT-XYZ"), unit_codes={"VP", "TTBCXB"})
        assert codes(findings, ERROR) == ["symbol-unit"]

    def test_a_cong_van_without_a_unit_is_a_warning(self) -> None:
        assert codes(check_document(make_doc(symbol="STTTT")), WARNING) == ["symbol-unit"]

    @pytest.mark.parametrize("symbol", ["STTTT - VP", "STTTT--VP"], ids=["spaces", "empty-group"])
    def test_a_badly_formed_symbol_is_an_error(self, symbol: str) -> None:
        assert "symbol-format" in codes(check_document(make_doc(symbol=symbol)), ERROR)

    def test_a_missing_symbol_is_an_error(self) -> None:
        assert codes(check_document(make_doc(symbol=None)), ERROR) == ["symbol-missing"]


class TestDateLine:
    """Phụ lục I II.4: '<Địa danh>, ngày 05 tháng 4 năm 2024'; days below 10 and months 1, 2 with a 0."""

    @pytest.mark.parametrize(
        "line",
        [
            "Lạng Sơn, ngày 05 tháng 4 năm 2024",
            "Hà Nội, ngày 05 tháng 01 năm 2020",
            "Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019",
            "Lạng Sơn, ngày      tháng 4 năm 2024",
        ],
        ids=["day-05", "month-01", "long-place", "day-blank-draft"],
    )
    def test_well_formed_lines_pass(self, line: str) -> None:
        assert list(check_date_line(line)) == []

    @pytest.mark.parametrize(
        ("line", "level"),
        [
            ("Lạng Sơn, ngày 5 tháng 4 năm 2024", ERROR),
            ("Hà Nội, ngày 15 tháng 1 năm 2020", ERROR),
            ("Lạng Sơn ngày 15 tháng 4 năm 2024", ERROR),
            ("Lạng Sơn, ngày 15 tháng 04 năm 2024", WARNING),
            ("Lạng Sơn, 05/4/2024", ERROR),
        ],
        ids=["day-without-zero", "january-without-zero", "no-comma", "april-with-zero", "numeric-form"],
    )
    def test_malformed_lines_are_reported(self, line: str, level: str) -> None:
        assert [(f.code, f.level) for f in check_date_line(line)] == [("date-line-form", level)]

    def test_a_date_line_given_with_the_document_is_checked(self) -> None:
        doc = make_doc(date_line="Lạng Sơn, ngày 5 tháng 4 năm 2024")
        assert codes(check_document(doc)) == ["date-line-form"]

    def test_an_impossible_date_is_an_error(self) -> None:
        assert codes(check_document(make_doc(date="2024-02-30")), ERROR) == ["date-invalid"]

    def test_a_missing_place_is_an_error(self) -> None:
        assert codes(check_document(make_doc(place=None)), ERROR) == ["place-missing"]


class TestSubject:
    """Phụ lục I II.5.b: a công văn has its 'V/v' subject; Phụ lục VI Phần II: subject at most 500 characters."""

    def test_a_cong_van_without_subject_is_an_error(self) -> None:
        assert codes(check_document(make_doc(subject=None)), ERROR) == ["subject-missing"]

    def test_a_named_type_without_subject_is_a_warning(self) -> None:
        doc = make_doc(type="Thông báo", symbol="TB-STTTT", subject=None, recipients=[])
        assert "subject-missing" in codes(check_document(doc), WARNING)

    @pytest.mark.parametrize(("length", "found"), [(500, False), (501, True)], ids=["500-ok", "501-too-long"])
    def test_subject_length_limit(self, length: int, found: bool) -> None:
        findings = check_document(make_doc(subject="a" * length))
        assert ("subject-too-long" in codes(findings, ERROR)) is found

    def test_a_subject_repeating_vv_is_a_warning(self) -> None:
        assert codes(check_document(make_doc(subject="V/v tuyên truyền")), WARNING) == ["subject-format"]


class TestRecipients:
    """Phụ lục I II.9.b, II.9.d: a công văn names who acts after 'Kính gửi:', one per line."""

    def test_a_cong_van_without_kinh_gui_is_an_error(self) -> None:
        assert "recipients-missing" in codes(check_document(make_doc(recipients=[])), ERROR)

    @pytest.mark.parametrize(
        ("recipients", "level"),
        [
            (["Như trên"], ERROR),
            (["Báo Lạng Sơn", ""], ERROR),
            (["báo Lạng Sơn"], WARNING),
            (["Báo Lạng Sơn", "Báo Lạng Sơn"], WARNING),
        ],
        ids=["nhu-tren-in-kinh-gui", "empty-entry", "lower-case", "duplicate"],
    )
    def test_malformed_recipients_are_reported(self, recipients: list[str], level: str) -> None:
        assert codes(check_document(make_doc(recipients=recipients)), level) == ["recipients-format"]


class TestDistribution:
    """Phụ lục I II.9.b, II.9.d: Nơi nhận starts with 'Như trên' (công văn) and ends with 'Lưu: VT, <unit>'."""

    @pytest.mark.parametrize(
        ("distribution", "code"),
        [
            (["Lãnh đạo Sở", "Như trên", "Lưu: VT, VP"], "distribution-first"),
            (["Lãnh đạo Sở", "Lưu: VT, VP"], "distribution-first"),
            (["Như trên", "Lưu: VT, VP", "Lãnh đạo Sở"], "distribution-last"),
            (["Như trên", "Lãnh đạo Sở"], "distribution-last"),
            (["Như trên", "Lưu VT, VP"], "distribution-last"),
            ([], "distribution-missing"),
        ],
        ids=[
            "nhu-tren-second",
            "nhu-tren-absent",
            "luu-not-last",
            "luu-absent",
            "luu-without-colon",
            "empty",
        ],
    )
    def test_misplaced_entries_are_errors(self, distribution: list[str], code: str) -> None:
        assert codes(check_document(make_doc(distribution=distribution)), ERROR) == [code]

    def test_an_archive_line_without_the_drafting_unit_is_a_warning(self) -> None:
        findings = check_document(make_doc(distribution=["Như trên", "Lưu: VT"]))
        assert codes(findings, WARNING) == ["distribution-last"]


class TestAuthority:
    """Điều 13 and Phụ lục I II.7.b: KT. is a deputy signing for the head; TM. is for a collective."""

    @pytest.mark.parametrize(
        ("issuer", "authority", "title"),
        [
            ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
            ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", None, "GIÁM ĐỐC"),
            ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "TL. GIÁM ĐỐC / KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"),
            ("ỦY BAN NHÂN DÂN", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
            ("ỦY BAN NHÂN DÂN", "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
            ("BỘ NỘI VỤ", "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"),
        ],
        ids=["deputy-kt", "head-signs", "tl-then-kt", "tm-ubnd", "tm-then-kt", "thu-truong"],
    )
    def test_consistent_authority_and_title_pass(
        self, issuer: str, authority: str | None, title: str
    ) -> None:
        doc = make_doc(issuer=issuer, signature=make_signature(authority, title))
        assert [c for c in codes(check_document(doc)) if c.startswith("authority")] == []

    def test_kt_with_the_heads_own_title_is_an_error(self) -> None:
        doc = make_doc(signature=make_signature("KT. GIÁM ĐỐC", "GIÁM ĐỐC"))
        assert codes(check_document(doc), ERROR) == ["authority-kt"]

    def test_kt_with_a_title_that_is_not_a_deputy_is_a_warning(self) -> None:
        doc = make_doc(signature=make_signature("KT. GIÁM ĐỐC", "TRƯỞNG PHÒNG"))
        assert codes(check_document(doc), WARNING) == ["authority-kt"]

    @pytest.mark.parametrize(
        ("issuer", "authority"),
        [
            ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "TM. SỞ THÔNG TIN VÀ TRUYỀN THÔNG"),
            ("CỤC VĂN THƯ", "TM. GIÁM ĐỐC"),
        ],
        ids=["tm-for-a-so", "tm-before-a-title"],
    )
    def test_tm_for_a_single_head_agency_is_an_error(self, issuer: str, authority: str) -> None:
        doc = make_doc(issuer=issuer, signature=make_signature(authority, "GIÁM ĐỐC"))
        assert codes(check_document(doc), ERROR) == ["authority-tm"]

    @pytest.mark.parametrize(
        "authority", ["K.T. GIÁM ĐỐC", "THAY MẶT GIÁM ĐỐC"], ids=["dotted", "spelled-out"]
    )
    def test_an_unknown_authority_prefix_is_an_error(self, authority: str) -> None:
        doc = make_doc(signature=make_signature(authority, "PHÓ GIÁM ĐỐC"))
        assert codes(check_document(doc), ERROR) == ["authority-prefix"]


class TestSigner:
    """Phụ lục I II.7.c-đ: the signer's name without degrees; authority and title in capitals."""

    def test_a_missing_name_is_an_error(self) -> None:
        doc = make_doc(signature=make_signature("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", None))
        assert codes(check_document(doc), ERROR) == ["signer-name"]

    @pytest.mark.parametrize("name", ["TS. Lê Hải Yến", "ThS. Lê Hải Yến"], ids=["ts", "ths"])
    def test_a_degree_before_the_name_is_a_warning(self, name: str) -> None:
        doc = make_doc(signature=make_signature("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", name))
        assert codes(check_document(doc), WARNING) == ["signer-name"]

    def test_a_title_in_lower_case_is_a_warning(self) -> None:
        doc = make_doc(signature=make_signature("KT. GIÁM ĐỐC", "Phó Giám đốc"))
        assert "signer-case" in codes(check_document(doc), WARNING)


class TestMarks:
    """Phụ lục I III.2: urgency Khẩn / Thượng khẩn / Hỏa tốc; confidentiality Mật / Tối mật / Tuyệt mật."""

    @pytest.mark.parametrize(
        ("field", "value", "code"),
        [("urgency", "Rất khẩn", "urgency-value"), ("confidentiality", "Bí mật", "confidentiality-value")],
        ids=["urgency", "confidentiality"],
    )
    def test_an_unknown_mark_is_an_error(self, field: str, value: str, code: str) -> None:
        assert codes(check_document(make_doc(**{field: value})), ERROR) == [code]


class TestCheckText:
    """check_text reads the raw text through congvan.vbhc.reader.parse_text, then checks it."""

    RAW = "Số: 5/STTTT-VP\nLạng Sơn, ngày 5 tháng 4 năm 2024\nKính gửi:\n- Báo Lạng Sơn\n- Đài PT-TH tỉnh.\n"

    @pytest.fixture
    def fake_reader(self, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
        calls: list[tuple[str, str]] = []
        module = types.ModuleType("congvan.vbhc.reader")

        def parse_text(text: str, source: str) -> dict[str, Any]:
            calls.append((text, source))
            return make_doc(number="5", symbol="STTTT-VP")

        module.parse_text = parse_text  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "congvan.vbhc.reader", module)
        return calls

    def test_the_reader_gets_the_text_and_its_source(self, fake_reader: list[tuple[str, str]]) -> None:
        check_text(self.RAW, "letter.txt")
        assert fake_reader == [(self.RAW, "letter.txt")]

    def test_findings_cover_the_parsed_fields_and_the_text_as_written(self, fake_reader: list[Any]) -> None:
        found = codes(check_text(self.RAW, "letter.txt"))
        assert {"number-leading-zero", "date-line-form", "recipients-format"} <= set(found)

    def test_a_recipient_wrapped_onto_two_lines_is_one_entry(self, fake_reader: list[Any]) -> None:
        raw = "Kính gửi:\n- Văn phòng Chính phủ;\n- Bộ trưởng Bộ Nội vụ, Tổ phó Tổ công tác\ncải cách thủ tục hành chính.\n"
        assert "recipients-format" not in codes(check_text(raw))

    def test_the_date_line_is_found_beside_the_number(self, fake_reader: list[Any]) -> None:
        raw = "Số: 22 /BC-UBND        Quảng Ngãi, ngày 3 tháng 01 năm 2025\n"
        messages = [f.message for f in check_text(raw) if f.code == "date-line-form"]
        assert messages == ["Ngày nhỏ hơn 10 phải có số 0 phía trước: 'ngày 03'."]

    def test_without_a_reader_the_error_says_so(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setitem(sys.modules, "congvan.vbhc.reader", types.ModuleType("congvan.vbhc.reader"))
        with pytest.raises(ReaderUnavailableError, match="congvan.vbhc.reader"):
            check_text(self.RAW)

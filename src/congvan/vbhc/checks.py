"""Format check of an administrative document against Nghị định 30/2020/NĐ-CP (Điều 8, 13, 15; Phụ lục I, III).

    from congvan.vbhc.checks import check_document, check_text
    findings = check_document(doc, agency_abbreviation="STTTT", unit_codes={"VP", "TTBCXB"})
    findings = check_text(raw_text, "letter.txt")          # through congvan.vbhc.reader.parse_text

``doc`` is the dict of spec/parsed-document.schema.json. Each finding names its rule as a short code and
the article it comes from; ``level`` is "error" (the document must not be issued as it is) or "warning"
(worth a look, may be deliberate). A draft may leave the number and the day blank: the clerk fills them in
at issue (Điều 15 khoản 2), so blanks there are not findings.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

from . import doctypes

Level = Literal["error", "warning"]
ERROR: Level = "error"
WARNING: Level = "warning"

SUBJECT_MAX = 500  # Phụ lục VI Phần II: Trích yếu nội dung, String 500
AUTHORITY_PREFIXES = ("TM.", "KT.", "TL.", "TUQ.", "Q.")
URGENCIES = ("Khẩn", "Thượng khẩn", "Hỏa tốc")
CONFIDENTIALITIES = ("Mật", "Tối mật", "Tuyệt mật")

# Agencies run by one head (chế độ thủ trưởng, Điều 13 khoản 1): their leaders sign KT./TL., never TM.
SINGLE_HEAD_AGENCIES = (
    "SỞ", "CỤC", "TỔNG CỤC", "CHI CỤC", "VỤ", "BỘ", "PHÒNG", "VĂN PHÒNG", "TRUNG TÂM", "VIỆN", "THANH TRA",
    "KHO BẠC", "BỆNH VIỆN", "TRƯỜNG", "ĐÀI", "BÁO", "BAN QUẢN LÝ", "CÔNG AN", "BỘ CHỈ HUY",
)  # fmt: skip
# Titles of heads: "TM." goes before a collective's name, never before one of these (Phụ lục I II.7.b).
HEAD_TITLES = (
    "GIÁM ĐỐC", "TỔNG GIÁM ĐỐC", "CHỦ TỊCH", "BỘ TRƯỞNG", "THỦ TƯỚNG", "CỤC TRƯỞNG", "TỔNG CỤC TRƯỞNG",
    "CHI CỤC TRƯỞNG", "VỤ TRƯỞNG", "CHÁNH VĂN PHÒNG", "TRƯỞNG PHÒNG", "CHÁNH THANH TRA", "VIỆN TRƯỞNG",
    "HIỆU TRƯỞNG", "TRƯỞNG BAN", "GIÁM ĐỐC SỞ",
)  # fmt: skip
DEGREES = re.compile(r"^(?:GS|PGS|TS|ThS|Th\.S|KS|BS|CN|NCS|TSKH)\.?\s", re.IGNORECASE)
_DATE_LINE = re.compile(
    r"^(?P<place>[^,\n]*?)\s*(?P<comma>,?)\s*ngày\s+(?P<day>\S*)\s*tháng\s+(?P<month>\S+)\s+năm\s+(?P<year>\d{4})\s*$"
)
# The date line as written, without what shares its text line (the number sits left of it in two-column text).
_RAW_DATE_LINE = re.compile(
    r"(?P<line>[^\s,:/][^\n,:/]{0,60},\s*ngày\s[^\n]*?tháng\s[^\n]*?năm\s+\d{4})\s*$", re.MULTILINE
)


@dataclass(frozen=True)
class Rule:
    code: str
    article: str


@dataclass(frozen=True)
class Finding:
    rule: str  # "number-leading-zero (Điều 15 khoản 1)": the short code and the article it enforces
    level: Level
    message: str  # Vietnamese, for the drafter and the clerk
    field: str | None  # the schema field concerned ("number", "signature.authority", ...), None for the whole
    code: str
    article: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class ReaderUnavailableError(RuntimeError):
    """``check_text`` needs ``congvan.vbhc.reader.parse_text``, which this build does not have."""


# The rules, each with the article that makes it law; codes are stable (the UI and the API key on them).
NUMBER_ZERO = Rule("number-leading-zero", "Điều 15 khoản 1; Phụ lục I mục II.3.c")
NUMBER_FORMAT = Rule("number-format", "Phụ lục I mục II.3.a")
ISSUER_MISSING = Rule("issuer-missing", "Điều 8 khoản 2 điểm b; Phụ lục I mục II.2")
SYMBOL_MISSING = Rule("symbol-missing", "Điều 8 khoản 2 điểm c; Phụ lục I mục II.3.b")
SYMBOL_FORMAT = Rule("symbol-format", "Phụ lục I mục II.3.c")
SYMBOL_TYPE = Rule("symbol-type", "Phụ lục I mục II.3.b; Phụ lục III")
SYMBOL_AGENCY = Rule("symbol-agency", "Phụ lục I mục II.3.b")
SYMBOL_UNIT = Rule("symbol-unit", "Phụ lục I mục II.3.b")
TYPE_UNKNOWN = Rule("type-unknown", "Phụ lục III")
PLACE_MISSING = Rule("place-missing", "Phụ lục I mục II.4.a")
DATE_INVALID = Rule("date-invalid", "Phụ lục I mục II.4.b")
DATE_MISSING = Rule("date-missing", "Điều 8 khoản 2 điểm d; Phụ lục I mục II.4.b")
DATE_LINE = Rule("date-line-form", "Phụ lục I mục II.4.b-c")
SUBJECT_MISSING = Rule("subject-missing", "Phụ lục I mục II.5.b")
SUBJECT_FORMAT = Rule("subject-format", "Phụ lục I mục II.5.b")
SUBJECT_LONG = Rule("subject-too-long", "Phụ lục VI Phần II (Trích yếu nội dung: 500 ký tự)")
RECIPIENTS_MISSING = Rule("recipients-missing", "Phụ lục I mục II.9.b")
RECIPIENTS_FORMAT = Rule("recipients-format", "Phụ lục I mục II.9.d")
DISTRIBUTION_MISSING = Rule("distribution-missing", "Điều 8 khoản 2 điểm i; Phụ lục I mục II.9")
DISTRIBUTION_FIRST = Rule("distribution-first", "Phụ lục I mục II.9.b")
DISTRIBUTION_LAST = Rule("distribution-last", "Phụ lục I mục II.9.d")
AUTHORITY_PREFIX = Rule("authority-prefix", "Điều 13; Phụ lục I mục II.7.b")
AUTHORITY_KT = Rule("authority-kt", "Điều 13 khoản 1; Phụ lục I mục II.7.b")
AUTHORITY_TM = Rule("authority-tm", "Điều 13 khoản 1-2; Phụ lục I mục II.7.b")
SIGNER_CASE = Rule("signer-case", "Phụ lục I mục II.7.đ")
SIGNER_NAME = Rule("signer-name", "Phụ lục I mục II.7.c")
URGENCY = Rule("urgency-value", "Phụ lục I mục III.2.b")
CONFIDENTIALITY = Rule("confidentiality-value", "Phụ lục I mục III.2.a")


def _finding(rule: Rule, level: Level, message: str, field: str | None) -> Finding:
    return Finding(f"{rule.code} ({rule.article})", level, message, field, rule.code, rule.article)


def _text(value: Any) -> str:
    return unicodedata.normalize("NFC", " ".join(value.split())) if isinstance(value, str) else ""


def _strings(value: Any) -> list[str]:
    return [_text(v) for v in value] if isinstance(value, list) else []


def _upper_key(value: str) -> str:
    # "UỶ"/"ỦY" (old and new tone placement) and "HOÀ"/"HÒA" compare equal for the title lists.
    return value.upper().replace("UỶ", "ỦY").replace("OÀ", "ÒA").replace("OẠ", "ỌA")


@dataclass(frozen=True)
class _Context:
    doc: Mapping[str, Any]
    agency: str | None
    units: frozenset[str] | None

    def text(self, key: str) -> str:
        return _text(self.doc.get(key))

    @property
    def doc_type(self) -> doctypes.DocType | None:
        name = self.text("type").casefold()
        return next((t for t in doctypes.DOC_TYPES if t.name.casefold() == name), None)

    @property
    def is_official_letter(self) -> bool:
        # The schema calls a letter with a 'V/v' line and no type name a 'Công văn'; treat a missing type so too.
        return not self.text("type") or self.doc_type is doctypes.OFFICIAL_LETTER

    @property
    def signature(self) -> Mapping[str, Any]:
        value = self.doc.get("signature")
        return value if isinstance(value, Mapping) else {}


Check = Callable[[_Context], Iterator[Finding]]


def _check_number(ctx: _Context) -> Iterator[Finding]:
    number = ctx.text("number")
    if not number:
        return  # left blank on a draft: the clerk assigns it at issue
    if not number.isdigit():
        yield _finding(NUMBER_FORMAT, ERROR, f"Số văn bản '{number}' phải là chữ số Ả Rập.", "number")
    elif int(number) == 0:
        yield _finding(NUMBER_FORMAT, ERROR, "Số văn bản bắt đầu từ 01, không có số 0.", "number")
    elif int(number) < 10 and len(number) != 2:
        yield _finding(
            NUMBER_ZERO, ERROR, f"Số nhỏ hơn 10 phải ghi thêm số 0 phía trước: '{int(number):02d}', không phải '{number}'.",
            "number",
        )  # fmt: skip
    elif int(number) >= 10 and number.startswith("0"):
        yield _finding(NUMBER_ZERO, WARNING, f"Số '{number}' không cần số 0 phía trước.", "number")


def _check_issuer(ctx: _Context) -> Iterator[Finding]:
    if not ctx.text("issuer"):
        yield _finding(ISSUER_MISSING, ERROR, "Thiếu tên cơ quan, tổ chức ban hành văn bản.", "issuer")


def _symbol_form(symbol: str) -> Iterator[Finding]:
    if re.search(r"\s", symbol):
        yield _finding(SYMBOL_FORMAT, ERROR, f"Ký hiệu '{symbol}' không được có dấu cách.", "symbol")
    if "/" in symbol:
        yield _finding(
            SYMBOL_FORMAT, WARNING,
            f"Ký hiệu '{symbol}' có dấu '/' (kiểu văn bản của Đảng); văn bản hành chính nối các nhóm bằng '-'.",
            "symbol",
        )  # fmt: skip
    groups = re.split(r"[-/]", symbol)
    if any(not g for g in groups):
        yield _finding(SYMBOL_FORMAT, ERROR, f"Ký hiệu '{symbol}' có nhóm chữ viết tắt rỗng.", "symbol")
    for group in groups:
        if group and group != group.upper() and group not in doctypes.BY_ABBREVIATION:
            yield _finding(SYMBOL_FORMAT, WARNING, f"Nhóm '{group}' của ký hiệu phải viết in hoa.", "symbol")


def _check_symbol(ctx: _Context) -> Iterator[Finding]:
    symbol = ctx.text("symbol")
    if not symbol:
        yield _finding(SYMBOL_MISSING, ERROR, "Thiếu ký hiệu văn bản sau số.", "symbol")
        return
    yield from _symbol_form(symbol)
    groups = [g for g in re.split(r"[-/]", symbol.replace(" ", "")) if g]
    if not groups or "/" in symbol:
        return
    doc_type = ctx.doc_type
    if ctx.is_official_letter:
        first = groups[0]
        if first in doctypes.BY_ABBREVIATION:
            yield _finding(
                SYMBOL_TYPE, ERROR,
                f"Công văn không ghi tên loại trong ký hiệu ('{first}' là chữ viết tắt của "
                f"{doctypes.BY_ABBREVIATION[first].name}); ký hiệu là <cơ quan>-<đơn vị soạn thảo>.",
                "symbol",
            )  # fmt: skip
            return
        if ctx.agency and first != ctx.agency:
            yield _finding(
                SYMBOL_AGENCY, ERROR, f"Ký hiệu phải bắt đầu bằng chữ viết tắt của cơ quan '{ctx.agency}', không phải '{first}'.",
                "symbol",
            )  # fmt: skip
        if len(groups) < 2:
            yield _finding(
                SYMBOL_UNIT, WARNING, "Ký hiệu công văn nên có chữ viết tắt của đơn vị soạn thảo (ví dụ 'STTTT-VP').", "symbol"
            )  # fmt: skip
        elif ctx.units is not None and groups[1] not in ctx.units:
            yield _finding(
                SYMBOL_UNIT, ERROR, f"'{groups[1]}' không phải chữ viết tắt của đơn vị nào trong cơ quan.", "symbol"
            )  # fmt: skip
        return
    if doc_type is None:
        return  # reported by _check_type
    if groups[0] != doc_type.abbreviation:
        yield _finding(
            SYMBOL_TYPE, ERROR,
            f"{doc_type.name} viết tắt là '{doc_type.abbreviation}' (Phụ lục III); ký hiệu đang ghi '{groups[0]}'.",
            "symbol",
        )  # fmt: skip
    if len(groups) < 2:
        yield _finding(SYMBOL_AGENCY, ERROR, "Ký hiệu thiếu chữ viết tắt tên cơ quan ban hành.", "symbol")
    elif ctx.agency and groups[1] != ctx.agency:
        yield _finding(
            SYMBOL_AGENCY, ERROR, f"Chữ viết tắt tên cơ quan trong ký hiệu phải là '{ctx.agency}', không phải '{groups[1]}'.",
            "symbol",
        )  # fmt: skip
    if len(groups) > 2 and ctx.units is not None and groups[2] not in ctx.units:
        yield _finding(
            SYMBOL_UNIT, WARNING, f"'{groups[2]}' không phải chữ viết tắt của đơn vị nào.", "symbol"
        )


def _check_type(ctx: _Context) -> Iterator[Finding]:
    name = ctx.text("type")
    if name and ctx.doc_type is None:
        yield _finding(
            TYPE_UNKNOWN, WARNING, f"'{name}' không có trong bảng tên loại văn bản hành chính.", "type"
        )


def _check_date(ctx: _Context) -> Iterator[Finding]:
    place = ctx.text("place")
    if not place:
        yield _finding(PLACE_MISSING, ERROR, "Thiếu địa danh trước ngày tháng năm ban hành.", "place")
    elif not place[0].isupper():
        yield _finding(DATE_LINE, WARNING, f"Chữ cái đầu của địa danh phải viết hoa: '{place}'.", "place")
    date = ctx.text("date")
    if not date:
        yield _finding(DATE_MISSING, WARNING, "Chưa có năm ban hành trên dòng ngày tháng.", "date")
        return
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):
        yield _finding(DATE_INVALID, ERROR, f"Ngày '{date}' không theo dạng YYYY-MM-DD.", "date")
        return
    parts = [int(p) for p in date.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        yield _finding(DATE_INVALID, ERROR, f"Ngày '{date}' không có thật trên lịch.", "date")
    line = ctx.text("date_line")  # not in the schema; a reader or an editor may pass the line as written
    if line:
        yield from check_date_line(line)


def check_date_line(line: str) -> Iterator[Finding]:
    """The date line as written: 'Lạng Sơn, ngày 05 tháng 4 năm 2024' (Phụ lục I II.4.b-c)."""
    line = _text(line).strip("*_ ")
    m = _DATE_LINE.match(line)
    if m is None:
        yield _finding(
            DATE_LINE, ERROR, f"Dòng '{line}' không theo mẫu '<Địa danh>, ngày 05 tháng 4 năm 2024'.", "date_line"
        )  # fmt: skip
        return
    if m["place"] and not m["comma"]:
        yield _finding(DATE_LINE, ERROR, "Sau địa danh phải có dấu phẩy (,).", "date_line")
    day, month = m["day"], m["month"]
    if day.isdigit() and int(day) < 10 and len(day) != 2:
        yield _finding(
            DATE_LINE, ERROR, f"Ngày nhỏ hơn 10 phải có số 0 phía trước: 'ngày {int(day):02d}'.", "date_line"
        )
    if month.isdigit():
        if int(month) in (1, 2) and len(month) != 2:
            yield _finding(
                DATE_LINE,
                ERROR,
                f"Tháng 1 và 2 phải có số 0 phía trước: 'tháng {int(month):02d}'.",
                "date_line",
            )
        elif int(month) >= 3 and month.startswith("0"):
            yield _finding(DATE_LINE, WARNING, f"Tháng {int(month)} không cần số 0 phía trước.", "date_line")
    elif not set(month) <= set("._…"):
        yield _finding(DATE_LINE, ERROR, f"Tháng '{month}' phải ghi bằng chữ số Ả Rập.", "date_line")


def _check_subject(ctx: _Context) -> Iterator[Finding]:
    subject = ctx.text("subject")
    if not subject:
        if ctx.is_official_letter:
            yield _finding(
                SUBJECT_MISSING, ERROR, "Công văn thiếu trích yếu 'V/v ...' dưới số, ký hiệu.", "subject"
            )
        else:
            yield _finding(
                SUBJECT_MISSING, WARNING, "Thiếu trích yếu nội dung dưới tên loại văn bản.", "subject"
            )
        return
    if re.match(r"^(V/v|Về việc)\b", subject, re.IGNORECASE):
        yield _finding(
            SUBJECT_FORMAT, WARNING, "Trích yếu đã có 'V/v' ở đầu; bản trình bày sẽ tự thêm 'V/v'.", "subject"
        )  # fmt: skip
    if len(subject) > SUBJECT_MAX:
        yield _finding(
            SUBJECT_LONG, ERROR, f"Trích yếu dài {len(subject)} ký tự, quá {SUBJECT_MAX} ký tự; hãy viết ngắn gọn hơn.",
            "subject",
        )  # fmt: skip


def _check_recipients(ctx: _Context) -> Iterator[Finding]:
    recipients = _strings(ctx.doc.get("recipients"))
    if not recipients:
        if ctx.is_official_letter:
            yield _finding(
                RECIPIENTS_MISSING,
                ERROR,
                "Công văn thiếu phần 'Kính gửi:' và nơi nhận giải quyết.",
                "recipients",
            )
        return
    seen: set[str] = set()
    for n, item in enumerate(recipients, 1):
        if not item:
            yield _finding(
                RECIPIENTS_FORMAT, ERROR, f"Nơi nhận thứ {n} sau 'Kính gửi' bị trống.", "recipients"
            )
            continue
        if item.casefold().startswith("như trên"):
            yield _finding(
                RECIPIENTS_FORMAT,
                ERROR,
                "'Như trên' chỉ ghi ở phần 'Nơi nhận', không ở 'Kính gửi'.",
                "recipients",
            )
        elif not item[0].isupper() and not item[0].isdigit():
            yield _finding(
                RECIPIENTS_FORMAT, WARNING, f"Tên nơi nhận '{item}' phải viết hoa chữ cái đầu.", "recipients"
            )
        if item.casefold() in seen:
            yield _finding(
                RECIPIENTS_FORMAT, WARNING, f"'{item}' được ghi hai lần trong 'Kính gửi'.", "recipients"
            )
        seen.add(item.casefold())


def _check_distribution(ctx: _Context) -> Iterator[Finding]:
    entries = _strings(ctx.doc.get("distribution"))
    if not entries:
        yield _finding(DISTRIBUTION_MISSING, ERROR, "Thiếu phần 'Nơi nhận:'.", "distribution")
        return
    as_above = [n for n, e in enumerate(entries) if re.match(r"^như trên\b", e, re.IGNORECASE)]
    has_recipients = bool(_strings(ctx.doc.get("recipients")))
    if has_recipients and as_above != [0]:
        where = "không có" if not as_above else f"đang ở dòng {as_above[0] + 1}"
        yield _finding(
            DISTRIBUTION_FIRST, ERROR, f"Dòng đầu của 'Nơi nhận' phải là 'Như trên' ({where}).", "distribution"
        )  # fmt: skip
    elif as_above and not has_recipients:
        yield _finding(
            DISTRIBUTION_FIRST, WARNING, "'Như trên' không chỉ tới ai vì văn bản không có 'Kính gửi'.", "distribution"
        )  # fmt: skip
    archive = [n for n, e in enumerate(entries) if re.match(r"^lưu\b", e, re.IGNORECASE)]
    last = entries[-1]
    if not archive:
        yield _finding(
            DISTRIBUTION_LAST,
            ERROR,
            "Dòng cuối của 'Nơi nhận' phải là 'Lưu: VT, <đơn vị soạn thảo>'.",
            "distribution",
        )
    elif archive[-1] != len(entries) - 1:
        yield _finding(
            DISTRIBUTION_LAST, ERROR, "'Lưu: VT, ...' phải là dòng cuối cùng của 'Nơi nhận'.", "distribution"
        )
    elif not re.match(r"^Lưu: VT(,\s*\S.*)?$", last):
        yield _finding(
            DISTRIBUTION_LAST, ERROR, f"Dòng lưu '{last}' phải viết 'Lưu: VT, <đơn vị soạn thảo>' (chữ 'Lưu', dấu hai chấm, 'VT').",
            "distribution",
        )  # fmt: skip
    elif last == "Lưu: VT":
        yield _finding(
            DISTRIBUTION_LAST, WARNING, "Dòng lưu nên có chữ viết tắt của đơn vị soạn thảo: 'Lưu: VT, <đơn vị>'.",
            "distribution",
        )  # fmt: skip


def _is_deputy(title: str) -> bool:
    key = _upper_key(title)
    return key.startswith("PHÓ ") or key in ("THỨ TRƯỞNG", "PHÓ THỦ TƯỚNG")


def _check_authority(ctx: _Context) -> Iterator[Finding]:
    authority = _text(ctx.signature.get("authority"))
    title = _text(ctx.signature.get("title"))
    issuer = _upper_key(ctx.text("issuer"))
    lines = [line for line in re.split(r"\s*/\s*", authority) if line] if authority else []
    for n, line in enumerate(lines):
        last = n == len(lines) - 1
        prefix = line.split(" ", 1)[0]
        if prefix.upper() not in AUTHORITY_PREFIXES:
            yield _finding(
                AUTHORITY_PREFIX, ERROR, f"'{line}': quyền hạn ký phải bắt đầu bằng TM., KT., TL., TUQ. hoặc Q.",
                "signature.authority",
            )  # fmt: skip
            continue
        if prefix != prefix.upper():
            yield _finding(SIGNER_CASE, WARNING, f"'{prefix}' phải viết in hoa.", "signature.authority")
        head = _upper_key(line.split(" ", 1)[1] if " " in line else "")
        if prefix.upper() == "KT.":
            if title and _upper_key(title) == head:
                yield _finding(
                    AUTHORITY_KT, ERROR,
                    f"'{line}' với chức vụ '{title}': người đứng đầu ký trực tiếp, không ký thay chính mình; "
                    "KT. dành cho cấp phó (ví dụ 'KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC').",
                    "signature.authority",
                )  # fmt: skip
            elif last and title and not _is_deputy(title):
                yield _finding(
                    AUTHORITY_KT, WARNING, f"'{line}' là cấp phó ký thay; chức vụ '{title}' không phải cấp phó.",
                    "signature.title",
                )  # fmt: skip
            elif last and not title:
                yield _finding(
                    AUTHORITY_KT, ERROR, f"'{line}' cần dòng chức vụ của cấp phó ký thay.", "signature.title"
                )
        if prefix.upper() == "TM.":
            if head in HEAD_TITLES or head.startswith(("PHÓ ",)):
                yield _finding(
                    AUTHORITY_TM, ERROR,
                    f"'{line}': TM. đứng trước tên tập thể hoặc cơ quan (ví dụ 'TM. ỦY BAN NHÂN DÂN'), không trước chức vụ.",
                    "signature.authority",
                )  # fmt: skip
            elif head.startswith(SINGLE_HEAD_AGENCIES) or (
                n == 0 and issuer.startswith(SINGLE_HEAD_AGENCIES)
            ):
                yield _finding(
                    AUTHORITY_TM, ERROR,
                    f"'{line}': cơ quan làm việc theo chế độ thủ trưởng ({ctx.text('issuer') or head}) không ký TM.; "
                    "người đứng đầu ký trực tiếp, cấp phó ký KT.",
                    "signature.authority",
                )  # fmt: skip


def _check_signer(ctx: _Context) -> Iterator[Finding]:
    title = _text(ctx.signature.get("title"))
    name = _text(ctx.signature.get("name"))
    authority = _text(ctx.signature.get("authority"))
    for value, field in ((authority, "signature.authority"), (title, "signature.title")):
        if value and value != value.upper():
            yield _finding(SIGNER_CASE, WARNING, f"'{value}' phải viết in hoa.", field)
    if not name:
        yield _finding(SIGNER_NAME, ERROR, "Thiếu họ tên người ký.", "signature.name")
    elif DEGREES.match(name):
        yield _finding(
            SIGNER_NAME, WARNING, f"Không ghi học hàm, học vị trước họ tên người ký: '{name}'.", "signature.name"
        )  # fmt: skip
    if not title and not authority:
        yield _finding(SIGNER_NAME, ERROR, "Thiếu chức vụ của người ký.", "signature.title")


def _check_marks(ctx: _Context) -> Iterator[Finding]:
    urgency = ctx.text("urgency")
    if urgency and urgency not in URGENCIES:
        yield _finding(
            URGENCY,
            ERROR,
            f"Độ khẩn '{urgency}' không hợp lệ; dùng Khẩn, Thượng khẩn hoặc Hỏa tốc.",
            "urgency",
        )
    secrecy = ctx.text("confidentiality")
    if secrecy and secrecy not in CONFIDENTIALITIES:
        yield _finding(
            CONFIDENTIALITY, ERROR, f"Độ mật '{secrecy}' không hợp lệ; dùng Mật, Tối mật hoặc Tuyệt mật.", "confidentiality"
        )  # fmt: skip


CHECKS: tuple[Check, ...] = (
    _check_issuer,
    _check_number,
    _check_type,
    _check_symbol,
    _check_date,
    _check_subject,
    _check_recipients,
    _check_signer,
    _check_authority,
    _check_distribution,
    _check_marks,
)


def check_document(
    doc: Mapping[str, Any], *, agency_abbreviation: str | None = None, unit_codes: set[str] | None = None
) -> list[Finding]:
    """The format findings of a document given as the parsed-document schema dict, errors first.

    ``agency_abbreviation`` ("STTTT") and ``unit_codes`` ({"VP", "TTBCXB"}) are the issuing agency's own
    abbreviations (set by its head, Phụ lục I II.3.b); without them the symbol is checked for form only.
    """
    if not isinstance(doc, Mapping):
        raise TypeError("check_document expects the parsed-document dict")
    ctx = _Context(
        doc, agency_abbreviation or None, frozenset(unit_codes) if unit_codes is not None else None
    )
    findings = [f for check in CHECKS for f in check(ctx)]
    return sorted(findings, key=lambda f: f.level != ERROR)  # stable: rule order kept within a level


def _raw_list_findings(text: str) -> Iterator[Finding]:
    """Punctuation of the 'Kính gửi' list as written: '- X;' per line, '- Y.' last (Phụ lục I II.9.d)."""
    lines = [line.strip() for line in text.splitlines()]
    try:
        start = next(n for n, line in enumerate(lines) if line.startswith("Kính gửi"))
    except StopIteration:
        return
    inline = lines[start].partition(":")[2].strip()
    items: list[str] = [inline] if inline.startswith("-") else []
    for line in lines[start + 1 :]:
        if not line and not items:
            continue
        if line.startswith("-"):
            items.append(line)
        elif items and line and not items[-1].endswith((";", ".")):
            items[-1] += " " + line  # a long name wrapped onto the next line
        else:
            break
    if len(items) < 2:
        return
    for n, item in enumerate(items):
        want = "." if n == len(items) - 1 else ";"
        if not item.endswith(want):
            shown = item if len(item) <= 80 else item[:77] + "..."
            yield _finding(
                RECIPIENTS_FORMAT, WARNING, f"Dòng '{shown}' sau 'Kính gửi' phải kết thúc bằng '{want}'.", "recipients"
            )  # fmt: skip


def check_parsed(
    doc: Mapping[str, Any],
    text: str | None = None,
    *,
    agency_abbreviation: str | None = None,
    unit_codes: set[str] | None = None,
) -> list[Finding]:
    """``check_document`` plus, when the text as written is given, the checks that need it: the date line
    (the dict keeps only an ISO date) and the punctuation of the 'Kính gửi' list."""
    doc = dict(doc)
    if text is not None:
        match = _RAW_DATE_LINE.search(text)
        if match and not _text(doc.get("date_line")):
            doc["date_line"] = match.group("line")
    findings = check_document(doc, agency_abbreviation=agency_abbreviation, unit_codes=unit_codes)
    if text is not None:
        findings += _raw_list_findings(text)
    return sorted(findings, key=lambda f: f.level != ERROR)


def check_text(
    text: str,
    source: str = "<text>",
    *,
    agency_abbreviation: str | None = None,
    unit_codes: set[str] | None = None,
) -> list[Finding]:
    """The findings of a document given as its raw text, read by ``congvan.vbhc.reader.parse_text``.

    Raises ``ReaderUnavailableError`` when this build has no reader; the reader's own errors pass through.
    """
    doc = reader().parse_text(text, source)
    return check_parsed(doc, text, agency_abbreviation=agency_abbreviation, unit_codes=unit_codes)


def reader() -> Any:
    """The ``congvan.vbhc.reader`` module (``parse_text(text, source)``, maybe ``parse_file(path)``)."""
    try:
        module = importlib.import_module("congvan.vbhc.reader")
    except ModuleNotFoundError as exc:
        if exc.name not in ("congvan.vbhc.reader", "congvan.vbhc"):
            raise
        module = None
    if getattr(module, "parse_text", None) is None:
        raise ReaderUnavailableError(
            "Bản cài đặt này chưa có bộ đọc văn bản (congvan.vbhc.reader.parse_text); hãy kiểm tra tệp JSON "
            "theo spec/parsed-document.schema.json. / The document reader is not available in this build; "
            "check a JSON file of the parsed-document schema instead."
        )
    return module

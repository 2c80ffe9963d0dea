"""HTML and CSS (paged media) for a document in the layout of Phụ lục I, for WeasyPrint.

Sizes and positions follow Phụ lục I, mục II and the table of mục V; the comments name the item.
"""

from __future__ import annotations

from html import escape

from .metrics import balanced_lines
from .model import HEADER_LEFT_MM, HEADER_LEFT_SHARE, MOTTO, STATE_TITLE, Letter, Paragraph

# Times New Roman is the decree's font (Phụ lục I I.4); Liberation Serif and Tinos have the same metrics,
# so a document laid out on a server without Microsoft's fonts breaks lines at the same words.
FONT_STACK = '"Times New Roman", "Liberation Serif", "Tinos", serif'

CSS = f"""
@page {{
  size: A4;                                 /* Phụ lục I I.1 */
  margin: 20mm 15mm 20mm 30mm;              /* I.3: top 20-25, right 15-20, bottom 20-25, left 30-35 */
  @top-center {{                            /* I.7: centred in the top margin, 13-14pt, upright */
    content: counter(page);
    font-family: {FONT_STACK};
    font-size: 13pt;
    vertical-align: middle;
  }}
}}
@page :first {{ @top-center {{ content: none; }} }}   /* I.7: no number on the first page */
html {{ font-family: {FONT_STACK}; font-size: 14pt; color: #000; }}
body {{ margin: 0; line-height: 1.15; }}  /* Word's 'single' for Times; II.6.e allows 1-1.5 */
p {{ margin: 0; }}
table {{ border-collapse: collapse; }}
td {{ padding: 0; vertical-align: top; }}
.header {{ width: 100%; table-layout: fixed; }}
.header .left {{ width: {HEADER_LEFT_SHARE * 100:g}%; text-align: center; }}
.header .right {{ width: {100 - HEADER_LEFT_SHARE * 100:g}%; text-align: center; }}
.parent {{ font-size: 12pt; text-transform: uppercase; }}              /* II.2.b: 12-13, upright */
.issuer {{ font-size: 12pt; font-weight: bold; }}                      /* II.2.b: 12-13, bold */
.ruled {{ display: inline-block; }}
.short-rule {{ width: 40%; margin: 3pt auto 0; border-top: 0.75pt solid #000; }}  /* 1/3-1/2 of the line */
.state {{ font-size: 12pt; font-weight: bold; white-space: nowrap; }}  /* II.1.a: 12-13, bold */
.motto {{ display: inline-block; font-size: 13pt; font-weight: bold;   /* II.1.b: 13-14, bold */
  padding-bottom: 2pt; border-bottom: 0.75pt solid #000; word-spacing: 1pt; }}  /* rule as long as the line */
.numbers td {{ padding-top: 6pt; }}
.number {{ font-size: 13pt; }}                                          /* II.3.c: 13, upright */
.vv {{ font-size: 12pt; margin-top: 6pt; padding: 0 4pt; }}            /* II.5.b: 12-13, 6pt below */
.date {{ font-size: 13pt; font-style: italic; }}                       /* II.4.c: 13-14, italic */
.mark {{ display: inline-block; margin-top: 8pt; padding: 1pt 6pt; border: 1pt solid #e00000;
  color: #e00000; font-size: 13pt; font-weight: bold; }}               /* III.2: boxed, bold, bright red */
.doctype {{ margin-top: 18pt; text-align: center; font-weight: bold; font-size: 14pt; }}  /* II.5.b */
.subject {{ text-align: center; font-weight: bold; font-size: 14pt; margin-bottom: 6pt; }}
.subject .short-rule {{ width: 40%; }}
.to {{ margin: 14pt auto 6pt; }}                                       /* II.9.d: 13-14, upright */
.to td.label {{ padding-right: 6pt; white-space: nowrap; }}
.body p {{ text-align: justify; text-indent: 1.27cm; margin-top: 6pt; }}  /* II.6.e */
.body p.heading {{ font-weight: bold; }}
.body p.centred {{ text-align: center; text-indent: 0; font-weight: bold; }}
.body p.basis {{ font-style: italic; }}                                 /* II.6.a: căn cứ in italics */
.closing {{ width: 100%; table-layout: fixed; margin-top: 12pt; }}
/* The last paragraph travels with the signature: a page holding only the signature block is not a letter. */
.tail {{ break-inside: avoid; }}
.closing .left {{ width: 50%; }}
.closing .right {{ width: 50%; text-align: center; font-weight: bold; font-size: 14pt; }}  /* II.7.đ */
.dist-title {{ font-size: 12pt; font-weight: bold; font-style: italic; }}  /* II.9.d: 12, bold italic */
.dist {{ font-size: 11pt; line-height: 1.15; }}                           /* II.9.d: 11, upright */
.sign-space {{ height: 24mm; }}                                           /* II.7.d: room for the signature */
"""


def _ruled(text_html: str, css_class: str) -> str:
    """A block whose short rule is centred under it and sized from its own width (Phụ lục I II.2.b)."""
    return (
        f'<div class="ruled"><div class="{css_class}">{text_html}</div><div class="short-rule"></div></div>'
    )


def _broken(text: str, *, bold: bool) -> str:
    """A header line, broken in balanced halves when it does not fit the left column."""
    return "<br>".join(escape(line) for line in balanced_lines(text, 12, HEADER_LEFT_MM, bold=bold))


def _lines(lines: tuple[str, ...] | list[str], css_class: str = "") -> str:
    attr = f' class="{css_class}"' if css_class else ""
    return "".join(f"<div{attr}>{escape(line)}</div>" for line in lines)


def _header(letter: Letter) -> str:
    left = ""
    if letter.issuer_parent:
        left += f'<div class="parent">{_broken(letter.issuer_parent, bold=False)}</div>'
    if letter.issuer:
        left += _ruled(_broken(letter.issuer, bold=True), "issuer")
    right = f'<div class="state">{STATE_TITLE}</div><div class="motto">{MOTTO}</div>'
    number = f'<div class="number">{escape(letter.number_line)}</div>'
    if letter.is_official_letter and letter.subject:
        number += f'<div class="vv">V/v {escape(letter.subject)}</div>'
    for mark in (letter.confidentiality, letter.urgency):  # ô 10a then ô 10b, under the number
        if mark:
            number += f'<div><span class="mark">{escape(mark)}</span></div>'
    date = f'<div class="date">{escape(letter.date_line)}</div>'
    return (
        '<table class="header">'
        f'<tr><td class="left">{left}</td><td class="right">{right}</td></tr>'
        f'<tr class="numbers"><td class="left">{number}</td><td class="right">{date}</td></tr>'
        "</table>"
    )


def _title(letter: Letter) -> str:
    if letter.is_official_letter:
        return ""
    subject = _ruled(escape(letter.subject), "") if letter.subject else '<div class="short-rule"></div>'
    return f'<div class="doctype">{escape(letter.type_heading)}</div><div class="subject">{subject}</div>'


def _recipients(letter: Letter) -> str:
    if not letter.recipients:
        return ""
    return (
        '<table class="to"><tr><td class="label">Kính gửi:</td>'
        f"<td>{_lines(letter.recipients)}</td></tr></table>"
    )


def _paragraph(p: Paragraph) -> str:
    css = "centred" if p.centred else "heading" if p.heading else "basis" if p.basis else ""
    attr = f' class="{css}"' if css else ""
    text = escape(p.text[len(p.label) :])
    label = f"<b>{escape(p.label)}</b>" if p.label else ""
    return f"<p{attr}>{label}{text}</p>"


def _closing(letter: Letter) -> str:
    left = ""
    if letter.distribution:
        left = f'<div class="dist-title">Nơi nhận:</div>{_lines(letter.distribution, "dist")}'
    right = _lines(letter.authority_lines)
    if letter.title:
        right += f"<div>{escape(letter.title)}</div>"
    right += '<div class="sign-space"></div>'
    right += f'<div class="name">{escape(letter.name)}</div>'
    return (
        f'<table class="closing"><tr><td class="left">{left}</td><td class="right">{right}</td></tr></table>'
    )


def to_html(letter: Letter) -> str:
    title = escape(f"{letter.number_line} {letter.subject}".strip())
    paragraphs = [_paragraph(p) for p in letter.body]
    body = "".join(paragraphs[:-1])
    tail = f'<div class="tail">{"".join(paragraphs[-1:])}{_closing(letter)}</div>'
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{CSS}</style></head><body>"
        f"{_header(letter)}{_title(letter)}{_recipients(letter)}"
        f'<div class="body">{body}{tail}</div></body></html>'
    )

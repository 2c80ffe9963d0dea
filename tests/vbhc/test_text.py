"""Text normalisation: NFC, tone placement, diacritic folding, TCVN3 and VNI legacy encodings."""

from __future__ import annotations

import unicodedata

import pytest

from congvan.vbhc.text import convert_legacy, detect_legacy, fold, nfc, normalize_tones, tone_key


class TestToneKey:
    """Old and new tone placement are the same word in keys and comparisons (issue 3)."""

    @pytest.mark.parametrize(
        ("old", "new"),
        [("Xoá", "Xóa"), ("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("Hoà Bình", "Hòa Bình")],
        ids=["xoa", "hoa", "thuy", "khoe", "hoa-binh"],
    )
    def test_both_placements_give_one_key(self, old: str, new: str) -> None:
        """'Xoá' and 'Xóa' compare equal through tone_key."""
        assert tone_key(old) == tone_key(new)

    def test_case_and_spacing_do_not_matter(self) -> None:
        """A key ignores letter case and runs of whitespace."""
        assert tone_key("XÓA  nhà tạm") == tone_key("xoá nhà tạm")

    @pytest.mark.parametrize(
        ("a", "b"), [("quý", "qúy"), ("hoàng", "hòang")], ids=["qu-is-a-consonant", "closed-syllable"]
    )
    def test_only_open_glide_syllables_move(self, a: str, b: str) -> None:
        """'quý' (qu + y) and closed syllables ('hoàng') have one placement and are not rewritten."""
        assert normalize_tones(b) == b
        assert tone_key(a) != tone_key(b)

    def test_normalize_tones_to_old_style(self) -> None:
        """normalize_tones can also write the old placement: 'hoà' -> 'hòa'."""
        assert normalize_tones("hoà khoẻ thuỷ", "old") == "hòa khỏe thủy"

    def test_combining_marks_equal_precomposed(self) -> None:
        """Text typed with combining marks keys like precomposed text (NFC)."""
        decomposed = unicodedata.normalize("NFD", "Việt Nam")
        assert nfc(decomposed) == "Việt Nam"
        assert tone_key(decomposed) == tone_key("Việt Nam")


class TestFold:
    """Search keys drop every diacritic and fold case."""

    @pytest.mark.parametrize(
        ("text", "key"),
        [("Xóa nhà tạm", "xoa nha tam"), ("ĐẢNG bộ", "dang bo"), ("Thủy  lợi\n", "thuy loi")],
        ids=["sample", "d-bar", "whitespace"],
    )
    def test_fold(self, text: str, key: str) -> None:
        """fold('Xóa nhà tạm') == 'xoa nha tam'; 'đ' folds to 'd'."""
        assert fold(text) == key


# "Cộng hòa xã hội chủ nghĩa Việt Nam / Độc lập - Tự do - Hạnh phúc / Công văn số 15 địa phương"
TCVN3_SAMPLE = "Céng hoµ x· héi chñ nghÜa ViÖt Nam §éc lËp - Tù do - H¹nh phóc C«ng v¨n sè 15 ®Þa ph\xad¬ng"
VNI_SAMPLE = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam Ñoäc laäp - Töï do - Haïnh phuùc. Kính göûi: UÛY BAN"


class TestLegacyEncodings:
    """TCVN3 (ABC) and VNI archives are detected and converted to Unicode."""

    @pytest.mark.parametrize(
        ("raw", "encoding"), [(TCVN3_SAMPLE, "tcvn3"), (VNI_SAMPLE, "vni")], ids=["tcvn3", "vni"]
    )
    def test_detects_encoding(self, raw: str, encoding: str) -> None:
        """The characteristic bytes of each encoding are recognised."""
        assert detect_legacy(raw) == encoding

    def test_converts_tcvn3(self) -> None:
        """TCVN3 bytes become the Unicode letters they stand for."""
        assert convert_legacy(TCVN3_SAMPLE, "tcvn3").startswith("Cộng hoà xã hội chủ nghĩa Việt Nam Độc lập")

    def test_tcvn3_capitals_font_lines_come_back_upper_case(self) -> None:
        """A line typed in the TCVN3 capitals font (.VnTimeH) is restored to capitals."""
        assert convert_legacy("CéNG HßA X· HéI", "tcvn3") == "CỘNG HÒA XÃ HỘI"

    def test_converts_vni(self) -> None:
        """VNI base letters plus mark bytes compose into Unicode, upper case included."""
        text = convert_legacy(VNI_SAMPLE, "vni")
        assert text.startswith("Cộng hòa xã hội chủ nghĩa Việt Nam Độc lập - Tự do - Hạnh phúc")
        assert text.endswith("Kính gửi: ỦY BAN")

    @pytest.mark.parametrize(
        "text",
        ["Cộng hòa xã hội chủ nghĩa Việt Nam, hoà quân «trích dẫn»", "plain ASCII text", ""],
        ids=["unicode-vietnamese", "ascii", "empty"],
    )
    def test_unicode_is_not_mistaken_for_legacy(self, text: str) -> None:
        """Unicode Vietnamese, with a stray guillemet, is left alone."""
        assert detect_legacy(text) is None

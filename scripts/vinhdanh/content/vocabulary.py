"""The built-in vocabulary: fields (lĩnh vực) and award titles (awards.md)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field

from ..records import record


@record
class Field:
    id: str
    name: str


@record
class AwardTitle:
    id: str
    name: str
    abbreviation: str
    for_: str  # individual | collective | both
    rank: int
    category: str  # state (huân chương, danh hiệu nhà nước) | title (danh hiệu thi đua) | commendation

    def allows(self, kind: str) -> bool:
        return self.for_ == "both" or self.for_ == kind

    @property
    def short(self) -> str:
        return self.abbreviation or self.name


BUILTIN_FIELDS: tuple[Field, ...] = (
    Field("kham-chua-benh", "Khám, chữa bệnh"),
    Field("phong-chong-dich", "Phòng, chống dịch bệnh"),
    Field("y-duc", "Y đức, quy tắc ứng xử"),
    Field("chuyen-doi-so", "Chuyển đổi số"),
    Field("sang-kien", "Nghiên cứu khoa học, sáng kiến"),
    Field("cai-cach-hanh-chinh", "Cải cách hành chính"),
    Field("hoc-tap-lam-theo-bac", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"),
    Field("nhan-dao-tu-thien", "Nhân đạo, từ thiện"),
    Field("van-hoa-cong-so", "Văn hóa công sở"),
    Field("tiet-kiem-chong-lang-phi", "Thực hành tiết kiệm, chống lãng phí"),
)

_A = AwardTitle
BUILTIN_AWARDS: tuple[AwardTitle, ...] = (
    _A("anh-hung-lao-dong", "Anh hùng Lao động", "AHLĐ", "both", 10, "state"),
    _A("thay-thuoc-nhan-dan", "Thầy thuốc Nhân dân", "TTND", "individual", 20, "state"),
    _A("huan-chuong-lao-dong-hang-nhat", "Huân chương Lao động hạng Nhất", "HCLĐ hạng Nhất", "both", 30, "state"),
    _A("huan-chuong-lao-dong-hang-nhi", "Huân chương Lao động hạng Nhì", "HCLĐ hạng Nhì", "both", 31, "state"),
    _A("huan-chuong-lao-dong-hang-ba", "Huân chương Lao động hạng Ba", "HCLĐ hạng Ba", "both", 32, "state"),
    _A("thay-thuoc-uu-tu", "Thầy thuốc Ưu tú", "TTƯT", "individual", 35, "state"),
    _A("chien-si-thi-dua-toan-quoc", "Chiến sĩ thi đua toàn quốc", "CSTĐTQ", "individual", 40, "title"),
    _A("co-thi-dua-chinh-phu", "Cờ thi đua của Chính phủ", "", "collective", 41, "title"),
    _A("bang-khen-thu-tuong", "Bằng khen của Thủ tướng Chính phủ", "BKTTg", "both", 45, "commendation"),
    _A("chien-si-thi-dua-cap-tinh", "Chiến sĩ thi đua cấp bộ, ngành, tỉnh", "CSTĐ cấp tỉnh", "individual", 50, "title"),
    _A("co-thi-dua-bo-tinh", "Cờ thi đua của bộ, ngành, tỉnh", "", "collective", 51, "title"),
    _A("bang-khen-bo-y-te", "Bằng khen của Bộ trưởng Bộ Y tế", "BK BYT", "both", 55, "commendation"),
    _A("bang-khen-ubnd-tinh", "Bằng khen của Chủ tịch UBND tỉnh", "BK UBND tỉnh", "both", 56, "commendation"),
    _A("sang-kien-cap-tinh", "Sáng kiến được công nhận cấp tỉnh", "", "both", 57, "commendation"),
    _A("ky-niem-chuong-vi-suc-khoe-nhan-dan", 'Kỷ niệm chương "Vì sức khỏe nhân dân"', "KNC", "individual", 60, "commendation"),
    _A("chien-si-thi-dua-co-so", "Chiến sĩ thi đua cơ sở", "CSTĐCS", "individual", 70, "title"),
    _A("tap-the-lao-dong-xuat-sac", "Tập thể lao động xuất sắc", "TTLĐXS", "collective", 71, "title"),
    _A("sang-kien-co-so", "Sáng kiến được công nhận cấp cơ sở", "", "both", 75, "commendation"),
    _A("giay-khen", "Giấy khen", "GK", "both", 80, "commendation"),
    _A("lao-dong-tien-tien", "Lao động tiên tiến", "LĐTT", "individual", 90, "title"),
    _A("tap-the-lao-dong-tien-tien", "Tập thể lao động tiên tiến", "TTLĐTT", "collective", 91, "title"),
    _A("bieu-duong", "Biểu dương, tôn vinh (người tốt, việc tốt)", "", "both", 95, "commendation"),
)

AWARD_CATEGORY_NAMES = {
    "state": "Danh hiệu vinh dự Nhà nước, Huân chương",
    "title": "Danh hiệu thi đua",
    "commendation": "Hình thức khen thưởng",
}


@record
class Need:
    """One condition of an eligibility rule: `count` awards among `awards` (any of these ids)."""

    awards: tuple[str, ...]
    count: int = 1
    consecutive: bool = False  # `count` years in a row, each with one of `awards`
    years: int = 0  # only the last `years` years up to the proposal's (0: the whole history)


@record
class Rule:
    """One way to be eligible for `title`: every need met. Several rules for a title are alternatives ("hoặc")."""

    title: str
    text: str  # the condition as the plans word it, shown to the author
    needs: tuple[Need, ...]


# Chained conditions of the Law on Emulation and Commendation 06/2022/QH15 that the award
# history can show (awards.md); conditions on a collective's members cannot be checked from it.
BUILTIN_RULES: tuple[Rule, ...] = (
    Rule(
        "chien-si-thi-dua-co-so",
        "đạt Lao động tiên tiến và có sáng kiến được công nhận trong năm",
        (Need(("lao-dong-tien-tien",), 1, years=1), Need(("sang-kien-co-so", "sang-kien-cap-tinh"), 1, years=1)),
    ),
    Rule("chien-si-thi-dua-cap-tinh", "03 lần liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở", (Need(("chien-si-thi-dua-co-so",), 3, consecutive=True),)),
    Rule("chien-si-thi-dua-toan-quoc", "02 lần liên tục đạt danh hiệu Chiến sĩ thi đua cấp bộ, ngành, tỉnh", (Need(("chien-si-thi-dua-cap-tinh",), 2, consecutive=True),)),
    Rule("thay-thuoc-nhan-dan", "đã được phong tặng Thầy thuốc Ưu tú", (Need(("thay-thuoc-uu-tu",)),)),
    Rule("huan-chuong-lao-dong-hang-ba", "đã được tặng Bằng khen của Thủ tướng Chính phủ", (Need(("bang-khen-thu-tuong",)),)),
)

KINDS = ("individual", "collective")
KIND_NAMES = {"individual": "Cá nhân", "collective": "Tập thể"}
UNIT_KINDS = ("khoa", "phong", "trung-tam", "tram", "to-chuc")


@record
class Vocabulary:
    fields: dict[str, Field]
    awards: dict[str, AwardTitle]
    rules: dict[str, tuple[Rule, ...]] = field(default_factory=dict)  # award id -> its alternatives

    @classmethod
    def builtin(cls) -> Vocabulary:
        return cls({f.id: f for f in BUILTIN_FIELDS}, {a.id: a for a in BUILTIN_AWARDS}, rules_by_title(BUILTIN_RULES))

    def extended(self, fields: list[Field], awards: list[AwardTitle], rules: Iterable[Rule] = ()) -> Vocabulary:
        """A site's rules for a title replace the built-in ones: a plan may ask more than the law."""
        return Vocabulary(
            {**self.fields, **{f.id: f for f in fields}},
            {**self.awards, **{a.id: a for a in awards}},
            {**self.rules, **rules_by_title(rules)},
        )


def rules_by_title(rules: Iterable[Rule]) -> dict[str, tuple[Rule, ...]]:
    out: dict[str, tuple[Rule, ...]] = {}
    for rule in rules:
        out[rule.title] = (*out.get(rule.title, ()), rule)
    return out

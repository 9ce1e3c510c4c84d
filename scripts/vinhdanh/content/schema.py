"""The content model's keys, declared once.

Each front matter key of a story or campaign is one `Key`: its type, whether it
is required, its limits, where its values come from, and what an author reads
about it (Vietnamese label, help, example). The reader validates from it, the
`vinhdanh new` templates, the key tables of the authoring guide and the Decap
editor configuration are derived from it: a new key is one entry here (plus a
model attribute if an output shows it).
"""

from __future__ import annotations

import functools
from dataclasses import field

from ..records import record

TITLE_MAX, SUMMARY_MAX = 150, 400
EXEMPLAR_STATUSES = ("draft", "review", "published", "withdrawn", "candidate")
# Levels a proposal goes to, a selection is made at, and a model or initiative is recognised at.
LEVELS = (("co-so", "cấp cơ sở"), ("nganh", "cấp ngành (Sở Y tế)"), ("tinh", "cấp tỉnh"), ("toan-quoc", "toàn quốc"))
# What a story is about: a person or collective (the default), or the model or initiative they built.
SUBJECTS = (("exemplar", "gương điển hình"), ("model", "mô hình"), ("initiative", "sáng kiến, giải pháp"))
CAMPAIGN_STATUSES = ("draft", "published", "withdrawn")
# The events the plans hold to praise and spread exemplars (content/events/).
EVENT_KINDS = (
    ("hoi-nghi", "hội nghị biểu dương, tuyên dương"),
    ("toa-dam", "tọa đàm"),
    ("giao-luu", "giao lưu"),
    ("cuoc-thi", "cuộc thi viết"),
    ("other", "sự kiện khác"),
)


@record
class Key:
    key: str
    type: str  # see TYPES
    label: str  # Vietnamese, what the editor shows
    help: str  # Vietnamese, one sentence or two: comment, hint and guide text
    example: str  # the value as an author types it after `key: `
    required: bool = False
    required_when: str = ""  # Vietnamese condition when required depends on other keys
    max_len: int | None = None
    choices: tuple[tuple[str, str], ...] = ()  # (value, Vietnamese meaning)
    source: str = ""  # units | fields | awards | campaigns: values come from the content
    note: tuple[str, ...] = ()  # extra example lines for the template and the guide
    parts: tuple[Key, ...] = field(default_factory=tuple)  # the keys of each item (awards, phases, quota)

    @functools.cached_property  # asked once per key per story: 100,000 times for 5,000 stories
    def values(self) -> tuple[str, ...]:
        return tuple(value for value, _ in self.choices)

    @property
    def required_text(self) -> str:
        """The guide's "Bắt buộc" column."""
        return "có" if self.required else (self.required_when or "không")


# The types a key may have, and the shape of their value.
TYPES = {
    "text": "một dòng văn bản",
    "longtext": "một đoạn văn bản",
    "date": "ngày YYYY-MM-DD",
    "choice": "một giá trị trong danh sách",
    "bool": "true hoặc false",
    "ref": "mã trong danh sách của đơn vị",
    "refs": "danh sách mã",
    "list": "danh sách văn bản",
    "records": "danh sách các mục, mỗi mục nhiều khóa",
    "group": "một nhóm khóa",
    "int": "số nguyên",
    "image": "tên tệp ảnh",
    "focus": "hai số từ 0 đến 1",
    "url": "địa chỉ trang web",
    "consent": "true hoặc tên văn bản đồng ý",
    "month": "tháng YYYY-MM",
    "period": "giai đoạn YYYY-YYYY",
}

_PHOTO = (
    Key("photo", "image", "Ảnh chính", "Ảnh chính: tệp JPEG, PNG, WebP hoặc HEIC đặt cùng thư mục với bài viết.", "lan-ca-truc.jpg"),
    Key("photo_alt", "text", "Mô tả ảnh", "Mô tả ảnh cho người không nhìn thấy ảnh: ai, đang làm gì (xem mục 7).", "Điều dưỡng đo huyết áp cho cụ bà bên giường bệnh", required_when="khi có ảnh"),
    Key("photo_credit", "text", "Người chụp ảnh", "Người chụp ảnh.", "Nguyễn Hoàng Duy, Phòng CTXH"),
    Key("photo_focus", "focus", "Vị trí khuôn mặt trong ảnh", "Vị trí khuôn mặt để cắt ảnh cho đẹp: [ngang, dọc], mỗi số từ 0 đến 1.", "[0.5, 0.3]"),
)

EXEMPLAR = (
    Key("title", "text", "Tiêu đề", f"Tiêu đề bài viết, tối đa {TITLE_MAX} ký tự.", "Tấm gương tận tụy với người bệnh", required=True, max_len=TITLE_MAX),
    Key("kind", "choice", "Cá nhân hay tập thể", "Bài về một cá nhân hay một tập thể.", "individual", required=True, choices=(("individual", "cá nhân"), ("collective", "tập thể"))),
    Key(
        "name",
        "text",
        "Họ tên hoặc tên tập thể",
        "Họ và tên đầy đủ của người được vinh danh, hoặc tên tập thể. Tên cá nhân gõ chữ thường vẫn được hiển thị viết hoa chữ đầu mỗi từ.",
        "Nguyễn Thị Lan",
        required=True,
    ),
    Key("position", "text", "Chức vụ, chức danh", "Chức vụ, chức danh của cá nhân.", "Điều dưỡng trưởng khoa"),
    Key("unit", "ref", "Khoa, phòng", "Khoa, phòng: mã hoặc đúng tên trong `content/units.yml`.", "hstc", required=True, source="units"),
    Key("date", "date", "Ngày đăng", "Ngày đăng, dạng năm-tháng-ngày. Ngày trong tương lai: bài được hẹn giờ, chỉ hiện từ ngày đó.", "2026-03-15", required=True),
    Key("updated", "date", "Ngày cập nhật", "Ngày sửa nội dung sau khi đã đăng; không được trước ngày đăng. Để trống nếu chưa sửa.", "2026-04-02"),
    Key(
        "summary",
        "longtext",
        "Tóm tắt",
        f"Tóm tắt thành tích trong 1–3 câu, tối đa {SUMMARY_MAX} ký tự; hiện ở danh sách, bản tin, mạng xã hội, báo cáo.",
        "Tóm tắt thành tích trong 1–3 câu.",
        required=True,
        max_len=SUMMARY_MAX,
    ),
    Key("fields", "refs", "Lĩnh vực", "Lĩnh vực: mã ở bảng 5.1 (và trong `content/vocabulary.yml`).", "[kham-chua-benh, y-duc, sang-kien]", source="fields"),
    Key("campaigns", "refs", "Phong trào thi đua", "Phong trào thi đua đã vinh danh: tên tệp trong `content/campaigns/`, bỏ đuôi `.md`.", "[thay-thuoc-nhu-me-hien-2026]", source="campaigns"),
    Key(
        "awards",
        "records",
        "Thành tích, danh hiệu",
        "Thành tích, mỗi mục một danh hiệu: năm, mã danh hiệu (bảng 5.2), số quyết định, cấp tặng.",
        "[]",
        source="awards",
        note=("  - year: 2025", "    title: chien-si-thi-dua-co-so", "    decision: Quyết định số 123/QĐ-SYT ngày 10/12/2025", "    by: Giám đốc Sở Y tế"),
        parts=(
            Key("year", "int", "Năm", "Năm được tặng danh hiệu.", "2025", required=True),
            Key("title", "ref", "Danh hiệu", "Mã danh hiệu ở bảng 5.2.", "chien-si-thi-dua-co-so", required=True, source="awards"),
            Key("decision", "text", "Số quyết định", "Số, ngày của quyết định khen thưởng.", "Quyết định số 123/QĐ-SYT ngày 10/12/2025"),
            Key("by", "text", "Cấp tặng", "Người, cơ quan ký quyết định.", "Giám đốc Sở Y tế"),
        ),
    ),
    *_PHOTO,
    Key("video", "url", "Video YouTube", "Video YouTube về tấm gương; chỉ tải khi người đọc bấm xem.", "https://www.youtube.com/watch?v=abc123XYZ"),
    Key(
        "consent",
        "consent",
        "Sự đồng ý của người trong bài",
        "Sự đồng ý bằng văn bản của người trong bài (mục 6): ghi true, hoặc tên biên bản. Bài về cá nhân không được đăng khi chưa có; `false` nghĩa là chưa đồng ý.",
        "Phiếu đồng ý ngày 12/3/2026, lưu tại Phòng TCCB",
        required_when="với cá nhân, khi đăng",
    ),
    Key("patients_identifiable", "bool", "Có người bệnh nhận ra được", "true nếu có người bệnh nhận ra được trong bài hoặc ảnh.", "false"),
    Key("patient_consent", "bool", "Người bệnh đã đồng ý", "true khi người bệnh (hoặc người giám hộ) đã đồng ý bằng văn bản.", "true", required_when="khi có người bệnh nhận ra được"),
    Key(
        "status",
        "choice",
        "Trạng thái",
        "Trạng thái bài (mục 8): chỉ bài `published` mới hiện trên trang web.",
        "draft",
        required=True,
        choices=(("draft", "nháp"), ("review", "chờ duyệt"), ("published", "đăng"), ("withdrawn", "gỡ"), ("candidate", "ứng viên đang bồi dưỡng, không đăng")),
    ),
    Key("featured", "bool", "Ghim lên đầu", "true để ghim bài lên đầu danh sách.", "false"),
    Key("tags", "list", "Từ khóa", "Từ khóa tự do.", "[hiến máu, tình nguyện]"),
    Key("author", "text", "Người viết bài", "Người viết bài.", "Phòng Công tác xã hội"),
    # A good deed sent from the newsroom by any staff member (issue 24): who noticed it.
    Key(
        "submitted_by",
        "text",
        "Người gửi",
        "Người phát hiện và gửi việc tốt qua phòng tin bài: họ tên, khoa, phòng. Chỉ dùng nội bộ, không hiện trên trang web.",
        "Trần Thị Bích, Khoa Nội",
    ),
    # Models and initiatives (mô hình, sáng kiến): a story about what a person or collective built.
    Key(
        "subject",
        "choice",
        "Bài viết về",
        "Bài về một gương điển hình (mặc định), hay về một mô hình, sáng kiến do cá nhân, tập thể trong `kind`, `name` xây dựng (mục 20).",
        "exemplar",
        choices=SUBJECTS,
    ),
    Key("recognition", "choice", "Cấp công nhận", "Mô hình, sáng kiến được công nhận ở cấp nào (chỉ dùng cho mô hình, sáng kiến).", "tinh", choices=LEVELS),
    Key("applied_at", "list", "Nơi áp dụng", "Mô hình, sáng kiến đang được áp dụng ở đâu.", "[Khoa Hồi sức tích cực - Chống độc]"),
    Key("replicated_at", "list", "Nơi nhân rộng", "Mô hình, sáng kiến đã được nhân rộng ra đâu.", "[Khoa Nhi, Trung tâm Y tế huyện Phong Điền]"),
    # The candidate pipeline (mục 10 of the guide): internal records, never shown on the site.
    Key(
        "cultivation",
        "records",
        "Ghi chép bồi dưỡng",
        "Bồi dưỡng ứng viên, mỗi mục một lần: ngày, việc đã làm. Chỉ dùng nội bộ, không bao giờ hiện trên trang web.",
        "[]",
        note=("  - date: 2026-03-10", "    note: Cử đi tập huấn kỹ thuật lọc máu liên tục"),
        parts=(
            Key("date", "date", "Ngày", "Ngày bồi dưỡng, dạng năm-tháng-ngày.", "2026-03-10", required=True),
            Key("note", "text", "Nội dung", "Việc đã làm để bồi dưỡng.", "Cử đi tập huấn kỹ thuật lọc máu liên tục", required=True),
        ),
    ),
    Key(
        "proposal",
        "group",
        "Đề xuất",
        "Đề xuất giới thiệu, khen thưởng: người đề xuất, đề xuất lên cấp nào, trong tháng nào, danh hiệu đề nghị (nếu có). Chỉ dùng trong báo cáo nội bộ.",
        "{by: Khoa Hồi sức tích cực - Chống độc, level: nganh, month: 2026-11}",
        parts=(
            Key("by", "text", "Người, đơn vị đề xuất", "Người hoặc khoa, phòng đề xuất.", "Khoa Hồi sức tích cực - Chống độc", required=True),
            Key("level", "choice", "Đề xuất lên cấp", "Cấp nhận đề xuất.", "nganh", required=True, choices=LEVELS),
            Key("month", "month", "Tháng đề xuất", "Tháng đề xuất, dạng năm-tháng.", "2026-11", required=True),
            Key("award", "ref", "Danh hiệu đề nghị", "Mã danh hiệu đề nghị (bảng 5.2); hệ thống kiểm tra điều kiện từ `awards`.", "chien-si-thi-dua-cap-tinh", source="awards"),
        ),
    ),
    Key(
        "selected",
        "group",
        "Được chọn",
        "Được cấp trên chọn: cấp nào, ngày chọn; ví dụ Sở Y tế chọn 02–05 gương tiêu biểu đề nghị cấp tỉnh. Cần có `proposal`.",
        "{level: tinh, date: 2026-12-05}",
        parts=(
            Key("level", "choice", "Cấp chọn", "Cấp đã chọn.", "tinh", required=True, choices=LEVELS),
            Key("date", "date", "Ngày chọn", "Ngày chọn, dạng năm-tháng-ngày.", "2026-12-05", required=True),
        ),
    ),
)

CAMPAIGN = (
    Key("title", "text", "Tên phong trào", f"Tên phong trào, tối đa {TITLE_MAX} ký tự.", "Phong trào thi đua ...", required=True, max_len=TITLE_MAX),
    Key("date", "date", "Ngày phát động", "Ngày phát động, dạng năm-tháng-ngày.", "2027-02-20", required=True),
    Key("summary", "longtext", "Mục đích", f"Mục đích của phong trào trong 1–3 câu, tối đa {SUMMARY_MAX} ký tự.", "Mục đích của phong trào trong 1–3 câu.", required=True, max_len=SUMMARY_MAX),
    Key("host", "text", "Cơ quan chủ trì", "Cơ quan chủ trì.", "Sở Y tế", required=True),
    Key("owner", "text", "Bộ phận phụ trách", "Bộ phận phụ trách.", "Phòng Tổ chức cán bộ"),
    Key("start", "date", "Ngày bắt đầu", "Ngày bắt đầu phong trào, dạng năm-tháng-ngày.", "2027-03-01", required=True),
    Key("end", "date", "Ngày kết thúc", "Ngày kết thúc phong trào, không trước ngày bắt đầu.", "2027-12-31", required=True),
    Key(
        "phases",
        "records",
        "Các đợt thi đua",
        "Các đợt: tên, bắt đầu, kết thúc, mục tiêu; nằm trong thời gian phong trào, không chồng lên nhau.",
        "[]",
        note=("  - name: Đợt 1", "    start: 2027-03-01", "    end: 2027-06-30", "    goal: 100% khoa, phòng đăng ký giao ước thi đua"),
        parts=(
            Key("name", "text", "Tên đợt", "Tên đợt.", "Đợt 1", required=True),
            Key("start", "date", "Bắt đầu", "Ngày bắt đầu đợt.", "2027-03-01", required=True),
            Key("end", "date", "Kết thúc", "Ngày kết thúc đợt.", "2027-06-30", required=True),
            Key("goal", "text", "Mục tiêu", "Mục tiêu của đợt.", "100% khoa, phòng đăng ký giao ước thi đua"),
        ),
    ),
    Key("review", "date", "Ngày xét khen thưởng", "Ngày xét khen thưởng, dạng năm-tháng-ngày.", "2028-01-12"),
    Key(
        "quota",
        "group",
        "Chỉ tiêu khen thưởng",
        "Số lượng xét khen thưởng: tập thể, cá nhân.",
        "{collective: 3, individual: 10}",
        parts=(
            Key("collective", "int", "Tập thể", "Số tập thể được xét.", "3"),
            Key("individual", "int", "Cá nhân", "Số cá nhân được xét.", "10"),
        ),
    ),
    Key("basis", "list", "Căn cứ", "Căn cứ: các văn bản phong trào thực hiện, mỗi dòng một văn bản.", "[Kế hoạch số 415/KH-SYT ngày 05/02/2027]"),
    Key("photo", "image", "Ảnh băng rôn", "Ảnh băng rôn: tên tệp ảnh trong `content/`, tính từ thư mục chứa tệp này.", "anh/bang-ron-2027.jpg"),
    *_PHOTO[1:],
    Key(
        "status",
        "choice",
        "Trạng thái",
        "Trạng thái: chỉ phong trào `published` mới hiện trên trang web.",
        "draft",
        required=True,
        choices=(("draft", "nháp"), ("published", "đăng"), ("withdrawn", "gỡ")),
    ),
)

# An event (content/events/<slug>.md): a conference, round-table, exchange or contest,
# announced on its `date` and listed by its `start`.
EVENT = (
    Key("title", "text", "Tên sự kiện", f"Tên sự kiện, tối đa {TITLE_MAX} ký tự.", "Hội nghị biểu dương điển hình tiên tiến năm 2027", required=True, max_len=TITLE_MAX),
    Key("kind", "choice", "Loại sự kiện", "Loại sự kiện.", "hoi-nghi", required=True, choices=EVENT_KINDS),
    Key("date", "date", "Ngày đăng", "Ngày đăng tin, dạng năm-tháng-ngày: trước ngày này tin chưa hiện.", "2027-11-20", required=True),
    Key("start", "date", "Ngày diễn ra", "Ngày diễn ra (ngày bắt đầu), dạng năm-tháng-ngày.", "2027-12-05", required=True),
    Key("end", "date", "Ngày kết thúc", "Ngày kết thúc, khi sự kiện kéo dài nhiều ngày; không trước ngày diễn ra.", "2027-12-06"),
    Key("place", "text", "Địa điểm", "Nơi tổ chức.", "Hội trường tầng 3, nhà A", required=True),
    Key("host", "text", "Đơn vị tổ chức", "Đơn vị tổ chức.", "Công đoàn bệnh viện", required=True),
    Key("summary", "longtext", "Tóm tắt", f"Nội dung sự kiện trong 1–3 câu, tối đa {SUMMARY_MAX} ký tự.", "Biểu dương các tập thể, cá nhân tiêu biểu của năm.", required=True, max_len=SUMMARY_MAX),
    Key("campaign", "ref", "Phong trào", "Mã phong trào thi đua (tên tệp trong `content/campaigns/`) mà sự kiện thuộc về.", "thi-dua-2027", source="campaigns"),
    Key("exemplars", "refs", "Gương được biểu dương", "Các bài gương điển hình được biểu dương tại sự kiện: tên thư mục (slug) của bài.", "[nguyen-thi-lan]", source="exemplars"),
    Key("photo", "image", "Ảnh sự kiện", "Ảnh sự kiện: tên tệp ảnh trong `content/`, tính từ thư mục chứa tệp này.", "anh/hoi-nghi-2027.jpg"),
    *_PHOTO[1:],
    Key(
        "status",
        "choice",
        "Trạng thái",
        "Trạng thái: chỉ sự kiện `published` mới hiện trên trang web, từ ngày `date`.",
        "draft",
        required=True,
        choices=(("draft", "nháp"), ("published", "đăng"), ("withdrawn", "gỡ")),
    ),
)

# A registration (content/registrations/**.yml): what a collective or a person registers
# at the start of a period, as in the plans' form "Đăng ký thành tích qua các năm".
REGISTRATION = (
    Key("kind", "choice", "Cá nhân hay tập thể", "Đăng ký của một cá nhân hay một tập thể.", "collective", required=True, choices=(("individual", "cá nhân"), ("collective", "tập thể"))),
    Key("name", "text", "Họ tên hoặc tên tập thể", "Họ và tên, hoặc tên tập thể đăng ký.", "Khoa Hồi sức tích cực - Chống độc", required=True),
    Key("position", "text", "Chức vụ", "Chức vụ của cá nhân đăng ký.", "Trưởng khoa"),
    Key("unit", "ref", "Khoa, phòng", "Khoa, phòng: mã hoặc đúng tên trong `content/units.yml`.", "hstc", required=True, source="units"),
    Key("period", "period", "Giai đoạn", "Giai đoạn đăng ký, dạng năm đầu-năm cuối.", "2026-2030", required=True),
    Key("date", "date", "Ngày đăng ký", "Ngày ký bản đăng ký, dạng năm-tháng-ngày.", "2026-01-15"),
    Key(
        "exemplar",
        "ref",
        "Bài gương điển hình",
        "Tên bài gương điển hình của người, tập thể này (tên tệp hoặc thư mục, không có `.md`): thành tích đã đạt lấy từ `awards` của bài. Bỏ trống thì tìm bài cùng tên, cùng khoa.",
        "nguyen-thi-lan",
        source="exemplars",
    ),
    Key(
        "aims",
        "records",
        "Danh hiệu đăng ký",
        "Danh hiệu đăng ký cho từng năm của giai đoạn, mỗi mục một danh hiệu: năm, mã danh hiệu (bảng 5.2).",
        "[]",
        source="awards",
        note=("  - year: 2026", "    title: tap-the-lao-dong-xuat-sac", "  - year: 2027", "    title: bang-khen-ubnd-tinh"),
        parts=(
            Key("year", "int", "Năm", "Năm đăng ký đạt danh hiệu, trong giai đoạn.", "2026", required=True),
            Key("title", "ref", "Danh hiệu", "Mã danh hiệu ở bảng 5.2.", "tap-the-lao-dong-xuat-sac", required=True, source="awards"),
        ),
    ),
    Key("campaigns", "refs", "Phong trào đăng ký", "Phong trào thi đua đăng ký tham gia: tên tệp trong `content/campaigns/`, bỏ đuôi `.md`.", "[thay-thuoc-nhu-me-hien-2026]", source="campaigns"),
    Key("initiatives", "list", "Sáng kiến đăng ký", "Tên các sáng kiến, giải pháp đăng ký thực hiện.", "[Bảng kiểm bàn giao người bệnh nặng]"),
    Key("models", "list", "Mô hình đăng ký", "Tên các mô hình đăng ký xây dựng, nhân rộng.", "[Mô hình “Khoa không khói thuốc”]"),
    Key("pact", "text", "Giao ước thi đua", "Giao ước thi đua đã ký: văn bản, ngày ký.", "Giao ước thi đua ngày 15/01/2026 giữa các khoa khối Hồi sức"),
)

# `calendar:` in site.yml: the reporting deadlines of the unit's plan (deadlines.py).
CALENDAR_DUE = (
    ("monthly-exemplar", "gương điển hình tiêu biểu của tháng"),
    ("yearly-list", "danh sách điển hình tiên tiến của năm"),
    ("yearly-report", "báo cáo năm"),
    ("half-year-report", "báo cáo 6 tháng, báo cáo năm"),
    ("phase-review", "báo cáo sơ kết, tổng kết giai đoạn"),
    ("other", "việc khác"),
)
CALENDAR = (
    Key("name", "text", "Việc phải nộp", "Việc phải nộp, như kế hoạch ghi.", "Gửi 01 gương điển hình tiêu biểu của tháng", required=True, max_len=TITLE_MAX),
    Key("due", "choice", "Loại việc", "Loại việc: `vinhdanh status` kiểm tra được gương của tháng và danh sách của năm.", "monthly-exemplar", required=True, choices=CALENDAR_DUE),
    Key("day", "int", "Ngày hằng tháng", "Hạn hằng tháng: ngày trong tháng, từ 1 đến 31 (tháng ngắn hơn: ngày cuối tháng).", "20", required_when="khi không có `dates`"),
    Key(
        "dates",
        "list",
        "Các ngày hạn",
        "Hạn hằng năm dạng `ngày/tháng`, hoặc hạn một lần dạng năm-tháng-ngày.",
        "[10/06, 10/12]",
        required_when="khi không có `day`",
    ),
    Key("to", "text", "Nơi nhận", "Nơi gửi đến.", "Sở Y tế (qua phòng Tổ chức cán bộ)"),
)

COLLECTIONS = {"exemplars": EXEMPLAR, "campaigns": CAMPAIGN, "calendar": CALENDAR, "registrations": REGISTRATION, "events": EVENT}


def keys_of(schema: tuple[Key, ...]) -> tuple[str, ...]:
    return tuple(k.key for k in schema)


def by_key(schema: tuple[Key, ...]) -> dict[str, Key]:
    return {k.key: k for k in schema}


EXEMPLAR_KEYS = keys_of(EXEMPLAR)
CAMPAIGN_KEYS = keys_of(CAMPAIGN)
REGISTRATION_KEYS = keys_of(REGISTRATION)
EVENT_KEYS = keys_of(EVENT)
assert tuple(k.values for k in EXEMPLAR if k.key == "status") == (EXEMPLAR_STATUSES,)
assert tuple(k.values for k in CAMPAIGN if k.key == "status") == (CAMPAIGN_STATUSES,)

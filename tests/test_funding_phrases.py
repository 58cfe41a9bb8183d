"""Funding phrases as real plans write them → (category, amount) rows.

Each phrase is put in the KINH PHÍ section of a small district plan and run
through the real stages (normalise, structure, metadata, references, funding).
Accent-stripped phrases go in an accent-stripped plan, so they pass through the
diacritic restorer as such inputs do.
"""

from __future__ import annotations

import pytest
from unidecode import unidecode

from extractors import Found, funding, legal_refs, metadata
from extractors.funding import parse_amount
from pipeline.ingest import ingest_bytes
from pipeline.process import build_document

TEMPLATE = """ỦY BAN NHÂN DÂN
HUYỆN LỤC NAM

Số: 12/KH-UBND

KẾ HOẠCH
Thực hiện công tác giảm nghèo trên địa bàn huyện năm 2024

I. MỤC ĐÍCH, YÊU CẦU

Tuyên truyền sâu rộng về chương trình giảm nghèo tới cán bộ và Nhân dân.

II. {heading}

{body}

III. TỔ CHỨC THỰC HIỆN

1. Phòng Lao động - Thương binh và Xã hội

Chủ trì, phối hợp với các cơ quan, đơn vị tổ chức thực hiện Kế hoạch.

2. Ủy ban nhân dân các xã, thị trấn

Xây dựng kế hoạch cụ thể; bố trí ngân sách phù hợp để thực hiện Kế hoạch.
"""


def run(body: str, stripped: bool = False, heading: str = "KINH PHÍ THỰC HIỆN") -> Found:
    text = TEMPLATE.format(heading=heading, body=body)
    if stripped:
        text = unidecode(text)
    doc = build_document(ingest_bytes(text.encode("utf-8"), "plan.txt"))
    found = Found()
    metadata.extract(doc, found)
    legal_refs.extract(doc, found)
    funding.extract(doc, found)
    return found


M = 1_000_000
B = 1_000_000_000
PHRASES: list[tuple[str, list[tuple[str, int | None]]]] = [
    ("Kinh phí thực hiện Kế hoạch được bố trí từ dự toán ngân sách hằng năm của các cơ quan, "
     "đơn vị.", [("unit_budget", None)]),
    ("Kinh phi thuc hien Ke hoach duoc bo tri tu du toan ngan sach hang nam cua cac co quan, "
     "don vi.", [("unit_budget", None)]),
    ("Các cơ quan, đơn vị, địa phương chủ động bố trí kinh phí hằng năm từ nguồn ngân sách được "
     "giao để tổ chức thực hiện.", [("unit_budget", None)]),
    ("Kinh phí được bố trí trong dự toán chi thường xuyên của các sở, ban, ngành.",
     [("unit_budget", None)]),
    ("Ngân sách tỉnh bảo đảm kinh phí thực hiện các nhiệm vụ của Kế hoạch.",
     [("provincial_budget", None)]),
    ("Kinh phí thực hiện từ nguồn ngân sách Trung ương hỗ trợ và ngân sách địa phương.",
     [("central_budget", None), ("district_budget", None)]),
    ("Ngan sach Trung uong: 2 ty 500 trieu dong.", [("central_budget", 2500 * M)]),
    ("Các cơ quan, đơn vị bố trí kinh phí phù hợp với khả năng ngân sách.",
     [("state_budget", None)]),
    ("Kinh phí thực hiện do ngân sách nhà nước bảo đảm theo quy định của Luật Ngân sách nhà nước.",
     [("state_budget", None)]),
    ("Ngân sách nhà nước theo phân cấp hiện hành.", [("state_budget", None)]),
    ("NSNN bảo đảm 60%, xã hội hóa 40%.", [("state_budget", None), ("socialized", None)]),
    # the actors' own money is socialized
    ("Kinh phí của các cơ sở nuôi trồng thủy sản và các nguồn hợp pháp khác.",
     [("socialized", None), ("other_lawful", None)]),
    ("Vốn tự có của các hộ gia đình, hợp tác xã.", [("socialized", None)]),
    ("Kinh phí thực hiện: 150 triệu đồng từ ngân sách huyện.", [("district_budget", 150 * M)]),
    ("Kinh phí: 500.000.000đ (ngân sách huyện).", [("district_budget", 500 * M)]),
    ("Ngân sách huyện bố trí 1.500 triệu đồng để tổ chức các hoạt động.",
     [("district_budget", 1500 * M)]),
    ("Ngân sách thành phố bố trí 500 triệu đồng.", [("district_budget", 500 * M)]),
    ("Tổng kinh phí thực hiện là 1.200.000.000 đồng (Một tỷ hai trăm triệu đồng), từ nguồn ngân "
     "sách tỉnh.", [("provincial_budget", 1200 * M)]),
    ("Ngân sách tỉnh hỗ trợ 1,2 tỷ đồng; huy động xã hội hóa hơn 3,2 tỷ đồng.",
     [("provincial_budget", 1200 * M), ("socialized", 3200 * M)]),
    ("Kinh phí thực hiện: được bố trí từ nguồn ngân sách xã hằng năm.",
     [("commune_budget", None)]),
    ("Kinh phi thuc hien tu nguon ngan sach cap xa.", [("commune_budget", None)]),
    ("Ủy ban nhân dân các xã, thị trấn bố trí ngân sách phù hợp để thực hiện Kế hoạch.",
     [("commune_budget", None)]),
    ("Ngân sách xã và các nguồn đóng góp của Nhân dân.",
     [("commune_budget", None), ("socialized", None)]),
    ("Kinh phí hỗ trợ từ Chương trình giai đoạn 2021-2025.", [("program_fund", None)]),
    ("Kinh phí hỗ trợ từ Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn "
     "2021-2025.", [("program_fund", None)]),
    ("Nguồn vốn sự nghiệp thực hiện Chương trình MTQG xây dựng nông thôn mới năm 2024.",
     [("program_fund", None)]),
    ("Ngân sách nhà nước bố trí nguồn kinh phí từ Dự án Truyền thông và giảm nghèo về thông tin "
     "thuộc Chương trình mục tiêu quốc gia giảm nghèo bền vững.", [("program_fund", None)]),
    ("Lồng ghép các chương trình, dự án khác trên địa bàn.", [("integrated", None)]),
    ("Kinh phi thuc hien Ke hoach do ngan sach tinh dam bao, long ghep voi nguon von cac chuong "
     "trinh muc tieu quoc gia.", [("provincial_budget", None), ("integrated", None)]),
    ("Lòng ghép kinh phí từ các chương trình, đề án liên quan; huy động từ các nguồn xã hội hoá và "
     "các nguồn hợp pháp khác (nếu có).",
     [("integrated", None), ("socialized", None), ("other_lawful", None)]),
    ("Các nguồn huy động hợp pháp khác theo quy định của pháp luật.", [("other_lawful", None)]),
    ("Huy động sự đóng góp của các doanh nghiệp, tổ chức, cá nhân trong và ngoài tỉnh.",
     [("socialized", None)]),
    ("Thực hiện theo hình thức đối tác công tư (PPP) và vốn của nhà đầu tư.",
     [("socialized", None)]),
    ("Nguồn tài trợ của các tổ chức quốc tế, viện trợ không hoàn lại.", [("socialized", None)]),
    ("Khuyến khích các doanh nghiệp tham gia tài trợ các hoạt động truyền thông.",
     [("socialized", None)]),
    ("Sử dụng nguồn vốn tín dụng chính sách của Ngân hàng Chính sách xã hội.",
     [("credit", None)]),
    ("Nguồn vốn vay ưu đãi từ Ngân hàng Chính sách xã hội và vốn đối ứng của người dân.",
     [("credit", None), ("socialized", None)]),
    ("Quỹ phòng, chống thiên tai của tỉnh.", [("other_lawful", None)]),
    ("Kinh phí thực hiện được đảm bảo từ nguồn ngân sách theo phân cấp ngân sách nhà nước hiện "
     "hành và các nguồn thu hợp pháp khác theo quy định của pháp luật.",
     [("state_budget", None), ("other_lawful", None)]),
    ("Kinh phí thực hiện được bố trí trong dự toán chi thường xuyên, ngân sách nhà nước của các "
     "sở, ban, ngành và địa phương theo quy định của pháp luật về ngân sách nhà nước.",
     [("unit_budget", None)]),
    ("Huy dong hieu qua cac nguon luc hop phap, nhat la nguon kinh phi xa hoi hoa de thuc hien "
     "cac hoat dong truyen thong.", [("other_lawful", None), ("socialized", None)]),
]


@pytest.mark.parametrize(("phrase", "expected"), PHRASES, ids=[p[:40] for p, _ in PHRASES])
def test_funding_phrase(phrase: str, expected: list[tuple[str, int | None]]) -> None:
    stripped = phrase == unidecode(phrase)
    rows = run(phrase, stripped=stripped).funding
    assert [(r.category, r.amount_vnd) for r in rows] == expected


def test_a_funding_heading_with_an_ocr_slip() -> None:
    found = run("Tổng kinh phí: 150.000.000 đồng từ nguồn ngân sách huyện.",
                heading="KIĨNH PHÍ THỤC HIỆN")
    assert [(f.category, f.amount_vnd) for f in found.funding] == [("district_budget", 150 * M)]


def test_accent_stripped_input_gives_restored_text() -> None:
    rows = run("Kinh phi thuc hien tu nguon ngan sach tinh.", stripped=True).funding
    assert [r.category for r in rows] == ["provincial_budget"]
    assert "ngân sách tỉnh" in rows[0].text
    mention = rows[0].mentions[0]
    assert "ngan sach tinh" in mention.text


def test_several_sources_in_one_clause_are_cut_apart() -> None:
    rows = run("Lồng ghép kinh phí từ các chương trình, đề án liên quan; huy động từ các nguồn "
               "xã hội hóa và các nguồn hợp pháp khác (nếu có).").funding
    assert [r.text for r in rows] == [
        "Lồng ghép kinh phí từ các chương trình, đề án liên quan",
        "huy động từ các nguồn xã hội hóa",
        "các nguồn hợp pháp khác (nếu có).",
    ]


def test_legal_reference_is_the_allotting_decision() -> None:
    found = run("Sử dụng nguồn kinh phí thực hiện Tiểu dự án 2, thuộc Dự án 6, Chương trình mục "
                "tiêu quốc gia giảm nghèo bền vững được bố trí năm 2023 tại Quyết định số "
                "1966/QĐ-UBND, ngày 12/10/2023 của Ủy ban nhân dân tỉnh về việc giao dự toán "
                "ngân sách nhà nước năm 2023.")
    rows = found.funding
    assert [(r.category, r.legal_reference) for r in rows] == [("program_fund", "1966/QĐ-UBND")]
    assert not rows[0].text.endswith("2023.")  # the cited decision's subject is left out


def test_money_in_tasks_only_without_a_funding_section() -> None:
    without = run("Tổ chức các hội nghị tuyên truyền tại cộng đồng.", heading="HÌNH THỨC")
    assert [r.category for r in without.funding] == ["commune_budget"]
    assert "bố trí ngân sách phù hợp" in without.funding[0].text
    with_section = run("Ngân sách huyện bảo đảm.")
    assert [r.category for r in with_section.funding] == ["district_budget"]


def test_mentions_point_at_the_clause() -> None:
    found = run("Kinh phí thực hiện: 150 triệu đồng từ ngân sách huyện.")
    mention = found.funding[0].mentions[0]
    assert mention.text == "Kinh phí thực hiện: 150 triệu đồng từ ngân sách huyện."
    assert mention.page == 1


@pytest.mark.parametrize(("text", "value"), [
    ("150 trieu dong", 150 * M),
    ("1.200.000.000 dong", 1200 * M),
    ("1,2 ty dong", 1200 * M),
    ("hon 3,2 ty dong", 3200 * M),
    ("2 ty 500 trieu dong", 2500 * M),
    ("500.000.000d", 500 * M),
    ("1.500 trieu dong", 1500 * M),
    ("75.500.000 vnd", 75_500_000),
    ("1,5 ty", 1500 * M),
    ("khong co so tien", None),
    ("nam 2023", None),
])
def test_parse_amount(text: str, value: int | None) -> None:
    assert parse_amount(text) == value
    assert B == 1000 * M

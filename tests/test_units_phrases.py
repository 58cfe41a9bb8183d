"""Assigned units: headings, names, roles, tasks and report targets from real phrasings."""

from __future__ import annotations

import pytest
from _docs import extract_text

from extractors.lexicon import expand_abbreviations
from extractors.units import LevelOf, clean_name, reports_to, roles_of, split_names

NAMES = [
    ("Phòng Lao động - TB&XH huyện", "Phòng Lao động - Thương binh và Xã hội"),
    ("Phòng Văn hóa và Thông tin huyện", "Phòng Văn hóa và Thông tin"),
    ("Đề nghị Ủy ban MTTQ Việt Nam huyện", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("UBND các xã, thị trấn", "Ủy ban nhân dân các xã, thị trấn"),
    ("Phòng GD NHCSXH huyện", "Phòng giao dịch Ngân hàng Chính sách xã hội"),
    ("Trung tâm VH,TT&TT huyện", "Trung tâm Văn hóa, Thông tin và Thể thao"),
    ("Phòng LĐ-TB&XH", "Phòng Lao động - Thương binh và Xã hội"),
    ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
    ("Phòng KHTC", "Phòng Kế hoạch - Tài chính"),
    ("Phòng TC-KH huyện", "Phòng Tài chính - Kế hoạch"),
    ("Phòng NN&PTNT", "Phòng Nông nghiệp và Phát triển nông thôn"),
    ("Phòng GD&ĐT thành phố", "Phòng Giáo dục và Đào tạo"),
    ("Ủy ban Mũ trận Tổ quốc Việt Nam", "Ủy ban Mặt trận Tổ quốc Việt Nam"),  # OCR slip
    ("Đài truyền thanh xã", "Đài truyền thanh xã"),
    ("Các phòng, ban, ngành có liên quan", "Các phòng, ban, ngành có liên quan"),
    ("UBND các quận, huyện", "Ủy ban nhân dân các quận, huyện"),  # an enumeration, not a level
    ("Ủy ban MTTQ Việt Nam huyện và các tổ chức thành viên",
     "Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức thành viên"),
    ("Sở Nông nghiệp và PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("Bảo hiểm xã hội thành phố", "Bảo hiểm xã hội"),  # not respelled as "Báo" (a newspaper)
]

# (name as printed, level of the issuer, issuer is a centrally-run city, level)
LEVELS = [
    ("Sở Nông nghiệp và Phát triển nông thôn", "tinh", True, "tinh"),  # not "thôn"
    ("Trưởng các thôn", "xa", False, "thon"),
    ("Các doanh nghiệp viễn thông", "tinh", False, None),
    ("Các cơ sở nuôi trồng thủy sản", "huyen", False, None),
    ("Hợp tác xã dịch vụ nông nghiệp", "xa", False, None),
    ("Các hộ nghèo, hộ cận nghèo", "xa", False, None),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam thành phố", "tinh", True, "tinh"),
    ("Công an thành phố", "tinh", False, "huyen"),  # a district-level city of a province
    ("Các cơ quan, đơn vị liên quan", "huyen", False, "huyen"),
    ("UBND các xã, phường, thị trấn", "huyen", False, "xa"),
    ("Bộ Chỉ huy Quân sự", "tinh", False, "tinh"),
    ("Bộ Lao động - Thương binh và Xã hội", "tinh", False, "trung_uong"),
    ("UBND các huyện, thị xã, thành phố", "tinh", False, "huyen"),
]

SPLITS = [
    ("Phòng Văn hóa và Thông tin, Trung tâm Văn hóa - Thông tin - Thể thao huyện",
     ["Phòng Văn hóa và Thông tin", "Trung tâm Văn hóa - Thông tin - Thể thao huyện"]),
    ("Phòng Văn hóa - Thông tin; Trung tâm Văn hóa, Thông tin và Thể thao huyện",
     ["Phòng Văn hóa - Thông tin", "Trung tâm Văn hóa, Thông tin và Thể thao huyện"]),
    ("Các phòng, ban, ngành có liên quan", ["Các phòng, ban, ngành có liên quan"]),
    ("Các bệnh viện, Trung tâm Y tế quận, huyện",
     ["Các bệnh viện", "Trung tâm Y tế quận, huyện"]),
    ("Sở Tài chính, Sở Kế hoạch và Đầu tư", ["Sở Tài chính", "Sở Kế hoạch và Đầu tư"]),
]

ROLES = [
    ("Chủ trì, phối hợp với các ngành tham mưu UBND huyện tổ chức thực hiện Kế hoạch",
     {"lead", "coordinate", "advise"}),
    ("Phối hợp với các ngành, đơn vị liên quan thường xuyên tuyên truyền", {"coordinate"}),
    ("Kiểm tra, hướng dẫn, theo dõi, đôn đốc các ngành thực hiện Kế hoạch", {"implement"}),
    ("Định kỳ, đột xuất tổng hợp, báo cáo kết quả thực hiện cho UBND huyện", {"report"}),
    ("Xây dựng, phát triển mạng lưới tuyên truyền viên, báo cáo viên", {"implement"}),
    ("Chu tri tham muu to chuc thuc hien Ke hoach", {"lead", "advise"}),
    ("Phối hợp với các đơn vị có liên quan và trực tiếp thực hiện công tác truyền thông",
     {"coordinate", "implement"}),
    ("Chủ trì, phối hợp với Trung tâm Văn hóa tổ chức thực hiện Kế hoạch; hoàn thành trước "
     "ngày 25/11/2024", {"lead", "coordinate"}),  # a clause that only says when
]

REPORTS_MORE = [
    # an OCR line break inside the target; an OCR that lost the second target
    ("Định kỳ trước ngày 10/11 hàng năm, báo cáo kết quả thực hiện về Phòng\nLao động-TB&XH "
     "để tổng hợp", ["Phòng Lao động - Thương binh và Xã hội"]),
    ("Tổng hợp, báo cáo UBND huyện và kết quả thực hiện kế hoạch.", ["Ủy ban nhân dân huyện"]),
]

REPORTS = [
    ("Định kỳ, đột xuất tổng hợp, báo cáo kết quả thực hiện Kế hoạch cho UBND huyện và Sở "
     "Lao động - TB&XH.", ["Ủy ban nhân dân huyện", "Sở Lao động - Thương binh và Xã hội"]),
    ("Định kỳ báo cáo kết quả thực hiện gửi về Phòng Lao động - TB&XH huyện để tổng hợp chung, "
     "báo cáo UBND huyện.", ["Phòng Lao động - Thương binh và Xã hội"]),
    ("Hằng năm, tổng hợp, báo cáo tình hình thực hiện kế hoạch và gửi về Phòng Lao động - "
     "Thương binh và Xã hội.", ["Phòng Lao động - Thương binh và Xã hội"]),
]


@pytest.mark.parametrize("printed,expected", NAMES)
def test_unit_name(printed, expected):
    assert clean_name(printed) == expected


@pytest.mark.parametrize("heading,expected", SPLITS)
def test_heading_names(heading, expected):
    assert split_names(heading) == expected


@pytest.mark.parametrize("task,expected", ROLES)
def test_roles(task, expected):
    assert set(roles_of(task)) == expected


@pytest.mark.parametrize("task,expected", REPORTS + REPORTS_MORE)
def test_reports_to(task, expected):
    assert reports_to(task) == expected


PLAN = """KẾ HOẠCH
Tuyên truyền về giảm nghèo năm 2024

I. MỤC ĐÍCH
Nâng cao nhận thức.

II. TỔ CHỨC THỰC HIỆN
1. Phòng Lao động - TB&XH huyện
- Chủ trì, phối hợp với các ngành tham mưu UBND huyện triển khai Kế hoạch.
- Định kỳ, đột xuất tổng hợp, báo cáo kết quả thực hiện cho UBND huyện.
2. Phòng Văn hóa và Thông tin, Trung tâm Văn hóa - Thông tin - Thể thao huyện
- Đẩy mạnh tuyên truyền về Chương trình.
3. Phòng Tài chính - Kế hoạch: Phối hợp với Phòng Lao động - TB&XH bố trí kinh phí.
4. Đề nghị Ủy ban MTTQ Việt Nam huyện phối hợp vận động Nhân dân tham gia.
5. UBND các xã, thị trấn
Xây dựng kế hoạch của địa phương. Báo cáo kết quả về Phòng Lao động - TB&XH trước ngày 15/12 hằng năm.
"""


def test_plan_units_roles_and_tasks():
    units = {u.name: u for u in extract_text(PLAN).units}
    assert list(units) == [
        "Phòng Lao động - Thương binh và Xã hội", "Phòng Văn hóa và Thông tin",
        "Trung tâm Văn hóa - Thông tin - Thể thao", "Phòng Tài chính - Kế hoạch",
        "Ủy ban Mặt trận Tổ quốc Việt Nam", "Ủy ban nhân dân các xã, thị trấn"]
    lao_dong = units["Phòng Lao động - Thương binh và Xã hội"]
    assert set(lao_dong.roles) == {"lead", "coordinate", "advise", "report"}
    assert lao_dong.reports_to == ["Ủy ban nhân dân huyện"]
    assert lao_dong.level == "huyen"
    assert units["Trung tâm Văn hóa - Thông tin - Thể thao"].tasks == \
        units["Phòng Văn hóa và Thông tin"].tasks == ["Đẩy mạnh tuyên truyền về Chương trình"]
    assert units["Phòng Tài chính - Kế hoạch"].roles == ["coordinate"]
    assert units["Ủy ban Mặt trận Tổ quốc Việt Nam"].roles == ["coordinate"]
    xa = units["Ủy ban nhân dân các xã, thị trấn"]
    assert xa.level == "xa" and set(xa.roles) == {"implement", "report"}
    assert xa.reports_to == ["Phòng Lao động - Thương binh và Xã hội"]
    assert all(u.mentions for u in units.values())


def test_units_from_a_task_table():
    text = ("KẾ HOẠCH\nPhòng, chống dịch năm 2025\n\nI. NHIỆM VỤ\n"
            "STT\tNội dung\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\n"
            "1\tGiám sát dịch bệnh\tTrung tâm Y tế huyện\tUBND các xã, thị trấn\tQuý IV/2025\n"
            "2\tTruyền thông phòng dịch\tPhòng Văn hóa và Thông tin\tTrung tâm Y tế huyện\tTháng 12/2025\n")
    units = {u.name: u for u in extract_text(text).units}
    assert set(units) == {"Trung tâm Y tế", "Ủy ban nhân dân các xã, thị trấn",
                          "Phòng Văn hóa và Thông tin"}
    assert set(units["Trung tâm Y tế"].roles) == {"lead", "coordinate"}
    assert units["Trung tâm Y tế"].tasks == ["Giám sát dịch bệnh", "Truyền thông phòng dịch"]


@pytest.mark.parametrize("printed,issuer_level,central,expected", LEVELS)
def test_unit_level(printed, issuer_level, central, expected):
    assert LevelOf(issuer_level, central)(printed) == expected


def test_a_centrally_run_city_plan_and_the_bodies_its_units_direct():
    from pathlib import Path

    path = Path(__file__).parent / "fixtures" / "genre" / "thanh-pho-ke-hoach-thuy-san.txt"
    units = {u.name: u for u in extract_text(path.read_text(encoding="utf-8")).units}
    assert {name: u.level for name, u in units.items()} == {
        "Sở Nông nghiệp và Phát triển nông thôn": "tinh", "Sở Tài chính": "tinh",
        "Sở Thông tin và Truyền thông": "tinh", "Ủy ban nhân dân các quận, huyện": "huyen",
        "Các cơ sở nuôi trồng thủy sản": None,
        "Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội": "tinh",
        "Chi cục Thủy sản": "tinh", "Ủy ban nhân dân các xã, phường, thị trấn": "xa"}
    assert units["Chi cục Thủy sản"].tasks == [
        "Thực hiện giám sát dịch bệnh tại các vùng nuôi trọng điểm"]
    assert units["Chi cục Thủy sản"].roles == ["implement"]
    assert units["Sở Tài chính"].roles == ["advise"]  # "làm đầu mối" is not "chủ trì"
    assert units["Ủy ban nhân dân các quận, huyện"].reports_to == [
        "Sở Nông nghiệp và Phát triển nông thôn"]


def test_abbreviation_table_expands_recipients():
    assert expand_abbreviations("CT, các PCT UBND huyện") == \
        "Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân huyện"


def test_units_nested_under_a_responsibilities_heading():
    from pathlib import Path

    path = Path(__file__).parent / "fixtures" / "genre" / "xa-ke-hoach-trach-nhiem.txt"
    units = {u.name: u for u in extract_text(path.read_text(encoding="utf-8")).units}
    assert list(units) == ["Công chức Văn hóa - Xã hội", "Công chức Tài chính - Kế toán",
                           "Ủy ban Mặt trận Tổ quốc xã và các đoàn thể", "Trưởng các thôn"]
    assert set(units["Công chức Văn hóa - Xã hội"].roles) == {"lead", "coordinate", "report"}
    assert units["Công chức Văn hóa - Xã hội"].reports_to == ["Ủy ban nhân dân xã"]
    assert set(units["Trưởng các thôn"].roles) == {"implement", "report"}
    assert units["Trưởng các thôn"].level == "thon"


def test_units_given_as_bullets():
    text = ("KẾ HOẠCH\nThực hiện công tác giảm nghèo năm 2025\n\nII. TỔ CHỨC THỰC HIỆN\n"
            "- Phòng Tài chính - Kế hoạch: Tham mưu bố trí kinh phí thực hiện.\n"
            "- Giao Trung tâm Văn hóa - Thông tin - Thể thao huyện tăng cường tuyên truyền.\n"
            "- Đề nghị Ủy ban MTTQ Việt Nam huyện phối hợp vận động Nhân dân.\n"
            "- Tăng cường kiểm tra, giám sát việc thực hiện.\n")
    units = {u.name: u.roles for u in extract_text(text).units}
    assert units == {"Phòng Tài chính - Kế hoạch": ["advise"],
                     "Trung tâm Văn hóa - Thông tin - Thể thao": ["implement"],
                     "Ủy ban Mặt trận Tổ quốc Việt Nam": ["coordinate"]}



def test_a_heading_that_lists_departments_gives_one_unit_each():
    text = ("KẾ HOẠCH\nGiảm nghèo năm 2024\n\nII. TỔ CHỨC THỰC HIỆN\n"
            "1. Các sở: Y tế, Giáo dục và Đào tạo, Nông nghiệp và PTNT\n"
            "Theo chức năng, nhiệm vụ triển khai các dự án thành phần được giao.\n"
            "2. Các sở, ngành: Phối hợp thực hiện Kế hoạch.\n")  # a task, not a list
    units = {u.name: u.tasks for u in extract_text(text).units}
    assert units == {
        "Sở Y tế": ["Theo chức năng, nhiệm vụ triển khai các dự án thành phần được giao"],
        "Sở Giáo dục và Đào tạo": ["Theo chức năng, nhiệm vụ triển khai các dự án thành phần được giao"],
        "Sở Nông nghiệp và Phát triển nông thôn":
            ["Theo chức năng, nhiệm vụ triển khai các dự án thành phần được giao"],
        "Các sở, ngành": ["Phối hợp thực hiện Kế hoạch"]}


def test_unnumbered_lines_that_open_with_a_body_and_its_task():
    text = ("KẾ HOẠCH\nTruyền thông giảm nghèo năm 2024\n\nIII. TỔ CHỨC THỰC HIỆN\n"
            "Phòng Văn hóa và Thông tin chủ trì, phối hợp với các cơ quan tổ chức thực hiện.\n"
            "Phòng Tài chính - Kế hoạch có trách nhiệm tham mưu bố trí kinh phí.\n"
            "Ủy ban nhân dân huyện yêu cầu các cơ quan nghiêm túc thực hiện.\n")  # the issuer
    units = {u.name: u.roles for u in extract_text(text).units}
    assert units == {"Phòng Văn hóa và Thông tin": ["lead", "coordinate"],
                     "Phòng Tài chính - Kế hoạch": ["advise"]}


@pytest.mark.parametrize(("issuer", "central"), [
    ("Ủy ban nhân dân thành phố Hải Phòng", True),
    ("Sở Y tế thành phố Hồ Chí Minh", True),
    ("Ủy ban nhân dân thành phố Bắc Giang", False),  # a district-level city
    ("Ủy ban nhân dân tỉnh Gia Lai", False),
])
def test_names_central_city(issuer, central):
    from extractors.lexicon import names_central_city

    assert names_central_city(issuer) is central

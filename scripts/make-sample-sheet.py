#!/usr/bin/python3
"""Writes the demo's proposal sheets with openpyxl, a tool independent of the Swift reader:

  config/samples/de-nghi-cuoi-nam-snnptnt.xlsx  the year-end 2026 proposal of Sở Nông nghiệp và Phát triển
      nông thôn (unit snnptnt): 30 individuals and 3 collectives, one of whose rows (row 18, Lê Văn Hậu)
      has a birth date that does not exist, 31/02/1985, for the demo to refuse and then mend;
  config/samples/de-nghi-cuoi-nam-snnptnt.csv   the same rows, already mended (28/02/1985), as UTF-8 with a BOM;
  config/samples/award-history.xlsx and .csv    the same department's awards of past years with their decisions
      (one revoked), for `awards history import`: the same rows in both, the .xlsx with real date cells
      and the year as a number, the .csv as text.

Dates are written both ways officers do: some cells are real spreadsheet dates (formatted dd/mm/yyyy),
others the text dd/mm/yyyy. A first column STT (số thứ tự) is there as in real sheets; the reader ignores it.

Run from anywhere: /usr/bin/python3 scripts/make-sample-sheet.py — Debian's interpreter, the one python3-openpyxl
(scripts/setup) is installed for; a pyenv python3 earlier in PATH lacks it.
"""
import csv
import datetime
import pathlib

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "config" / "samples"

HEADERS = ["STT", "Họ và tên / Tên tập thể", "Cá nhân / Tập thể", "Ngày sinh", "Giới tính", "Đối tượng", "Đơn vị",
           "Danh hiệu, hình thức đề nghị", "Thành tích từ ngày", "Thành tích đến ngày", "Ghi chú"]
WIDTHS = [6, 32, 16, 13, 10, 28, 12, 30, 18, 18, 36]
DATE_COLUMNS = {3, 8, 9}  # zero-based, in HEADERS

CIVIL = "cán bộ, công chức, viên chức"
LABOURER = "người lao động trực tiếp"
FARMER = "nông dân"
LDTT, CSTD, GK = "LAO_DONG_TIEN_TIEN", "CSTD_CO_SO", "GIAY_KHEN"

# (name, birth date d/m/y, gender, occupation, award, note)
INDIVIDUALS = [
    ("Nguyễn Văn Hùng", "12/03/1975", "Nam", CIVIL, CSTD, "Phó Giám đốc Sở"),
    ("Trần Thị Thu Hà", "05/07/1982", "Nữ", CIVIL, CSTD, "Trưởng phòng Kế hoạch – Tài chính"),
    ("Lê Minh Tuấn", "23/11/1979", "Nam", CIVIL, LDTT, ""),
    ("Phạm Thị Lan", "14/02/1988", "Nữ", CIVIL, LDTT, ""),
    ("Hoàng Văn Nam", "30/09/1985", "Nam", CIVIL, LDTT, ""),
    ("Vũ Thị Hồng Nhung", "08/06/1990", "Nữ", CIVIL, LDTT, ""),
    ("Đặng Quốc Bảo", "17/01/1983", "Nam", CIVIL, CSTD, "Sáng kiến quản lý dịch bệnh gia súc"),
    ("Bùi Thị Mai", "21/04/1992", "Nữ", CIVIL, LDTT, ""),
    ("Đỗ Văn Thắng", "02/12/1977", "Nam", LABOURER, LDTT, "Tổ bảo vệ rừng"),
    ("Hồ Thị Ngọc Ánh", "19/08/1994", "Nữ", CIVIL, LDTT, ""),
    ("Ngô Đức Thịnh", "11/05/1981", "Nam", CIVIL, LDTT, ""),
    ("Dương Thị Thanh Hương", "27/10/1986", "Nữ", CIVIL, GK, ""),
    ("Lý Văn Phúc", "06/03/1973", "Nam", FARMER, GK, "Nông dân sản xuất giỏi"),
    ("Đinh Thị Kim Oanh", "15/09/1989", "Nữ", CIVIL, LDTT, ""),
    ("Trịnh Văn Lâm", "29/07/1984", "Nam", LABOURER, LDTT, "Trạm bơm Ea Súp"),
    ("Mai Thị Hoa", "03/01/1991", "Nữ", CIVIL, LDTT, ""),
    ("Lê Văn Hậu", "31/02/1985", "Nam", CIVIL, LDTT, ""),  # the bad row: no 31 February
    ("Cao Thị Bích Ngọc", "24/06/1993", "Nữ", CIVIL, LDTT, ""),
    ("Phan Văn Đức", "10/10/1980", "Nam", CIVIL, CSTD, ""),
    ("Tạ Thị Thủy", "18/12/1987", "Nữ", CIVIL, LDTT, ""),
    ("Lương Văn Khánh", "07/04/1978", "Nam", FARMER, LDTT, "Hợp tác xã nông nghiệp Hòa Thắng"),
    ("Nông Thị Hạnh", "22/08/1995", "Nữ", LABOURER, LDTT, ""),
    ("Y Blang Niê", "13/05/1986", "Nam", LABOURER, LDTT, "Ban quản lý rừng phòng hộ"),
    ("H'Hen Êban", "09/11/1990", "Nữ", CIVIL, LDTT, ""),
    ("Kiều Văn Sơn", "01/02/1976", "Nam", CIVIL, LDTT, ""),
    ("Châu Thị Yến", "26/03/1989", "Nữ", CIVIL, CSTD, ""),
    ("Quách Minh Trí", "16/07/1983", "Nam", CIVIL, LDTT, ""),
    ("Tôn Nữ Diệu Linh", "04/09/1992", "Nữ", CIVIL, LDTT, ""),
    ("Hà Văn Tài", "20/06/1974", "Nam", FARMER, GK, "Mô hình cà phê bền vững"),
    ("Triệu Thị Duyên", "12/12/1988", "Nữ", CIVIL, LDTT, ""),
]
BAD_NAME, BAD_BIRTH, MENDED_BIRTH = "Lê Văn Hậu", "31/02/1985", "28/02/1985"

COLLECTIVES = [
    ("Phòng Kế hoạch – Tài chính", CIVIL, "TAP_THE_LAO_DONG_TIEN_TIEN", ""),
    ("Chi cục Thủy lợi", CIVIL, "TAP_THE_LAO_DONG_TIEN_TIEN", ""),
    ("Trung tâm Khuyến nông", CIVIL, "GIAY_KHEN", "Hoàn thành xuất sắc chương trình khuyến nông năm 2026"),
]

PERIOD_FROM, PERIOD_TO = "01/01/2026", "31/12/2026"


def as_date(text):
    day, month, year = (int(part) for part in text.split("/"))
    return datetime.date(year, month, day)


def rows(mended):
    """Each row as text values, in HEADERS order."""
    out = []
    for name, birth, gender, occupation, award, note in INDIVIDUALS:
        if mended and name == BAD_NAME:
            birth = MENDED_BIRTH
        out.append([name, "Cá nhân", birth, gender, occupation, "snnptnt", award, PERIOD_FROM, PERIOD_TO, note])
    for name, occupation, award, note in COLLECTIVES:
        out.append([name, "Tập thể", "", "", occupation, "snnptnt", award, PERIOD_FROM, PERIOD_TO, note])
    return [[str(number)] + row for number, row in enumerate(out, start=1)]


def write_xlsx(path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách đề nghị"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row_index, values in enumerate(rows(mended=False)):
        number = int(values[0])
        cells = []
        for column, value in enumerate(values):
            if column == 0:
                cells.append(number)  # STT as a number, as sheets have it
            elif column in DATE_COLUMNS and value and value != BAD_BIRTH and number % 3 != 0:
                # Two rows in three carry real spreadsheet dates; every third row, and the bad birth date
                # (which no spreadsheet date can hold), are text.
                cells.append(as_date(value))
            else:
                cells.append(value if value else None)
        sheet.append(cells)
        for column in DATE_COLUMNS:
            cell = sheet.cell(row=row_index + 2, column=column + 1)
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    fixed = datetime.datetime(2026, 12, 15, 8, 0, 0)
    workbook.properties.creator = "Văn phòng Sở Nông nghiệp và Phát triển nông thôn"
    workbook.properties.title = "Danh sách đề nghị khen thưởng cuối năm 2026"
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.save(path)


def write_csv(path):
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADERS)
        writer.writerows(rows(mended=True))


HISTORY_HEADERS = ["STT", "Cá nhân / Tập thể", "Họ và tên / Tên tập thể", "Ngày sinh", "Giới tính", "Đơn vị",
                   "Danh hiệu, hình thức khen thưởng", "Năm thành tích", "Số quyết định", "Ngày quyết định", "Cấp quyết định",
                   "Số quyết định thu hồi", "Ngày thu hồi"]
HISTORY_WIDTHS = [6, 16, 30, 13, 10, 12, 30, 14, 16, 16, 44, 20, 14]
HISTORY_DATE_COLUMNS = {3, 9, 12}  # zero-based, in HISTORY_HEADERS
HISTORY_YEAR_COLUMN = 7
DIRECTOR = "Giám đốc Sở Nông nghiệp và Phát triển nông thôn"
CHAIR = "Chủ tịch UBND tỉnh Đắk Lắk"
LDTT_TT = "TAP_THE_LAO_DONG_TIEN_TIEN"

# (kind, name, birth, gender, award, year, decision number, decision date, issuer, revoked number, revoked date);
# one decision a year names many nominees, as departments decide them.
HISTORY = [
    ("Cá nhân", "Nguyễn Văn Hùng", "12/03/1975", "Nam", CSTD, 2023, "35/QĐ-SNN", "15/01/2024", DIRECTOR, "", ""),
    ("Cá nhân", "Nguyễn Văn Hùng", "12/03/1975", "Nam", CSTD, 2024, "28/QĐ-SNN", "20/01/2025", DIRECTOR, "", ""),
    ("Cá nhân", "Nguyễn Văn Hùng", "12/03/1975", "Nam", CSTD, 2025, "31/QĐ-SNN", "16/01/2026", DIRECTOR, "", ""),
    ("Cá nhân", "Trần Thị Thu Hà", "05/07/1982", "Nữ", LDTT, 2024, "27/QĐ-SNN", "20/01/2025", DIRECTOR, "", ""),
    ("Cá nhân", "Trần Thị Thu Hà", "05/07/1982", "Nữ", CSTD, 2025, "31/QĐ-SNN", "16/01/2026", DIRECTOR, "", ""),
    ("Cá nhân", "Đặng Quốc Bảo", "17/01/1983", "Nam", LDTT, 2023, "34/QĐ-SNN", "15/01/2024", DIRECTOR, "112/QĐ-SNN", "10/05/2024"),
    ("Cá nhân", "Đặng Quốc Bảo", "17/01/1983", "Nam", CSTD, 2024, "28/QĐ-SNN", "20/01/2025", DIRECTOR, "", ""),
    ("Cá nhân", "Lý Văn Phúc", "06/03/1973", "Nam", "BANG_KHEN_CHU_TICH_TINH", 2024, "215/QĐ-UBND", "05/02/2025", CHAIR, "", ""),
    ("Tập thể", "Phòng Kế hoạch – Tài chính", "", "", LDTT_TT, 2025, "32/QĐ-SNN", "16/01/2026", DIRECTOR, "", ""),
]


def history_rows():
    return [[str(number), kind, name, birth, gender, "snnptnt", award, str(year), decision, decided, issuer, revoked, revoked_on]
            for number, (kind, name, birth, gender, award, year, decision, decided, issuer, revoked, revoked_on)
            in enumerate(HISTORY, start=1)]


def write_history_xlsx(path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Lịch sử khen thưởng"
    sheet.append(HISTORY_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for index, width in enumerate(HISTORY_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row_index, values in enumerate(history_rows()):
        cells = []
        for column, value in enumerate(values):
            if column in (0, HISTORY_YEAR_COLUMN):
                cells.append(int(value))
            elif column in HISTORY_DATE_COLUMNS and value:
                cells.append(as_date(value))
            else:
                cells.append(value if value else None)
        sheet.append(cells)
        for column in HISTORY_DATE_COLUMNS:
            cell = sheet.cell(row=row_index + 2, column=column + 1)
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    fixed = datetime.datetime(2026, 12, 15, 8, 0, 0)
    workbook.properties.creator = "Văn phòng Sở Nông nghiệp và Phát triển nông thôn"
    workbook.properties.title = "Lịch sử khen thưởng các năm trước"
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.save(path)


def write_history_csv(path):
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HISTORY_HEADERS)
        writer.writerows(history_rows())


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    written = [OUT / "de-nghi-cuoi-nam-snnptnt.xlsx", OUT / "de-nghi-cuoi-nam-snnptnt.csv",
               OUT / "award-history.xlsx", OUT / "award-history.csv"]
    write_xlsx(written[0])
    write_csv(written[1])
    write_history_xlsx(written[2])
    write_history_csv(written[3])
    print("wrote " + ", ".join(str(path) for path in written))


if __name__ == "__main__":
    main()

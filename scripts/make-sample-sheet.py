#!/usr/bin/python3
"""Writes the demo's proposal sheets with openpyxl, a tool independent of the Swift reader:

  config/samples/de-nghi-cuoi-nam-snnptnt.xlsx  the year-end 2026 proposal of Sở Nông nghiệp và Phát triển
      nông thôn (unit snnptnt): 30 individuals and 3 collectives, one of whose rows (row 18, Lê Văn Hậu)
      has a birth date that does not exist, 31/02/1985, for the demo to refuse and then mend;
  config/samples/de-nghi-cuoi-nam-snnptnt.csv   the same rows, already mended (28/02/1985), as UTF-8 with a BOM.

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


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    write_xlsx(OUT / "de-nghi-cuoi-nam-snnptnt.xlsx")
    write_csv(OUT / "de-nghi-cuoi-nam-snnptnt.csv")
    print(f"wrote {OUT / 'de-nghi-cuoi-nam-snnptnt.xlsx'} and {OUT / 'de-nghi-cuoi-nam-snnptnt.csv'}")


if __name__ == "__main__":
    main()

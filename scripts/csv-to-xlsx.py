#!/usr/bin/python3
"""Writes a proposal sheet given as .csv again as .xlsx, with openpyxl: a writer independent of the Swift
reader (and of the project's own template writer), for the import benchmark (awards-bench, issue 13).

  /usr/bin/python3 scripts/csv-to-xlsx.py IN.csv OUT.xlsx [IN.csv OUT.xlsx …]

The rows stay as they are, in the same order, one sheet; the columns whose header names a date (Ngày sinh,
Thành tích từ ngày, Thành tích đến ngày) become real spreadsheet dates formatted dd/mm/yyyy, as an officer's
spreadsheet holds them; STT becomes a number; everything else stays text. Debian's interpreter, the one
python3-openpyxl (scripts/setup) is installed for.
"""
import csv
import datetime
import sys

from openpyxl import Workbook

DATE_HEADERS = {"Ngày sinh", "Thành tích từ ngày", "Thành tích đến ngày", "birth_date", "period_from", "period_to"}


def as_date(text):
    day, month, year = (int(part) for part in text.split("/"))
    return datetime.date(year, month, day)


def convert(source, target):
    with open(source, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    dates = {i for i, title in enumerate(header) if title in DATE_HEADERS}
    numbers = {i for i, title in enumerate(header) if title in {"STT", "stt"}}
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append(header)
    for row in body:
        cells = []
        for i, value in enumerate(row):
            if value == "":
                cells.append(None)
            elif i in dates:
                cells.append(as_date(value))
            elif i in numbers:
                cells.append(int(value))
            else:
                cells.append(value)
        sheet.append(cells)
    for column in dates:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1):
            cell.number_format = "DD/MM/YYYY"
    book.save(target)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if not arguments or len(arguments) % 2:
        sys.exit(__doc__)
    for source, target in zip(arguments[0::2], arguments[1::2]):
        convert(source, target)

"""Writes stadtteile_2024.xlsx, the spreadsheet fixture of tests/join.rs.

Run once with openpyxl installed: python make_xlsx.py
The first sheet is empty on purpose (the reader must pick the first sheet with data).
Keys are numeric cells (stadtteil_nr 14), values include decimals, a date and a "k.A." marker.
"""

import datetime

from openpyxl import Workbook

wb = Workbook()
wb.active.title = "Hinweise"
ws = wb.create_sheet("Daten")
ws.append(["stadtteil_nr", "stadtteil", " sgb2_quote ", "einwohner", "stand"])
stand = datetime.date(2024, 12, 31)
ws.append([14, "Sachsenhausen-Süd", 12.5, 30123, stand])
ws.append([1, "Altstadt", 8.25, 3601, stand])
ws.append([2, "Innenstadt", "k.A.", 6334, stand])
ws.append(["Frankfurt gesamt", None, 12.8, 678691, stand])
for row in ws.iter_rows(min_row=2, min_col=5, max_col=5):
    for cell in row:
        cell.number_format = "DD.MM.YYYY"
wb.save("stadtteile_2024.xlsx")

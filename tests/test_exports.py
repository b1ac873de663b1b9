"""Exports that are safe to open in a spreadsheet."""

from __future__ import annotations


def test_exports_neutralise_formulas_and_keep_numbers():
    import io

    import openpyxl
    import pandas as pd

    from dashboard.exports import to_csv_bytes, to_xlsx_bytes

    frame = pd.DataFrame({"cohort": ["=HYPERLINK(\"http://x\")", "+1", "-2", "@a", "\tb", "Pilot"],
                          "value": [-1.5, 2.0, -3.0, 4.0, 5.0, 6.0]})
    text = to_csv_bytes(frame).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n'+1," in text and "\n'-2," in text and ",-1.5" in text
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame))).active
    cells = [(sheet.cell(r, 1).value, sheet.cell(r, 1).data_type, sheet.cell(r, 2).value) for r in range(2, 8)]
    assert cells[0] == ("'=HYPERLINK(\"http://x\")", "s", -1.5)
    assert all(kind == "s" for _, kind, _ in cells) and cells[2][2] == -3.0
    assert b"<f>" not in to_xlsx_bytes(frame)

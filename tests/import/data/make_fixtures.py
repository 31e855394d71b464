#!/usr/bin/env python3
"""Writes the import fixtures of tests/import/data/ reproducibly: the same task
table as a Word document (plan-2025.docx: w:gridSpan section rows, w:vMerge
lead and number cells), an Excel workbook (plan-2025.xlsx: merged ranges), CSV
(plan-2025.csv) and text pasted from a document (plan-2025.txt, with a page
break); and the real Đắk Lắk plan (dak-lak-2026-phu-luc-iii-dau-tu-cong.csv,
not written here) as the Word document and workbook it was laid out in
(dak-lak-2026-phu-luc-iii-dau-tu-cong.docx and .xlsx), its cells copied from
the CSV verbatim. Only the standard library: zipfile and hand-written OOXML.
Fixed zip timestamps, so running it again gives the same bytes.

    python3 tests/import/data/make_fixtures.py
"""
import csv
import datetime
import io
import os
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = (2024, 12, 4, 0, 0, 0)

TITLE = ["ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "KẾ HOẠCH",
         "Cải cách hành chính năm 2025 tỉnh Quảng Ngãi",
         "(Ban hành kèm theo Quyết định số 1546/QĐ-UBND ngày 04/12/2024 của Chủ tịch UBND tỉnh)",
         "PHỤ LỤC: NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2025"]
HEADER = ["TT", "Nội dung, nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm",
          "Thời gian hoàn thành"]

# Rows: ("section", number, title) or ("task", number, title, lead, support, product, when).
# merge: "lead-down" = this row's lead cell continues down over the next row;
# "sub" = a second row under the same number (number and title cells merged).
ROWS = [
    ("section", "I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"),
    ("task", "1", "Xây dựng, ban hành Kế hoạch cải cách hành chính năm 2025 của cơ quan, đơn vị, địa phương",
     "Các sở, ban, ngành; UBND các huyện, thị xã, thành phố", "Sở Nội vụ", "Kế hoạch", "Tháng 01/2025",
     "lead-down"),
    ("task", "2", "Tự đánh giá, chấm điểm xác định Chỉ số cải cách hành chính năm 2024",
     None, "Sở Nội vụ", "Báo cáo tự đánh giá", "Trước ngày 15/02/2025", ""),
    ("task", "3", "Tuyên truyền về cải cách hành chính trên các phương tiện thông tin đại chúng",
     "Sở Nội vụ", "Báo Quảng Ngãi; Đài Phát thanh - Truyền hình tỉnh", "Tin, bài, phóng sự",
     "Thường xuyên trong năm 2025", ""),
    ("section", "II", "CẢI CÁCH THỂ CHẾ"),
    ("task", "1", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật do HĐND, UBND tỉnh ban hành",
     "Sở Tư pháp", "Các sở, ban, ngành", "Báo cáo kết quả rà soát", "Quý IV/2025", ""),
    ("task", "2", "Rà soát, đánh giá thủ tục hành chính theo Kế hoạch của UBND tỉnh",
     "Các sở, ban, ngành", "Văn phòng UBND tỉnh", "Báo cáo kết quả rà soát", "Quý II/2025", "sub-start"),
    ("task", "2", "Rà soát, đánh giá thủ tục hành chính theo Kế hoạch của UBND tỉnh",
     "Văn phòng UBND tỉnh", "", "Báo cáo tổng hợp trình UBND tỉnh", "Quý III/2025", "sub"),
    ("section", "III", "HIỆN ĐẠI HÓA NỀN HÀNH CHÍNH"),
    ("task", "1", "Duy trì, áp dụng, cải tiến Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2015",
     "Các sở, ban, ngành; UBND các huyện, thị xã, thành phố", "Sở Khoa học và Công nghệ",
     "Công bố Hệ thống quản lý chất lượng", "Thường xuyên trong năm 2025", ""),
]

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def zip_write(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content.encode("utf-8"))


def w_par(text):
    runs = []
    for i, line in enumerate(text.split("\n")):
        if i:
            runs.append("<w:r><w:br/></w:r>")
        runs.append('<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % escape(line))
    return "<w:p>%s</w:p>" % "".join(runs)


def w_cell(text, span=1, vmerge=None, paragraphs=False):
    """A table cell; its lines are line breaks (w:br) in one paragraph, or with
    paragraphs=True paragraphs of their own (as a list typed in Word)."""
    props = ""
    if span > 1:
        props += '<w:gridSpan w:val="%d"/>' % span
    if vmerge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        props += "<w:vMerge/>"
    if vmerge == "continue":
        body = "<w:p/>"
    elif paragraphs:
        body = "".join(w_par(line) for line in text.split("\n"))
    else:
        body = w_par(text)
    return "<w:tc><w:tcPr>%s</w:tcPr>%s</w:tc>" % (props, body)


def make_docx():
    rows = ["<w:tr>%s</w:tr>" % "".join(w_cell(h) for h in ["TT", "Nội dung,\nnhiệm vụ", "Cơ quan\nchủ trì",
                                                            "Cơ quan\nphối hợp", "Sản phẩm",
                                                            "Thời gian\nhoàn thành"])]
    lead_continues = False
    for i, row in enumerate(ROWS):
        if row[0] == "section":
            rows.append("<w:tr>%s%s</w:tr>" % (w_cell(row[1]), w_cell(row[2], span=5)))
            continue
        _, number, title, lead, support, product, when, merge = row
        cells = []
        if merge == "sub-start":
            cells += [w_cell(number, vmerge="restart"), w_cell(title, vmerge="restart")]
        elif merge == "sub":
            cells += [w_cell("", vmerge="continue"), w_cell("", vmerge="continue")]
        else:
            cells += [w_cell(number), w_cell(title)]
        if merge == "lead-down":
            cells.append(w_cell(lead, vmerge="restart"))
            lead_continues = True
        elif lead is None and lead_continues:
            cells.append(w_cell("", vmerge="continue"))
            lead_continues = False
        else:
            cells.append(w_cell(lead))
        cells += [w_cell(support), w_cell(product), w_cell(when)]
        rows.append("<w:tr>%s</w:tr>" % "".join(cells))
    grid = "".join('<w:gridCol w:w="%d"/>' % w for w in (600, 3600, 2000, 2000, 1800, 1400))
    body = "".join(w_par(t) for t in TITLE)
    body += "<w:tbl><w:tblPr/><w:tblGrid>%s</w:tblGrid>%s</w:tbl>" % (grid, "".join(rows))
    body += w_par("Văn bản này có 1 bảng.")
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                "<w:document %s><w:body>%s<w:sectPr/></w:body></w:document>" % (W, body))
    docx_package("plan-2025.docx", document)


def docx_package(name, document, more_parts=()):
    zip_write(os.path.join(HERE, name), list(more_parts) + [
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
         "</Types>"),
        ("_rels/.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
         "</Relationships>"),
        ("word/document.xml", document),
    ])


def col(i):
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i]


def make_xlsx():
    grid = []  # (row, [texts]) ; None = empty
    merges = []
    r = 1
    for t in TITLE:
        grid.append((r, [t, None, None, None, None, None]))
        merges.append("A%d:F%d" % (r, r))
        r += 1
    r += 1  # an empty row before the table
    grid.append((r, ["TT", "Nội dung, nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm",
                     "Thời gian hoàn thành"]))
    r += 1
    lead_start = None
    for row in ROWS:
        if row[0] == "section":
            grid.append((r, [row[1], row[2], None, None, None, None]))
            merges.append("B%d:F%d" % (r, r))
            r += 1
            continue
        _, number, title, lead, support, product, when, merge = row
        if merge == "sub":
            grid.append((r, [None, None, lead, support or None, product, when]))
            merges.append("A%d:A%d" % (r - 1, r))
            merges.append("B%d:B%d" % (r - 1, r))
        elif lead is None:
            grid.append((r, [number, title, None, support, product, when]))
            merges.append("C%d:C%d" % (lead_start, r))
        else:
            grid.append((r, [number, title, lead, support or None, product, when]))
            if merge == "lead-down":
                lead_start = r
        r += 1
    strings = SharedStrings()
    sheet = worksheet_xml(grid, merges, strings)
    notes = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Ghi chú</t></is></c></row></sheetData></worksheet>')
    # The workbook lists "Ghi chú" (sheet2.xml) before "Phụ lục" (sheet1.xml).
    xlsx_package("plan-2025.xlsx", [("Ghi chú", 2, notes), ("Phụ lục", 1, sheet)], strings)


class SharedStrings:
    """xl/sharedStrings.xml: each text once, cells refer to it by index."""

    def __init__(self):
        self.strings = []
        self.index = {}

    def __call__(self, text):
        if text not in self.index:
            self.index[text] = len(self.strings)
            self.strings.append(text)
        return self.index[text]

    def xml(self):
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>'
                % (len(self.strings), len(self.strings),
                   "".join('<si><t xml:space="preserve">%s</t></si>' % escape(s) for s in self.strings)))


def worksheet_xml(grid, merges, sst):
    """A sheet of shared-string cells: grid is [(row number, [text or None])]."""
    rows_xml = []
    for number, texts in grid:
        cells = []
        for i, text in enumerate(texts):
            if text is None:
                continue
            cells.append('<c r="%s%d" t="s"><v>%d</v></c>' % (col(i), number, sst(text)))
        rows_xml.append('<row r="%d">%s</row>' % (number, "".join(cells)))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            "<sheetData>%s</sheetData><mergeCells count=\"%d\">%s</mergeCells></worksheet>"
            % ("".join(rows_xml), len(merges), "".join('<mergeCell ref="%s"/>' % m for m in merges)))


def xlsx_package(name, sheets, strings, styles=None, date1904=False):
    """sheets: [(name, n, xml)] in the workbook's order; n numbers the part
    xl/worksheets/sheet<n>.xml, its sheetId and its relationship rId<n>."""
    parts = sorted(sheets, key=lambda sheet: sheet[1])
    zip_write(os.path.join(HERE, name), [
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
         + "".join('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   % n for _, n, _ in parts)
         + '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
         "</Types>"),
        ("_rels/.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
         "</Relationships>"),
        ("xl/workbook.xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
         "%s<sheets>%s</sheets></workbook>"
         % ('<workbookPr date1904="1"/>' if date1904 else "",
            "".join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (escape(title), n, n) for title, n, _ in sheets))),
        ("xl/_rels/workbook.xml.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         + "".join('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>'
                   % (n, n) for _, n, _ in parts)
         + '<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
         % (len(parts) + 1)
         + ('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            % (len(parts) + 2) if styles else "")
         + "</Relationships>"),
    ] + [("xl/worksheets/sheet%d.xml" % n, xml) for _, n, xml in parts]
      + [("xl/sharedStrings.xml", strings.xml())]
      + ([("xl/styles.xml", styles)] if styles else []))


def flat_rows():
    """The table as a paste gives it: merged cells empty below their first row."""
    out = []
    for row in ROWS:
        if row[0] == "section":
            out.append([row[1], row[2], "", "", "", ""])
            continue
        _, number, title, lead, support, product, when, merge = row
        if merge == "sub":
            out.append(["", "", lead, support, product, when])
        else:
            out.append([number, title, lead or "", support, product, when])
    return out


def make_csv():
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in flat_rows():
        writer.writerow(row)
    with open(os.path.join(HERE, "plan-2025.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("\ufeff" + buffer.getvalue())


def make_text():
    lines = TITLE + [""] + ["\t".join(HEADER)]
    rows = flat_rows()
    for i, row in enumerate(rows):
        if row[0] == "1" and rows[i - 1][0] == "III":
            # A page break inside the row: its cells continue on the next page.
            first = [row[0], row[1][:60], row[2][:20], row[3], row[4], "Thường xuyên"]
            rest = ["", row[1][60:].lstrip(), row[2][20:].lstrip(), "", "", "trong năm 2025"]
            lines += ["\t".join(first), "", "\t".join(rest)]
        else:
            lines.append("\t".join(row))
    lines += ["", "ỦY BAN NHÂN DÂN TỈNH"]
    with open(os.path.join(HERE, "plan-2025.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


# ---------------------------------------------------------------------------
# The Đắk Lắk plan (Phụ lục III, UBND tỉnh Đắk Lắk, 8/2026) as Word and Excel
# ---------------------------------------------------------------------------

DAK_LAK = "dak-lak-2026-phu-luc-iii-dau-tu-cong"


def dak_lak_rows():
    """The published CSV's rows, split into what the layout needs: the title
    cells above the table, the header, and the rows under it as
    ("section" | "project" | "note", cells). Checks the CSV is the one the
    layout below was made for."""
    with open(os.path.join(HERE, DAK_LAK + ".csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    width = len(rows[3])
    assert width == 19 and all(len(row) == width for row in rows), "19 columns in every row"
    assert rows[3][0] == "STT" and rows[3][-1] == "Ghi chú các bước"
    titles = [row[0] for row in rows[:2]]
    assert all(not any(row[1:]) for row in rows[:3]) and not rows[2][0]
    body = []
    for row in rows[4:]:
        filled = [i for i, text in enumerate(row) if text]
        if filled == [0, 1] and len(row[0]) == 1 and row[0].isalpha():
            body.append(("section", row))  # "A", "NGUỒN TRUNG ƯƠNG"
        elif filled == [1]:
            body.append(("note", row))  # the closing recommendation, without a number
        else:
            assert row[0].isdigit(), row
            body.append(("project", row))
    projects = [i for i, (kind, _) in enumerate(body) if kind == "project"]
    notes_column = [row[-1] for kind, row in body if kind == "project"]
    # "Ghi chú các bước" is written once, at the first project: in the original
    # it is one cell merged down over every project row.
    assert notes_column[0] and not any(notes_column[1:])
    assert all(body[i][0] != "note" for i in range(projects[0], projects[-1] + 1))
    return titles, rows[3], body, (projects[0], projects[-1])


def make_dak_lak_docx():
    titles, header, body, (first, last) = dak_lak_rows()
    width = len(header)
    # The header's line breaks are breaks inside one paragraph (w:br); it
    # repeats on every page (w:tblHeader).
    rows = ['<w:tr><w:trPr><w:tblHeader/></w:trPr>%s</w:tr>' % "".join(w_cell(h) for h in header)]
    for i, (kind, row) in enumerate(body):
        notes_merged = first < i <= last  # under the "Ghi chú các bước" cell
        span = width - 1 - (1 if notes_merged else 0)
        if kind in ("section", "note"):
            # The number cell, then the text across the columns to the right.
            cells = w_cell(row[0]) + w_cell(row[1], span=span)
        else:
            cells = "".join(w_cell(text) for text in row[:-1])
        if i == first:
            cells += w_cell(row[-1], vmerge="restart", paragraphs=True)
        elif notes_merged:
            cells += w_cell("", vmerge="continue")
        rows.append("<w:tr>%s</w:tr>" % cells)
    grid = "".join('<w:gridCol w:w="%d"/>' % w for w in [500, 3000, 1000, 1600, 900, 1000] + [600] * 12 + [3200])
    # The title cell's two lines are two paragraphs; an empty one before the table.
    paragraphs = [line for title in titles for line in title.split("\n")] + [""]
    body_xml = "".join(w_par(t) for t in paragraphs)
    body_xml += "<w:tbl><w:tblPr/><w:tblGrid>%s</w:tblGrid>%s</w:tbl>" % (grid, "".join(rows))
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                "<w:document %s><w:body>%s<w:sectPr>"
                '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/></w:sectPr></w:body></w:document>'
                % (W, body_xml))
    docx_package(DAK_LAK + ".docx", document)


def make_dak_lak_xlsx():
    titles, header, body, (first, last) = dak_lak_rows()
    width = len(header)
    end = col(width - 1)
    grid = []
    merges = []
    # Rows 1-2: the title cells merged across the table; row 3 empty; row 4 the
    # header (the rows the CSV export has).
    for r, title in enumerate(titles, start=1):
        grid.append((r, [title] + [None] * (width - 1)))
        merges.append("A%d:%s%d" % (r, end, r))
    grid.append((4, [text or None for text in header]))
    top = 5
    for i, (kind, row) in enumerate(body):
        r = top + i
        notes_merged = first < i <= last
        if kind in ("section", "note"):
            last_column = col(width - 2) if notes_merged else end
            merges.append("B%d:%s%d" % (r, last_column, r))
        grid.append((r, [text or None for text in row]))
    merges.append("%s%d:%s%d" % (end, top + first, end, top + last))
    strings = SharedStrings()
    xlsx_package(DAK_LAK + ".xlsx", [("Phụ lục III", 1, worksheet_xml(grid, merges, strings))], strings)


def make_dates_xlsx(name, date1904):
    """A tracker whose deadline column holds real Excel dates (numbers shown
    through a date format), as spreadsheets kept by hand do: built-in format
    14, custom "dd/mm/yyyy" and "mm/yyyy", a plain number (a year), and an
    elapsed-time format that is no date."""
    base = datetime.date(1904, 1, 1) if date1904 else datetime.date(1899, 12, 30)

    def serial(day):
        return (day - base).days

    styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/>'
              '<numFmt numFmtId="165" formatCode="mm/yyyy"/><numFmt numFmtId="166" formatCode="[h]:mm"/></numFmts>'
              '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>'
              '<xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/>'
              '<xf numFmtId="166" applyNumberFormat="1"/></cellXfs></styleSheet>')
    strings = SharedStrings()

    def text(ref, value):
        return '<c r="%s" t="s"><v>%d</v></c>' % (ref, strings(value))

    def number(ref, value, style):
        return '<c r="%s" s="%d"><v>%s</v></c>' % (ref, style, value)

    rows = [
        (1, [text("A1", "Kế hoạch theo dõi tiến độ năm 2026")]),
        (3, [text("A3", "STT"), text("B3", "Nội dung"), text("C3", "Cơ quan chủ trì"),
             text("D3", "Thời gian hoàn thành")]),
        (4, [number("A4", 1, 0), text("B4", "Rà soát thủ tục hành chính"), text("C4", "Sở Tư pháp"),
             number("D4", serial(datetime.date(2026, 6, 30)), 1)]),
        (5, [number("A5", 2, 0), text("B5", "Báo cáo kết quả"), text("C5", "Sở Tư pháp"),
             number("D5", serial(datetime.date(2026, 12, 31)), 2)]),
        (6, [number("A6", 3, 0), text("B6", "Sơ kết"), text("C6", "Sở Nội vụ"),
             number("D6", serial(datetime.date(2026, 10, 15)), 3)]),
        (7, [number("A7", 4, 0), text("B7", "Kế hoạch năm"), text("C7", "Sở Nội vụ"), number("D7", 2026, 0)]),
        (8, [number("A8", 5, 0), text("B8", "Thời lượng"), text("C8", "Sở Nội vụ"), number("D8", "1.5", 4)]),
    ]
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData>'
             '</worksheet>' % "".join('<row r="%d">%s</row>' % (r, "".join(cells)) for r, cells in rows))
    xlsx_package(name, [("Tiến độ", 1, sheet)], strings, styles=styles, date1904=date1904)


def make_numbered_docx():
    """The TT column numbered by Word: sections by an upper-Roman list, tasks
    by a decimal list started again in the second section (a second w:num of
    the same abstract list with a startOverride), as word/numbering.xml says;
    the cells hold no number."""
    numbering = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<w:numbering %s>'
                 '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                 '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%%1."/></w:lvl></w:abstractNum>'
                 '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                 '<w:numFmt w:val="decimal"/><w:lvlText w:val="%%1"/></w:lvl>'
                 '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                 '<w:lvlText w:val="%%1.%%2"/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
                 '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
                 '<w:num w:numId="3"><w:abstractNumId w:val="1"/>'
                 '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
                 '</w:numbering>' % W)

    def numbered(num, level=0):
        return ('<w:tc><w:tcPr/><w:p><w:pPr><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr></w:pPr>'
                '</w:p></w:tc>' % (level, num))

    rows = ["<w:tr>%s</w:tr>" % "".join(w_cell(h) for h in ["TT", "Nội dung", "Cơ quan chủ trì", "Thời gian"])]
    rows.append("<w:tr>%s%s</w:tr>" % (numbered(1), w_cell("Công tác chỉ đạo", span=3)))
    rows.append("<w:tr>%s%s%s%s</w:tr>" % (numbered(2), w_cell("Ban hành kế hoạch"), w_cell("Sở Nội vụ"),
                                           w_cell("Tháng 01/2025")))
    rows.append("<w:tr>%s%s%s%s</w:tr>" % (numbered(2, 1), w_cell("Phổ biến kế hoạch"), w_cell("Sở Nội vụ"),
                                           w_cell("Tháng 02/2025")))
    rows.append("<w:tr>%s%s%s%s</w:tr>" % (numbered(2), w_cell("Kiểm tra"), w_cell("Sở Tư pháp"),
                                           w_cell("Quý III/2025")))
    rows.append("<w:tr>%s%s</w:tr>" % (numbered(1), w_cell("Cải cách thể chế", span=3)))
    rows.append("<w:tr>%s%s%s%s</w:tr>" % (numbered(3), w_cell("Rà soát văn bản"), w_cell("Sở Tư pháp"),
                                           w_cell("Quý IV/2025")))
    body = w_par("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025")
    body += "<w:tbl><w:tblPr/>%s</w:tbl>" % "".join(rows)
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                "<w:document %s><w:body>%s<w:sectPr/></w:body></w:document>" % (W, body))
    docx_package("plan-2025-numbered.docx", document, [("word/numbering.xml", numbering)])


if __name__ == "__main__":
    make_docx()
    make_xlsx()
    make_csv()
    make_text()
    make_dak_lak_docx()
    make_dak_lak_xlsx()
    make_dates_xlsx("plan-2026-dates.xlsx", False)
    make_dates_xlsx("plan-2026-dates-1904.xlsx", True)
    make_numbered_docx()

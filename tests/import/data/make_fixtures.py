#!/usr/bin/env python3
"""Writes the import fixtures of tests/import/data/ reproducibly: the same task
table as a Word document (plan-2025.docx: w:gridSpan section rows, w:vMerge
lead and number cells), an Excel workbook (plan-2025.xlsx: merged ranges), CSV
(plan-2025.csv) and text pasted from a document (plan-2025.txt, with a page
break). Only the standard library: zipfile and hand-written OOXML. Fixed zip
timestamps, so running it again gives the same bytes.

    python3 tests/import/data/make_fixtures.py
"""
import csv
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


def w_cell(text, span=1, vmerge=None):
    props = ""
    if span > 1:
        props += '<w:gridSpan w:val="%d"/>' % span
    if vmerge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        props += "<w:vMerge/>"
    body = w_par(text) if vmerge != "continue" else "<w:p/>"
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
    zip_write(os.path.join(HERE, "plan-2025.docx"), [
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
    return "ABCDEF"[i]


def make_xlsx():
    strings = []
    index = {}

    def sst(text):
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

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
    rows_xml = []
    for number, texts in grid:
        cells = []
        for i, text in enumerate(texts):
            if text is None:
                continue
            cells.append('<c r="%s%d" t="s"><v>%d</v></c>' % (col(i), number, sst(text)))
        rows_xml.append('<row r="%d">%s</row>' % (number, "".join(cells)))
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             "<sheetData>%s</sheetData><mergeCells count=\"%d\">%s</mergeCells></worksheet>"
             % ("".join(rows_xml), len(merges), "".join('<mergeCell ref="%s"/>' % m for m in merges)))
    shared = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>'
              % (len(strings), len(strings),
                 "".join('<si><t xml:space="preserve">%s</t></si>' % escape(s) for s in strings)))
    notes = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Ghi chú</t></is></c></row></sheetData></worksheet>')
    zip_write(os.path.join(HERE, "plan-2025.xlsx"), [
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
         '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
         '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
         '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
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
         '<sheets><sheet name="Ghi chú" sheetId="2" r:id="rId2"/><sheet name="Phụ lục" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
         '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>'
         '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
         "</Relationships>"),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/worksheets/sheet2.xml", notes),
        ("xl/sharedStrings.xml", shared),
    ])


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


if __name__ == "__main__":
    make_docx()
    make_xlsx()
    make_csv()
    make_text()

#!/usr/bin/env python3
"""Writes the plan tables of tests/import/data/libreoffice/ as a Word document
(plan-2026.docx) and a workbook (plan-2026.xlsx), laid out as such plans are:
merged cells down and across, line breaks and numbered lists in cells, rows
Word numbers, a table long enough to go on over pages with its header
repeated, a list of units after an empty paragraph, a table continued on the
next page without its header; a workbook of several sheets with hidden rows
and rows repeated. Then, when LibreOffice is installed, converts them as an
admin would (`soffice --headless --convert-to odt` and fodt, ods and fods):
the converted files are what the OpenDocument reader is tested against.

    python3 tests/import/data/make_libreoffice_fixtures.py

The sources are written with fixed timestamps (the same bytes on every run);
the converted files are LibreOffice's and are committed as it wrote them.
"""
import os
import shutil
import subprocess
import sys
import tempfile
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_fixtures  # noqa: E402  (the zip and OOXML helpers)
from make_fixtures import SharedStrings, W, w_cell, w_par, worksheet_xml  # noqa: E402

OUT = os.path.join(make_fixtures.HERE, "libreoffice")

TITLE = ["ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "KẾ HOẠCH", "Cải cách hành chính năm 2026"]
HEADER = ["TT", "Nội dung, nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm", "Thời gian hoàn thành"]
LEADS = ["Sở Nội vụ", "Sở Tư pháp", "Văn phòng UBND tỉnh", "Sở Khoa học và Công nghệ"]

NUMBERING = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<w:numbering %s>'
             '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
             '<w:numFmt w:val="decimal"/><w:lvlText w:val="%%1."/></w:lvl></w:abstractNum>'
             '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
             '<w:numFmt w:val="decimal"/><w:lvlText w:val="%%1"/></w:lvl></w:abstractNum>'
             '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
             '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
             '</w:numbering>' % W)


def numbered_paragraph(text, num):
    return ('<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="%d"/></w:numPr></w:pPr>'
            '<w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % (num, escape(text)))


def list_cell(items):
    """A cell holding a numbered list ("1. Báo cáo", "2. Kế hoạch") typed in Word."""
    return "<w:tc><w:tcPr/>%s</w:tc>" % "".join(numbered_paragraph(item, 1) for item in items)


def numbered_number_cell():
    """A TT cell Word numbers (numId 2), holding no text of its own."""
    return ('<w:tc><w:tcPr/><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr>'
            '</w:p></w:tc>')


def row(cells, header=False):
    return "<w:tr>%s%s</w:tr>" % ("<w:trPr><w:tblHeader/></w:trPr>" if header else "", "".join(cells))


def table(rows, widths=(700, 4200, 2000, 2000, 1800, 1600)):
    grid = "".join('<w:gridCol w:w="%d"/>' % w for w in widths)
    borders = ('<w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/>'
               '<w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/>'
               '<w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders>')
    return "<w:tbl><w:tblPr><w:tblW w:w=\"12300\" w:type=\"dxa\"/>%s</w:tblPr><w:tblGrid>%s</w:tblGrid>%s</w:tbl>" % (
        borders, grid, "".join(rows))


def long_title(n):
    return ("Rà soát, đánh giá và đề xuất phương án đơn giản hóa nhóm thủ tục hành chính số %d thuộc phạm vi "
            "quản lý của ngành, báo cáo kết quả về cơ quan thường trực" % n)


def make_docx():
    header = row([w_cell(h) for h in HEADER], header=True)
    rows = [header]
    rows.append(row([w_cell("I"), w_cell("CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", span=5)]))
    rows.append(row([w_cell("1"), w_cell("Ban hành Kế hoạch cải cách hành chính năm 2026"),
                     w_cell("Sở Nội vụ", vmerge="restart"), w_cell("Các sở, ban, ngành"), w_cell("Kế hoạch"),
                     w_cell("Tháng 01/2026")]))
    rows.append(row([w_cell("2"), w_cell("Tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2025"),
                     w_cell("", vmerge="continue"), w_cell("Văn phòng UBND tỉnh"), w_cell("Báo cáo tự đánh giá"),
                     w_cell("Trước ngày 15/02/2026")]))
    rows.append(row([w_cell("3"), w_cell("Kiểm tra công tác cải cách hành chính\ntại các cơ quan, đơn vị"),
                     w_cell("Sở Nội vụ"), w_cell("Sở Tư pháp"), w_cell("Báo cáo kết quả kiểm tra"),
                     w_cell("Cấp tỉnh: Quý II/2026\nCấp huyện: Quý III/2026")]))
    rows.append(row([w_cell("4"), w_cell("Tuyên truyền về cải cách hành chính"), w_cell("Sở Tư pháp"),
                     w_cell("Báo Quảng Ngãi"), list_cell(["Tin, bài", "Phóng sự"]), w_cell("Quý III/2026")]))
    rows.append(row([w_cell("II"), w_cell("CẢI CÁCH THỦ TỤC HÀNH CHÍNH", span=5)]))
    for n in range(1, 31):
        rows.append(row([w_cell(str(n)), w_cell(long_title(n)), w_cell(LEADS[n % len(LEADS)]),
                         w_cell("Các sở, ban, ngành"), w_cell("Báo cáo"),
                         w_cell("Quý %s/2026" % ["I", "II", "III", "IV"][n % 4])]))
    rows.append(row([w_cell("III"), w_cell("HIỆN ĐẠI HÓA NỀN HÀNH CHÍNH", span=5)]))
    for n, title in enumerate(["Duy trì Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015",
                               "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"]):
        rows.append(row([numbered_number_cell(), w_cell(title), w_cell(LEADS[3 - n]), w_cell(""),
                         w_cell("Báo cáo"), w_cell("Quý IV/2026")]))
    body = "".join(w_par(t) for t in TITLE)
    body += table(rows)
    # The units the plan goes to, after an empty paragraph: a table of its own.
    body += "<w:p/>"
    body += table([row([w_cell(h) for h in ["STT", "Tên đơn vị", "Địa chỉ", "Điện thoại", "Đầu mối", "Ghi chú"]]),
                   row([w_cell("1"), w_cell("Sở Nội vụ"), w_cell("Số 2 Trần Hưng Đạo"), w_cell("0255 3822 001"),
                        w_cell("Phòng Cải cách hành chính"), w_cell("")]),
                   row([w_cell("2"), w_cell("Sở Tư pháp"), w_cell("Số 5 Lê Lợi"), w_cell("0255 3822 002"),
                        w_cell("Phòng Kiểm soát thủ tục"), w_cell("")])])
    # A second appendix, continued on the next page without its header.
    body += w_par("Phụ lục II: Nhiệm vụ chuyển đổi số")
    body += table([row([w_cell(h) for h in ["TT", "Nội dung", "Cơ quan chủ trì", "Thời gian"]], header=True),
                   row([w_cell("1"), w_cell("Nâng cấp Cổng dịch vụ công của tỉnh"), w_cell("Sở Khoa học và Công nghệ"),
                        w_cell("Quý II/2026")]),
                   row([w_cell("2"), w_cell("Kết nối cơ sở dữ liệu dân cư"), w_cell("Công an tỉnh"),
                        w_cell("Quý III/2026")])], widths=(700, 6000, 3000, 2600))
    body += '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
    body += table([row([w_cell("3"), w_cell("Đào tạo kỹ năng số cho công chức"), w_cell("Sở Nội vụ"),
                        w_cell("Quý IV/2026")])], widths=(700, 6000, 3000, 2600))
    body += w_par("Nơi nhận: như trên.")
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<w:document %s><w:body>%s<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
                '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134"/></w:sectPr>'
                '</w:body></w:document>' % (W, body))
    relationships = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                     '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                     'relationships/numbering" Target="numbering.xml"/></Relationships>')
    in_folder(make_fixtures.docx_package, "plan-2026.docx", document,
              [("word/_rels/document.xml.rels", relationships), ("word/numbering.xml", NUMBERING)])
    return os.path.join(OUT, "plan-2026.docx")


def make_xlsx():
    strings = SharedStrings()
    grid, merges = [], []
    r = 1
    for t in TITLE:
        grid.append((r, [t, None, None, None, None, None]))
        merges.append("A%d:F%d" % (r, r))
        r += 1
    r += 1
    grid.append((r, HEADER))
    r += 1
    grid.append((r, ["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", None, None, None, None]))
    merges.append("B%d:F%d" % (r, r))
    r += 1
    lead_start = r
    grid.append((r, ["1", "Ban hành Kế hoạch cải cách hành chính năm 2026", "Sở Nội vụ", "Các sở, ban, ngành",
                     "Kế hoạch", "Tháng 01/2026"]))
    r += 1
    grid.append((r, ["2", "Tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2025", None, "Văn phòng UBND tỉnh",
                     "Báo cáo tự đánh giá", "Trước ngày 15/02/2026"]))
    r += 1
    grid.append((r, ["3", "Kiểm tra công tác cải cách hành chính\ntại các cơ quan, đơn vị", None, "Sở Tư pháp",
                     "Báo cáo kết quả kiểm tra", "Cấp tỉnh: Quý II/2026\nCấp huyện: Quý III/2026"]))
    merges.append("C%d:C%d" % (lead_start, r))
    r += 1
    hidden = {r}  # a row a filter hid: still a task of the plan
    grid.append((r, ["4", "Tuyên truyền về cải cách hành chính", "Sở Tư pháp", "Sở Tư pháp", "1. Tin, bài\n2. Phóng sự",
                     "Quý III/2026"]))
    r += 1
    grid.append((r, ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", None, None, None, None]))
    merges.append("B%d:F%d" % (r, r))
    r += 1
    grid.append((r, ["1", "Rà soát thủ tục hành chính", "Sở Tư pháp", "Các sở, ban, ngành", "Báo cáo", "Quý II/2026"]))
    r += 1
    # Two sub-rows alike, as typed: LibreOffice keeps them as one row repeated.
    for _ in range(2):
        grid.append((r, ["-", "Báo cáo định kỳ", "Sở Tư pháp", "Sở Tư pháp", "Báo cáo", "Hằng quý"]))
        r += 1
    grid.append((r, ["2", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Văn phòng UBND tỉnh", None,
                     "Hồ sơ số hóa", "Quý IV/2026"]))
    r += 1
    hidden.add(r)
    grid.append((r, ["3", "Công khai thủ tục hành chính trên Cổng dịch vụ công", "Văn phòng UBND tỉnh", None,
                     "Thủ tục công khai", "Quý IV/2026"]))
    first = worksheet_rows(grid, merges, strings, hidden)

    second = [(1, ["PHỤ LỤC II: NHIỆM VỤ CHUYỂN ĐỔI SỐ", None, None, None]),
              (2, ["TT", "Nội dung", "Cơ quan chủ trì", "Thời gian"]),
              (3, ["I", "HẠ TẦNG SỐ", None, None]),
              (4, ["1", "Nâng cấp Cổng dịch vụ công của tỉnh", "Sở Khoa học và Công nghệ", "Quý II/2026"]),
              (5, ["2", "Kết nối cơ sở dữ liệu dân cư", "Công an tỉnh", "Quý III/2026"])]
    second_xml = worksheet_rows(second, ["A1:D1", "B3:D3"], strings, set())
    units = [(1, ["STT", "Tên đơn vị"]), (2, ["1", "Sở Nội vụ"]), (3, ["2", "Sở Tư pháp"])]
    units_xml = worksheet_rows(units, [], strings, set())
    in_folder(make_fixtures.xlsx_package, "plan-2026.xlsx",
              [("Phụ lục I", 1, first), ("Phụ lục II", 2, second_xml), ("Đơn vị", 3, units_xml)], strings)
    return os.path.join(OUT, "plan-2026.xlsx")


def in_folder(write, *arguments):
    """make_fixtures' writers, writing into libreoffice/ instead of beside themselves."""
    saved_here = make_fixtures.HERE
    make_fixtures.HERE = OUT
    try:
        write(*arguments)
    finally:
        make_fixtures.HERE = saved_here


def worksheet_rows(grid, merges, strings, hidden):
    """worksheet_xml, with the rows in `hidden` hidden."""
    xml = worksheet_xml(grid, merges, strings)
    for number in hidden:
        xml = xml.replace('<row r="%d">' % number, '<row r="%d" hidden="1">' % number)
    return xml


def convert(path, formats):
    soffice = shutil.which("soffice")
    if soffice is None:
        print("soffice not found: %s not converted" % os.path.basename(path))
        return
    with tempfile.TemporaryDirectory() as profile:
        for target in formats:
            subprocess.run([soffice, "-env:UserInstallation=file://" + profile, "--headless", "--convert-to", target,
                            "--outdir", OUT, path], check=True, stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    convert(make_docx(), ["odt", "fodt"])
    convert(make_xlsx(), ["ods", "fods"])

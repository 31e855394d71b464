#pragma once
// Word and Excel files built in a test (through libzip, as Office writes
// them: a zip of XML parts), for plans whose variants are easier to say in
// XML than to keep as binary fixtures.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>
#include <zip.h>

#include "util/charts.hpp"

namespace deadlined::testing {

using Parts = std::vector<std::pair<std::string, std::string>>;  // name in the zip, content

inline std::string zip_of(const Parts& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  EXPECT_NE(buffer, nullptr);
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  EXPECT_NE(archive, nullptr);
  for (const auto& [name, content] : parts) {
    zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
    EXPECT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8), 0) << name;
  }
  EXPECT_EQ(zip_close(archive), 0);
  std::string bytes;
  if (zip_source_open(buffer) == 0) {
    char chunk[65536];
    zip_int64_t got = 0;
    while ((got = zip_source_read(buffer, chunk, sizeof chunk)) > 0) {
      bytes.append(chunk, static_cast<std::size_t>(got));
    }
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  zip_error_fini(&error);
  return bytes;
}

inline const std::string k_word_namespace = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

// XML text escaped, by the project's one escape.
inline std::string xml_text(const std::string& text) {
  return charts::escape(text);
}

// A Word file whose body is `body` (w:p and w:tbl elements), with `styles`
// (the inside of w:styles) when given, and `more` parts under their usual
// names (word/theme/theme1.xml, word/settings.xml).
inline std::string docx_of(const std::string& body, const std::string& styles = "", const Parts& more = {}) {
  Parts parts = {
      {"[Content_Types].xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
       "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" "
       "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" "
       "ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" "
       "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"},
      {"_rels/.rels",
       "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
       "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
       "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
       "Target=\"word/document.xml\"/></Relationships>"},
      {"word/document.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document " + k_word_namespace + "><w:body>" +
                                body + "</w:body></w:document>"},
  };
  if (!styles.empty()) {
    parts.emplace_back("word/styles.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles " + k_word_namespace +
                                              ">" + styles + "</w:styles>");
  }
  parts.insert(parts.end(), more.begin(), more.end());
  return zip_of(parts);
}

// A paragraph of one run; `run_properties` is the inside of its w:rPr.
inline std::string word_paragraph(const std::string& text, const std::string& run_properties = "",
                                  const std::string& paragraph_properties = "") {
  return "<w:p>" + (paragraph_properties.empty() ? "" : "<w:pPr>" + paragraph_properties + "</w:pPr>") + "<w:r>" +
         (run_properties.empty() ? "" : "<w:rPr>" + run_properties + "</w:rPr>") + "<w:t xml:space=\"preserve\">" +
         xml_text(text) + "</w:t></w:r></w:p>";
}

inline std::string word_font(const std::string& font) {
  return "<w:rFonts w:ascii=\"" + font + "\" w:hAnsi=\"" + font + "\"/>";
}

// A workbook of one sheet "KH": `sheet_data` is the inside of sheetData,
// `after_data` what follows it (mergeCells), `shared` the w:si items,
// `styles` the inside of styleSheet.
inline std::string xlsx_of(const std::string& sheet_data, const std::string& shared = "",
                           const std::string& styles = "", const std::string& after_data = "") {
  const std::string main = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";
  Parts parts = {
      {"_rels/.rels",
       "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
       "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
       "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
       "Target=\"xl/workbook.xml\"/></Relationships>"},
      {"xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook " + main +
                              " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                              "<sheets><sheet name=\"KH\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
       "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
       "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
       "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" "
       "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
       "Target=\"styles.xml\"/><Relationship Id=\"rId3\" "
       "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
       "Target=\"sharedStrings.xml\"/></Relationships>"},
      {"xl/worksheets/sheet1.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet " + main + "><sheetData>" +
                                       sheet_data + "</sheetData>" + after_data + "</worksheet>"},
      {"xl/sharedStrings.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst " + main + ">" + shared + "</sst>"},
      {"xl/styles.xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet " + main + ">" + styles + "</styleSheet>"},
  };
  return zip_of(parts);
}

// An OpenDocument file as LibreOffice writes it: the "mimetype" part first
// and stored uncompressed, then content.xml (and styles.xml when given).
inline std::string odf_of(const std::string& mimetype, const std::string& content, const std::string& styles = "") {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  EXPECT_NE(archive, nullptr);
  Parts parts = {{"mimetype", mimetype}, {"content.xml", content}};
  if (!styles.empty()) {
    parts.emplace_back("styles.xml", styles);
  }
  parts.emplace_back("META-INF/manifest.xml",
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest "
                     "xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"/>");
  for (const auto& [name, part] : parts) {
    zip_source_t* source = zip_source_buffer(archive, part.data(), part.size(), 0);
    const zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    EXPECT_GE(index, 0) << name;
    if (name == "mimetype") {
      zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    }
  }
  EXPECT_EQ(zip_close(archive), 0);
  std::string bytes;
  if (zip_source_open(buffer) == 0) {
    char chunk[65536];
    zip_int64_t got = 0;
    while ((got = zip_source_read(buffer, chunk, sizeof chunk)) > 0) {
      bytes.append(chunk, static_cast<std::size_t>(got));
    }
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  zip_error_fini(&error);
  return bytes;
}

// The namespaces of an OpenDocument part's root.
inline const std::string k_odf_namespaces =
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
    "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" "
    "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" office:version=\"1.3\"";

inline const std::string k_odt_mimetype = "application/vnd.oasis.opendocument.text";
inline const std::string k_ods_mimetype = "application/vnd.oasis.opendocument.spreadsheet";

// content.xml of a text document (`body`: the inside of office:text) or a
// spreadsheet (`body`: the inside of office:spreadsheet), with
// `automatic_styles` (the inside of office:automatic-styles).
inline std::string odf_content(bool spreadsheet, const std::string& body, const std::string& automatic_styles = "") {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content " + k_odf_namespaces +
         "><office:automatic-styles>" + automatic_styles + "</office:automatic-styles><office:body>" +
         (spreadsheet ? "<office:spreadsheet>" + body + "</office:spreadsheet>"
                      : "<office:text>" + body + "</office:text>") +
         "</office:body></office:document-content>";
}

// An Excel column's letters ("A", "B", ...) of a 0-based index below 26.
inline std::string column_letter(std::size_t column) {
  return std::string(1, static_cast<char>('A' + column));
}

using Rows = std::vector<std::vector<std::string>>;  // a table's cells, row by row

// A sheet of inline-string cells, row by row from row 1; empty texts are no cells.
inline std::string sheet_xml(const Rows& rows) {
  std::string data;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string line = std::to_string(r + 1);
    data += "<row r=\"" + line + "\">";
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      if (!rows[r][c].empty()) {
        data +=
            "<c r=\"" + column_letter(c) + line + "\" t=\"inlineStr\"><is><t>" + xml_text(rows[r][c]) + "</t></is></c>";
      }
    }
    data += "</row>";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet "
         "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" +
         data + "</sheetData></worksheet>";
}

// A workbook of the sheets given, in order; `hidden` names those put away.
inline std::string workbook(const std::vector<std::pair<std::string, Rows>>& sheets, const std::string& hidden = "") {
  std::string entries;
  std::string relationships;
  Parts parts;
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    entries += "<sheet name=\"" + xml_text(sheets[i].first) + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"" +
               (sheets[i].first == hidden ? " state=\"hidden\"" : "") + "/>";
    relationships += "<Relationship Id=\"rId" + n +
                     "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
                     "Target=\"worksheets/sheet" +
                     n + ".xml\"/>";
    parts.emplace_back("xl/worksheets/sheet" + n + ".xml", sheet_xml(sheets[i].second));
  }
  parts.emplace_back("_rels/.rels",
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
                     "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
                     "Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                     "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
  parts.emplace_back("xl/workbook.xml",
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook "
                     "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                     "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>" +
                         entries + "</sheets></workbook>");
  parts.emplace_back("xl/_rels/workbook.xml.rels",
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
                     "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                         relationships + "</Relationships>");
  return zip_of(parts);
}

// A Word table as wide as its first row, a cell a paragraph.
inline std::string word_table(const Rows& rows) {
  const std::size_t width = rows.front().size();
  std::string xml = "<w:tbl><w:tblGrid>";
  for (std::size_t c = 0; c < width; ++c) {
    xml += "<w:gridCol/>";
  }
  xml += "</w:tblGrid>";
  for (const auto& cells : rows) {
    xml += "<w:tr>";
    for (std::size_t c = 0; c < width; ++c) {
      xml += "<w:tc>" + word_paragraph(c < cells.size() ? cells[c] : "") + "</w:tc>";
    }
    xml += "</w:tr>";
  }
  return xml + "</w:tbl>";
}

}  // namespace deadlined::testing

// What admins are sent is not always UTF-8 or a format import reads: Excel on
// Vietnamese Windows saves "CSV (Comma delimited)" in Windows-1258 and
// "Unicode Text" in UTF-16; old Word and Excel files, PDFs and OpenDocument
// files arrive too. The first two are read; the others are named with what
// to do. Whatever the cells hold, the plan file written is valid UTF-8 TOML.
#include "config/config.hpp"
#include "import/draft.hpp"
#include "import/names.hpp"
#include "import/table.hpp"
#include "support/import_data.hpp"
#include "util/safe_input.hpp"

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <string>
#include <utility>

namespace deadlined::import {
namespace {

using testing::k_import_data;
using testing::read_import_data;

struct Imported {
  Document document;
  Draft draft;
};

Imported import_bytes(const std::string& name, const std::string& bytes) {
  LoadResult loaded = load_config(k_import_data + "deadlined.toml");
  EXPECT_TRUE(loaded.config.has_value());
  auto document = parse_table_bytes(detect_format(name, bytes), bytes);
  EXPECT_TRUE(document.has_value()) << name << ": " << (document ? "" : document.error());
  if (!document || !loaded.config) {
    return {};
  }
  DraftOptions options;
  options.plan_id = "qng-cchc-2025";
  auto draft = build_draft(*document, NameIndex::from_config(*loaded.config), options);
  EXPECT_TRUE(draft.has_value()) << (draft ? "" : draft.error());
  return Imported{*document, draft ? *draft : Draft{}};
}

// A document of one table whose rows are these cells, line numbers from 1.
Document one_table(const std::vector<std::vector<std::string>>& rows) {
  Grid grid;
  grid.name = "table 1";
  int line = 0;
  for (const auto& texts : rows) {
    GridRow row;
    row.line = ++line;
    for (const std::string& text : texts) {
      row.cells.push_back(GridCell{text, false, false});
    }
    grid.rows.push_back(std::move(row));
  }
  Document document;
  document.grids.push_back(std::move(grid));
  return document;
}

void expect_same_tasks(const Draft& got, const Draft& want) {
  ASSERT_EQ(got.tasks.size(), want.tasks.size());
  for (std::size_t i = 0; i < want.tasks.size(); ++i) {
    SCOPED_TRACE(want.tasks[i].id);
    EXPECT_EQ(got.tasks[i].id, want.tasks[i].id);
    EXPECT_EQ(got.tasks[i].title, want.tasks[i].title);
    EXPECT_EQ(got.tasks[i].when, want.tasks[i].when);
    EXPECT_EQ(got.tasks[i].product, want.tasks[i].product);
    EXPECT_EQ(got.tasks[i].lead, want.tasks[i].lead);
    EXPECT_EQ(got.tasks[i].support, want.tasks[i].support);
  }
}

// plan-2025-windows-1258.csv is plan-2025.csv encoded by Python's cp1258
// codec (tone marks as the code page's combining characters).
TEST(ImportEncodings, AWindows1258CsvReadsLikeTheUtf8One) {
  const Imported utf8 = import_bytes("plan-2025.csv", read_import_data("plan-2025.csv"));
  const std::string bytes = read_import_data("plan-2025-windows-1258.csv");
  ASSERT_TRUE(first_invalid_utf8(bytes).has_value());  // the fixture really is not UTF-8
  const Imported legacy = import_bytes("plan-2025-windows-1258.csv", bytes);
  expect_same_tasks(legacy.draft, utf8.draft);
  ASSERT_FALSE(legacy.draft.tasks.empty());
  // Precomposed letters, as typed in UTF-8: "Rà soát" is not "Ra\u0300 soa\u0301t".
  EXPECT_EQ(legacy.draft.tasks[3].title,
            "Rà soát, hệ thống hóa văn bản quy phạm pháp luật do HĐND, UBND tỉnh ban hành");
  ASSERT_EQ(legacy.document.notices.size(), 1U);
  EXPECT_NE(legacy.document.notices[0].find("Windows-1258"), std::string::npos) << legacy.document.notices[0];
  EXPECT_TRUE(utf8.document.notices.empty());
}

// plan-2025-unicode-text.txt is plan-2025.txt as UTF-16LE with its byte order mark.
TEST(ImportEncodings, Utf16TextReadsLikeTheUtf8One) {
  const Imported utf8 = import_bytes("plan-2025.txt", read_import_data("plan-2025.txt"));
  const Imported wide = import_bytes("plan-2025-unicode-text.txt", read_import_data("plan-2025-unicode-text.txt"));
  expect_same_tasks(wide.draft, utf8.draft);
  EXPECT_EQ(wide.draft.continuations, utf8.draft.continuations);
  ASSERT_EQ(wide.document.notices.size(), 1U);
  EXPECT_NE(wide.document.notices[0].find("UTF-16"), std::string::npos);
  // A UTF-16 file cut inside a character is refused, not half read.
  std::string cut = read_import_data("plan-2025-unicode-text.txt");
  cut.pop_back();
  auto refused = parse_table_bytes(SourceFormat::text, cut);
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().find("UTF-16LE"), std::string::npos) << refused.error();
}

// UTF-16 text without its byte order mark, as some programs copy a table: it
// was refused as "not text (it contains NUL bytes)". Little-endian (the case
// file) and big-endian (the fixture's bytes swapped) are read as UTF-16.
TEST(ImportEncodings, Utf16TextWithoutAByteOrderMark) {
  const Imported little = import_bytes("k03_utf16le_no_bom.txt", read_import_data("cases/k03_utf16le_no_bom.txt"));
  ASSERT_EQ(little.draft.tasks.size(), 4U);
  EXPECT_EQ(little.draft.tasks[0].id, "I.1");
  EXPECT_EQ(little.draft.tasks[0].title, "Ban hành kế hoạch cải cách hành chính năm 2026");
  EXPECT_EQ(little.draft.tasks[3].id, "II.2");
  EXPECT_EQ(little.draft.tasks[3].when, "Hằng quý");
  ASSERT_EQ(little.document.notices.size(), 1U);
  EXPECT_NE(little.document.notices[0].find("UTF-16"), std::string::npos);
  const Imported utf8 = import_bytes("plan-2025.txt", read_import_data("plan-2025.txt"));
  std::string big = read_import_data("plan-2025-unicode-text.txt").substr(2);
  for (std::size_t i = 0; i + 1 < big.size(); i += 2) {
    std::swap(big[i], big[i + 1]);
  }
  expect_same_tasks(import_bytes("plan-2025-big-endian.txt", big).draft, utf8.draft);
}

TEST(ImportEncodings, FormatsImportCannotReadAreNamedWithWhatToDo) {
  struct Case {
    std::string bytes;
    std::string named;
  };
  for (const Case& c : {
           Case{std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00", 10), "Word 97-2003 (.doc)"},
           Case{"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "PDF"},
           Case{"{\\rtf1\\ansi\\deff0 K\\'e1 ho\\'e1ch}", "RTF"},
       }) {
    SCOPED_TRACE(c.named);
    // Whatever the file is called: the bytes decide.
    for (SourceFormat format : {SourceFormat::docx, SourceFormat::xlsx, SourceFormat::csv, SourceFormat::text}) {
      auto result = parse_table_bytes(format, c.bytes);
      ASSERT_FALSE(result.has_value());
      EXPECT_NE(result.error().find(c.named), std::string::npos) << result.error();
      EXPECT_NE(result.error().find(".docx"), std::string::npos) << result.error();
    }
  }
}

// A byte that is neither UTF-8 nor Windows-1258 (0x81 is undefined in the
// code page) makes the file unreadable, at a stated place: in a file that is
// otherwise UTF-8 its line, not a code page it never was.
TEST(ImportEncodings, BytesOfNoKnownEncodingAreRefusedWithTheirPlace) {
  const std::string bytes = "STT,Nội dung,Cơ quan chủ trì,Thời gian\n1,Việc \x81,Sở Tư pháp,Quý I/2025\n";
  auto result = parse_table_bytes(SourceFormat::csv, bytes);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error(),
            "the file is UTF-8, but line 2 has a byte that is not (byte 57): the file is damaged there; fix that line, "
            "or save the table again as \"CSV UTF-8\"");
  // Without UTF-8 characters before it, the file may be Windows-1258.
  auto plain = parse_table_bytes(SourceFormat::csv, std::string("STT,Noi dung\n1,Viec \x81\n"));
  ASSERT_FALSE(plain.has_value());
  EXPECT_NE(plain.error().find("not valid CP1258 text at byte"), std::string::npos) << plain.error();
}

// The plan file is TOML, which must be UTF-8: cells with broken bytes (a
// damaged .docx) are written with U+FFFD in their place, never as is.
TEST(ImportEncodings, ThePlanFileIsValidUtf8WhateverTheCellsHold) {
  const Document document = one_table({
      {"STT", "Nội dung", "Cơ quan chủ trì", "Thời gian"},
      {"I", "Mục \xC3", "", ""},
      {"1", "Việc \xFF\xFE một", "Sở \xE1\xBB", "Quý I/2025 \xC0\x80"},
  });
  DraftOptions options;
  options.plan_id = "broken-bytes";
  auto draft = build_draft(document, NameIndex({NamedEntity{"so-tu-phap", {"Sở Tư pháp"}}}), options);
  ASSERT_TRUE(draft.has_value()) << draft.error();
  const std::string text = render_plan(*draft, options);
  EXPECT_EQ(first_invalid_utf8(text), std::nullopt);
  EXPECT_NE(text.find("Việc \xEF\xBF\xBD\xEF\xBF\xBD một"), std::string::npos) << text;
  EXPECT_NO_THROW((void)toml::parse(text)) << text;
}

// Found by fuzz_import: a control character in a cell quoted by a comment
// (an open item, a section heading) made the file invalid TOML.
TEST(ImportEncodings, ThePlanFileHasNoControlCharacterOutsideStrings) {
  const Document document = one_table({
      {"STT", "Nội dung", "Cơ quan chủ trì", "Thời gian"},
      {"I", "Mục\x0B một\r", "", ""},
      {"1", "Việc\x01", "Sở\x14 Khác", "Quý\x14 I/2025\x7F"},
  });
  DraftOptions options;
  options.plan_id = "control-characters";
  auto draft = build_draft(document, NameIndex({NamedEntity{"so-tu-phap", {"Sở Tư pháp"}}}), options);
  ASSERT_TRUE(draft.has_value()) << draft.error();
  const std::string text = render_plan(*draft, options);
  EXPECT_NO_THROW((void)toml::parse(text)) << text;
  // The cells themselves keep what they hold, escaped inside their strings.
  EXPECT_NE(text.find("\"Việc\\u0001\""), std::string::npos) << text;
}

}  // namespace
}  // namespace deadlined::import

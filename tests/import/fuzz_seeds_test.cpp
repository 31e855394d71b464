// The import fuzzer's seeds (fuzz/corpus/import/) through what the fuzzer
// does with them, in the ordinary build: the first byte picks the format,
// and a draft built from the rest is written as valid UTF-8 and TOML. Every
// seed added for a reader's variant is so checked on each test run.
#include "import/draft.hpp"
#include "import/names.hpp"
#include "import/table.hpp"
#include "util/safe_input.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <string>
#include <toml++/toml.h>

namespace deadlined::import {
namespace {

TEST(ImportFuzzSeeds, EverySeedReadsAndAnyDraftIsValidToml) {
  const SourceFormat formats[] = {SourceFormat::docx, SourceFormat::xlsx, SourceFormat::csv,
                                  SourceFormat::text, SourceFormat::odt,  SourceFormat::ods};
  const NameIndex names({NamedEntity{"so-tu-phap", {"Sở Tư pháp", "STP"}}});
  int seeds = 0;
  int drafts = 0;
  for (const auto& entry : std::filesystem::directory_iterator(DEADLINED_SOURCE_DIR "/fuzz/corpus/import")) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes(std::istreambuf_iterator<char>(in), {});
    if (bytes.empty()) {
      continue;
    }
    SCOPED_TRACE(entry.path().filename().string());
    ++seeds;
    const auto format = formats[static_cast<unsigned char>(bytes[0]) % 6];
    const auto document = parse_table_bytes(format, std::string_view(bytes).substr(1));
    if (!document) {
      continue;
    }
    DraftOptions options;
    options.plan_id = "fuzz";
    const auto draft = build_draft(*document, names, options);
    if (!draft) {
      continue;
    }
    ++drafts;
    const std::string text = render_plan(*draft, options);
    EXPECT_FALSE(first_invalid_utf8(text).has_value());
    EXPECT_NO_THROW((void)toml::parse(text));
  }
  EXPECT_GT(seeds, 60);
  EXPECT_GT(drafts, 30);
}

}  // namespace
}  // namespace deadlined::import

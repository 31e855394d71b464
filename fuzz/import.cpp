// The plan import readers (Word, Excel, OpenDocument, CSV, pasted text) and the draft built
// from what they read: the first byte picks the format, the rest is the file.
#include "import/draft.hpp"
#include "import/names.hpp"
#include "import/table.hpp"
#include "util/safe_input.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <toml++/toml.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace deadlined::import;
  if (size == 0) {
    return 0;
  }
  static const SourceFormat k_formats[] = {SourceFormat::docx, SourceFormat::xlsx, SourceFormat::csv,
                                           SourceFormat::text, SourceFormat::odt,  SourceFormat::ods};
  const SourceFormat format = k_formats[data[0] % 6];
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  auto document = parse_table_bytes(format, bytes);
  if (!document) {
    return 0;
  }
  static const NameIndex names({NamedEntity{"so-tu-phap", {"Sở Tư pháp", "STP"}},
                                NamedEntity{"ubnd-cap-xa", {"UBND cấp xã", "UBND các xã, phường, đặc khu"}}});
  DraftOptions options;
  options.plan_id = "fuzz";
  auto draft = build_draft(*document, names, options);
  if (draft) {
    // The draft is a plan file: whatever the input, valid UTF-8 and valid TOML.
    const std::string text = render_plan(*draft, options);
    if (deadlined::first_invalid_utf8(text)) {
      __builtin_trap();
    }
    try {
      (void)toml::parse(text);
    } catch (const toml::parse_error&) {
      __builtin_trap();
    }
  }
  return 0;
}

#pragma once
// A small config for the HTTP view tests: two units, one task due
// 2022-03-31 (Thursday) on the real 2022 calendar, loaded as a Snapshot.
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "service/snapshot.hpp"
#include "support/temp_dir.hpp"

namespace deadlined::testing {

inline std::string http_test_config(const std::filesystem::path& state_dir, const std::string& extra = "") {
  return "[daemon]\ntimezone = \"Asia/Ho_Chi_Minh\"\nstate_dir = \"" + state_dir.string() +
         "\"\nsend_time = \"08:00\"\n\n[calendar]\nholidays_dir = \"" DEADLINED_SOURCE_DIR
         "/config/holidays\"\n\n"
         "[email]\nmessage_id_domain = \"ubnd.example.test\"\n\n" +
         extra +
         "[[unit]]\nid = \"stp\"\nname = \"Sở Tư pháp\"\ntier = \"department\"\nemail = "
         "[\"vanthu@stp.example.test\"]\n\n"
         "[[unit]]\nid = \"snv\"\nname = \"Sở Nội vụ; \\\"phòng\\\" <b>, số 1\"\ntier = \"department\"\nchannels = "
         "[]\n\n"
         "[[plan]]\nid = \"kstthc-2022\"\ntitle = \"Kế hoạch kiểm soát thủ tục hành chính năm 2022\"\n"
         "decision = \"3489/QĐ-UBND\"\nyear = 2022\n\n"
         "[[plan.task]]\nid = \"I.1\"\ntitle = \"Báo cáo kết quả kiểm soát TTHC quý I, năm 2022; gửi Văn phòng UBND "
         "tỉnh\"\n"
         "lead = [\"stp\"]\nsupport = [\"snv\"]\nproduct = \"Báo cáo\"\nwhen = \"Trước ngày 31/3/2022\"\n"
         "schedule = { date = 2022-03-31 }\n";
}

class HttpFixture {
 public:
  std::shared_ptr<const Snapshot> load(
      const std::string& extra = "",
      const Environment& environment = [](const std::string&) { return std::optional<std::string>(); }) const {
    auto file = m_dir.write("main.toml", http_test_config(m_dir.path() / "state", extra));
    auto loaded = load_snapshot(file, environment);
    if (!loaded) {
      std::string text;
      for (const auto& diagnostic : loaded.error()) {
        text += diagnostic.format() + "\n";
      }
      ADD_FAILURE() << text;
      throw std::runtime_error("snapshot does not load");
    }
    return *loaded;
  }
  const TempDir& dir() const { return m_dir; }

 private:
  TempDir m_dir;
};

inline Instant at(const char* iso) {
  return *parse_iso8601(iso);
}

}  // namespace deadlined::testing

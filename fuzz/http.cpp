// The HTTP surface without sockets: handle_request() on a snapshot of a small
// fixed config (two units, one task, every secret set) and a real outbox.
// Input: method, target, Authorization and Content-Type, one per line, then
// the body. The server's own checks of a request header read the same input:
// the Authorization line as a Host value, the body as a raw header.
#include "calendar/zone.hpp"
#include "compliance/ack_token.hpp"
#include "http_views/request.hpp"
#include "http_views/site.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <unistd.h>

namespace {

using namespace deadlined;

struct Fixture {
  std::shared_ptr<const Snapshot> snapshot;
  std::unique_ptr<Outbox> outbox;
  std::unique_ptr<OutboxReader> reader;
  http_views::DaemonCounters counters;
  http_views::SiteState state;
};

Fixture* fixture = nullptr;

std::string config_text(const std::filesystem::path& dir) {
  return "[daemon]\ntimezone = \"Asia/Ho_Chi_Minh\"\nstate_dir = \"" + (dir / "state").string() +
         "\"\n\n[calendar]\nholidays_dir = \"" + (dir / "holidays").string() +
         "\"\n\n[http]\nbase_url = \"https://nhacviec.example.test\"\nstatus_token_env = \"T\"\n"
         "feed_secret_env = \"F\"\nack_secret_env = \"A\"\napi_token_env = \"P\"\n\n"
         "[[unit]]\nid = \"stp\"\nname = \"Sở Tư pháp\"\ntier = \"department\"\nemail = "
         "[\"vanthu@stp.example.test\"]\n\n"
         "[[unit]]\nid = \"snv\"\nname = \"Sở Nội vụ\"\ntier = \"department\"\nemail = "
         "[\"vanthu@snv.example.test\"]\n\n"
         "[[plan]]\nid = \"kstthc-2022\"\ntitle = \"Kế hoạch kiểm soát TTHC năm 2022\"\nyear = "
         "2022\n\n"
         "[[plan.task]]\nid = \"I.1\"\ntitle = \"Báo cáo quý I\"\nlead = [\"stp\"]\nsupport = "
         "[\"snv\"]\n"
         "schedule = { date = 2022-03-31 }\n";
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("deadlined-fuzz-http-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "holidays");
  std::filesystem::create_directories(dir / "state");
  {
    std::ofstream out(dir / "main.toml");
    out << config_text(dir);
  }
  Environment environment = [](const std::string& name) -> std::optional<std::string> {
    if (name == "T")
      return std::string("status-token");
    if (name == "F")
      return std::string("feed-secret");
    if (name == "A")
      return std::string("ack-secret");
    if (name == "P")
      return std::string("api-token");
    return std::nullopt;
  };
  auto snapshot = load_snapshot(dir / "main.toml", environment);
  if (!snapshot) {
    std::abort();
  }
  auto outbox = Outbox::open(dir / "state" / "outbox.sqlite", Outbox::Durability::normal);
  if (!outbox) {
    std::abort();
  }
  auto secrets = http_views::resolve_site_secrets((*snapshot)->config.http, environment);
  if (!secrets) {
    std::abort();
  }
  fixture = new Fixture;
  fixture->snapshot = *snapshot;
  fixture->outbox = std::make_unique<Outbox>(std::move(*outbox));
  fixture->state.snapshot = fixture->snapshot;
  fixture->state.secrets = *secrets;
  fixture->state.outbox = fixture->outbox.get();
  auto reader = OutboxReader::open(fixture->outbox->path());
  if (!reader) {
    std::abort();
  }
  fixture->reader = std::make_unique<OutboxReader>(std::move(*reader));
  fixture->state.reader = fixture->reader.get();
  fixture->state.counters = &fixture->counters;
  fixture->state.version = "fuzz";
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string fields[4];
  for (auto& field : fields) {
    std::size_t end = input.find('\n');
    if (end == std::string_view::npos) {
      field = std::string(input);
      input = {};
      break;
    }
    field = std::string(input.substr(0, end));
    input.remove_prefix(end + 1);
  }
  http_views::SiteRequest request{fields[0], fields[1], fields[2], fields[3], std::string(input)};
  static const Instant now = *parse_iso8601("2022-03-20T10:00:00+07:00");
  auto response = http_views::handle_request(request, fixture->state, now);
  (void)response;
  (void)http_views::valid_host_field(fields[2]);
  (void)http_views::has_obsolete_line_folding(input);
  return 0;
}

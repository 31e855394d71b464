#pragma once
// The daemon's logger: the systemd journal (with structured fields) when
// stderr is connected to it, plain timestamped lines on stderr otherwise.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <spdlog/logger.h>

namespace deadlined {

// True when $JOURNAL_STREAM names the device:inode of our stderr, i.e.
// systemd connected stderr to journald (systemd.exec(5), JOURNAL_STREAM).
bool stderr_is_journal();

// Fields carried by a delivery log line, parsed from its text
// ("delivery task=... unit=... stage=... channel=... recipient=... outcome=... [detail=...]").
// Values may contain spaces; each runs up to the next known " key=".
// Empty when the message is not a delivery line.
std::vector<std::pair<std::string, std::string>> delivery_fields(std::string_view message);

// Journal when stderr_is_journal() (or force_journal), stderr otherwise.
// `level` is a spdlog level name as accepted by daemon.log_level.
std::shared_ptr<spdlog::logger> make_logger(const std::string& level, bool force_journal = false);

// While one lives, the lines a stderr logger from make_logger() writes are
// kept and written together when it ends (one write(2) for a turn's delivery
// lines instead of one per message; the order of the lines is kept). The
// journal gets every line at once as before: this does nothing there.
class HeldLines {
 public:
  explicit HeldLines(spdlog::logger& logger);
  ~HeldLines();
  HeldLines(const HeldLines&) = delete;
  HeldLines& operator=(const HeldLines&) = delete;

 private:
  std::vector<spdlog::sink_ptr> m_sinks;
};

}  // namespace deadlined

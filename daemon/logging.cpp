#include "logging.hpp"

#include <sys/stat.h>
#include <sys/uio.h>
#include <syslog.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include <spdlog/sinks/base_sink.h>

// sd-journal.h: SD_JOURNAL_SUPPRESS_LOCATION keeps CODE_FILE/CODE_LINE of this
// file out of every entry (they would all point here).
#define SD_JOURNAL_SUPPRESS_LOCATION 1
#include <systemd/sd-journal.h>

namespace deadlined {

namespace {

constexpr std::array<std::string_view, 7> k_delivery_keys{"task",      "unit",    "stage", "channel",
                                                          "recipient", "outcome", "detail"};

int priority_of(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug:
      return LOG_DEBUG;
    case spdlog::level::info:
      return LOG_INFO;
    case spdlog::level::warn:
      return LOG_WARNING;
    case spdlog::level::err:
      return LOG_ERR;
    case spdlog::level::critical:
      return LOG_CRIT;
    default:
      return LOG_INFO;
  }
}

std::string upper(std::string_view text) {
  std::string result(text);
  for (auto& c : result) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
  }
  return result;
}

// One sd_journal_sendv() per message: MESSAGE, PRIORITY, SYSLOG_IDENTIFIER,
// and for delivery lines DEADLINED_TASK, DEADLINED_UNIT (UNIT= itself is
// systemd's own field), DEADLINED_STAGE, DEADLINED_CHANNEL,
// DEADLINED_RECIPIENT, DEADLINED_OUTCOME, DEADLINED_DETAIL.
class JournalSink final : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    std::string_view payload(msg.payload.data(), msg.payload.size());
    std::vector<std::string> entries;
    entries.reserve(12);
    entries.push_back("MESSAGE=" + std::string(payload));
    entries.push_back("PRIORITY=" + std::to_string(priority_of(msg.level)));
    entries.push_back("SYSLOG_IDENTIFIER=deadlined");
    entries.push_back("DEADLINED_LEVEL=" + std::string(spdlog::level::to_string_view(msg.level).data(),
                                                       spdlog::level::to_string_view(msg.level).size()));
    for (const auto& [key, value] : delivery_fields(payload)) {
      entries.push_back("DEADLINED_" + upper(key) + "=" + value);
    }
    std::vector<iovec> vectors;
    vectors.reserve(entries.size());
    for (auto& entry : entries) {
      vectors.push_back(iovec{entry.data(), entry.size()});
    }
    if (sd_journal_sendv(vectors.data(), static_cast<int>(vectors.size())) < 0) {
      // The journal socket is gone (journald restarting): keep the line.
      std::fwrite(payload.data(), 1, payload.size(), stderr);
      std::fputc('\n', stderr);
    }
  }
  void flush_() override {}
};

// Plain lines on stderr (fd 2), written with one write(2) per line, or per
// held batch (HeldLines).
class StderrLines final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  void hold() {
    std::lock_guard lock(mutex_);
    ++m_held;
  }
  void release() {
    std::lock_guard lock(mutex_);
    if (m_held > 0) {
      --m_held;
    }
    write_pending();
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    m_pending.append(formatted.data(), formatted.size());
    write_pending();
  }
  void flush_() override { write_pending(); }

 private:
  // Caller holds mutex_.
  void write_pending() {
    if (m_held > 0 || m_pending.empty()) {
      return;
    }
    std::size_t done = 0;
    while (done < m_pending.size()) {
      const ssize_t wrote = ::write(STDERR_FILENO, m_pending.data() + done, m_pending.size() - done);
      if (wrote < 0 && errno == EINTR) {
        continue;
      }
      if (wrote <= 0) {
        break;  // stderr closed or full: the lines are dropped, as fwrite would
      }
      done += static_cast<std::size_t>(wrote);
    }
    m_pending.clear();
  }

  std::string m_pending;
  int m_held = 0;
};

}  // namespace

HeldLines::HeldLines(spdlog::logger& logger) {
  for (const auto& sink : logger.sinks()) {
    if (auto* lines = dynamic_cast<StderrLines*>(sink.get()); lines != nullptr) {
      lines->hold();
      m_sinks.push_back(sink);
    }
  }
}

HeldLines::~HeldLines() {
  for (const auto& sink : m_sinks) {
    static_cast<StderrLines*>(sink.get())->release();
  }
}

bool stderr_is_journal() {
  const char* stream = std::getenv("JOURNAL_STREAM");
  if (stream == nullptr || *stream == '\0') {
    return false;
  }
  unsigned long long device = 0;
  unsigned long long inode = 0;
  if (std::sscanf(stream, "%llu:%llu", &device, &inode) != 2) {
    return false;
  }
  struct stat info {};
  if (fstat(STDERR_FILENO, &info) != 0) {
    return false;
  }
  return static_cast<unsigned long long>(info.st_dev) == device &&
         static_cast<unsigned long long>(info.st_ino) == inode;
}

std::vector<std::pair<std::string, std::string>> delivery_fields(std::string_view message) {
  std::vector<std::pair<std::string, std::string>> fields;
  constexpr std::string_view prefix = "delivery ";
  if (!message.starts_with(prefix)) {
    return fields;
  }
  std::string_view rest = message.substr(prefix.size() - 1);  // keep the leading space
  // Each known key in its fixed order; a value ends where the next known key starts.
  std::size_t position = 0;
  for (std::size_t i = 0; i < k_delivery_keys.size(); ++i) {
    std::string marker = " " + std::string(k_delivery_keys[i]) + "=";
    auto start = rest.find(marker, position);
    if (start == std::string_view::npos) {
      continue;
    }
    start += marker.size();
    auto end = std::string_view::npos;
    if (k_delivery_keys[i] != "detail") {  // detail is last and free text
      for (std::size_t j = i + 1; j < k_delivery_keys.size() && end == std::string_view::npos; ++j) {
        end = rest.find(" " + std::string(k_delivery_keys[j]) + "=", start);
      }
    }
    auto value = rest.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    fields.emplace_back(std::string(k_delivery_keys[i]), std::string(value));
    position = end == std::string_view::npos ? rest.size() : end;
  }
  if (fields.empty() || fields.front().first != "task") {
    fields.clear();
  }
  return fields;
}

std::shared_ptr<spdlog::logger> make_logger(const std::string& level, bool force_journal) {
  std::shared_ptr<spdlog::logger> logger;
  if (force_journal || stderr_is_journal()) {
    logger = std::make_shared<spdlog::logger>("deadlined", std::make_shared<JournalSink>());
    logger->set_pattern("%v");
  } else {
    logger = std::make_shared<spdlog::logger>("deadlined", std::make_shared<StderrLines>());
    logger->set_pattern("%Y-%m-%dT%H:%M:%S%z %l %v");
  }
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::trace);
  return logger;
}

}  // namespace deadlined

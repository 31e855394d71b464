#pragma once
// Checkpoints of the outbox's write-ahead log on a connection of their own.
// SQLite's automatic checkpoint runs inside the commit that crosses its
// threshold, on the writer's thread: the copy of the log into the database
// and its two fsyncs then hold up the daemon's event loop for milliseconds
// (tens on a slow disk) in the middle of a burst. The writer hands them to a
// WalCheckpointer on another thread instead (Outbox::checkpoint_elsewhere)
// and keeps a backstop of its own in case that thread falls behind.
#include <filesystem>
#include <memory>
#include <string>

#include <tl/expected.hpp>

namespace deadlined {

class WalCheckpointer {
  struct Impl;

 public:
  // A read-write connection to an existing outbox.
  static tl::expected<WalCheckpointer, std::string> open(const std::filesystem::path& file);

  WalCheckpointer(WalCheckpointer&&) noexcept;
  WalCheckpointer& operator=(WalCheckpointer&&) noexcept;
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;
  ~WalCheckpointer();

  struct Progress {
    int log_frames = 0;           // frames in the log
    int checkpointed_frames = 0;  // of those, in the database now
  };
  // A passive checkpoint: copies every frame no reader still needs and waits
  // for nobody, so the writer's next commit can start the log over.
  tl::expected<Progress, std::string> run();

 private:
  explicit WalCheckpointer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace deadlined

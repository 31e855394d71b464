#include "delivery/maildir.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "delivery/encoding.hpp"

namespace deadlined::delivery {

namespace {

// Closes the descriptor on every path out of deliver_to_maildir.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : m_fd(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }
  int get() const { return m_fd; }
  // Closes now so that a close() error (NFS reports write errors here) is seen.
  int close_now() {
    const int rc = ::close(m_fd);
    m_fd = -1;
    return rc;
  }

 private:
  int m_fd;
};

bool is_permanent_errno(int error) {
  return error == EACCES || error == EPERM || error == EROFS || error == ENOTDIR || error == ENAMETOOLONG ||
         error == EISDIR;
}

DeliveryResult failure(const std::string& what, int error) {
  return DeliveryResult{is_permanent_errno(error) ? DeliveryResult::Kind::permanent : DeliveryResult::Kind::transient,
                        what + ": " + std::strerror(error), 0};
}

DeliveryResult failure(const std::string& what, const std::error_code& error) {
  return DeliveryResult{
      is_permanent_errno(error.value()) ? DeliveryResult::Kind::permanent : DeliveryResult::Kind::transient,
      what + ": " + error.message(), 0};
}

bool valid_name(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.size() > 200) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
  });
}

bool already_seen(const std::filesystem::path& cur, std::string_view name) {
  std::error_code error;
  const std::string prefix = std::string{name} + ":";
  for (std::filesystem::directory_iterator it{cur, error}, end; !error && it != end; it.increment(error)) {
    const std::string file = it->path().filename().string();
    if (file == name || file.rfind(prefix, 0) == 0) {
      return true;
    }
  }
  return false;
}

int fsync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return errno;
  }
  FileDescriptor guard{fd};
  if (::fsync(fd) != 0) {
    return errno;
  }
  return 0;
}

}  // namespace

std::string maildir_name_for_key(std::string_view idempotency_key) {
  return "deadlined." + sha256_hex(idempotency_key).substr(0, 32);
}

DeliveryResult deliver_to_maildir(const std::filesystem::path& maildir, std::string_view message,
                                  std::string_view unique_name) {
  if (!valid_name(unique_name)) {
    return DeliveryResult{DeliveryResult::Kind::permanent,
                          "invalid maildir file name \"" + sanitize_header_value(unique_name) + "\"", 0};
  }
  std::error_code error;
  for (const char* sub : {"tmp", "new", "cur"}) {
    std::filesystem::create_directories(maildir / sub, error);
    if (error) {
      return failure("cannot create " + (maildir / sub).string(), error);
    }
  }
  if (already_seen(maildir / "cur", unique_name)) {
    return DeliveryResult{DeliveryResult::Kind::sent, "already in " + (maildir / "cur").string(), 0};
  }
  const std::filesystem::path tmp_path = maildir / "tmp" / std::string{unique_name};
  const std::filesystem::path new_path = maildir / "new" / std::string{unique_name};
  {
    const int fd = ::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
      return failure("cannot create " + tmp_path.string(), errno);
    }
    FileDescriptor file{fd};
    std::size_t written = 0;
    while (written < message.size()) {
      const ssize_t n = ::write(fd, message.data() + written, message.size() - written);
      if (n < 0) {
        if (errno == EINTR) {
          continue;
        }
        const int saved = errno;
        ::unlink(tmp_path.c_str());
        return failure("cannot write " + tmp_path.string(), saved);
      }
      written += static_cast<std::size_t>(n);
    }
    // The rename below must not publish a file whose data is still only in cache.
    if (::fsync(fd) != 0 || file.close_now() != 0) {
      const int saved = errno;
      ::unlink(tmp_path.c_str());
      return failure("cannot sync " + tmp_path.string(), saved);
    }
  }
  if (::rename(tmp_path.c_str(), new_path.c_str()) != 0) {
    const int saved = errno;
    ::unlink(tmp_path.c_str());
    return failure("cannot move into " + new_path.string(), saved);
  }
  if (const int sync_error = fsync_directory(maildir / "new"); sync_error != 0) {
    return failure("cannot sync " + (maildir / "new").string(), sync_error);
  }
  return DeliveryResult{DeliveryResult::Kind::sent, new_path.string(), 0};
}

}  // namespace deadlined::delivery

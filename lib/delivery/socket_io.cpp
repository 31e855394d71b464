#include "delivery/socket_io.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>

namespace deadlined::delivery::detail {

int remaining_ms(Deadline deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 24LL * 3600 * 1000));
}

Wait wait_for(int fd, short events, Deadline deadline, const TransferAbort* abort) {
  for (;;) {
    std::array<pollfd, 2> entries{pollfd{fd, events, 0}, pollfd{-1, POLLIN, 0}};
    int timeout = remaining_ms(deadline);
    if (abort != nullptr) {
      entries[1].fd = abort->wake_fd();
      if (entries[1].fd < 0) {
        timeout = std::min(timeout, static_cast<int>(k_abort_check_interval.count()));
      }
    }
    const int ready = ::poll(entries.data(), entries.size(), timeout);
    if (abort != nullptr && abort->aborted()) {
      return {Wait::Outcome::aborted, 0};
    }
    if (ready < 0) {
      if (errno == EINTR) {
        continue;
      }
      return {Wait::Outcome::failed, errno};
    }
    // A descriptor that is not open: every later poll() says so at once.
    if ((entries[0].revents & POLLNVAL) != 0 || (entries[1].revents & (POLLNVAL | POLLERR)) != 0) {
      return {Wait::Outcome::failed, EBADF};
    }
    if (entries[0].revents != 0) {
      return {Wait::Outcome::ready, 0};
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return {Wait::Outcome::timed_out, 0};
    }
  }
}

bool dead_connection_error(int error) {
  return error == EPIPE || error == ECONNRESET || error == ENOTCONN || error == ECONNABORTED;
}

std::string system_error(int error) {
  return std::strerror(error);  // NOLINT(concurrency-mt-unsafe): glibc returns static text for known codes
}

namespace {

// getaddrinfo() with `flags`, its addresses appended: 0, or its error code.
int getaddrinfo_into(const std::string& host, const std::string& port, int flags,
                     std::vector<SocketAddress>& addresses) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = flags;
  addrinfo* found = nullptr;
  if (const int code = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); code != 0) {
    return code;
  }
  const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> owned{found, &::freeaddrinfo};
  for (const addrinfo* address = found; address != nullptr; address = address->ai_next) {
    addresses.push_back(
        {address->ai_family, std::string(reinterpret_cast<const char*>(address->ai_addr), address->ai_addrlen)});
  }
  return 0;
}

}  // namespace

int system_lookup(const std::string& host, const std::string& port, std::vector<SocketAddress>& addresses) {
  return getaddrinfo_into(host, port, 0, addresses);
}

namespace {

// A numeric host and port, converted without a lookup; nullopt otherwise.
std::optional<std::vector<SocketAddress>> numeric_address(const std::string& host, const std::string& port) {
  std::vector<SocketAddress> addresses;
  if (getaddrinfo_into(host, port, AI_NUMERICHOST | AI_NUMERICSERV, addresses) != 0) {
    return std::nullopt;
  }
  return addresses;
}

// What a lookup thread hands back; shared, so that a thread outliving its
// caller writes into memory that is still there.
struct LookupState {
  std::mutex mutex;
  std::condition_variable answered;
  bool done = false;
  bool abandoned = false;  // the caller's deadline passed first
  int code = 0;
  std::vector<SocketAddress> addresses;
};

tl::expected<std::vector<SocketAddress>, std::string> lookup_result(int code, std::vector<SocketAddress> addresses) {
  if (code != 0) {
    return tl::make_unexpected(std::string(::gai_strerror(code)));
  }
  if (addresses.empty()) {
    return tl::make_unexpected(std::string("no address"));
  }
  return addresses;
}

}  // namespace

NameLookups::NameLookups(LookupFunction lookup, int max_unanswered)
    : m_lookup(std::move(lookup)), m_max_unanswered(max_unanswered) {}

tl::expected<std::vector<SocketAddress>, std::string> NameLookups::resolve(const std::string& host,
                                                                           const std::string& port, Deadline deadline,
                                                                           const TransferAbort* abort) {
  if (auto numeric = numeric_address(host, port)) {
    return std::move(*numeric);
  }
  if (m_unanswered->load() >= m_max_unanswered) {
    return tl::make_unexpected(std::string("earlier lookups are still unanswered"));
  }
  auto state = std::make_shared<LookupState>();
  auto unanswered = m_unanswered;
  try {
    std::thread([state, unanswered, lookup = m_lookup, host, port] {
      std::vector<SocketAddress> addresses;
      const int code = lookup(host, port, addresses);
      const std::lock_guard lock(state->mutex);
      state->done = true;
      state->code = code;
      state->addresses = std::move(addresses);
      state->answered.notify_all();
      if (state->abandoned) {
        --*unanswered;
      }
    }).detach();
  } catch (const std::system_error&) {
    // No thread to be had: look up in place, unbounded, rather than fail.
    std::vector<SocketAddress> addresses;
    const int code = m_lookup(host, port, addresses);
    return lookup_result(code, std::move(addresses));
  }
  std::unique_lock lock(state->mutex);
  // An abort is seen within a slice: the lookup thread cannot be woken.
  constexpr std::chrono::milliseconds k_abort_slice{50};
  bool answered = false;
  while (!answered && std::chrono::steady_clock::now() < deadline && (abort == nullptr || !abort->aborted())) {
    const Deadline slice =
        abort == nullptr ? deadline : std::min(deadline, std::chrono::steady_clock::now() + k_abort_slice);
    answered = state->answered.wait_until(lock, slice, [&] { return state->done; });
  }
  if (!answered && !state->done) {
    state->abandoned = true;  // under the lock: the thread counts it down when it ends
    ++*m_unanswered;
    return tl::make_unexpected(std::string(abort != nullptr && abort->aborted()
                                               ? "the lookup was cut short by a stop"
                                               : "no answer within the connect timeout"));
  }
  return lookup_result(state->code, std::move(state->addresses));
}

Connected connect_first(const std::vector<SocketAddress>& addresses, Deadline deadline, const TransferAbort* abort) {
  Connected result;
  const std::size_t count = addresses.size();
  for (std::size_t i = 0; i < count; ++i) {
    if (abort != nullptr && abort->aborted()) {
      result.timed_out = true;
      break;
    }
    const SocketAddress& address = addresses[i];
    const int fd = ::socket(address.family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      result.error = errno;
      continue;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const auto* socket_address = reinterpret_cast<const sockaddr*>(address.bytes.data());
    if (::connect(fd, socket_address, static_cast<socklen_t>(address.bytes.size())) == 0) {
      result.fd = fd;
      return result;
    }
    if (errno == EINPROGRESS) {
      const auto now = std::chrono::steady_clock::now();
      const Deadline address_deadline = deadline <= now ? now : now + (deadline - now) / static_cast<long>(count - i);
      if (const Wait wait = wait_for(fd, POLLOUT, address_deadline, abort); !wait.ready()) {
        ::close(fd);
        result.timed_out = wait.outcome != Wait::Outcome::failed;
        result.error = wait.error;
        continue;
      }
      int error = 0;
      socklen_t length = sizeof error;
      if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0) {
        result.fd = fd;
        return result;
      }
      result.error = error;
    } else {
      result.error = errno;
    }
    ::close(fd);
  }
  return result;
}

}  // namespace deadlined::delivery::detail

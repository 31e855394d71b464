#include "delivery/socket_io.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace deadlined::delivery::detail {

int remaining_ms(std::chrono::steady_clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 24LL * 3600 * 1000));
}

bool wait_for(int fd, short events, std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    pollfd entry{fd, events, 0};
    const int ready = ::poll(&entry, 1, remaining_ms(deadline));
    if (ready > 0) {
      return true;
    }
    if (ready == 0) {
      return false;
    }
    if (errno != EINTR) {
      return true;
    }
  }
}

bool dead_connection_error(int error) {
  return error == EPIPE || error == ECONNRESET || error == ENOTCONN || error == ECONNABORTED;
}

std::string system_error(int error) {
  return std::strerror(error);  // NOLINT(concurrency-mt-unsafe): glibc returns static text for known codes
}

}  // namespace deadlined::delivery::detail

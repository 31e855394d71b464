#pragma once
// Internal helpers of the plain-HTTP and plain-SMTP clients: waits on a
// socket bounded by a deadline, and how its errors read.
#include <chrono>
#include <string>

namespace deadlined::delivery::detail {

// Milliseconds left before `deadline`, for poll(): at least 0.
int remaining_ms(std::chrono::steady_clock::time_point deadline);

// Waits until `fd` is ready for `events` or the deadline passes (false).
// Other poll() errors return true: the next call on the socket reports them.
bool wait_for(int fd, short events, std::chrono::steady_clock::time_point deadline);

// The errors of a connection the peer closed or reset.
bool dead_connection_error(int error);

// strerror()'s text.
std::string system_error(int error);

}  // namespace deadlined::delivery::detail

#pragma once
// Internal helpers of the plain-HTTP and plain-SMTP clients: name lookups and
// connects bounded by a deadline, waits on a socket, and how errors read.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "delivery/transfer_abort.hpp"

namespace deadlined::delivery::detail {

using Deadline = std::chrono::steady_clock::time_point;

// Milliseconds left before `deadline`, for poll(): at least 0.
int remaining_ms(Deadline deadline);

// How a wait on a socket ended. `failed` is the wait's own failure (poll()
// refused, or a descriptor it watches is not open): the connection cannot be
// used, and waiting again would fail the same way at once.
struct Wait {
  enum class Outcome { ready, timed_out, aborted, failed };
  Outcome outcome = Outcome::failed;
  int error = 0;  // errno of a failed wait
  bool ready() const { return outcome == Outcome::ready; }
};

// Waits until `fd` is ready for `events` (or has an error or hangup for the
// next call on it to report), the deadline passes, or `abort` (when given) is
// aborted. An abort without a wake descriptor (eventfd() failed) is checked
// every k_abort_check_interval instead.
Wait wait_for(int fd, short events, Deadline deadline, const TransferAbort* abort = nullptr);
inline constexpr std::chrono::milliseconds k_abort_check_interval{100};

// The errors of a connection the peer closed or reset.
bool dead_connection_error(int error);

// strerror()'s text.
std::string system_error(int error);

// One address of a name, as getaddrinfo() returns it.
struct SocketAddress {
  int family = 0;
  std::string bytes;  // the sockaddr
};

// Looks up host and port: 0 and the addresses, or getaddrinfo()'s error code.
using LookupFunction =
    std::function<int(const std::string& host, const std::string& port, std::vector<SocketAddress>& addresses)>;
int system_lookup(const std::string& host, const std::string& port, std::vector<SocketAddress>& addresses);

// Name lookups bounded by a deadline. getaddrinfo() cannot be interrupted and
// a resolver that does not answer holds it for resolv.conf's timeouts (5 s
// per try and server), so a name is looked up on a thread of its own; at the
// deadline the caller goes on with an error and the thread finishes alone, as
// libcurl's threaded resolver does. A numeric address needs no thread. At most
// `max_unanswered` lookups of one NameLookups are left running: past that, a
// name fails at once instead of piling up threads on a dead resolver.
class NameLookups {
 public:
  explicit NameLookups(LookupFunction lookup = system_lookup, int max_unanswered = 4);
  // The addresses, or why not ("Name or service not known", "no answer
  // within the connect timeout").
  tl::expected<std::vector<SocketAddress>, std::string> resolve(const std::string& host, const std::string& port,
                                                                Deadline deadline,
                                                                const TransferAbort* abort = nullptr);
  // Lookups given up at their deadline and still running (tests).
  int unanswered() const { return m_unanswered->load(); }

 private:
  LookupFunction m_lookup;
  int m_max_unanswered;
  std::shared_ptr<std::atomic<int>> m_unanswered = std::make_shared<std::atomic<int>>(0);
};

// A non-blocking connect to the first address that accepts, in order; the
// time left is shared by the addresses left, so one that never answers (an
// IPv6 route that goes nowhere) leaves time for the next, as libcurl does.
// TCP_NODELAY is set: both clients write whole requests or command batches.
struct Connected {
  int fd = -1;             // -1: no address accepted
  int error = 0;           // the last address's errno, 0 if it only timed out
  bool timed_out = false;  // some address did not answer in time
};
// An abort ends the wait for a connect at once (timed_out, no fd).
Connected connect_first(const std::vector<SocketAddress>& addresses, Deadline deadline,
                        const TransferAbort* abort = nullptr);

}  // namespace deadlined::delivery::detail

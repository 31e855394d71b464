// A stop cuts the transfers in flight short (TransferAbort): every client
// against a loopback peer that accepts and never answers (no SMTP greeting,
// no HTTP status, no TLS handshake), with transfer timeouts of a minute,
// returns within moments of the abort, transient, with nothing read.
#include "delivery/transfer_abort.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "delivery/plain_http.hpp"
#include "delivery/plain_smtp.hpp"
#include "delivery/smtp.hpp"
#include "delivery/socket_io.hpp"
#include "delivery/webhook.hpp"

namespace deadlined::delivery {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Listens on a free loopback port and never accepts: the kernel completes
// each connection, and nothing is ever said on it.
class SilentPeer {
 public:
  SilentPeer() : m_fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(m_fd, reinterpret_cast<sockaddr*>(&address), length) != 0 || ::listen(m_fd, 8) != 0 ||
        ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot listen: " << std::strerror(errno);
    }
    m_port = std::to_string(ntohs(address.sin_port));
  }
  SilentPeer(const SilentPeer&) = delete;
  SilentPeer& operator=(const SilentPeer&) = delete;
  ~SilentPeer() { ::close(m_fd); }
  const std::string& port() const { return m_port; }

 private:
  int m_fd;
  std::string m_port;
};

// Aborts `abort` after `delay` from a thread of its own.
class AbortLater {
 public:
  AbortLater(std::shared_ptr<TransferAbort> abort, std::chrono::milliseconds delay)
      : m_thread([abort = std::move(abort), delay] {
          std::this_thread::sleep_for(delay);
          abort->abort();
        }) {}
  AbortLater(const AbortLater&) = delete;
  AbortLater& operator=(const AbortLater&) = delete;
  ~AbortLater() { m_thread.join(); }

 private:
  std::thread m_thread;
};

// Far below the transfers' own timeouts (a minute), far above the abort's delay.
constexpr auto k_prompt = 10s;

TEST(TransferAbort, EndsAWaitOnASocketAtOnceAndForGood) {
  SilentPeer peer;
  auto abort = std::make_shared<TransferAbort>();
  std::vector<detail::SocketAddress> addresses;
  ASSERT_EQ(detail::system_lookup("127.0.0.1", peer.port(), addresses), 0);
  const detail::Connected connected = detail::connect_first(addresses, Clock::now() + 10s, abort.get());
  ASSERT_GE(connected.fd, 0);
  const auto began = Clock::now();
  {
    const AbortLater later(abort, 100ms);
    EXPECT_EQ(detail::wait_for(connected.fd, POLLIN, Clock::now() + 60s, abort.get()).outcome,
              detail::Wait::Outcome::aborted);
  }
  EXPECT_LT(Clock::now() - began, k_prompt);
  EXPECT_TRUE(abort->aborted());
  // Aborted, every later wait and connect ends at once.
  EXPECT_EQ(detail::wait_for(connected.fd, POLLIN, Clock::now() + 60s, abort.get()).outcome,
            detail::Wait::Outcome::aborted);
  const detail::Connected after = detail::connect_first(addresses, Clock::now() + 60s, abort.get());
  EXPECT_EQ(after.fd, -1);
  EXPECT_TRUE(after.timed_out);
  ::close(connected.fd);
}

// The wait's own failures are told apart from readiness: a wake descriptor
// that is no longer open (poll() flags it at once, every time) made the wait
// return "ready" on a socket with nothing to read, and the reader waited again
// in a loop that never slept.
TEST(TransferAbort, AWaitWhoseWakeDescriptorIsNotOpenFails) {
  std::array<int, 2> pair{};
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair.data()), 0);
  TransferAbort abort;
  ASSERT_GE(abort.wake_fd(), 0);
  // Closed behind its back (the destructor's close then fails harmlessly).
  ::close(abort.wake_fd());
  const detail::Wait wait = detail::wait_for(pair[0], POLLIN, Clock::now() + 60s, &abort);
  EXPECT_EQ(wait.outcome, detail::Wait::Outcome::failed);
  EXPECT_EQ(wait.error, EBADF);
  ::close(pair[0]);
  ::close(pair[1]);
}

TEST(TransferAbort, AWaitOnADescriptorThatIsNotOpenFails) {
  std::array<int, 2> pair{};
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair.data()), 0);
  ::close(pair[0]);
  const detail::Wait wait = detail::wait_for(pair[0], POLLIN, Clock::now() + 60s);
  EXPECT_EQ(wait.outcome, detail::Wait::Outcome::failed);
  EXPECT_EQ(wait.error, EBADF);
  ::close(pair[1]);
}

// Out of descriptors when it was made (eventfd() failed), an abort has no
// wake descriptor: a wait still sees it within moments, not at the end of
// its transfer's timeout.
TEST(TransferAbort, WithoutAWakeDescriptorAWaitStillSeesTheAbort) {
  std::array<int, 2> pair{};
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair.data()), 0);
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &saved), 0);
  const int lowest_free = ::dup(0);
  ASSERT_GE(lowest_free, 0);
  ::close(lowest_free);
  rlimit lowered = saved;
  lowered.rlim_cur = static_cast<rlim_t>(lowest_free);
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &lowered), 0);
  auto abort = std::make_unique<TransferAbort>();
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &saved), 0);
  ASSERT_LT(abort->wake_fd(), 0);
  abort->abort();
  const auto began = Clock::now();
  EXPECT_EQ(detail::wait_for(pair[0], POLLIN, Clock::now() + 60s, abort.get()).outcome, detail::Wait::Outcome::aborted);
  EXPECT_LT(Clock::now() - began, k_prompt);
  ::close(pair[0]);
  ::close(pair[1]);
}

TEST(TransferAbort, EndsTheWaitForALookupThatDoesNotAnswer) {
  auto abort = std::make_shared<TransferAbort>();
  auto held = std::make_shared<std::atomic<bool>>(true);
  detail::NameLookups lookups{[held](const std::string&, const std::string&, std::vector<detail::SocketAddress>&) {
                                while (held->load()) {
                                  std::this_thread::sleep_for(5ms);
                                }
                                return EAI_NONAME;
                              },
                              1};
  const auto began = Clock::now();
  {
    const AbortLater later(abort, 100ms);
    auto found = lookups.resolve("slow.example.vn", "25", Clock::now() + 60s, abort.get());
    ASSERT_FALSE(found);
    EXPECT_EQ(found.error(), "the lookup was cut short by a stop");
  }
  EXPECT_LT(Clock::now() - began, k_prompt);
  held->store(false);  // its thread ends
}

TEST(TransferAbort, CutsAPlainSmtpSendWaitingForTheGreeting) {
  SilentPeer peer;
  auto abort = std::make_shared<TransferAbort>();
  PlainSmtpClient client(SmtpTarget{"127.0.0.1", peer.port(), "127.0.0.1:" + peer.port()}, "deadlined.test", 60s, 60s,
                         abort);
  const auto began = Clock::now();
  const AbortLater later(abort, 100ms);
  const DeliveryResult result = client.send("from@x.vn", {"to@x.vn"}, "Subject: x\r\n\r\nx\r\n");
  EXPECT_LT(Clock::now() - began, k_prompt);
  EXPECT_EQ(result.kind, DeliveryResult::Kind::transient) << result.detail;
  EXPECT_FALSE(client.connected());
}

TEST(TransferAbort, CutsALibcurlSmtpSendWaitingForTheGreeting) {
  SilentPeer peer;
  auto abort = std::make_shared<TransferAbort>();
  SmtpSettings settings;
  // A path (libcurl's EHLO name) keeps the server with libcurl.
  settings.url = "smtp://127.0.0.1:" + peer.port() + "/deadlined.test";
  settings.require_tls = false;
  settings.connect_timeout = 60s;
  settings.total_timeout = 60s;
  settings.abort = abort;
  SmtpClient client(settings);
  ASSERT_EQ(client.settings_error(), "");
  const auto began = Clock::now();
  const AbortLater later(abort, 100ms);
  const DeliveryResult result = client.send("from@x.vn", {"to@x.vn"}, "Subject: x\r\n\r\nx\r\n");
  EXPECT_LT(Clock::now() - began, k_prompt);
  EXPECT_EQ(result.kind, DeliveryResult::Kind::transient) << result.detail;
}

TEST(TransferAbort, CutsAPlainHttpPostWaitingForTheStatus) {
  SilentPeer peer;
  auto abort = std::make_shared<TransferAbort>();
  PlainHttpClient client(60s, 60s, abort);
  const auto target = plain_http_target("http://127.0.0.1:" + peer.port() + "/hook");
  ASSERT_TRUE(target);
  const auto began = Clock::now();
  const AbortLater later(abort, 100ms);
  const PlainHttpReply reply =
      client.post(*target, "POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n", "{}");
  EXPECT_LT(Clock::now() - began, k_prompt);
  EXPECT_EQ(reply.status, 0);
  EXPECT_FALSE(reply.complete);
  EXPECT_EQ(client.idle_connections(), 0u);
}

TEST(TransferAbort, CutsALibcurlHttpsPostWaitingForTheHandshake) {
  SilentPeer peer;
  auto abort = std::make_shared<TransferAbort>();
  WebhookSettings settings;
  settings.connect_timeout = 60s;
  settings.total_timeout = 60s;
  settings.abort = abort;
  WebhookClient client(settings);
  const auto began = Clock::now();
  const AbortLater later(abort, 100ms);
  const DeliveryResult result =
      client.post("https://127.0.0.1:" + peer.port() + "/hook", "{}", "", "key-1", std::chrono::sys_seconds{});
  EXPECT_LT(Clock::now() - began, k_prompt);
  EXPECT_EQ(result.kind, DeliveryResult::Kind::transient) << result.detail;
}

}  // namespace
}  // namespace deadlined::delivery

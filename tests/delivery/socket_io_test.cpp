#include "delivery/socket_io.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace deadlined::delivery::detail {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

SocketAddress loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  return {AF_INET, std::string(reinterpret_cast<const char*>(&address), sizeof address)};
}

// A loopback socket bound to a free port; listening or not.
class BoundSocket {
 public:
  explicit BoundSocket(bool listening) : m_fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(m_fd, reinterpret_cast<sockaddr*>(&address), length) != 0 || (listening && ::listen(m_fd, 4) != 0) ||
        ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot bind: " << std::strerror(errno);
    }
    m_port = ntohs(address.sin_port);
  }
  BoundSocket(const BoundSocket&) = delete;
  BoundSocket& operator=(const BoundSocket&) = delete;
  ~BoundSocket() { ::close(m_fd); }
  std::uint16_t port() const { return m_port; }
  // Whether a connection is waiting to be accepted.
  bool has_connection() const {
    pollfd entry{m_fd, POLLIN, 0};
    return ::poll(&entry, 1, 2000) > 0;
  }

 private:
  int m_fd;
  std::uint16_t m_port = 0;
};

TEST(ConnectFirst, AnAddressThatRefusesFallsThroughToTheNext) {
  const BoundSocket refusing{false};  // bound, not listening: the port refuses
  const BoundSocket listening{true};
  const Connected connected = connect_first({loopback(refusing.port()), loopback(listening.port())}, Clock::now() + 5s);
  ASSERT_GE(connected.fd, 0) << std::strerror(connected.error);
  EXPECT_TRUE(listening.has_connection());
  sockaddr_in peer{};
  socklen_t length = sizeof peer;
  ASSERT_EQ(::getpeername(connected.fd, reinterpret_cast<sockaddr*>(&peer), &length), 0);
  EXPECT_EQ(ntohs(peer.sin_port), listening.port());
  ::close(connected.fd);
}

TEST(ConnectFirst, EveryAddressRefusingReportsTheLastError) {
  const BoundSocket first{false};
  const BoundSocket second{false};
  const Connected connected = connect_first({loopback(first.port()), loopback(second.port())}, Clock::now() + 5s);
  EXPECT_EQ(connected.fd, -1);
  EXPECT_EQ(connected.error, ECONNREFUSED);
  EXPECT_FALSE(connected.timed_out);
}

TEST(ConnectFirst, NoAddressesIsNoConnection) {
  const Connected connected = connect_first({}, Clock::now() + 1s);
  EXPECT_EQ(connected.fd, -1);
}

// A stand-in for getaddrinfo() that answers only when released, shared with
// the lookup threads so that one outliving its caller stays safe.
struct HeldResolver {
  std::mutex mutex;
  std::condition_variable changed;
  bool released = false;
  int calls = 0;
  int code = 0;

  LookupFunction function(const std::shared_ptr<HeldResolver>& self) {
    return [self](const std::string&, const std::string& port, std::vector<SocketAddress>& addresses) {
      std::unique_lock lock(self->mutex);
      ++self->calls;
      self->changed.notify_all();
      self->changed.wait(lock, [&] { return self->released; });
      if (self->code == 0) {
        addresses.push_back(loopback(static_cast<std::uint16_t>(std::stoi(port))));
      }
      return self->code;
    };
  }
  void release() {
    const std::lock_guard lock(mutex);
    released = true;
    changed.notify_all();
  }
};

// Waits (bounded) until every abandoned lookup of `lookups` has ended.
bool lookups_end(const NameLookups& lookups) {
  const auto until = Clock::now() + 10s;
  while (lookups.unanswered() != 0 && Clock::now() < until) {
    std::this_thread::yield();
  }
  return lookups.unanswered() == 0;
}

TEST(NameLookups, ANumericAddressNeedsNoLookup) {
  auto resolver = std::make_shared<HeldResolver>();
  NameLookups lookups{resolver->function(resolver)};
  auto v4 = lookups.resolve("127.0.0.1", "2525", Clock::now() + 1s);
  ASSERT_TRUE(v4) << v4.error();
  ASSERT_EQ(v4->size(), 1U);
  EXPECT_EQ((*v4)[0].family, AF_INET);
  auto v6 = lookups.resolve("::1", "2525", Clock::now() + 1s);
  ASSERT_TRUE(v6) << v6.error();
  EXPECT_EQ((*v6)[0].family, AF_INET6);
  EXPECT_EQ(resolver->calls, 0);
}

TEST(NameLookups, AnAnswerInTimeIsReturned) {
  auto resolver = std::make_shared<HeldResolver>();
  resolver->release();
  NameLookups lookups{resolver->function(resolver)};
  auto found = lookups.resolve("mx.example.vn", "25", Clock::now() + 10s);
  ASSERT_TRUE(found) << found.error();
  ASSERT_EQ(found->size(), 1U);
  EXPECT_EQ(found->front().bytes, loopback(25).bytes);
}

TEST(NameLookups, AnUnknownNameReadsAsTheResolverSaysIt) {
  auto resolver = std::make_shared<HeldResolver>();
  resolver->code = EAI_NONAME;
  resolver->release();
  NameLookups lookups{resolver->function(resolver)};
  auto found = lookups.resolve("nowhere.example.vn", "25", Clock::now() + 10s);
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error(), ::gai_strerror(EAI_NONAME));
}

TEST(NameLookups, AResolverThatDoesNotAnswerIsLeftAtTheDeadline) {
  auto resolver = std::make_shared<HeldResolver>();
  NameLookups lookups{resolver->function(resolver), 1};
  const auto deadline = Clock::now() + 100ms;
  auto found = lookups.resolve("slow.example.vn", "443", deadline);
  EXPECT_GE(Clock::now(), deadline);
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error(), "no answer within the connect timeout");
  EXPECT_EQ(lookups.unanswered(), 1);
  {
    // A loaded machine may not have run the lookup's thread by the deadline:
    // wait for its call, so that the count below sees only a second thread.
    std::unique_lock lock(resolver->mutex);
    EXPECT_TRUE(resolver->changed.wait_for(lock, 30s, [&] { return resolver->calls >= 1; }));
  }

  // Past the limit of lookups left running, a name fails at once, without
  // another thread.
  auto next = lookups.resolve("other.example.vn", "443", Clock::now() + 10s);
  ASSERT_FALSE(next);
  EXPECT_EQ(next.error(), "earlier lookups are still unanswered");
  {
    const std::lock_guard lock(resolver->mutex);
    EXPECT_EQ(resolver->calls, 1);
  }

  // The late answer ends its thread and frees the slot.
  resolver->release();
  EXPECT_TRUE(lookups_end(lookups));
  auto again = lookups.resolve("slow.example.vn", "443", Clock::now() + 10s);
  EXPECT_TRUE(again) << again.error();
}

TEST(NameLookups, TheSystemResolverFindsLocalhost) {
  NameLookups lookups;
  auto found = lookups.resolve("localhost", "80", Clock::now() + 10s);
  ASSERT_TRUE(found) << found.error();
  EXPECT_FALSE(found->empty());
}

}  // namespace
}  // namespace deadlined::delivery::detail

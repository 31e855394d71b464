// A stop's abort that fires as the peer's refusal comes in: the refusal (an
// SMTP 4xx, an HTTP 503 with Retry-After) is the peer's answer and stands;
// only a transfer cut before any reply comes back `interrupted`. Real
// transports against loopback peers that fire the abort themselves once the
// client has read their reply.
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <linux/sockios.h>

#include <chrono>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "service/transport.hpp"
#include "support/config_fixture.hpp"
#include "support/toml_fixtures.hpp"

namespace deadlined {
namespace {

using namespace std::chrono_literals;
using delivery::DeliveryResult;
using delivery::TransferAbort;

int port_of(int fd, bool peer) {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  const int rc = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length)
                      : ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  return rc == 0 && address.sin_family == AF_INET ? ntohs(address.sin_port) : -1;
}

// One connection on a free loopback port, served by `serve` on a thread.
class LoopbackPeer {
 public:
  explicit LoopbackPeer(std::function<void(int)> serve) : m_listen(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(m_listen, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(m_listen, 4) != 0) {
      ADD_FAILURE() << "cannot listen: " << std::strerror(errno);
    }
    m_port = std::to_string(port_of(m_listen, false));
    m_thread = std::thread([this, serve = std::move(serve)] {
      const int fd = ::accept(m_listen, nullptr, nullptr);
      if (fd >= 0) {
        serve(fd);
        ::close(fd);
      }
    });
  }
  LoopbackPeer(const LoopbackPeer&) = delete;
  LoopbackPeer& operator=(const LoopbackPeer&) = delete;
  ~LoopbackPeer() {
    m_thread.join();
    ::close(m_listen);
  }
  const std::string& port() const { return m_port; }

 private:
  int m_listen;
  std::string m_port;
  std::thread m_thread;
};

std::string read_line(int fd) {
  std::string line;
  char c = 0;
  while (::recv(fd, &c, 1, 0) == 1) {
    line += c;
    if (c == '\n') {
      break;
    }
  }
  return line;
}

void send_text(int fd, const std::string& text) {
  ASSERT_EQ(::send(fd, text.data(), text.size(), MSG_NOSIGNAL), static_cast<ssize_t>(text.size()));
}

void drain_until_closed(int fd) {
  char buffer[4096];
  while (::recv(fd, buffer, sizeof buffer, 0) > 0) {
  }
}

// Returns once the client (this process's socket connected to `server_fd`)
// has read everything the server sent on it: acknowledged by its kernel
// (nothing left in the server's send queue), and nothing left unread.
void wait_until_client_read_all(int server_fd) {
  const int client_port = port_of(server_fd, true);
  int client = -1;
  for (int fd = 0; fd < 4096 && client < 0; ++fd) {
    if (fd != server_fd && port_of(fd, false) == client_port) {
      client = fd;
    }
  }
  ASSERT_GE(client, 0) << "the client's socket is not in this process";
  for (;;) {
    int unacknowledged = 0;
    int unread = 0;
    ASSERT_EQ(::ioctl(server_fd, SIOCOUTQ, &unacknowledged), 0);
    ASSERT_EQ(::ioctl(client, FIONREAD, &unread), 0);
    if (unacknowledged == 0 && unread == 0) {
      return;
    }
    std::this_thread::yield();
  }
}

class TransportAbort : public ::testing::Test {
 protected:
  std::shared_ptr<Snapshot> snapshot() const {
    auto loaded = m_config.snapshot(testing::unit_toml("vp"));
    auto copy = std::make_shared<Snapshot>(*loaded);
    copy->config.smtp.require_tls = false;  // deadlined's own SMTP client, on loopback
    copy->config.smtp.connect_timeout_s = 60;
    copy->config.smtp.timeout_s = 60;
    copy->config.webhook.timeout_s = 60;
    return copy;
  }

  testing::ConfigFixture m_config;
};

Delivery email_to(const std::string& recipient) {
  Delivery delivery;
  delivery.channel = Channel::email;
  delivery.recipient = recipient;
  delivery.idempotency_key = "key-1";
  delivery.payload = "Subject: x\r\n\r\nx\r\n";
  return delivery;
}

TEST_F(TransportAbort, AnSmtpRefusalReadAsTheAbortFiresStandsAsTheAttempt) {
  auto abort = std::make_shared<TransferAbort>();
  LoopbackPeer peer([&](int fd) {
    send_text(fd, "220 peer ESMTP\r\n");
    read_line(fd);  // EHLO
    send_text(fd, "250 peer\r\n");
    read_line(fd);  // MAIL FROM
    send_text(fd, "451 4.3.2 try again later\r\n");
    // RSET: the client has read the refusal. The stop comes now, before the
    // RSET is answered.
    EXPECT_EQ(read_line(fd).substr(0, 4), "RSET");
    abort->abort();
    drain_until_closed(fd);
  });
  auto config = snapshot();
  config->config.smtp.url = "smtp://127.0.0.1:" + peer.port();
  auto transport = make_transport(config, abort);
  const DeliveryResult result = transport->deliver(email_to("vp@example.vn"), Instant{});
  EXPECT_EQ(result.kind, DeliveryResult::Kind::transient) << result.detail;
  EXPECT_EQ(result.code, 451);
  EXPECT_FALSE(result.interrupted) << result.detail;
  EXPECT_NE(result.detail.find("try again later"), std::string::npos) << result.detail;
}

TEST_F(TransportAbort, AWebhook503WithRetryAfterReadAsTheAbortFiresKeepsItsWait) {
  auto abort = std::make_shared<TransferAbort>();
  LoopbackPeer peer([&](int fd) {
    std::string line;
    do {
      line = read_line(fd);
    } while (!line.empty() && line != "\r\n");
    char body[2];
    ASSERT_EQ(::recv(fd, body, sizeof body, MSG_WAITALL), 2);
    // The status and its Retry-After, and the body only begun: the client
    // waits for the rest when the stop comes.
    send_text(fd, "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 120\r\nContent-Length: 10\r\n\r\n12345");
    wait_until_client_read_all(fd);
    abort->abort();
    drain_until_closed(fd);
  });
  auto config = snapshot();
  auto transport = make_transport(config, abort);
  Delivery delivery;
  delivery.channel = Channel::webhook;
  delivery.recipient = "http://127.0.0.1:" + peer.port() + "/hook";
  delivery.idempotency_key = "key-1";
  delivery.payload = "{}";
  const DeliveryResult result = transport->deliver(delivery, Instant{});
  EXPECT_EQ(result.kind, DeliveryResult::Kind::transient) << result.detail;
  EXPECT_EQ(result.code, 503);
  EXPECT_EQ(result.retry_after_seconds, 120) << result.detail;
  EXPECT_FALSE(result.interrupted) << result.detail;
}

TEST_F(TransportAbort, ATransferCutBeforeAnyReplyIsInterrupted) {
  auto abort = std::make_shared<TransferAbort>();
  LoopbackPeer peer([&](int fd) {
    send_text(fd, "220 peer ESMTP\r\n");
    read_line(fd);  // EHLO: the stop comes before it is answered
    abort->abort();
    drain_until_closed(fd);
  });
  auto config = snapshot();
  config->config.smtp.url = "smtp://127.0.0.1:" + peer.port();
  auto transport = make_transport(config, abort);
  const DeliveryResult result = transport->deliver(email_to("vp@example.vn"), Instant{});
  EXPECT_EQ(result.kind, DeliveryResult::Kind::transient) << result.detail;
  EXPECT_TRUE(result.interrupted) << result.detail;
}

}  // namespace
}  // namespace deadlined

#include "delivery/plain_smtp.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "delivery/smtp.hpp"
#include "support/process.hpp"

namespace deadlined::delivery {
namespace {

using namespace std::chrono_literals;

// One accepted connection of the scripted server: what the client wrote,
// read line by line or up to a marker, and what the script answers.
class Peer {
 public:
  explicit Peer(int fd) : m_fd(fd) {}
  Peer(const Peer&) = delete;
  Peer& operator=(const Peer&) = delete;
  ~Peer() { ::close(m_fd); }

  void say(const std::string& text) {
    ASSERT_EQ(::send(m_fd, text.data(), text.size(), MSG_NOSIGNAL), static_cast<ssize_t>(text.size()));
  }

  // Everything up to and including `marker`; empty when the client closed or
  // went silent for 10 s first.
  std::string read_until(const std::string& marker) {
    for (;;) {
      if (const auto at = m_buffer.find(marker); at != std::string::npos) {
        std::string out = m_buffer.substr(0, at + marker.size());
        m_buffer.erase(0, at + marker.size());
        return out;
      }
      if (!fill(10000)) {
        return {};
      }
    }
  }
  std::string read_line() { return read_until("\r\n"); }
  // Bytes the client sent that no read has taken yet (none arrive later).
  bool has_unread() {
    if (!m_buffer.empty()) {
      return true;
    }
    pollfd entry{m_fd, POLLIN, 0};
    return ::poll(&entry, 1, 0) > 0;
  }
  // Whether the client closed (true) rather than wrote; waits up to 10 s.
  bool closed_by_client() {
    if (!m_buffer.empty()) {
      return false;
    }
    return !fill(10000) && m_buffer.empty();
  }
  // Whether the client said QUIT (answered 221) and then closed.
  bool quit_then_closed() {
    if (read_line() != "QUIT\r\n") {
      return false;
    }
    say("221 2.0.0 Bye\r\n");
    return closed_by_client();
  }
  void close() { ::shutdown(m_fd, SHUT_RDWR); }

 private:
  bool fill(int timeout_ms) {
    pollfd entry{m_fd, POLLIN, 0};
    if (::poll(&entry, 1, timeout_ms) <= 0) {
      return false;
    }
    char buffer[4096];
    const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
    if (n <= 0) {
      return false;
    }
    m_buffer.append(buffer, static_cast<std::size_t>(n));
    return true;
  }

  int m_fd;
  std::string m_buffer;
};

// A loopback server that runs one script per accepted connection, in order,
// on a thread of its own.
class ScriptedServer {
 public:
  using Script = std::function<void(Peer&)>;

  explicit ScriptedServer(std::vector<Script> scripts) : m_scripts(std::move(scripts)) {
    m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(m_listener, reinterpret_cast<sockaddr*>(&address), length) != 0 || ::listen(m_listener, 8) != 0 ||
        ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot listen";
    }
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] {
      for (Script& script : m_scripts) {
        pollfd entry{m_listener, POLLIN, 0};
        if (::poll(&entry, 1, 15000) <= 0) {
          return;
        }
        const int fd = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
          return;
        }
        ++m_accepted;
        Peer peer{fd};
        script(peer);
      }
    });
  }
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;
  ~ScriptedServer() {
    join();
    ::close(m_listener);
  }
  void join() {
    if (m_thread.joinable()) {
      m_thread.join();
    }
  }

  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(m_port); }
  int accepted() const { return m_accepted.load(); }

 private:
  std::vector<Script> m_scripts;
  int m_listener = -1;
  std::uint16_t m_port = 0;
  std::atomic<int> m_accepted{0};
  std::thread m_thread;
};

constexpr const char* k_ehlo_pipelining =
    "250-mx.example.vn\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 8BITMIME\r\n";
constexpr const char* k_message = "Subject: x\r\n\r\nHello\r\n";

SmtpSettings settings_for(const ScriptedServer& server) {
  SmtpSettings settings;
  settings.url = server.url();
  settings.require_tls = false;
  settings.helo_name = "deadlined.test";
  settings.connect_timeout = 2000ms;
  settings.total_timeout = 5000ms;
  return settings;
}

// Greeting and EHLO, checked.
void greet(Peer& peer, const std::string& ehlo_reply) {
  peer.say("220 mx.example.vn ESMTP\r\n");
  EXPECT_EQ(peer.read_line(), "EHLO deadlined.test\r\n");
  peer.say(ehlo_reply);
}

TEST(PlainSmtpTarget, WhatThePlainClientTakes) {
  auto target = plain_smtp_target("smtp://127.0.0.1:2525");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->host, "127.0.0.1");
  EXPECT_EQ(target->port, "2525");
  EXPECT_EQ(target->label, "127.0.0.1:2525");
  target = plain_smtp_target("SMTP://relay.example.vn/");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->port, "25");
  target = plain_smtp_target("smtp://[::1]:25");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->host, "::1");
  for (const char* url : {"smtps://127.0.0.1", "smtp://u:p@127.0.0.1", "smtp://127.0.0.1/helo.example.vn",
                          "smtp://127.0.0.1/?x", "http://127.0.0.1", "", "smtp://"}) {
    EXPECT_FALSE(plain_smtp_target(url)) << url;
  }
}

TEST(PlainSmtp, PipelinedEnvelopeInOneBatchThenDotStuffedMessage) {
  std::string first_batch;
  std::string first_body;
  std::string second_batch;
  ScriptedServer server{{[&](Peer& peer) {
    greet(peer, k_ehlo_pipelining);
    first_batch = peer.read_until("DATA\r\n");  // nothing is answered before the whole envelope came
    peer.say("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n250 2.1.5 Ok\r\n354 go ahead\r\n");
    first_body = peer.read_until("\r\n.\r\n");
    EXPECT_FALSE(peer.has_unread());
    peer.say("250 2.0.0 queued as A1\r\n");
    second_batch = peer.read_until("DATA\r\n");
    peer.say("250 Ok\r\n250 Ok\r\n354 go ahead\r\n");
    peer.read_until("\r\n.\r\n");
    peer.say("250 queued\r\n");
    EXPECT_TRUE(peer.quit_then_closed());
  }}};
  {
    SmtpClient client{settings_for(server)};
    const std::string message = "Subject: dots\r\n\r\n.hidden\r\n..two\r\nlast.\r\n.";
    auto result = client.send("bot@stp.example.vn", {"a@example.vn", "b@example.vn"}, message);
    EXPECT_EQ(result.kind, DeliveryResult::Kind::sent) << result.detail;
    EXPECT_EQ(result.code, 250);
    EXPECT_EQ(result.detail, "accepted (SMTP 250)");
    result = client.send("bot@stp.example.vn", {"a@example.vn"}, k_message);
    EXPECT_EQ(result.kind, DeliveryResult::Kind::sent) << result.detail;
  }
  server.join();
  EXPECT_EQ(first_batch,
            "MAIL FROM:<bot@stp.example.vn> SIZE=41\r\nRCPT TO:<a@example.vn>\r\nRCPT TO:<b@example.vn>\r\nDATA\r\n");
  EXPECT_EQ(first_body, "Subject: dots\r\n\r\n..hidden\r\n...two\r\nlast.\r\n..\r\n.\r\n");
  EXPECT_EQ(second_batch, "MAIL FROM:<bot@stp.example.vn> SIZE=21\r\nRCPT TO:<a@example.vn>\r\nDATA\r\n");
  EXPECT_EQ(server.accepted(), 1);
}

TEST(PlainSmtp, OneCommandAtATimeWithoutPipeliningAndHeloWhenEhloIsRefused) {
  std::vector<bool> alone;
  ScriptedServer server{{[&](Peer& peer) {
    peer.say("220 old.example.vn\r\n");
    EXPECT_EQ(peer.read_line(), "EHLO deadlined.test\r\n");
    peer.say("502 5.5.2 what\r\n");
    EXPECT_EQ(peer.read_line(), "HELO deadlined.test\r\n");
    peer.say("250 old.example.vn\r\n");
    for (const char* expected : {"MAIL FROM:<bot@stp.example.vn>\r\n", "RCPT TO:<a@example.vn>\r\n",
                                 "RCPT TO:<b@example.vn>\r\n", "DATA\r\n"}) {
      EXPECT_EQ(peer.read_line(), expected);
      alone.push_back(!peer.has_unread());
      peer.say(std::string{expected} == "DATA\r\n" ? "354 go\r\n" : "250 Ok\r\n");
    }
    EXPECT_EQ(peer.read_until("\r\n.\r\n"), std::string{k_message} + ".\r\n");
    peer.say("250 Ok\r\n");
  }}};
  SmtpClient client{settings_for(server)};
  const auto result = client.send("bot@stp.example.vn", {"a@example.vn", "b@example.vn"}, k_message);
  EXPECT_EQ(result.kind, DeliveryResult::Kind::sent) << result.detail;
  server.join();
  EXPECT_EQ(alone, (std::vector<bool>{true, true, true, true}));
}

TEST(PlainSmtp, RefusedRecipientFailsTheSendThenRsetAndTheConnectionServesTheNext) {
  ScriptedServer server{{[&](Peer& peer) {
    greet(peer, k_ehlo_pipelining);
    peer.read_until("DATA\r\n");
    peer.say("250 Ok\r\n250 Ok\r\n550 5.1.1 <x@example.vn>: no such user\r\n554 5.5.1 no valid recipients\r\n");
    EXPECT_EQ(peer.read_line(), "RSET\r\n");
    peer.say("250 Ok\r\n");
    peer.read_until("DATA\r\n");
    peer.say("250 Ok\r\n451 4.3.0 try later\r\n554 no valid recipients\r\n");
    EXPECT_EQ(peer.read_line(), "RSET\r\n");
    peer.say("250 Ok\r\n");
    peer.read_until("DATA\r\n");
    peer.say("250 Ok\r\n250 Ok\r\n354 go\r\n");
    peer.read_until("\r\n.\r\n");
    peer.say("250 Ok\r\n");
  }}};
  SmtpClient client{settings_for(server)};
  auto result = client.send("bot@stp.example.vn", {"a@example.vn", "x@example.vn"}, k_message);
  EXPECT_EQ(result.kind, DeliveryResult::Kind::permanent) << result.detail;
  EXPECT_EQ(result.code, 550);
  EXPECT_EQ(result.detail, "RCPT TO <x@example.vn> refused: 550 5.1.1 <x@example.vn>: no such user (SMTP 550)");
  result = client.send("bot@stp.example.vn", {"t@example.vn"}, k_message);
  EXPECT_EQ(result.kind, DeliveryResult::Kind::transient) << result.detail;
  EXPECT_EQ(result.code, 451);
  result = client.send("bot@stp.example.vn", {"a@example.vn"}, k_message);
  EXPECT_EQ(result.kind, DeliveryResult::Kind::sent) << result.detail;
  server.join();
  EXPECT_EQ(server.accepted(), 1);
}

TEST(PlainSmtp, DataAcceptedDespiteARefusedRecipientClosesWithoutAMessage) {
  ScriptedServer server{{[&](Peer& peer) {
                           greet(peer, k_ehlo_pipelining);
                           peer.read_until("DATA\r\n");
                           peer.say("250 Ok\r\n250 Ok\r\n550 no\r\n354 go\r\n");
                           EXPECT_TRUE(peer.closed_by_client());  // not a byte of the message
                         },
                         [&](Peer& peer) {
                           greet(peer, k_ehlo_pipelining);
                           peer.read_until("DATA\r\n");
                           peer.say("250 Ok\r\n250 Ok\r\n354 go\r\n");
                           peer.read_until("\r\n.\r\n");
                           peer.say("250 Ok\r\n");
                         }}};
  SmtpClient client{settings_for(server)};
  auto result = client.send("bot@stp.example.vn", {"a@example.vn", "x@example.vn"}, k_message);
  EXPECT_EQ(result.kind, DeliveryResult::Kind::permanent) << result.detail;
  EXPECT_EQ(result.code, 550);
  result = client.send("bot@stp.example.vn", {"a@example.vn"}, k_message);
  EXPECT_EQ(result.kind, DeliveryResult::Kind::sent) << result.detail;
  server.join();
  EXPECT_EQ(server.accepted(), 2);
}

TEST(PlainSmtp, KeptConnectionAnswered421IsReplacedOnce) {
  ScriptedServer server{{[&](Peer& peer) {
                           greet(peer, k_ehlo_pipelining);
                           peer.read_until("DATA\r\n");
                           peer.say("250 Ok\r\n250 Ok\r\n354 go\r\n");
                           peer.read_until("\r\n.\r\n");
                           peer.say("250 Ok\r\n");
                           // The next envelope finds the server closing.
                           peer.read_until("DATA\r\n");
                           peer.say("421 4.4.2 idle too long\r\n");
                           peer.close();
                         },
                         [&](Peer& peer) {
                           greet(peer, k_ehlo_pipelining);
                           peer.read_until("DATA\r\n");
                           peer.say("250 Ok\r\n250 Ok\r\n354 go\r\n");
                           peer.read_until("\r\n.\r\n");
                           peer.say("250 Ok\r\n");
                           // Then it closes without a word: the next send reconnects once and fails.
                           peer.read_until("DATA\r\n");
                           peer.close();
                         },
                         [&](Peer& peer) {
                           greet(peer, k_ehlo_pipelining);
                           peer.read_until("DATA\r\n");
                           peer.close();
                         }}};
  SmtpClient client{settings_for(server)};
  auto result = client.send("bot@stp.example.vn", {"a@example.vn"}, k_message);
  EXPECT_EQ(result.kind, DeliveryResult::Kind::sent) << result.detail;
  result = client.send("bot@stp.example.vn", {"a@example.vn"}, k_message);
  EXPECT_EQ(result.kind, DeliveryResult::Kind::sent) << result.detail;
  // A fresh connection that closes before a reply is not tried again.
  result = client.send("bot@stp.example.vn", {"a@example.vn"}, k_message);
  EXPECT_EQ(result.kind, DeliveryResult::Kind::transient) << result.detail;
  EXPECT_NE(result.detail.find("connection lost waiting for the reply to MAIL FROM"), std::string::npos)
      << result.detail;
  server.join();
  EXPECT_EQ(server.accepted(), 3);
}

TEST(PlainSmtp, LostFinalReplyIsTransientAndNeverResent) {
  ScriptedServer server{{[&](Peer& peer) {
                           greet(peer, k_ehlo_pipelining);
                           peer.read_until("DATA\r\n");
                           peer.say("250 Ok\r\n250 Ok\r\n354 go\r\n");
                           peer.read_until("\r\n.\r\n");
                           peer.close();  // the message may have been taken
                         },
                         [&](Peer& peer) {
                           greet(peer, k_ehlo_pipelining);
                           peer.read_until("DATA\r\n");
                           peer.say("250 Ok\r\n250 Ok\r\n354 go\r\n");
                           peer.read_until("\r\n.\r\n");
                           peer.say("250 Ok\r\n");
                         }}};
  SmtpClient client{settings_for(server)};
  auto result = client.send("bot@stp.example.vn", {"a@example.vn"}, k_message);
  EXPECT_EQ(result.kind, DeliveryResult::Kind::transient) << result.detail;
  EXPECT_NE(result.detail.find("may have been delivered already (possible duplicate)"), std::string::npos)
      << result.detail;
  EXPECT_EQ(server.accepted(), 1);
  result = client.send("bot@stp.example.vn", {"a@example.vn"}, k_message);
  EXPECT_EQ(result.kind, DeliveryResult::Kind::sent) << result.detail;
  server.join();
  EXPECT_EQ(server.accepted(), 2);
}

TEST(PlainSmtp, MessageLargerThanTheServersSizeFailsBeforeSending) {
  ScriptedServer server{{[&](Peer& peer) {
    greet(peer, "250-mx.example.vn\r\n250-PIPELINING\r\n250 SIZE 30\r\n");
    EXPECT_TRUE(peer.quit_then_closed());  // no MAIL FROM: the next command is QUIT
  }}};
  {
    SmtpClient client{settings_for(server)};
    const auto result = client.send("bot@stp.example.vn", {"a@example.vn"}, std::string(31, 'x') + "\r\n");
    EXPECT_EQ(result.kind, DeliveryResult::Kind::permanent) << result.detail;
    EXPECT_NE(result.detail.find("SIZE limit of 30 bytes"), std::string::npos) << result.detail;
  }
  server.join();
}

TEST(PlainSmtp, SilentGreetingTimesOutWithinTheConnectTimeout) {
  ScriptedServer server{{[&](Peer& peer) { EXPECT_TRUE(peer.closed_by_client()); }}};
  SmtpSettings settings = settings_for(server);
  settings.connect_timeout = 300ms;
  SmtpClient client{settings};
  const auto started = std::chrono::steady_clock::now();
  const auto result = client.send("bot@stp.example.vn", {"a@example.vn"}, k_message);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(result.kind, DeliveryResult::Kind::transient) << result.detail;
  EXPECT_NE(result.detail.find("timed out waiting for the greeting"), std::string::npos) << result.detail;
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 3000ms);
}

TEST(PlainSmtp, RefusedGreetingIsPermanent) {
  ScriptedServer server{{[&](Peer& peer) {
    peer.say("554 5.7.1 not you\r\n");
    EXPECT_TRUE(peer.closed_by_client());
  }}};
  SmtpClient client{settings_for(server)};
  const auto result = client.send("bot@stp.example.vn", {"a@example.vn"}, k_message);
  EXPECT_EQ(result.kind, DeliveryResult::Kind::permanent) << result.detail;
  EXPECT_EQ(result.code, 554);
}

// Which path a send takes shows in how a refused connection is described.
TEST(PlainSmtp, OnlyPlainUrlsWithoutTlsTakeThePlainClient) {
  const std::string port = std::to_string(test::free_tcp_port());
  const auto detail_for = [&](const std::string& url, bool require_tls) {
    SmtpSettings settings;
    settings.url = url;
    settings.require_tls = require_tls;
    settings.connect_timeout = 2000ms;
    SmtpClient client{settings};
    return client.send("bot@stp.example.vn", {"a@example.vn"}, k_message).detail;
  };
  EXPECT_NE(detail_for("smtp://127.0.0.1:" + port, false).find("cannot connect to 127.0.0.1:" + port),
            std::string::npos);
  for (const auto& [url, require_tls] :
       std::vector<std::pair<std::string, bool>>{{"smtp://127.0.0.1:" + port, true},
                                                 {"smtps://127.0.0.1:" + port, false},
                                                 {"smtp://127.0.0.1:" + port + "/helo.example.vn", false}}) {
    EXPECT_NE(detail_for(url, require_tls).find("curl error 7"), std::string::npos) << url;
  }
}

}  // namespace
}  // namespace deadlined::delivery

#pragma once
// A raw HTTP/1.1 test server on 127.0.0.1, written in Python by each test
// file: the file gives `serve(conn, number)` (and what it needs), and this
// fixture appends the accept loop, starts it with the port and the path of
// its request log, and reads that log back.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "delivery/plain_http.hpp"
#include "delivery/test_helpers.hpp"
#include "support/process.hpp"

namespace deadlined::delivery::testing {

// Appended to every script: a thread per connection, connections numbered
// from 1 in the order they were accepted.
inline constexpr std::string_view k_accept_loop = R"py(
listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", port))
listener.listen(16)
while True:
    conn, _ = listener.accept()
    counter[0] += 1
    threading.Thread(target=serve, args=(conn, counter[0]), daemon=True).start()
)py";

class LoggingHttpServer : public ::testing::Test {
 protected:
  // `script` defines port, log, counter and serve(); it outlives the fixture.
  explicit LoggingHttpServer(std::string_view script) : m_script(script) {}

  void SetUp() override {
    const auto script =
        test::write_file(m_dir.path() / "server.py", std::string{m_script} + std::string{k_accept_loop});
    m_server = test::spawn_listening(
        [&](std::uint16_t port) {
          return std::vector<std::string>{"/usr/bin/python3", script.string(), std::to_string(port),
                                          (m_dir.path() / "requests.log").string()};
        },
        m_dir.path() / "server.log", m_port, std::chrono::seconds{10});
    ASSERT_TRUE(m_server.running()) << "the server did not start";
  }

  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(m_port) + path; }
  HttpTarget target(const std::string& path) const {
    auto parsed = plain_http_target(url(path));
    EXPECT_TRUE(parsed);
    return parsed.value_or(HttpTarget{});
  }
  // The logged requests, "<connection> <path>" each, connections numbered
  // from 1 in the order their first request came (the connection that
  // checked the server was listening sent none).
  std::vector<std::string> requests() const { return logged_requests(m_dir.path() / "requests.log"); }

  std::string_view m_script;
  test::TempDir m_dir{"deadlined-http-server"};
  std::uint16_t m_port = 0;
  test::ChildProcess m_server;
};

}  // namespace deadlined::delivery::testing

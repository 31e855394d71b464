#include "delivery/webhook.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "delivery/test_helpers.hpp"
#include "support/process.hpp"

namespace deadlined::delivery {
namespace {

using testing::sample_digest;
using testing::utc;

// RFC 4231 section 4 test vectors (case 5 is a truncated MAC and is skipped).
TEST(Hmac, Rfc4231Vectors) {
  const auto hex = [](std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 2) {
      out += static_cast<char>(std::stoi(std::string{text.substr(i, 2)}, nullptr, 16));
    }
    return out;
  };
  EXPECT_EQ(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(hmac_sha256_hex(std::string(20, '\xaa'), std::string(50, '\xdd')),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
  EXPECT_EQ(hmac_sha256_hex(hex("0102030405060708090a0b0c0d0e0f10111213141516171819"), std::string(50, '\xcd')),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
  EXPECT_EQ(hmac_sha256_hex(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_EQ(hmac_sha256_hex(std::string(131, '\xaa'),
                            "This is a test using a larger than block-size key and a larger than block-size data. "
                            "The key needs to be hashed before being used by the HMAC algorithm."),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

TEST(Webhook, SignatureCoversTimestampAndBody) {
  const auto t = std::chrono::sys_seconds{std::chrono::seconds{1795651200}};
  EXPECT_EQ(webhook_signature("s3cret", t, "{}"), "sha256=" + hmac_sha256_hex("s3cret", "1795651200.{}"));
  EXPECT_NE(webhook_signature("s3cret", t + std::chrono::seconds{1}, "{}"), webhook_signature("s3cret", t, "{}"));
}

TEST(Webhook, PayloadFields) {
  const auto digest = sample_digest("key-42");
  const auto json = nlohmann::json::parse(webhook_payload(digest, utc(2026, 11, 26, 1, 0, 5), 420));
  EXPECT_EQ(json.at("type"), "deadlined.digest");
  EXPECT_EQ(json.at("version"), 1);
  EXPECT_EQ(json.at("idempotency_key"), "key-42");
  EXPECT_EQ(json.at("unit").at("id"), "so-tc");
  EXPECT_EQ(json.at("unit").at("name"), "Sở Tài chính");
  EXPECT_EQ(json.at("slot"), "2026-11-26T08:00:00+07:00");
  EXPECT_EQ(json.at("generated_at"), "2026-11-26T08:00:05+07:00");
  EXPECT_EQ(json.at("count"), 3);
  ASSERT_EQ(json.at("items").size(), 3U);
  const auto& item = json.at("items").at(2);
  EXPECT_EQ(item.at("plan_title"), "Kế hoạch phòng chống tham nhũng");
  EXPECT_EQ(item.at("task_id"), "PCTN-07");
  EXPECT_EQ(item.at("task_title"), "Tự kiểm tra nội bộ");
  EXPECT_EQ(item.at("role"), "lead");
  EXPECT_EQ(item.at("stage"), "overdue-2");
  EXPECT_EQ(item.at("stage_text"), "quá hạn 2 ngày làm việc");
  EXPECT_EQ(item.at("due"), "2026-11-24");
  EXPECT_EQ(item.at("days_left"), -2);
  EXPECT_EQ(item.at("when"), "trong tháng 11");
  EXPECT_EQ(item.at("product"), "Biên bản");
  EXPECT_EQ(json.at("items").at(0).at("product"), "Báo cáo <tổng hợp>");
}

TEST(Webhook, PayloadSurvivesInvalidUtf8) {
  auto digest = sample_digest();
  digest.unit_name = "bad \xC3 byte";
  const auto json = nlohmann::json::parse(webhook_payload(digest, utc(2026, 11, 26, 1, 0, 0), 420));
  EXPECT_EQ(json.at("unit").at("name"), "bad \xEF\xBF\xBD byte");
}

TEST(Webhook, Classification) {
  EXPECT_EQ(classify_http_status(200), DeliveryResult::Kind::sent);
  EXPECT_EQ(classify_http_status(204), DeliveryResult::Kind::sent);
  EXPECT_EQ(classify_http_status(408), DeliveryResult::Kind::transient);
  EXPECT_EQ(classify_http_status(429), DeliveryResult::Kind::transient);
  EXPECT_EQ(classify_http_status(503), DeliveryResult::Kind::transient);
  EXPECT_EQ(classify_http_status(400), DeliveryResult::Kind::permanent);
  EXPECT_EQ(classify_http_status(404), DeliveryResult::Kind::permanent);
  EXPECT_EQ(classify_http_status(301), DeliveryResult::Kind::permanent);
  EXPECT_EQ(classify_http_failure(CURLE_COULDNT_CONNECT), DeliveryResult::Kind::transient);
  EXPECT_EQ(classify_http_failure(CURLE_OPERATION_TIMEDOUT), DeliveryResult::Kind::transient);
  EXPECT_EQ(classify_http_failure(CURLE_PEER_FAILED_VERIFICATION), DeliveryResult::Kind::permanent);
}

// A Python http.server sink on 127.0.0.1: POST /status/<code>[/sleep/<seconds>]
// answers <code>; every request is appended to requests.jsonl with its headers,
// body, peer port and whether X-Deadlined-Signature verifies with Python's hmac.
constexpr const char* k_http_sink = R"py(
import base64, hashlib, hmac, json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
port, log, secret = int(sys.argv[1]), sys.argv[2], sys.argv[3].encode()

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"   # keep-alive, so connection reuse is visible
    def log_message(self, *args):
        pass
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        parts = self.path.strip("/").split("/")
        status = int(parts[1]) if len(parts) > 1 and parts[0] == "status" else 204
        ts = self.headers.get("X-Deadlined-Timestamp", "")
        sig = self.headers.get("X-Deadlined-Signature")
        valid = None
        if sig is not None:
            mac = hmac.new(secret, ts.encode() + b"." + body, hashlib.sha256).hexdigest()
            valid = hmac.compare_digest(sig, "sha256=" + mac)
        record = {"path": self.path, "method": self.command,
                  "headers": {k.lower(): v for k, v in self.headers.items()},
                  "body": base64.b64encode(body).decode(), "peer_port": self.client_address[1],
                  "signature_valid": valid}
        with open(log, "a") as f:
            f.write(json.dumps(record) + "\n")
        if len(parts) > 3 and parts[2] == "sleep":
            time.sleep(float(parts[3]))
        if parts[0] == "slowbody":      # 200 at once, then a body that trickles
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(3)
            return
        if parts[0] == "hugeheaders":   # 200 with megabytes of headers
            self.send_response(200)
            for i in range(2000):
                self.send_header("X-Filler-%d" % i, "y" * 1000)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if parts[0] == "hugebody":      # 200 with a 50 MB body
            self.send_response(200)
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            try:
                for _ in range(50 * 16):
                    self.wfile.write(b"z" * 65536)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        reply = b"nope" if status >= 300 else b""
        self.send_response(status)
        if status == 429:
            self.send_header("Retry-After", "120")
        if status in (301, 302):
            self.send_header("Location", "http://127.0.0.1:1/elsewhere")
        if status != 204:
            self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        if status != 204:
            self.wfile.write(reply)

ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
)py";

class WebhookSink : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto script = test::write_file(m_dir.path() / "sink.py", k_http_sink);
    m_server = test::spawn_listening(
        [&](std::uint16_t port) {
          return std::vector<std::string>{"/usr/bin/python3", script.string(), std::to_string(port),
                                          log_path().string(), k_secret};
        },
        m_dir.path() / "sink.log", m_port, std::chrono::seconds{10});
    ASSERT_TRUE(m_server.running()) << "HTTP sink did not start: " << sink_output();
  }

  std::string url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(m_port) + std::string{path};
  }
  std::filesystem::path log_path() const { return m_dir.path() / "requests.jsonl"; }
  std::string sink_output() const {
    std::error_code ignored;
    return std::filesystem::exists(m_dir.path() / "sink.log", ignored) ? test::read_file(m_dir.path() / "sink.log")
                                                                       : std::string{};
  }
  std::vector<nlohmann::json> requests() const {
    std::vector<nlohmann::json> out;
    if (!std::filesystem::exists(log_path())) {
      return out;
    }
    std::istringstream lines{test::read_file(log_path())};
    for (std::string line; std::getline(lines, line);) {
      out.push_back(nlohmann::json::parse(line));
    }
    return out;
  }

  static constexpr const char* k_secret = "khóa-bí-mật-s3cret";
  test::TempDir m_dir{"deadlined-webhook"};
  std::uint16_t m_port = 0;
  test::ChildProcess m_server;
};

TEST_F(WebhookSink, SignedPostIsDelivered) {
  WebhookClient client;
  const auto now = utc(2026, 11, 26, 1, 0, 5);
  const std::string body = webhook_payload(sample_digest("key-7"), now, 420);
  const auto result = client.post(url("/status/204"), body, k_secret, "key-7", now);
  EXPECT_EQ(result.kind, DeliveryResult::Kind::sent) << result.detail;
  EXPECT_EQ(result.code, 204);
  const auto seen = requests();
  ASSERT_EQ(seen.size(), 1U);
  const auto& request = seen[0];
  EXPECT_EQ(request.at("method"), "POST");
  EXPECT_EQ(request.at("signature_valid"), true);  // verified by Python's hmac module
  const auto& headers = request.at("headers");
  EXPECT_EQ(headers.at("content-type"), "application/json");
  EXPECT_EQ(headers.at("user-agent"), default_user_agent());
  EXPECT_EQ(headers.at("idempotency-key"), "key-7");
  EXPECT_EQ(headers.at("x-deadlined-timestamp"), std::to_string(now.time_since_epoch().count()));
  EXPECT_FALSE(headers.contains("expect"));
  EXPECT_EQ(testing::base64_decode(request.at("body").get<std::string>()), body);
}

TEST_F(WebhookSink, WrongSecretDoesNotVerifyAndNoSecretSendsNoSignature) {
  WebhookClient client;
  const auto now = utc(2026, 11, 26, 1, 0, 5);
  ASSERT_EQ(client.post(url("/status/200"), "{}", "wrong", "k", now).kind, DeliveryResult::Kind::sent);
  ASSERT_EQ(client.post(url("/status/200"), "{}", "", "k", now).kind, DeliveryResult::Kind::sent);
  const auto seen = requests();
  ASSERT_EQ(seen.size(), 2U);
  EXPECT_EQ(seen[0].at("signature_valid"), false);
  EXPECT_TRUE(seen[1].at("signature_valid").is_null());
  EXPECT_FALSE(seen[1].at("headers").contains("x-deadlined-signature"));
}

TEST_F(WebhookSink, StatusClassification) {
  WebhookClient client;
  const auto now = utc(2026, 11, 26, 1, 0, 5);
  struct Case {
    int status;
    DeliveryResult::Kind kind;
  };
  for (const Case c : {Case{500, DeliveryResult::Kind::transient}, Case{400, DeliveryResult::Kind::permanent},
                       Case{429, DeliveryResult::Kind::transient}, Case{408, DeliveryResult::Kind::transient},
                       Case{503, DeliveryResult::Kind::transient}, Case{404, DeliveryResult::Kind::permanent},
                       Case{302, DeliveryResult::Kind::permanent}}) {
    const auto result = client.post(url("/status/" + std::to_string(c.status)), "{}", k_secret, "k", now);
    EXPECT_EQ(result.kind, c.kind) << c.status << ": " << result.detail;
    EXPECT_EQ(result.code, c.status);
    if (c.status == 429) {
      EXPECT_NE(result.detail.find("Retry-After 120"), std::string::npos) << result.detail;
    }
  }
  EXPECT_EQ(requests().size(), 7U);  // the 302 was not followed
}

TEST_F(WebhookSink, KeepAliveReusesTheConnection) {
  WebhookClient client;
  const auto now = utc(2026, 11, 26, 1, 0, 5);
  ASSERT_EQ(client.post(url("/status/204"), "{}", k_secret, "a", now).kind, DeliveryResult::Kind::sent);
  ASSERT_EQ(client.post(url("/status/204"), "{}", k_secret, "b", now).kind, DeliveryResult::Kind::sent);
  const auto seen = requests();
  ASSERT_EQ(seen.size(), 2U);
  EXPECT_EQ(seen[0].at("peer_port"), seen[1].at("peer_port"));
}

TEST_F(WebhookSink, TimeoutIsTransient) {
  WebhookSettings settings;
  settings.total_timeout = std::chrono::milliseconds{300};
  WebhookClient client{settings};
  const auto result = client.post(url("/status/204/sleep/2"), "{}", "", "k", utc(2026, 11, 26, 1, 0, 5));
  EXPECT_EQ(result.kind, DeliveryResult::Kind::transient) << result.detail;
  EXPECT_NE(result.detail.find("timed out after 300 ms"), std::string::npos) << result.detail;
}

// The status line decides: a 2xx is a delivery even when the rest of the reply
// is slow, huge or cut off; retrying would deliver it again.
TEST_F(WebhookSink, TwoHundredWithASlowBodyIsDelivered) {
  WebhookSettings settings;
  // Long enough for the sink's status line on a loaded machine (the body
  // never completes, so the timeout is always reached).
  settings.total_timeout = std::chrono::milliseconds{2000};
  WebhookClient client{settings};
  const auto result = client.post(url("/slowbody"), "{}", "", "k", utc(2026, 11, 26, 1, 0, 5));
  EXPECT_EQ(result.kind, DeliveryResult::Kind::sent) << result.detail;
  EXPECT_EQ(result.code, 200);
  EXPECT_NE(result.detail.find("rest of the response not read"), std::string::npos) << result.detail;
}

TEST_F(WebhookSink, TwoHundredWithHugeHeadersIsDelivered) {
  WebhookClient client;
  const auto result = client.post(url("/hugeheaders"), "{}", "", "k", utc(2026, 11, 26, 1, 0, 5));
  EXPECT_EQ(result.kind, DeliveryResult::Kind::sent) << result.detail;
  EXPECT_EQ(result.code, 200);
}

TEST_F(WebhookSink, AHugeBodyIsNotReadToTheEnd) {
  WebhookSettings settings;
  settings.total_timeout = std::chrono::milliseconds{20000};
  WebhookClient client{settings};
  const auto result = client.post(url("/hugebody"), "{}", "", "k", utc(2026, 11, 26, 1, 0, 5));
  EXPECT_EQ(result.kind, DeliveryResult::Kind::sent) << result.detail;
  EXPECT_NE(result.detail.find("rest of the response not read"), std::string::npos) << result.detail;
}

TEST_F(WebhookSink, RetryAfterOfA429IsReturned) {
  WebhookClient client;
  const auto result = client.post(url("/status/429"), "{}", "", "k", utc(2026, 11, 26, 1, 0, 5));
  EXPECT_EQ(result.kind, DeliveryResult::Kind::transient) << result.detail;
  EXPECT_EQ(result.retry_after_seconds, 120);
  const auto other = client.post(url("/status/500"), "{}", "", "k", utc(2026, 11, 26, 1, 0, 5));
  EXPECT_EQ(other.retry_after_seconds, 0);
}

TEST(WebhookClientTest, RefusedConnectionIsTransient) {
  const std::uint16_t port = test::free_tcp_port();  // nothing listens there
  WebhookClient client;
  const auto result =
      client.post("http://127.0.0.1:" + std::to_string(port) + "/hook", "{}", "", "k", utc(2026, 11, 26, 1, 0, 0));
  EXPECT_EQ(result.kind, DeliveryResult::Kind::transient) << result.detail;
  EXPECT_EQ(result.code, 0);
}

TEST(WebhookClientTest, OnlyHttpAndHttpsSchemes) {
  WebhookClient client;
  for (const char* url :
       {"ftp://127.0.0.1/x", "file:///etc/passwd", "gopher://127.0.0.1/", "127.0.0.1:80/x", "smtp://127.0.0.1/", ""}) {
    const auto result = client.post(url, "{}", "", "k", utc(2026, 11, 26, 1, 0, 0));
    EXPECT_EQ(result.kind, DeliveryResult::Kind::permanent) << url;
    EXPECT_NE(result.detail.find("unsupported scheme"), std::string::npos) << result.detail;
  }
}

}  // namespace
}  // namespace deadlined::delivery

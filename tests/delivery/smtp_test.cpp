#include "delivery/smtp.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "delivery/email.hpp"
#include "delivery/test_helpers.hpp"
#include "support/process.hpp"

namespace deadlined::delivery {
namespace {

using testing::k_settings;
using testing::sample_digest;
using testing::utc;

// Parses a stored message with Python's standard mail parser
// (email.policy.default decodes RFC 2047 and the transfer encodings).
constexpr const char* k_parse_mail = R"py(
import email, email.policy, json, sys
with open(sys.argv[1], "rb") as f:
    msg = email.message_from_binary_file(f, policy=email.policy.default)
out = {k: str(msg[k]) for k in ("Subject", "From", "To", "Message-ID", "Date", "X-Deadlined-Key", "X-RcptTo", "X-MailFrom")}
out["defects"] = [str(d) for d in msg.defects]
out["text"] = msg.get_body(preferencelist=("plain",)).get_content()
out["html"] = msg.get_body(preferencelist=("html",)).get_content()
out["bcc"] = msg.get_all("Bcc")
out["is_multipart"] = msg.is_multipart()
print(json.dumps(out))
)py";

// An aiosmtpd server that answers RCPT TO with 550 for "reject*@" and 451 for
// "tempfail*@" addresses and stores the rest in a Maildir.
constexpr const char* k_picky_smtp = R"py(
import signal, sys
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
class Picky(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject"):
            return "550 5.1.1 No such user"
        if address.startswith("tempfail"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"
c = Controller(Picky(sys.argv[2]), hostname="127.0.0.1", port=int(sys.argv[1]))
c.start(); signal.sigwait({signal.SIGINT, signal.SIGTERM}); c.stop()
)py";

// STARTTLS + AUTH sink (from the toolchain notes): smtpsink.py PORT MAILDIR CERT KEY USER PASS.
// handled=False makes aiosmtpd answer 535 itself instead of hanging the client.
constexpr const char* k_tls_smtp = R"py(
import sys, ssl, signal
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword
port, maildir, cert, key, user, pw = sys.argv[1:7]
def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == user.encode() and auth_data.password == pw.encode()
    return AuthResult(success=ok, handled=False)
ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH); ctx.load_cert_chain(cert, key)
c = Controller(Mailbox(maildir), hostname="127.0.0.1", port=int(port), tls_context=ctx,
               require_starttls=True, authenticator=authenticator, auth_required=True, auth_require_tls=True)
c.start(); signal.sigwait({signal.SIGINT, signal.SIGTERM}); c.stop()
)py";

class SmtpSink : public ::testing::Test {
 protected:
  void start(bool picky) {
    const auto script = picky ? test::write_file(m_dir.path() / "picky.py", k_picky_smtp) : std::filesystem::path{};
    m_server = test::spawn_listening(
        [&](std::uint16_t port) {
          if (picky) {
            return std::vector<std::string>{"/usr/bin/python3", script.string(), std::to_string(port),
                                            maildir().string()};
          }
          return std::vector<std::string>{"/usr/bin/python3",
                                          "-m",
                                          "aiosmtpd",
                                          "-n",
                                          "-l",
                                          "127.0.0.1:" + std::to_string(port),
                                          "-c",
                                          "aiosmtpd.handlers.Mailbox",
                                          maildir().string(),
                                          "--no-requiretls"};
        },
        m_dir.path() / "smtpd.log", m_port, std::chrono::seconds{15});
    ASSERT_TRUE(m_server.running()) << "aiosmtpd did not start: " << log();
  }

  // STARTTLS-only server with AUTH (user "bot", password "s3cret") and a fresh
  // self-signed certificate for 127.0.0.1 in cert.pem.
  void start_tls() {
    const auto cert = m_dir.path() / "cert.pem";
    const auto key = m_dir.path() / "key.pem";
    const auto made = test::run_command({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                                         "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.string(), "-out",
                                         cert.string(), "-days", "2", "-subj", "/CN=localhost", "-addext",
                                         "subjectAltName=DNS:localhost,IP:127.0.0.1"});
    ASSERT_EQ(made.exit_code, 0);
    const auto script = test::write_file(m_dir.path() / "tls_sink.py", k_tls_smtp);
    m_server = test::spawn_listening(
        [&](std::uint16_t port) {
          return std::vector<std::string>{"/usr/bin/python3",
                                          script.string(),
                                          std::to_string(port),
                                          maildir().string(),
                                          cert.string(),
                                          key.string(),
                                          "bot",
                                          "s3cret"};
        },
        m_dir.path() / "smtpd.log", m_port, std::chrono::seconds{15});
    ASSERT_TRUE(m_server.running()) << "TLS sink did not start: " << log();
  }

  std::string log() const {
    std::error_code ignored;
    return std::filesystem::exists(m_dir.path() / "smtpd.log", ignored) ? test::read_file(m_dir.path() / "smtpd.log")
                                                                        : std::string{};
  }
  std::filesystem::path maildir() const { return m_dir.path() / "maildir"; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(m_port); }
  SmtpSettings plain_settings() const {
    SmtpSettings settings;
    settings.url = url();
    settings.require_tls = false;
    settings.helo_name = "deadlined.test";
    settings.connect_timeout = std::chrono::milliseconds{5000};
    settings.total_timeout = std::chrono::milliseconds{15000};
    return settings;
  }
  std::vector<std::filesystem::path> stored() const {
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(maildir() / "new")) {
      for (const auto& entry : std::filesystem::directory_iterator{maildir() / "new"}) {
        files.push_back(entry.path());
      }
    }
    return files;
  }
  nlohmann::json parse_with_python(const std::filesystem::path& file) const {
    const auto script = test::write_file(m_dir.path() / "parse_mail.py", k_parse_mail);
    const auto result = test::run_command({"/usr/bin/python3", script.string(), file.string()});
    EXPECT_EQ(result.exit_code, 0);
    return nlohmann::json::parse(result.output);
  }

  test::TempDir m_dir{"deadlined-smtp"};
  std::uint16_t m_port = 0;
  test::ChildProcess m_server;
};

TEST_F(SmtpSink, DigestArrivesAndParsesWithTheStandardMailParser) {
  start(false);
  const auto digest = sample_digest();
  const auto message = render_email(digest, k_settings, Templates::defaults(), utc(2026, 11, 26, 1, 0, 0), 420);
  ASSERT_TRUE(message.has_value()) << message.error();
  SmtpClient client{plain_settings()};
  ASSERT_EQ(client.settings_error(), "");
  const auto result = client.send(k_settings.from_address, {digest.recipient}, *message);
  ASSERT_EQ(result.kind, DeliveryResult::Kind::sent) << result.detail << "\n" << log();
  EXPECT_EQ(result.code, 250);

  const auto files = stored();
  ASSERT_EQ(files.size(), 1U);
  const auto parsed = parse_with_python(files[0]);
  EXPECT_EQ(parsed.at("Subject"), "[Nhắc việc] PCTN-07 hạn 24/11/2026 (quá hạn 2 ngày làm việc) và 2 nhiệm vụ khác");
  EXPECT_EQ(parsed.at("To"), "Sở Tài chính <vanphong@sotc.example.vn>");
  EXPECT_EQ(parsed.at("From"), "Hệ thống nhắc việc <nhacviec@stp.example.vn>");
  EXPECT_EQ(parsed.at("Date"), "Thu, 26 Nov 2026 08:00:00 +0700");
  EXPECT_EQ(parsed.at("Message-ID"), message_id(digest.idempotency_key, "stp.example.vn"));
  EXPECT_EQ(parsed.at("X-RcptTo"), "vanphong@sotc.example.vn");
  EXPECT_EQ(parsed.at("X-MailFrom"), "nhacviec@stp.example.vn");
  EXPECT_TRUE(parsed.at("defects").empty()) << parsed.at("defects").dump();
  EXPECT_TRUE(parsed.at("is_multipart").get<bool>());
  const std::string text = parsed.at("text");
  for (const char* expected :
       {"Kính gửi Sở Tài chính,", "CCHC-03. Báo cáo kết quả cải cách hành chính quý IV & năm 2026",
        "Hạn hoàn thành: 24/11/2026 (quá hạn 2 ngày làm việc)", "Sản phẩm: Báo cáo <tổng hợp>"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  const std::string html = parsed.at("html");
  EXPECT_NE(html.find("quý IV &amp; năm 2026"), std::string::npos);
}

TEST_F(SmtpSink, OneClientSendsABurst) {
  start(false);
  SmtpClient client{plain_settings()};
  for (int i = 0; i < 3; ++i) {
    auto digest = sample_digest("burst-" + std::to_string(i));
    const auto message = render_email(digest, k_settings, Templates::defaults(), utc(2026, 11, 26, 1, 0, 0), 420);
    ASSERT_TRUE(message.has_value());
    const auto result = client.send(k_settings.from_address, {digest.recipient, "thuky@sotc.example.vn"}, *message);
    ASSERT_EQ(result.kind, DeliveryResult::Kind::sent) << i << ": " << result.detail;
  }
  EXPECT_EQ(stored().size(), 3U);
}

TEST_F(SmtpSink, RejectedRecipientIsPermanentAndTempfailTransient) {
  start(true);
  SmtpClient client{plain_settings()};
  const auto message =
      render_email(sample_digest(), k_settings, Templates::defaults(), utc(2026, 11, 26, 1, 0, 0), 420);
  ASSERT_TRUE(message.has_value());
  const auto rejected = client.send(k_settings.from_address, {"reject@sotc.example.vn"}, *message);
  EXPECT_EQ(rejected.kind, DeliveryResult::Kind::permanent) << rejected.detail;
  EXPECT_EQ(rejected.code, 550);
  EXPECT_NE(rejected.detail.find("550"), std::string::npos) << rejected.detail;
  const auto deferred = client.send(k_settings.from_address, {"tempfail@sotc.example.vn"}, *message);
  EXPECT_EQ(deferred.kind, DeliveryResult::Kind::transient) << deferred.detail;
  EXPECT_EQ(deferred.code, 451);
  const auto ok = client.send(k_settings.from_address, {"ok@sotc.example.vn"}, *message);
  EXPECT_EQ(ok.kind, DeliveryResult::Kind::sent) << ok.detail << "\n" << log();
  EXPECT_EQ(stored().size(), 1U);
}

TEST_F(SmtpSink, RequiredStartTlsMissingIsPermanent) {
  start(false);
  SmtpSettings settings = plain_settings();
  settings.require_tls = true;  // the sink offers no STARTTLS
  SmtpClient client{settings};
  const auto message =
      render_email(sample_digest(), k_settings, Templates::defaults(), utc(2026, 11, 26, 1, 0, 0), 420);
  const auto result = client.send(k_settings.from_address, {"a@sotc.example.vn"}, message.value());
  EXPECT_EQ(result.kind, DeliveryResult::Kind::permanent) << result.detail;
  EXPECT_TRUE(stored().empty());
}

TEST_F(SmtpSink, StartTlsWithAuthAndVerifiedCertificate) {
  start_tls();
  const auto message =
      render_email(sample_digest(), k_settings, Templates::defaults(), utc(2026, 11, 26, 1, 0, 0), 420);
  ASSERT_TRUE(message.has_value());
  SmtpSettings settings = plain_settings();
  settings.require_tls = true;
  settings.username = "bot";
  settings.password = "s3cret";
  settings.ca_file = (m_dir.path() / "cert.pem").string();
  {
    SmtpClient client{settings};
    const auto result = client.send(k_settings.from_address, {"a@sotc.example.vn"}, *message);
    EXPECT_EQ(result.kind, DeliveryResult::Kind::sent) << result.detail << "\n" << log();
  }
  EXPECT_EQ(stored().size(), 1U);
  {
    SmtpSettings wrong = settings;
    wrong.password = "wrong";
    SmtpClient client{wrong};
    const auto result = client.send(k_settings.from_address, {"a@sotc.example.vn"}, *message);
    EXPECT_EQ(result.kind, DeliveryResult::Kind::permanent) << result.detail;
    EXPECT_EQ(result.code, 535) << result.detail;
  }
  {
    SmtpSettings untrusted = settings;
    untrusted.ca_file.clear();  // the system store does not know our self-signed certificate
    SmtpClient client{untrusted};
    const auto result = client.send(k_settings.from_address, {"a@sotc.example.vn"}, *message);
    EXPECT_EQ(result.kind, DeliveryResult::Kind::permanent) << result.detail;
    EXPECT_NE(result.detail.find("curl error 60"), std::string::npos) << result.detail;
  }
  EXPECT_EQ(stored().size(), 1U);
}

TEST(SmtpClientTest, RefusedPortIsTransient) {
  SmtpSettings settings;
  settings.url = "smtp://127.0.0.1:" + std::to_string(test::free_tcp_port());
  settings.require_tls = false;
  SmtpClient client{settings};
  const auto result = client.send("bot@example.vn", {"a@example.vn"}, "Subject: x\r\n\r\nx\r\n");
  EXPECT_EQ(result.kind, DeliveryResult::Kind::transient) << result.detail;
  // Plain smtp:// goes through PlainSmtpClient, which says so in its own words.
  EXPECT_NE(result.detail.find("cannot connect to 127.0.0.1:"), std::string::npos) << result.detail;
  EXPECT_NE(result.detail.find("Connection refused"), std::string::npos) << result.detail;
}

TEST(SmtpClientTest, RefusedPortThroughLibcurlIsTransient) {
  SmtpSettings settings;
  settings.url = "smtps://127.0.0.1:" + std::to_string(test::free_tcp_port());
  SmtpClient client{settings};
  const auto result = client.send("bot@example.vn", {"a@example.vn"}, "Subject: x\r\n\r\nx\r\n");
  EXPECT_EQ(result.kind, DeliveryResult::Kind::transient) << result.detail;
  EXPECT_NE(result.detail.find("curl error 7"), std::string::npos) << result.detail;
}

SmtpSettings settings_for(std::string url) {
  SmtpSettings settings;
  settings.url = std::move(url);
  return settings;
}

TEST(SmtpClientTest, OnlySmtpSchemesAndSafeEnvelopes) {
  for (const char* url : {"http://127.0.0.1:25", "file:///tmp/x", "127.0.0.1:25", ""}) {
    SmtpClient client{settings_for(url)};
    EXPECT_FALSE(client.settings_error().empty()) << url;
    EXPECT_EQ(client.send("bot@example.vn", {"a@example.vn"}, "x").kind, DeliveryResult::Kind::permanent);
  }
  SmtpClient client{settings_for("smtps://127.0.0.1:1")};
  EXPECT_EQ(client.settings_error(), "");
  EXPECT_EQ(client.send("bot@example.vn\r\nRCPT TO:<x@y>", {"a@example.vn"}, "x").kind,
            DeliveryResult::Kind::permanent);
  EXPECT_EQ(client.send("bot@example.vn", {"a@example.vn>\r\nDATA"}, "x").kind, DeliveryResult::Kind::permanent);
  EXPECT_EQ(client.send("bot@example.vn", {}, "x").kind, DeliveryResult::Kind::permanent);
  SmtpSettings clear_text_password = settings_for("smtp://127.0.0.1:1");
  clear_text_password.require_tls = false;
  clear_text_password.username = "bot";
  EXPECT_FALSE(SmtpClient{clear_text_password}.settings_error().empty());
  SmtpSettings bad_helo = settings_for("smtp://127.0.0.1:1");
  bad_helo.helo_name = "evil/../x";
  EXPECT_FALSE(SmtpClient{bad_helo}.settings_error().empty());
}

TEST(SmtpClientTest, Classification) {
  EXPECT_EQ(classify_smtp_failure(CURLE_OK, 250), DeliveryResult::Kind::sent);
  EXPECT_EQ(classify_smtp_failure(CURLE_SEND_ERROR, 550), DeliveryResult::Kind::permanent);
  EXPECT_EQ(classify_smtp_failure(CURLE_SEND_ERROR, 530), DeliveryResult::Kind::permanent);
  EXPECT_EQ(classify_smtp_failure(CURLE_SEND_ERROR, 451), DeliveryResult::Kind::transient);
  EXPECT_EQ(classify_smtp_failure(CURLE_LOGIN_DENIED, 535), DeliveryResult::Kind::permanent);
  EXPECT_EQ(classify_smtp_failure(CURLE_LOGIN_DENIED, 0), DeliveryResult::Kind::permanent);
  EXPECT_EQ(classify_smtp_failure(CURLE_PEER_FAILED_VERIFICATION, 0), DeliveryResult::Kind::permanent);
  EXPECT_EQ(classify_smtp_failure(CURLE_COULDNT_CONNECT, 0), DeliveryResult::Kind::transient);
  EXPECT_EQ(classify_smtp_failure(CURLE_OPERATION_TIMEDOUT, 250), DeliveryResult::Kind::transient);
  EXPECT_EQ(classify_smtp_failure(CURLE_RECV_ERROR, 0), DeliveryResult::Kind::transient);
}

}  // namespace
}  // namespace deadlined::delivery

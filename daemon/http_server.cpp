#include <utility>  // Boost 1.74 Asio under g++ 12 needs <utility> first.

#include "http_server.hpp"

#include <future>
#include <map>
#include <optional>
#include <thread>
#include <vector>

#include <sys/statvfs.h>
#include <unistd.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wold-style-cast"
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#pragma GCC diagnostic pop
#include <spdlog/spdlog.h>

#include "http_views/request.hpp"
#include "util/expected.hpp"

namespace deadlined {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

class Session;

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(asio::io_context& io_context, HttpServerHooks server_hooks, spdlog::logger& logger)
      : io(io_context), hooks(std::move(server_hooks)), log(logger), acceptor(io_context), retry_timer(io_context) {}

  // HTTP thread: opens the outbox connections, resolves the secrets, binds.
  tl::expected<void, HttpStartError> open();
  void reload_secrets();
  void close_all();
  void accept();
  bool evict_oldest_reader();
  http_views::SiteState site_state(const http_views::DaemonCounters& counters) const {
    http_views::SiteState state;
    state.snapshot = hooks.snapshot();
    state.secrets = secrets;
    state.outbox = outbox ? &*outbox : nullptr;
    state.reader = reader ? &*reader : nullptr;
    state.counters = &counters;
    state.outbox_space_available = outbox_space_available();
    state.version = DEADLINED_VERSION;
    return state;
  }

  // What statvfs says this process may still write where the outbox lives:
  // a full disk shows here before (and while) a turn is refused.
  std::optional<std::uint64_t> outbox_space_available() const {
    if (hooks.outbox.empty()) {
      return std::nullopt;
    }
    const std::filesystem::path directory = hooks.outbox.has_parent_path() ? hooks.outbox.parent_path() : ".";
    struct statvfs stats {};
    if (::statvfs(directory.c_str(), &stats) != 0) {
      return std::nullopt;
    }
    // root may write into the blocks reserved for it (ext4's 5 %).
    const auto blocks = ::geteuid() == 0 ? stats.f_bfree : stats.f_bavail;
    return static_cast<std::uint64_t>(blocks) * static_cast<std::uint64_t>(stats.f_frsize);
  }

  asio::io_context& io;
  HttpServerHooks hooks;
  spdlog::logger& log;
  tcp::acceptor acceptor;
  asio::steady_timer retry_timer;
  http_views::SiteSecrets secrets;
  // Its own connections, opened and used on the HTTP thread only: read-only
  // for counts, next send time and deliveries (at a cost that does not grow
  // with the outbox), and one for triggers and acknowledgements, whose
  // writes wait for the loop's with SQLite's busy timeout.
  mutable std::optional<OutboxReader> reader;  // mutable: site_state() is const, reads use it
  mutable std::optional<Outbox> outbox;        // mutable: as reader
  std::chrono::seconds timeout{30};
  std::string listen;  // as bound at start
  std::map<Session*, std::weak_ptr<Session>> sessions;
  bool stopped = false;
};

namespace {

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// RFC 9112 section 6.1: a body is framed by chunked, which must come last
// (else its length cannot be known: 400); no other coding is decoded here
// (501). The parser alone would read such a body until the peer closes.
std::optional<std::pair<unsigned, std::string>> transfer_coding_problem(std::string_view codings) {
  if (codings.empty()) {
    return std::nullopt;
  }
  std::vector<std::string_view> names;
  while (!codings.empty()) {
    const auto comma = codings.find(',');
    std::string_view name = codings.substr(0, comma);
    codings = comma == std::string_view::npos ? std::string_view() : codings.substr(comma + 1);
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) {
      name.remove_prefix(1);
    }
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) {
      name.remove_suffix(1);
    }
    if (!name.empty()) {
      names.push_back(name);
    }
  }
  if (names.empty() || !beast::iequals(beast::string_view(names.back().data(), names.back().size()), "chunked")) {
    return std::pair{400U, std::string("Transfer-Encoding must end with chunked")};
  }
  if (names.size() > 1) {
    return std::pair{501U, std::string("transfer coding not supported: only chunked is")};
  }
  return std::nullopt;
}

// RFC 9112 section 3.2: exactly one Host field in an HTTP/1.1 request, at
// most one in an HTTP/1.0 one, and a value that is a host[:port]. Without
// the check a request could name one host to a proxy in front and another
// here.
std::optional<std::string> host_problem(const Request& request) {
  const std::size_t hosts = request.count(http::field::host);
  if (hosts == 0) {
    return request.version() >= 11 ? std::optional<std::string>("an HTTP/1.1 request needs a Host field")
                                   : std::nullopt;
  }
  if (hosts > 1) {
    return "more than one Host field";
  }
  const auto host = request[http::field::host];
  if (!http_views::valid_host_field(std::string_view(host.data(), host.size()))) {
    return "the Host field is not a host[:port]";
  }
  return std::nullopt;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<HttpServer::Impl> server)
      : m_stream(std::move(socket)), m_server(std::move(server)) {}

  void start() { read(); }
  // When the current request started to arrive (or the connection went idle
  // between requests); nullopt while a request is being answered.
  std::optional<std::chrono::steady_clock::time_point> reading_since() const { return m_reading_since; }

  void close() {
    beast::error_code ignored;
    m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    m_stream.close();
  }

 private:
  void read() {
    m_parser.emplace();
    m_parser->header_limit(static_cast<std::uint32_t>(k_http_header_limit));
    m_parser->body_limit(k_http_body_limit);
    // A request must arrive whole within this; a client that trickles its
    // headers (slowloris) is cut off well before http.timeout.
    m_stream.expires_after(std::min<std::chrono::steady_clock::duration>(m_server->timeout, k_http_request_deadline));
    m_reading_since = std::chrono::steady_clock::now();
    m_raw_header.clear();
    read_header();
  }

  // What http::async_read_header does, done here so that the header's raw
  // lines can be seen before the parser joins a folded line (obs-fold) into
  // the field before it. The parser consumes whole lines only (the start line,
  // then complete fields), so the bytes it used, kept until the header is
  // done, are the header as it arrived.
  void read_header() {
    if (m_buffer.size() > 0) {
      beast::error_code error;
      const auto bytes = m_buffer.data();
      const std::size_t used = m_parser->put(bytes, error);
      m_raw_header.append(static_cast<const char*>(bytes.data()), used);
      m_buffer.consume(used);
      if (error != http::error::need_more) {
        if (!error && http_views::has_obsolete_line_folding(m_raw_header)) {
          fail(400, "a header field continued on the next line (obsolete line folding) is not accepted");
          return;
        }
        on_header(error);
        return;
      }
    }
    if (m_buffer.size() >= m_buffer.max_size()) {
      on_header(http::error::buffer_overflow);
      return;
    }
    m_stream.async_read_some(m_buffer.prepare(beast::read_size(m_buffer, k_read_size)),
                             [self = shared_from_this()](beast::error_code error, std::size_t bytes) {
                               self->m_buffer.commit(bytes);
                               if (error == asio::error::eof) {
                                 // As Beast's read: a request cut short, or a connection closed between requests.
                                 if (self->m_parser->got_some()) {
                                   error = http::error::partial_message;
                                 } else {
                                   error = http::error::end_of_stream;
                                 }
                               }
                               if (error || self->m_server->stopped) {
                                 self->on_header(error);
                                 return;
                               }
                               self->read_header();
                             });
  }

  // A client that sent "Expect: 100-continue" waits for a go-ahead before its
  // body (curl for a second): it gets 100 Continue when the body would be
  // read, a final answer when not (413 for a declared length over the limit,
  // found by the parser with the header; 417 for any other expectation).
  void on_header(beast::error_code error) {
    if (error || m_server->stopped) {
      on_read(error);
      return;
    }
    const Request& request = m_parser->get();
    // The parser's own limit lets many short header lines through: counted
    // here, as they arrived.
    std::size_t header_size = request.method_string().size() + request.target().size() + 12;
    for (const auto& field : request) {
      header_size += field.name_string().size() + field.value().size() + 4;
    }
    if (header_size > k_http_header_limit) {
      fail(431, "request header too large (limit " + std::to_string(k_http_header_limit / 1024) + " KiB)");
      return;
    }
    const auto codings = request[http::field::transfer_encoding];
    if (const auto problem = transfer_coding_problem(std::string_view(codings.data(), codings.size()))) {
      fail(problem->first, problem->second);
      return;
    }
    if (const auto problem = host_problem(request)) {
      fail(400, *problem);
      return;
    }
    const auto expect = request[http::field::expect];
    if (m_parser->is_done()) {  // no body: nothing to wait for
      on_read({});
      return;
    }
    if (expect.empty() || request.version() < 11) {  // HTTP/1.0 clients never wait for a 100
      read_body();
      return;
    }
    if (!beast::iequals(expect, "100-continue")) {
      fail(417, "expectation not supported: only \"Expect: 100-continue\" is");
      return;
    }
    auto go_ahead = std::make_shared<http::response<http::empty_body>>(http::status::continue_, request.version());
    http::async_write(m_stream, *go_ahead,
                      [self = shared_from_this(), go_ahead](beast::error_code write_error, std::size_t) {
                        if (write_error || self->m_server->stopped) {
                          self->on_read(write_error ? write_error : beast::error_code{});
                          return;
                        }
                        self->read_body();
                      });
  }

  void read_body() {
    http::async_read(m_stream, m_buffer, *m_parser,
                     [self = shared_from_this()](beast::error_code error, std::size_t) { self->on_read(error); });
  }

  void on_read(beast::error_code error) {
    m_reading_since.reset();
    if (m_server->stopped) {
      return;
    }
    if (error == http::error::end_of_stream) {
      beast::error_code ignored;
      m_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
      finish();
      return;
    }
    if (error == http::error::body_limit) {
      fail(413, "request body too large (limit " + std::to_string(k_http_body_limit / 1024) + " KiB)");
      return;
    }
    if (error == http::error::header_limit || (error == http::error::buffer_overflow && !m_parser->is_header_done())) {
      fail(431, "request header too large (limit " + std::to_string(k_http_header_limit / 1024) + " KiB)");
      return;
    }
    if (error && error.category() == http::make_error_code(http::error::bad_target).category() &&
        error != http::error::partial_message) {
      fail(400, "malformed request: " + error.message());
      return;
    }
    if (error) {
      // Timeout, reset, or the peer went away mid-request: nothing to answer.
      finish();
      return;
    }
    const Request& request = m_parser->get();
    http_views::SiteRequest site_request;
    site_request.method = std::string(request.method_string());
    site_request.target = std::string(request.target());
    site_request.authorization = std::string(request[http::field::authorization]);
    site_request.content_type = std::string(request[http::field::content_type]);
    site_request.body = request.body();
    Instant now = m_server->hooks.now();
    const http_views::DaemonCounters counters =
        m_server->hooks.counters ? m_server->hooks.counters() : http_views::DaemonCounters{};
    http_views::SiteResponse answer = http_views::handle_request(site_request, m_server->site_state(counters), now);
    std::string_view path = site_request.target;
    path = path.substr(0, path.find('?'));  // never log tokens
    if (request.method() == http::verb::post) {
      // Acknowledgements change state: keep them in the log (the audit trail is ack_events).
      m_server->log.info("http {} {} {}", site_request.method, path, answer.status);
    } else {
      m_server->log.debug("http {} {} {}", site_request.method, path, answer.status);
    }
    bool head = request.method() == http::verb::head;
    respond(std::move(answer), request.version(), request.keep_alive(), head);
  }

  void fail(unsigned status, const std::string& message) {
    m_reading_since.reset();  // being answered: not a waiting reader to evict
    m_server->log.debug("http: answering {}: {}", status, message);
    respond(http_views::error_response(status, message), 11, false, false);
  }

  void respond(http_views::SiteResponse answer, unsigned version, bool keep_alive, bool head) {
    auto response = std::make_shared<Response>(static_cast<http::status>(answer.status), version);
    response->set(http::field::server, "deadlined/" DEADLINED_VERSION);
    response->set(http::field::content_type, answer.content_type);
    response->set("X-Content-Type-Options", "nosniff");
    response->set("Referrer-Policy", "no-referrer");
    for (const auto& [name, value] : answer.headers) {
      response->set(name, value);
    }
    response->keep_alive(keep_alive);
    if (head) {
      response->content_length(answer.body.size());
    } else {
      response->body() = std::move(answer.body);
      response->prepare_payload();
    }
    m_stream.expires_after(m_server->timeout);
    http::async_write(m_stream, *response,
                      [self = shared_from_this(), response, keep_alive](beast::error_code error, std::size_t) {
                        self->on_write(error, keep_alive);
                      });
  }

  void on_write(beast::error_code error, bool keep_alive) {
    if (m_server->stopped) {
      return;
    }
    if (error) {
      finish();
      return;
    }
    if (keep_alive) {
      read();
      return;
    }
    // Lingering close: stop sending, then drain what the client still sends
    // (an oversized body) for a moment, so the answer is not lost to a reset.
    beast::error_code ignored;
    m_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    m_stream.expires_after(std::chrono::seconds{2});
    drain();
  }

  void drain() {
    m_stream.async_read_some(asio::buffer(m_discard),
                             [self = shared_from_this()](beast::error_code error, std::size_t) {
                               if (error || self->m_server->stopped) {
                                 self->finish();
                                 return;
                               }
                               self->drain();
                             });
  }

  void finish() {
    close();
    m_server->sessions.erase(this);
  }

  static constexpr std::size_t k_read_size = 64 * 1024;  // at most, per read of the header
  beast::tcp_stream m_stream;
  std::shared_ptr<HttpServer::Impl> m_server;
  beast::flat_buffer m_buffer{k_http_header_limit + k_http_body_limit};
  std::optional<http::request_parser<http::string_body>> m_parser;
  std::string m_raw_header;  // what the parser used of the header so far, at most its limit
  std::array<char, 16 * 1024> m_discard{};
  std::optional<std::chrono::steady_clock::time_point> m_reading_since;
};

}  // namespace

bool HttpServer::Impl::evict_oldest_reader() {
  // At the cap, the connection that has waited longest for its request (idle
  // keep-alive, or a client trickling headers) makes room: held-open
  // connections can then never lock a health check out.
  std::shared_ptr<Session> oldest;
  std::chrono::steady_clock::time_point oldest_since{};
  for (const auto& [pointer, weak] : sessions) {
    auto session = weak.lock();
    if (!session) {
      continue;
    }
    const auto since = session->reading_since();
    if (since && (!oldest || *since < oldest_since)) {
      oldest = session;
      oldest_since = *since;
    }
  }
  if (!oldest) {
    return false;
  }
  sessions.erase(oldest.get());
  oldest->close();
  return true;
}

void HttpServer::Impl::accept() {
  acceptor.async_accept([self = shared_from_this()](beast::error_code error, tcp::socket socket) {
    if (self->stopped || error == asio::error::operation_aborted) {
      return;
    }
    if (error) {
      // Out of file descriptors and the like: try again shortly rather than spin.
      self->log.warn("http: accept failed: {}", error.message());
      self->retry_timer.expires_after(std::chrono::milliseconds{200});
      self->retry_timer.async_wait([self](beast::error_code timer_error) {
        if (!timer_error && !self->stopped) {
          self->accept();
        }
      });
      return;
    }
    if (self->sessions.size() >= k_http_max_connections && !self->evict_oldest_reader()) {
      beast::error_code ignored;
      socket.close(ignored);  // every connection is being answered: the newcomer waits its turn
    } else {
      auto session = std::make_shared<Session>(std::move(socket), self);
      self->sessions.emplace(session.get(), session);
      session->start();
    }
    self->accept();
  });
}

namespace {

// Opens, binds and listens: what can fail about http.listen. A port in use is
// not a configuration error (another instance may be stopping: systemd's
// restart tries again); an address this host does not have, or a port it may
// not bind, is.
tl::expected<void, HttpStartError> bind_listener(tcp::acceptor& acceptor, const HttpConfig& config) {
  beast::error_code error;
  auto address = asio::ip::make_address(config.host, error);
  if (error) {
    return tl::unexpected(HttpStartError{"http.listen: bad address \"" + config.host + "\": " + error.message(), true});
  }
  tcp::endpoint endpoint(address, static_cast<unsigned short>(config.port));
  acceptor.open(endpoint.protocol(), error);
  if (!error) {
    acceptor.set_option(asio::socket_base::reuse_address(true), error);
  }
  if (!error) {
    acceptor.bind(endpoint, error);
  }
  if (!error) {
    acceptor.listen(asio::socket_base::max_listen_connections, error);
  }
  if (error) {
    const bool config_error =
        error == boost::system::errc::address_not_available || error == asio::error::access_denied;
    return tl::unexpected(
        HttpStartError{"cannot listen on " + config.listen + " (http.listen): " + error.message(), config_error});
  }
  return {};
}

}  // namespace

tl::expected<void, HttpStartError> HttpServer::Impl::open() {
  auto snapshot = hooks.snapshot();
  const HttpConfig& config = snapshot->config.http;
  timeout = std::chrono::seconds{config.timeout_s};
  listen = config.listen;
  auto resolved = http_views::resolve_site_secrets(config, hooks.environment);
  if (!resolved) {
    return tl::unexpected(HttpStartError{resolved.error(), true});
  }
  secrets = std::move(*resolved);
  if (!hooks.outbox.empty()) {
    auto opened_reader = OutboxReader::open(hooks.outbox);
    if (!opened_reader) {
      return tl::unexpected(HttpStartError{"http: " + opened_reader.error(), false});
    }
    reader.emplace(std::move(*opened_reader));
    auto opened = Outbox::open(hooks.outbox, hooks.durability);
    if (!opened) {
      return tl::unexpected(HttpStartError{"http: " + opened.error(), false});
    }
    outbox.emplace(std::move(*opened));
  }
  DEADLINED_TRY(bind_listener(acceptor, config));
  accept();
  log.info("http: listening on {} (status page {}, ICS feeds {}, ack links {}, ack API {})", config.listen,
           secrets.status_token.empty() ? "off" : "on", secrets.feed_secret.empty() ? "off" : "on",
           snapshot->ack_secret.empty() ? "off" : "on", secrets.api_token.empty() ? "off" : "on");
  return {};
}

tl::expected<void, HttpStartError> HttpServer::preflight(const HttpConfig& config, const Environment& environment) {
  if (auto resolved = http_views::resolve_site_secrets(config, environment); !resolved) {
    return tl::unexpected(HttpStartError{resolved.error(), true});
  }
  asio::io_context io;
  tcp::acceptor acceptor(io);
  return bind_listener(acceptor, config);  // closed again here: start() binds for good
}

void HttpServer::Impl::reload_secrets() {
  auto snapshot = hooks.snapshot();
  auto resolved = http_views::resolve_site_secrets(snapshot->config.http, hooks.environment);
  if (!resolved) {
    log.error("{}; keeping the previous token and secret", resolved.error());
    return;
  }
  secrets = std::move(*resolved);
  timeout = std::chrono::seconds{snapshot->config.http.timeout_s};
  if (snapshot->config.http.listen != listen || !snapshot->config.http.enabled) {
    log.warn("http.listen and http.enabled take effect at the next restart; still listening on {}", listen);
  }
}

void HttpServer::Impl::close_all() {
  if (stopped) {
    return;
  }
  stopped = true;
  beast::error_code ignored;
  acceptor.close(ignored);
  retry_timer.cancel();
  auto open_sessions = std::move(sessions);
  sessions.clear();
  for (auto& [pointer, weak] : open_sessions) {
    if (auto session = weak.lock()) {
      session->close();
    }
  }
  // Closed on the thread that used them; no handler reads them once stopped.
  reader.reset();
  outbox.reset();
}

// The HTTP thread: its io_context runs until stop() lets it run out of work.
struct HttpServer::Thread {
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  std::shared_ptr<HttpServer::Impl> impl;
  std::thread runner;
};

HttpServer::HttpServer(std::unique_ptr<Thread> thread) : m_thread(std::move(thread)) {}

tl::expected<std::unique_ptr<HttpServer>, HttpStartError> HttpServer::start(HttpServerHooks hooks,
                                                                            spdlog::logger& log) {
  auto thread = std::make_unique<Thread>();
  thread->impl = std::make_shared<Impl>(thread->io, std::move(hooks), log);
  std::promise<tl::expected<void, HttpStartError>> opened;
  auto result = opened.get_future();
  asio::post(thread->io, [impl = thread->impl, &opened] { opened.set_value(impl->open()); });
  thread->runner = std::thread([io = &thread->io] { io->run(); });
  std::unique_ptr<HttpServer> server(new HttpServer(std::move(thread)));
  auto started = result.get();
  if (!started) {
    return tl::unexpected(std::move(started.error()));  // ~HttpServer stops the thread
  }
  return server;
}

HttpServer::~HttpServer() {
  stop();
}

void HttpServer::reload() {
  // Waits: once this returns, every request is answered with the new secrets.
  std::promise<void> done;
  auto reloaded = done.get_future();
  asio::post(m_thread->io, [impl = m_thread->impl, &done] {
    impl->reload_secrets();
    done.set_value();
  });
  reloaded.wait();
}

void HttpServer::stop() {
  if (!m_thread->runner.joinable()) {
    return;
  }
  asio::post(m_thread->io, [impl = m_thread->impl] { impl->close_all(); });
  m_thread->work.reset();
  m_thread->runner.join();
}

}  // namespace deadlined

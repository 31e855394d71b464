#pragma once
// Composing messages: outbox rows, the snapshot and `now` to deliveries (one
// message per recipient and send slot) with their payloads. Pure: reads only
// its arguments (no outbox, no clock), so any thread may call it.
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "outbox/outbox.hpp"
#include "reminders/planner.hpp"
#include "delivery/email.hpp"
#include "service/snapshot.hpp"

namespace deadlined {

// One message to send: the rendered email or webhook body of a digest.
struct Delivery {
  std::string idempotency_key;  // derived from the outbox keys it carries
  Channel channel = Channel::email;
  std::string recipient;  // address or URL
  std::string endpoint;   // SMTP server URL, "maildir", or the webhook host: concurrency is bounded per endpoint
  std::vector<std::string> keys;
  std::vector<ReminderRow> rows;
  std::string payload;  // RFC 5322 message, or JSON body
  std::string secret;   // webhook HMAC secret; empty: unsigned
  // True while the payload (and the idempotency key) is still to be rendered
  // (Rendering::deferred).
  bool needs_render = false;
  // Set when the message cannot be rendered (e.g. a bad address): it never
  // will be, so it is recorded dead instead of sent. The payload is then empty.
  std::optional<std::string> render_error;
};

// Whether build_deliveries renders the messages or leaves that to
// render_payload, e.g. on the worker that sends them.
enum class Rendering { now, deferred };

// Renders a deferred delivery's message into its payload. Reads only the
// snapshot, so any thread may call it; an error means it can never be sent.
// `compiled`, when given, holds the snapshot's email templates parsed once
// (one per worker thread); without it they are parsed for this message.
tl::expected<void, std::string> render_payload(Delivery& delivery, const Snapshot& snapshot, Instant now,
                                               delivery::CompiledTemplates* compiled = nullptr);

// Groups rows by channel and recipient and renders one message each (with
// Rendering::now; a message that cannot be rendered has its render_error set).
std::vector<Delivery> build_deliveries(const std::vector<ReminderRow>& rows, const Snapshot& snapshot, Instant now,
                                       Rendering rendering = Rendering::now);
// The same, moving the rows into the deliveries instead of copying them.
std::vector<Delivery> build_deliveries(std::vector<ReminderRow>&& rows, const Snapshot& snapshot, Instant now,
                                       Rendering rendering = Rendering::now);

// The compliance report rows (stage "report"), one delivery each, rendered
// from the acknowledgements and triggers as they are now.
std::vector<Delivery> build_report_deliveries(const std::vector<ReminderRow>& rows, const Snapshot& snapshot,
                                              const std::vector<TriggerRow>& triggers, const std::vector<AckRow>& acks,
                                              Instant now);

}  // namespace deadlined

#pragma once
// Outcome of one delivery attempt, as the outbox needs it to decide between
// "done", "retry later" and "give up and report".
#include <string>

namespace deadlined::delivery {

struct DeliveryResult {
  enum class Kind {
    sent,       // accepted by the peer (or written to the maildir)
    transient,  // worth retrying later: timeouts, 4xx, connection trouble
    permanent,  // retrying cannot help: bad config, 5xx, rejected recipient
  };
  Kind kind = Kind::permanent;
  // Human-readable cause, including curl's error text and the reply code.
  std::string detail;
  // SMTP reply code or HTTP status of the last reply; 0 when none was received.
  long code = 0;
  // Seconds the peer asked to wait before the next attempt (HTTP Retry-After
  // on 429/503); 0 when it did not say.
  long retry_after_seconds = 0;
  // The peer refused with a reply of its own (SMTP 4xx/5xx, HTTP 4xx/5xx such
  // as 429 or 503): its answer, not a transfer cut short. `code` alone does
  // not tell: libcurl reports the last reply of a session (a 250 or 354 of a
  // transaction it cut in the middle).
  bool refused_by_peer() const { return code >= 400; }
  // Cut short by a stop (TransferAbort) before the peer answered: not a
  // failed attempt. The peer may have received the message all the same; it
  // is sent again at the next start, with the same Message-ID or
  // Idempotency-Key.
  bool interrupted = false;
};

const char* to_string(DeliveryResult::Kind kind);

}  // namespace deadlined::delivery

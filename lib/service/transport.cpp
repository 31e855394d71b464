// The real transports: SMTP (or the Maildir when no server is configured)
// and webhooks, one instance per worker thread.
#include "service/transport.hpp"

#include <algorithm>
#include <optional>

#include "delivery/maildir.hpp"
#include "delivery/smtp.hpp"
#include "delivery/webhook.hpp"

namespace deadlined {

namespace {

using delivery::DeliveryResult;

class RealTransport final : public Transport {
 public:
  RealTransport(std::shared_ptr<const Snapshot> snapshot, std::shared_ptr<delivery::TransferAbort> abort)
      : m_snapshot(std::move(snapshot)), m_abort(std::move(abort)), m_webhook(webhook_settings(*m_snapshot, m_abort)) {
    const SmtpConfig& smtp = m_snapshot->config.smtp;
    if (!smtp.url.empty()) {
      delivery::SmtpSettings settings;
      settings.url = smtp.url;
      settings.require_tls = smtp.require_tls;
      settings.username = smtp.username;
      settings.password = m_snapshot->smtp_password;
      settings.ca_file = smtp.ca_file;
      settings.connect_timeout = std::chrono::seconds{smtp.connect_timeout_s};
      settings.total_timeout = std::chrono::seconds{smtp.timeout_s};
      settings.abort = m_abort;
      m_smtp.emplace(std::move(settings));
    }
  }

  DeliveryResult deliver(const Delivery& delivery, Instant now) override {
    DeliveryResult result = send(delivery, now);
    mark_interrupted(result);
    return result;
  }

  void deliver_all(const std::vector<const Delivery*>& deliveries, Instant now, const Report& report) override {
    const bool all_webhooks = std::all_of(deliveries.begin(), deliveries.end(),
                                          [](const Delivery* one) { return one->channel == Channel::webhook; });
    if (deliveries.size() < 2 || !all_webhooks) {
      Transport::deliver_all(deliveries, now, report);
      return;
    }
    std::vector<delivery::WebhookPost> posts;
    posts.reserve(deliveries.size());
    for (const Delivery* one : deliveries) {
      posts.push_back(delivery::WebhookPost{one->recipient, one->payload, one->secret, one->idempotency_key});
    }
    m_webhook.post_all(posts, now, [&](std::size_t index, const DeliveryResult& result) {
      DeliveryResult reported = result;
      mark_interrupted(reported);
      report(index, std::move(reported));
    });
  }

 private:
  void mark_interrupted(DeliveryResult& result) const {
    // A transfer the abort cut before the peer answered is no attempt of the
    // peer's: the row goes back as it was. A refusal the peer sent (a 4xx
    // with its Retry-After, a 503) stands, even when the abort fired as it
    // came in: it counts as an attempt and its wait is kept.
    if (m_abort && m_abort->aborted() && result.kind == DeliveryResult::Kind::transient && !result.refused_by_peer()) {
      result.interrupted = true;
      result.detail = "cut short by a stop before the peer answered";
    }
  }

  DeliveryResult send(const Delivery& delivery, Instant now) {
    if (delivery.channel == Channel::webhook) {
      return m_webhook.post(delivery.recipient, delivery.payload, delivery.secret, delivery.idempotency_key, now);
    }
    if (!m_smtp) {
      return delivery::deliver_to_maildir(maildir_path(m_snapshot->config), delivery.payload,
                                          delivery::maildir_name_for_key(delivery.idempotency_key));
    }
    if (!m_smtp->settings_error().empty()) {
      return DeliveryResult{DeliveryResult::Kind::permanent, m_smtp->settings_error(), 0};
    }
    return m_smtp->send(m_snapshot->config.email.from, {delivery.recipient}, delivery.payload);
  }

  static delivery::WebhookSettings webhook_settings(const Snapshot& snapshot,
                                                    std::shared_ptr<delivery::TransferAbort> abort) {
    delivery::WebhookSettings settings;
    settings.abort = std::move(abort);
    settings.total_timeout = std::chrono::seconds{snapshot.config.webhook.timeout_s};
    settings.connect_timeout = std::min(settings.connect_timeout, settings.total_timeout);
    settings.ca_file = snapshot.config.webhook.ca_file;
    return settings;
  }

  std::shared_ptr<const Snapshot> m_snapshot;
  std::shared_ptr<delivery::TransferAbort> m_abort;
  std::optional<delivery::SmtpClient> m_smtp;
  delivery::WebhookClient m_webhook;
};

}  // namespace

std::unique_ptr<Transport> make_transport(std::shared_ptr<const Snapshot> snapshot,
                                          std::shared_ptr<delivery::TransferAbort> abort) {
  return std::make_unique<RealTransport>(std::move(snapshot), std::move(abort));
}

}  // namespace deadlined

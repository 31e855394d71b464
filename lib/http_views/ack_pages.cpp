#include "http_views/ack_pages.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "compliance/ack_token.hpp"
#include "compliance/acks.hpp"
#include "delivery/mustache.hpp"
#include "http_views/status_page.hpp"
#include "plan/obligations.hpp"
#include "util/safe_input.hpp"

namespace deadlined::http_views {

namespace {

// What is wrong with a note or a name typed by a person or sent by a
// system, or empty: it must be UTF-8 without control characters (a note may
// have line breaks and tabs). A NUL was cut off silently when stored.
std::string text_problem(std::string_view text, bool multiline) {
  if (first_invalid_utf8(text)) {
    return "is not valid UTF-8";
  }
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) || byte == 0x7f) {
      return "contains a control character";
    }
  }
  return {};
}

constexpr std::string_view k_html_type = "text/html; charset=utf-8";
constexpr std::string_view k_json_type = "application/json";

std::string date_text(Date date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02u/%02u/%04d", day_of(date), month_of(date), year_of(date));
  return buffer;
}

std::string instant_text(const TimeZone& zone, Instant instant) {
  int offset = zone.offset_minutes(instant);
  auto local = instant + std::chrono::minutes{offset};
  auto since_midnight = local - std::chrono::floor<std::chrono::days>(local);
  std::chrono::hh_mm_ss time{since_midnight};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d ", static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()));
  return buffer + date_text(zone.local_date(instant));
}

// What an ack page shows; rendered with the page template ack.html.mustache.
struct AckView {
  std::string title;
  std::optional<KnownObligation> obligation;
  std::vector<std::pair<std::string, std::string>> messages;  // (css class: ok | late | "", text)
  std::string done_token;                                     // not empty: the "mark done" form
  std::string undo_token;                                     // not empty: the undo form, open until `undo_until`
  std::string undo_until;
};

SiteResponse page(const SiteState& state, unsigned status, const AckView& view) {
  using kainjow::mustache::data;
  SiteResponse response;
  response.status = status;
  response.content_type = std::string(k_html_type);
  data d;
  d.set("title", view.title);
  d.set("has_obligation", view.obligation.has_value());
  if (view.obligation) {
    const KnownObligation& o = *view.obligation;
    d.set("task_id", o.task->id);
    d.set("task_title", o.task->title);
    // Which period of a report series the link confirms ("Báo cáo Quý I/2022"), as the email said.
    const std::string period = occurrence_label(*o.task, o.ref.occurrence);
    d.set("occurrence_label", period);
    d.set("has_occurrence_label", !period.empty());
    d.set("plan_id", o.plan->id);
    d.set("plan_title", o.plan->title);
    d.set("unit_id", o.unit->id);
    d.set("unit_name", o.unit->name);
    d.set("role_text", std::string(role_heading(o.role)));
    d.set("due_date", date_text(o.due));
    d.set("has_product", !o.task->product.empty());
    d.set("product", o.task->product);
  }
  data messages{data::type::list};
  for (const auto& [css, text] : view.messages) {
    data m;
    m.set("has_class", !css.empty());
    m.set("class", css);
    m.set("text", text);
    messages.push_back(m);
  }
  d.set("messages", messages);
  d.set("has_done_form", !view.done_token.empty());
  d.set("has_undo_form", !view.undo_token.empty());
  d.set("token", view.done_token.empty() ? view.undo_token : view.done_token);
  d.set("done_action", base_url(state.snapshot->config.http) + "/ack");
  d.set("undo_action", base_url(state.snapshot->config.http) + "/ack/undo");
  d.set("note_max", std::to_string(k_max_ack_note_length));
  d.set("undo_until", view.undo_until);
  kainjow::mustache::mustache compiled{state.snapshot->pages.ack};
  if (compiled.is_valid()) {
    response.body = compiled.render(d);
  } else {
    response.body =
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"UTF-8\"><title>ack</title></head><body><p>" +
        html_escape(view.title) + "</p></body></html>\n";
  }
  response.headers.emplace_back("Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  return response;
}

SiteResponse message_page(const SiteState& state, unsigned status, std::string title, std::string message) {
  AckView view;
  view.title = std::move(title);
  view.messages.emplace_back("", std::move(message));
  return page(state, status, view);
}

SiteResponse token_refused(const SiteState& state, AckTokenError error) {
  if (error == AckTokenError::expired) {
    return message_page(state, 403, "Liên kết đã hết hạn",
                        "Liên kết xác nhận này đã hết hạn. Vui lòng dùng liên kết trong thư nhắc việc mới nhất "
                        "hoặc liên hệ bộ phận quản trị hệ thống.");
  }
  return message_page(state, 403, "Liên kết không hợp lệ",
                      "Liên kết xác nhận không hợp lệ (sai chữ ký hoặc đã bị sửa). Vui lòng dùng đúng liên kết "
                      "trong thư nhắc việc.");
}

std::vector<TriggerRow> stored_triggers(Outbox& outbox) {
  auto rows = outbox.triggers();
  return rows ? std::move(*rows) : std::vector<TriggerRow>{};
}

// The obligation a verified token names, as the current config knows it.
tl::expected<KnownObligation, AckError> obligation_of(const SiteState& state, const ObligationRef& ref) {
  const Snapshot& snapshot = *state.snapshot;
  auto occurrence = parse_iso_date(ref.occurrence);
  if (!occurrence) {
    return tl::unexpected(AckError{AckError::Kind::not_found, "bad occurrence " + ref.occurrence});
  }
  ObligationQuery query{ref.plan, ref.task, ref.unit, occurrence};
  auto found = resolve_obligation(snapshot.config, snapshot.calendar, stored_triggers(*state.outbox), query);
  if (found && found->ref != ref) {
    return tl::unexpected(AckError{AckError::Kind::not_found, "no obligation " + ref.key()});
  }
  return found;
}

// The obligation's current state from its own events (nullopt: never acted on).
std::optional<AckState> state_of(const SiteState& state, const ObligationRef& ref) {
  auto events = state.outbox->acks_of(ref.plan, ref.task, ref.occurrence, ref.unit);
  if (!events || events->empty()) {
    return std::nullopt;
  }
  AckState current;
  for (auto& event : *events) {
    if (event.action == AckAction::done) {
      current.done = event;
    } else {
      current.done.reset();
    }
    current.last = std::move(event);
  }
  return current;
}

// Offers the undo form while the window is open.
void offer_undo(const SiteState& state, AckView& view, std::string_view token, const AckRow& done, Instant now) {
  const int window = state.snapshot->config.acks.undo_window_s;
  if (window <= 0 || now.time_since_epoch().count() - done.at > window) {
    return;
  }
  view.undo_token = std::string(token);
  view.undo_until = instant_text(state.snapshot->zone, Instant{std::chrono::seconds{done.at + window}});
}

std::string done_text(const SiteState& state, const AckRow& done) {
  std::string text = "Nhiệm vụ đã được xác nhận hoàn thành lúc " +
                     instant_text(state.snapshot->zone, Instant{std::chrono::seconds{done.at}});
  if (!done.by.empty()) {
    text += " (" + done.by + ")";
  }
  text += done.late ? ", sau hạn." : ", đúng hạn.";
  return text;
}

SiteResponse obligation_error_page(const SiteState& state, const AckError& error) {
  switch (error.kind) {
    case AckError::Kind::not_found:
    case AckError::Kind::ambiguous:
      return message_page(state, 404, "Không tìm thấy nhiệm vụ",
                          "Nhiệm vụ của liên kết này không còn trong kế hoạch hiện hành.");
    case AckError::Kind::conflict:
    case AckError::Kind::expired:
      return message_page(state, 409, "Không thực hiện được", error.message);
    case AckError::Kind::storage:
      break;
  }
  return message_page(state, 500, "Lỗi hệ thống", "Không ghi được vào cơ sở dữ liệu; vui lòng thử lại sau.");
}

}  // namespace

std::optional<std::map<std::string, std::string>> parse_form(std::string_view body) {
  std::map<std::string, std::string> fields;
  while (!body.empty()) {
    std::size_t end = body.find('&');
    std::string_view pair = body.substr(0, end);
    body = end == std::string_view::npos ? std::string_view{} : body.substr(end + 1);
    if (pair.empty()) {
      continue;
    }
    std::size_t equals = pair.find('=');
    auto name = percent_decode(pair.substr(0, equals), true);
    auto value = percent_decode(equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1), true);
    if (!name || !value) {
      return std::nullopt;
    }
    fields.emplace(std::move(*name), std::move(*value));
  }
  return fields;
}

SiteResponse ack_confirmation_page(const SiteState& state, const Target& target, Instant now) {
  const Snapshot& snapshot = *state.snapshot;
  if (snapshot.ack_secret.empty()) {
    return message_page(state, 404, "Không có chức năng xác nhận", "Chức năng xác nhận qua liên kết chưa được bật.");
  }
  auto token = target.query.find("t");
  if (token == target.query.end() || token->second.empty()) {
    return message_page(state, 400, "Thiếu mã xác nhận", "Liên kết thiếu mã xác nhận (?t=...).");
  }
  auto claims = verify_ack_token(snapshot.ack_secret, token->second, now);
  if (!claims) {
    return token_refused(state, claims.error());
  }
  auto obligation = obligation_of(state, claims->ref);
  if (!obligation) {
    return obligation_error_page(state, obligation.error());
  }
  AckView view;
  view.title = "Xác nhận hoàn thành nhiệm vụ";
  view.obligation = *obligation;
  auto current = state_of(state, claims->ref);
  if (current && current->is_done() && current->done) {
    view.messages.emplace_back("ok", done_text(state, *current->done));
    offer_undo(state, view, token->second, *current->done, now);
  } else {
    view.messages.emplace_back("",
                               "Đơn vị bấm nút dưới đây để xác nhận đã hoàn thành nhiệm vụ. Khi đã xác nhận, "
                               "hệ thống ngừng gửi thư nhắc việc cho nhiệm vụ này.");
    view.done_token = token->second;
  }
  return page(state, 200, view);
}

SiteResponse ack_form_post(const SiteState& state, const SiteRequest& request, bool undo, Instant now) {
  const Snapshot& snapshot = *state.snapshot;
  if (snapshot.ack_secret.empty()) {
    return message_page(state, 404, "Không có chức năng xác nhận", "Chức năng xác nhận qua liên kết chưa được bật.");
  }
  std::string_view type = request.content_type;
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') {
    type.remove_suffix(1);
  }
  if (type != "application/x-www-form-urlencoded") {
    return message_page(state, 415, "Yêu cầu không hợp lệ", "Chỉ nhận biểu mẫu application/x-www-form-urlencoded.");
  }
  auto form = parse_form(request.body);
  if (!form) {
    return message_page(state, 400, "Yêu cầu không hợp lệ", "Biểu mẫu không đọc được.");
  }
  auto token = form->find("t");
  if (token == form->end() || token->second.empty()) {
    return message_page(state, 400, "Thiếu mã xác nhận", "Biểu mẫu thiếu mã xác nhận.");
  }
  auto claims = verify_ack_token(snapshot.ack_secret, token->second, now);
  if (!claims) {
    return token_refused(state, claims.error());
  }
  std::string note;
  if (auto found = form->find("note"); found != form->end()) {
    note = found->second;
  }
  if (note.size() > k_max_ack_note_length) {
    return message_page(state, 400, "Ghi chú quá dài",
                        "Ghi chú dài tối đa " + std::to_string(k_max_ack_note_length) + " ký tự.");
  }
  if (!text_problem(note, true).empty()) {
    return message_page(state, 400, "Ghi chú không hợp lệ",
                        "Ghi chú có ký tự không hợp lệ (ký tự điều khiển hoặc không phải UTF-8).");
  }
  auto obligation = obligation_of(state, claims->ref);
  if (!obligation) {
    return obligation_error_page(state, obligation.error());
  }
  AckRequest ack{obligation->unit->name, AckHow::link, note};
  AckView view;
  view.obligation = *obligation;
  if (undo) {
    auto outcome = undo_done(*state.outbox, *obligation, ack, snapshot.config.acks.undo_window_s, now);
    if (!outcome) {
      if (outcome.error().kind == AckError::Kind::expired) {
        return message_page(state, 409, "Không thể hoàn tác", "Đã quá thời hạn hoàn tác xác nhận của nhiệm vụ này.");
      }
      if (outcome.error().kind == AckError::Kind::conflict) {
        return message_page(state, 409, "Không thể hoàn tác", "Nhiệm vụ này hiện chưa được xác nhận hoàn thành.");
      }
      return obligation_error_page(state, outcome.error());
    }
    view.title = "Đã hoàn tác xác nhận";
    view.messages.emplace_back("ok", "Đã hoàn tác xác nhận. Hệ thống sẽ tiếp tục nhắc việc (" +
                                         std::to_string(outcome->reminders_changed) +
                                         " lời nhắc sắp tới được khôi phục).");
    view.done_token = token->second;
    return page(state, 200, view);
  }
  auto outcome = mark_done(*state.outbox, *obligation, ack, snapshot.zone, now);
  if (!outcome) {
    if (outcome.error().kind == AckError::Kind::conflict) {
      auto current = state_of(state, claims->ref);
      if (current && current->is_done() && current->done) {
        view.title = "Nhiệm vụ đã được xác nhận trước đó";
        view.messages.emplace_back("ok", done_text(state, *current->done));
        offer_undo(state, view, token->second, *current->done, now);
        return page(state, 200, view);
      }
    }
    return obligation_error_page(state, outcome.error());
  }
  if (outcome->late) {
    view.messages.emplace_back("late", "Đã ghi nhận hoàn thành, sau hạn " + date_text(obligation->due) + ".");
  } else {
    view.messages.emplace_back("ok", "Đã ghi nhận hoàn thành đúng hạn.");
  }
  view.messages.emplace_back("", "Hệ thống ngừng gửi thư nhắc việc cho nhiệm vụ này (" +
                                     std::to_string(outcome->reminders_changed) + " lời nhắc đã huỷ).");
  if (!note.empty()) {
    // Said back, so the unit sees what it typed was kept with the confirmation.
    view.messages.emplace_back("", "Ghi chú đã lưu: " + note);
  }
  offer_undo(state, view, token->second, outcome->event, now);
  view.title = outcome->late ? "Đã xác nhận hoàn thành (muộn)" : "Đã xác nhận hoàn thành";
  return page(state, 200, view);
}

namespace {

SiteResponse json_response(unsigned status, const nlohmann::ordered_json& body) {
  SiteResponse response;
  response.status = status;
  response.content_type = std::string(k_json_type);
  response.body = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  return response;
}

SiteResponse json_error(unsigned status, std::string_view error, std::string_view message) {
  nlohmann::ordered_json body;
  body["ok"] = false;
  body["error"] = error;
  body["message"] = message;
  return json_response(status, body);
}

SiteResponse json_ack_error(const AckError& error) {
  switch (error.kind) {
    case AckError::Kind::not_found:
      return json_error(404, "not_found", error.message);
    case AckError::Kind::ambiguous:
      return json_error(400, "ambiguous", error.message);
    case AckError::Kind::conflict:
      return json_error(409, "conflict", error.message);
    case AckError::Kind::expired:
      return json_error(409, "expired", error.message);
    case AckError::Kind::storage:
      break;
  }
  return json_error(500, "storage", error.message);
}

// A string member: nullopt when absent or null, error when of another type.
tl::expected<std::optional<std::string>, std::string> string_member(const nlohmann::json& body, const char* name) {
  auto found = body.find(name);
  if (found == body.end() || found->is_null()) {
    return std::optional<std::string>{};
  }
  if (!found->is_string()) {
    return tl::unexpected(std::string("\"") + name + "\" must be a string");
  }
  return std::optional<std::string>{found->get<std::string>()};
}

}  // namespace

SiteResponse ack_api(const SiteState& state, const SiteRequest& request, AckAction action, Instant now) {
  if (state.secrets.api_token.empty()) {
    return json_error(404, "api_off", "the ack API is off: set http.api_token_file, _credential or _env");
  }
  std::string token = bearer_token(request.authorization);
  if (token.empty()) {
    SiteResponse response = json_error(401, "unauthorized", "Authorization: Bearer <api token> is required");
    response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"deadlined\"");
    return response;
  }
  if (!constant_time_equal(token, state.secrets.api_token)) {
    return json_error(403, "forbidden", "wrong api token");
  }
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return json_error(400, "bad_request", "the body must be a JSON object");
  }
  std::map<std::string, std::string> fields;
  for (const char* name : {"plan", "task", "occurrence", "unit", "note", "by"}) {
    auto value = string_member(body, name);
    if (!value) {
      return json_error(400, "bad_request", value.error());
    }
    if (*value) {
      fields[name] = std::move(**value);
    }
  }
  if (fields["task"].empty() || fields["unit"].empty()) {
    return json_error(400, "bad_request", "\"task\" and \"unit\" are required");
  }
  if (fields["note"].size() > k_max_ack_note_length || fields["by"].size() > 200) {
    return json_error(400, "bad_request", "\"note\" or \"by\" is too long");
  }
  for (const char* name : {"plan", "task", "occurrence", "unit", "note", "by"}) {
    if (const std::string problem = text_problem(fields[name], std::string_view(name) == "note"); !problem.empty()) {
      return json_error(400, "bad_request", "\"" + std::string(name) + "\" " + problem);
    }
  }
  ObligationQuery query{fields["plan"], fields["task"], fields["unit"], std::nullopt};
  if (!fields["occurrence"].empty()) {
    query.occurrence = parse_iso_date(fields["occurrence"]);
    if (!query.occurrence) {
      return json_error(400, "bad_request", "\"occurrence\" must be a date YYYY-MM-DD");
    }
  }
  const Snapshot& snapshot = *state.snapshot;
  auto obligation = resolve_obligation(snapshot.config, snapshot.calendar, stored_triggers(*state.outbox), query);
  if (!obligation) {
    return json_ack_error(obligation.error());
  }
  AckRequest ack{fields["by"].empty() ? std::string("api") : fields["by"], AckHow::api, fields["note"]};
  auto outcome = action == AckAction::undo
                     ? undo_done(*state.outbox, *obligation, ack, snapshot.config.acks.undo_window_s, now)
                     : mark_done(*state.outbox, *obligation, ack, snapshot.zone, now);
  if (!outcome) {
    return json_ack_error(outcome.error());
  }
  nlohmann::ordered_json result;
  result["ok"] = true;
  result["action"] = to_string(action);
  result["plan"] = obligation->ref.plan;
  result["task"] = obligation->ref.task;
  result["occurrence"] = obligation->ref.occurrence;
  result["unit"] = obligation->ref.unit;
  result["due"] = to_iso(obligation->due);
  result["late"] = outcome->late;
  result["at"] = snapshot.zone.iso8601(Instant{std::chrono::seconds{outcome->event.at}});
  result["by"] = outcome->event.by;
  result["reminders_changed"] = outcome->reminders_changed;
  return json_response(200, result);
}

}  // namespace deadlined::http_views

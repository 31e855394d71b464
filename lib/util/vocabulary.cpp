#include "util/vocabulary.hpp"

namespace deadlined {

std::string_view to_string(Channel channel) {
  return channel == Channel::email ? "email" : "webhook";
}

std::optional<Channel> parse_channel(std::string_view text) {
  if (text == "email") {
    return Channel::email;
  }
  if (text == "webhook") {
    return Channel::webhook;
  }
  return std::nullopt;
}

std::string_view to_string(Role role) {
  return role == Role::lead ? "lead" : "support";
}

std::optional<Role> parse_role(std::string_view text) {
  if (text == "lead") {
    return Role::lead;
  }
  if (text == "support") {
    return Role::support;
  }
  return std::nullopt;
}

std::string_view role_words(Role role) {
  return role == Role::lead ? "chủ trì" : "phối hợp";
}

std::string_view role_heading(Role role) {
  return role == Role::lead ? "Chủ trì" : "Phối hợp";
}

std::string_view to_string(AckAction action) {
  return action == AckAction::done ? "done" : "undo";
}

std::optional<AckAction> parse_ack_action(std::string_view text) {
  if (text == "done") {
    return AckAction::done;
  }
  if (text == "undo") {
    return AckAction::undo;
  }
  return std::nullopt;
}

}  // namespace deadlined

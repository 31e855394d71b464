// JsonText writes what nlohmann::json::dump() would, byte for byte: the
// webhook body changed its serializer, not its bytes.
#include "util/json_text.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include <nlohmann/json.hpp>

#include "delivery/encoding.hpp"
#include "delivery/test_helpers.hpp"
#include "delivery/webhook.hpp"

namespace deadlined::delivery {
namespace {

using testing::sample_digest;
using testing::utc;

std::string reference(std::string_view text) {
  return nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ours(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

TEST(JsonText, StringsAreEscapedAsNlohmannDoes) {
  std::string every_ascii;
  for (int c = 0; c < 0x80; ++c) {
    every_ascii.push_back(static_cast<char>(c));
  }
  for (const std::string_view text :
       {std::string_view{""}, std::string_view{"Sở Tư pháp"}, std::string_view{"Quý I/2022 \"trước\" 15/8"},
        std::string_view{"a\\b\nc\rd\te\bf\fg"}, std::string_view{"ĐƠN VỊ ỦY BAN Ủy ban 𝔸 €"},
        std::string_view{every_ascii}}) {
    EXPECT_EQ(ours(text), reference(text)) << text;
  }
}

// Runs of text that need no escape are copied whole: every mix of them with
// what does (quotes, backslashes, controls, multi-byte characters, at the
// start, the end, side by side) still gives nlohmann's bytes.
TEST(JsonText, MixedRunsAreEscapedAsNlohmannDoes) {
  const std::vector<std::string_view> pieces = {
      "a", "Sở", "\"", "\\", "\n", std::string_view{"\0", 1}, "\x1f", "\x7f", "𝔸", "€", " ", "Quý IV/2026", "/", "ỦY"};
  std::mt19937 random(20261204);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const std::size_t count = random() % 12;
    for (std::size_t i = 0; i < count; ++i) {
      text.append(pieces[random() % pieces.size()]);
    }
    ASSERT_EQ(ours(text), reference(text)) << text;
  }
}

TEST(JsonText, InvalidUtf8BecomesReplacementCharacters) {
  // A stray continuation byte, a truncated sequence, an overlong form, a
  // surrogate, and a code point above U+10FFFF.
  for (const std::string_view text :
       {std::string_view{"a\x80z"}, std::string_view{"a\xE1\xBBz"}, std::string_view{"\xC0\xAF"},
        std::string_view{"\xED\xA0\x80"}, std::string_view{"\xF4\x90\x80\x80"}}) {
    const std::string out = ours(text);
    const auto parsed = nlohmann::json::parse(out);  // throws on invalid JSON or UTF-8
    const std::string value = parsed.get<std::string>();
    EXPECT_NE(value.find("\xEF\xBF\xBD"), std::string::npos) << out;
  }
  EXPECT_EQ(ours("a\x80z"), "\"a\xEF\xBF\xBDz\"");
  EXPECT_EQ(ours("a\xE1\xBBz"), "\"a\xEF\xBF\xBD\xEF\xBF\xBDz\"") << "one U+FFFD per invalid byte";
}

TEST(JsonText, Utf8Validity) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("Sở Tư pháp 𝔸"));
  EXPECT_FALSE(is_valid_utf8("a\x80"));
  EXPECT_FALSE(is_valid_utf8("\xE1\xBB"));
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));
}

TEST(JsonText, NestedValuesAndNumbers) {
  JsonText json;
  json.begin_object()
      .key("a")
      .value(std::int64_t{-3})
      .key("b")
      .begin_array()
      .value("x")
      .begin_object()
      .end_object()
      .begin_array()
      .end_array()
      .value(std::int64_t{0})
      .end_array()
      .key("c")
      .begin_object()
      .key("d")
      .value("e")
      .end_object()
      .end_object();
  const nlohmann::ordered_json expected = {
      {"a", -3},
      {"b", {"x", nlohmann::ordered_json::object(), nlohmann::ordered_json::array(), 0}},
      {"c", {{"d", "e"}}}};
  EXPECT_EQ(json.take(), expected.dump());
}

// The webhook body as the nlohmann DOM built it before: same keys, same order.
std::string reference_payload(const Digest& digest, std::chrono::sys_seconds now, int offset) {
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (const DigestItem& item : digest.items) {
    items.push_back({{"plan_title", item.plan_title},
                     {"task_id", item.task_id},
                     {"task_title", item.task_title},
                     {"role", to_string(item.role)},
                     {"stage", item.stage},
                     {"stage_text", item.stage_text},
                     {"due", item.due},
                     {"days_left", item.days_left},
                     {"when", item.when},
                     {"product", item.product},
                     {"plan_id", item.plan_id},
                     {"occurrence", item.occurrence},
                     {"period", item.occurrence_label},
                     {"ack_url", item.ack_url}});
    if (!item.late_unit_id.empty()) {
      items.back()["late_unit"] = {{"id", item.late_unit_id}, {"name", item.late_unit_name}};
    }
  }
  const nlohmann::ordered_json payload = {
      {"type", "deadlined.digest"},
      {"version", k_webhook_payload_version},
      {"idempotency_key", digest.idempotency_key},
      {"unit", {{"id", digest.unit_id}, {"name", digest.unit_name}}},
      {"slot", iso8601(digest.slot, offset)},
      {"generated_at", iso8601(now, offset)},
      {"count", digest.items.size()},
      {"items", items},
  };
  return payload.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

TEST(JsonText, WebhookPayloadIsByteForByteTheDocumentedShape) {
  auto digest = sample_digest("key-\"7\"");
  digest.unit_name = "UBND xã \"Hương Vinh\"\n";
  auto escalation = digest.items.front();
  escalation.stage = "escalation";
  escalation.days_left = -4;
  escalation.late_unit_id = "ubnd-huong-tra";
  escalation.late_unit_name = "UBND thị xã Hương Trà";
  digest.items.push_back(escalation);
  const auto now = utc(2026, 11, 26, 1, 0, 5);
  EXPECT_EQ(webhook_payload(digest, now, 420), reference_payload(digest, now, 420));
  digest.items.clear();
  EXPECT_EQ(webhook_payload(digest, now, 420), reference_payload(digest, now, 420));
}

}  // namespace
}  // namespace deadlined::delivery

// The shared words: each value's text is what the outbox stores and the JSON,
// CLI and templates show, parse_* reads it back, and anything else is refused.
#include "util/vocabulary.hpp"

#include <gtest/gtest.h>

namespace deadlined {
namespace {

TEST(Vocabulary, ChannelTextRoundTrips) {
  EXPECT_EQ(to_string(Channel::email), "email");
  EXPECT_EQ(to_string(Channel::webhook), "webhook");
  for (Channel channel : {Channel::email, Channel::webhook}) {
    EXPECT_EQ(parse_channel(to_string(channel)), channel);
  }
}

TEST(Vocabulary, RoleTextRoundTrips) {
  EXPECT_EQ(to_string(Role::lead), "lead");
  EXPECT_EQ(to_string(Role::support), "support");
  for (Role role : {Role::lead, Role::support}) {
    EXPECT_EQ(parse_role(to_string(role)), role);
  }
}

TEST(Vocabulary, RoleWordsAreTheOnesReadersSee) {
  EXPECT_EQ(role_words(Role::lead), "chủ trì");
  EXPECT_EQ(role_words(Role::support), "phối hợp");
  EXPECT_EQ(role_heading(Role::lead), "Chủ trì");
  EXPECT_EQ(role_heading(Role::support), "Phối hợp");
}

TEST(Vocabulary, AckActionTextRoundTrips) {
  EXPECT_EQ(to_string(AckAction::done), "done");
  EXPECT_EQ(to_string(AckAction::undo), "undo");
  for (AckAction action : {AckAction::done, AckAction::undo}) {
    EXPECT_EQ(parse_ack_action(to_string(action)), action);
  }
}

TEST(Vocabulary, UnknownTextIsRefused) {
  for (const char* text : {"", "Email", "email ", "sms", "lead"}) {
    EXPECT_FALSE(parse_channel(text)) << text;
  }
  for (const char* text : {"", "Lead", "chủ trì", "supports", "email"}) {
    EXPECT_FALSE(parse_role(text)) << text;
  }
  for (const char* text : {"", "DONE", "undone", "redo", "lead"}) {
    EXPECT_FALSE(parse_ack_action(text)) << text;
  }
}

TEST(Vocabulary, ObligationRefKeyIsTheOneSpelling) {
  const ObligationRef ref{"kstthc-2022", "1", "2022-03-31", "stp"};
  EXPECT_EQ(ref.key(), "kstthc-2022/1/2022-03-31/stp");
  EXPECT_EQ(ref.key(), obligation_key_of(ref.plan, ref.task, ref.occurrence, ref.unit));
  EXPECT_LT(ref, (ObligationRef{"kstthc-2022", "1", "2022-03-31", "vp"}));
}

}  // namespace
}  // namespace deadlined

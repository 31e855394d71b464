#include "util/keys.hpp"

#include <gtest/gtest.h>

#include "compliance/acks.hpp"
#include "outbox/outbox.hpp"
#include "reminders/planner.hpp"

namespace deadlined {
namespace {

TEST(ObligationKey, IsPlanTaskOccurrenceUnit) {
  EXPECT_EQ(obligation_key_of("ubnd-2022", "T1", "2022-03-31", "stp"), "ubnd-2022/T1/2022-03-31/stp");
  EXPECT_EQ(obligation_key_of("p", "", "2022-03-31", "u"), "p//2022-03-31/u");
}

// The planner, the acknowledgement log and the compliance code name an
// obligation alike, so an acknowledgement finds its reminders.
TEST(ObligationKey, EveryTypeThatNamesAnObligationSpellsItTheSameWay) {
  Reminder reminder;
  reminder.plan = "ubnd-2022";
  reminder.task = "T1";
  reminder.occurrence = "2022-03-31";
  reminder.unit = "stp";
  AckRow ack;
  ack.plan = reminder.plan;
  ack.task = reminder.task;
  ack.occurrence = reminder.occurrence;
  ack.unit = reminder.unit;
  const ObligationRef ref{reminder.plan, reminder.task, reminder.occurrence, reminder.unit};
  const std::string expected = "ubnd-2022/T1/2022-03-31/stp";
  EXPECT_EQ(reminder.obligation_key(), expected);
  EXPECT_EQ(ack.obligation_key(), expected);
  EXPECT_EQ(ref.key(), expected);
  // A reminder's own key starts with its obligation's.
  EXPECT_TRUE(reminder.key(Recipient{Channel::email, "stp@example.vn"}).starts_with(expected + "/"));
}

}  // namespace
}  // namespace deadlined

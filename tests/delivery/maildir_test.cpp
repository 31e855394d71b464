#include "delivery/maildir.hpp"

#include <gtest/gtest.h>

#include "support/process.hpp"

namespace deadlined::delivery {
namespace {

std::size_t count_files(const std::filesystem::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator{dir}) {
    ++n;
  }
  return n;
}

TEST(Maildir, WritesIntoNewThroughTmp) {
  test::TempDir dir{"deadlined-maildir"};
  const auto maildir = dir.path() / "Maildir";
  const std::string name = maildir_name_for_key("key-1");
  EXPECT_EQ(name.rfind("deadlined.", 0), 0U);
  const auto result = deliver_to_maildir(maildir, "Subject: x\r\n\r\nbody\r\n", name);
  ASSERT_EQ(result.kind, DeliveryResult::Kind::sent) << result.detail;
  EXPECT_EQ(test::read_file(maildir / "new" / name), "Subject: x\r\n\r\nbody\r\n");
  EXPECT_EQ(count_files(maildir / "tmp"), 0U);
  EXPECT_TRUE(std::filesystem::is_directory(maildir / "cur"));
}

TEST(Maildir, RetryOverwritesInsteadOfDuplicating) {
  test::TempDir dir{"deadlined-maildir"};
  const std::string name = maildir_name_for_key("key-1");
  ASSERT_EQ(deliver_to_maildir(dir.path(), "first", name).kind, DeliveryResult::Kind::sent);
  ASSERT_EQ(deliver_to_maildir(dir.path(), "second", name).kind, DeliveryResult::Kind::sent);
  EXPECT_EQ(count_files(dir.path() / "new"), 1U);
  EXPECT_EQ(test::read_file(dir.path() / "new" / name), "second");
  ASSERT_EQ(deliver_to_maildir(dir.path(), "other", maildir_name_for_key("key-2")).kind, DeliveryResult::Kind::sent);
  EXPECT_EQ(count_files(dir.path() / "new"), 2U);
}

TEST(Maildir, AlreadyReadMessageIsNotDeliveredAgain) {
  test::TempDir dir{"deadlined-maildir"};
  const std::string name = maildir_name_for_key("key-1");
  ASSERT_EQ(deliver_to_maildir(dir.path(), "first", name).kind, DeliveryResult::Kind::sent);
  std::filesystem::rename(dir.path() / "new" / name, dir.path() / "cur" / (name + ":2,S"));
  const auto again = deliver_to_maildir(dir.path(), "first", name);
  EXPECT_EQ(again.kind, DeliveryResult::Kind::sent);
  EXPECT_EQ(count_files(dir.path() / "new"), 0U);
}

TEST(Maildir, RejectsUnsafeNamesAndImpossiblePaths) {
  test::TempDir dir{"deadlined-maildir"};
  for (const char* bad : {"", "../escape", "a/b", ".hidden", "a:2,S"}) {
    EXPECT_EQ(deliver_to_maildir(dir.path(), "x", bad).kind, DeliveryResult::Kind::permanent) << bad;
  }
  test::write_file(dir.path() / "file", "not a directory");
  const auto result = deliver_to_maildir(dir.path() / "file" / "Maildir", "x", "n");
  EXPECT_EQ(result.kind, DeliveryResult::Kind::permanent) << result.detail;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "../escape"));
}

}  // namespace
}  // namespace deadlined::delivery

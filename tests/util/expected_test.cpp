#include "util/expected.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace deadlined {
namespace {

tl::expected<int, std::string> parse_digit(char c) {
  if (c < '0' || c > '9') {
    return tl::unexpected(std::string("not a digit: ") + c);
  }
  return c - '0';
}

// Move-only values pass through (the value is moved out, never copied).
tl::expected<std::unique_ptr<int>, std::string> boxed(char c) {
  DEADLINED_TRY_ASSIGN(const int digit, parse_digit(c));
  return std::make_unique<int>(digit);
}

tl::expected<int, std::string> sum_of_two(char a, char b, std::vector<std::string>* trace) {
  DEADLINED_TRY_ASSIGN(auto first, parse_digit(a));
  trace->push_back("first");
  DEADLINED_TRY_ASSIGN(std::unique_ptr<int> second, boxed(b));
  trace->push_back("second");
  return first + *second;
}

tl::expected<void, std::string> check_digit(char c, int* calls) {
  ++*calls;
  DEADLINED_TRY(parse_digit(c));
  return {};
}

// The void form also propagates from a tl::expected<void, E>, and converts
// the error to the enclosing function's error type.
tl::expected<std::size_t, std::string> count_digits(const std::string& text, int* calls) {
  for (const char c : text) {
    DEADLINED_TRY(check_digit(c, calls));
  }
  return text.size();
}

tl::expected<int, std::string> reassign(char a, char b) {
  int value = -1;
  DEADLINED_TRY_ASSIGN(value, parse_digit(a));
  DEADLINED_TRY_ASSIGN(value, parse_digit(b));
  return value;
}

TEST(ExpectedTry, AssignGivesTheValuesWhenEveryStepSucceeds) {
  std::vector<std::string> trace;
  EXPECT_EQ(sum_of_two('3', '4', &trace), 7);
  EXPECT_EQ(trace, (std::vector<std::string>{"first", "second"}));
}

TEST(ExpectedTry, AssignReturnsTheFirstErrorAndStopsThere) {
  std::vector<std::string> trace;
  EXPECT_EQ(sum_of_two('x', '4', &trace), tl::unexpected(std::string("not a digit: x")));
  EXPECT_TRUE(trace.empty());
  EXPECT_EQ(sum_of_two('3', 'y', &trace), tl::unexpected(std::string("not a digit: y")));
  EXPECT_EQ(trace, (std::vector<std::string>{"first"}));
}

TEST(ExpectedTry, AssignToAnExistingVariable) {
  EXPECT_EQ(reassign('1', '2'), 2);
  EXPECT_EQ(reassign('1', 'z'), tl::unexpected(std::string("not a digit: z")));
}

TEST(ExpectedTry, VoidFormReturnsTheErrorAndSkipsTheRest) {
  int calls = 0;
  EXPECT_EQ(count_digits("123", &calls), 3U);
  EXPECT_EQ(calls, 3);
  calls = 0;
  EXPECT_EQ(count_digits("1a23", &calls), tl::unexpected(std::string("not a digit: a")));
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace deadlined

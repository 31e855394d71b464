// The CLI on hostile input from the reliability trial.
#include "support/run_binary.hpp"

#include <gtest/gtest.h>

namespace deadlined {
namespace {

using testing::CommandResult;
using testing::run_deadlined;

TEST(CliWhen, InvalidUtf8IsRejectedNotAborted) {
  for (const char* format : {"json", "text"}) {
    CommandResult r = run_deadlined(
        "when \"$(printf 'Khi c\\303\\263 y\\303\\252u c\\341\\272\\247u \\377')\" --format " + std::string(format));
    EXPECT_EQ(r.exit_code, 65) << format << ": " << r.err;
    EXPECT_NE(r.err.find("not valid UTF-8 (byte 20)"), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace deadlined

#pragma once
// The files of tests/import/data/cases/ (described in its README), read as
// `deadlined import` reads them, and the columns of their drafts.
#include "import/draft.hpp"
#include "import/table.hpp"
#include "support/import_data.hpp"
#include "support/import_draft.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace deadlined::testing {

using Texts = std::vector<std::string>;

inline tl::expected<import::Document, std::string> read_case(const std::string& name, const std::string& sheet = "") {
  const std::string bytes = read_import_data("cases/" + name);
  EXPECT_FALSE(bytes.empty()) << name;
  return import::parse_table_bytes(import::detect_format(name, bytes), bytes, import::ReadOptions{sheet});
}

inline import::Draft draft_case(const std::string& name) {
  return draft_with_fixture_units(read_case(name), "case", name);
}

// One field of every task, in order: ids_of(draft) == {"I.1", "I.2", ...}.
template <typename Field>
Texts field_of(const import::Draft& draft, Field field) {
  Texts values;
  for (const auto& task : draft.tasks) {
    values.push_back(task.*field);
  }
  return values;
}

inline Texts ids_of(const import::Draft& draft) {
  return field_of(draft, &import::DraftTask::id);
}
inline Texts titles_of(const import::Draft& draft) {
  return field_of(draft, &import::DraftTask::title);
}
inline Texts whens_of(const import::Draft& draft) {
  return field_of(draft, &import::DraftTask::when);
}

}  // namespace deadlined::testing

#pragma once
// A draft plan built from a document the import readers made, against the
// units and groups of tests/import/data/deadlined.toml, as `deadlined import`
// builds it. Failures are test failures; an empty draft is returned then.
#include "config/config.hpp"
#include "import/draft.hpp"
#include "import/names.hpp"
#include "import/table.hpp"
#include "support/import_data.hpp"

#include <gtest/gtest.h>
#include <string>

namespace deadlined::testing {

inline import::Draft draft_with_fixture_units(const tl::expected<import::Document, std::string>& document,
                                              const std::string& plan_id, const std::string& source = "") {
  LoadResult loaded = load_config(k_import_data + "deadlined.toml");
  EXPECT_TRUE(loaded.config.has_value());
  EXPECT_TRUE(document.has_value()) << (document ? "" : document.error());
  if (!document || !loaded.config) {
    return {};
  }
  import::DraftOptions options;
  options.plan_id = plan_id;
  options.source = source;
  options.config = "deadlined.toml";
  auto draft = import::build_draft(*document, import::NameIndex::from_config(*loaded.config), options);
  EXPECT_TRUE(draft.has_value()) << (draft ? "" : draft.error());
  return draft ? *draft : import::Draft{};
}

}  // namespace deadlined::testing

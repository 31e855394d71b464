#pragma once
// The task rows of the tests of tables that repeat each other's tasks
// (repeated_sheets_test.cpp, repeated_word_tables_test.cpp): a header and
// four tasks of two units, and the helpers both read drafts with.
#include "support/import_cases.hpp"
#include "support/office_files.hpp"

#include <string>
#include <vector>

namespace deadlined::import::repeated_tasks {

using testing::ids_of;
using testing::Rows;
using testing::Texts;
using testing::titles_of;

inline const std::vector<std::string> k_header{"TT", "Nội dung công việc", "Cơ quan chủ trì", "Thời gian hoàn thành"};

inline const std::vector<std::string> k_ban_hanh{"1", "Ban hành kế hoạch", "Sở Nội vụ", "Quý I/2026"};
inline const std::vector<std::string> k_kiem_tra{"2", "Kiểm tra công vụ", "Sở Nội vụ", "Quý II/2026"};
inline const std::vector<std::string> k_ra_soat{"3", "Rà soát thủ tục", "Sở Tư pháp", "Quý III/2026"};
inline const std::vector<std::string> k_so_hoa{"4", "Số hóa hồ sơ", "Sở Tư pháp", "Quý IV/2026"};

}  // namespace deadlined::import::repeated_tasks

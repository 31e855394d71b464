#pragma once
// Sheets of a workbook that repeat each other's tasks: a summary sheet
// ("Tổng hợp") over the per-unit sheets it was put together from, or
// per-unit sheets copied out of a summary. Each task is drafted once, from
// the sheet that holds the most tasks; a task written only once is never
// left out.
#include "import/draft_rows.hpp"

#include <string>
#include <vector>

namespace deadlined::import {

// Leaves out of `parts` (read by pass 1, in the document's order) each
// table most of whose tasks (rows with a task and a timeline, the same
// after folding case, marks and spaces, in any order) another table holds
// too: the whole table when every task of it is repeated, else only its
// repeated rows. The tables are taken from the one with the most tasks down;
// the order of those kept stays the document's. Returns a sentence for each
// table left out or thinned, naming the table its tasks are drafted from.
std::vector<std::string> drop_repeated_tasks(std::vector<TablePart>& parts);

}  // namespace deadlined::import

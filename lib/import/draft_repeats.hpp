#pragma once
// Sheets of a workbook, or tables of a Word document or an OpenDocument
// text, that repeat each other's tasks: a summary sheet or table ("Tổng
// hợp") over the per-unit ones it was put together from, per-unit ones
// copied out of a summary, a table pasted twice. Each task is drafted once,
// from the table that holds the most tasks; a task written only once is
// never left out.
#include "import/draft_rows.hpp"

#include <string>
#include <vector>

namespace deadlined::import {

// Leaves out of `parts` (read by pass 1, in the document's order) each
// table most of whose tasks (rows with a task and a timeline, the same
// after folding case, marks and spaces, in any order, with the same lead or
// none) another table holds too: the whole table when every task of it is repeated, else only its
// repeated rows. The tables are taken from the one with the most tasks down;
// the order of those kept stays the document's. Returns a sentence for each
// table left out or thinned (with the pieces a page broke it into), naming
// the table kept that its tasks are drafted from.
std::vector<std::string> drop_repeated_tasks(std::vector<TablePart>& parts);

}  // namespace deadlined::import

#pragma once
// What the cells of a plan's table say by their form (draft_numbers.cpp, used
// by draft.cpp): numbers of sections, tasks and items, the column numbering
// row under a header, and the rows that end a table.
#include "import/draft.hpp"
#include "import/table.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace deadlined::import {

bool is_roman(std::string_view text);
// "A", "B", "C": the sections of investment and budget plans ("A NGUỒN TRUNG
// ƯƠNG", "B NGUỒN ĐỊA PHƯƠNG"), above their Roman and Arabic numbers.
bool is_letter(std::string_view text);
// "1", "1.1", "2.3.1"
bool is_arabic(std::string_view text);
// A lowercase letter numbering an item ("a", "b", "đ" as "dd"), or empty.
std::string item_letter(const std::string& text);
// The letters of the index-th sub-row or item: "a" to "z", then "aa", "ab", ...
std::string sequence_letters(int index);
// A bullet in the number column: "-", "+", "*", "•", "–".
bool is_bullet(const std::string& text);
std::string strip_number(std::string text);
// An Arabic number as the id keeps it: "01" and "02.1" typed for 1 and 2.1
// lose their leading zeros ("0" stays); other text is returned as it is.
std::string without_leading_zeros(const std::string& number);
// A number cell holding its number twice ("1. 1", "2.  2", "I. I", "1.1. 1.1":
// Word's list number before the number typed by hand): the number once
// ("1.", "I."). Any other text is returned as it is.
std::string number_said_once(const std::string& cell);
// "II Kiểm soát thủ tục hành chính" / "II. Kiểm soát ..." / "1. Tham gia ...":
// a number followed by text in one cell: the number and the text.
std::optional<std::pair<std::string, std::string>> split_numbered(const std::string& text);
// "(1) (2) (3) ..." or "1 2 3 ..." under the header.
bool column_number_row(const std::array<std::string, k_column_count>& cells);

// The first row of a decision's closing below its table: the recipients
// ("Nơi nhận:") or a signature ("KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN").
bool closing_row(const GridRow& row);

// A row totalling the table or a section ("Tổng cộng", "Cộng", "Tổng số
// nhiệm vụ: 12", "Cộng mục I"): its first filled cell opens so, and is
// returned. No task, nor a sub-row of the last.
std::optional<std::string> totals_row(const GridRow& row);

// "46203" in a timeline cell: a date Excel stores as its day count, shown
// so where the cell lost its date format (values pasted, a program's export).
// The day it counts in Excel's 1900 system ("30/06/2026") for days of the
// years 2000 to 2099; nullopt for any other text.
std::optional<std::string> date_serial_day(std::string_view text);

// A row without text.
bool blank_row(const GridRow& row);

// Whether a line without cells, numbered `number` ("2" of "2. KIỂM TRA"),
// at row `line` of pasted text heads the rows below: the next row with cells
// is numbered under it ("2.1").
bool heads_numbered_rows(const Grid& grid, std::size_t line, const std::string& number, std::size_t number_column);

// A row of one filled cell that titles another table ("PHỤ LỤC II ...",
// "DANH MỤC ...", "Biểu", "Bảng", "Mẫu", "Kế hoạch"), not "(tiếp theo)": its text.
std::optional<std::string> title_line(const GridRow& row);

}  // namespace deadlined::import

#include "import/legacy_text.hpp"

#include <cstddef>
#include <string>

namespace deadlined::import {

bool looks_like_tcvn3(const std::vector<Grid>& grids) {
  constexpr std::size_t k_rows_read = 60;  // a header is near the top
  std::size_t signs = 0;                   // U+00A1..U+00BF
  std::size_t other_non_ascii = 0;
  for (const Grid& grid : grids) {
    for (std::size_t r = 0; r < grid.rows.size() && r < k_rows_read; ++r) {
      for (const GridCell& cell : grid.rows[r].cells) {
        const std::string& text = cell.text;
        for (std::size_t i = 0; i < text.size(); ++i) {
          const auto byte = static_cast<unsigned char>(text[i]);
          if (byte < 0x80 || (byte & 0xC0) == 0x80) {
            continue;  // ASCII, or the rest of a character already counted
          }
          // U+00A1..U+00BF is C2 A1..C2 BF in UTF-8.
          if (byte == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0xA1 &&
              static_cast<unsigned char>(text[i + 1]) <= 0xBF) {
            ++signs;
          } else {
            ++other_non_ascii;
          }
        }
      }
    }
  }
  // Vietnamese in Unicode has next to none; in TCVN3 they are about half
  // of the letters with marks.
  return signs >= 8 && signs * 4 >= signs + other_non_ascii;
}

}  // namespace deadlined::import

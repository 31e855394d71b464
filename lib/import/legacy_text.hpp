#pragma once
// Text typed before Unicode: Vietnamese in the TCVN3 (ABC) encoding of the
// ".Vn" fonts (.VnTime, .VnArial), still in old offices' files. Word and
// Excel keep it as Latin-1 letters ("KÕ ho¹ch", "Néi dung"), a CSV file as
// its bytes; either way no header of a plan's table can be found in it.
#include "import/table.hpp"

#include <vector>

namespace deadlined::import {

// Whether the tables' text reads as TCVN3 rather than Vietnamese: many of
// its letters are the Latin-1 signs (U+00A1..U+00BF: "µ", "¸", "¹", "ª",
// "®") by which TCVN3 writes "à", "á", "ạ", "ê", "đ", which Vietnamese in
// Unicode does not use.
bool looks_like_tcvn3(const std::vector<Grid>& grids);

}  // namespace deadlined::import

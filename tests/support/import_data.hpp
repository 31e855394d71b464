#pragma once
// The import fixtures under tests/import/data/, read as bytes.
#include <fstream>
#include <iterator>
#include <string>

namespace deadlined::testing {

inline const std::string k_import_data = DEADLINED_SOURCE_DIR "/tests/import/data/";

inline std::string read_import_data(const std::string& name) {
  std::ifstream in(k_import_data + name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace deadlined::testing

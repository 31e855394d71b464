#pragma once
// A fresh directory under the system temp dir, removed with the object, so
// tests never write into the source tree.
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>

namespace deadlined::testing {

class TempDir {
 public:
  TempDir() {
    std::random_device seed;
    std::mt19937_64 random(seed());
    m_path = std::filesystem::temp_directory_path() / ("deadlined-test-" + std::to_string(random()));
    std::filesystem::create_directories(m_path);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return m_path; }

  // Writes `content` to a file relative to the directory and returns its path.
  std::filesystem::path write(const std::filesystem::path& relative, std::string_view content) const {
    std::filesystem::path file = m_path / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << content;
    return file;
  }

 private:
  std::filesystem::path m_path;
};

}  // namespace deadlined::testing

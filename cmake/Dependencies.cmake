# Every external dependency, with the minimum version Debian 12 ships.
# scripts/setup installs the packages that provide them.
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED)                 # header-only: Asio, Beast
find_package(SQLite3 3.40 REQUIRED)               # SQLite::SQLite3
find_package(CURL 7.88 REQUIRED)                  # CURL::libcurl
find_package(OpenSSL 3.0 REQUIRED)                # OpenSSL::Crypto (HMAC-SHA256, SHA-256)
find_package(spdlog 1.10 CONFIG REQUIRED)         # spdlog::spdlog (Debian's fmt 9)
find_package(tomlplusplus 3.3 CONFIG REQUIRED)    # tomlplusplus::tomlplusplus
find_package(tl-expected 1.0 CONFIG REQUIRED)     # tl::expected
find_package(CLI11 2.1 CONFIG REQUIRED)           # CLI11::CLI11
find_package(nlohmann_json 3.11 CONFIG REQUIRED)  # nlohmann_json::nlohmann_json
find_package(date CONFIG REQUIRED)                # date::date-tz
find_package(pugixml 1.13 CONFIG REQUIRED)        # pugixml::pugixml (deadlined import: OOXML)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
# deadlined import: .docx, .xlsx. Through pkg-config: Debian 12's libzip CMake
# config also wants the zipcmp/zipmerge/ziptool binaries, which libzip-dev lacks.
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip>=1.7)
if(DEADLINED_BUILD_TESTS)
  find_package(GTest 1.12 CONFIG REQUIRED)
endif()

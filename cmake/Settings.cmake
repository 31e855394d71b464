# Flags shared by every target of ours (never by third-party code).
add_library(deadlined_settings INTERFACE)
target_compile_options(deadlined_settings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
  -Wimplicit-fallthrough)
if(DEADLINED_WARNINGS_AS_ERRORS)
  target_compile_options(deadlined_settings INTERFACE -Werror)
endif()
if(DEADLINED_SANITIZE)
  target_compile_options(deadlined_settings INTERFACE -fsanitize=address,undefined
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(deadlined_settings INTERFACE -fsanitize=address,undefined)
endif()
if(DEADLINED_BUILD_FUZZ AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  # Coverage for libFuzzer plus ASan and UBSan (aborting) on all of our code;
  # fuzz/ links the libFuzzer runtime into its targets only.
  target_compile_options(deadlined_settings INTERFACE -fsanitize=fuzzer-no-link,address,undefined
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(deadlined_settings INTERFACE -fsanitize=address,undefined)
endif()
if(DEADLINED_BUILD_FUZZ AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND TARGET tomlplusplus::tomlplusplus)
  # The TOML parser compiled into our objects (header-only mode of the same
  # Debian headers), so that it is instrumented and fuzzed too.
  set_property(TARGET tomlplusplus::tomlplusplus PROPERTY INTERFACE_COMPILE_OPTIONS -DTOML_HEADER_ONLY=1)
endif()

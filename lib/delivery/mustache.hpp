#pragma once
// Wrapper for kainjow mustache: the header trips -Wshadow/-Wold-style-cast and
// friends, and our own code is built warning-free.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wextra"
#pragma GCC diagnostic ignored "-Wall"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#if !defined(__clang__)  // a g++-only warning; clang (fuzzing, clang-tidy) does not know it
#pragma GCC diagnostic ignored "-Wuseless-cast"
#endif
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
#include <kainjow/mustache.hpp>
#pragma GCC diagnostic pop

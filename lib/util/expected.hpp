#pragma once
// One-line propagation of a tl::expected error, in place of the three lines
//
//   auto x = f();
//   if (!x) {
//     return tl::unexpected(std::move(x.error()));
//   }
//
// ccache's util/expected.hpp has the same pair (TRY and TRY_ASSIGN):
//
//   DEADLINED_TRY(expr);                 // on error, return it; the value is dropped
//   DEADLINED_TRY_ASSIGN(auto x, expr);  // on error, return it; else declare x = the value
//   DEADLINED_TRY_ASSIGN(x, expr);       // ... or assign the value to an existing x
//
// expr is any tl::expected<T, E>; the enclosing function returns a
// tl::expected whose error type E converts to. Plain C++20: no statement
// expressions, so -Wpedantic accepts it. DEADLINED_TRY_ASSIGN declares a
// hidden temporary in the enclosing scope, so it is a statement of its own
// (not the body of an unbraced if or for) and at most one per line. A comma
// outside parentheses (a template argument list) needs parentheses around expr.
#include <utility>

#include <tl/expected.hpp>

#define DEADLINED_TRY(expr)                                           \
  do {                                                                \
    auto deadlined_try_result = (expr);                               \
    if (!deadlined_try_result) {                                      \
      return tl::unexpected(std::move(deadlined_try_result).error()); \
    }                                                                 \
  } while (false)

#define DEADLINED_TRY_CONCAT_INNER(a, b) a##b
#define DEADLINED_TRY_CONCAT(a, b) DEADLINED_TRY_CONCAT_INNER(a, b)

#define DEADLINED_TRY_ASSIGN_WITH(temp, lhs, expr)  \
  auto temp = (expr);                               \
  if (!temp) {                                      \
    return tl::unexpected(std::move(temp).error()); \
  }                                                 \
  lhs = std::move(*temp)

#define DEADLINED_TRY_ASSIGN(lhs, expr) \
  DEADLINED_TRY_ASSIGN_WITH(DEADLINED_TRY_CONCAT(deadlined_try_, __LINE__), lhs, expr)

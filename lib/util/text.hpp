#pragma once
// Text helpers for Vietnamese UTF-8.
#include <string>
#include <string_view>
#include <vector>

namespace deadlined {

// Lower-case ASCII with Vietnamese diacritics removed ("Quý" -> "quy",
// "Đ" -> "d"), runs of whitespace collapsed to one space, trimmed. Bytes that
// are not Vietnamese letters pass through unchanged.
std::string fold_vietnamese(std::string_view utf8);

// Appends `code_point` to `out` as UTF-8 (the caller keeps surrogates out).
void append_utf8(std::string& out, char32_t code_point);

// Vietnamese letters precomposed (NFC for them: "o" + U+031B + U+0301 ->
// "ớ"), as text decomposed by a Mac or a web form is written back; the soft
// hyphen, zero-width spaces and joiners and the byte order mark dropped.
// Everything else passes through unchanged.
std::string compose_vietnamese(std::string_view utf8);

// Number of terminal columns a UTF-8 string takes (combining marks take none).
std::size_t display_width(std::string_view utf8);

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` within a small edit distance (at most a
// third of its length, and at least 2), or empty: the "did you mean" of every
// error about an unknown id, key or name.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

// "1 file", "3 files": a count with its noun in the right number.
std::string counted(std::size_t count, std::string_view one, std::string_view many);

// A count as Vietnamese write it for readers, thousands grouped with dots:
// "113.408", "1.401", "999", "-2.500" (the decimal mark is the comma).
std::string grouped_number(long long number);

}  // namespace deadlined

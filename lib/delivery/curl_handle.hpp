#pragma once
// Internal RAII wrappers for libcurl objects shared by the SMTP and webhook clients.
#include <curl/curl.h>

#include <memory>
#include <string>
#include <string_view>

#include "delivery/transfer_abort.hpp"

namespace deadlined::delivery::detail {

struct CurlEasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct CurlSlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
struct CurlUrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};

using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistDeleter>;
using CurlUrl = std::unique_ptr<CURLU, CurlUrlDeleter>;

// Lets `abort` cut the handle's transfers short: the progress callback
// returns non-zero once it is aborted, and the sockets libcurl opens are
// watched, so that the abort shuts down one libcurl waits on. `abort` must
// outlive the handle; null leaves the handle as it is.
void cut_short_by(CURL* handle, TransferAbort* abort);

// Appends to the list; returns false (leaving the list intact) when out of memory.
bool slist_append(CurlSlist& list, const std::string& item);

// A part of a parsed URL; empty when it has none.
std::string url_part(CURLU* url, CURLUPart part, unsigned flags = 0);
// Whether the URL has `part` at all, even empty ("http://@h/", "http://h/p?").
bool has_url_part(CURLU* url, CURLUPart part);

// Lower-case scheme of `url` ("smtp", "https", ...); empty when it does not parse.
std::string url_scheme(std::string_view url);

// "curl error 7 (Couldn't connect to server): <error buffer>".
std::string describe_curl_error(CURLcode code, const char* error_buffer);

}  // namespace deadlined::delivery::detail

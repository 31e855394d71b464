#include "delivery/curl_handle.hpp"

#include <algorithm>
#include <cctype>

namespace deadlined::delivery::detail {

bool slist_append(CurlSlist& list, const std::string& item) {
  curl_slist* appended = curl_slist_append(list.get(), item.c_str());
  if (appended == nullptr) {
    return false;
  }
  (void)list.release();  // curl_slist_append returned the same (or a new) head that owns it all
  list.reset(appended);
  return true;
}

std::string url_part(CURLU* url, CURLUPart part, unsigned flags) {
  char* text = nullptr;
  if (curl_url_get(url, part, &text, flags) != CURLUE_OK || text == nullptr) {
    return {};
  }
  std::string out{text};
  curl_free(text);
  return out;
}

bool has_url_part(CURLU* url, CURLUPart part) {
  char* text = nullptr;
  const CURLUcode code = curl_url_get(url, part, &text, 0);
  curl_free(text);
  return code == CURLUE_OK;
}

std::string url_scheme(std::string_view url) {
  CurlUrl handle{curl_url()};
  if (!handle) {
    return {};
  }
  const std::string text{url};
  // CURLU_NON_SUPPORT_SCHEME: parse any scheme so we can name what we reject.
  if (curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
    return {};
  }
  char* scheme = nullptr;
  if (curl_url_get(handle.get(), CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK || scheme == nullptr) {
    return {};
  }
  std::string out{scheme};
  curl_free(scheme);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string describe_curl_error(CURLcode code, const char* error_buffer) {
  std::string out = "curl error " + std::to_string(static_cast<int>(code)) + " (" + curl_easy_strerror(code) + ")";
  if (error_buffer != nullptr && error_buffer[0] != '\0') {
    out += ": ";
    out += error_buffer;
  }
  return out;
}

}  // namespace deadlined::delivery::detail

#include "delivery/curl_handle.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

namespace deadlined::delivery::detail {

namespace {

extern "C" int abort_progress(void* user, curl_off_t /*dltotal*/, curl_off_t /*dlnow*/, curl_off_t /*ultotal*/,
                              curl_off_t /*ulnow*/) {
  return static_cast<const TransferAbort*>(user)->aborted() ? 1 : 0;
}

extern "C" curl_socket_t open_watched_socket(void* user, curlsocktype /*purpose*/, curl_sockaddr* address) {
  const int fd = ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
  if (fd < 0) {
    return CURL_SOCKET_BAD;
  }
  static_cast<TransferAbort*>(user)->watch(fd);
  return fd;
}

extern "C" int close_watched_socket(void* user, curl_socket_t fd) {
  static_cast<TransferAbort*>(user)->unwatch(fd);
  return ::close(fd);
}

}  // namespace

void cut_short_by(CURL* handle, TransferAbort* abort) {
  if (abort == nullptr) {
    return;
  }
  curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, abort_progress);
  curl_easy_setopt(handle, CURLOPT_XFERINFODATA, abort);
  curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, open_watched_socket);
  curl_easy_setopt(handle, CURLOPT_OPENSOCKETDATA, abort);
  curl_easy_setopt(handle, CURLOPT_CLOSESOCKETFUNCTION, close_watched_socket);
  curl_easy_setopt(handle, CURLOPT_CLOSESOCKETDATA, abort);
}

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

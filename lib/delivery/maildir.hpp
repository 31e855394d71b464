#pragma once
// Embedded default delivery when no SMTP server is configured: write the
// rendered message into a local Maildir that any MUA, Dovecot or a script can read.
#include <filesystem>
#include <string>
#include <string_view>

#include "delivery/result.hpp"

namespace deadlined::delivery {

// A Maildir file name derived from the idempotency key ("deadlined.<32 hex>"), so a
// retry of the same digest overwrites its earlier copy instead of duplicating it.
std::string maildir_name_for_key(std::string_view idempotency_key);

// Maildir protocol: creates maildir/{tmp,new,cur} as needed, writes tmp/<name>,
// fsyncs it, renames it to new/<name> (atomic; replaces an earlier copy) and
// fsyncs new/. When cur/ already holds <name> or <name>:2,<flags> (the user
// has seen it), nothing is written and the result is `sent`.
// `unique_name` must be non-empty, must not start with '.', and may contain only
// [A-Za-z0-9._-] (else permanent). I/O errors: EACCES/EPERM/EROFS/ENOTDIR/ENAMETOOLONG
// are permanent, others (ENOSPC, EIO, ...) transient.
DeliveryResult deliver_to_maildir(const std::filesystem::path& maildir, std::string_view message,
                                  std::string_view unique_name);

}  // namespace deadlined::delivery

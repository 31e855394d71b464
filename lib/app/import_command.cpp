// `deadlined import`: a plan's task tables (.docx, .xlsx, .odt, .ods, .csv,
// pasted text) to a draft plan file, resolved against the config's units and
// groups.
#include "app/commands.hpp"
#include "config/config.hpp"
#include "import/draft.hpp"
#include "import/names.hpp"
#include "import/table.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <ostream>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

#include <tl/expected.hpp>

namespace deadlined {

namespace {

// "Kế hoạch 3489 (2022).docx" -> "ke-hoach-3489-2022"
std::string plan_id_from(const std::filesystem::path& file) {
  std::string folded = fold_vietnamese(file.stem().string());
  std::string id;
  for (char c : folded) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep) {
      id += c;
    } else if (!id.empty() && id.back() != '-') {
      id += '-';
    }
  }
  while (!id.empty() && id.back() == '-') {
    id.pop_back();
  }
  return id.empty() ? "imported-plan" : id;
}

bool valid_plan_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.';
  });
}

// Up to `limit` bytes of the file. A FIFO is opened without waiting for a
// writer (a named pipe nobody writes would hang the command forever); one
// that has a writer, such as bash's <(command), is read to its end.
tl::expected<std::string, std::string> read_input(const std::filesystem::path& file, std::size_t limit) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    return tl::unexpected(std::string(std::strerror(errno)));
  }
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0) {
    const std::string error = std::strerror(errno);
    ::close(fd);
    return tl::unexpected(error);
  }
  std::string bytes;
  bytes.resize(limit);
  std::size_t used = 0;
  while (used < limit) {
    const ssize_t got = ::read(fd, bytes.data() + used, limit - used);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      const std::string error = std::strerror(errno);
      ::close(fd);
      return tl::unexpected(error);
    }
    if (got == 0) {
      break;
    }
    used += static_cast<std::size_t>(got);
  }
  ::close(fd);
  bytes.resize(used);
  return bytes;
}

// Why the draft may not be written to --output, checked before any work: it
// is the file being imported, it exists (a plan someone may have reviewed)
// and --force was not given, it is a directory, or its directory is missing.
std::optional<std::string> refuse_output(const ImportOptions& options) {
  if (!options.output) {
    return std::nullopt;
  }
  const std::filesystem::path& output = *options.output;
  std::error_code ec;
  if (std::filesystem::exists(output, ec)) {
    if (std::filesystem::equivalent(output, options.file, ec)) {
      return "--output " + output.string() + " is the file being imported: write the draft to another file";
    }
    if (std::filesystem::is_directory(output, ec)) {
      return "--output " + output.string() + " is a directory: name the plan file to write";
    }
    if (!options.force) {
      return "--output " + output.string() +
             " exists (a plan you may have reviewed): give --force to replace it, or write to another file";
    }
    return std::nullopt;
  }
  const std::filesystem::path directory = output.has_parent_path() ? output.parent_path() : ".";
  if (!std::filesystem::is_directory(directory, ec)) {
    return "cannot write " + output.string() + ": the directory " + directory.string() + " does not exist";
  }
  return std::nullopt;
}

// A timeline that gives each level of government its own time reminds a
// unit only of its tier's: a lead or support unit of a tier no part names
// would fail `check`, so the draft says so at the row.
void open_units_without_their_levels_time(const Config& config, import::Draft& draft) {
  if (draft.year == 0) {
    return;
  }
  const PlanSpan span{draft.year, draft.last_year != 0 && draft.last_year != draft.year
                                      ? std::optional<int>(draft.last_year)
                                      : std::nullopt};
  for (import::DraftTask& task : draft.tasks) {
    if (task.when.empty()) {
      continue;
    }
    const auto timeline = parse_timeline(task.when, span);
    if (!timeline || timeline->tiers_named() == 0) {
      continue;
    }
    const TierMask named = timeline->tiers_named();
    const auto without = config.units_without_time(task.lead, task.support, named);
    if (!without) {
      continue;
    }
    task.open.push_back(import::OpenItem{
        import::OpenKind::timeline, task.line, draft.headers.size() > 5 ? draft.headers[5] : "", task.id,
        without->subject + " no time in the timeline, which gives one only to tiers " + tier_names(named) +
            without->listing +
            ": add a part for their level, write the others' as \"riêng ...\", or give them a task of their own",
        task.table});
  }
}

}  // namespace

int run_import(const ImportOptions& options, std::ostream& out, std::ostream& err) {
  if (!options.plan_id.empty() && !valid_plan_id(options.plan_id)) {
    err << "import: --plan-id \"" << options.plan_id << "\": use only letters, digits, '-', '_' and '.'\n";
    return k_exit_usage;
  }
  if (options.last_year != 0 && options.last_year < options.year) {
    err << "import: --years " << options.year << "-" << options.last_year << ": the last year is before the first\n";
    return k_exit_usage;
  }
  std::string bytes;
  {
    std::error_code ec;
    if (std::optional<std::string> refused = refuse_output(options)) {
      err << "import: " << *refused << '\n';
      return k_exit_cannot_create;
    }
    if (std::filesystem::is_directory(options.file, ec)) {
      err << "import: cannot read " << options.file.string() << ": it is a directory\n";
      return k_exit_no_input;
    }
    // A plan's table is a few MiB at most; read no more than the limit, so a
    // device or a huge file is refused instead of filling the memory.
    constexpr std::size_t k_max_input = 64u * 1024u * 1024u;
    if (auto read = read_input(options.file, k_max_input + 1)) {
      bytes = std::move(*read);
    } else {
      err << "import: cannot read " << options.file.string() << ": " << read.error() << '\n';
      return k_exit_no_input;
    }
    if (bytes.size() > k_max_input) {
      err << "import: cannot read " << options.file.string() << ": larger than " << k_max_input / (1024u * 1024u)
          << " MiB, more than a plan's table is\n";
      return k_exit_no_input;
    }
  }
  LoadResult loaded = load_config(options.config);
  if (!loaded.config) {
    for (const auto& diagnostic : loaded.diagnostics) {
      err << diagnostic.format() << '\n';
    }
    err << "import: the configuration " << options.config.string()
        << " has errors; units and groups are resolved against it, so fix it first\n";
    return k_exit_config;
  }
  const Config& config = *loaded.config;

  import::SourceFormat format = import::detect_format(options.file.filename().string(), bytes);
  auto document = import::parse_table_bytes(format, bytes, import::ReadOptions{options.sheet});
  if (!document) {
    err << "import: cannot read " << options.file.string() << " as " << import::to_string(format) << ": "
        << document.error() << '\n';
    return k_exit_no_input;
  }

  import::DraftOptions draft_options;
  draft_options.plan_id = options.plan_id.empty() ? plan_id_from(options.file) : options.plan_id;
  draft_options.year = options.year;
  draft_options.last_year = options.last_year;
  draft_options.source = options.file.filename().string();
  draft_options.config = options.config.filename().string();
  import::NameIndex names = import::NameIndex::from_config(config);
  auto draft = import::build_draft(*document, names, draft_options);
  if (!draft) {
    err << "import: " << options.file.string() << ": " << draft.error() << '\n';
    return k_exit_data;
  }
  open_units_without_their_levels_time(config, *draft);
  if (config.find_plan(draft->plan_id) != nullptr) {
    draft->plan_open.push_back(import::OpenItem{
        import::OpenKind::other, 0, "", "",
        "the config already has a plan \"" + draft->plan_id + "\": give another --plan-id, or this file replaces it"});
  }
  std::string text = import::render_plan(*draft, draft_options);

  std::string destination = options.output ? options.output->string() : std::string("standard output");
  if (options.output) {
    // Written whole to a file beside it, then renamed over it: an import
    // that fails part-way leaves the old file as it was.
    std::filesystem::path temporary = *options.output;
    temporary += ".import-tmp";
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    std::error_code ec;
    if (!file) {
      err << "import: cannot write " << destination << ": " << std::strerror(errno) << '\n';
      std::filesystem::remove(temporary, ec);
      return k_exit_cannot_create;
    }
    std::filesystem::rename(temporary, *options.output, ec);
    if (ec) {
      err << "import: cannot write " << destination << ": " << ec.message() << '\n';
      std::filesystem::remove(temporary, ec);
      return k_exit_cannot_create;
    }
  } else {
    out << text;
  }

  std::size_t sub_rows = 0;
  for (const auto& task : draft->tasks) {
    sub_rows += task.notes.empty() ? 0 : 1;
  }
  auto open = draft->all_open();
  err << "import: " << options.file.string() << " (" << import::to_string(format) << "): the task "
      << (draft->tables.size() > 1 ? "tables are in " : "table is in ") << import::tables_drafted(*draft) << "\n";
  if (!draft->left_out.empty()) {
    err << "import: " << options.file.string() << ": left out, having no task header:";
    for (std::size_t i = 0; i < draft->left_out.size(); ++i) {
      err << (i == 0 ? " " : ", ") << draft->left_out[i];
    }
    err << '\n';
  }
  for (const std::string& repeat : draft->repeats) {
    err << "import: " << options.file.string() << ": repeated: " << repeat << '\n';
  }
  for (const std::string& notice : document->notices) {
    err << "import: " << options.file.string() << ": " << notice << '\n';
  }
  err << "import: " << draft->tasks.size() << " tasks in " << draft->sections << " sections";
  if (draft->split_rows > 0) {
    err << " (" << draft->split_rows << (draft->split_rows == 1 ? " numbered row" : " numbered rows") << " split into "
        << sub_rows << " sub-rows)";
  }
  if (draft->continuations > 0) {
    err << "; " << draft->continuations
        << (draft->continuations == 1 ? " row continued over a page break was joined"
                                      : " rows continued over a page break were joined");
  }
  err << "; plan \"" << draft->plan_id << "\", ";
  if (draft->last_year != 0 && draft->last_year != draft->year) {
    err << "years " << draft->year << "-" << draft->last_year;
  } else {
    err << "year " << draft->year;
  }
  err << "; written to " << destination << '\n';
  if (open.empty()) {
    err << "import: nothing left open: include the file in " << options.config.string()
        << " and run `deadlined check`\n";
    return k_exit_ok;
  }
  std::size_t units = 0;
  std::size_t timelines = 0;
  std::size_t other = 0;
  for (const auto& item : open) {
    if (item.kind == import::OpenKind::unit) {
      ++units;
    } else if (item.kind == import::OpenKind::timeline) {
      ++timelines;
    } else {
      ++other;
    }
  }
  err << "import: " << open.size() << (open.size() == 1 ? " open item" : " open items")
      << ", each also a \"# OPEN:\" comment at its task:\n";
  for (const auto& item : open) {
    err << "  ";
    err << import::open_item_place(item);
    if (!item.column.empty()) {
      err << ", " << item.column;
    }
    if (!item.task.empty()) {
      err << " (task " << item.task << ")";
    }
    err << ": " << item.message << '\n';
  }
  err << "import: left to do:";
  if (units > 0) {
    err << " " << units << (units == 1 ? " unit name" : " unit names")
        << " to resolve (add the name to `aliases` of its unit or group in the config "
        << "and import again, or edit lead/support);";
  }
  if (timelines > 0) {
    err << " " << timelines << (timelines == 1 ? " timeline" : " timelines")
        << " to fix (rephrase `when` or add a `schedule`; `deadlined check` "
        << "refuses them until then);";
  }
  if (other > 0) {
    err << " " << other << (other == 1 ? " other item" : " other items") << " (see the list);";
  }
  err << " then include the file in " << options.config.string() << " and run `deadlined check`\n";
  return k_exit_data;
}

}  // namespace deadlined

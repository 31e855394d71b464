// Mustache templates: the syntax check `check` runs, then rendering with data
// shaped like a reminder digest.
#include "delivery/templates.hpp"

#include "delivery/mustache.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  deadlined::delivery::Templates templates = deadlined::delivery::Templates::defaults();
  templates.text = text;
  if (!templates.validate()) {
    return 0;
  }
  kainjow::mustache::mustache compiled{text};
  kainjow::mustache::data item;
  item.set("task_id", "I.1");
  item.set("task_title", "Báo cáo <b>quý I</b>");
  item.set("overdue", false);
  item.set("has_when", true);
  item.set("when", "Trước ngày 31/3/2022");
  kainjow::mustache::data items{kainjow::mustache::data::type::list};
  items.push_back(item);
  items.push_back(item);
  kainjow::mustache::data context;
  context.set("unit_name", "Sở Tư pháp");
  context.set("count", "2");
  context.set("has_items", true);
  context.set("items", items);
  std::string rendered = compiled.render(context);
  (void)rendered;
  return 0;
}

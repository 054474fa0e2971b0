// Files that hold secrets.
#pragma once

#include <filesystem>
#include <string_view>

namespace sunlight {

// Creates `path` readable by its owner only (mode 0600 from the start, never wider), writes
// `text` and syncs it. Fails if the file exists. Throws std::runtime_error on failure.
void write_private_file(const std::filesystem::path& path, std::string_view text);

}  // namespace sunlight

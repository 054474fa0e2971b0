// UTF-8 checks shared by canonical JSON and input validation.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sunlight::utf8 {

// Decodes UTF-8 into UTF-16 code units; nullopt for malformed input (overlong forms,
// surrogates, truncated sequences, code points beyond U+10FFFF).
std::optional<std::u16string> to_utf16(std::string_view s);
bool valid(std::string_view s);
// Code points in a valid UTF-8 string (for length limits people understand).
size_t length(std::string_view s);

}  // namespace sunlight::utf8

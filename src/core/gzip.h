// gzip (RFC 1952) through zlib, for Bitstring Status Lists.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sunlight {

std::string gzip(std::string_view data);
// nullopt when `data` is not gzip or inflates to more than `max_size` bytes.
std::optional<std::string> gunzip(std::string_view data, size_t max_size);

}  // namespace sunlight
